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
from dataclasses import dataclass, field

from planbook.extract.context import PART_OF_YEAR, PLANS, PLAN_RE, YEAR_IN, DocInfo, Section
from planbook.extract.numbers import Num, find_numbers
from planbook.extract.text import split_keep, squeeze
from planbook.extract.vocab import alternation, pairs, words
from planbook.extract.labels import (
    YEAR_RE, ESTIMATE, _OTHER_TARGET, scope_regions, _TARGET_AFTER, _FROM_TO,
    _AHEAD_YEARS, _TOWN, _NOT_TOWN, _INTENSITY_CUT, _OWN_SCOPE, TARGET_STRONG,
    QUAL_WORDS, MODIFIER_OK_BEFORE, COMPARISON, _ACTION_ONLY, _ACTION_HEAD, strip_years,
    label_period, measure_tail, clean_label, is_noise_label, is_generic, distribute_items,
    region_names_of, read_label, SUBJECT_MEASURES, SET_WORDS, REGION_IN_NAME, WHOLE_NAMES,
)
from planbook.extract.model import Fact
from planbook.regions import HOME_CITY, canonical_region, city_of, province_short_names
from planbook.units import to_base

BOUNDARY = ",:;、。!\n"
_DIGIT = re.compile(r"[0-9]")   # ASCII digits (full-width ones are normalised); faster than \d
_HEAD_ONLY = re.compile(r"^(?:投资|完成投资|增加值|产值|营收|营业收入|总额|规模)$")
_QUAL_TARGET = re.compile(r"与经济增长(?:基本)?同步|高于[^,;。]{1,10}增速|稳步(?:提高|提升|增长)|"
                          r"(?:确保)?完成[^,;。]{0,6}下达[^,;。]{0,12}|保持[^,;。]{0,6}稳定")
_FOOTNOTE = re.compile(r"^\s*(?:附注|注|注释|说明|备注|资料来源)\s*[:：\d]")
_STRUCTURE_ANY = re.compile(r"(?P<pre>)(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)")
_CONTINUES = re.compile(r"^\s*(?:" + alternation("prose", "continues_subject") + ")")
_YEARS_SPAN = re.compile(r"(?:过去的?|这|近)([两三四五六七八九十])年|([两三四五六七八九十])年(?:间|来|里|$)")   # 五年间 … 由A增加到B: A is five years back
# years that govern what follows them: one opening a clause (not 2000年以前 / 2020年以来 / 与2015年相比),
# and the topic year of 2024年是…的一年, which a later 这一年 / 一年来 names
_CLAUSE_YEAR = re.compile(r"(?:^|[,;:])\s*(?:[\[【][^\]】]{1,8}[\]】])?“?(?:在|截至|截止)?((?:19|20)\d{2})年(?:末|底|全年)?(?![以起前相比较的版同内初至到—\-~])")
# a ';' clause opening with these (and nothing else before its figure) goes on with the subject before:
# 全年预计完成98.2亿元; 上半年350.15亿元 (a part of the year: the same indicator for another period)
_GOES_ON = re.compile(r"^\s*(?:全年|其中|预计|全年预计|上年|去年|两年平均|三年平均|同比|比上年|"
                      + PART_OF_YEAR + ")")
_NOT_SUBJECT = re.compile(alternation("prose", "not_subject"))
# a list opened by its measure (其中,上涨的有:交通通信3.2%、教育文化娱乐2.6%): [words, measure]
_LIST_MEASURES = {w: m for ws, m in pairs("prose", "list_measure_openers") for w in ws.split("|")}
_LIST_MEASURE = re.compile("(增速|增幅)?(" + "|".join(_LIST_MEASURES) + r")的(?:[^,;:。]{0,8}?(?:分别为|分别是|有|是))[:]$")
_CLAUSE_PERIOD = re.compile(r"(?:^|[,;:])\s*(?:今年|去年|上年|(?:19|20)\d{2}年)?(?P<opens>" + PART_OF_YEAR + ")(?:累计)?[,,]?"
                            # (…公布2024年上半年经济运行成绩单:全市生产总值…: a list of that period's figures)
                            r"|(?:今年|(?:19|20)\d{2}年)(?P<lists>" + PART_OF_YEAR + r")[^,;:。]{0,16}?:")


def _period_said(m: re.Match) -> str:
    """The period code a _CLAUSE_PERIOD match names."""
    return label_period(m.group("opens") or m.group("lists"))[1]


def _last_clause_period(sentence: str, end: int, later_clause: bool = True) -> re.Match | None:
    """The last part of the year opening a clause before ``end`` (…企业227家,1-9月累计完成产值224亿元;完成税收
    收入25.4亿元: the ';' clause after it is of 1-9月 too); inside the sentence, only the months so far
    (not 三季度三次产业比重为…, a single quarter's figure; one opening the sentence governs its later clauses)."""
    found = None
    items = [m.start() for m in _ENUMERATED_ANY.finditer(sentence, 0, end)]
    for m in _CLAUSE_PERIOD.finditer(sentence, items[-1] if items else 0, end):   # (1.…;2.…: items apart)
        code = _period_said(m)
        if (m.start() == 0 and later_clause) or code in ("Q1", "H1", "Q1-3") or code.startswith("M1-"):
            found = m
    return found


_SUB_SCOPES = frozenset(words("prose", "sub_scopes"))
_NAMED_RATES = tuple(words("prose", "named_rates"))
_RATE_VERB_BEFORE = re.compile(r"(?:增长|下降|增速为|增幅为|涨幅为|上涨|下跌|削减)$")   # 人口自然增长率: a rate's own name, not a growth
_RANK = re.compile(alternation("prose", "rank_words"))
_SINCE_YEAR = re.compile(r"(?:比|较|与)((?:19|20)\d{2})年(?:末|底|同期)?(?:相比)?,?(?:分别)?(?:增长|提高|增加|下降|减少|降低)[^,;]*$")
_TOPIC_YEAR = re.compile(r"^\s*((?:19|20)\d{2})年,?是")
_AGE_GROUP_AFTER = re.compile(r"(?:及|至)?(?:以上|以下)|的|人口|老年|儿童|常住")   # after an age: a group of people
# a comparison with other regions' figures (分别高于全省(4.9%)、金华(5.5%)2.4个百分点和1.8个百分点)
_COMPARED = re.compile(r"(?:分别)?(?:高于|低于|快于|慢于|高出|低出)(?:同期)?")
_COMMA_CHARS = re.compile(r"[,,;;。]")
# a rate in brackets after its item, the list closed by the measure they share (A(9.8%)、B(4.7%)等产量快速增长)
_PAREN_RATES_GROW = re.compile(r"\s*\)(?:、[^、,;。()]{1,16}\(-?[\d.]+%\))*(?:等)?[^,;。()]{0,12}?(?:增长|增速|增幅)")
_OPENING_YEAR = re.compile(r"(?:[\[【][^\]】]{1,8}[\]】])?[\s\[\]()“”\d]{0,6}?((?:19|20)\d{2})年(?:末|底|全年|" + PART_OF_YEAR + ")?[,,]")   # 2018年, / [2] 2018年,
_LAST_YEAR_OPENS = re.compile(r"^\s*(?:据[^,,]{0,6}[,,])?(?:" + alternation("prose", "last_year_openers") + ")")   # (据统计,去年…)
_ESTIMATE_BELOW = re.compile(alternation("prose", "estimate_below"))
_ESTIMATE_LINE = re.compile(r"^\s*(?:" + alternation("prose", "estimate_paragraph") + ")")
_PLAN_OF_SUBJECT = re.compile(alternation("prose", "plan_of_subject"))
_TARGET_IN_BRACKETS = re.compile(alternation("prose", "target_in_brackets"))
_ESTIMATE_LIST = re.compile(alternation("prose", "estimate_list_openers"))
_CURRENT_YEAR_OPENS = re.compile(r"(?:^|[,;:])\s*(?:[\[【][^\]】]{1,8}[\]】])?(?:" + alternation("prose", "current_year_openers") + ")")
_THIS_YEAR_WORDS = re.compile(r"^\s*(?:" + alternation("prose", "this_year_words") + ")")
_TOPIC = re.compile(r"^\s*(?:" + alternation("prose", "topic_openers") + ")")
_COUNT_UNITS = frozenset(words("prose", "count_units"))
_GENERIC_NOUNS = frozenset(words("prose", "generic_nouns"))
_NOUN_STOP = re.compile(alternation("prose", "noun_stops"))
_GAP = re.compile(alternation("prose", "gap_words"))
_SHARED_VERB = re.compile(r"\s*(?:全年|其中)?(" + alternation("prose", "shared_list_verbs") + ")")
_COUNT_VERB = re.compile("(?:" + alternation("prose", "count_verbs") + ")$")
_COUNT_VERB_START = re.compile(r"\s*(?:全年|今年|其中|当年)?((?:" + alternation("prose", "count_verbs") + ")+)")
# the noun a count stands before: up to a boundary, the next figure, or a verb (group 2) it is the subject of
_NOUN_AFTER = re.compile(r"([\u4e00-\u9fff“”A-Za-z\d()]{1,24}?)(?=[,;:、。!\n]|(?:和|及|与)\d|\d|$|("
                         + alternation("prose", "noun_stops") + "))")
_OUTCOME_OPENS = re.compile(r"[,:]\s*(?:" + alternation("prose", "outcome_verbs") + ")")
_TARGET_LIST = re.compile(r"[^,;:。]{0,16}?(?:(今年|明年|(?:19|20)\d{2}年)[^,;:。]{0,16}?)?(?:"
                          + alternation("prose", "target_list_openers")
                          + ")(?:(?:是|为|如下)?(?::|——|—)|(?:建议|是|为)(?=[^,;:。]{2,12}?\\d))")
_TARGET_CLOSER = re.compile(alternation("prose", "target_list_closers"))
# a short line that is only a list's title (2014年全市经济社会发展的主要预期目标建议): the list is the next line
_LIST_TITLE = re.compile("(?:" + alternation("prose", "target_list_openers") + ")(?:建议|如下)?$")
_RATE_OF = re.compile(r"^(?:" + alternation("prose", "rate_of_subject") + ")(?:为|达|达到)?$")
# a section reviewing several years (一、过去五年工作回顾): 累计 there adds up over them
_SPAN_WORDS = r"(?:过去的?|近|这)[两三四五六七八九十]年|[两三四五六七八九十]年(?:来|间)"
_SPAN_SECTION = re.compile(_SPAN_WORDS + r"|十[三四五]五")
# a paragraph that speaks of several years (五年来,…; 过去的五年,…; “十三五”时期…): its additions add up
_SPAN_LINE = re.compile(_SPAN_WORDS + r"|十[三四五]五[”\"’]?(?:时期|期间|以来)")
_SPAN_PREFIX = r"(?:[两三四五]年|五年来|三年来)"
_TOTAL_VERB = re.compile(r"^" + _SPAN_PREFIX + r"?(?:累计|再)?(?:" + alternation("prose", "total_verbs") + ")")
_SPAN_TOTAL = re.compile(r"^" + _SPAN_PREFIX + r"(?:累计|再)?(?:" + alternation("prose", "total_verbs") + ")")   # 五年来新增…
_SUBJECT_PARTS = frozenset(words("prose", "subject_parts"))
_CONTRIBUTION = re.compile(alternation("prose", "contribution_words"))
_ENUMERATED = re.compile(r"\s*(?:\d{1,2}[\.、．]|[(（]?[一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]是|其[一二三四五])")
_ENUMERATED_ANY = re.compile(r"(?:^|[;:])" + _ENUMERATED.pattern)   # an enumerated item opening a clause
_VALUE_FOLLOWER = re.compile(alternation("prose", "value_followers"))
_YEAR_BEFORE_PAREN = re.compile(r"((?:19|20)\d{2})年$")
# a clause that only compares the subject with another year (与2020年相比,两年平均增长2.5%) goes on with it
_COMPARED_WITH = re.compile(r"\s*(?:与|同|较|比)(?:19|20)\d{2}年(?:同期)?(?:相比|比较)?\s*[,]?\s*"
                            r"(?:[两三四五]年)?(?:平均|年均)?(?:增长|下降|提高|增加|减少)?\s*$")
_THRESHOLD_NOUN = re.compile(alternation("prose", "threshold_nouns"))
_QUALIFIED = re.compile(r"^(?:超过|超|首次突破|首破|突破|逾|达到|达)")
# a from–to pair: 由/从 [year or 上年] A … 到/至/为 [year] B (both figures of one indicator)
_FROM_START = re.compile(r"(?:由|从)(?:(上年|去年)(?:末|底)?|((?:19|20)\d{2})年(?:末|底)?)?的?\s*$")
_MID_YEAR = re.compile(r"\s*、\s*((?:19|20)\d{2})年(?:末|底)?的\s*")
_FROM_TO_LINK = re.compile(r"(?:,\s*)?[^,;。:、]{0,6}?(?:到|至|为)(?:((?:19|20)\d{2})年(?:末|底)?)?的?\s*")
_STRUCTURE_WORDS = re.compile(alternation("prose", "structure_words"))
_PROGRESS = re.compile(r"(?:完成|达到|实现)[^,,;]*?(?:目标|计划|进度|序时)[^,,;]*?的?$"
                       r"|完成(?:年度|年初|全年|调整后?的?)预算的?$")   # (完成年度预算的100.2%)
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


_WHOLE_WITH_SEPARATOR = [w for w in WHOLE_NAMES if "、" in w]


def _whole_name_start(sub: str, seg_start: int, prev_end: int) -> int:
    """The start of a value's words whose 、 just before them is inside a whole name (第三产业中,交通运输、
    仓储和邮政业增加值增长7.2%): back to the boundary before the name; else ``seg_start``."""
    for w in _WHOLE_WITH_SEPARATOR:
        i = sub.find(w, max(prev_end, seg_start - len(w)), seg_start + len(w))
        if 0 <= i < seg_start < i + len(w):
            return max(prev_end, _last_of(sub, _BOUNDARY_CHARS, i) + 1)
    return seg_start


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


@dataclass
class _Sentence:
    """What a whole sentence says, fixed while its values are read."""
    sentence: str
    section: Section | None
    quote: str
    q0: int
    q1: int
    deadline: int | None = None               # 到2025年 anywhere in the sentence
    plan_match: re.Match | None = None        # a plan named in the sentence (“十四五”…)
    plan_end: int | None = None               # ... with 末/期间/年均/目标: its end year
    structure: list = field(default_factory=list)        # sector structure ratios (6.8:43.0:50.2)
    structure_spans: list = field(default_factory=list)
    list_match: re.Match | None = None        # a table copied as a list line: 地区生产总值(亿元):…
    line_subject: str = ""
    line_unit: str = ""
    clause_years: list = field(default_factory=list)   # (position, year) of years opening a clause
    pair_years: tuple | None = None           # (start, end) years of the last from–to pair that said them
    target_list_at: int | None = None         # where a list of targets (主要预期目标是:…) starts
    estimate_list_at: int | None = None       # where a list of estimates (预计完成情况如下:…) starts
    target_list_year: int | None = None       # ... and the year it names (2024年, 今年, 明年)
    carried_period: str = ""                  # the part of the year a sentence before in the line opened with

    def year_before(self, pos: int, clause_start: int) -> int | None:
        """The year that opened the last clause before ``pos`` (2024年,全市…;一般公共预算收入…; 2020年…,
        2021年全市实现…;全市完成财政总收入…: 2021); but a ';' clause that opens an enumerated item
        (1.…,2024年完成28.8%;2.…) takes no year from the items before it, only the sentence's own."""
        fresh = _ENUMERATED.match(self.sentence, clause_start) is not None
        year = None
        for at, y in self.clause_years:
            if at >= pos:
                break
            if at <= 3 or at >= clause_start or not fresh:
                year = y
        return year


@dataclass
class _Clause:
    """One ';' clause of a sentence: its text, offset and figures (offsets within the clause), and
    what its opening says (上年, …: a prior year's figures; 1—11月,…: a period)."""
    text: str
    start: int
    nums: list
    prior: bool
    period: str
    pairs: dict = field(default_factory=dict)   # figure index -> (label, year, note, label start) of a from–to pair
    count_end: int = -1                         # where the last counted noun ended (11个项目、31个…)

    @staticmethod
    def of(sentence: str, sub0: int, sub1: int, all_nums: list[Num]) -> "_Clause":
        sub = sentence[sub0:sub1]
        nums = all_nums if sub0 == 0 and sub1 == len(sentence) else [
            # a figure never spans a ';', and what find_numbers looks at around a figure is the same
            # in the clause as in the sentence: the clause's figures, shifted (fresh objects)
            Num(n.start - sub0, n.end - sub0, n.value, n.value_high, n.unit, n.qualifier, n.text)
            for n in all_nums if sub0 <= n.start and n.end <= sub1]
        prior = bool(_rx(r"^\s*(?:去年同期|上年同期|去年|上年)\s*[,,]").match(sub))
        period = ""
        mp = _rx(r"^\s*(?:截至|截止|今年|去年|(?:19|20)\d{2}\s?年)?((?:第)?一季度|上半年|前三季度|1[-—~至到]\d{1,2}月(?:份)?|\d{1,2}月(?:份)?"
                 r"(?:末|底)?)\s*[,,:]").match(sub)
        if mp:
            _, period = label_period(mp.group(1))
        return _Clause(sub, sub0, nums, prior, period)


@dataclass
class _Flow:
    """What carries from value to value, and clause to clause, within a sentence."""
    subject: str = ""                  # last explicit label
    subject_measure: str | None = None
    subject_region: str = ""           # whose figure the subject was (萧山区实现地区生产总值…: 萧山区)
    subject_unit: str = ""
    carried: str = ""                  # a subject carried in from the sentence before (其中…)
    carried_region: str = ""
    carried_estimate: bool = False     # 预计 reaches into a following 其中 sentence
    run: list = field(default_factory=list)        # level facts of the last clause that had any (A 1亿元、B 2亿元)
    run_clause: tuple | None = None
    recent_levels: list = field(default_factory=list)   # level facts of this clause group, for 分别
    clause_levels: list = field(default_factory=list)   # level facts of this clause (to its ';'), for 分别
    pending_distribution: list | None = None       # items of a 分别 list still to be given values
    pending_periods: list | None = None
    last_list: list = field(default_factory=list)
    list_done: bool = False            # the last figures completed a 分别 list
    dist_index: int = 0
    dist_measure: str | None = None
    last_measure_word: str | None = None
    topic_measure: str | None = None   # the measure a topic opener names (从“增速”来看)
    topic: str = ""                    # the indicator a topic opener names (在固定资产投资上,全区达到…)
    clause_before: str = ""            # the subject of the ';' clause before
    share_base: str = ""               # what the subject, a share, is a share of
    dist_share: str = ""               # the whole a 分别占…的 list's items are shares of
    subject_period: str = ""           # the part of the year the subject's figure was for (一季度GDP…,增长5.6%)
    plan_next: tuple = ()              # (clause, figure index) of the rate after a plan figure (…710亿元的89.4%)


@dataclass
class _Value:
    """One figure's reading, filled stage by stage."""
    n: Num
    k: int
    seg_start: int
    raw_label: str
    continuation: bool
    pair_year: int | None = None       # the year a from–to pair gives the figure
    counted: bool = False              # a count before its noun (新增3家上市公司)
    set_list: bool = False             # a set's items (城乡) take the figures listed after it, 分别 unsaid
    paren_year: bool = False
    compared: bool = False             # another region's rate the subject is compared with (高于全省(4.9%)、金华(5.5%))
    label: str = ""
    full_label: str = ""
    year: int | None = None
    explicit_year: int | None = None
    deadline: bool = False
    prior_year: bool = False
    period: str = ""
    region: str = ""
    region_only: bool = False
    unit_note: str = ""
    stretch: bool = False
    distribute: list | None = None
    period_list: list | None = None
    stock: bool = False
    progress: bool = False
    plan_figure: bool = False          # the subject's plan for the year (完成年计划710亿元的89.4%: 710)
    mword: str | None = None
    labels: list = field(default_factory=list)
    rule: str = ""
    from_list: bool = False
    from_subject: bool = False
    measure: str = "level"
    value: float | None = None
    unit: str = ""
    extra_label: str = ""
    status: str = ""
    sub_estimate: bool = False
    qualifier: str = ""
    plan: str = ""
    base_year: int | None = None


def _implausible(n: Num) -> bool:
    """A figure no region reports: over 1000万亿元 (more than China's output many times over), or eleven
    digits and more in any other unit — separators lost in copying (23323395346268亿元 for three amounts)."""
    base, amount = to_base(n.value, n.unit)
    if base in ("元", "美元") and amount is not None:
        return abs(amount) > 1e15
    return len(_rx(r"\d[\d,]*").search(n.text).group(0).replace(",", "")) >= 11


@lru_cache(maxsize=1 << 16)
def _only_a_region(label: str) -> bool:
    """A label that is only a region's name (辽宁, 海南, 分别是上海): it names no indicator."""
    core = _rx(r"^(?:分别是|分别为|依次为|其中|包括|有)").sub("", label)
    return 2 <= len(core) <= 8 and any(canonical_region(core + tail) for tail in ("", "省", "市"))


def _own_measure_item(raw_label: str) -> bool:
    """分别增长3.1%和下降2.2%: the next item of a list, joined by 和/、 and saying only its own measure."""
    if not raw_label or raw_label[0] not in "和、及与":
        return False
    core, mword = measure_tail(raw_label[1:].strip())
    return bool(mword) and not core.strip()


# kinds of report given before their year is over: a figure of their own year is an estimate
# (news and statistics pages on the year so far give results of the months passed)
_SPEAKS_BEFORE_YEAR_END = frozenset({"annual_plan", "work_report", "plan_notice", "plan_report", "five_year_plan",
                                     "midterm_review", "plan_review"})


def _estimate_reaches(scope: str) -> bool:
    """Whether a 预计 before the value governs it: it reaches over the comma-joined clauses after it,
    up to a new verb of outcome opening a clause (预计全年增长6%,完成一般公共预算收入135亿元: 135 is a result)."""
    last = None
    for last in ESTIMATE.finditer(scope):
        pass
    return last is not None and not _OUTCOME_OPENS.search(scope, last.end())


class ProseParser:
    def __init__(self, doc: DocInfo, region_names: list[str]):
        self.doc = doc
        self.region_names = region_names  # full region names, longest first
        # one search tells whether a label holds any region name at all (most hold none)
        self.regions = region_names_of(region_names)
        self.scope = scope_regions(doc.region or "")    # the regions 全国/全省/全市 name here
        self.home_city = (city_of(doc.region) if doc.region else None) or HOME_CITY   # (a 全市 label of the city's own report keeps its words)
        self.heading = ""                 # the innermost heading, set by the document parser
        self.carry_subject = ""           # the last subject of the previous sentence in this line
        self.carry_subject_region = ""    # ... and the region its figure belonged to
        self.carry_estimate = False       # the previous sentence opened with 预计
        self.estimates_below = False      # a note said the figures from here on are estimates (预计数,下同)
        self.line_estimate = False        # this paragraph opened with 初步预计, : its figures of the year are estimates
        self.span_line = False            # this line (paragraph) has spoken of several years (五年来,…)
        self.span_before: re.Match | None = None   # ... in a sentence before the current one: its words
        self.next_list: int | None = None   # a line ended opening a list of targets (…主要预期目标:): its year (0: none said)
        self.list_carry: int | None = None  # ... which this line is
        self.list_end = 0                   # where that line ended (the list is the line right after it)
        self.line_pair_years: tuple | None = None   # (start, end) years of the last from–to pair of this line
        self.carry_year: int | None = None          # the year that opened the last sentence of this line
        self.carry_period = ""                      # ... and the part of it (2019年上半年,…: H1)
        self.section_years: dict[tuple, Counter] = {}   # years inside its plan said so far, per section
        self.topic_year: tuple = (None, None)
        self.line_subject: tuple = (None, "", "")         # (section, subject, region) the last line ended with
        self.line_year: tuple = (None, None, "")          # (section, year, period) of the last line's last figure
        self.findings: list[tuple[str, str, str]] = []    # (kind, location, message) for the quality log             # (section, year) of the last 2024年是…的一年

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
        if ("计" in scope_text or "估" in scope_text or "有望" in scope_text) and _estimate_reaches(scope_text):
            return "estimate"
        if deadline or TARGET_STRONG.search(label_text):
            return "target"
        sec_year = section.year if section else None
        sec_mode = section.mode if section and section.mode else ("target" if self.doc.kind == "plan_notice" else None)
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
                return "estimate" if self.doc.kind in _SPEAKS_BEFORE_YEAR_END and not self.doc.interim else "actual"
        mode = sec_mode
        y = year or self._default_year(section, "actual")
        if mode is None:
            if pub is not None and y is not None and y > pub:
                return "target"
            mode = "target" if self.doc.kind == "five_year_plan" else "actual"
        if mode == "actual":
            if pub is not None and y is not None and y >= pub:
                if y == pub:
                    return "estimate" if self.doc.kind in _SPEAKS_BEFORE_YEAR_END and not self.doc.interim else "actual"
                return "target"
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
                    core = clean_label(measure_tail(word)[0])
                    shared = core if core and not is_generic(core) else \
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
        # (only the very next line: a table read in between is not that list)
        self.list_carry = self.next_list if self.next_list is not None and \
            not raw[self.list_end:line_start].strip() else None
        self.next_list = None
        t = text.rstrip()
        opener = _TARGET_LIST.search(t if t.endswith(":") else t + ":") if "目标" in t and (
            t.endswith(":") or (len(t) <= 40 and _LIST_TITLE.search(t))) else None
        if opener and opener.end() >= len(t):
            said = YEAR_IN.search(opener.group(0))   # (长兴提出2023年主要预期目标:)
            self.next_list = self._year_word(opener.group(1)) or (int(said.group(1)) if said else 0)
            self.list_end = line_start + len(text)
        self.line_estimate = "计" in text[:8] and _ESTIMATE_LINE.match(text) is not None
        if not self.estimates_below and "下同" in raw[line_start:line_start + len(text)]:
            self.estimates_below = bool(_ESTIMATE_BELOW.search(raw, line_start, line_start + len(text)))
        if "百分之" in text:
            text, words_map = _percent_words(text)
        else:
            words_map = None
        if not _DIGIT.search(text) or _FOOTNOTE.match(text):
            return []   # 注: / 附注: lines state definitions and scopes, not facts
        if self.line_year[1] and self.line_year[0] == id(section) and _CONTINUES.match(text):
            # 去年全年,象山县的地区生产总值为770.15亿元。(new paragraph) 其中,第一产业…: that year's parts
            self.carry_year, self.carry_period = self.line_year[1], self.line_year[2]
        sq, idx = squeeze(text)
        if words_map is not None:
            idx = [words_map[i] for i in idx]
        facts: list[Fact] = []
        span = _SPAN_LINE.search(sq) if "年" in sq else None
        for s0, s1 in _digit_sentences(sq):
            sentence = sq[s0:s1]
            self.span_line = span is not None and span.start() < s1
            # (五年来,城市综合实力显著增强。地区生产总值从A增加到B: the span said by a sentence before)
            self.span_before = _YEARS_SPAN.search(sq, 0, s0) if span is not None and span.start() < s0 else None
            q0 = line_start + idx[s0]
            q1 = line_start + idx[s1 - 1] + 1
            quote = raw[q0:q1].strip()
            if section is not None and section.plan in PLANS:
                b_, e_ = PLANS[section.plan]
                seen = self.section_years.setdefault((section.level, section.text), Counter())
                if "年" in sentence:
                    seen.update(y for y in (int(m.group(2)) for m in YEAR_RE.finditer(sentence)) if b_ < y <= e_)
            self._note_topic_year(sentence, section)
            facts.extend(self._parse_sentence(sentence, section, quote, q0, q1))
        # a line (paragraph) ends a subject, but the next paragraph may go on with it (分区县看, 从“增速”来看)
        self.line_subject = (id(section), self.carry_subject, self.carry_subject_region)
        self.carry_subject = self.carry_subject_region = ""
        self.line_pair_years = None
        self.carry_year = None
        self.line_year = (id(section), facts[-1].year, facts[-1].period) if facts else (None, None, "")
        return facts

    def _note_topic_year(self, sentence: str, section: Section | None) -> None:
        """2024年是…的一年: the year that 这一年 / 一年来 in the sentences after it speak of (within
        the section)."""
        m = _TOPIC_YEAR.match(sentence) if "是" in sentence else None
        if m:
            self.topic_year = (id(section), int(m.group(1)))

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
            label, mword = measure_tail(label)
            label = clean_label(label)
            if not label or len(label) < 2 or is_generic(label):
                label = _rx(r"^(?:完成|确保完成)?(?:省市|市|省|上级)?下达(?:的)?").sub("", m.group(0)) or m.group(0)
            measure = "growth" if mword in ("growth", "avg_growth") or _rx(r"增长|增速").search(item[: m.end()]) else "level"
            out.append(Fact(label, None, None, "%" if measure == "growth" else "", measure, "target", "", year, "",
                            self.doc.region, quote, q0, q1, value_text=m.group(0), context=self.heading,
                            note="定性目标", rule="prose.qualitative_target"))
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
        """The facts of one sentence, read in named stages: the sentence's own context, its sector
        structure and qualitative targets, then each ';' clause and each value in it."""
        all_nums = find_numbers(sentence)
        m_open = _OPENING_YEAR.match(sentence) if "年" in sentence[:12] else None
        opening = int(m_open.group(1)) if m_open else None   # (a year opening the sentence: [2] 2018年,…)
        carried = (self.carry_year, self.carry_period) if self.carry_year and opening is None \
            and not YEAR_IN.search(sentence) else None
        if opening is not None:
            self.carry_period = label_period(m_open.group(0))[1]
        self.carry_year = opening if opening is not None else (self.carry_year if carried else None)
        if not self._may_hold_facts(sentence, all_nums):
            self.carry_estimate = bool(ESTIMATE.search(sentence[:12]))
            return []   # the same as the full reading below gives, at a fifth of the cost
        ctx = self._sentence_context(sentence, section, quote, q0, q1)
        if carried:
            # 2018年,全县实现生产总值…。其中,第一产业…: 2018's; 2019年上半年,…。规上工业…: 2019's first half
            ctx.clause_years.insert(0, (0, carried[0]))
            ctx.carried_period = carried[1]
        flow = _Flow()
        if _CONTINUES.match(sentence):
            # a 其中 sentence continues the subject (and its 预计) of the sentence before
            flow.carried, flow.carried_region = self._previous_subject(section)
            flow.carried_estimate = self.carry_estimate
        self.carry_estimate = bool(ESTIMATE.search(sentence[:12]))
        topic = _TOPIC.match(sentence) if ("看" in sentence[:24] or "在" in sentence[:3]) else None
        if topic:
            self._topic_subject(flow, next(g for g in topic.groups() if g), section)
        facts = self._structure_facts(ctx)
        if "目标" in sentence and _rx(r"预期目标|主要目标").search(sentence):
            facts.extend(self._qualitative_targets(sentence, section, quote, q0, q1))
        for sub0, sub1 in split_keep(sentence, ";"):
            self._parse_clause(ctx, flow, _Clause.of(sentence, sub0, sub1, all_nums), facts)
        if flow.subject:
            self.carry_subject, self.carry_subject_region = flow.subject, flow.subject_region
        return facts

    def _previous_subject(self, section: Section | None) -> tuple[str, str]:
        """The subject (and its region) of the sentence before: in this line, or ending the line before
        in the same section."""
        if self.carry_subject:
            return self.carry_subject, self.carry_subject_region
        sec, subject, region = self.line_subject
        return (subject, region) if sec == id(section) else ("", "")

    def _topic_subject(self, flow: _Flow, topic: str, section: Section | None) -> None:
        """从“地区生产总值”来看,余杭区(2502.2亿元)、…: the topic is the subject of the figures after it; a
        topic that is only a measure (从“增速”来看) names the measure of the subject before."""
        core, mword = measure_tail(clean_label(topic))
        core = clean_label(core)
        if core and not is_generic(core):
            flow.carried, flow.carried_region, flow.topic = core, "", core
        elif mword and self._previous_subject(section)[0]:
            flow.carried, flow.carried_region = self._previous_subject(section)[0], ""
        flow.topic_measure = mword

    # ------------------------------------------------------------------ sentence stage
    def _sentence_context(self, sentence: str, section: Section | None, quote: str, q0: int, q1: int) -> _Sentence:
        """What the whole sentence says: a deadline (到2025年), a plan named with its end, a table
        copied as a list line (地区生产总值(亿元):…) and its unit, sector structure spans."""
        ctx = _Sentence(sentence, section, quote, q0, q1)
        m = _rx(r"(?:^|[,;:、(\s])(?:到|至)((?:19|20)\d{2})年").search(sentence) \
            if ("到" in sentence or "至" in sentence) else None
        if m:
            ctx.deadline = int(m.group(1))
        ctx.plan_match = PLAN_RE.search(sentence)
        if ctx.plan_match and _rx(r"末|期间|时期|年均|目标").search(sentence):
            ctx.plan_end = PLANS[ctx.plan_match.group(0)][1]
        # 三次产业结构为6.8:43.0:50.2 (由2015年的…调整为2020年的…) — shares of the three sectors
        ctx.structure = [ms for ms in _STRUCTURE_ANY.finditer(sentence)
                         if _STRUCTURE_WORDS.search(sentence[: ms.start()])] if sentence.count(":") >= 2 else []
        ctx.structure_spans = [m.span() for m in ctx.structure]
        if "年" in sentence:
            ctx.clause_years = [(m.start(1), int(m.group(1))) for m in _CLAUSE_YEAR.finditer(sentence)]
        if "今年" in sentence and self.doc.dated and self.doc.published_year:
            # 今年1至6月,…: the year the text was written in (a year the body names may be another)
            ctx.clause_years = sorted(ctx.clause_years + [(m.end(), self.doc.published_year)
                                                          for m in _CURRENT_YEAR_OPENS.finditer(sentence)])
        if self.topic_year[0] == id(section) and _THIS_YEAR_WORDS.match(sentence):
            ctx.clause_years.insert(0, (0, self.topic_year[1]))   # 2024年是…的一年。这一年,全市…
        elif ("去年" in sentence[:10] or "上年" in sentence[:10] or "过去" in sentence[:10]) and self.doc.dated \
                and self.doc.published_year \
                and _LAST_YEAR_OPENS.match(sentence):
            # 去年面对…,全市…实现生产总值…: the year before the one the text was written in
            ctx.clause_years.insert(0, (0, self.doc.published_year - 1))
        me = _ESTIMATE_LIST.search(sentence) if "计" in sentence or "估" in sentence else None
        ctx.estimate_list_at = me.end() if me else None
        mt = _TARGET_LIST.search(sentence) if "目标" in sentence else None
        closer = _TARGET_CLOSER.search(sentence) if "目标" in sentence and not mt else None
        if closer and find_numbers(sentence[closer.start():]) == []:
            # 2023年,地区生产总值增长6%左右,…增长7%……为实现这些预期目标,…: every figure before is a target
            y = _rx(r"^\s*((?:19|20)\d{2}年|今年|明年)").match(sentence)
            ctx.target_list_at, ctx.target_list_year = 0, self._year_word(y.group(1) if y else None)
        if not mt and self.list_carry is not None:
            # 长兴提出2023年主要预期目标: (end of the line before) / 地区生产总值增长6.5%左右,…: the list
            ctx.target_list_at, ctx.target_list_year = 0, self.list_carry or None
        if mt:   # 2024年主要预期目标是:… / 今年经济社会发展的主要预期目标为:…: the list after it is targets
            ctx.target_list_at = mt.end()
            ctx.target_list_year = self._year_word(mt.group(1))
            if ctx.target_list_year is None and ctx.plan_match and ctx.plan_match.start() < mt.end():
                ctx.target_list_year = PLANS[ctx.plan_match.group(0)][1]   # “十四五”时期…的主要目标是: its end year
        ml = ctx.list_match = _list_line(sentence)
        if ml and (ml.group(2) in ("%", "‰") or _rx(r"^[万亿千]?(?:元|美元|人|户|件|家|个|亩|吨|公里|岁|天|年|平方米)").match(
                ml.group(2)) or "/" in ml.group(2)):
            ctx.line_subject, ctx.line_unit = clean_label(ml.group(1)), ml.group(2)
        return ctx

    def _structure_facts(self, ctx: _Sentence) -> list[Fact]:
        """The three sectors' shares of a structure ratio (三次产业结构为6.8:43.0:50.2)."""
        facts = []
        for ms in ctx.structure:
            yb = _rx(r"((?:19|20)\d{2})年的?\s*$").search(ctx.sentence[max(0, ms.start() - 8):ms.start()])
            y = int(yb.group(1)) if yb else (ctx.year_before(ms.start(), 0) or self._default_year(ctx.section, "actual"))
            if not yb and y and _rx(r"(?:上年|去年)(?:末)?的?\s*$").search(ctx.sentence[max(0, ms.start() - 6):ms.start()]):
                y -= 1   # 由上年的7.6:45.8:46.6调整为…: the year before's structure
            st = self._status(ctx.section, ctx.sentence[: ms.start()], "", y, False)
            if st == "actual" and (self.estimates_below or self.line_estimate) and y == self.doc.actual_year:
                st = "estimate"
            for k_, name in enumerate(("三次产业结构第一产业占比", "三次产业结构第二产业占比", "三次产业结构第三产业占比")):
                facts.append(Fact(name, float(ms.group(k_ + 2)), None, "%", "level", st, "", y, "", self.doc.region,
                                  ctx.quote, ctx.q0, ctx.q1, value_text=ms.group(0), context=self.heading,
                                  note="由三次产业结构比例读出", rule="prose.structure_ratio"))
        return facts

    # ------------------------------------------------------------------ clause stage
    def _parse_clause(self, ctx: _Sentence, flow: _Flow, cl: _Clause, facts: list[Fact]) -> None:
        """The values of one ';' clause. A clause names its own subject, unless it only goes on
        with the one before (全年预计完成98.2亿元) or its sentence continues another (其中…)."""
        opener = cl.text[:cl.nums[0].start] if cl.nums else ""
        if not flow.carried and flow.subject and cl.nums and (
                (_GOES_ON.match(opener)
                 and is_generic(clean_label(label_period(opener)[0].replace("全年", ""))))
                or _COMPARED_WITH.match(opener)):
            flow.carried, flow.carried_region = flow.subject, flow.subject_region
        if not flow.carried:
            flow.subject_period = ""
        flow.clause_before = flow.subject or flow.clause_before   # for a place said with only 总量 (_subject_label)
        flow.subject, flow.subject_measure = flow.carried or ctx.line_subject, None
        flow.subject_region = flow.carried_region if flow.carried else ""
        flow.carried = flow.carried_region = ""
        flow.recent_levels = []             # level facts of this clause group, for 分别
        flow.clause_levels = []
        flow.subject_unit = ""
        cl.pairs = self._from_to(ctx, cl) if ("由" in cl.text or "从" in cl.text) and len(cl.nums) >= 2 else {}
        prev_end = 0
        for k, n in enumerate(cl.nums):
            v = self._open_value(ctx, flow, cl, k, n, prev_end)
            if v is None:
                continue
            prev_end = n.end
            self._read_value(ctx, flow, cl, v, facts)

    def _from_to(self, ctx: _Sentence, cl: _Clause) -> dict[int, tuple]:
        """From–to pairs (地区生产总值从2012年的520亿元跃升至2023年的1050亿元; 由上年的A调整为B; 由A增加到B):
        both figures take the words before 由/从 as their label; the first its own year, or the year
        before the second's (上年, or no year said in an annual report), or the plan's base year in a
        plan review; the second its own year when said."""
        sub, nums, out = cl.text, cl.nums, {}
        for k in range(len(nums) - 1):
            if k in out:
                continue
            if self._paired_lists(ctx, cl, k, out):
                continue
            n1, n2 = nums[k], nums[k + 1]
            lo = max(0, n1.start - 12)
            m1 = _FROM_START.search(sub[lo:n1.start])
            mid = _MID_YEAR.fullmatch(sub, n1.end, n2.start) if m1 and k + 2 < len(nums) else None
            if mid and _FROM_TO_LINK.fullmatch(sub, n2.end, nums[k + 2].start):
                # 从2012年的3.5万亿元、2014年的4万亿元跃升至2017年的51768亿元: a stage on the way
                out[k + 1] = ("", int(mid.group(1)), "", 0)   # (label settled with the pair below)
                n2 = nums[k + 2]
            m2 = _FROM_TO_LINK.fullmatch(sub, n1.end if not mid else nums[k + 1].end, n2.start)
            if not m1 or not m2 or (n1.unit and n2.unit and to_base(1, n1.unit)[0] != to_base(1, n2.unit)[0]):
                out.pop(k + 1, None)
                continue
            start = _last_of(sub, _BOUNDARY_CHARS, lo + m1.start()) + 1
            label = sub[start:lo + m1.start()]   # (empty: the pair takes the subject before it)
            if _DIGIT.search(label):
                continue
            y2 = int(m2.group(1)) if m2.group(1) else None
            y1, y2, note = self._pair_years(ctx, cl.start + n1.start, m1, y2)
            if k + 1 in out:
                out[k + 1] = (label, out[k + 1][1], "", start)
            out[k] = (label, y1, note, start)
            out[nums.index(n2)] = (label, y2, "", start)
        return out

    def _paired_lists(self, ctx: _Sentence, cl: _Clause, k: int, out: dict) -> bool:
        """城乡居民人均可支配收入从30903元、15764元增加到65377元、39506元: two lists of as many figures as
        the label names items (城乡: 城镇, 农村), each item its own from–to pair."""
        sub, nums = cl.text, cl.nums
        joined = _rx(r"\s*(?:、|和|及)\s*")
        for m in (2, 3, 4):
            if k + 2 * m > len(nums) or not all(joined.fullmatch(sub, nums[j].end, nums[j + 1].start)
                                                for j in list(range(k, k + m - 1)) + list(range(k + m, k + 2 * m - 1))):
                continue
            lo = max(0, nums[k].start - 12)
            m1 = _FROM_START.search(sub[lo:nums[k].start])
            m2 = _FROM_TO_LINK.fullmatch(sub, nums[k + m - 1].end, nums[k + m].start)
            if not m1 or not m2:
                continue
            start = _last_of(sub, _CLAUSE_CHARS, lo + m1.start()) + 1   # (the items may be joined by 、)
            items = distribute_items(_rx(r"(?:分别|均)$").sub("", clean_label(sub[start:lo + m1.start()])))
            if len(items) != m:
                return False
            y2 = int(m2.group(1)) if m2.group(1) else None
            y1, y2, note = self._pair_years(ctx, cl.start + nums[k].start, m1, y2)
            for i, item in enumerate(items):
                out[k + i], out[k + m + i] = (item, y1, note, start), (item, y2, "", start)
            return True
        return False

    def _pair_years(self, ctx: _Sentence, at: int, m1: re.Match, y2: int | None) -> tuple:
        """(start year, end year, note) of a from–to pair: the start year said (从2012年的); the year
        before (由上年的); those of an earlier pair in the sentence (由2012年的A增至2021年的B;财政总收入从C增至D);
        N years back in a span (五年间, 过去的十年, a section reviewing 过去五年); a plan's base year in a
        plan review; else the year before, said in the note."""
        if m1.group(2):
            ctx.pair_years = self.line_pair_years = (int(m1.group(2)), y2)
            return int(m1.group(2)), y2, ""
        end_year = y2 or self._default_year(ctx.section, "actual")
        if m1.group(1):
            return (end_year - 1 if end_year else None), y2, ""
        if ctx.pair_years and ctx.pair_years[1] and (y2 is None or y2 == ctx.pair_years[1]):
            return ctx.pair_years[0], ctx.pair_years[1], "起止年份同句中前一组"
        said = self.line_pair_years
        if said and said[1] and (y2 is None or y2 == said[1]):
            return said[0], said[1], "起止年份同段中前一组"   # 从2012年的A增加到2021年的B。财政总收入由C增至D
        section = ctx.section
        span = _YEARS_SPAN.search(ctx.sentence, 0, at) or self.span_before or \
            (_YEARS_SPAN.search(section.text) if section else None)
        if span and end_year:
            return end_year - _cn_number(span.group(1) or span.group(2)), y2, f"起始值为{span.group(0)}之初"
        if section and section.plan in PLANS and self.doc.kind != "annual_plan":
            return PLANS[section.plan][0], y2, "起始值年份未注明,按规划基期计"
        return (end_year - 1 if end_year else None), y2, "起始值年份未注明,按上年计"

    def _counted_noun(self, cl: _Clause, k: int, n: Num, raw_label: str) -> str | None:
        """A count before its noun (完成11个数字化改造项目、31个工厂物联网项目; 新增3家上市公司; 全市672家规上
        工业企业累计实现产值…): the noun, up to a boundary, a verb or the next figure; None when the
        number only modifies a noun (35岁以下大学生, 超5000万元企业)."""
        if n.unit not in _COUNT_UNITS or n.text.endswith(("以上", "以下", "以内")) or n.qualifier:
            return None
        sub = cl.text
        m = _NOUN_AFTER.match(sub, n.end)
        if not m or len(m.group(1)) < 2 or _NOUN_STOP.match(sub, n.end):
            return None
        noun, stop = _rx(r"建设$").sub("", m.group(1)), m.group(2) or ""
        if noun in _GENERIC_NOUNS or len(noun) < 2:
            return None
        words = _rx(r"^(?:.*?\d{4}年(?:末|底)?)?(?:全市|全区|全县|全省|全年|其中|年末|[,\s])*").sub("", raw_label)
        counted_before = cl.count_end >= 0 and \
            _rx(r"\s*(?:、|和|及|与|,)?\s*").fullmatch(sub[cl.count_end:n.start]) is not None
        alone = not words and not stop and len(noun) <= 8 and not sub[m.end():].strip(" 。;,.")   # (a cell: 9300个停车位。)
        if _COUNT_VERB.search(raw_label) or counted_before or (stop and not words and len(noun) <= 10) \
                or alone or self._listed_before(cl, n):
            return noun
        return None

    def _run_together(self, ctx: _Sentence, flow: _Flow, cl: _Clause, v: _Value) -> None:
        """分别为23323395346268亿元: figures whose separators were lost in copying, not one figure: a
        finding; the list's items still name the figures after it (分别增长4.2%5.0%6.7%)."""
        self.findings.append(("run_together_figures", ctx.quote[:40],
                              f"数字疑似粘连,未读取:{v.n.text}(原文分隔符可能丢失,请核对原文)"))
        if "分别" in v.raw_label:
            self._list_head(flow, cl, v)
            if v.distribute:
                flow.last_list, flow.list_done = list(v.distribute), True

    @staticmethod
    def _run_unit(cl: _Clause, k: int) -> str:
        """The unit of the last figure of the 、/和 run figure k starts."""
        j = k
        while j + 1 < len(cl.nums) and _rx(r"\s*(?:个)?\s*(?:、|和|及|与)\s*").fullmatch(
                cl.text, cl.nums[j].end, cl.nums[j + 1].start):
            j += 1
        return cl.nums[j].unit

    @staticmethod
    def _listed_before(cl: _Clause, n: Num) -> re.Match | None:
        """建成投用甲、乙、丙等8家卫生院: a count after the named items (…等) of a task verb's list; the verb."""
        if cl.text[n.start - 1:n.start] != "等":
            return None
        m = _COUNT_VERB_START.match(cl.text, _last_of(cl.text, _COMMA_CHARS, n.start) + 1, n.start)
        return m if m and m.group(1) else None

    def _open_value(self, ctx: _Sentence, flow: _Flow, cl: _Clause, k: int, n: Num, prev_end: int) -> _Value | None:
        """The value's words (the text since the last boundary or the previous value), or None when
        the figure is no value: part of a structure ratio, a name (25米), a number that modifies a
        noun (35岁以下, 5个指标), a bare figure with nothing to give it a meaning."""
        sub = cl.text
        seg_start = max(prev_end, _last_of(sub, _BOUNDARY_CHARS, n.start) + 1)
        if sub[seg_start - 1:seg_start] == "、":
            seg_start = _whole_name_start(sub, seg_start, prev_end)
        raw_label = sub[seg_start:n.start]
        between = sub[prev_end:n.start]
        if ctx.structure_spans and any(a <= cl.start + n.start < b for a, b in ctx.structure_spans):
            return None
        if n.unit == "个" and sub[n.end:n.end + 1] in ("、", "和") and self._run_unit(cl, k) == "个百分点":
            n.unit = "个百分点"   # 分别回升0.4个、0.2个和1.1个百分点: 个 is short for the unit said at the end
        if n.unit == "年" and _rx(r"来|以来|间|内").match(sub, n.end):
            return None   # 达到近7年来最高增速: a span of years, no figure
        if n.unit in ("个百分点", "百分点") and _CONTRIBUTION.search(raw_label):
            return None   # 分别拉动GDP增速0.06、1.83和2.31个百分点: contributions, not changes of the items
        phrase = sub[_last_of(sub, _COMMA_CHARS, n.start) + 1:n.start]   # back to the last comma
        compared = _COMPARED.search(phrase) if ("于" in phrase or "出" in phrase) else None
        if compared and n.unit in ("个百分点", "百分点"):
            return None   # 分别高于全省(4.9%)、金华(5.5%)2.4个百分点和1.8个百分点: gaps, not changes
        if compared and n.unit == "%" and sub[n.start - 1:n.start] == "(" and sub[n.end:n.end + 1] == ")" \
                and not _TARGET_IN_BRACKETS.search(sub, 0, n.start):
            said = list(_COMPARED.finditer(raw_label))
            place = raw_label[said[-1].end() if said else 0:-1].strip("、 ")   # 增速高于全省( / 、宁波(
            return _Value(n=n, k=k, seg_start=n.start, raw_label=place, continuation=False, compared=True)
        if n.unit and abs(n.value) >= 1e9 and _implausible(n):
            self._run_together(ctx, flow, cl, _Value(n=n, k=k, seg_start=seg_start, raw_label=raw_label,
                                                     continuation=False))
            return None
        if sub[n.start - 1:n.start] == "(" and sub[n.end:n.end + 1] == ")" and n.unit not in ("%", "‰"):
            then = _YEAR_BEFORE_PAREN.search(sub, 0, n.start - 1)
            if then:   # 达到1704亿元,是2012年(756亿元)的2.3倍: the subject's figure of that year
                return _Value(n=n, k=k, seg_start=n.start, raw_label="", continuation=False, pair_year=int(then.group(1)))
            if not (self.regions is not None and self.regions.any.search(raw_label)):
                return None   # 世界游泳锦标赛(25米): a name, not a value (but 余杭区(2502.2亿元) is the region's figure)
        if n.unit == "倍" and raw_label.endswith("的") and sub[:n.start].rstrip("的").endswith(")"):
            return None   # (…)的2.3倍: a multiple of the figure just named, not an indicator
        continuation = k > 0 and _rx(r"\s*(?:、|和|及|与|,|到|至)?\s*").fullmatch(between) is not None
        after = sub[n.end:n.end + 1]
        pair = cl.pairs.get(k)
        if pair is not None:   # one end of a from–to pair (由A增加到B): the pair's label and year
            return _Value(n=n, k=k, seg_start=pair[3], raw_label=pair[0], continuation=False, pair_year=pair[1],
                          unit_note=pair[2])
        if n.unit == "" and k + 1 < len(cl.nums) and cl.nums[k + 1].unit and \
                _rx(r"\s*(?:、|和|及|与)\s*").fullmatch(sub[n.end:cl.nums[k + 1].start]):
            n.unit = cl.nums[k + 1].unit   # 分别提高2.8和1.2个百分点: the unit is said once, after the last
        if n.unit == "" and sub[n.end:n.end + 1] in (",", ";", "。", "") and abs(n.value) < 1000 \
                and _RATE_VERB_BEFORE.search(sub, max(0, n.start - 4), n.start):
            n.unit = "%"   # 增长7.2; on a page that lost its % signs: a rate of growth is a percentage
        if ctx.line_unit and n.unit == "" and not n.text.endswith("%") and cl.start + n.start >= ctx.list_match.end():
            n.unit = "%" if ctx.line_unit == "%" else ctx.line_unit
        is_cjk_after = bool(after) and ("\u4e00" <= after <= "\u9fff" or after == "“")   # (16个“文化驿站”)
        ok_before = MODIFIER_OK_BEFORE.search(raw_label) or (
            _QUALIFIED.match(n.text) and _THRESHOLD_NOUN.match(sub, n.end)) or (
            _VALUE_FOLLOWER.match(sub, n.end))   # 突破400亿元大关, 达到301.5亿元迈进… (超5000万元企业: a noun's modifier)
        modifier = is_cjk_after and n.unit not in ("%", "‰", "个百分点", "百分点") and (
                (n.text.endswith(("以上", "以下", "以内")) and not ok_before) or
                (not ok_before and after not in "的增同比较分均和及与占等左以到至为缩扩降提减下上"))
        if is_cjk_after and n.unit in _COUNT_UNITS and (modifier or is_generic(clean_label(raw_label))):
            noun = self._counted_noun(cl, k, n, raw_label)
            if noun is not None:
                if 0 <= cl.count_end <= n.start and cl.count_end > seg_start:   # 11个A项目、31个B项目: B's own words
                    raw_label = _rx(r"^[、和及与,\s]+").sub("", sub[cl.count_end:n.start])
                elif (verb := self._listed_before(cl, n)) is not None:
                    raw_label = verb.group(1)   # (建成投用甲、乙等8家卫生院: 建成投用卫生院)
                cl.count_end = n.end + len(noun)
                return _Value(n=n, k=k, seg_start=seg_start, raw_label=raw_label + noun, continuation=continuation,
                              counted=True)
        if modifier or (n.unit == "岁" and (_AGE_GROUP_AFTER.match(sub, n.end) or n.value_high is not None)):
            return None   # (0-14岁的人口, 65岁及以上人口: an age group names the figure after it)
        if n.unit in _BARE_UNITS and not _rx(r"倍差|指数|系数|之比|收入比|倍$|比$|比为$|比为|结构为").search(
                raw_label + "|" + (flow.subject if _rx(r"^\s*(?:缩小|扩大|下降|降|提高|上升|由|\(?上年|\(?去年)").match(raw_label)
                                   else "")):
            return None
        return _Value(n=n, k=k, seg_start=seg_start, raw_label=raw_label, continuation=continuation)

    # ------------------------------------------------------------------ value stage
    def _read_value(self, ctx: _Sentence, flow: _Flow, cl: _Clause, v: _Value, facts: list[Fact]) -> None:
        """One value: its label words, list, indicator label, measure, year and status, plan span,
        then the facts (one per label) and what the next value inherits."""
        n = v.n
        if n.unit.endswith("/年") and len(n.unit) > 2:
            n.unit, v.unit_note = n.unit[:-2], "每年"
        # a value for another year in parentheses: 5000亿元(2024年3448亿元)
        v.paren_year = "(" in v.raw_label and _rx(r"[\(]\s*((?:19|20)\d{2})年\s*(?:力争|预计|约)?$").search(v.raw_label) is not None
        (v.label, v.year, v.deadline, this_year, v.prior_year, v.period, full_year, v.region,
         v.region_only) = read_label(v.raw_label, cl.prior, self.doc.region, self.regions)
        if v.region == self.doc.region and flow.subject_region in ("", self.doc.region) and self.regions is not None:
            v.region = self._clause_place(cl, v) or v.region
        if v.pair_year is not None:
            v.year, v.deadline = v.pair_year, False
        if v.year is None:
            self._clause_year(cl, v)
        if v.year is None and ctx.clause_years:
            v.year = ctx.year_before(cl.start + n.start, cl.start)   # a year governs the clauses after it
        if this_year:
            v.year = self.doc.published_year
        if not full_year and not v.period and cl.period:
            v.period = cl.period
        v.stretch = v.label in ("冲刺", "冲刺目标", "跳一跳冲刺目标")
        if v.stretch:
            v.label = ""
        raw_label = v.raw_label
        if (("恢复" in raw_label or "相当于" in raw_label) and _rx(r"恢复(?:到|至)|相当于\d{4}年").search(raw_label)) or (
                "分别" in raw_label and _PROGRESS.search(raw_label.strip()) and n.unit == "%"):
            # 分别恢复到2019年同期的103%和98% / 分别完成年度目标的128%和122%: ratios, not facts
            flow.pending_distribution = []
            return
        # 城乡居民人均可支配收入为60315元、39091元: a set's items take the figures listed after it, 分别 unsaid
        # (教育、科技、医疗卫生、社会保障和就业8.67亿元、0.96亿元、2.09亿元和2.26亿元: as many items as figures)
        v.set_list = "分别" not in raw_label and cl.text[n.end:n.end + 1] in ("、", "和", "及") and \
            (count := self._joined_count(cl, v.k)) >= 2 and (any(p.search(raw_label) for p, _ in SET_WORDS) or (
                "、" in (phrase := cl.text[_last_of(cl.text, _COMMA_CHARS, n.start) + 1:n.start])
                and not _DIGIT.search(phrase) and not _rx(r"分别|高于|低于|高出|快于|慢于").search(phrase)
                and len(distribute_items(clean_label(phrase), count)) == count))
        if "分别" in raw_label or v.set_list or (
                "均" in raw_label and _rx(r"(?<![年平人])均(?:增长|下降|提高|达到|为)?$").search(raw_label)):
            self._list_head(flow, cl, v)
        if v.paren_year:
            v.label = _rx(r"^(?:可|可以)?保持|不(?:下降|降低|减少|变)$").sub("", v.label)
        self._measure_word(cl, v)
        if not self._labels(ctx, flow, cl, v):
            return
        if v.rule == "prose.label" and v.labels and n.unit in _COUNT_UNITS \
                and cl.text[v.seg_start - 1:v.seg_start] == "、":
            verb = _SHARED_VERB.match(cl.text, _last_of(cl.text, _COMMA_CHARS, v.seg_start) + 1)
            if verb and not v.labels[0].startswith(verb.group(1)):
                # 新增国家级单项冠军9家、专精特新“小巨人”企业122家: the later items are additions too
                v.labels = [verb.group(1) + v.labels[0]] + v.labels[1:]
        if v.k in cl.pairs:
            v.rule = "prose.from_to"
        elif v.counted and v.rule == "prose.label":
            v.rule = "prose.count_before_noun"
        self._measure(ctx, cl, v)
        self._year_and_status(ctx, flow, cl, v, facts)
        v.qualifier = "冲刺" if v.stretch else n.qualifier
        for word, q in QUAL_WORDS:
            if word in raw_label and not v.qualifier:
                v.qualifier = q
        self._plan_span(ctx, cl, v)
        if v.from_subject and flow.subject_region and v.region == self.doc.region \
                and not _OWN_SCOPE.search(raw_label) and not (self.regions and self.regions.any.search(raw_label)):
            v.region = flow.subject_region   # 萧山区实现地区生产总值2000亿元,增长7%: the growth is 萧山区's too
        first_region = self._emit(ctx, v, facts)
        self._advance(flow, cl, v, facts, first_region)

    def _clause_year(self, cl: _Clause, v: _Value) -> None:
        """A year stated at the start of the clause or sentence (2019年, ...), or a clause that is
        only a year: (2025年,常住人口增长8万人."""
        sub, seg_start = cl.text, v.seg_start
        first_nian = sub.find("年", 0, seg_start)   # both readings need a 年 before the label
        if first_nian < 0:
            return
        prev_clause = sub[_last_of(sub, _PREV_CLAUSE_CHARS, max(seg_start - 1, 0)) + 1:seg_start]
        mc = _rx(r"\s*(到|至)?((?:19|20)\d{2})年(?:底|末)?\s*[,:]?\s*").fullmatch(prev_clause) \
            if "年" in prev_clause else None
        if mc:
            v.year, v.deadline = int(mc.group(2)), mc.group(1) in ("到", "至")
        elif first_nian < 12:
            # the last year before the label, if it starts within the first six characters (such a
            # match has its 年 at most six characters later)
            last_y = None
            for y_m in YEAR_RE.finditer(sub, 0, seg_start):
                if y_m.start() >= 6:
                    last_y = None
                    break
                if sub[y_m.end():y_m.end() + 1] not in ("版", "以", "起", "相", "比") \
                        and sub[y_m.start() - 1:y_m.start()] not in ("与", "较", "比", "同"):
                    last_y = y_m   # (2020年以来 / 2020年起 name a start, 与2015年相比 a base, not the year)
            if last_y is not None:
                v.year = int(last_y.group(2))
                v.deadline = last_y.group(1) in ("到", "至")

    def _list_head(self, flow: _Flow, cl: _Clause, v: _Value) -> None:
        """A list value (A、B分别增长 …; 一季度、上半年GDP分别增长 …; 办结率均为100%): the items it is
        distributed over, named from the clause start (across 、), and the measure words it shares."""
        sub, n = cl.text, v.n
        cstart = _last_of(sub, _CLAUSE_CHARS, n.start) + 1
        raw_clause = strip_years(sub[max(cstart, 0):n.start])[0]
        raw_clause = _rx(r"^(?:其中|同期|从季度看|分季度看)").sub("", raw_clause.strip())
        mper = _rx(r"^(?:(?:第)?[一二三四]季度|上半年|前三季度|1[-—~至到]\d{1,2}月|全年)"
                   r"(?:(?:、|和|及)(?:(?:第)?[一二三四]季度|上半年|前三季度|1[-—~至到]\d{1,2}月|全年))+").match(raw_clause)
        if mper:
            # 一季度、上半年、前三季度GDP分别增长…: the list runs over periods of one indicator
            v.period_list = [("" if x == "全年" else label_period(x)[1]) for x in _rx(r"、|和|及").split(mper.group(0)) if x]
            raw_clause = raw_clause[mper.end():]
        else:
            raw_clause = label_period(raw_clause)[0]
        clause = _rx(r"(?:按|以)[^,,;]*?(?:计算|折算|计)|同口径|可比口径").sub("", COMPARISON.sub("", raw_clause))
        clause = clean_label(clause)
        if "分别" in clause:
            head, _, tail = clause.partition("分别")
            measure_word = "分别" + tail
        else:
            head = _rx(r"(?<![年平人])均[^均]*$").sub("", clause)
            measure_word = clause[len(head):]
        if v.period_list:
            one = clean_label(head) or flow.subject
            if one:
                v.distribute = [one] * len(v.period_list)
                flow.pending_periods = v.period_list
            head = ""
        if _rx(r"^(?:[两三四五]年|五年来)?(?:年均|平均|年)?$").match(head) and head:
            head, measure_word = "", "年均" + measure_word   # 年均分别增长: over the listed items
        elif _rx(r"^(?:同比)?(?:增速|增幅|增长率|增长速度)$").match(head):
            head, measure_word = "", "分别" + head   # …,增速分别为4.4%、4.8%: over the items before
        items = distribute_items(head, self._joined_count(cl, v.k)) if head else []
        if head and "分别" in clause:
            items = self._with_comma_items(sub, cstart, head, self._joined_count(cl, v.k)) or items
        if v.distribute:
            pass
        elif head.startswith("占") and flow.last_list:
            v.distribute = [measure_tail(x)[0] + head for x in flow.last_list]   # …分别增长…,占…比重分别为…
        elif len(items) >= 2:
            v.distribute = self._region_list(items, measure_word, flow.subject) or items
        elif len(items) == 1 and "分别" not in clause and (earlier := self._comma_items(sub, cstart)):
            v.distribute = earlier + items   # 其中A,B、C投资,D均增长12%: each item
        elif len(items) == 1 and "分别" not in clause:
            measure_word = items[0] + measure_word.lstrip("均")   # 办结率均为100%: one item, its own label
        elif not head and "分别" in clause and flow.list_done and flow.last_list:
            v.distribute = list(flow.last_list)   # …分别增长A和B,两年平均分别增长C和D: the same items again
        elif not head and (before := self._items_of_clause_before(sub, cstart, self._joined_count(cl, v.k))):
            v.distribute = before   # A、B、C增加值实现正增长,增速分别为7.3%、5.1%和3.8%
        elif head in SUBJECT_MEASURES and "分别" in clause and (
                before := self._items_of_clause_before(sub, cstart, self._joined_count(cl, v.k))):
            v.distribute = [b + head for b in before]   # A、B、C等新兴产业保持快速增长,增加值分别增长…
        elif not head and not v.distribute and (flow.run or flow.recent_levels):
            v.distribute = self._earlier_items(flow, cl, v)
        v.label = measure_word

    @staticmethod
    def _items_of_clause_before(sub: str, cstart: int, count: int) -> list[str]:
        """The 、 list the comma clause before names (without figures), when it has as many items as
        the figures of a 分别 with no items of its own."""
        if count < 2 or cstart < 2:
            return []
        prev = sub[_last_of(sub, _CLAUSE_CHARS, cstart - 1) + 1: cstart - 1]
        if "、" not in prev or find_numbers(prev):
            return []
        prev = _rx(r"(?:均|都)?(?:实现|保持)?(?:正增长|较快增长|快速增长|稳定增长|两位数增长|增长较快|增长)$").sub("", prev)
        prev = _rx(r"等[^、]{0,16}$").sub("", prev)   # 健康制造、人工智能、数字经济等新兴产业保持快速增长势头
        prev = clean_label(_rx(r"^(?:从行业看|分行业看|其中)").sub("", prev))
        joined = ProseParser._with_comma_items(sub, _last_of(sub, _CLAUSE_CHARS, cstart - 1) + 1, prev, count)
        items = joined or distribute_items(prev, count)
        return items if len(items) == count else []

    @staticmethod
    def _with_comma_items(sub: str, cstart: int, head: str, count: int) -> list[str]:
        """其中,住宿和餐饮业,金融业,A、B增加值分别增长…: the items written as comma clauses back to the
        其中 come first, the clause's own after them, together as many as the figures; the measure noun
        the clause's items share (增加值) goes to the earlier ones too. [] when they do not add up."""
        earlier = ProseParser._comma_items(sub, cstart)
        if not earlier or len(earlier) >= count:
            return []
        rest = distribute_items(head, count - len(earlier))
        if len(rest) != count - len(earlier):
            return []
        tail = next((m for m in SUBJECT_MEASURES if all(r.endswith(m) for r in rest)), "")
        return [e if e.endswith(tail) else e + tail for e in earlier] + rest

    @staticmethod
    def _comma_items(sub: str, cstart: int) -> list[str]:
        """The items of a 均 list written as clauses of their own back to a 其中 (其中交通投资,生态环保、
        城市更新和水利设施投资,民间投资均增长12%): none when the clauses before hold figures or no 其中."""
        clauses = sub[:max(cstart - 1, 0)].split(",")
        out: list[str] = []
        for c in reversed(clauses):
            if not c.strip() or _DIGIT.search(c):
                return []
            core = c.strip()
            if core.startswith("其中"):
                out[:0] = distribute_items(core[2:]) or [core[2:]]
                return [x for x in out if x]
            out[:0] = distribute_items(core) or [core]
        return []

    def _earlier_items(self, flow: _Flow, cl: _Clause, v: _Value) -> list[str]:
        """分别 with no items of its own: the level facts just read (A 1亿元、B 2亿元,分别增长 …), as
        many as the values joined to this one by 、/和; each item keeps its own region."""
        k_vals = self._joined_count(cl, v.k)
        def items(facts: list[Fact]) -> list[str]:
            # each item keeps its own region (余杭区、萧山区GDP分别为…,分别增长…); a from–to pair is one item
            out = [(f.region if f.region != v.region and f.region in self.region_names else "") + f.label_raw
                   for f in facts]
            return list(dict.fromkeys(out))
        run, recent = items(flow.run), items(flow.recent_levels)
        if len(run) < k_vals and len(recent) < k_vals:
            # A 1356亿元,增长14.6%,B 444亿元,增长14.9%,比2011年分别增长…: the clause's levels, growth between
            clause = items(flow.clause_levels)
            return clause[-k_vals:] if len(clause) >= k_vals else run
        return run if len(run) >= k_vals else recent[-k_vals:]

    @staticmethod
    def _joined_count(cl: _Clause, k: int) -> int:
        """How many figures from the k-th on are joined by 、/和/及/与/, only (5.2%和6.8%: two)."""
        sub, nums, count = cl.text, cl.nums, 1
        for j in range(k + 1, len(nums)):
            if not _rx(r"\s*(?:、|和|及|与|,)?\s*").fullmatch(sub[nums[j - 1].end:nums[j].start]):
                break
            count += 1
        return count

    def _year_word(self, y: str | None) -> int | None:
        """The year 2024年, 今年 or 明年 names (the last two counted from the year the text came out)."""
        if y and y[0].isdigit():
            return int(y[:4])
        pub = self.doc.published_year
        return pub if y == "今年" else pub + 1 if y == "明年" and pub else None

    def _clause_place(self, cl: _Clause, v: _Value) -> str:
        """The place a ';' clause opens with in a comma segment of its own, with no figure (其中海宁市超千亿元,
        GDP总量为1030.78亿元,增速为2%): the figures after it in the clause are that place's."""
        head = _rx(r"^\s*(?:其中[,,]?\s*)?").sub("", cl.text[:v.seg_start])
        m = self.regions.any.match(head)
        if not m or m.group(0) == self.doc.region or m.group(0) not in self.region_names:
            return ""
        own, comma, later = head[m.end():].partition(",")
        if not comma or _DIGIT.search(own) or self.regions.any.search(own) or _rx(r"^\s*[、和与及]").match(own) \
                or self.regions.any.search(later) or _OWN_SCOPE.search(later):
            return ""   # (桐庐县、淳安县…和临安区山区发展加快,…: several places, the figure is not one's)
        return m.group(0)

    def _measure_word(self, cl: _Clause, v: _Value) -> None:
        """The measure the label's last words say (增长, 年均增长, 下降 …), taken off the label."""
        n = v.n
        v.full_label = v.label
        v.label, mword = measure_tail(v.label)
        after_words = cl.text[n.end:n.end + 4]
        if mword is None and "增" in after_words and _rx(r"(?:的)?(?:增速|增长|增幅)").match(after_words) and n.unit in ("%", "‰"):
            mword = "growth"   # 保持5%以上增速
        if mword is None and n.unit == "%" and _PAREN_RATES_GROW.match(cl.text, n.end):
            mword = "growth"   # 服务机器人(93.8%)、新能源汽车(47.8%)等产量快速增长
        if mword is None and n.unit == "%" and v.label.endswith("增") and not v.label.endswith("新增"):
            v.label, mword = v.label[:-1], "growth"   # GDP同比增4.6%
        if mword is None and n.unit in ("%", "‰") and ":" in cl.text[:n.start]:
            intro = _LIST_MEASURE.search(cl.text[: cl.text.rfind(":", 0, n.start) + 1])
            # 上涨的有:交通通信3.2%、…; 增速回落的行业分别为:A(-1.7%)、…: the rates themselves
            mword = ("growth" if intro.group(1) else _LIST_MEASURES[intro.group(2)]) if intro else None
        if mword == "growth" and _rx(r"今后五年|未来五年|五年平均|年均").search(v.raw_label):
            mword = "avg_growth"
        if mword in ("growth", "decline", "rise") and ((0 < len(v.label) <= 2 and v.label not in ("分别", "均")
                and not is_generic(v.label) and v.full_label.endswith("率")) or v.full_label.endswith(_NAMED_RATES)):
            v.label, mword = v.full_label, None   # 自然增长率: the rate's own name
        elif mword == "growth" and 0 < len(v.label) <= 2 and v.full_label.endswith(("增速", "增幅")):
            v.label = v.full_label   # 经济增速达到10.6%: growth, named with its measure (经济 alone says little)
        elif mword == "growth" and n.unit == "‰" and _rx(r"增长率(?:为|是)?$").search(v.full_label):
            v.label, mword = v.full_label, None   # 人口自然增长率为5.85‰: a rate in per mille is a level
        if v.paren_year and not v.distribute:
            mword = None
        v.mword = mword

    def _labels(self, ctx: _Sentence, flow: _Flow, cl: _Clause, v: _Value) -> bool:
        """The indicator label(s) of the value and the rule that named them; False when the value
        has no indicator (a bare region, a comparison, a rank, no subject to take over)."""
        raw_label, n = v.raw_label, v.n
        if v.compared:   # 高于全省(4.9%)、金华(5.5%): the subject's rate of the region compared with
            place = raw_label
            v.region = self.scope.get(place) or (place if place in self.region_names else "") or \
                province_short_names(self.doc.region or HOME_CITY).get(place) or canonical_region(place) or ""
            if not flow.subject or not v.region or v.region == self.doc.region:
                return False
            v.labels, v.rule = [flow.subject], "prose.compared_region"
            v.mword = v.mword or flow.subject_measure or "growth"
            return True
        if raw_label == ")":
            return False   # 拱墅区(210.5亿元)77.8亿元: straight after another figure's bracket, a gap said without words
        base_fact_labels = None
        if "均" in raw_label and _rx(r"(?<![年平人])均").search(raw_label) and v.distribute and "分别" not in raw_label:
            flow.pending_distribution = None
            base_fact_labels = v.distribute      # A、B均增长5%: every item the same figure
        if v.distribute and ("分别" in raw_label or v.set_list):
            flow.last_list = list(v.distribute)
            flow.pending_distribution = v.distribute
            flow.dist_index = 0
            flow.dist_measure = v.mword
            if not v.period_list:
                flow.pending_periods = None
        v.from_list = bool(v.distribute)
        if base_fact_labels:
            v.labels, v.rule = base_fact_labels, "prose.list_all"
        elif flow.pending_distribution is not None and (v.continuation or "分别" in raw_label or v.set_list
                                                        or _own_measure_item(raw_label)):
            if "分别" in raw_label:   # 男性人口…,女性人口…,分别占总人口的51.4%、48.6%: each item's share
                share = _rx(r"分别占(.{1,12}?)的?(?:比重)?$").search(raw_label)
                flow.dist_share = _rx(r"(?:的)?(?:比重|比例)$").sub("", share.group(1)) if share else ""
            self._next_list_item(flow, v)
            if flow.dist_share and v.labels and n.unit == "%":
                v.labels, v.mword = [f"{v.labels[0]}占{flow.dist_share}比重"], None
        elif flow.subject and not v.distribute and self._label_from_subject(flow, cl, v):
            pass
        elif flow.list_done and not v.distribute and is_generic(v.label) and \
                self._joined_count(cl, v.k) == len(flow.last_list):
            # 分别达到8.1万元、4.6万元,增长5.2%和6.8%: the next figures, as many as the items, go to them too
            flow.pending_distribution, flow.dist_index, flow.dist_measure = list(flow.last_list), 0, v.mword
            flow.pending_periods = None
            self._next_list_item(flow, v)
        elif is_generic(v.label):
            if not self._subject_label(flow, cl, v):
                return False
        elif _RANK.search(v.label):
            if not flow.topic:
                return False
            v.labels, v.rule = [flow.topic], "prose.topic_rank"   # 排在第二的西湖区(463.8亿元): the topic's figure
        elif v.label not in self.region_names and _only_a_region(v.label):
            return False   # 上海(9.7%)、海南(8.6%): another region's figure of an indicator not said
        elif v.label in _SUB_SCOPES and flow.subject:
            # 增长2.4%(区本级1976.7亿元,增长2%): the subject's figure for a part of the region
            base = clean_label(_rx(r"^(?:全市|全区|全县|全省)").sub("", _rx(r"[(].*$").sub("", flow.subject)))
            v.labels, v.rule = [v.label + (base or flow.subject)], "prose.sub_scope"
        else:
            v.labels, v.rule = [v.label], "prose.label"
        if v.from_list:   # a list item that is only a region (no indicator said for it) gives no fact
            v.labels = [lab for lab in v.labels if lab not in self.region_names]
        other = _OTHER_TARGET.search(raw_label) if ("于" in raw_label and flow.subject) else None
        if other and _TARGET_AFTER.match(cl.text, n.end) and (
                other.group(1) in self.scope or other.group(1) in self.region_names):
            # 略高于全省5.5%左右的预期目标: the other region's target for the same indicator
            v.labels, v.region = [flow.subject], self.scope.get(other.group(1), other.group(1))
            v.mword = v.mword or flow.subject_measure
            v.rule = "prose.other_region_target"
        else:
            other = None
        if not v.labels:
            return False
        gap = _GAP.search(cl.text, _last_of(cl.text, _COMMA_CHARS, n.start) + 1, n.start) \
            if not (other or v.plan_figure) else None
        return not (is_noise_label(v.labels[0]) or gap)   # (与全省差距由2.8个百分点缩小至2.1个百分点)

    def _next_list_item(self, flow: _Flow, v: _Value) -> None:
        """The next item of a pending 分别 list (and its period, for a list over periods)."""
        v.from_list, v.rule = True, "prose.list_each"
        pending = flow.pending_distribution
        if flow.dist_index < len(pending):
            v.labels = [pending[flow.dist_index]]
            if flow.pending_periods:
                v.period = flow.pending_periods[flow.dist_index]
            flow.dist_index += 1
            v.mword = v.mword or flow.dist_measure
        else:
            v.labels = []
        if flow.dist_index >= len(pending):
            flow.pending_distribution = None
            flow.list_done = True

    def _label_from_subject(self, flow: _Flow, cl: _Clause, v: _Value) -> bool:
        """Labels that only make sense with the subject before them: how far along its target
        (完成目标进度的94.3%), its share (占全市比重), its additions (全年新增720个), its investment."""
        raw, subject = v.raw_label.strip(), flow.subject
        if flow.plan_next == (id(cl), v.k) and v.n.unit == "%":
            # (完成年计划710亿元)的89.4%: how far along its plan the subject is
            v.labels, v.rule, v.progress = [subject + "目标完成进度"], "prose.target_progress", True
            return True
        if _TARGET_IN_BRACKETS.search(cl.text, 0, v.n.start):
            # 预计地区生产总值增长8%,高于预期目标(增长6%以上): the subject's target, said beside its result
            v.labels, v.rule, v.plan_figure, v.from_subject = [subject], "prose.plan_of_subject", True, True
            if v.n.unit == "%" and _rx(r"增速|增幅").search(cl.text, _last_of(cl.text, _COMMA_CHARS, v.n.start) + 1,
                                                          v.n.start):
                v.mword = "growth"   # (增速高于年初预期目标(7.0%): a target of the rate)
            return True
        if v.n.unit not in ("%", "个百分点") and _PLAN_OF_SUBJECT.search(raw) and _rx(r"的\s*\d").match(cl.text, v.n.end):
            # 地区生产总值635亿元,完成年计划710亿元的89.4%: the subject's plan for the year
            v.labels, v.rule, v.plan_figure, v.from_subject = [subject], "prose.plan_of_subject", True, True
            flow.plan_next = (id(cl), v.k + 1)
            return True
        if v.label == "比重" and v.n.unit in ("%", "个百分点") and not subject.endswith("占比"):
            # 数字经济增加值占GDP的27.1%,比重较上年提高0.5个百分点: the subject's share
            share = subject if subject.endswith(("比重", "占比", "比例")) else subject + "比重"
            v.labels, v.rule, v.from_subject = [share], "prose.share_of_subject", True
            return True
        if v.label in SUBJECT_MEASURES and not subject.endswith(v.label) and len(subject) <= 16:
            # 蔬菜播种面积3938公顷,…,产量106551吨 / 服务业较快增长,实现增加值964.9亿元: the subject's own measure
            base = next((subject[: -len(m)] for m in SUBJECT_MEASURES if subject.endswith(m) and len(subject) > len(m)),
                        subject)
            if base and not is_generic(base):
                v.labels, v.rule, v.from_subject = [base + v.label], "prose.measure_of_subject", True
                return True
        if v.label in _SUBJECT_PARTS and not subject.startswith(v.label):
            # 居民消费价格上涨0.4%,其中城市上涨0.3%: the part of the subject the figure is for
            core = _rx(r"^(?:全市|全区|全县|全省|全国)").sub("", subject)
            v.labels, v.rule, v.from_subject = [v.label + core], "prose.part_of_subject", True
            return True
        rate = _RATE_OF.match(_rx(r"[,,\s]").sub("", raw)) if raw.endswith("率") else None
        if rate and v.n.unit in ("%",):
            # “千项万亿”工程完成投资1133亿元,完成率130.7%: the subject's rate of completion
            v.labels, v.rule = [subject + rate.group(1)], "prose.rate_of_subject"
        elif _PROGRESS.search(raw) and v.n.unit in ("%",):
            # 完成目标进度的94.3%: how far along the target the subject is, not a target itself
            v.labels, v.rule, v.progress = [subject + "目标完成进度"], "prose.target_progress", True
        elif _rx(r"^(?:相当于[^,;]*?(?:比例|比重)|占比$)").match(clean_label(raw)):
            tail = clean_label(raw)
            v.labels, v.rule = [subject + (tail if tail != "占比" else "占比")], "prose.share_of_subject"
        elif _rx(r"^占").match(raw) or (_rx(r"^为").match(raw) and raw.endswith("的")):
            m_share = _rx(r"^(?:占|为)(.+?)的?$").match(clean_label(raw) or raw)
            core = clean_label(m_share.group(1)) if m_share else ""
            core = _rx(r"(?:的)?(?:比重|比例)$").sub("", core)
            v.labels, v.rule = [f"{subject}占{core}比重" if core else subject], "prose.share_of_subject"
        elif _rx(r"^(?:全年|当年|今年)?(新增|新建|净增|新开工|新落地|新引进)$").match(_rx(r"[,,\s]").sub("", v.raw_label)):
            flow_word = _rx(r"(新增|新建|净增|新开工|新落地|新引进)").search(v.raw_label).group(1)
            core_subject = _rx(r"^(?:年末|全区|全市|全县|共有|拥有|累计|实有|现有)+").sub("", subject)
            v.labels, v.rule = [flow_word + core_subject], "prose.flow_of_subject"   # 年末共有5G基站3860个,全年新增720个
        elif _HEAD_ONLY.match(v.label):
            # 项目…,完成投资312亿元; 度假区全年计划投资3.4亿元,已完成投资2.1亿元: 度假区投资
            v.labels = [_rx(r"(?:全年|今年|年度)?计划(?:完成)?投资$").sub("", _rx(r"^(?:实施|新增|完成|安排)").sub("", subject))
                        + v.label]
            v.rule = "prose.head_of_subject"
        else:
            return False
        v.from_subject = True
        return True

    def _subject_label(self, flow: _Flow, cl: _Clause, v: _Value) -> bool:
        """A label that says nothing by itself (增长3.8%, 完成28.8%) takes the subject: the last
        label of the clause group, or a subject standing alone in the clause before (实际利用外资,
        规划目标75亿美元). False when there is none or the figure cannot be the subject's."""
        n, raw_label = v.n, v.raw_label
        if not flow.subject:
            sub = cl.text
            before = sub[:v.seg_start].rstrip(BOUNDARY + " ")
            cut = _last_of(before, _BOUNDARY_CHARS, len(before))
            cand = _rx(r"^\s*\d{1,2}[\.、．](?!\d)").sub("", before[cut + 1:])
            cand = cand if not find_numbers(cand) and not _TOPIC.match(cand + ",") else ""
            cand = "" if cand and _NOT_SUBJECT.search(label_period(cand)[0]) else cand
            cand = _rx(r"(?:居|位居|位列|排名|名列|列|稳居|保持|首次|跨过|跨越|突破|迈上|超过|站上|跃上|跻身).*$").sub("", cand)
            cand, _ = measure_tail(clean_label(cand))
            cand = clean_label(cand)
            if cand and not is_generic(cand) and len(cand) <= 30:
                flow.subject, flow.subject_region = cand, ""
                if v.mword is None:
                    flow.subject_measure = None
        before = flow.clause_before or self.carry_subject
        if not flow.subject and v.region != self.doc.region and before and v.region in self.region_names:
            # 海宁市GDP总量为…;桐乡市总量为…,增速为5%: the same indicator for the next place, its figures after
            flow.subject, flow.subject_region = before, v.region
        if not flow.subject:
            return False
        rate_units = ("%", "‰", "个百分点")
        currencies = {"元", "美元"}
        subject_unit = flow.subject_unit
        b_new, b_old = to_base(1, n.unit)[0], to_base(1, subject_unit)[0] if subject_unit else ""
        level_of_rate_subject = subject_unit in rate_units and _rx(r"达到|总量|规模|突破|总额").search(
            raw_label + n.text)   # 增长9%左右,力争达到450亿元 (达到 is read with the number)
        if subject_unit and n.unit and n.unit not in rate_units and not level_of_rate_subject and (
                subject_unit in rate_units or (b_new != b_old and not {b_new, b_old} <= currencies)):
            return False  # 约13万人 cannot belong to a figure in 亿元 or a rate
        if v.region_only and v.region == self.doc.region and flow.subject != flow.topic:
            return False  # the label named only the document's own region: no indicator to attach
        subject = flow.subject
        if flow.share_base and n.unit == "%" and v.mword in ("growth", "decline", "rise"):
            subject = flow.share_base   # 一般公共预算收入…,为调整预算的103.78%,增长12.09%: the revenue grew
        if self.regions is not None and self.regions.any.search(v.raw_label):
            # 分区县看,滨江区增长11.3%: the region named takes the subject's indicator, not its scope (全市)
            subject = _rx(r"^(?:同期)?(?:全市|全区|全县|全省|全国)").sub("", subject)
        v.labels, v.rule, v.from_subject = [subject + ("冲刺目标" if v.stretch else "")], "prose.subject", True
        own_period = v.period or cl.period or ("year" if "全年" in v.raw_label else "")
        if own_period == "year":
            flow.subject_period = ""   # …前三季度3.2%到全年3.9%: the year's own figure
        elif own_period:
            flow.subject_period = own_period
        elif flow.subject_period and subject == flow.subject:
            v.period = flow.subject_period   # 一季度GDP170.92亿元,增长5.6%: the growth is the quarter's too
        if _rx(r"总数|总量|累计达|累计共|共计|累计").search(raw_label) and \
                _rx(r"^(?:新增|新认定|新引进|新培育|新建|新设|引进|培育)").search(flow.subject):
            # 新增国家高新技术企业312家,累计达到2635家: the second figure is the stock
            v.labels = [_rx(r"^(?:新增|新认定|新引进|新培育|新建|新设|引进|培育)+").sub("", flow.subject) + "总数"]
            v.stock, v.rule = True, "prose.stock_of_subject"
        if v.paren_year:
            v.mword = None
        elif v.prior_year and v.mword is None and n.unit in ("%", "‰") and flow.last_measure_word:
            v.mword = flow.last_measure_word   # 增长4.9%;上年为4.1%
        elif v.mword is None and flow.last_measure_word in ("growth", "avg_growth", "decline") \
                and n.unit in ("%", "‰") and (v.period or v.continuation or not v.label):
            v.mword = flow.last_measure_word
        if v.mword is None and v.continuation and flow.subject_measure:
            v.mword = flow.subject_measure
        if v.mword is None and flow.topic_measure and n.unit in ("%", "‰"):
            v.mword = flow.topic_measure
        return True

    def _measure(self, ctx: _Sentence, cl: _Clause, v: _Value) -> None:
        """level | growth | avg_growth | cumulative | pp_change, with the value's sign, from the
        measure word, the unit and the words around (累计, 三年, a plan's 期间)."""
        n, raw_label, mword = v.n, v.raw_label, v.mword
        measure, value, unit = "level", n.value, n.unit
        extra_label = ""
        if unit in ("个百分点", "百分点"):
            measure, unit = "pp_change", "个百分点"
            if mword == "decline":
                value = -abs(value)
        elif mword in ("growth", "avg_growth", "decline", "rise") and unit in ("%", "‰"):
            measure = "avg_growth" if mword == "avg_growth" else "growth"
            if mword == "decline":
                value = -abs(value)
        elif mword == "cumulative":
            measure = "cumulative"
        elif mword in ("growth", "decline", "rise", "avg_growth") and unit not in ("%", "‰"):
            extra_label = "减少量" if mword == "decline" else "增量"
        if measure == "growth" and "累计" in raw_label and unit in ("%",):
            measure = "cumulative"   # 单位GDP能耗三年累计下降8.9%
            if mword == "decline":
                value = abs(value)   # (its fall, named 降低)
                extra_label = "降低"
        if measure == "level" and not v.stock and not extra_label and self._is_total(ctx, cl, v, unit):
            measure = "cumulative"   # 三年累计实施…项目168个,完成工业投资412亿元
        if "累计" in raw_label and measure == "level" and not v.stock and (
                _rx(r"(?:[两三四五六七八九十]+|(?<!\d)\d{1,2})年|(?:到|至|截至|截止)\s*(?:19|20)\d{2}\s*年|"
                    r"(?:19|20)\d{2}\s*年?\s*[—\-~至到]\s*(?:19|20)\d{2}年|期间|以来|十[三四五]五|规划期|五年").search(
                    ctx.sentence[: cl.start + n.start]) or _SPAN_SECTION.search(ctx.section.text if ctx.section else "")):
            measure = "cumulative"   # 三年累计完成…; 累计建成5G基站1680个 (no period) is a stock
        if measure in ("growth", "avg_growth") and ("年均" in raw_label or _rx(r"[两三四五]年平均").search(raw_label)):
            measure = "avg_growth"   # (两年平均下降1.9%: an average yearly fall)
        v.measure, v.value, v.unit, v.extra_label = measure, value, unit, extra_label

    def _is_total(self, ctx: _Sentence, cl: _Clause, v: _Value, unit: str) -> bool:
        """A level that adds up over several years: 三年累计…, additions in a plan section or over a
        plan's 期间 (“十四五”期间新增城市建成区面积约12平方公里), 五年来新建…; never an age, a rate or a
        per-unit ratio, a stock (年末, 总数) or a yearly figure (每年, 年均)."""
        if unit in ("%", "‰", "岁") or "/" in (unit or ""):
            return False
        sentence, at, raw_label = ctx.sentence, cl.start + v.n.start, v.raw_label
        section, plan_m = ctx.section, ctx.plan_match
        in_plan_section = bool(section and section.plan and self.doc.kind in (
            "five_year_plan", "plan_report", "midterm_review")) or bool(
            plan_m and sentence.find("期间", plan_m.end(), at) >= 0)
        label = clean_label(raw_label)
        if not _TOTAL_VERB.search(label) and _TOTAL_VERB.search(raw_label.strip()):
            label = raw_label.strip()   # 完成固定资产投资9916.2亿元 (its verb is not part of the indicator's name)
        if not _TOTAL_VERB.search(label):
            # 五年新增上市公司28家、百亿企业6家: an item of a 、 list takes the verb of the list's first item
            seg = sentence[_last_of(sentence, _COMMA_CHARS, at) + 1:at]
            label = clean_label(_rx(r"[\d.]+.*$").sub("", seg)) if "、" in seg else label
        # a section or paragraph on several years (过去五年工作回顾; 五年来,…), the sentence naming no year
        in_span = (self.span_line or bool(section and _SPAN_SECTION.search(section.text)
                                          and not YEAR_IN.search(section.text))) and not YEAR_IN.search(sentence[:at])
        return ((sentence.find("累计", 0, at) >= 0
                 and _rx(r"(?:[两三四五六七八九十\d]+年(?:间|来)?|期间|以来|十[三四五]五)[^。;]{0,12}?累计").search(sentence[:at]))
                or ((in_plan_section or in_span) and (label.startswith("累计") or _TOTAL_VERB.search(label))
                    and not _rx(r"每年|年均|年度|当年|全年").search(raw_label))
                or _SPAN_TOTAL.match(label)) \
            and not _rx(r"年末|有效|总数|总量|拥有|现有").search(raw_label) \
            and not _rx(r"[,,]?\s*(?:比上年|同比)").match(sentence, cl.start + v.n.end)   # (…285.2亿元,同比增长: the year's)

    def _year_and_status(self, ctx: _Sentence, flow: _Flow, cl: _Clause, v: _Value, facts: list[Fact]) -> None:
        """The value's status (actual | estimate | target) and year, from its own words, the
        clause's 预计, the sentence's deadline or plan, the section, the document."""
        n, raw_label, section = v.n, v.raw_label, ctx.section
        if v.prior_year and v.year is None:
            y0 = self._default_year(section, "actual")
            v.year = y0 - 1 if y0 else None   # 上年为4.1%: the figure of the year before
        v.explicit_year = v.year
        if v.deadline is False and v.year is None and ctx.deadline and \
                ctx.sentence.find(str(ctx.deadline)) < n.start + cl.start:
            v.year, v.deadline = ctx.deadline, True
        v.sub_estimate = flow.carried_estimate and not _rx(r"^\s*(?:完成|全年完成|实际完成|已完成)").match(cl.text)
        scope = cl.text[: n.start]
        if not (v.period or cl.period) and "全年" not in cl.text[: n.start] \
                and (opening := _last_clause_period(ctx.sentence, cl.start + v.seg_start, cl.start > 0)) \
                and (v.explicit_year is None or opening.start() >= max(
                    (p for p, _ in ctx.clause_years if p <= cl.start + v.seg_start), default=len(ctx.sentence))):
            v.period = _period_said(opening)   # 上半年,实现…;一般公共预算收入…; 去年1至11月,…: the sentence's period
        if not (v.period or cl.period) and ctx.carried_period:
            v.period = ctx.carried_period
        status = self._status(section, ("预计" if v.sub_estimate else "") + scope,
                              "" if v.progress else raw_label, v.year, v.deadline)
        if status == "estimate" and (v.period or cl.period) and not (v.sub_estimate or ESTIMATE.search(scope)):
            status = "actual"   # 上半年,实现地区生产总值823.72亿元: the months passed are results, not estimates
        if ctx.estimate_list_at is not None and cl.start + n.start >= ctx.estimate_list_at and not v.deadline \
                and not (v.period or cl.period) and not TARGET_STRONG.search(raw_label):
            status = "estimate"   # 相关指标预计完成情况如下:…: every figure of the list
        if v.year is None:
            if status == "target" and ctx.plan_end:
                v.year = ctx.plan_end
            else:
                v.year = self._default_year(section, status)
        if ctx.list_match and v.explicit_year is None and v.measure in ("growth", "avg_growth") and facts \
                and facts[-1].status == "target" and status != "target":
            # 2025年目标1700;年均增长7.5%: in a list of a row's figures, the rate said after a
            # target, with no year of its own, is that target's rate
            v.year, status = facts[-1].year, "target"
        if status != "target" and "目标" in cl.text and _TARGET_AFTER.match(cl.text, n.end):
            # 年初确定的社会消费品零售总额增长5%的目标未能完成: the figure is the year's target
            status = "target"
        if ctx.target_list_at is not None and cl.start + n.start >= ctx.target_list_at and not v.sub_estimate:
            if v.explicit_year is None and (ctx.target_list_year or status != "target"):
                v.year = ctx.target_list_year or self._default_year(section, "target")
            status = "target"
        if status == "actual" and (self.estimates_below or self.line_estimate) \
                and v.year == self.doc.actual_year and not v.period:
            status = "estimate"   # (预计数,下同) said before, 初步预计, opening the paragraph: estimates
        if v.plan_figure:
            status = "target"     # (完成年计划710亿元的89.4%: the plan of the year the subject's figure is of)
        v.status = status
        if (v.explicit_year is None and section and section.plan and section.mode == "actual"
                and status in ("actual", "estimate") and not v.period and v.measure in ("level", "pp_change")
                and self.doc.plan != section.plan and not ESTIMATE.search(scope)):
            self._plan_review_year(ctx, cl, v)

    def _plan_review_year(self, ctx: _Sentence, cl: _Clause, v: _Value) -> None:
        """十四五成就: a result reached during the plan whose year is not said: the year the sentence
        dated an earlier clause with, else the year the section speaks of most (a review written
        after the year it measures), else the plan's span, said in the note."""
        section = ctx.section
        b_, e_ = PLANS[section.plan]
        said = strip_years(ctx.sentence[: cl.start + v.n.start])[1]
        if (said and b_ < said <= e_ and "规划" not in v.raw_label
                and not _rx(r"^.{0,3}目标").match(ctx.sentence[cl.start + v.n.end:])):
            # (提高到2024年的…,常住人口达到…)
            v.year = said
            if self.doc.published_year and said < self.doc.published_year:
                v.status = "actual"
            return
        seen = self.section_years.get((section.level, section.text))
        top = max(seen, key=lambda y: (seen[y], y)) if seen else None
        if top and self.doc.published_year and top < self.doc.published_year and not v.sub_estimate:
            # (数据截至2024年)
            v.year, v.status = top, "actual"
            v.unit_note = (v.unit_note + ";" if v.unit_note else "") + f"具体年份未注明,按本节所述{top}年计"
        else:
            v.period = f"{b_ + 1}-{e_}"
            v.unit_note = (v.unit_note + ";" if v.unit_note else "") + f"“{section.plan}”期间数据,具体年份未注明"

    def _plan_span(self, ctx: _Sentence, cl: _Clause, v: _Value) -> None:
        """The plan and base year of an average or total (年均增长 over 十四五; 今后两年; 由2020年的…
        增长到2024年的…), and a five-year plan's cuts of energy use or emissions over the plan."""
        section = ctx.section
        if v.measure == "growth" and v.base_year is None and v.year is not None:
            since = _SINCE_YEAR.search(cl.text[: v.n.start])
            if since and int(since.group(1)) < v.year - 1:
                v.base_year = int(since.group(1))   # 比2011年增长112.3%: growth over the years since
        if v.measure == "growth" and v.value is not None and v.value < 0 and v.status == "target" \
                and self.doc.kind == "five_year_plan" and self.doc.plan \
                and v.year == PLANS[self.doc.plan][1] and _INTENSITY_CUT.search(v.labels[0]):
            # a five-year plan's 单位GDP能耗、二氧化碳排放量分别下降15%和18%: cuts over the plan
            v.measure = "cumulative"
        if v.measure not in ("avg_growth", "cumulative"):
            return
        p = ctx.plan_match.group(0) if ctx.plan_match else (section.plan if section and section.plan else None)
        if p is None and self.doc.plan and v.year == PLANS.get(self.doc.plan, (0, 0))[1]:
            p = self.doc.plan
        if p is None and v.measure == "avg_growth" and v.year is not None:
            # 年均增长 over the plan that ends in the value's year (a review of 十三五 ends in 2020)
            p = next((name for name, (pb, pe) in PLANS.items() if pe == v.year), None)
        if p:
            v.plan, v.base_year = p, PLANS[p][0]
            if v.year is None or v.status == "target":
                v.year = v.year or PLANS[p][1]
        elif v.explicit_year is None and v.status == "target" and self.doc.target_year \
                and ("今后" in v.raw_label or "未来" in v.raw_label):
            ahead = _AHEAD_YEARS.search(v.raw_label)
            if ahead:
                # 今后两年地区生产总值年均需增长约5.2% (a plan for 2024): over 2024-2025
                first = self.doc.target_year
                v.year, v.base_year = first + _CN_NUM[ahead.group(1)] - 1, first - 1
        span = self._stated_span(ctx.sentence[: cl.start + v.n.start], p) \
            if v.explicit_year is None and v.status != "target" else None
        if span:
            # 由2020年的208.4亿元增长到2024年的286.3亿元,年均增长8.3%: over 2021-2024
            v.base_year, v.year = span
            if self.doc.published_year and v.year < self.doc.published_year:
                v.status = "actual"

    def _emit(self, ctx: _Sentence, v: _Value, facts: list[Fact]) -> str:
        """One fact per label, each label's own region words (萧山区…, 银湖街道…, 全省…) deciding
        whose figure it is; returns the first fact's region."""
        first_region = ""
        unit = v.unit
        for lab in v.labels:
            lab_region = v.region
            lab_measure = v.measure
            if v.from_list and v.measure == "level" and unit in ("%", "‰"):
                core_, mw_ = measure_tail(lab)
                if mw_ in ("growth", "avg_growth") and core_ in self.region_names:
                    # 上城区、西湖区增速分别为…: the region's rate, named by the rate word only
                    lab_region, lab, lab_measure = core_, lab[len(core_):], mw_
                elif mw_ in ("growth", "avg_growth") and core_:
                    lab, lab_measure = core_, mw_   # 淳安县、建德市地区生产总值增速分别为4.6%和3.8%
            lab_region, lab = self._label_region(lab, lab_region, bool(v.distribute))
            if (facts and facts[-1].quote == ctx.quote and _ACTION_ONLY.match(lab)
                    and facts[-1].unit.lstrip("万亿") == (unit or "").lstrip("万亿")):
                obj = _ACTION_HEAD.sub("", facts[-1].label_raw)
                if obj and obj != facts[-1].label_raw:
                    lab = lab + obj   # 新开工保障性租赁住房1.05万套、竣工6820套: what was finished is said once
            if unit in ("元", "万元") and _rx(r"^(?:城镇居民|农村居民|城镇常住居民|农村常住居民)$").match(lab):
                lab = lab + "人均可支配收入"   # 其中城镇居民80587元: the subject's head is implied
            first_region = first_region or lab_region
            facts.append(Fact(lab + v.extra_label, v.value, v.n.value_high, unit, lab_measure, v.status, v.qualifier,
                              v.year, v.period, lab_region, ctx.quote, ctx.q0, ctx.q1, plan=v.plan,
                              base_year=v.base_year, value_text=v.n.text,
                              context=self.heading or (ctx.section.text if ctx.section else ""), note=v.unit_note,
                              rule=v.rule))
        return first_region

    def _label_region(self, lab: str, region: str, in_list: bool) -> tuple[str, str]:
        """A label opening with a region (萧山区…), a town or street (银湖街道…) or a scope word
        (全省…, 同期全国…) gives the figure to that region and leaves the rest as the label."""
        for rn in (self.region_names if self.regions and self.regions.any.match(lab) else ()):
            if lab.startswith(rn) and len(lab) > len(rn) and not REGION_IN_NAME.match(lab, len(rn)):
                return rn, lab[len(rn):]
        town = _TOWN.match(lab) if ("街道" in lab or "镇" in lab or "乡" in lab) else None
        if town and town.group(2) not in _NOT_TOWN:
            region, lab = town.group(1), lab[town.end():]   # 银湖街道实现财政总收入28.6亿元
        mr = _rx(r"^(?:同期)?(全省|全国|全市)(?!性|第|前|首|一流|领先|" + REGION_IN_NAME.pattern + ")(?=.)").match(lab) \
            if lab[:1] in "同全" and not town else None   # (全国重点实验室 is a kind of laboratory)
        if mr and (in_list or self.doc.region != self.home_city or mr.group(1) != "全市"):
            word = mr.group(1)
            # a district's report: 全市 is the city (a 县级市 is its own 全市)
            if word != "全市" or self.doc.region.endswith(("区", "县")):
                region = self.scope[word]
            lab = lab[mr.end():]
        return region, lab

    def _advance(self, flow: _Flow, cl: _Clause, v: _Value, facts: list[Fact], first_region: str) -> None:
        """What the next values inherit: the subject (a label of its own, not a list item), the
        measure word, the level facts of the clause (for a 分别 that names no items)."""
        flow.last_measure_word = v.mword
        if v.rule != "prose.list_each":
            flow.list_done = False
        if not is_generic(v.label) and not v.distribute and flow.pending_distribution is None and not v.extra_label \
                and not v.progress and v.rule != "prose.part_of_subject":
            # (a share keeps what it is a share of: a growth after it is that subject's, 占…的103.78%,增长12.09%)
            flow.share_base = flow.subject if v.rule == "prose.share_of_subject" else ""
            flow.subject = v.labels[0]
            flow.subject_measure = v.mword
            flow.subject_unit = v.unit
            flow.subject_region = first_region
            flow.subject_period = v.period
        if v.measure != "level" or v.extra_label:
            if v.measure != "level":
                flow.recent_levels = []
            return
        flow.recent_levels.append(facts[-1])
        flow.clause_levels.append(facts[-1])
        cstart = _last_of(cl.text, _CLAUSE_CHARS, v.n.start)
        if flow.run and flow.run_clause == (cl.start, cstart):
            flow.run.append(facts[-1])
        else:
            flow.run = [facts[-1]]
            flow.run_clause = (cl.start, cstart)
