"""Numbers with multipliers, units and qualifiers in Chinese report text."""
from __future__ import annotations

import re

from planbook.extract.text import rx as _rx
from planbook.extract.vocab import words
from dataclasses import dataclass

# units, longest first (a unit is matched right after the number and its multiplier)
UNITS = [
    "个百分点", "百分点", "微克/立方米", "平方米/万元", "立方米/万元", "吨/万元", "吨标煤/万元",
    "万元/人", "元/人", "万元/亩", "亿美元/年", "亿美元", "万美元", "美元", "亿元", "万元", "元",
    "万人次", "人次", "万人", "万户", "万件", "万家", "万平方米", "平方米", "万立方米", "立方米",
    "万亩", "亩", "万吨标煤", "吨标煤", "万吨", "吨", "亿斤", "万斤", "斤", "公里", "千米", "米",
    "万千瓦", "千瓦", "兆瓦", "平方公里", "公顷", "小时", "分钟", "/10万", "人", "户", "件", "家", "个",
    "万头", "头", "万只", "只", "起", "艘", "架次", "标箱", "万标箱", "亿千瓦时", "万千瓦时", "千瓦时", "亿度", "万度",
    "幢", "栋", "万吨", "万辆", "万套", "万册", "册", "万平方公里",
    "岁", "天", "年", "张", "所", "座", "条", "台", "辆", "项", "场", "批次", "批", "次", "倍", "名",
    "位", "套", "间", "处", "宗", "方", "%", "‰",
    # counting words of statistical bulletins (集成电路27.8亿块, 电影58部, 金牌98枚, 光纤3862万芯公里)
    "芯公里", "家次", "块", "部", "枚", "支", "集", "篇",
]
def _trie_regex(words: list[str]) -> str:
    """An alternation factored by common prefixes (longest match first), much faster to try than a
    flat list of ninety alternatives."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_UNIT_RE = _trie_regex(UNITS)

# a number: optional sign, digits with optional thousands commas and decimals
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
VALUE_RE = re.compile(
    rf"(?P<sign>[-+])?(?P<num>{NUM})"
    rf"(?:(?P<u1>%)?\s*(?P<sep>[-—~至到])\s*(?P<num2>{NUM}))?"
    rf"\s*(?P<mult>万亿|亿|万|千)?(?P<unit>{_UNIT_RE})?"
    rf"(?P<post>以上|以下|以内|左右|上下|多|余)?"
)
_ACRONYMS = frozenset(words("prose", "indicator_acronyms"))
# qualifiers written before a number (checked on the few characters before it)
PRE_RE = re.compile(r"(超过|超|首次突破|首破|突破|逾|接近|近|约|不低于|不少于|不超过|不高于|低于|高于|达到|高达|多达|达|>=|≥|>|<=|≤|<)$")
QUAL_PRE = {"超过": "超", "超": "超", "突破": "突破", "首破": "突破", "首次突破": "突破", "逾": "超", "近": "近", "接近": "近", "约": "约", "不低于": "以上",
            "不少于": "以上", "不超过": "以内", "不高于": "以内", "低于": "以内", "高于": "以上",
            ">": "以上", ">=": "以上", "≥": "以上", "<": "以内", "<=": "以内", "≤": "以内"}

# 约 closing a word (签约 120户, 节约 3万吨) rather than meaning "about"
_YUE_WORDS = set("签合预公条契规节履制")
NON_VALUE_FOLLOW = re.compile(r"^(?:月|日|号|季度|周年|届|期|级|线|轮|型|代|强|大|G|D|K|A|B|C|T|\+|家次)")


# no report figure reaches this (1e15 亿元 is far beyond any economy); larger runs of digits are refused
MAX_VALUE = 1e15


@dataclass
class Num:
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    text: str


def to_float(s: str) -> float:
    return float(s.replace(",", "") if "," in s else s)


def unit_with_mult(mult: str | None, unit: str | None) -> str | None:
    """Combine a multiplier with a unit: 万 + 亿元 is not possible, 万 + 人 -> 万人, 亿 + 元 -> 亿元."""
    if not mult:
        return unit
    if unit is None:
        return None  # "3万亿" without unit: caller decides
    if unit in ("%", "‰", "个百分点", "百分点"):
        return None
    if unit.startswith(("万", "亿")):
        return mult + unit if (mult + unit) in UNITS else None
    return mult + unit


_START = re.compile(r"[-+0-9]")   # every value mention starts with a sign or an (ASCII, as normalised) digit
_PRE_LAST = frozenset("过超破逾近约于到达=≥>≤<")   # the last characters of the qualifiers in PRE_RE
_YEAR4 = re.compile(r"(19|20)\d{2}")


def find_numbers(text: str) -> list[Num]:
    """All value mentions in ``text`` (years, dates and ordinals are left out)."""
    out: list[Num] = []
    search, match = _START.search, VALUE_RE.match
    pos = 0
    while True:
        # VALUE_RE.finditer(text), trying the pattern only where a sign or a digit stands
        s = search(text, pos)
        if s is None:
            return out
        m = match(text, s.start())
        if m is None:
            pos = s.start() + 1
            continue
        start, end = m.span()
        pos = end
        sign, num, u1, _sep, num2, mult, unit, post = m.groups()
        year_like = len(num) == 4 and _YEAR4.fullmatch(num) is not None
        if year_like and unit == "年" and mult is None:
            continue   # a year (2020年); the most frequent non-value, so tested first
        m_start = start
        num_start, num_end = m.span(2)   # the number itself
        pm = PRE_RE.search(text, max(0, start - 3), start) if start and text[start - 1] in _PRE_LAST else None
        pre = pm.group(1) if pm else None
        if pre == "约" and text[pm.start() - 1:pm.start()] in _YUE_WORDS and pm.start() > 0:
            pm, pre = None, None  # 签约, 合约, 节约: a word, not "about"
        if pm:
            start = pm.start()
        if sign is None and not pre and num_start:
            before = text[num_start - 1]
            if before.isalnum() and before.isascii() and not (
                    (unit or mult) and text[max(0, num_start - 3):num_start] in _ACRONYMS):
                continue  # part of a code like PM2.5, 5G, B2C (but GDP1427.8亿元 is a value)
        if m_start and text[m_start - 1] == "第":
            continue  # ordinal
        if unit is None and mult is None:
            if NON_VALUE_FOLLOW.match(text[num_end:num_end + 2]):
                continue
        if unit in ("部", "支", "块") and text[end:end + 1] in "门分委署队出":
            continue  # 12部门, 3部分: not a count of 部
        # a year span (2020-2035年)
        if num2 and year_like and _YEAR4.fullmatch(num2):
            continue
        if year_like and unit is None and mult is None and text[end:end + 1] and text[end:end + 1] in "年-—~":
            continue
        if sign == "-" and num2 is None:
            # "5%-5.5%" style ranges are caught by sep; a dash right after a digit is a range/span
            prev = text[m_start - 1] if m_start else ""
            if prev.isdigit() or prev == "%":
                continue
        if mult:
            full_unit = unit_with_mult(mult, unit)
            if full_unit is None:
                if unit is None:
                    full_unit = mult
                else:
                    continue
        else:
            full_unit = unit
        value = float(num) if "," not in num else to_float(num)
        if sign == "-":
            value = -value
        high = to_float(num2) if num2 else None
        if not -MAX_VALUE < value < MAX_VALUE or (high is not None and not high < MAX_VALUE):
            continue  # more digits than any figure (309 of them would be inf): not a value
        if high is not None and (high < value or (u1 and unit != "%")):
            continue  # not a range
        qual = QUAL_PRE.get(pre, "") if pre else ""
        if post:
            if post in ("以上", "以下", "以内", "左右"):
                qual = "以内" if post == "以下" else post
            elif post in ("多", "余"):
                qual = "超"
        if high is not None:
            qual = "区间"
        out.append(Num(start, end, value, high, full_unit or "", qual, text[start:end]))
