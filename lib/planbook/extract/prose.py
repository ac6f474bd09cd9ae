"""Facts from running text: a sentence at a time, a value at a time.

For each value mention the parser finds its label (the words before it in its clause), the
year, period, status and measure, and whether it belongs to a list distributed over several
indicators (分别增长 …). A label that says nothing by itself (增长3.8%, 2024年完成28.8%) takes
the subject of its sentence.
"""
from __future__ import annotations

from collections import Counter

import re
from functools import lru_cache

from planbook.extract.text import rx as _rx
from dataclasses import dataclass

from planbook.extract.context import PLANS, PLAN_RE, DocInfo, Section
from planbook.extract.numbers import Num, _trie_regex, find_numbers
from planbook.extract.text import split_keep, squeeze
from planbook.units import to_base

BOUNDARY = ",:;、。!\n"
_DIGIT = re.compile(r"[0-9]")   # ASCII digits (full-width ones are normalised); faster than \d
_HEAD_ONLY = re.compile(r"^(?:投资|完成投资|增加值|产值|营收|营业收入|总额|规模)$")
_QUAL_TARGET = re.compile(r"与经济增长(?:基本)?同步|高于[^,;。]{1,10}增速|稳步(?:提高|提升|增长)|"
                          r"(?:确保)?完成[^,;。]{0,6}下达[^,;。]{0,12}|保持[^,;。]{0,6}稳定")
_FOOTNOTE = re.compile(r"^\s*(?:附注|注|注释|说明|备注|资料来源)\s*[:：\d]")
_STRUCTURE_ANY = re.compile(r"(?P<pre>)(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)")
_PROGRESS = re.compile(r"(?:完成|达到|实现)[^,,;]*?(?:目标|计划|进度|序时)[^,,;]*?的?$")
_CLAUSE_CHARS = re.compile(r"[,:;]")
_BOUNDARY_CHARS = re.compile(r"[,:;、。!\n]")
_PREV_CLAUSE_CHARS = re.compile(r"[,:;、。!\n(〔]")


# a table copied as a list line: 1.地区生产总值(亿元):2020年基数1184.6;2025年目标1700;…
_LIST_LINE = re.compile(r"^\s*(?:\d{1,2}[\.、])?\s*([^:,;()]{2,30}?)\(([^()]{1,10})\)\s*:")


def _list_line(sentence: str) -> re.Match | None:
    return _LIST_LINE.match(sentence) if "(" in sentence and ":" in sentence else None


_BARE_UNITS = ("", "万", "亿", "万亿", "千")            # a figure with no unit of its own
_RATIO_WORDS = re.compile(r"[倍比]|指数|系数|结构为")   # words that give a bare figure a meaning
SENTENCE_ENDS = "。!?？"
_SENTENCE = re.compile(rf"(?:[^{SENTENCE_ENDS}]|\?(?=[\u4e00-\u9fff]))*(?:[{SENTENCE_ENDS}]|$)")
_SENTENCE_PLAIN = re.compile(rf"[^{SENTENCE_ENDS}]*(?:[{SENTENCE_ENDS}]|$)")   # the same where the text holds no '?'
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a '?' between Chinese characters is a substituted character, not an end."""
    pat = _SENTENCE if "?" in text else _SENTENCE_PLAIN
    return [(a, b) for a, b in map(re.Match.span, pat.finditer(text))
            if b > a and not (text[a].isspace() and text[a:b].isspace())]


def _digit_sentences(text: str) -> list[tuple[int, int]]:
    """The spans of ``_sentences(text)`` that hold a digit, found from the digits outwards (most
    sentences of a paragraph hold none, and are not visited)."""
    if "?" in text:
        return [(a, b) for a, b in _sentences(text) if _DIGIT.search(text, a, b)]
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while True:
        d = _DIGIT.search(text, pos)
        if d is None:
            return out
        i = d.start()
        # the sentence starts after the last end before the digit (this branch holds no '?')
        b = _SENTENCE_END.search(text[pos:i][::-1])
        a = i - b.start() if b else pos
        e = _SENTENCE_END.search(text, i)
        pos = e.end() if e else n
        out.append((a, pos))


_CN_NUM = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PCT_WORDS = re.compile(r"百分之([零〇○一二两三四五六七八九十百]+)(?:点([零〇○一二三四五六七八九]+))?")


def _cn_number(s: str) -> int:
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _CN_NUM.get(ch, 0)
    return total + cur


def _percent_words(text: str) -> tuple[str, list[int]]:
    """百分之五点八 -> 5.8%, with each new character mapped to the original's position."""
    out, idx, pos = [], [], 0
    for m in _PCT_WORDS.finditer(text):
        out.append(text[pos:m.start()])
        idx.extend(range(pos, m.start()))
        num = str(_cn_number(m.group(1)))
        if m.group(2):
            num += "." + "".join(str(_CN_NUM[c]) for c in m.group(2))
        rep = num + "%"
        out.append(rep)
        idx.extend([m.start()] * (len(rep) - 1) + [m.end() - 1])
        pos = m.end()
    out.append(text[pos:])
    idx.extend(range(pos, len(text)))
    return "".join(out), idx


def _last_of(text: str, pat: re.Pattern, end: int) -> int:
    """Index of the last character of a class (``pat``, one character class) before ``end``; -1
    if none. Searched in the reversed text, so only the stretch back to that character is read."""
    m = pat.search(text[end - 1::-1]) if end > 0 else None
    return end - 1 - m.start() if m else -1
YEAR_RE = re.compile(r"(?:(到|至|截至|截止|于|在)?)((?:19|20)\d{2})年(?:底|末|初)?")
PERIOD_WORDS = [
    (re.compile(r"(?:第)?一季度|1-3月|一至三月"), "Q1"),
    (re.compile(r"上半年|1-6月|一至六月"), "H1"),
    (re.compile(r"前三季度|1-9月|一至九月"), "Q1-3"),
    (re.compile(r"(?<!前)三季度"), "Q3"),
    (re.compile(r"(?:第)?四季度"), "Q4"),
    (re.compile(r"(?:第)?二季度"), "Q2"),
    (re.compile(r"1[-—~至到](\d{1,2})月"), "M1-{0}"),
    (re.compile(r"(\d{1,2})月(?:份)?(?!底)"), "M{0}"),
]
ESTIMATE = re.compile(r"预计|预估|估计")
# a comparison with another region's target (略高于全省 …的预期目标, 高于杭州市 …的目标)
_OTHER_TARGET = re.compile(r"(?:高于|低于|快于|慢于)(全国|全省|全市|[\u4e00-\u9fff]{1,4}[市区县省])$")
_SCOPE_REGIONS = {"全国": "全国", "全省": "浙江省", "全市": "杭州市"}   # whose figure a scope word names
_TARGET_AFTER = re.compile(r"的?(?:预期|计划|年度)?目标")   # a figure followed by 的目标 is a target
# 由2020年的208.4亿元增长到2024年的286.3亿元: the span a following 年均增长 covers
_FROM_TO = re.compile(r"(?:由|从)((?:19|20)\d{2})年[^,;。]{0,24}?(?:到|至)((?:19|20)\d{2})年")
_AHEAD_YEARS = re.compile(r"(?:今后|未来)([两二三四五])年")   # a span that starts with the plan's year
# a town or street (街道) of a district opening a label: 银湖街道, 场口镇 (two characters and the suffix)
_TOWN = re.compile(r"^(([\u4e00-\u9fff]{2})(?:街道|镇|乡))(?=[\u4e00-\u9fffA-Za-z])(?![街镇乡级村区域])")
_NOT_TOWN = frozenset(["全区", "全市", "全县", "各个", "所有", "重点", "中心", "特色", "美丽", "城乡", "乡镇", "城镇", "小城",
                       "示范", "建制", "一般", "其他", "农村", "全部", "部分", "每个", "新型", "未来", "和美", "共富",
                       "建成", "新建", "改建", "扩建", "创建", "新增", "打造", "培育", "完成", "实现", "推进", "建设",
                       "开展", "全域", "各地", "覆盖", "省级", "市级", "国家"])   # words, not town names
_INTENSITY_CUT = re.compile(r"能耗|排放|水耗|用水量|碳强度")   # what five-year plans cut over the whole plan
_OWN_SCOPE = re.compile(r"全市|全区|全县|全省|全国|本市|本区|本县|市区")   # words that name a scope of their own
TARGET_STRONG = re.compile(r"力争|确保|争取(?!到|了)|目标|预期(?!寿命)|冲刺|考虑设置")
QUAL_WORDS = [("力争", "力争"), ("确保", "确保"), ("争取", "力争")]

# measure words that may close a label, longest first
MEASURE_TAIL = [
    ("年均增长率", "avg_growth"), ("年均增长", "avg_growth"), ("年均增速", "avg_growth"), ("年均增幅", "avg_growth"),
    ("平均增速", "avg_growth"), ("平均增长", "avg_growth"), ("年均提高", "avg_growth"),
    ("同比增长", "growth"), ("比上年增长", "growth"), ("较上年增长", "growth"), ("增长率", "growth"),
    ("增长", "growth"), ("增速", "growth"), ("增幅", "growth"), ("同比下降", "decline"), ("下降", "decline"),
    ("降低", "decline"), ("减少", "decline"), ("同比提高", "rise"), ("提高", "rise"),
    ("提升", "rise"), ("增加", "rise"), ("上升", "rise"), ("上涨", "growth"), ("涨幅", "growth"), ("累计", "cumulative"),
]
_MEASURE_ENDINGS = tuple(w for w, _ in MEASURE_TAIL)
# verbs of level closing a label; one or more of them up to the end. The words are factored by common
# prefixes (the same strings match, faster than a flat list of sixty alternatives).
LEVEL_VERB_WORDS = (
    "提高到|提高至|提升到|提升至|下降到|下降至|降低到|降低至|降至|缩小到|缩小至|增加到|增加至|增长到|增长至|上升到|上升至|"
    "控制在|保持在|稳定在|维持在|达到|达|为|是|突破|超过|超|迈上|实现|完成|累计完成|新增|共|约|近|逾|重回|回到|占比达|占|"
    "回落至|回落到|回升至|回升到|"
    "力争|确保|争取|预计|考虑设置为|设置为|稳定|保持|拥有|合计|总计|共计|全年|当年|年末|需|要|则|将|预期|完成").split("|")
LEVEL_VERBS = re.compile("(?:" + _trie_regex(LEVEL_VERB_WORDS) + ")+$")
LEAD_NOISE = re.compile(
    r"^(?:其中|同时|此外|另外|并且|全年|累计|以及|和|及|与|并|还|比|较|使|让|而|预计|预估|估计|实现|完成|初步考虑|考虑|"
    r"力争|确保|争取到|争取|努力|推动|推进|加快|持续|全力|着力|进一步|继续|目前|现|已|当前|今年|去年|截至目前|末|底|"
    r"期末|总体|基本|要|将|按照|依照|参照|按|如|若|从|把|向|据|因|建议|迈上|今后五年|未来五年|今后|到|"
    r"分区县看|分地区看|分区域看|分产业看|从区县看|分行业看|在实际工作中|实际工作中|在全市|在全区|当年|我们将|我们|"
    r"按自然口径|自然口径|扣除[^,,;]{0,12}后|按同口径|同口径)+")
GENERIC = re.compile(
    r"^(?:分别|均|其中|同比|比上年|较上年|比|较|规划目标|目标|规划|完成|实际完成|预计完成|预计|实际|实现|达到|达|"
    r"全年|今年|当年|年度|上年|去年|总量|总额|总数|合计|规模|水平|数|值|约为|约|为|年均|平均|累计|期末|末|的|"
    r"到|由|从|至|至今|已|已经|进一步|继续|考虑|设置|设置为|建议|将|需|要|增长|增速|同比增长|比上年增长|"
    r"实际工作中|工作中|在实际工作中|期间|时期|[两三四五六七八九十]年(?:来|间)?|今后五年|全年预计|初步预计|当月|当季|"
    r"基数|基期|基期值|目标值|现状|实现)*$"
)
NOISE_LABEL = re.compile(r"^(?:全市|全区|全县|全省|全国|市|区|县)$|(?:高于|低于|快于|慢于|高出|低出)[^,,;]{0,10}$|"
                         r"前移|后移|上升\d|恢复到|恢复至|提出|排名|位列|位居|名列|居全|列全|第$|^第[\d一二三四五六七八九十]+(?:名|位|批|届)|位次|得分|评分")
MODIFIER_OK_BEFORE = re.compile(r"(?:迈上|达到|达|突破|超过|超|为|至|到|增加|增长|新增|占|是)$")
SPLIT_ITEMS = re.compile(r"、|和|及|与|以及")
SET_WORDS = [
    (re.compile(r"第一、(?:第)?二、(?:第)?三产业|一、二、三产业|一二三产业|三次产业"), ["第一产业", "第二产业", "第三产业"]),
    (re.compile(r"城乡居民|城镇和农村居民|城镇、农村居民"), ["城镇居民", "农村居民"]),
    (re.compile(r"城乡"), ["城镇", "农村"]),
    (re.compile(r"进出口"), ["进口", "出口"]),
]
HEAD_NOUNS = ["人均可支配收入", "增加值", "营业收入", "总收入", "收入", "投资", "总额", "产值", "贷款", "比重",
              "支出", "数量", "面积", "规模"]
_COMPLETE_NOUN = re.compile(r"(?:数|量|额|率|人次|总额|规模|个数)$")
COMPARISON = re.compile(r"比上年同期|较上年同期|比去年同期|上年同期|同比|比上年末|比上年|较上年|比去年|较去年|比年初|较年初")


@dataclass
class Fact:
    label_raw: str
    value: float | None
    value_high: float | None
    unit: str
    measure: str
    status: str
    qualifier: str
    year: int | None
    period: str
    region: str
    quote: str
    char_start: int
    char_end: int
    plan: str = ""
    base_year: int | None = None
    value_text: str = ""
    note: str = ""
    source_kind: str = "prose"
    rule: str = ""
    table_id: str = ""
    row_label: str = ""
    attribute: str = ""
    context: str = ""


# a label that is only a building stage (竣工6820套) takes its object from the figure before it
_ACTION_ONLY = re.compile(r"^(?:全年)?(?:新)?(?:开工|竣工投用|竣工投产|竣工|完工|建成投用|建成|交付使用|交付|投用|开建)$")
_ACTION_HEAD = re.compile(r"^(?:全年)?(?:新)?(?:开工|竣工|完工|建成|开建|筹集|建设|启动|改造|实施|交付)(?:建设)?")


_YEAR_SPAN_START = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—\-~至到]\s*(?=(?:19|20)\d{2}年)")


@lru_cache(maxsize=65536)
def _strip_years(label: str) -> tuple[str, int | None, bool]:
    """Remove year phrases from a label; return (label, year, year_is_target_deadline).
    A year that is a comparison base (较2005年版, 比2015年) is not the fact's year."""
    year, deadline = None, False
    if "年" not in label:
        return label, year, deadline
    if "—" in label or "-" in label or "~" in label or "至" in label or "到" in label:
        label = _YEAR_SPAN_START.sub("", label)   # 2021—2022年年均增长: the span is said by its last year
    for m in YEAR_RE.finditer(label):
        after = label[m.end():m.end() + 1]
        if after in ("版", "以", "起") or _rx(r"(?:较|比|相比|与|同)$").search(label[: m.start()]) \
                or (after != "的" and _rx(r"(?:自|从)$").search(label[: m.start()])):
            # 从2020年的208.4亿元 dates its figure; 从2020年起 / 较2020年 do not
            continue
        year = int(m.group(2))
        # 到2025年 opening a clause is a deadline; 提高到2020年的 is a verb followed by a year
        deadline = m.group(1) in ("到", "至") and (m.start() == 0 or label[m.start() - 1] in ",;:、 (")
    # 提高到2025年的: the verb's 到 stays; 于/在/截至 2019年 go with the year
    label = YEAR_RE.sub(lambda m: m.group(1) if (m.group(1) in ("到", "至") and m.start() > 0
                                                 and label[m.start() - 1] not in ",;:、 (") else "", label)
    return label, year, deadline


@lru_cache(maxsize=65536)
def _period(label: str) -> tuple[str, str]:
    if "月" not in label and "季" not in label and "半年" not in label:
        return label, ""   # every period word has one of these
    for pat, name in PERIOD_WORDS:
        m = pat.search(label)
        if m:
            p = name.format(*m.groups()) if m.groups() else name
            return pat.sub("", label, count=1), p
    return label, ""


@lru_cache(maxsize=65536)
def _measure_tail(label: str) -> tuple[str, str | None]:
    """Strip measure words from the end (or anywhere, for 年均) of a label."""
    found = None
    changed = True
    while changed:
        changed = False
        label = LEVEL_VERBS.sub("", label)
        if not label.endswith(_MEASURE_ENDINGS):
            break   # (one C call instead of a loop over every measure word)
        for word, kind in MEASURE_TAIL:
            if label.endswith(word):
                label = label[: -len(word)]
                if found is None or (found == "growth" and kind == "avg_growth"):
                    found = kind
                changed = True
                break
    if "年均" in label or "平均增" in label:
        label = label.replace("年均", "")
        found = "avg_growth" if found in (None, "growth", "rise") else found
    return label, found


@lru_cache(maxsize=65536)
def clean_label(label: str) -> str:
    # each step runs only when the characters its pattern needs are there (a cheap test first)
    label = _rx(r"[“”\"'‘’《》<>〔〕\[\]]").sub("", label)
    first = label[:1]
    if first.isspace() or first.isdigit():
        label = _rx(r"^\s*\d{1,2}[\.、．](?!\d)").sub("", label)          # enumerator 1. 2、
    if label[:1] in "一二三四五六七八九十其":
        label = _rx(r"^(?:[一二三四五六七八九十]是|其[一二三四五])").sub("", label)
    if "的" in label:
        label = _rx(r"^.*?(?:确定的|提出的|明确的)(?:到)?").sub("", label)
    if label[:1] in "0123456789(（①②③④⑤⑥⑦⑧⑨⑩" or label[:1].isdigit():
        label = _rx(r"^(?:\d{1,2}[\)）]|[\(（]\d{1,2}[\)）]|[①②③④⑤⑥⑦⑧⑨⑩])").sub("", label)
    if "十" in label:
        label = _rx(r"十[一二三四五六]五(?:时期|期间|末|期末)?").sub("", label)
    if "(" in label or ")" in label:
        label = _rx(r"^[\(\)]+|[\(]+$").sub("", label)
    if label[:1].isdigit():
        label = _rx(r"^\d+(?:\.\d+)?(?:个|家|项|批|所|座|条|名)").sub("", label)  # leading quantity phrase
    label = LEAD_NOISE.sub("", label)
    label = LEVEL_VERBS.sub("", label)
    if label[-1:] in "的了在已并而也由从自均可看":
        label = _rx(r"(?:的|了|在|已|并|而|也|由|从|自|均|年均|平均|可|看)+$").sub("", label)
    label = LEVEL_VERBS.sub("", label)      # 提高到(2020年的) is a verb of level
    if label[-1:] in "到至":
        label = _rx(r"(?:到|至)+$").sub("", label)
    if label[:1] in "的了":
        label = _rx(r"^(?:的|了)").sub("", label)
    return label.strip(" -—~")


@lru_cache(maxsize=65536)
def _is_noise_label(label: str) -> bool:
    """A label that names no indicator: a bare scope word, a comparison, a rank, under two letters."""
    return bool(NOISE_LABEL.search(label)) or len(_rx(r"[^\u4e00-\u9fffA-Za-z]").sub("", label)) < 2


@lru_cache(maxsize=65536)
def _is_generic(label: str) -> bool:
    core = _rx(r"[\s\d\.\(\)()“”,、]").sub("", label)
    return not core or bool(GENERIC.match(core))


@lru_cache(maxsize=65536)
def _distribute_items(prefix: str) -> list[str]:
    return [clean_label(x) or x for x in _distribute_items_raw(prefix)]


def _distribute_items_raw(prefix: str) -> list[str]:
    """Items named before 分别/均: 'A、B增加值' -> ['A增加值', 'B增加值']."""
    for pat, items in SET_WORDS:
        m = pat.search(prefix)
        if m:
            before, after = prefix[: m.start()], prefix[m.end():]
            return [before + it + after for it in items]
    parts = [p for p in SPLIT_ITEMS.split(prefix) if p]
    if len(parts) < 2:
        return parts
    m_reg = _rx(r"^(?:同期)?(.{1,4}?(?:[区县市省国]|街道|镇|乡))(.+)$").match(parts[-1])
    if m_reg and all(_rx(r"^(?:同期)?.{1,4}?(?:[区县市省国]|街道|镇|乡)$").match(p) for p in parts[:-1]):
        rest = m_reg.group(2)
        return [p + rest for p in parts[:-1]] + [parts[-1]]   # 萧山区、余杭区地区生产总值
    # 制造业投资、民间投资增幅分别为…: the rate word on the last item is said of every item
    rate = _rx(r"(?:增幅|增速|增长率|增长速度)$").search(parts[-1])
    rate_word = ""
    if rate and not any(_rx(r"(?:增幅|增速|增长率|增长速度|比重|占比)$").search(p) for p in parts[:-1]):
        rate_word = rate.group(0)
        parts[-1] = parts[-1][: rate.start()]
    last = parts[-1]
    for head in HEAD_NOUNS:
        if last.endswith(head):
            parts = [p if any(p.endswith(h) for h in HEAD_NOUNS) or _COMPLETE_NOUN.search(p) else p + head
                     for p in parts]
            break
    return [p + rate_word for p in parts]


@dataclass(frozen=True, eq=False)
class RegionNames:
    """The full region names (longest first) and one pattern that finds any of them; compared by
    identity, so it can key a cache cheaply (``region_names_of`` gives one object per list)."""
    names: tuple[str, ...]
    any: re.Pattern


@lru_cache(maxsize=8)
def _region_names(names: tuple[str, ...]) -> RegionNames:
    return RegionNames(names, re.compile("|".join(re.escape(w) for w in names)))


def region_names_of(names: list[str]) -> RegionNames | None:
    return _region_names(tuple(names)) if names else None


@lru_cache(maxsize=1 << 16)
def _read_label(raw_label: str, sub_prior: bool, doc_region: str, regions: RegionNames | None):
    """The part of a value's reading that depends only on the words before it (and on whether its
    clause opens with 上年/去年): the label without years, periods, comparison and region words;
    the year and deadline those words state; whether they say 今年, a prior year, a period, 全年;
    whose figure it is; and whether the label named only a region."""
    label, year, deadline = _strip_years(raw_label)
    this_year = "今年" in label
    prior_year = sub_prior or bool(_rx(r"^(?:上年|去年)(?:同期)?(?:为|是)?$|^(?:上年|去年)同期").match(
        clean_label(raw_label))) or bool("由" in raw_label and _rx(r"由(?:上年|去年)(?:的)?$").search(raw_label))
    if prior_year:
        label = _rx(r"由(?:上年|去年)(?:的)?$").sub("", label)
    label, period = _period(label)
    full_year = "全年" in label
    if full_year:
        label = label.replace("全年", "")
    label = COMPARISON.sub("", label)
    if "按" in label or "以" in label or "口径" in label:
        label = _rx(r"(?:按|以)[^,,;]*?(?:计算|折算)(?:为)?|同口径|可比口径").sub("", label)
    label = clean_label(label)
    # region names in a label say whose figure it is; they are not part of the indicator
    region = doc_region
    had_label = bool(label)
    for rn in (regions.names if regions is not None and regions.any.search(label) else ()):
        if rn in label and not label.startswith("占"):
            region = rn
            label = label.replace(rn, "")
            break
    else:
        short = _rx(r"^(杭州|余杭|萧山|拱墅|上城|西湖|滨江|临平|钱塘|富阳|临安|桐庐|淳安|建德)(?![区县市])").match(label) \
            if label[:1] in "杭余萧拱上西滨临钱富桐淳建" else None
        if short:
            label = label[short.end():]
    plain = _rx(r"[“”\"《》]").sub("", raw_label)
    if "省" in plain and _rx(r"^(?:同期)?全省(?!第|前|首|领先|一流)|省十[三四五六]五|省纲要").search(plain) and \
            not _rx(r"占全省|全省第|全省前|全省首|、").search(plain):
        region = _SCOPE_REGIONS["全省"]
        label = _rx(r"^(?:全省|省)").sub("", label)
    elif "全国" in plain and _rx(r"^(?:同期)?全国(?!性|第|前|首|文明|示范|百强|重点|一流|领先)").search(plain):
        region = _SCOPE_REGIONS["全国"]
        label = _rx(r"^全国").sub("", label)
    region_only = had_label and region != doc_region and not clean_label(_measure_tail(clean_label(label))[0]) or (
        had_label and clean_label(raw_label)[:1] in "杭余萧拱"
        and _rx(r"(?:杭州|余杭|萧山|拱墅)(?:保持|实现|达到)?").fullmatch(clean_label(raw_label)) is not None)
    label = clean_label(label)
    return label, year, deadline, this_year, prior_year, period, full_year, region, region_only


class ProseParser:
    def __init__(self, doc: DocInfo, region_names: list[str]):
        self.doc = doc
        self.region_names = region_names  # full region names, longest first
        # one search tells whether a label holds any region name at all (most hold none)
        self.regions = region_names_of(region_names)
        self.heading = ""                 # the innermost heading, set by the document parser
        self.carry_subject = ""           # the last subject of the previous sentence in this line
        self.carry_subject_region = ""    # ... and the region its figure belonged to
        self.carry_estimate = False       # the previous sentence opened with 预计
        self.section_years: dict[tuple, Counter] = {}   # years inside its plan said so far, per section

    # ------------------------------------------------------------------ status/year
    def _default_year(self, section: Section, status: str) -> int | None:
        if section and section.year:
            return section.year
        d = self.doc
        if status == "target":
            return d.target_year or d.actual_year
        return d.actual_year or d.target_year

    def _status(self, section: Section | None, scope_text: str, label_text: str, year: int | None,
                deadline: bool) -> str:
        """actual | estimate | target for a value, from its words, its year and its section."""
        pub = self.doc.published_year
        if ("计" in scope_text or "估" in scope_text) and ESTIMATE.search(scope_text):
            return "estimate"
        if deadline or TARGET_STRONG.search(label_text):
            return "target"
        sec_year = section.year if section else None
        sec_mode = section.mode if section and section.mode else None
        if year is not None:
            horizon = sec_year if (sec_mode == "target" and sec_year) else None
            if pub is not None:
                if year < pub:
                    return "actual"
                if year > pub:
                    return "target"
                # the report's own year: a target when the section sets targets for it
                if sec_mode == "target" and (horizon is None or horizon <= year):
                    return "target"
                return "estimate"
        mode = sec_mode
        y = year or self._default_year(section, "actual")
        if mode is None:
            if pub is not None and y is not None and y > pub:
                return "target"
            mode = "target" if self.doc.kind == "five_year_plan" else "actual"
        if mode == "actual":
            if pub is not None and y is not None and y >= pub:
                return "estimate" if y == pub else "target"
            return "actual"
        return "target"

    def _region_list(self, items: list[str], measure_word: str, subject: str) -> list[str] | None:
        """A list whose items each name a region (受疫情冲击较大的上城区增速、西湖区…; 萧山区、余杭区分别完成投资…):
        each item becomes its region followed by its own indicator words, or by those the list shares
        (分别完成投资 → 投资; else the subject before it; else a growth word such as 增长). None when
        an item names no region, so the list is read as it stands."""
        if self.regions is None:
            return None
        out, shared = [], None
        for item in items:
            body = item[item.rfind("的") + 1:]   # 受疫情冲击较大的上城区: the words before 的 only describe it
            m = self.regions.any.match(body)
            if not m or m.group(0) not in self.region_names:
                return None
            rest = body[m.end():]
            if not rest:
                if shared is None:
                    word = clean_label(measure_word.replace("分别", "").replace("均", ""))
                    core = clean_label(_measure_tail(word)[0])
                    shared = core if core and not _is_generic(core) else \
                        _rx(r"^(?:全市|全区|全县|全省|全国)").sub("", subject) if subject else \
                        (word if _rx(r"增|降|提高|回落|下滑|上升").search(word) else "")
                rest = shared
            out.append(m.group(0) + rest)
        return out

    def _stated_span(self, before: str, plan: str | None) -> tuple[int, int] | None:
        """(base year, last year) of an average or total with no year of its own, as the words before it
        say: 由2020年的…增加到2024年的… ; “十四五”前四年 ; “十四五”以来 (to the latest year with data)."""
        last = None
        if "年" in before and ("由" in before or "从" in before):
            for last in _FROM_TO.finditer(before):
                pass
        if last is not None:
            return int(last.group(1)), int(last.group(2))
        if plan and plan in before:
            first_n = _rx(plan + r"[”\"’]?(?:时期|期间)?前([两二三四五])年").search(before)
            if first_n:
                return PLANS[plan][0], PLANS[plan][0] + _CN_NUM[first_n.group(1)]
            if self.doc.actual_year and self.doc.actual_year > PLANS[plan][0] \
                    and _rx(plan + r"[”\"’]?(?:时期)?以来").search(before):
                return PLANS[plan][0], min(self.doc.actual_year, PLANS[plan][1])
        return None

    # ------------------------------------------------------------------ main entry
    def parse_line(self, text: str, line_start: int, raw: str, section: Section | None) -> list[Fact]:
        """Facts in one line of running text. ``text`` is the normalised line, ``raw`` the
        original text of the document (for quotes), ``line_start`` the line's offset."""
        if "百分之" in text:
            text, words_map = _percent_words(text)
        else:
            words_map = None
        if not _DIGIT.search(text) or _FOOTNOTE.match(text):
            return []   # 注: / 附注: lines state definitions and scopes, not facts
        sq, idx = squeeze(text)
        if words_map is not None:
            idx = [words_map[i] for i in idx]
        facts: list[Fact] = []
        for s0, s1 in _digit_sentences(sq):
            sentence = sq[s0:s1]
            q0 = line_start + idx[s0]
            q1 = line_start + idx[s1 - 1] + 1
            quote = raw[q0:q1].strip()
            if section is not None and section.plan in PLANS:
                b_, e_ = PLANS[section.plan]
                seen = self.section_years.setdefault((section.level, section.text), Counter())
                if "年" in sentence:
                    seen.update(y for y in (int(m.group(2)) for m in YEAR_RE.finditer(sentence)) if b_ < y <= e_)
            facts.extend(self._parse_sentence(sentence, section, quote, q0, q1))
        self.carry_subject = self.carry_subject_region = ""
        return facts

    def _qualitative_targets(self, sentence: str, section: Section | None, quote: str, q0: int,
                             q1: int) -> list[Fact]:
        """Targets stated in words in a list of main targets: 财政收入增长与经济增长基本同步,
        城乡居民人均可支配收入增速高于GDP增速, 完成省市下达的节能减排任务."""
        out: list[Fact] = []
        body = sentence.split(":", 1)[1] if ":" in sentence else sentence
        year = self._default_year(section, "target")
        for item in _rx(r"[;,。]").split(body):
            item = item.strip()
            if not item or _DIGIT.search(item):
                continue
            m = _QUAL_TARGET.search(item)
            if not m:
                continue
            label = clean_label(item[: m.start()])
            label, mword = _measure_tail(label)
            label = clean_label(label)
            if not label or len(label) < 2 or _is_generic(label):
                label = _rx(r"^(?:完成|确保完成)?(?:省市|市|省|上级)?下达(?:的)?").sub("", m.group(0)) or m.group(0)
            measure = "growth" if mword in ("growth", "avg_growth") or _rx(r"增长|增速").search(item[: m.end()]) else "level"
            out.append(Fact(label, None, None, "%" if measure == "growth" else "", measure, "target", "", year, "",
                            self.doc.region, quote, q0, q1, value_text=m.group(0), context=self.heading,
                            note="定性目标"))
        return out

    def _may_hold_facts(self, sentence: str, nums: list[Num]) -> bool:
        """False when no value of the sentence can become a fact: every figure is bare (no unit, so
        a count, a code or a modifier) and nothing would lend it a meaning — no ratio word
        (倍差, 指数, …比) in the sentence or the subject it may take over, no unit from a list line
        (地区生产总值(亿元):…), no sector structure (6.8:43.0:50.2), no list of main targets."""
        for n in nums:
            if n.unit not in _BARE_UNITS:
                return True
        return bool(_RATIO_WORDS.search(sentence) or (self.carry_subject and _RATIO_WORDS.search(self.carry_subject))
                    or sentence.count(":") >= 2 or _list_line(sentence)
                    or ("目标" in sentence and _rx(r"预期目标|主要目标").search(sentence)))

    def _parse_sentence(self, sentence: str, section: Section | None, quote: str, q0: int, q1: int) -> list[Fact]:
        all_nums = find_numbers(sentence)
        if not self._may_hold_facts(sentence, all_nums):
            self.carry_estimate = bool(ESTIMATE.search(sentence[:12]))
            return []   # the same as the full reading below gives, at a fifth of the cost
        facts: list[Fact] = []
        sentence_deadline = None
        m = _rx(r"(?:^|[,;:、(\s])(?:到|至)((?:19|20)\d{2})年").search(sentence) \
            if ("到" in sentence or "至" in sentence) else None
        if m:
            sentence_deadline = int(m.group(1))
        plan_in_sentence = PLAN_RE.search(sentence)
        sentence_plan_end = None
        if plan_in_sentence and _rx(r"末|期间|时期|年均|目标").search(sentence):
            sentence_plan_end = PLANS[plan_in_sentence.group(0)][1]
        opens_with_qizhong = bool(_rx(r"^\s*(?:其中|从季度看|分季度看|分季度|季度看)").match(sentence))
        carried = self.carry_subject if opens_with_qizhong else ""
        carried_region = self.carry_subject_region if opens_with_qizhong else ""
        # 预计 reaches to the end of its clause group (up to ';'), and into a following 其中 sentence
        carried_estimate = self.carry_estimate if opens_with_qizhong else False
        self.carry_estimate = bool(ESTIMATE.search(sentence[:12]))
        subject = ""          # last explicit label in the sentence
        subject_measure = None
        subject_region = ""   # whose figure the subject was (萧山区实现地区生产总值…: 萧山区)
        run: list[Fact] = []  # the level facts of the last clause that had any (A 1亿元、B 2亿元)
        run_clause = None
        pending_distribution: list[str] | None = None
        pending_periods: list[str] | None = None
        last_list: list[str] = []
        dist_index = 0
        dist_measure = None
        last_measure_word = None
        # 三次产业结构为6.8:43.0:50.2 (由2015年的…调整为2020年的…) — shares of the three sectors
        structure = [ms for ms in _STRUCTURE_ANY.finditer(sentence)
                     if _rx(r"产业(?:结构|比例)").search(sentence[: ms.start()])] if sentence.count(":") >= 2 else []
        for ms in structure:
            yb = _rx(r"((?:19|20)\d{2})年的?\s*$").search(sentence[max(0, ms.start() - 8):ms.start()])
            y = int(yb.group(1)) if yb else self._default_year(section, "actual")
            st = self._status(section, sentence[: ms.start()], "", y, False)
            for k_, name in enumerate(("三次产业结构第一产业占比", "三次产业结构第二产业占比", "三次产业结构第三产业占比")):
                facts.append(Fact(name, float(ms.group(k_ + 2)), None, "%", "level", st, "", y, "", self.doc.region,
                                  quote, q0, q1, value_text=ms.group(0), context=self.heading,
                                  note="由三次产业结构比例读出"))
        # a table copied as a list: 1.地区生产总值(亿元):2020年基数1184.6;2025年目标1700;…
        ml = _list_line(sentence)
        line_subject, line_unit = "", ""
        if ml and (ml.group(2) in ("%", "‰") or _rx(r"^[万亿千]?(?:元|美元|人|户|件|家|个|亩|吨|公里|岁|天|年|平方米)").match(
                ml.group(2)) or "/" in ml.group(2)):
            line_subject, line_unit = clean_label(ml.group(1)), ml.group(2)
        structure_spans = [m.span() for m in structure]
        if "目标" in sentence and _rx(r"预期目标|主要目标").search(sentence):
            facts.extend(self._qualitative_targets(sentence, section, quote, q0, q1))
        for sub0, sub1 in split_keep(sentence, ";"):
            sub = sentence[sub0:sub1]
            nums_peek = all_nums if sub0 == 0 and sub1 == len(sentence) else [
                # a figure never spans a ';', and what find_numbers looks at around a figure is the
                # same in the clause as in the sentence: the clause's figures, shifted (fresh objects)
                Num(n.start - sub0, n.end - sub0, n.value, n.value_high, n.unit, n.qualifier, n.text)
                for n in all_nums if sub0 <= n.start and n.end <= sub1]
            sub_nums = nums_peek
            opener = sentence[sub0:sub0 + nums_peek[0].start] if nums_peek else ""
            if not carried and subject and nums_peek and _rx(r"^\s*(?:全年|其中|预计|全年预计|上年|去年)").match(opener) \
                    and _is_generic(clean_label(_period(opener)[0].replace("全年", ""))):
                carried, carried_region = subject, subject_region   # 全年预计完成98.2亿元 continues the subject before the ';'
            subject, subject_measure = carried or line_subject, None   # a clause after ';' names its own subject
            subject_region = carried_region if carried else ""
            carried = carried_region = ""
            recent_levels: list[Fact] = []             # level facts of this clause group, for 分别
            subject_unit = ""
            nums = sub_nums
            # a period phrase opening the clause group applies to its values: 1—11月,… / 前三季度,…
            sub_prior = bool(_rx(r"^\s*(?:去年同期|上年同期|去年|上年)\s*[,,]").match(sub))
            sub_period = ""
            mp = _rx(r"^\s*(?:截至|截止|今年|去年)?((?:第)?一季度|上半年|前三季度|1[-—~至到]\d{1,2}月(?:份)?|\d{1,2}月(?:份)?)(?:末|底)?\s*[,,:]").match(sub)
            if mp:
                _, sub_period = _period(mp.group(1))
            prev_end = 0
            for k, n in enumerate(nums):
                # the label: text since the last boundary or the previous value
                seg_start = max(prev_end, _last_of(sub, _BOUNDARY_CHARS, n.start) + 1)
                raw_label = sub[seg_start:n.start]
                between = sub[prev_end:n.start]
                if structure_spans and any(a <= sub0 + n.start < b for a, b in structure_spans):
                    continue
                if sub[n.start - 1:n.start] == "(" and sub[n.end:n.end + 1] == ")" and n.unit not in ("%", "‰"):
                    continue   # 世界游泳锦标赛(25米): a name, not a value
                continuation = k > 0 and _rx(r"\s*(?:、|和|及|与|,|到|至)?\s*").fullmatch(between) is not None
                after = sub[n.end:n.end + 1]
                if line_unit and n.unit == "" and not n.text.endswith("%") and sub0 + n.start >= ml.end():
                    n.unit = "%" if line_unit == "%" else line_unit
                # a number that modifies a noun (35岁以下大学生, 5个结构性投资指标) is no value
                is_cjk_after = bool(after) and "\u4e00" <= after <= "\u9fff"
                if is_cjk_after and n.unit not in ("%", "‰", "个百分点", "百分点") and (
                        (n.text.endswith(("以上", "以下", "以内")) and not MODIFIER_OK_BEFORE.search(raw_label)) or
                        (not MODIFIER_OK_BEFORE.search(raw_label) and after not in "的增同比较分均和及与占等左以到至为缩扩降提减下上")):
                    continue
                if n.unit in ("", "万", "亿", "万亿", "千") and not _rx(r"倍差|指数|系数|之比|收入比|倍$|比$|比为$|比为|结构为").search(
                        raw_label + "|" + (subject if _rx(r"^\s*(?:缩小|扩大|下降|降|提高|上升|由|\(?上年|\(?去年)").match(raw_label)
                                           else "")):
                    continue
                prev_end = n.end
                unit_note = ""
                if n.unit.endswith("/年") and len(n.unit) > 2:
                    n.unit, unit_note = n.unit[:-2], "每年"
                # a value for another year in parentheses: 5000亿元(2024年3448亿元)
                paren_year = "(" in raw_label and _rx(r"[\(]\s*((?:19|20)\d{2})年\s*(?:力争|预计|约)?$").search(raw_label) is not None
                # clause-level context: the whole sub-sentence up to this value
                scope = sub[: n.start]
                # what the words before the value say by themselves (cached: labels recur a lot)
                label, year, deadline, this_year, prior_year, period, full_year, region, region_only = _read_label(
                    raw_label, sub_prior, self.doc.region, self.regions)
                if year is None:
                    # a year stated at the start of the clause or sentence (2019年, ...), or a
                    # clause that is only a year: (2025年,常住人口增长8万人
                    first_nian = sub.find("年", 0, seg_start)   # both readings need a 年 before the label
                    if first_nian >= 0:
                        prev_clause = sub[_last_of(sub, _PREV_CLAUSE_CHARS, max(seg_start - 1, 0)) + 1:seg_start]
                        mc = _rx(r"\s*(到|至)?((?:19|20)\d{2})年(?:底|末)?\s*[,:]?\s*").fullmatch(prev_clause) \
                            if "年" in prev_clause else None
                        if mc:
                            year, deadline = int(mc.group(2)), mc.group(1) in ("到", "至")
                        elif first_nian < 12:
                            # the last year before the label, if it starts within the first six
                            # characters (such a match has its 年 at most six characters later)
                            last_y = None
                            for y_m in YEAR_RE.finditer(sub, 0, seg_start):
                                if y_m.start() >= 6:
                                    last_y = None
                                    break
                                if sub[y_m.end():y_m.end() + 1] not in ("版", "以", "起"):
                                    last_y = y_m   # (2020年以来 / 2020年起 name a start, not the year)
                            if last_y is not None:
                                year = int(last_y.group(2))
                                deadline = last_y.group(1) in ("到", "至")
                if this_year:
                    year = self.doc.published_year
                if not full_year and not period and sub_period:
                    period = sub_period
                label_for_status = raw_label
                stretch = label in ("冲刺", "冲刺目标", "跳一跳冲刺目标")
                if stretch:
                    label = ""
                distribute = None
                period_list = None
                stock = False
                progress = False
                if (("恢复" in raw_label or "相当于" in raw_label) and _rx(r"恢复(?:到|至)|相当于\d{4}年").search(raw_label)) or (
                        "分别" in raw_label and _PROGRESS.search(raw_label.strip()) and n.unit == "%"):
                    # 分别恢复到2019年同期的103%和98% / 分别完成年度目标的128%和122%: ratios, not facts
                    pending_distribution = []   # 分别恢复到2019年同期的103%和98%: ratios to another year, not facts
                    continue
                if "分别" in raw_label or ("均" in raw_label and _rx(r"(?<![年平])均(?:增长|下降|提高|达到|为)?$").search(raw_label)):
                    # the items are named from the clause start (across 、): A、B分别增长 …
                    cstart = _last_of(sub, _CLAUSE_CHARS, n.start) + 1
                    raw_clause = _strip_years(sub[max(cstart, 0):n.start])[0]
                    raw_clause = _rx(r"^(?:其中|同期|从季度看|分季度看)").sub("", raw_clause.strip())
                    mper = _rx(r"^(?:(?:第)?[一二三四]季度|上半年|前三季度|1[-—~至到]\d{1,2}月|全年)"
                               r"(?:(?:、|和|及)(?:(?:第)?[一二三四]季度|上半年|前三季度|1[-—~至到]\d{1,2}月|全年))+").match(raw_clause)
                    period_list = None
                    if mper:
                        # 一季度、上半年、前三季度GDP分别增长…: the list runs over periods of one indicator
                        period_list = [("" if x == "全年" else _period(x)[1])
                                       for x in _rx(r"、|和|及").split(mper.group(0)) if x]
                        raw_clause = raw_clause[mper.end():]
                    else:
                        raw_clause = _period(raw_clause)[0]
                    clause = _rx(r"(?:按|以)[^,,;]*?(?:计算|折算|计)|同口径|可比口径").sub("", COMPARISON.sub("", raw_clause))
                    clause = clean_label(clause)
                    if "分别" in clause:
                        head, _, tail = clause.partition("分别")
                        measure_word = "分别" + tail
                    else:
                        head = _rx(r"(?<![年平])均[^均]*$").sub("", clause)
                        measure_word = clause[len(head):]
                    if period_list:
                        one = clean_label(head) or subject
                        if one:
                            distribute = [one] * len(period_list)
                            pending_periods = period_list
                        head = ""
                    if _rx(r"^(?:[两三四五]年|五年来)?(?:年均|平均|年)?$").match(head) and head:
                        head, measure_word = "", "年均" + measure_word   # 年均分别增长: over the listed items
                    items = _distribute_items(head) if head else []
                    if distribute:
                        pass
                    elif head.startswith("占") and last_list:
                        distribute = [_measure_tail(x)[0] + head for x in last_list]   # …分别增长…,占…比重分别为…
                    elif len(items) >= 2:
                        distribute = self._region_list(items, measure_word, subject) or items
                    elif len(items) == 1 and "分别" not in clause:
                        measure_word = items[0] + measure_word   # 办结率均为100%: one item, its own label
                    elif not head and not distribute and (run or recent_levels):
                        # how many values the list holds: this one and those joined to it by 、/和
                        k_vals = 1
                        for j in range(k + 1, len(nums)):
                            if _rx(r"\s*(?:、|和|及|与|,)?\s*").fullmatch(sub[nums[j - 1].end:nums[j].start]):
                                k_vals += 1
                            else:
                                break
                        src = run if len(run) >= k_vals or len(recent_levels) < k_vals else recent_levels[-k_vals:]
                        # each item keeps its own region (余杭区、萧山区GDP分别为…,分别增长…)
                        distribute = [(f.region if f.region != region and f.region in self.region_names else "")
                                      + f.label_raw for f in src]
                    label = measure_word
                if paren_year:
                    label = _rx(r"^(?:可|可以)?保持|不(?:下降|降低|减少|变)$").sub("", label)
                full_label = label
                label, mword = _measure_tail(label)
                after_words = sub[n.end:n.end + 4]
                if mword is None and "增" in after_words and _rx(r"(?:的)?(?:增速|增长|增幅)").match(after_words) and n.unit in ("%", "‰"):
                    mword = "growth"   # 保持5%以上增速
                if mword == "growth" and _rx(r"今后五年|未来五年|五年平均|年均").search(raw_label):
                    mword = "avg_growth"
                if mword in ("growth", "decline", "rise") and 0 < len(label) <= 2 and label not in ("分别", "均") \
                        and not _is_generic(label):
                    label, mword = full_label, None   # 自然增长率: the rate's own name
                elif mword == "growth" and n.unit == "‰" and _rx(r"增长率(?:为|是)?$").search(full_label):
                    label, mword = full_label, None   # 人口自然增长率为5.85‰: a rate in per mille is a level
                if paren_year and not distribute:
                    mword = None
                if "均" in raw_label and _rx(r"(?<![年平])均").search(raw_label) and distribute and "分别" not in raw_label:
                    pending_distribution = None
                    targets = distribute
                    base_fact_labels = targets
                else:
                    base_fact_labels = None
                if distribute and "分别" in raw_label:
                    last_list = list(distribute)
                    pending_distribution = distribute
                    dist_index = 0
                    dist_measure = mword
                    if not period_list:
                        pending_periods = None
                # the indicator label
                from_list = bool(distribute)
                from_subject = False   # the label is made from the subject (whose region it keeps)
                if base_fact_labels:
                    labels = base_fact_labels
                elif pending_distribution is not None and (continuation or "分别" in raw_label):
                    from_list = True
                    if dist_index < len(pending_distribution):
                        labels = [pending_distribution[dist_index]]
                        if pending_periods:
                            period = pending_periods[dist_index]
                        dist_index += 1
                        mword = mword or dist_measure
                    else:
                        labels = []
                    if dist_index >= len(pending_distribution):
                        pending_distribution = None
                elif subject and _PROGRESS.search(raw_label.strip()) and n.unit in ("%",) and not distribute:
                    # 完成目标进度的94.3%: how far along the target the subject is, not a target itself
                    labels = [subject + "目标完成进度"]
                    progress = from_subject = True
                elif subject and _rx(r"^(?:相当于[^,;]*?(?:比例|比重)|占比$)").match(clean_label(raw_label.strip())) \
                        and not distribute:
                    tail = clean_label(raw_label.strip())
                    labels = [subject + (tail if tail != "占比" else "占比")]
                    from_subject = True
                elif subject and (_rx(r"^占").match(raw_label.strip()) or
                                  (_rx(r"^为").match(raw_label.strip()) and raw_label.strip().endswith("的"))) \
                        and not distribute:
                    m_share = _rx(r"^(?:占|为)(.+?)的?$").match(clean_label(raw_label.strip()) or raw_label.strip())
                    core = clean_label(m_share.group(1)) if m_share else ""
                    core = _rx(r"(?:的)?(?:比重|比例)$").sub("", core)
                    labels = [f"{subject}占{core}比重" if core else subject]
                    from_subject = True
                elif subject and _rx(r"^(?:全年|当年|今年)?(新增|新建|净增|新开工|新落地|新引进)$").match(
                        _rx(r"[,,\s]").sub("", raw_label)) and not distribute:
                    flow = _rx(r"(新增|新建|净增|新开工|新落地|新引进)").search(raw_label).group(1)
                    core_subject = _rx(r"^(?:年末|全区|全市|全县|共有|拥有|累计|实有|现有)+").sub("", subject)
                    labels = [flow + core_subject]   # 年末共有5G基站3860个,全年新增720个
                    from_subject = True
                elif subject and _HEAD_ONLY.match(label) and not distribute:
                    labels = [_rx(r"^(?:实施|新增|完成|安排)").sub("", subject) + label]   # 项目…,完成投资312亿元
                    from_subject = True
                elif _is_generic(label):
                    if not subject:
                        # the subject may stand alone in the clause before: 实际利用外资,规划目标75亿美元
                        before = sub[:seg_start].rstrip(BOUNDARY + " ")
                        cut = _last_of(before, _BOUNDARY_CHARS, len(before))
                        cand = _rx(r"^\s*\d{1,2}[\.、．](?!\d)").sub("", before[cut + 1:])
                        cand = cand if not find_numbers(cand) else ""
                        cand = _rx(r"(?:居|位居|位列|排名|名列|列|稳居|保持|首次|跨过|跨越|突破|迈上|超过|站上|跃上|跻身).*$").sub("", cand)
                        cand, _ = _measure_tail(clean_label(cand))
                        cand = clean_label(cand)
                        if cand and not _is_generic(cand) and len(cand) <= 30:
                            subject, subject_region = cand, ""
                            if mword is None:
                                subject_measure = None
                    if not subject:
                        continue
                    rate_units = ("%", "‰", "个百分点")
                    currencies = {"元", "美元"}
                    b_new, b_old = to_base(1, n.unit)[0], to_base(1, subject_unit)[0] if subject_unit else ""
                    level_of_rate_subject = subject_unit in rate_units and _rx(r"达到|总量|规模|突破|总额").search(
                        raw_label + n.text)   # 增长9%左右,力争达到450亿元 (达到 is read with the number)
                    if subject_unit and n.unit and n.unit not in rate_units and not level_of_rate_subject and (
                            subject_unit in rate_units or (b_new != b_old and not {b_new, b_old} <= currencies)):
                        continue  # 约13万人 cannot belong to a figure in 亿元 or a rate
                    if region_only:
                        continue  # the label named only a region: no indicator to attach
                    labels = [subject + ("冲刺目标" if stretch else "")]
                    from_subject = True
                    if _rx(r"总数|总量|累计达|累计共|共计|累计").search(raw_label) and \
                            _rx(r"^(?:新增|新认定|新引进|新培育|新建|新设|引进|培育)").search(subject):
                        # 新增国家高新技术企业312家,累计达到2635家: the second figure is the stock
                        labels = [_rx(r"^(?:新增|新认定|新引进|新培育|新建|新设|引进|培育)+").sub("", subject) + "总数"]
                        stock = True
                    if paren_year:
                        mword = None
                    elif prior_year and mword is None and n.unit in ("%", "‰") and last_measure_word:
                        mword = last_measure_word   # 增长4.9%;上年为4.1%
                    elif mword is None and last_measure_word in ("growth", "avg_growth", "decline") \
                            and n.unit in ("%", "‰") and (period or continuation or not label):
                        mword = last_measure_word
                    if mword is None and continuation and subject_measure:
                        mword = subject_measure
                    if period == "" and continuation and run and run[-1].period:
                        period = ""  # 到全年: annual
                else:
                    labels = [label]
                if from_list:   # a list item that is only a region (no indicator said for it) gives no fact
                    labels = [lab for lab in labels if lab not in self.region_names]
                other = _OTHER_TARGET.search(raw_label) if ("于" in raw_label and subject) else None
                if other and _TARGET_AFTER.match(sub, n.end) and (
                        other.group(1) in _SCOPE_REGIONS or other.group(1) in self.region_names):
                    # 略高于全省5.5%左右的预期目标: the other region's target for the same indicator
                    labels, region = [subject], _SCOPE_REGIONS.get(other.group(1), other.group(1))
                    mword = mword or subject_measure
                else:
                    other = None
                if not labels:
                    continue
                lab0 = labels[0]
                if _is_noise_label(lab0) \
                        or (not other and ("于" in raw_label or "调整为" in raw_label or "目标由" in raw_label)
                            and _rx(r"(?:高于|低于|快于|慢于)[^,,;]{0,12}$|调整为|目标由").search(raw_label)):
                    continue
                # measure
                measure, value, unit = "level", n.value, n.unit
                extra_label = ""
                if unit in ("个百分点", "百分点"):
                    measure, unit = "pp_change", "个百分点"
                    if mword == "decline":
                        value = -value
                elif mword in ("growth", "avg_growth", "decline", "rise") and unit in ("%", "‰"):
                    measure = "avg_growth" if mword == "avg_growth" else "growth"
                    if mword == "decline":
                        value = -value
                    if mword == "rise" and not _rx(r"增长|增速").search(raw_label):
                        # 提高/增加 x% of a rate is ambiguous; keep as growth of the level
                        measure = "growth"
                elif mword == "cumulative":
                    measure = "cumulative"
                elif mword in ("growth", "decline", "rise", "avg_growth") and unit not in ("%", "‰"):
                    extra_label = "减少量" if mword == "decline" else "增量"
                if measure == "growth" and "累计" in raw_label and unit in ("%",):
                    measure = "cumulative"   # 单位GDP能耗三年累计下降8.9%
                    if mword == "decline":
                        value = -value
                        extra_label = "降低"
                in_plan_section = bool(section and section.plan and self.doc.kind in (
                    "five_year_plan", "plan_report", "midterm_review")) or bool(
                    plan_in_sentence and sentence.find("期间", plan_in_sentence.end(), sub0 + n.start) >= 0)
                # (“十四五”期间新增城市建成区面积约12平方公里,完成城镇老旧小区改造150个: over the plan period)
                if measure == "level" and not stock and not extra_label and unit not in ("%", "‰", "岁") \
                        and "/" not in (unit or "") and (   # an age or a per-unit ratio never adds up
                        (sentence.find("累计", 0, sub0 + n.start) >= 0
                         and _rx(r"(?:[两三四五\d]+年|期间|以来|十[三四五]五)累计").search(sentence[: sub0 + n.start]))
                        or (in_plan_section and _rx(r"累计|^(?:再)?(?:新增|新建|改造|新改建|建成|实施|完成|引进|培育)").search(
                            clean_label(raw_label)) and not _rx(r"每年|年均|年度|当年|全年").search(raw_label))
                        or (clean_label(raw_label)[:1] in "两三四五" and _rx(
                            r"^(?:[两三四五]年|五年来|三年来)(?:累计)?(?:新增|新建|新改建|改造|完成|实施|建成|引进|培育)").search(
                            clean_label(raw_label)))) and not _rx(r"年末|有效|总数|总量|拥有|现有").search(raw_label):
                    measure = "cumulative"   # 三年累计实施…项目168个,完成工业投资412亿元
                if "累计" in raw_label and measure == "level" and not stock and (
                        _rx(r"[两三四五六七八九十\d]+年|期间|以来|十[三四五]五|规划期|五年").search(sentence[: sub0 + n.start])):
                    measure = "cumulative"   # 三年累计完成…; 累计建成5G基站1680个 (no period) is a stock
                if measure in ("growth", "avg_growth") and "年均" in raw_label:
                    measure = "avg_growth"
                if prior_year and year is None:
                    y0 = self._default_year(section, "actual")
                    year = y0 - 1 if y0 else None   # 上年为4.1%: the figure of the year before
                explicit_year = year
                # year and status
                if deadline is False and year is None and sentence_deadline and sentence.find(str(sentence_deadline)) < n.start + sub0:
                    year, deadline = sentence_deadline, True
                sub_estimate = carried_estimate and not _rx(r"^\s*(?:完成|全年完成|实际完成|已完成)").match(sub)
                status = self._status(section, ("预计" if sub_estimate else "") + scope,
                                      "" if progress else label_for_status, year, deadline)
                if year is None:
                    if status == "target" and sentence_plan_end:
                        year = sentence_plan_end
                    else:
                        year = self._default_year(section, status)
                if ml and explicit_year is None and measure in ("growth", "avg_growth") and facts \
                        and facts[-1].status == "target" and status != "target":
                    # 2025年目标1700;年均增长7.5%: in a list of a row's figures, the rate said after a
                    # target, with no year of its own, is that target's rate
                    year, status = facts[-1].year, "target"
                if status != "target" and "目标" in sub and _TARGET_AFTER.match(sub, n.end):
                    # 年初确定的社会消费品零售总额增长5%的目标未能完成: the figure is the year's target
                    status = "target"
                if (explicit_year is None and section and section.plan and section.mode == "actual"
                        and status in ("actual", "estimate") and not period and measure in ("level", "pp_change")
                        and self.doc.plan != section.plan and not ESTIMATE.search(scope)):
                    # 十四五成就: reached during the plan, the year is not said ...
                    b_, e_ = PLANS[section.plan]
                    said = _strip_years(sentence[: sub0 + n.start])[1]
                    if (said and b_ < said <= e_ and "规划" not in raw_label
                            and not _rx(r"^.{0,3}目标").match(sentence[sub0 + n.end:])):
                        # ... unless the sentence dated its earlier clause (提高到2024年的…,常住人口达到…)
                        year = said
                        if self.doc.published_year and said < self.doc.published_year:
                            status = "actual"
                    else:
                        seen = self.section_years.get((section.level, section.text))
                        top = max(seen, key=lambda y: (seen[y], y)) if seen else None
                        if top and self.doc.published_year and top < self.doc.published_year and not sub_estimate:
                            # a review written after the year it measures (数据截至2024年): the year the
                            # section speaks of most, said in the note
                            year, status = top, "actual"
                            unit_note = (unit_note + ";" if unit_note else "") + f"具体年份未注明,按本节所述{top}年计"
                        else:
                            period = f"{b_ + 1}-{e_}"
                            unit_note = (unit_note + ";" if unit_note else "") + f"“{section.plan}”期间数据,具体年份未注明"
                qualifier = "冲刺" if stretch else n.qualifier
                for word, q in QUAL_WORDS:
                    if word in raw_label and not qualifier:
                        qualifier = q
                plan = ""
                base_year = None
                if measure == "growth" and value is not None and value < 0 and status == "target" \
                        and self.doc.kind == "five_year_plan" and self.doc.plan \
                        and year == PLANS[self.doc.plan][1] and _INTENSITY_CUT.search(labels[0]):
                    # a five-year plan's 单位GDP能耗、二氧化碳排放量分别下降15%和18%: cuts over the plan
                    measure = "cumulative"
                if measure in ("avg_growth", "cumulative"):
                    p = plan_in_sentence.group(0) if plan_in_sentence else (section.plan if section and section.plan else None)
                    if p is None and self.doc.plan and year == PLANS.get(self.doc.plan, (0, 0))[1]:
                        p = self.doc.plan
                    if p is None and measure == "avg_growth" and year is not None:
                        # 年均增长 over the plan that ends in the value's year (a review of 十三五 ends in 2020)
                        p = next((name for name, (pb, pe) in PLANS.items() if pe == year), None)
                    if p:
                        plan, base_year = p, PLANS[p][0]
                        if year is None or status == "target":
                            year = year or PLANS[p][1]
                    elif explicit_year is None and status == "target" and self.doc.target_year \
                            and ("今后" in raw_label or "未来" in raw_label):
                        ahead = _AHEAD_YEARS.search(raw_label)
                        if ahead:
                            # 今后两年地区生产总值年均需增长约5.2% (a plan for 2024): over 2024-2025
                            first = self.doc.target_year
                            year, base_year = first + _CN_NUM[ahead.group(1)] - 1, first - 1
                    span = self._stated_span(sentence[: sub0 + n.start], p) \
                        if explicit_year is None and status != "target" else None
                    if span:
                        # 由2020年的208.4亿元增长到2024年的286.3亿元,年均增长8.3%: over 2021-2024
                        base_year, year = span
                        if self.doc.published_year and year < self.doc.published_year:
                            status = "actual"
                if from_subject and subject_region and region == self.doc.region \
                        and not _OWN_SCOPE.search(raw_label):
                    region = subject_region   # 萧山区实现地区生产总值2000亿元,增长7%: the growth is 萧山区's too
                first_region = ""
                for lab in labels:
                    lab_region = region
                    lab_measure, lab_value = measure, value
                    if from_list and measure == "level" and unit in ("%", "‰"):
                        core_, mw_ = _measure_tail(lab)
                        if mw_ in ("growth", "avg_growth") and core_ in self.region_names:
                            # 上城区、西湖区增速分别为…: the region's rate, named by the rate word only
                            lab_region, lab, lab_measure = core_, lab[len(core_):], mw_
                        elif mw_ in ("growth", "avg_growth") and core_:
                            lab, lab_measure = core_, mw_   # 淳安县、建德市地区生产总值增速分别为4.6%和3.8%
                    for rn in (self.region_names if self.regions and self.regions.any.match(lab) else ()):
                        if lab.startswith(rn) and len(lab) > len(rn):
                            lab_region, lab = rn, lab[len(rn):]
                            break
                    else:
                        town = _TOWN.match(lab) if ("街道" in lab or "镇" in lab or "乡" in lab) else None
                        if town and town.group(2) not in _NOT_TOWN:
                            lab_region, lab = town.group(1), lab[town.end():]   # 银湖街道实现财政总收入28.6亿元
                        mr = _rx(r"^(?:同期)?(全省|全国|全市)(?=.)").match(lab) if lab[:1] in "同全" and not town else None
                        if mr and (distribute or self.doc.region not in ("杭州市",) or mr.group(1) != "全市"):
                            word = mr.group(1)
                            # a district's report: 全市 is the city (a 县级市 is its own 全市)
                            if word != "全市" or self.doc.region.endswith(("区", "县")):
                                lab_region = _SCOPE_REGIONS[word]
                            lab = lab[mr.end():]
                    if (facts and facts[-1].quote == quote and _ACTION_ONLY.match(lab)
                            and facts[-1].unit.lstrip("万亿") == (unit or "").lstrip("万亿")):
                        obj = _ACTION_HEAD.sub("", facts[-1].label_raw)
                        if obj and obj != facts[-1].label_raw:
                            lab = lab + obj   # 新开工保障性租赁住房1.05万套、竣工6820套: what was finished is said once
                    if unit in ("元", "万元") and _rx(r"^(?:城镇居民|农村居民|城镇常住居民|农村常住居民)$").match(lab):
                        lab = lab + "人均可支配收入"   # 其中城镇居民80587元: the subject's head is implied
                    first_region = first_region or lab_region
                    f = Fact(lab + extra_label, lab_value, n.value_high, unit, lab_measure, status, qualifier, year,
                             period, lab_region, quote, q0, q1, plan=plan, base_year=base_year,
                             value_text=n.text, context=self.heading or (section.text if section else ""),
                             note=unit_note)
                    facts.append(f)
                last_measure_word = mword
                if not _is_generic(label) and not distribute and pending_distribution is None and not extra_label \
                        and not progress:
                    subject = labels[0]
                    subject_measure = mword
                    subject_unit = unit
                    subject_region = first_region
                if measure == "level" and not extra_label and labels:
                    recent_levels.append(facts[-1])
                elif measure != "level":
                    recent_levels = []
                if measure == "level" and not extra_label and labels:
                    cstart = _last_of(sub, _CLAUSE_CHARS, n.start)
                    if run and run_clause == (sub0, cstart):
                        run.append(facts[-1])
                    else:
                        run = [facts[-1]]
                        run_clause = (sub0, cstart)
        if subject:
            self.carry_subject, self.carry_subject_region = subject, subject_region
        return facts
