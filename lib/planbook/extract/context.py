"""Document context: region, kind of report, its years and plan period, and section headings."""
from __future__ import annotations

import re
from collections import Counter

from dataclasses import dataclass, field

from planbook.extract.docregion import infer_region
from planbook.extract.labels import label_period
from planbook.extract.vocab import alternation, pairs
from planbook.vocab import plan_periods
from planbook.extract.text import rx as _rx

PLANS = plan_periods()   # plan -> (base year, end year), from the one vocabulary (resources/vocab.yml)
PLAN_BY_ORDINAL = {p[:2]: p for p in PLANS}   # 第十四个五年规划 -> 十四五
PLAN_RE = re.compile(r"十[一二三四五六]五")
ORDINAL_PLAN_RE = re.compile(r"第(十[一二三四五六])个五年规划")

HEADING_RE = re.compile(
    r"^\s*(?:(?P<l1>[一二三四五六七八九十]+、)|(?P<l2>[\(（][一二三四五六七八九十]+[\)）])|"
    r"(?P<ch>第[一二三四五六七八九十]+[章篇])|(?P<sec>第[一二三四五六七八九十]+节)|(?P<l3>\d{1,2}[\.、．](?!\d)))"
)
_HEADING_FIRST = frozenset("一二三四五六七八九十(（第")   # or a digit (\d is str.isdecimal)
ACTUAL_WORDS = re.compile(alternation("prose", "section_review"))   # a heading of results (执行情况, 回顾 …)
TARGET_WORDS = re.compile(alternation("prose", "section_plan"))     # a heading of targets (预期目标, 安排 …)
YEAR_IN = re.compile(r"((?:19|20)\d{2})年")


@dataclass
class DocInfo:
    doc_id: str
    file: str
    region: str
    kind: str                      # annual_plan | work_report | five_year_plan | plan_report | midterm_review | bulletin | yearbook | report
    title: str
    published_year: int | None
    actual_year: int | None        # the year the report reviews
    target_year: int | None        # the year (or plan end) the report sets targets for
    plan: str | None               # plan period the document is about (十四五 ...)
    notes: list[str] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)   # (kind, message) for the quality log
    interim: bool = False          # a report on the year so far (上半年计划执行情况, 半年度政府工作报告): its figures are results
    dated: bool = False            # published_year was said (a manifest, a posting or meeting date), not inferred
    period: str = ""               # the part of the year the whole text is on (2023年上半年…经济运行情况: H1)
    progress: bool = False         # a report on how a year's tasks went (…重点工作完成情况): task and result lines


@dataclass
class Section:
    level: int
    text: str
    year: int | None
    mode: str | None               # actual | target | None
    plan: str | None


def _cn_int(s: str) -> int:
    """12, 十二, 二十 -> int (month and day numbers written in Chinese)."""
    if s.isdigit():
        return int(s)
    d = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" in s:
        a, _, b = s.partition("十")
        return (d.get(a, 1) if a else 1) * 10 + (d.get(b, 0) if b else 0)
    return d.get(s, 1)


_TASK_LIST_TITLE = re.compile(alternation("page", "task_list_titles"))
_MONTH_TITLE = re.compile(alternation("page", "month_titles"))


def detect_kind(head: str) -> str:
    if "统计公报" in head or _rx(r"统计局.{0,12}调查队|调查队.{0,12}统计局").search(head):
        return "bulletin"   # (a bulletin whose title was lost still names the bureaus that issue it)
    if _rx(r"(?:19|20)\d{2}\s*年?[^\n,。]{0,12}年鉴|年鉴\s*[(]?(?:19|20)\d{2}").search(head):
        return "yearbook"   # 2023年庆元年鉴: the year before's figures (its 【概况】2022年,…)
    if "中期评估" in head or ("评估" in head and "规划" in head):
        return "midterm_review"
    if "规划" in head and _rx(r"实施情况总结|实施总结|总结报告|实施情况的报告|完成情况的报告|预计完成|执行情况如何").search(head):
        return "plan_review"
    if _rx(r"下达[^\n]{0,24}?计划").search(head) and "执行情况" not in head:
        return "plan_notice"   # 关于下达2020年国民经济和社会发展计划的通知: the year's targets
    if "计划执行情况" in head or "计划草案" in head:
        return "annual_plan"
    if "政府工作报告" in head:
        return "work_report"
    if ("编制" in head and "规划" in head) or "规划纲要》" in head:
        return "plan_report"
    if "五年规划" in head or "规划纲要" in head or "五年规划和" in head:
        return "five_year_plan"
    if "民生实事" in head and not _PROGRESS_TITLE.search(head) and any(
            _TASK_LIST_TITLE.search(t) and _rx(r"(?:19|20)\d{2}").search(t) for t in head.split("\n")):
        return "plan_notice"   # 2020年县政府民生实事项目: the year's tasks, its figures targets
    return "report"


def infer_docinfo(doc_id: str, file: str, lines: list[str], region_aliases: list[tuple[str, str, int]],
                  published: tuple[int, int, int] | None, manifest_region: str | None = None,
                  raw: str | None = None) -> DocInfo:
    """What a report is: its region, kind, title, years and plan period.

    ``lines`` are the report's lines after hygiene; ``raw`` (the whole normalised text, boilerplate
    included) lets the region be read from a title or footer that hygiene dropped."""
    head_lines = _head_lines(lines)
    head = "\n".join(head_lines)
    kind = detect_kind(head.replace(" ", "") if " " in head else head)   # 政 府 工 作 报 告
    if kind == "report":
        kind = _kind_from_body(lines)
    title = max(head_lines[:4], key=lambda s: ("报告" in s or "规划" in s or "计划" in s, -abs(len(s) - 40))) if head_lines else ""
    region, notes, findings = infer_region(lines, head_lines, region_aliases, manifest_region, raw)
    years = _title_years(kind, head_lines, head)
    # the meeting a report was given at dates it, not the day a web page posted it
    # (a manifest's year alone gives way to a full date the text states in that year, never to another
    # year's: a forum's repost date; a 来源 line hygiene dropped may date the page)
    said = _meeting_date(head) or _posting_date(head) or _date_in(head) \
        or _posting_date((raw or "\n".join(lines[:6]))[:400])
    if published and not published[1]:
        published = said if said and said[0] == published[0] else published
    elif not published:
        published = said
    elif _meeting_date(head):
        published = _meeting_date(head)
    if kind == "work_report" and published and published[1] and (
            not years or not _title_lines(head_lines, "政府工作报告", own=True)):
        # a news page on a work report (its headline names the year reviewed): the meeting's date decides
        years = _years_of_date(kind, published)
    if kind == "work_report" and not years and published:
        years = [published[0]]   # a page of a work report the manifest dates (2023): the report of 2023, on 2022
    plan = _plan_of(head)
    pub_year = published[0] if published else None
    if not years and not (plan and kind in ("five_year_plan", "plan_report", "midterm_review", "plan_review")):
        reviewed = _reviewed_year(lines)
        counted = _counted_year(lines, pub_year) if reviewed is None else None
        if reviewed is None and counted is None:
            reviewed = _since_year(lines, pub_year)
        current = _current_year_said(lines, published) if reviewed is None and published and \
            kind != "work_report" else None
        # 今年上半年 on a page posted 2023-08-18 is 2023 whatever other years its body names
        current = current if current and (published[1] or counted is None or _says_this_year(lines)) else None
        inferred = reviewed if reviewed is not None else counted
        if current:
            years = [current]   # a news page on 今年1—8月 figures, dated by its posting date
            when = f"{published[0]}-{published[1]:02d}" if published[1] else f"{published[0]}年"
            findings.append(("year_inferred", f"正文未写年份,按发布日期{when}推断数字为{current}年"))
        elif inferred is not None:
            # the year the report reviews; it is published later, so its figures stay actuals
            years = [inferred + 1] if kind == "work_report" else [inferred]
            findings.append(("year_inferred", f"标题未写明年份,按正文推断报告回顾{inferred}年"))
    if not years and pub_year and not (published and published[1]) and kind == "report" \
            and _rx(r"全年|一年来|过去一年").search("".join(lines[:60])):
        # a text naming no year, dated by a year alone, on a whole year's results: the year before's
        years = [pub_year - 1]
        findings.append(("year_inferred", f"正文未写年份,按发布年份{pub_year}年推断全年数字为{pub_year - 1}年"))
    actual_year, target_year, pub_year = _report_years(kind, years, plan, lines, pub_year)
    ahead = _AHEAD.search("\n".join(head_lines[:3])) if target_year is None and pub_year else None
    if ahead:   # 杭州定下未来五年目标 (a page of 2021): targets for the fifth year
        target_year = pub_year + _cn_int(ahead.group(1)) - 1
        actual_year = actual_year or pub_year - 1
    interim = kind in ("annual_plan", "work_report") and bool(_INTERIM.search("\n".join(
        _title_lines(head_lines, "计划" if kind == "annual_plan" else "政府工作")[:3])))
    progress = _progress_year(head_lines, lines)
    if progress:   # 2021年市政府重点工作完成情况表: the year of its tasks and of their results (so far)
        actual_year = target_year = progress if progress > 1 else (actual_year or target_year)
        interim = True
    return DocInfo(doc_id, file, region, kind, title, pub_year, actual_year, target_year, plan, notes, findings, interim,
                   dated=published is not None, period=_title_period(head_lines) or _opening_period(lines),
                   progress=bool(progress))



def _head_lines(lines: list[str]) -> list[str]:
    """The title area: up to 8 non-empty lines among the first 12, until the body starts."""
    head_lines: list[str] = []
    for ln in lines[:12]:
        t = ln.strip()
        if not t:
            continue
        if len(t) > 80 and head_lines:
            break          # the body has started: only the title area names the document's region
        head_lines.append(t)
        if len(head_lines) >= 8:
            break
    return head_lines


def _kind_from_body(lines: list[str]) -> str:
    """The kind said in the opening paragraphs when the title does not say it."""
    opening = "".join(lines[:30])
    if _rx(r"计划执行情况|计划\(草案\)|计划草案").search(opening) and "国民经济和社会发展" in opening:
        return "annual_plan"
    if _rx(r"向大会(?:作|报告)(?:政府)?工作|作政府工作报告").search(opening) or (
            _rx(r"各位代表[!!::,,]").search(opening) and _rx(r"过去一年|一年来|过去五年|我谨代表").search(opening)):
        return "work_report"   # (a page of a work report: 各位代表!过去一年,成绩来之不易)
    return "report"


_YEARBOOK_YEAR = re.compile(r"年鉴\s*[(]?((?:19|20)\d{2})|((?:19|20)\d{2})\s*年?[^\n,。]{0,12}年鉴")


def _title_years(kind: str, head_lines: list[str], head: str) -> list[int]:
    if kind == "yearbook":   # 武义年鉴2022, 2023年庆元年鉴: the year in its name
        return [int(a or b) for a, b in _YEARBOOK_YEAR.findall(head)][:1]
    key = {"annual_plan": "计划", "plan_notice": "计划", "work_report": "政府工作报告", "five_year_plan": "规划",
           "plan_report": "规划", "bulletin": "公报", "midterm_review": "评估", "plan_review": "规划",
           "yearbook": "年鉴"}.get(kind)
    # a line naming the kind is a title unless it is a sentence (政府工作报告指出,2024年是…。)
    title_lines = _title_lines(head_lines, key)
    years = [int(y) for y in YEAR_IN.findall("\n".join(title_lines[:3]))]
    if not years:
        said = _YEAR_AND_PERIOD.search(head) or _MONTH_TITLE.search(head)
        if said:   # 向大家介绍2020年一季度鄞州区经济运行情况, 2020年3月主要统计指标: the year the figures are of
            return [int(said.group(1))]
        date = _date_in(head)   # the meeting's date (2024年1月9日在…会议上) before any year the opening names
        # else the years of the opening's title-like lines (a sentence such as 2023年是…的一年 is body)
        titles = "\n".join(ln for ln in head_lines if not _rx(r"[。;]|^\s*(?:19|20)\d{2}年[,,]").search(ln)
                           and not heading_of(ln)
                           and not _REVIEWED_YEAR.search(ln) and not _date_in(ln))
        years = [int(y) for y in YEAR_IN.findall(titles)] or (
            ([date[0]] if _title_period(head_lines) else _years_of_date(kind, date)) if date else [])
        # (一季度绍兴市经济平稳开局, dated 2022年4月25日: a page on the year so far is of its date's year)
    return years


def _title_lines(head_lines: list[str], key: str | None, own: bool = False) -> list[str]:
    """The lines of the title: those naming the report's kind (not sentences: 政府工作报告指出,…。 is
    body), each with the line before it when the title was broken across two lines."""
    out: list[str] = []
    for i, ln in enumerate(head_lines):
        flat = ln.replace(" ", "") if " " in ln else ln
        if key and key in flat and not _rx(r"[。;!]").search(ln):
            prev = head_lines[i - 1] if i else ""
            if prev and prev not in out and not _rx(r"[。;!:]").search(prev) and not _date_in(prev) \
                    and not prev.startswith("("):
                out.append(prev)   # 关于绍兴市2018年国民经济和社会发展 / 计划执行情况与2019年…计划草案的报告
            out.append(ln)
    # no line names the kind: the title-like lines, not a heading such as 2018年工作回顾 (body)
    if own:
        return out
    return out or [ln for ln in head_lines if not _date_in(ln) and (heading_of(ln) or (BARE_LEVEL,))[0] == BARE_LEVEL
                   and not _REVIEWED_YEAR.search(ln) and not _rx(r"[。;!]").search(ln)]


def _years_of_date(kind: str, date: tuple[int, int, int]) -> list[int]:
    """The years a report dated ``date`` and naming no year of its own speaks of: a work report
    given in January sets that year's targets; a plan report or bulletin issued in the first months
    reviews the year before (and an annual plan also plans the year of its date)."""
    y, month = date[0], date[1]
    if kind == "work_report" or month > 4:
        return [y]
    return [y - 1, y] if kind == "annual_plan" else [y - 1]


def _date_in(head: str) -> tuple[int, int, int] | None:
    """A date in the title area (the speaker line: 2024年1月10日在…会议上)."""
    m = _rx(r"((?:19|20)\d{2})年([\d一二三四五六七八九十]{1,2})月(?:([\d一二三四五六七八九十]{1,3})日)?").search(head)
    return (int(m.group(1)), _cn_int(m.group(2)), _cn_int(m.group(3) or "1")) if m else None


def _posting_date(head: str) -> tuple[int, int, int] | None:
    """A web page's posting date on a line of its own in the title area (2022-01-22 11:56:14 来源:…):
    when the report was out, not the year it is about."""
    m = _rx(r"(?:^|\n|\s)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}|\s|$)").search(head)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


_MEETING = re.compile(r"((?:19|20)\d{2})年([\d一二三四五六七八九十]{1,2})月(?:([\d一二三四五六七八九十]{1,3})日)?\s*在"
                      r"[^\n]{0,40}?(?:人民代表大会|会议)")


def _meeting_date(head: str) -> tuple[int, int, int] | None:
    """The date of the speaker line (2024年1月10日在X区第N届人民代表大会第N次会议上)."""
    m = _MEETING.search(head) if "在" in head else None
    return (int(m.group(1)), _cn_int(m.group(2)), _cn_int(m.group(3) or "1")) if m else None


def _plan_of(head: str) -> str | None:
    m = ORDINAL_PLAN_RE.search(head)
    if m:
        return PLAN_BY_ORDINAL.get(m.group(1))
    m = PLAN_RE.search(head)
    return m.group(0) if m else None


# 2024年是…的一年, 2024年工作回顾: the year a report reviews, when its title names none
_REVIEWED_YEAR = re.compile(r"((?:19|20)\d{2})\s?年\s?(?:是|工作回顾|主要工作|国民经济和社会发展计划执行情况|计划执行情况)")


# a year of figures, not the start of a span (2016年开始, 2016年以来) nor a base (比2016年)
_FIGURE_YEAR = re.compile(r"(?<![比较与自从])((?:19|20)\d{2})\s?年(?!开始|以来|起|以前|之前|至今|前|后|相比|版)")


def _reviewed_year(lines: list[str]) -> int | None:
    """The year the body says it reviews (2023年是…, 一、2022年工作回顾)."""
    for ln in lines[:80]:
        if "年" in ln:
            m = _REVIEWED_YEAR.search(ln)
            if m:
                return int(m.group(1))
    return None


def _since_year(lines: list[str], published: int | None = None) -> int | None:
    """A body that opens with 2019年以来,… and names no other year: the year it reviews."""
    opening = next((ln.strip() for ln in lines[:12] if len(ln.strip()) > 30), "")
    m = _rx(r"^((?:19|20)\d{2})\s?年以来").match(opening)
    return int(m.group(1)) if m and (published is None or int(m.group(1)) <= published) else None


def _counted_year(lines: list[str], published: int | None = None) -> int | None:
    """The year the opening names most (the latest of equals); a year after the text was published
    is a vision's (2035年远景目标), not the one it reviews."""
    counts = Counter(int(m.group(1)) for ln in lines[:40] for m in _FIGURE_YEAR.finditer(ln)
                     if published is None or int(m.group(1)) <= published)
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


# the words for a part of a year counted from January (一季度, 上半年, 前三季度, 1-8月 …): the period
# vocabulary's entries before the single quarters and months
PART_OF_YEAR = "|".join(p for p, code in pairs("prose", "periods")[:-1] if code)
# a report's title on the year so far (关于宁波市2023年上半年国民经济和社会发展计划执行情况的报告)
_INTERIM = re.compile("(?:" + PART_OF_YEAR + ")(?:国民经济|计划执行|政府工作|工作)|半年度")
_YEAR_AND_PERIOD = re.compile(r"((?:19|20)\d{2})年(?:" + PART_OF_YEAR + ")")
_PERIOD_OPENING = re.compile("(?:^|[,。;\\s])(?:" + PART_OF_YEAR + ")(?:以来)?[,,]")


# (a headline too: 原标题:《一季度郑州经济实现“开门红”》, 今年上半年义乌GDP增长6.5%, 义观察义乌上半年GDP达…)
_TITLE_PERIOD = re.compile(r"(?:19|20)\d{2}\s?年\s?(?:" + PART_OF_YEAR + r")|[((](?:" + PART_OF_YEAR + r")[))]|(?:^[—-]*|原标题[:：]?\s*《?|《|[\u4e00-\u9fff]{2,4}?)"
                           r"(?:今年)?(?:" + PART_OF_YEAR + ")(?:[^,。;]{0,12})(?:经济|计划执行|GDP|生产总值)")


def _title_period(head_lines: list[str]) -> str:
    """The part of the year a text's title says it is on (——2023年上半年黄岩区经济运行情况分析,
    关于2018年上半年国民经济和社会发展计划执行情况的报告): H1, Q1-3, M1-8 …; '' for a whole year."""
    for ln in head_lines[:4]:
        if len(ln) <= 60 and not _rx(r"[。;]").search(ln) and (m := _TITLE_PERIOD.search(ln)):
            period = label_period(m.group(0))[1]
            # the year so far (Q1, H1, Q1-3, M1-8); 四季度 or one month's report is on the whole year or that month
            return period if period in ("Q1", "H1", "Q1-3") or period.startswith("M1-") else ""
    return ""


_PROGRESS_TITLE = re.compile(alternation("page", "progress_titles"))
RESULT_LABEL = re.compile(r"^\s*(?:" + alternation("page", "result_labels") + ")")


def _progress_year(head_lines: list[str], lines: list[str]) -> int:
    """For a report on how a year's tasks went (a title …重点工作完成情况, or lines opening 完成情况:):
    the year its title names (1 when it names none); 0 for any other report."""
    for ln in head_lines[:6]:
        if len(ln) <= 60 and _PROGRESS_TITLE.search(ln):
            y = YEAR_IN.search(ln)
            return int(y.group(1)) if y else 1
    return 1 if any(RESULT_LABEL.match(ln) for ln in lines[:300]) else 0


_PARAGRAPH_PERIOD = re.compile(r"^\s*(?:初步核算[,,])?(?:今年|(?:19|20)\d{2}\s?年)?(" + PART_OF_YEAR + ")[,,]?")


def _opening_period(lines: list[str]) -> str:
    """A text with no title on part of the year whose paragraphs open with one (一季度,全市…; 一季度,
    全市规模以上工业…): that period, when at least two open with it and none with another."""
    said = Counter(label_period(m.group(1))[1] for ln in lines[:60]
                   if len(ln) > 16 and (m := _PARAGRAPH_PERIOD.match(ln)))   # (not a table's cell 1—11月)
    if len(said) != 1:
        return ""
    period, n = said.most_common(1)[0]
    return period if n >= 2 and (period in ("Q1", "H1", "Q1-3") or period.startswith("M1-")) else ""


_THIS_YEAR_SAID = re.compile(r"今年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")   # (今年3月16日报道称: a day, not the figures' year)


def _says_this_year(lines: list[str]) -> bool:
    """The opening says 今年: the year the text was written in, whatever years its figures cite."""
    return any("今年" in ln and _THIS_YEAR_SAID.search(ln) for ln in lines[:40])


def _current_year_said(lines: list[str], published: tuple[int, int, int]) -> int | None:
    """The year a text naming none speaks of, from the date it was posted: 今年 is that year; a part
    of the year (1-5月, 上半年, …) is that year's, or the year before's when it ends late in a year
    (前三季度, 1-11月) and the text was posted in January or February."""
    opening = lines[:40]
    if _says_this_year(opening):
        return published[0]
    said = next((m.group(0) for ln in opening for m in [_PERIOD_OPENING.search(ln)] if m), None)
    if said is None:
        return None
    # a page of January or February on 前三季度 / 1-11月 speaks of the year before
    late = _rx(r"前三季度|四季度|1[-—~至到]1[0-2]月").search(said)
    return published[0] - 1 if late and 1 <= published[1] <= 2 else published[0]


def _report_years(kind: str, years: list[int], plan: str | None, lines: list[str],
                  pub_year: int | None) -> tuple[int | None, int | None, int | None]:
    """(actual_year, target_year, published_year) by the kind of report."""
    actual_year = target_year = None
    if kind == "annual_plan":
        if years:
            actual_year = min(years)
            target_year = max(years) if max(years) != min(years) else min(years) + 1
    elif kind == "work_report":
        if years and _rx(r"半年度|上半年工作").search("\n".join(lines[:12])):
            actual_year = target_year = min(years)   # 2025年度半年度政府工作报告: the year so far
        elif years:
            target_year = min(years)
            actual_year = target_year - 1
    elif kind in ("five_year_plan", "plan_report") and plan:
        actual_year, target_year = PLANS[plan]
    elif kind == "midterm_review" and plan:
        actual_year, target_year = _review_years(plan, lines)
        if pub_year is None:
            pub_year = actual_year + 1
    elif kind == "plan_review" and plan:
        b, e = PLANS[plan]
        actual_year, target_year = e, e
        if pub_year is None:
            pub_year = e + 1
    elif kind == "plan_notice" and (years or pub_year):
        target_year = min(years) if years else pub_year   # (2018各地政府民生实事项目陆续出炉, posted 2018-02-09)
        actual_year = target_year - 1
        if pub_year is None:
            pub_year = target_year
    elif kind == "yearbook" and years:
        actual_year = min(years) - 1   # a yearbook is named after the year it comes out
        if pub_year is None:
            pub_year = min(years)
    elif kind == "bulletin" and years:
        actual_year = min(years)
        if pub_year is None:
            pub_year = actual_year + 1
    if actual_year is None and years:
        actual_year = max(y for y in years)
    if pub_year is None:
        cands = [y for y in (target_year, actual_year) if y]
        if kind == "plan_report" and actual_year:
            pub_year = actual_year
        elif kind == "annual_plan" and actual_year:
            pub_year = actual_year + 1
        elif kind == "work_report" and target_year:
            pub_year = target_year
        elif target_year is None and actual_year:
            pub_year = actual_year + 1   # a text giving a year's figures comes out after that year
        elif cands:
            pub_year = max(cands)
    return actual_year, target_year, pub_year


def _review_years(plan: str, lines: list[str]) -> tuple[int, int]:
    """A mid-term review: the year it measures (评估时点, else the year it speaks of most) and the plan end."""
    b, e = PLANS[plan]
    body = "\n".join(lines[:80])
    m = _rx(r"((?:19|20)\d{2})年(?:为)?评估时点|截至((?:19|20)\d{2})年|评估时点为((?:19|20)\d{2})年").search(body)
    if m:
        return int(next(g for g in m.groups() if g)), e
    ys = [int(y) for y in YEAR_IN.findall(body) if b < int(y) < e]
    return (max(set(ys), key=lambda y: (ys.count(y), y)) if ys else b), e


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) when a line is a section heading."""
    s = line.strip()
    if not s or "|" in s:
        return None
    # (the stripped line starts with what a numbering form starts with, else HEADING_RE cannot match)
    m = HEADING_RE.match(s) if (s[0] in _HEADING_FIRST or s[0].isdecimal()) else None
    if m:
        kind = m.lastgroup   # the one numbering form that matched
        level = 1 if kind in ("l1", "ch") else 2 if kind in ("l2", "sec") else 3
        end = _rx(r"[。;]").search(s)
        head = s[:end.start()] if end else s
        if level == 3 and len(head) > 40:
            cut = _rx(r"[,,:]").search(head)
            head = head[:cut.start()] if cut else head
        return level, head[:60]
    if len(s) <= 30 and "年" in s and YEAR_IN.search(s) and not _rx(r"[,。;:|]").search(s) and len(YEAR_IN.sub("", s)) >= 4 \
            and not _rx(r"^(?:表\s*\d|附表|附件|续表)|主要指标|指标表|完成情况表").search(s) \
            and not _rx(r"(?:19|20)\d{2}年\s*[\d一二三四五六七八九十]{1,2}月").search(s) \
            and not _rx(r"\d\s*(?:%|‰|亿|万|元|倍|个百分点)").search(s):
        return 0, s   # 2019年工作回顾 — but not a date line such as 2025年三月二十日, nor a news headline
        #               with figures (财政总收入超过1800亿元 较2016年增长63%)
    if len(s) <= 14 and _BARE_HEADING.search(s) and not _rx(r"[,。;:、!?|\d%]").search(YEAR_IN.sub("", s)):
        return BARE_LEVEL, s   # 赶超发展的五年 / 今后五年的重点目标: a heading without numbering (a summary's)
    return None


BARE_LEVEL = 4   # the level of a heading without numbering: under every numbered heading
# the last words of a heading printed without numbering (a summary of a report)
_BARE_HEADING = re.compile(alternation("prose", "bare_heading_ends") + "$")
_AHEAD = re.compile(r"(?:今后|未来)([两二三四五六七八九十])年")


def section_for(level: int, text: str, doc: DocInfo) -> Section:
    if level == 0 and _rx(r"(?:政府工作报告|统计公报|年鉴(?:\s*[(]?(?:19|20)\d{2}[)]?)?)[》”\s]*$").search(text):
        # 2015年杭州市余杭区政府工作报告 / 2023年庆元年鉴 as a line of its own: the report's title, whose
        # year is the year it came out (a work report or a yearbook speaks of the year before), not a section's
        return Section(level, text, None, None, None)
    years = [int(y) for y in YEAR_IN.findall(text)] if "年" in text else []
    pm = PLAN_RE.search(text) if "十" in text else None
    plan = pm.group(0) if pm else None
    mode = None
    head = text[:text.find("。")] if "。" in text else text
    if ACTUAL_WORDS.search(head) and not _rx(r"预期目标|主要目标|草案").search(head):
        mode = "actual"
    elif TARGET_WORDS.search(head):
        mode = "target"
        if years and doc.published_year and max(years) < doc.published_year and \
                not _rx(r"目标|计划|草案|安排|展望|远景").search(head):
            mode = "actual"   # 一、2022年政府主要工作 in a 2023 report: the work done, not planned
    year = years[0] if years else None
    ahead = _AHEAD.search(text) if "年" in text else None
    if year is None and ahead and mode == "target" and doc.actual_year:
        year = doc.actual_year + _cn_int(ahead.group(1))   # 今后五年的目标 in a 2017 report (on 2016): 2021
    if year is None and plan:
        b, e = PLANS[plan]
        year = b if mode == "actual" and plan != doc.plan else e
        if mode == "actual" and doc.published_year and doc.published_year >= e:
            year = e
    return Section(level, text, year, mode, plan)
