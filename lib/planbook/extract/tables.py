"""Facts from indicator tables: pipe tables (with one- or two-row headers, a group label that shifts
the columns, units in the header or in a unit column) and tables flattened to one cell per line.

A table becomes a list of columns, each with a meaning (name, unit, attribute, note, or a value
column with its year, status and measure), and a list of rows of cells. Footnotes below a table
(带*为2019年度数据, 〔 〕为五年累计数, 不含大江东 …) change how cells are read and travel with the facts.

Tables of regions: a first column of regions (地区 | 地区生产总值(亿元) | 增长(%)) gives each row its
region (through the regions catalog) and each value column its indicator; region names as column
headers give each column its region. Statistical tables (bulletins, round-ups, tables of regions)
hold actuals of closed years. The words headers are read by live in rules/table_headers.yml.
Each table carries the name of the way it was read (its facts' ``rule``): table.pipe, table.aligned,
table.flattened, table.flattened_target_actual, table.district_rows, table.district_columns,
table.flattened_district_rows, table.flattened_district_columns.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from planbook.extract.text import rx as _rx
from dataclasses import dataclass, field, replace

import yaml

from planbook.extract.context import PLANS, PLAN_RE, DocInfo
from planbook.extract.numbers import find_numbers
from planbook.extract.labels import clean_label, label_period, measure_tail
from planbook.extract.vocab import alternation
from planbook.extract.model import Fact
from planbook.extract.text import squeeze_text
from planbook.fileio import PlanbookError
from planbook.regions import canonical_region, is_city, region_names_and_aliases

YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
UNIT_PAREN = re.compile(r"[\(（]\s*([^()（）]{1,12})\s*[\)）]\s*$")
KNOWN_UNIT = re.compile(r"^(?:%|‰|[万亿千]?(?:元|美元|人|户|件|家|个|亩|斤|吨|吨标煤|平方米|立方米|公里|米|岁|天|年|张|项|所|座|辆|人次)"
                        r"(?:/[万亿千]?(?:元|人|亩|年|万元))?|微克/立方米|吨/万元|立方米/万元|平方米/万元|万元/人|人/千人|—|-)$")
MISSING = re.compile(r"^(?:--|—|-|–|/|——|未出|无|暂无|\s*)$")
QUALITATIVE = re.compile(r"下达|同步|稳步|提高|提升|完成|下降|保持|逐步|持续|达标|控制|确保|不低于|高于|低于|略高|实现")
SEQ = re.compile(r"^\d{1,3}$")
CATEGORY = re.compile(r"^(.{2,12})[\(（]\d+项[\)）]$")
GROUP_WORDS = re.compile(r"规划目标|目标值?|完成情况|完成|实际|实绩|预计|执行情况|规划")
_OUTCOME_GROUP = re.compile(r"完成|实际|实绩|执行")
# a table whose title says its figures are growth rates (主要经济指标增速, 增幅比较(%))
GROWTH_TITLE = re.compile(r"增速|增幅|增长率|比上年增长|增长速度|涨跌幅|比上年涨跌|涨幅")
STAR = re.compile(r"[*∗※]")


@dataclass
class Column:
    header: str
    role: str              # seq | name | group | unit | attr | note | value | category | region | rank
    year: int | None = None
    status: str | None = None
    measure: str | None = None
    base_year: int | None = None
    region: str | None = None        # a column of one region (indicators in rows, regions in columns)
    label: str = ""                  # a column of one indicator (regions in rows): its name …
    unit: str = ""                   # … its unit
    label_measure: str | None = None  # … and the measure its name implies
    period: str = ""                 # part of the year (M1-6, H1) a table of regions speaks of


@dataclass
class Table:
    table_id: str
    columns: list[Column]
    rows: list[tuple[list[str], str, int, int]]   # (cells, quote, char_start, char_end)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    plan: str | None = None
    rule: str = "table.pipe"         # the way of reading that made the table (a fact's rule)
    region: str = ""                 # the one region the title names (上城区主要经济指标), if any
    statistical: bool = False        # statistics of closed years: actuals stay actuals


@lru_cache(maxsize=1 << 16)
def clean_cell(cell: str) -> str:
    return squeeze_text(cell.strip())


# --------------------------------------------------------------------------- header vocabulary
_RULES_FILE = Path(__file__).with_name("rules") / "table_headers.yml"


@lru_cache(maxsize=1)
def _header_vocabulary() -> dict[str, re.Pattern]:
    """The header words of rules/table_headers.yml, one compiled pattern per entry (loaded once)."""
    try:
        with open(_RULES_FILE, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PlanbookError(f"{_RULES_FILE}: 表头词表无法读取 / cannot read the table header vocabulary ({exc})") from None
    out = {}
    for key, entry in data.items():
        words = (entry or {}).get("words") or []
        if not words:
            raise PlanbookError(f"{_RULES_FILE}: 条目{key}没有words / entry {key} has no words")
        out[key] = re.compile("|".join(f"(?:{w})" for w in words))
    return out


def header_words(key: str) -> re.Pattern:
    """The pattern of one vocabulary entry (estimate, actual, target, growth, region_head …)."""
    return _header_vocabulary()[key]


ATTR = header_words("attribute_values")   # 预期性 / 约束性


# --------------------------------------------------------------------------- header model
def classify_header(h: str) -> Column:
    s = clean_cell(h)
    if not s:
        return Column(s, "empty")
    for role, key in (("seq", "seq"), ("category", "category"), ("name", "indicator_name"), ("unit", "unit"),
                      ("attr", "attribute"), ("note", "note"), ("rank", "rank")):
        if header_words(key).search(s):
            return Column(s, role)
    if header_words("region_head").search(s):
        return Column(s, "region")
    col = Column(s, "value")
    mr = _rx(r"((?:19|20)\d{2})\s*年?\s*[-—~至到]\s*((?:19|20)\d{2})").search(s)
    m = YEAR.search(s)
    if mr:
        col.year = int(mr.group(2))
        col.base_year = int(mr.group(1))   # 2021—2022年年均增长: growth over the span
    elif m:
        col.year = int(m.group(1))
    col.measure = _column_measure(s, col)
    col.period = period_of(s, whole_year="") or (   # 上半年实绩: results of the first half; 3月 同比±%: March's
        label_period(s)[1] if header_words("period_head").search(s) else "")
    if col.period and col.measure == "avg_growth":
        col.measure = "growth"   # (a rate of part of a year is no average over years)
    col.unit = row_label_and_unit(s)[1] or ""   # 绝对值(亿元), 区年度目标(%): the unit of the column's cells
    for status in ("estimate", "actual", "target"):
        if header_words(status).search(s):
            col.status = status
            break
    return col


def _column_measure(s: str, col: Column) -> str | None:
    """avg_growth, growth, cumulative or None (a level) for a value column's header."""
    if header_words("avg_growth").search(s):
        return "avg_growth"
    if header_words("growth").search(s):
        # 2019年实际增长: one year's rate; 增长 with no single year in a plan table: the average
        one_year = not col.base_year and (any(header_words(k).search(s) for k in ("estimate", "actual", "target"))
                                          or bool(period_of(s)))   # 上半年完成/增长(%): this year's rate so far
        return "growth" if one_year else "avg_growth"
    if header_words("cumulative").search(s):
        return "cumulative"
    return None


def raw_cells(line: str) -> list[str]:
    """Cells of a pipe row split as written: a row that opens with '|' has an empty first cell."""
    cells = [c.strip() for c in line.strip().split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def merge_header_rows(rows: list[list[str]], width: int, lines: list[str] | None = None) -> list[str]:
    """Combine one or two header rows into ``width`` leaf headers.

    Two layouts: (a) positional — both rows keep their empty cells and line up column by column
    (``2022年 | | 2023年`` over ``计划目标 | 完成情况 | 预期目标``; an empty top cell continues the
    group to its left); (b) grouped — the top row names groups (规划目标, 完成情况) and the second
    row lists each group's sub-columns in order."""
    under_last = _sub_row_under_last(rows)
    if under_last is not None:
        return under_last
    if len(rows) == 2 and lines:
        top_p = [clean_cell(c) for c in rows[0]]
        sub_line = lines[1]
        sub_p = [clean_cell(c) for c in (raw_cells(sub_line) if sub_line.strip().startswith("|")
                                         and not lines[0].strip().startswith("|") else rows[1])]
        if "" in top_p or len(sub_p) == len(top_p) or (sub_p and sub_p[0] == "" and len(sub_p) <= len(top_p)):
            sub_p = sub_p + [""] * (len(top_p) - len(sub_p))
            if "" in top_p and sub_p and sub_p[0] == "":
                top_p = top_p + [""] * (len(sub_p) - len(top_p))   # the top row's empty last cells were dropped
            if len(sub_p) == len(top_p) and len(top_p) >= width - 1:
                leaves, group = [], ""
                for t, u in zip(top_p, sub_p):
                    if t:
                        group = t
                    head = t or (group if u else "")
                    leaves.append(f"{head}/{u}" if head and u else (head or u))
                return leaves
    top = [clean_cell(c) for c in rows[0] if clean_cell(c)]
    if len(rows) == 1:
        return top
    sub = [clean_cell(c) for c in rows[1] if clean_cell(c)]
    groups = [i for i, c in enumerate(top) if GROUP_WORDS.search(c) and not YEAR.search(c)]
    if len(groups) > 1 and len(sub) % len(groups) and len(top) - 1 + len(sub) == width:
        # 人代会目标 | 完成情况 over 增幅 | 绝对值 | 评价: one group (the outcome's, else the last) splits
        outcome = [i for i in groups if _OUTCOME_GROUP.search(top[i])]
        groups = [(outcome or groups)[-1]]
    if groups and len(sub) % len(groups) == 0:
        per = len(sub) // len(groups)
        leaves: list[str] = []
        it = iter(sub)
        for i, c in enumerate(top):
            if i in groups:
                leaves.extend(f"{c}/{next(it)}" for _ in range(per))
            else:
                leaves.append(c)
        return leaves
    return top + sub


def is_measure_subheader_row(cells: list[str]) -> bool:
    """A second header row of two or three sub-columns, a level and a rate (绝对值 | 增速(%))."""
    sub = [clean_cell(c) for c in cells if clean_cell(c)]
    return 2 <= len(sub) <= 3 and all(header_words("level_sub").search(u) or header_words("growth").search(u)
                                      for u in sub) and any(header_words("growth").search(u) for u in sub)


_VALUE_GROUP = re.compile(r"(?:19|20)\d{2}|目标|实绩|实际|预计|计划|执行|完成")


def is_sub_header(c: str) -> bool:
    """A cell of a second header row: a rate (比上年增长(%)) or a level (总量, 绝对值)."""
    c = clean_cell(c)
    return bool(len(c) <= 10 and (header_words("growth").search(c) or header_words("level_sub").match(c))
                and not _rx(r"(?:19|20)\d{2}|目标|实绩|实际|预计").search(c))


def spread_sub_headers(top: list[str], sub: list[str]) -> list[str] | None:
    """Top header cells over a second row of sub-columns (2017年目标 | 2017年实绩 | 完成情况评价 over
    增长(%) | 总量 | 增长(%)): each sub-column set under the value column it belongs to. The subs are
    dealt out in order, a value column taking the next ones until a kind repeats or a level follows
    a rate; None unless that gives one group per value column (a year or a status, not a remark), or
    fewer groups than value columns: then the first columns take them and the others, printed over
    both header rows (完成情况 over 绝对值 | 同比增长, then 年度目标 alone), keep one column each."""
    groups = [i for i, c in enumerate(top) if _VALUE_GROUP.search(c) and not header_words("note").search(c)]
    dealt: list[tuple[list[str], set]] = []
    for u in sub:
        kind = "level" if header_words("level_sub").search(u) else "rate"
        if not dealt or kind in dealt[-1][1] or (kind == "level" and "rate" in dealt[-1][1]):
            dealt.append(([], set()))
        dealt[-1][0].append(u)
        dealt[-1][1].add(kind)
    if not groups or len(dealt) > len(groups):
        return None
    out: list[str] = []
    for i, c in enumerate(top):
        k = groups.index(i) if i in groups else len(dealt)
        out.extend([f"{c}/{u}" for u in dealt[k][0]] if k < len(dealt) else [c])
    return out


def _sub_row_under_last(rows: list[list[str]]) -> list[str] | None:
    """序号 | 指标名称 | 单位 | 目标 | 上半年实绩 over 绝对值 | 增速(%): a second row of sub-columns only (a
    level and a rate) splits the top row's column of results (实绩, 完成情况: when one column names
    them, as in 指标名称 | 2021年实绩 | 区年度目标 | 市下达目标), else its last column."""
    if len(rows) != 2:
        return None
    top = [clean_cell(c) for c in rows[0] if clean_cell(c)]
    sub = [clean_cell(c) for c in rows[1] if clean_cell(c)]
    if len(top) < 3 or not is_measure_subheader_row(rows[1]) or len(rows[1]) > len(sub) + 6:
        return None
    outcome = [i for i, c in enumerate(top) if i and _OUTCOME_GROUP.search(c)]
    k = outcome[0] if len(outcome) == 1 else len(top) - 1
    return top[:k] + [f"{top[k]}/{u}" for u in sub] + top[k + 1:]


def resolve_columns(headers: list[str], plan: str | None, doc: DocInfo, title: str = "",
                    head: str = "") -> list[Column]:
    """Columns with their meaning, year and status. ``title`` is the table's title, ``head`` the
    report's first line (which says whether the report is a statistical one)."""
    cols = [classify_header(h) for h in headers]
    for before, c in zip(cols, cols[1:]):
        if c.role == before.role == "value" and c.measure in ("growth", "avg_growth") and not (c.period or c.year) \
                and before.period and before.measure is None:
            c.period, c.measure = before.period, "growth"   # 1-3月 | ±%: the rate of the months before it
    region_table_columns(cols, title, doc)
    if statistical_table(cols, title, doc, head) or doc.kind in ("bulletin", "yearbook"):
        statistical_columns(cols, title, doc)
        for c in cols:   # a bulletin's 增幅/增长 column is the year's rate, never an average over years
            if c.measure == "avg_growth" and c.base_year is None and not header_words("avg_growth").search(c.header):
                c.measure = "growth"
    b, e = PLANS.get(plan or "", (None, None))
    pub = doc.published_year
    col_years = [c.year for c in cols if c.role == "value" and c.year and c.measure is None]
    for c in cols:
        if c.role != "value":
            continue
        if c.year is None and c.measure in (None, "growth") and c.status in ("target", "actual", "estimate") and \
                doc.kind in ("annual_plan", "work_report", "bulletin") and doc.actual_year:
            c.year = doc.actual_year   # 目标 | 完成 columns of the year the report reviews
        if c.measure in ("avg_growth", "cumulative") and c.year is None:
            c.year = e
            if c.year is None and col_years:
                # 2019年 … 2023年 | 年均增长: the average over the years the table shows
                c.year, c.base_year = max(col_years), min(col_years)
        if c.status is None:
            if c.year is not None and b is not None and c.year <= b:
                c.status = "actual"
            elif c.year is not None and e is not None and c.year >= e:
                c.status = "target"
            elif c.year is not None and pub is not None and c.year < pub:
                c.status = "actual"
            else:
                c.status = "target"
    return cols


def detect_plan(texts: list[str], years: list[int], annual: bool = False) -> str | None:
    """The five-year plan a table speaks of: named in its title, notes or section, or spanned by its
    year columns (base and end year). In a document about one year (``annual``: an annual plan, a
    work report) a last column in a plan's end year is that year's target, not the plan's."""
    for t in texts:
        m = PLAN_RE.search(t)
        if m:
            return m.group(0)
    ys = sorted(set(years))
    for name, (b, e) in PLANS.items():
        if ys and b in ys and e in ys:
            return name
    for name, (b, e) in PLANS.items():
        if ys and (max(ys) == e) and not annual:
            return name
    return None


# --------------------------------------------------------------------------- statistical tables
_STAT_KINDS = ("bulletin", "yearbook", "report")   # kinds of report whose tables can be statistics of closed years


def statistical_table(cols: list[Column], title: str, doc: DocInfo, head: str = "") -> bool:
    """A table of statistics (a bulletin's or a round-up's 主要经济指标, or a table of regions): no
    column says target or estimate, and the table is one of regions or its title or report is
    statistical."""
    if any(c.role == "value" and c.status in ("target", "estimate") for c in cols):
        return False
    if region_table_kind(cols):
        return True
    return doc.kind in _STAT_KINDS and bool(header_words("statistical_title").search(f"{title}\n{doc.title}\n{head}"))


def _title_year(title: str) -> int | None:
    """The latest year a title names (2019—2021年主要指标 -> 2021)."""
    years = [int(y) for y in YEAR.findall(title or "")]
    return max(years) if years else None


def statistical_columns(cols: list[Column], title: str, doc: DocInfo) -> None:
    """The value columns of a statistical table: actuals; a column with no year (绝对数, 比上年增长)
    is of the year the title names, else of the year the report reviews; 比上年增长 is that
    year's growth."""
    year = _title_year(title) or doc.actual_year
    year_columns = any(c.year for c in cols if c.role == "value")
    for c in cols:
        if c.role != "value" or c.region or c.label or (c.year and year and c.year > year):
            continue      # (a table of regions has its own reading; a later year is no statistic)
        if c.year is None and not year_columns and not header_words("avg_growth").search(c.header):
            c.year = year
            c.measure = "growth" if c.measure else None
        c.status = c.status or "actual"


# --------------------------------------------------------------------------- tables of regions
def region_table_kind(cols: list[Column]) -> str | None:
    """'rows' when each row is a region (地区 | 地区生产总值(亿元) | 增长(%)), 'columns' when each value
    column is one (指标 | 上城区 | 拱墅区), else None."""
    if any(c.role == "region" for c in cols):
        return "rows"
    if sum(1 for c in cols if c.role == "value" and c.region) >= 2:
        return "columns"
    return None


def region_table_columns(cols: list[Column], title: str, doc: DocInfo) -> None:
    """Give the value columns of a table of regions what they need: in a table of region rows each
    column is an indicator (its name and unit in the header; a bare 增长(%) after it is that
    indicator's growth); in a table of region columns each column is a region. Such a table speaks
    of the year its title names (else the year the report reviews); its figures are actuals unless
    the title or header says target or estimate."""
    for c in cols:
        if c.role == "value" and not YEAR.search(c.header) and not c.measure:
            c.region = canonical_region(_rx(r"[\s*]").sub("", c.header)) or None
    kind = region_table_kind(cols)
    if kind is None:
        return
    year = _title_year(title) or doc.actual_year
    status = next((k for k in ("estimate", "target") if header_words(k).search(title or "")), "actual")
    last: Column | None = None
    for c in cols:
        if c.role != "value":
            continue
        c.year = c.year or year
        c.period = period_of(c.header, "") or period_of(title or "", "")
        if kind == "rows":
            last = _indicator_column(c, last, title)
        c.status = c.status or status


def _indicator_column(c: Column, last: Column | None, title: str) -> Column | None:
    """An indicator column of a table of region rows; returns the column a following 增长(%) refers to.
    A header of two rows (地区生产总值/总量(亿元), 地区生产总值/增长(%)) names the indicator above and
    the measure below; a header that is only a year (2022年) takes the indicator from the title."""
    group, _, sub = c.header.rpartition("/")
    label, unit = row_label_and_unit(sub)
    bare = _bare_header(label)
    if group and (not bare or header_words("level_sub").fullmatch(bare) or _only_growth(bare)):
        bare = _bare_header(group) + ("增长" if _only_growth(bare) else "")
        last = None
    if not bare or not group and header_words("level_sub").fullmatch(bare):
        bare, unit = _title_indicator(title)[0], unit or _title_indicator(title)[1]
        if not bare:
            c.role = "empty"      # no indicator anywhere: not read
            return last
    elif _only_growth(bare):
        if last is None:
            return None
        c.label, c.unit, c.measure = last.label, "%", "growth"    # 增长(%) after 地区生产总值(亿元)
        return last
    if bare.startswith("占") and last is not None:
        bare = last.label + bare      # 占全市比重(%) after 地区生产总值(亿元)
    growth_title = bool(GROWTH_TITLE.search(title or ""))
    c.label, c.label_measure, _ = indicator_of(bare, unit or ("%" if growth_title else ""), growth_title)
    c.unit = unit or ("%" if c.label_measure else "")
    c.measure = None
    return c


def _bare_header(label: str) -> str:
    """A header without its years and status words: 2021年实际地区生产总值 -> 地区生产总值."""
    bare = _rx(r"(?:19|20)\d{2}\s*年?|^(?:全年|当年)|" + _PERIOD_WORDS).sub("", label)
    for k in ("estimate", "actual", "target"):
        bare = header_words(k).sub("", bare)
    return bare.strip()


def _only_growth(bare: str) -> bool:
    """增长, 比上年增长, 增速, 同比增长率: a rate and nothing else."""
    return bool(header_words("growth").search(bare)) and not header_words("growth").sub(
        "", _rx(r"比上年|同比|率|±|%|[\(（][^)）]*[\)）]|" + _PERIOD_WORDS).sub("", bare))


def _title_indicator(title: str) -> tuple[str, str]:
    """(indicator, unit) a table title names: 各区县地区生产总值(亿元) -> (地区生产总值, 亿元)."""
    label, unit = row_label_and_unit(title or "")
    label = _rx(r"(?:19|20)\d{2}\s*年?[-—~至到]?").sub("", label)     # (before 表3: 表32022年 once squeezed)
    label = header_words("region_scope").sub("", _rx(r"^(?:表\s*\d+[-—]?\d*|附表\s*\d*)\s*").sub("", label))
    label = _rx(r"^全市|(?:情况|统计|对比|比较)$").sub("", label.strip())
    for alias, _ in region_names_and_aliases():
        if label.startswith(alias):
            label = label[len(alias):]      # 杭州市各区县… : the city that holds the regions
            break
    return label.strip(), unit or ""


def region_header(header: list[str], data: list[list[str]], doc: DocInfo) -> list[str] | None:
    """The header of a table whose rows are regions but whose first header cell is empty or says
    指标/名称 (| | 地区生产总值(亿元) | 增长(%) |, then | 上城区 | …): the same with 地区 first; None
    when the rows are no regions or the header holds figures."""
    if not header or looks_like_data_row(header) or header_words("region_head").search(clean_cell(header[0])):
        return None
    first = clean_cell(header[0])
    if first and not header_words("indicator_name").search(first):
        return None
    names = [clean_cell(r[0]) for r in data if r and clean_cell(r[0])]
    hits = sum(1 for c in names if region_of_cell(c, doc))
    if hits < 2 or hits * 5 < len(names) * 3:
        return None
    return ["地区"] + list(header[1:])


def is_region_subheader_row(first: list[str], second: list[str]) -> bool:
    """The second header row of a table of regions: | | 总量(亿元) | 增长(%) | under | 地区 | 地区生产总值 | |."""
    top = [clean_cell(c) for c in first]
    if not top or not header_words("region_head").search(top[0]) or looks_like_data_row(second):
        return False
    cs = [clean_cell(c) for c in second]
    return bool(cs) and (not cs[0] or header_words("region_head").search(cs[0])) and all(
        not c or header_words("level_sub").search(c) or header_words("growth").search(c) or is_header_cell(c)
        for c in cs[1:])


def is_region_header_row(cells: list[str]) -> bool:
    """The header of a table of regions: its first cell names the region column (地区, 县(市、区)), or
    at least two of its cells are regions (指标 | 上城区 | 拱墅区); and it holds no figures."""
    cs = [c for c in map(clean_cell, cells) if c]
    if len(cs) < 3:
        return False
    if header_words("region_head").search(cs[0]):
        return not looks_like_data_row(cells)
    if not header_words("indicator_name").search(cs[0]) or looks_like_data_row(cells):
        return False
    return sum(1 for c in cs[1:] if canonical_region(_rx(r"[\s*]").sub("", c))) >= 2


# --------------------------------------------------------------------------- notes
@dataclass
class NoteRules:
    star_year: int | None = None
    star_status: str | None = None       # 带*的为预计数 -> estimate
    numbered: dict[str, str] = field(default_factory=dict)   # footnote number -> its text
    square_is: str = "cumulative"        # what [x] means
    lenticular_is: str = "cumulative"    # what 〔x〕 means
    texts: list[str] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)


def parse_notes(notes: list[str]) -> NoteRules:
    r = NoteRules(texts=[n for n in notes if n.strip()])
    for n in notes:
        s = clean_cell(n)
        m = _rx(r"[*∗※][^0-9;。]{0,8}?((?:19|20)\d{2})\s*年").search(s)
        if m:
            r.star_year = int(m.group(1))
        if _rx(r"[*∗※][^;。]{0,6}?(?:预计数|预计值|预计)").search(s):
            r.star_status = "estimate"
        if _rx(r"\[\s*\][^;。]*?(?:累计增长|累计变化|增减|百分点|变化)").search(s):
            r.square_is = "change"
        for num, txt in _rx(r"[\(（](\d)[\)）]\s*(?:为|是|:|:)\s*([^;;。]+)").findall(s):
            r.numbered[num] = txt.strip()        # (1)为1—11月平均值: defines the cell marker (1)
        for num, txt in _rx(r"(?:^|[;;。\s]|注[:：]?)\s*(\d)[\.、．]\s*([^;;。]+)").findall(s):
            r.numbered.setdefault("n" + num, txt.strip())
        for mk in "▲★☆":
            mm = _rx(mk + r"为([^;。]+)").search(s)
            if mm:
                r.markers[mk] = mm.group(1)
    return r


# --------------------------------------------------------------------------- cell values
_GROWTH_CELL = re.compile(r"^(?:年均|平均)?(?:增长|增速|增幅|下降|降低)(?:率)?(?:为|达到?)?")


def parse_value_cell(cell: str) -> dict | None:
    """A value cell: {'value', 'high', 'qualifier', 'kind' (None|'square'|'lenticular'), 'star', 'year', 'text'}
    or {'qualitative': text} or None for missing. (A fresh dict each call; the reading is cached.)"""
    out = _value_cell(cell)
    return dict(out) if out is not None else None


@lru_cache(maxsize=1 << 16)
def _value_cell(cell: str) -> dict | None:
    s = clean_cell(cell)
    if MISSING.match(s):
        return None
    stretch = _rx(r"^([^,,;;]*\d[^,,;;]*)[,,;;]\s*(?:力争|争取)[^,,;;]*\d[^,,;;]*$").match(s)
    if stretch:   # 7.5%以上, 力争8%: the target is the first figure, the second a stretch beyond it
        first = _value_cell(stretch.group(1))
        return first and {**first, "text": s}
    out = {"text": s, "kind": None, "star": False, "year": None, "qualifier": ""}
    mk = _rx(r"(?:\((\d)\)|([①②③④⑤⑥⑦⑧⑨]))$").search(s)
    if mk and _rx(r"\d").search(s[: mk.start()]):
        out["footnote"] = mk.group(1) or str("①②③④⑤⑥⑦⑧⑨".index(mk.group(2)) + 1)
        s = s[: mk.start()]
    if STAR.search(s):
        out["star"] = True
        s = STAR.sub("", s)
    m = _rx(r"[\(（]\s*((?:19|20)\d{2})\s*年?\s*[\)）]").search(s)
    if m:
        out["year"] = int(m.group(1))
        s = s[: m.start()] + s[m.end():]
    aside = _rx(r"^(-?[\d.]+%?)[\(（]([^()（）\d]{1,8}[\d.]+%?)[\)）]$").match(s)
    if aside:   # 8.7(实际增长7.9): the figure, with a second reading of it set aside as a note
        out["note"], s = aside.group(2), aside.group(1)
    if s.startswith("〔") and s.endswith("〕"):
        out["kind"] = "lenticular"
        s = s[1:-1]
    elif s.startswith("[") and s.endswith("]"):
        out["kind"] = "square"
        s = s[1:-1]
    if s.startswith("预计"):
        out["estimate"] = True   # 预计7.3%左右 under 全年实绩: the result is an estimate
        s = s[2:]
    s = _rx(r"^(?:占比|比重|达到|达)(?=[\d.-])").sub("", s)
    for w in ("力争", "确保", "约"):
        if s.startswith(w):
            out["qualifier"] = "力争" if w == "力争" else w
            s = s[len(w):]
    mg = _GROWTH_CELL.match(s)
    if mg and "%" in s:   # 增长7%左右 / 年均增长6% / 下降3%: the cell says its own measure
        out["growth"] = "avg_growth" if "均" in mg.group(0) else (
            "decline" if header_words("decline_cell").match(mg.group(0)) else "growth")
        s = s[mg.end():]
    nums = find_numbers(s)
    if len(nums) == 1 and len(_rx(r"[\d.%\s\-—~,]").sub("", s.replace(nums[0].text, ""))) <= 3:
        n = nums[0]
        out.update(value=n.value, high=n.value_high, unit=n.unit)
        if n.qualifier and not out["qualifier"]:
            out["qualifier"] = n.qualifier
        return out
    if QUALITATIVE.search(s) and len(s) <= 24 and not _rx(r"[\(（][^)）]*[\)）]$").search(s):
        return {"qualitative": clean_cell(cell)}
    return None


# --------------------------------------------------------------------------- facts
def row_label_and_unit(name: str) -> tuple[str, str | None]:
    s = clean_cell(name)
    unit = None
    m = UNIT_PAREN.search(s)
    if m and (KNOWN_UNIT.match(m.group(1).replace(" ", "")) or m.group(1) in ("%", "‰")):
        unit = m.group(1).replace(" ", "")
        s = s[: m.start()]
    s = _rx(r"^[▲★☆※]+").sub("", s).strip()
    return s, unit


@dataclass
class RowReading:
    """What a row says about all its value cells."""
    name: str                 # the name cell as written (the fact's row_label)
    core: str                 # the indicator
    unit: str
    attr: str = ""
    note: str = ""
    marker: str = ""
    measure_label: str | None = None   # growth / avg_growth when the name says so
    region: str = ""
    is_change: bool = False   # the name is a change (单位GDP能耗降低): a rate column holds its level


@dataclass
class CellReading:
    """One value cell while it is read: starts from its column and row, then its marks."""
    year: int | None
    status: str
    measure: str
    vunit: str
    note_parts: list[str]
    period: str = ""
    qualifier: str = ""
    value: float | None = None
    high: float | None = None
    value_text: str = ""


def table_facts(t: Table, doc: DocInfo) -> list[Fact]:
    """The facts of a table: each row read once, then each of its value cells."""
    rules = parse_notes(t.notes)
    # a table of growth rates says so in its title: 主要经济指标增速(比上年增长,%)
    growth_table = bool(GROWTH_TITLE.search(t.title or "")) and not _rx(r"及其?(?:增长速度|增速|增幅|增长率)").search(
        t.title or "")   # (财政收支及其增长速度: amounts and their rates, each column says which)
    note_text = _general_notes(t.notes)
    cols = t.columns
    idx = {role: next((i for i, c in enumerate(cols) if c.role == role), None) for role in ("name", "seq", "region")}
    facts: list[Fact] = []
    places = _PlaceRows(doc) if idx["region"] is None else None
    for cells, quote, q0, q1 in t.rows:
        cells = _aligned_to_seq([clean_cell(c) for c in cells], idx["seq"])
        row = read_row(cols, cells, idx["name"], idx["region"], growth_table, doc)
        if row is None:
            continue
        if places is not None:
            places.read(row, any(v for c, v in zip(cols, cells) if c.role == "value"))
        row_facts = []
        for c, v in zip(cols, cells):
            if c.role == "value" and v:
                f = cell_fact(t, doc, c, v, row, rules, note_text, (quote, q0, q1))
                if f is not None:
                    row_facts.append((c, f))
        facts.extend(_one_measure_per_row(row_facts, row.core))
        facts.extend(_amount_in_note(row_facts, row.note))
    return facts


_BY_PLACE = header_words("by_place_rows")


class _PlaceRows:
    """Rows that are places inside a table of indicators: after a title row 分县(区)工业总产值 each row
    is a place's figure of that indicator (a zone or town too); a region under an indicator's row
    (水产品总产量 / 其中:定海区) is that region's figure of it."""

    def __init__(self, doc: DocInfo):
        self.doc, self.listed, self.parent = doc, "", ""

    def read(self, row: RowReading, has_values: bool) -> None:
        if not has_values:   # a title row: opens a list of places, or a new group of indicators
            m = _BY_PLACE.match(row.name)
            self.listed = row.core[m.end():] if m and row.core.startswith(m.group(0)) else (
                _BY_PLACE.sub("", row.core) if m else "")
            self.parent = ""
            return
        place = region_of_cell(row.name, self.doc)
        if self.listed:
            row.region, row.core = place or _bare_place(row.name), self.listed
        elif place and self.parent and place != self.doc.region:
            row.region, row.core = place, self.parent
        elif not place:
            self.parent = row.core


def _amount_in_note(row_facts: list[tuple], note: str) -> list[Fact]:
    """实际完成 增长4.8% | 备注 1347.1亿元: an amount in the note column is the level the result reached."""
    pv = parse_value_cell(note) if note else None
    results = [f for _, f in row_facts if f.status in ("actual", "estimate") and f.value is not None]
    if not pv or "qualitative" in pv or pv.get("unit") in (None, "", "%", "‰", "个百分点") or not results:
        return []
    f = results[-1]
    return [replace(f, value=pv["value"], value_high=pv["high"], unit=pv["unit"], measure="level", qualifier="",
                    value_text=note, note="备注列所列数值")]


_MONEY = re.compile(alternation("prose", "money_nouns"))
_SHARE_NAME = re.compile(r"比重|占比|份额|之比|强度")
_RATE_NAME = re.compile(r"比重|占比|份额|(?<!生产)率|比例|之比|强度|指数|^单位")


def _one_measure_per_row(row_facts: list[tuple], name: str) -> list[Fact]:
    """A target cell in % under a header that names no measure takes the measure of the row's 增幅
    cell (固定资产投资 | 11% | 增幅 25.6%: growth) — unless the indicator is a rate or share, whose
    增幅 cell then holds its level (城镇化率 | 68% | 73.3)."""
    if _SHARE_NAME.search(name):
        for c, f in row_facts:
            if f.measure == "growth" and f.unit == "%" and c.measure == "growth":
                f.measure = "level"   # 研发经费支出占GDP比重 under 目标增长(%): a share grows in points, 3.4 is its level
    bare = [f for c, f in row_facts if c.measure is None and f.measure == "level" and f.unit == "%"]
    if bare and _MONEY.search(name) and not _RATE_NAME.search(name):
        for f in bare:
            f.measure = "growth"   # 交通投资 | 10%以上 | 28%: an amount in % is its growth
        return [f for _, f in row_facts]
    growth = [f for c, f in row_facts if f.measure == "growth" and c.measure == "growth" and f.unit == "%"]
    if growth and bare:
        for f in (growth if _RATE_NAME.search(name) else bare):
            f.measure = "level" if _RATE_NAME.search(name) else "growth"
    return [f for _, f in row_facts]


def _general_notes(notes: list[str]) -> str:
    """Notes that qualify every figure of the table (scope, prices); marker notes go to marked cells only."""
    general = []
    for n in notes:
        for item in _rx(r"[;;]|(?<=。)|\s(?=\d[\.、．])").split(n):
            item = item.strip()
            if _rx(r"不含|口径|可比价|按当年价|剔除").search(item) and not _rx(r"^[^,,]*[*∗※〔\[]").search(item):
                general.append(item)
    return ";".join(general)


def _aligned_to_seq(cells: list[str], seq_idx: int | None) -> list[str]:
    """A row that lacks the group/category cell: its sequence number tells where it starts."""
    if seq_idx is not None:
        pos = next((i for i, c in enumerate(cells[: seq_idx + 2]) if SEQ.match(c)), None)
        if pos is not None and pos != seq_idx:
            shift = seq_idx - pos
            cells = ([""] * shift + cells) if shift > 0 else cells[-shift:]
    return cells


def indicator_of(label: str, unit: str, growth_table: bool) -> tuple[str, str | None, bool]:
    """(indicator, measure the name implies, whether the name is a change such as 降低) of a row or
    column label: 地区生产总值增长 -> growth."""
    core, mword = measure_tail(label)
    is_change = mword in ("decline", "rise")
    if mword in ("decline", "rise", "cumulative"):
        core, mword = label, None     # 单位GDP能耗降低(%): the reduction is the indicator's name
    core = clean_label(core) or label
    measure_label = "growth" if mword == "growth" else ("avg_growth" if mword == "avg_growth" else None)
    if growth_table and measure_label is None and unit == "%" and not _rx(r"比重|占|率|比例").search(core):
        measure_label = "growth"
    return core, measure_label, is_change


def read_row(cols: list[Column], cells: list[str], name_idx: int | None, region_idx: int | None,
             growth_table: bool, doc: DocInfo) -> RowReading | None:
    """The row's name, indicator, unit, attribute, note and region; None for a row that is no indicator."""
    region = ""
    if region_idx is not None:
        region = region_of_cell(cells[region_idx] if region_idx < len(cells) else "", doc)
        if not region:
            return None       # a row of a region table that names no region (a sub-heading)
        if name_idx is None:
            return RowReading(cells[region_idx], "", "", region=region)   # the indicator is in each column
    if name_idx is None or name_idx >= len(cells):
        return None
    name = cells[name_idx]
    if not name or SEQ.match(name):
        return None
    label, unit = row_label_and_unit(name)
    if "|" in label:
        label = label.split("|")[-1]
    label = _rx(r"^(?:[一二三四五六七八九十]{1,3}、|#+)").sub("", label)   # (一、食品烟酒; #增值税: 其中)
    row = RowReading(name, "", "", marker=next((mk for mk in "▲★☆" if name.startswith(mk)), ""), region=region)
    unit_col = ""
    for c, v in zip(cols, cells):
        if c.role == "attr" and ATTR.match(v or ""):
            row.attr = v
        elif c.role == "unit" and v:
            unit_col = v.replace(" ", "")
        elif c.role == "note" and v:
            row.note = v
    if unit_col in ("—", "-", "--"):
        unit_col = ""
    row.unit = unit_col if unit_col else (unit or "")
    if growth_table and not row.unit:
        row.unit = "%"
    row.core, row.measure_label, row.is_change = indicator_of(label, row.unit, growth_table)
    return row


def title_region(title: str) -> str:
    """The region a table's title names when it names exactly one (上城区2021年主要经济指标; a
    district's table in a round-up of several), else ''."""
    if not title:
        return ""
    found = {canon for alias, canon in region_names_and_aliases() if alias in title}
    return found.pop() if len(found) == 1 else ""


def _bare_place(cell: str) -> str:
    """A first-column cell without its marks, blanks and 其中: (其中:定 海 -> 定海)."""
    return _rx(r"[\s*#▲★]|^其中[::]?").sub("", cell)


def region_of_cell(cell: str, doc: DocInfo) -> str:
    """The region a first-column cell of a region table names: 上城区, 萧山 -> 萧山区; 全区, 合计 ->
    the report's own region; 全市 -> the report's region when that is a city; '' when none."""
    s = _bare_place(cell)
    if not s:
        return ""
    if header_words("region_total").search(s):
        return doc.region
    region = canonical_region(s)
    if region and s in ("全市", "市区") and doc.region and is_city(doc.region):
        return doc.region
    return region or ""


def cell_fact(t: Table, doc: DocInfo, c: Column, v: str, row: RowReading, rules: NoteRules, note_text: str,
              where: tuple[str, int, int]) -> Fact | None:
    """The fact of one value cell, or None when the cell holds no figure."""
    pv = parse_value_cell(v)
    if pv is None or (c.label or c.region) and "qualitative" in pv:
        return None       # (a table of regions holds figures; words there are tasks or remarks)
    if c.label:      # a region table: the indicator is the column's
        row = RowReading(row.name, c.label, c.unit, row.attr, row.note, row.marker, c.label_measure, row.region)
    unit = c.unit if c.unit in ("%", "‰") else (row.unit or c.unit)   # a rate column's % over the row's 亿元
    cell = CellReading(c.year, c.status or "target", c.measure or "level", unit,
                       [p for p in (row.note, note_text) if p], period=c.period, value_text=v)
    if row.marker and row.marker in rules.markers:
        cell.note_parts.append(f"{row.marker}{rules.markers[row.marker]}")
    if "qualitative" in pv:
        cell.value_text = pv["qualitative"]
    else:
        read_figure(cell, pv, row, rules, doc)
    if not _own_level_unit(pv):
        settle_measure(cell, c, row, t)   # (居民人均可支配收入增幅 | 84089元: a figure in 元 is the level)
    if cell.measure == "growth" and row.is_change:
        cell.measure = "level"    # 单位GDP能耗降低 under 目标增长(%): the reduction itself
    if cell.status == "actual" and not cell.period:
        cell.period = period_of(t.title or "", whole_year="") if cell.year == doc.published_year else ""
    if cell.status == "actual" and doc.published_year and cell.year and cell.year >= doc.published_year \
            and not t.statistical and not cell.period:
        cell.status = "estimate"   # (results of a part of the year so far are results: 上半年实绩)
    base_year, plan = settle_span(cell, c, t)
    if cell.value is None and (cell.measure != "level" and "qualitative" not in pv or not cell.value_text):
        return None
    # a target said in words keeps the row's unit, or % when it is a growth (与经济增长同步)
    no_value_unit = "%" if cell.measure in ("growth", "avg_growth") else (row.unit or "")
    quote, q0, q1 = where
    return Fact(row.core, cell.value, cell.high, cell.vunit if cell.value is not None else no_value_unit,
                cell.measure, cell.status, cell.qualifier, cell.year, cell.period,
                row.region or c.region or t.region or doc.region,
                quote, q0, q1, plan=plan, base_year=base_year,
                value_text=cell.value_text if cell.value is None else v, note=";".join(cell.note_parts),
                source_kind="table", rule=t.rule, table_id=t.table_id, row_label=clean_cell(row.name),
                attribute=row.attr, context=t.title)


def read_figure(cell: CellReading, pv: dict, row: RowReading, rules: NoteRules, doc: DocInfo) -> None:
    """A figure and its marks: unit, * (another year or an estimate), footnote, (2019年), [x] and 〔x〕."""
    cell.value, cell.high, cell.qualifier = pv["value"], pv["high"], pv["qualifier"]
    if pv.get("estimate") and cell.status == "actual":
        cell.status = "estimate"
    if pv.get("unit") and (cell.measure == "avg_growth" or pv["unit"] in ("%", "‰") or not row.unit):
        cell.vunit = pv["unit"]   # (a cell that says its own unit, in a table without a unit column: 300亿元)
        if cell.vunit in ("亿", "万亿", "万") and _MONEY.search(row.core):
            cell.vunit += "元"   # 财政总收入 | 96.2亿: an amount of money
    if pv["star"]:
        if rules.star_status:
            cell.note_parts.append("带*为预计数")
            cell.status = rules.star_status
        elif rules.star_year:
            cell.note_parts.append(f"带*为{rules.star_year}年数据(原列{cell.year}年)")
            cell.year = rules.star_year
        else:
            cell.note_parts.append("带*脚注数据")
    if pv.get("note"):
        cell.note_parts.append(pv["note"])   # 8.7(实际增长7.9): the cell's second reading
    if pv.get("footnote"):
        fn = rules.numbered.get(pv["footnote"])
        cell.note_parts.append(f"注{pv['footnote']}:{fn}" if fn else f"脚注({pv['footnote']})")
        cell.period = period_of(fn or "") or cell.period
    if pv["year"]:
        cell.note_parts.append(f"标注为{pv['year']}年数据(原列{cell.year}年)")
        cell.year = pv["year"]
        if doc.published_year is None or cell.year < doc.published_year:
            cell.status = "actual"
    if pv["kind"] == "lenticular":
        cell.measure = "cumulative"
    elif pv["kind"] == "square":
        # [x] of a share or rate is a change in percentage points; of a level, a five-year total
        cell.measure = "pp_change" if row.unit in ("%", "‰") else "cumulative"
        if cell.measure == "pp_change":
            cell.vunit = "个百分点"
    if pv.get("growth") and cell.measure == "level":
        cell.measure = "avg_growth" if pv["growth"] == "avg_growth" else "growth"
        if pv["growth"] == "decline" and cell.value is not None:
            cell.value, cell.high = -cell.value, (-cell.high if cell.high is not None else None)
    if cell.measure in ("avg_growth", "growth") or (row.measure_label and cell.measure == "level"
                                                    and not _own_level_unit(pv)):
        cell.vunit = "%"   # (居民人均可支配收入增幅 | 84089元: a figure in 元 is the level, not the rate)


def _own_level_unit(pv: dict) -> bool:
    """The cell states a unit of a level (84089元), not of a rate."""
    return pv.get("unit") not in (None, "", "%", "‰", "个百分点", "百分点")


_PERIODS = {"前三季度": "Q1-3", "上半年": "H1", "一季度": "Q1"}
_PERIOD_WORDS = r"1[-—~至到](\d{1,2})月|前三季度|上半年|一季度"   # parts of a year a title or note names


def period_of(text: str, whole_year: str | None = None) -> str:
    """The part of a year a note or title speaks of: 1—11月 -> M1-11, 上半年 -> H1, 前三季度 -> Q1-3;
    1—12月 gives ``whole_year`` when that is given (a full year is no period), else M1-12."""
    m = _rx(_PERIOD_WORDS).search(text)
    if not m:
        return ""
    if m.group(1):   # (1-3月: Q1, as prose reads it)
        return whole_year if whole_year is not None and m.group(1) == "12" else label_period(m.group(0))[1]
    return _PERIODS[m.group(0)]


def settle_measure(cell: CellReading, c: Column, row: RowReading, t: Table) -> None:
    """A growth indicator in a level column: its growth, or at the plan end, its average over the plan."""
    if cell.measure == "level" and row.measure_label:
        b, e = PLANS.get(t.plan or "", (None, None))
        if cell.status == "target" and e is not None and cell.year == e and c.year == e:
            cell.measure = "avg_growth"
        else:
            cell.measure = row.measure_label


def settle_span(cell: CellReading, c: Column, t: Table) -> tuple[int | None, str]:
    """(base year, plan) of an average, a total or a change over years."""
    base_year = None
    plan = t.plan or ""
    if cell.measure in ("avg_growth", "cumulative", "pp_change") and c.base_year and cell.year == c.year:
        years_in_table = {col.year for col in t.columns if col.year}
        base_year = c.base_year - 1 if (c.base_year - 1) in years_in_table or (
            plan and PLANS[plan][0] == c.base_year - 1) else c.base_year
    elif cell.measure in ("avg_growth", "cumulative", "pp_change") and plan:
        b, e = PLANS[plan]
        base_year = b
        if cell.year is not None and cell.year <= b:
            # a growth rate in the base-year column covers the plan before
            base_year = cell.year - (e - b)
            plan = next((p for p, (pb, pe) in PLANS.items() if pe == cell.year), "")
    return base_year, plan


# --------------------------------------------------------------------------- finding tables
def is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2


def pipe_cells(line: str) -> list[str]:
    """Cells of a bordered pipe row: one border bar each side is dropped, so '||x|' keeps an empty
    first cell (a category column left blank under a merged cell)."""
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    cells = [c.strip() for c in s.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def looks_like_data_row(cells: list[str]) -> bool:
    vals = 0
    for c in cells:
        s = clean_cell(c)
        if SEQ.match(s):
            continue
        if _rx(r"[\[〔]?[-+]?\d[\d.,]*%?[〕\]]?[*∗]?").fullmatch(s) and not _rx(r"(19|20)\d{2}").fullmatch(s):
            vals += 1
    return vals >= 1


HEADER_CELL = re.compile(r"^(?:序号|编号|指标名称|指标|名称|属性|指标属性|单位|备注|一级指标|二级指标|类别|一级类别|二级类别|领域|"
                         r"规划目标|完成情况|目标值|计划目标|预期目标|计划|执行|实际|预计|目标|完成|实绩|执行情况|预计完成|"
                         r"进度评价|评价|进展情况|完成进度|说明|基数|基期值|"
                         r"(?:19|20)\d{2}\s*年?(?:预计完成|预计|目标值|目标|完成值|完成|实际值|实际|计划|执行|基数|基期值|基期|现状)?|"
                         r"年均增长(?:率)?|累计|年均/累计)$")
SEPARATOR = re.compile(r"^:?-{2,}:?$")


def is_separator_row(cells: list[str]) -> bool:
    """A markdown rule row: |---|:---:|."""
    seen = False
    for c in map(clean_cell, cells):
        if c:
            if not SEPARATOR.match(c):
                return False   # (a data row stops at its first cell)
            seen = True
    return seen


_HEADER_WORD = re.compile(r"年|目标|完成|实际|预计|指标|单位|属性|备注|年均|增长|规划|基期|现状|实现|计划|执行|序号|类别|说明|评价")


@lru_cache(maxsize=1 << 16)
def is_header_cell(c: str) -> bool:
    """A header word (序号, 指标名称, 2020年, 年均增长 …) or a longer header such as “十四五”规划目标,
    2022年实现值, 2021—2022年年均增长(%): header words and no figures other than years."""
    if HEADER_CELL.match(c) or header_words("period_head").search(c):
        return True
    bare = _rx(r"[“”\"'《》()()%]").sub("", c)
    bare = _rx(r"十[三四五六]五").sub("", bare)
    if _rx(r"\d").search(_rx(r"(?:19|20)\d{2}").sub("", bare)):
        return False
    return (bool(_HEADER_WORD.search(bare)) or any(header_words(k).search(bare) for k in (
        "indicator_name", "level_sub", "growth", "task_column", "result_column"))) and len(bare) <= 16


def is_header_row(cells: list[str]) -> bool:
    """A header row: (nearly) every non-empty cell is a header word (序号, 指标名称, 2020年, 年均增长 …)."""
    cs = [c for c in map(clean_cell, cells) if c]
    if not cs or is_separator_row(cells):
        return False
    hits = sum(1 for c in cs if is_header_cell(c))
    need = max(2, len(cs) - 1) if len(cs) <= 4 else max(3, -(-len(cs) * 2 // 3))
    return hits >= need and not looks_like_data_row(cells) or is_region_header_row(cells)


def with_merged_first_cell(cells: list[str], headers: list[str]) -> list[str]:
    """A row one cell short under a first column of attributes or categories (预期性 written once for
    its group, the cell merged over the rows below it): the row shifted right by that empty cell."""
    filled = [c for c in cells if clean_cell(c)]
    short = len(headers) - len(filled)
    if len(headers) < 3 or short < 1 or len(filled) < 3:
        return cells
    if (header_words("attribute").search(headers[0]) or header_words("category").search(headers[0])) \
            and not header_words("attribute_values").search(clean_cell(filled[0])):
        filled, short = [""] + filled, short - 1
    return _with_blank_before_verdict(filled, headers, short) if short else filled


_VERDICT = re.compile(r"^(?:已|基本|未|超额|提前)?完成$|^未达|^达到$|^超过$")


def _with_blank_before_verdict(cells: list[str], headers: list[str], short: int) -> list[str]:
    """完成情况 with sub-columns (增幅 | 绝对值 | 评价) and a 排名 column last: a row that left a sub-column
    empty keeps its verdict (完成) and rank under their own headers; the blanks go before them."""
    tail = 0
    if header_words("rank").search(headers[-1]):
        tail = 1
        if len(cells) >= 2 and _VERDICT.search(clean_cell(cells[-2])):
            tail = 2
    elif _VERDICT.search(clean_cell(cells[-1])):
        tail = 1
    if not tail:
        return cells
    return cells[:-tail] + [""] * short + cells[-tail:]
