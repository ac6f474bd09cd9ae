"""Labels: the words before a figure read into an indicator label, its year, period, measure word
and whose figure it is. Shared by the prose reader and the table reader; the words themselves are
vocabulary (extract/rules/prose.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planbook.extract.numbers import _trie_regex
from planbook.extract.text import rx as _rx
from planbook.extract.vocab import alternation, mapping, pairs, words
from planbook.regions import (HOME_CITY, canonical_region, city_of, parent_region, province_short_names, region_level,
                              short_region_names)

YEAR_RE = re.compile(r"(?:(到|至|截至|截止|于|在)?)((?:19|20)\d{2})年(?:底|末|初)?")
PERIOD_WORDS = [(re.compile(p), code) for p, code in pairs("prose", "periods")]
ESTIMATE = re.compile(alternation("prose", "estimate"))
# a comparison with another region's target (略高于全省 …的预期目标, 高于杭州市 …的目标)
_OTHER_TARGET = re.compile(r"(?:高于|低于|快于|慢于)(全国|全省|全市|[\u4e00-\u9fff]{1,4}[市区县省])$")
_SCOPE_LEVELS = mapping("prose", "scope_regions")   # whose figure a scope word names: which of the document's own


@lru_cache(maxsize=64)
def scope_regions(doc_region: str) -> dict[str, str]:
    """The regions 全国/全省/全市 name in a document of ``doc_region`` (a district's 全市 is its city, a
    宁波市 report's 全省 is 浙江省); Hangzhou's when the document's region is unknown."""
    city = city_of(doc_region) if doc_region else None
    province = city_of(doc_region) and parent_region(city_of(doc_region))
    if doc_region and doc_region.endswith("市") and region_level(doc_region) == "county":
        city = doc_region   # a county-level city (建德市, 慈溪市) is its own 全市
    if doc_region and region_level(doc_region) == "province":
        province = canonical_region(doc_region)
    out = {"country": "全国", "province": province or "浙江省", "city": city or doc_region or HOME_CITY}
    return {word: out[level] for word, level in _SCOPE_LEVELS.items()}


WHOLE_NAMES = sorted(words("prose", "whole_names"), key=len, reverse=True)   # one item each, 、 and 和 inside
REGION_IN_NAME = re.compile("(?:" + alternation("prose", "region_in_name") + ")")   # 浙江省重点企业研究院
_SHORT_FOLLOWERS = "(?:" + alternation("prose", "short_region_followers") + ")"


@lru_cache(maxsize=64)
def _other_short_names(doc_region: str) -> tuple[re.Pattern, dict[str, str]] | None:
    """Short names of the other places of the document's province (宁波, 余杭 in a 杭州 report; its own
    city's are ``_short_names``'), opening a label before the words that may follow them."""
    own = set(short_region_names(within=city_of(doc_region) or HOME_CITY)) if doc_region is not None else set()
    names = {a: n for a, n in province_short_names(doc_region or HOME_CITY).items() if n != doc_region}
    own_city = city_of(doc_region) if doc_region else HOME_CITY
    names = {a: n for a, n in names.items() if a not in own or n != own_city}
    if not names:
        return None
    alts = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(f"^(?:{alts})(?=$|{_SHORT_FOLLOWERS})"), names


def _short_region(label: str, doc_region: str) -> tuple[str, str] | None:
    """(the region, the label after its short name) when the label opens with another place's short name."""
    other = _other_short_names(doc_region)
    m = other[0].match(label) if other is not None else None
    return (other[1][m.group(0)], label[m.end():]) if m else None


@lru_cache(maxsize=64)
def _short_names(doc_region: str) -> re.Pattern | None:
    """The short names (西湖 for 西湖区) of the document's city and its districts and counties, from the
    regions catalog: a label opening with one names the region only."""
    names = short_region_names(within=city_of(doc_region) or HOME_CITY) if doc_region is not None else []
    return re.compile("^(?:" + "|".join(map(re.escape, names)) + ")(?![区县市])") if names else None
_TARGET_AFTER = re.compile(alternation("prose", "target_after"))   # a figure followed by 的目标 is a target
# 由2020年的208.4亿元增长到2024年的286.3亿元: the span a following 年均增长 covers
_FROM_TO = re.compile(r"(?:由|从)((?:19|20)\d{2})年[^,;。]{0,24}?(?:到|至)((?:19|20)\d{2})年")
_AHEAD_YEARS = re.compile(r"(?:今后|未来)([两二三四五])年")   # a span that starts with the plan's year
# a town or street (街道) of a district opening a label: 银湖街道, 场口镇 (two characters and the suffix)
_TOWN = re.compile(r"^(([\u4e00-\u9fff]{2})(?:街道|镇|乡))(?=[\u4e00-\u9fffA-Za-z])(?![街镇乡级村区域])")
_NOT_TOWN = frozenset(words("prose", "not_town"))   # words, not town names
_INTENSITY_CUT = re.compile(alternation("prose", "intensity_cut"))   # what five-year plans cut over the whole plan
_OWN_SCOPE = re.compile(alternation("prose", "own_scope"))   # words that name a scope of their own
TARGET_STRONG = re.compile(alternation("prose", "target"))
QUAL_WORDS = list(mapping("prose", "qualifiers").items())

# measure words that may close a label, longest first
MEASURE_TAIL = pairs("prose", "measure_tails")
_MEASURE_ENDINGS = tuple(w for w, _ in MEASURE_TAIL)
# verbs of level closing a label; one or more of them up to the end. The words are factored by common
# prefixes (the same strings match, faster than a flat list of sixty alternatives).
LEVEL_VERB_WORDS = words("prose", "level_verbs")
LEVEL_VERBS = re.compile("(?:" + _trie_regex(LEVEL_VERB_WORDS) + ")+$")
LEAD_NOISE = re.compile("^(?:" + alternation("prose", "lead_noise") + ")+")
GENERIC = re.compile("^(?:" + alternation("prose", "generic") + ")*$")
NOISE_LABEL = re.compile(alternation("prose", "noise_label"))
MODIFIER_OK_BEFORE = re.compile("(?:" + alternation("prose", "modifier_ok_before") + ")$")
SPLIT_ITEMS = re.compile(alternation("prose", "list_separators"))
SET_WORDS = [(re.compile(p), list(items)) for p, items in pairs("prose", "set_words")]
HEAD_NOUNS = words("prose", "head_nouns")
SUBJECT_MEASURES = words("prose", "measures_of_subject")
VERB_INSIDE = re.compile(alternation("prose", "verb_inside_label"))
_COMPLETE_NOUN = re.compile(r"(?:数|量|额|率|人次|总额|规模|个数)$")
COMPARISON = re.compile(alternation("prose", "comparison"))




# a label that is only a building stage (竣工6820套) takes its object from the figure before it
_ACTION_ONLY = re.compile(r"^(?:全年)?(?:新)?(?:开工|竣工投用|竣工投产|竣工|完工|建成投用|建成|交付使用|交付|投用|开建)$")
_ACTION_HEAD = re.compile(r"^(?:全年)?(?:新)?(?:开工|竣工|完工|建成|开建|筹集|建设|启动|改造|实施|交付)(?:建设)?")


_YEAR_SPAN_START = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—\-~至到]\s*(?=(?:19|20)\d{2}年)")


@lru_cache(maxsize=65536)
def strip_years(label: str) -> tuple[str, int | None, bool]:
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


_SAME_PERIOD = {"M1-3": "Q1", "M1-6": "H1", "M1-9": "Q1-3", "M1-12": ""}   # (1月至9月 is 前三季度; one code each)


@lru_cache(maxsize=65536)
def label_period(label: str) -> tuple[str, str]:
    if "月" not in label and "季" not in label and "半年" not in label:
        return label, ""   # every period word has one of these
    for pat, name in PERIOD_WORDS:
        m = pat.search(label)
        if m:
            p = name.format(*m.groups()) if m.groups() else name
            return pat.sub("", label, count=1), _SAME_PERIOD.get(p, p)
    return label, ""


@lru_cache(maxsize=65536)
def measure_tail(label: str) -> tuple[str, str | None]:
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


_BULLETS = "●•▪◆■□◇○◎★☆▲△►▶√ "


@lru_cache(maxsize=65536)
def clean_label(label: str) -> str:
    # each step runs only when the characters its pattern needs are there (a cheap test first)
    label = _rx(r"[“”\"'‘’《》<>〔〕\[\]]").sub("", label)
    label = label.lstrip(_BULLETS)   # ●升级科技型企业: a list item's mark
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
    if label[-1:] in "的了在已经并而也由从自均可看都就又":
        label = _rx(r"(?:的|了|在|已经|已|并|而|也|由|从|自|均|年均|平均|可|看|都|就|又)+$").sub("", label)
    label = LEVEL_VERBS.sub("", label)      # 提高到(2020年的) is a verb of level
    if label[-1:] in "到至":
        label = _rx(r"(?:到|至)+$").sub("", label)
    if label[:1] in "的了":
        label = _rx(r"^(?:的|了)").sub("", label)
    if "实现" in label or "完成" in label or "达成" in label:
        label = VERB_INSIDE.sub(r"\1\2", label)
    return label.strip(" -—~").lstrip(":")   # 其中:规上工业增加值 (its 其中 is lead noise)


@lru_cache(maxsize=65536)
def is_noise_label(label: str) -> bool:
    """A label that names no indicator: a bare scope word, a comparison, a rank, under two letters."""
    return bool(NOISE_LABEL.search(label)) or len(_rx(r"[^\u4e00-\u9fffA-Za-z]").sub("", label)) < 2


@lru_cache(maxsize=65536)
def is_generic(label: str) -> bool:
    core = _rx(r"[\s\d\.\(\)()“”,、]").sub("", label)
    return not core or bool(GENERIC.match(core))


@lru_cache(maxsize=65536)
def distribute_items(prefix: str, count: int = 0) -> list[str]:
    """Items named before 分别/均; with the number of figures they take (``count``), a list whose
    、 alone gives that many keeps 和/与 inside its items (教育、科学技术、社会保障和就业支出: three)."""
    items = _distribute_items_raw(prefix)
    whole = _distribute_items_raw(prefix, whole=True) if any(w in prefix for w in WHOLE_NAMES) else items
    if whole != items and (not count or len(whole) == count):
        items = whole   # 计算机、通信和其他电子设备制造业 as one item (but 住宿和餐饮业…分别增长A和B: two)
    if count and len(items) > count and "、" in prefix:
        by_comma = _distribute_items_raw(prefix, SPLIT_COMMA)
        if len(by_comma) == count:
            items = by_comma
        elif len(by_comma) == count - 1:
            # A和B、C、D和E: 、 between the items, 和 before the last one only
            head, _, last = prefix.rpartition("、")
            m = _rx(r"^(.+)(?:和|及|与|以及)(.+)$").match(last)
            joined = _distribute_items_raw(f"{head}、{m.group(1)}、{m.group(2)}", SPLIT_COMMA) if m else []
            if len(joined) == count:
                items = joined
    return [clean_label(x) or x for x in items]


SPLIT_COMMA = re.compile("、")


def _distribute_items_raw(prefix: str, split: re.Pattern | None = None, whole: bool = False) -> list[str]:
    """Items named before 分别/均: 'A、B增加值' -> ['A增加值', 'B增加值']; ``whole``: the names of
    ``WHOLE_NAMES`` stay one item each."""
    for pat, items in SET_WORDS:
        m = pat.search(prefix)
        if m:
            before, after = prefix[: m.start()], prefix[m.end():]
            if SPLIT_ITEMS.match(after):   # 城镇、农村居民、低收入农户…: the set's items among others of a list
                prefix = before + "、".join(items) + after
                break
            return [before + it + after for it in items]
    wholes = [w for w in WHOLE_NAMES if w in prefix] if whole else []
    for k, w in enumerate(wholes):   # 计算机、通信和其他电子设备制造业 is one item: its 、 and 和 hidden while splitting
        prefix = prefix.replace(w, f"\x00{k}\x00")
    parts = [p for p in (split or SPLIT_ITEMS).split(prefix) if p]
    for k, w in enumerate(wholes):
        parts = [p.replace(f"\x00{k}\x00", w) for p in parts]
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
    parts = _with_first_subject(parts)
    last = parts[-1]
    for head in HEAD_NOUNS:
        if last.endswith(head):
            parts = [p if any(p.endswith(h) for h in HEAD_NOUNS) or _COMPLETE_NOUN.search(p) else p + head
                     for p in parts]
            break
    return [p + rate_word for p in parts]


def _with_first_subject(parts: list[str]) -> list[str]:
    """规上工业总产值和增加值: an item that is only a measure (增加值) of the first item's subject
    (规上工业) takes that subject."""
    first = next((m for m in SUBJECT_MEASURES if parts[0].endswith(m) and len(parts[0]) > len(m)), None)
    if first is None:
        return parts
    subject = parts[0][: -len(first)]
    return [parts[0]] + [subject + p if p in SUBJECT_MEASURES else p for p in parts[1:]]


@dataclass(frozen=True, eq=False)
class RegionNames:
    """The full region names (longest first) and one pattern that finds any of them; compared by
    identity, so it can key a cache cheaply (``region_names_of`` gives one object per list)."""
    names: tuple[str, ...]
    any: re.Pattern


@lru_cache(maxsize=8)
def _region_names(names: tuple[str, ...]) -> RegionNames:
    return RegionNames(names, re.compile(_trie_regex(list(names))))   # (a hundred names of a province: a trie)


def region_names_of(names: list[str]) -> RegionNames | None:
    return _region_names(tuple(names)) if names else None


@lru_cache(maxsize=1 << 16)
def read_label(raw_label: str, sub_prior: bool, doc_region: str, regions: RegionNames | None):
    """The part of a value's reading that depends only on the words before it (and on whether its
    clause opens with 上年/去年): the label without years, periods, comparison and region words;
    the year and deadline those words state; whether they say 今年, a prior year, a period, 全年;
    whose figure it is; and whether the label named only a region."""
    label, year, deadline = strip_years(raw_label)
    this_year = "今年" in label
    prior_year = sub_prior or bool(_rx(r"^(?:上年|去年)(?:同期)?(?:为|是)?$|^(?:上年|去年)同期").match(
        clean_label(raw_label)) and not _rx(r"^\s*(?:比|较)").match(raw_label)) or bool(
        "由" in raw_label and _rx(r"由(?:上年|去年)(?:的)?$").search(raw_label))   # (比上年同期增长: a comparison)
    if prior_year:
        label = _rx(r"由(?:上年|去年)(?:的)?$").sub("", label)
    label, period = label_period(label)
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
        if rn in label and not label.startswith("占") and not REGION_IN_NAME.match(label, label.find(rn) + len(rn)):
            region = rn
            label = label.replace(rn, "")
            break
    else:
        other = _short_region(label, doc_region)
        short_re = _short_names(doc_region)
        short = short_re.match(label) if short_re is not None and other is None else None
        if other:
            region, label = other   # 余杭的增速 in a 杭州 report, 宁波 in a 嘉兴 one: that place's figure
        elif short:
            label = label[short.end():]
    plain = _rx(r"[“”\"《》]").sub("", raw_label)
    if "省" in plain and _rx(r"^(?:同期)?全省(?!第|前|首|领先|一流|" + REGION_IN_NAME.pattern + ")|省十[三四五六]五|省纲要").search(plain) and \
            not _rx(r"占全省|全省第|全省前|全省首|、").search(plain):
        region = scope_regions(doc_region)["全省"]
        label = _rx(r"^(?:全省|省)").sub("", label)
    elif "全国" in plain and _rx(r"^(?:同期)?全国(?!性|第|前|首|一流|领先|" + REGION_IN_NAME.pattern + ")").search(plain):
        region = scope_regions(doc_region)["全国"]
        label = _rx(r"^全国").sub("", label)
    bare = clean_label(raw_label)
    short_re = _short_names(doc_region)
    short_only = short_re is not None and (m := short_re.match(bare)) is not None and \
        _rx(r"(?:保持|实现|达到)?").fullmatch(bare, m.end()) is not None
    region_only = had_label and region != doc_region and not clean_label(measure_tail(clean_label(label))[0]) or (
        had_label and short_only)
    label = clean_label(label)
    return label, year, deadline, this_year, prior_year, period, full_year, region, region_only
