"""Excel tables for officials (openpyxl).

Two entry points:

* ``export_view(df, kind, path=None, **meta)`` writes the table a notebook shows (filtered as its
  widgets are set) as one official-style sheet; the notebooks' 导出Excel buttons call it.
* ``export_all(out_dir=None)`` writes the main workbook ``exports/规划指标分析汇总.xlsx`` from
  ``data/processed/*.csv`` (whatever exists; missing tables are listed on the 说明 sheet) and, when
  reviews.csv exists, one workbook per region ``exports/规划目标完成情况_<地区>.xlsx``.
* ``planbook export [--out DIR]`` runs ``export_all`` and prints the paths.

Every sheet follows the conventions of tables a planning bureau hands upward: a merged title row, a
line with the unit and the data date, a bold filled header, frozen panes below it, widths that fit
Chinese text, numbers stored as numbers with formats by unit, statuses coloured by conditional
formatting, thin borders, A4 landscape one page wide with the header rows repeated and page numbers
in the footer. Files are written to a temporary file beside the target and renamed; a target that is
open elsewhere (lock file or PermissionError) raises ``PlanbookError`` and stays as it was.
"""
from __future__ import annotations

import math
import os
from copy import copy
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.fileio import PlanbookError, atomic_path
from planbook.paths import project_paths
from planbook.data import QUALITY_KIND_ZH as DATA_QUALITY_KIND_ZH
from planbook.sheet_specs import SOURCE_NOTE, SOURCES_SHEET, SheetSpec, spec_for
from planbook.verify import QUALITY_KIND_ZH

from planbook import vocab as V

_STATUS_COLOURS = V.colours("review_status")   # the shared status colours (charts, tables, Excel)

KINDS = ("indicators", "reviews", "comparison", "scenario", "quality")

MAIN_WORKBOOK = "规划指标分析汇总.xlsx"

# sheet name, title and file stem per kind
KIND_INFO: dict[str, dict[str, str]] = {
    "indicators": {"sheet": "指标数据", "title": "规划报告主要指标数据", "file": "指标数据"},
    "reviews": {"sheet": "规划目标完成情况", "title": "规划主要指标目标完成情况", "file": "规划目标完成情况"},
    "comparison": {"sheet": "区县对比", "title": "区县(市)主要指标对比", "file": "区县对比"},
    "scenario": {"sheet": "情景预测", "title": "主要指标情景预测", "file": "情景预测"},
    "quality": {"sheet": "数据质量", "title": "数据质量记录", "file": "数据质量"},
}

# ---------------------------------------------------------------------------------------------
# Chinese column headers, one mapping per kind (unknown columns keep their own name)

COMMON_LABELS: dict[str, str] = {
    "doc_id": "文件编号",
    "doc_title": "来源报告",
    "region": "地区",
    "indicator": "指标名称",
    "indicator_code": "指标代码",
    "indicator_raw": "原文指标名称",
    "category": "类别",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "measure": "口径",
    "status": "数据状态",
    "qualifier": "限定词",
    "period": "期间",
    "plan": "规划",
    "base_year": "基期年",
    "attribute": "属性",
    "value_text": "原文数值",
    "source_kind": "来源形式",
    "rule": "抽取规则",
    "table_id": "表格编号",
    "row_label": "表格行名",
    "note": "注释",
    "notes": "注释",
    "quote": "原文摘录",
    "char_start": "原文起始位置",
    "char_end": "原文结束位置",
    "source": "来源",
    "sources": "来源",
    "file": "文件",
    "scenario": "情景",
    "variable": "变量",
    "verified": "核对",              # planbook.verify: whether a person checked the figure
    "value_extracted": "原抽取数值",
}

INDICATOR_LABELS = dict(COMMON_LABELS)

REVIEW_LABELS = {
    **COMMON_LABELS,
    "status": "完成状态",
    "status_label": "完成状态",
    "base_value": "基期值",
    "target_year": "目标年",
    "target_value": "目标值",
    "target_text": "目标(原文)",
    "target_qualifier": "目标限定词",
    "target_kind": "目标类型",
    "latest_year": "最新数据年份",
    "latest_value": "最新值",
    "latest_status": "最新值状态",
    "latest_text": "最新值(原文)",
    "required_growth_pct": "所需年均增速(%)",
    "actual_growth_pct": "实际年均增速(%)",
    "remaining_growth_pct": "剩余年份所需增速(%)",
    "completion_pct": "完成进度(%)",
    "elapsed_pct": "时间进度(%)",
    "gap": "差距",
    "gap_pct": "差距(%)",
    "ratio": "实际/所需增速比",
    "growth_ratio": "实际/所需增速比",
    "band": "进度判断",
    "ratio_band": "进度判断",
    "projected_value": "按现速度目标年可达值",
    "pace_value": "按现速度目标年可达值",
    "direction": "方向",
    "tolerance": "容差",
    "check": "一致性核对",
    "checks": "一致性核对",
    "reason": "判断依据",
    "explanation": "说明",
    "plan_kind": "规划类型",
    "target_text": "目标(原文)",
    "latest_period": "最新值期间",
    "required_growth_from_latest_pct": "按最新值所需年均增速(%)",
    "implied_growth_pct": "按水平值推算年均增速(%)",
    "pace_ratio": "实际/所需增速比R",
    "pace_band": "进度判断",
    "status_reason": "判断依据",
}

COMPARISON_LABELS = {
    **COMMON_LABELS,
    "status": "数据状态",
    "share_of_city_pct": "占全市比重(%)",
    "share_pct": "占全市比重(%)",
    "rank": "位次",
    "growth_pct": "增速(%)",
    "year_used": "数据年份",
    "requested_year": "对比年份",
    "nearest_year": "就近年份",
    "boundary": "统计口径",
    "city_value": "全市数值",
    "level": "层级",
    "parent": "上级",
    "year_note": "年份说明",
    "rank_of": "参与排名地区数",
    "value_as_written": "原文数值",
    "unit_as_written": "原文单位",
    "region_as_written": "原文地区",
    "region_level": "地区层级",
    "alternatives": "其他来源数值",
}

SCENARIO_LABELS = {
    **COMMON_LABELS,
    "assumption": "假设/来源",
    "assumptions": "假设/来源",
    "source": "假设/来源",
    "path": "路径",
    "p10": "10%分位",
    "p50": "中位数",
    "p90": "90%分位",
    "probability": "达标概率",
    "target": "目标值",
    "growth_pct": "增速(%)",
    "deflator_pct": "价格指数(%)",
    "population": "常住人口",
    "per_capita_cny": "人均(元)",
    "per_capita_usd": "人均(美元)",
}

QUALITY_LABELS = {
    **COMMON_LABELS,
    "kind": "问题类型",
    "location": "位置",
    "message": "说明",
    "severity": "严重程度",
}

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "indicators": INDICATOR_LABELS,
    "reviews": REVIEW_LABELS,
    "comparison": COMPARISON_LABELS,
    "scenario": SCENARIO_LABELS,
    "quality": QUALITY_LABELS,
}

# Chinese labels for coded cell values (unknown values are kept as they are)
REVIEW_STATUS_LABELS = V.labels("review_status")
DATA_STATUS_LABELS = V.labels("data_status")
MEASURE_LABELS = V.labels("measure")
SOURCE_KIND_LABELS = V.labels("source_kind")
PLAN_KIND_LABELS = V.labels("plan_kind")
TARGET_KIND_LABELS = V.labels("target_kind")
DIRECTION_LABELS = V.labels("direction")
PACE_BAND_LABELS = V.labels("pace_band")
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {**REVIEW_STATUS_LABELS, **DATA_STATUS_LABELS},
    "status_label": REVIEW_STATUS_LABELS,
    "latest_status": DATA_STATUS_LABELS,
    "base_status": DATA_STATUS_LABELS,
    "measure": MEASURE_LABELS,
    "source_kind": SOURCE_KIND_LABELS,
    "plan_kind": PLAN_KIND_LABELS,
    "target_kind": TARGET_KIND_LABELS,
    "direction": DIRECTION_LABELS,
    "pace_band": PACE_BAND_LABELS,
    "region_level": {"city": "市", "district": "区", "county": "县(市)", "county_city": "县级市"},
    "kind": {**DATA_QUALITY_KIND_ZH, **QUALITY_KIND_ZH},
}

# status label -> (fill colour, font colour) for the conditional formatting
STATUS_STYLE: dict[str, tuple[str, str]] = {
    REVIEW_STATUS_LABELS[code]: (_STATUS_COLOURS[code], str(font))
    for code, font in V.attribute("review_status", "font").items()
}

STATUS_MEANINGS = V.attribute("review_status", "description")

MARKER_LEGEND = [
    ("〔 〕", "五年累计数(如 萧山“十三五”五年实际利用外资〔43〕亿美元)"),
    ("[ ]", "五年累计增长数/累计变化(百分点,如 服务业增加值比重[16.4])"),
    ("∗ / *", "带∗的数值为2019年度数据(代替2020年数据,保留其实际年份)"),
    ("▲", "浙江省“十五五”规划新增指标(杭州十五五指标表)"),
    ("★", "杭州市“十五五”规划新增指标"),
    ("以上 / 不低于", "目标为下限(≥)"),
    ("以内 / 不高于", "目标为上限(≤)"),
    ("左右", "目标值附近的容差范围内视为达到(比率类默认按所述末位±0.5)"),
    ("力争 / 突破 / 超", "争取性目标,按所述数值评估并标注"),
    ("--", "原表无此项数据"),
]

# columns holding values in the row's unit
VALUE_COLUMNS = {
    "value", "base_value", "target_value", "latest_value", "projected_value", "pace_value",
    "city_value", "gap", "p10", "p50", "p90", "target",
}
# columns that stay text even when every entry looks like a number
TEXT_COLUMNS = {
    "doc_id", "indicator_code", "table_id", "period", "plan", "value_text", "row_label", "quote",
    "note", "notes", "source", "sources", "check", "checks", "file", "location", "message",
    "region", "indicator", "indicator_raw", "unit", "qualifier", "target_qualifier", "attribute",
    "scenario", "variable", "assumption", "category", "value_as_written", "unit_as_written",
    "region_as_written", "alternatives", "year_note", "boundary", "target_text", "status_reason",
    "variable_code", "latest_period",
}
# technical columns kept in the file (traceable) but hidden, so the printed table stays legible
HIDDEN_COLUMNS: dict[str, set[str]] = {
    "indicators": {"indicator_code", "source_kind", "rule", "table_id", "char_start", "char_end", "doc_title",
                   "indicator_raw", "row_label", "value_high"},
    "reviews": {"indicator_code", "plan_kind", "category", "measure", "target_kind", "direction",
                "target_qualifier", "tolerance", "latest_period", "latest_status", "elapsed_pct",
                "required_growth_from_latest_pct", "required_change_per_year", "implied_growth_pct",
                "pace_ratio", "pace_band", "projected_value", "gap", "gap_pct", "notes", "key_indicator",
                "doc_id", "quote"},
    "comparison": {"indicator_code", "region_as_written", "unit_as_written", "region_level", "doc_id",
                   "rank_of", "measure", "value_as_written", "alternatives", "quote", "qualifier"},
    "scenario": {"variable_code"},
    "quality": set(),
}
# long text: wrapped, width capped
WIDE_TEXT = {
    "quote": 60, "sources": 50, "source": 56, "note": 36, "notes": 36, "check": 40, "checks": 40,
    "message": 60, "value_text": 24, "assumption": 40, "reason": 40, "explanation": 40,
    "location": 24, "doc_title": 30, "title": 50, "status_reason": 36, "target_text": 16,
    "alternatives": 36, "year_note": 24, "boundary": 30, "variable": 18, "基期来源": 40, "假设与来源": 50, "目标来源": 40,
}
INT_FORMAT = "0"
# usual decimal places by unit (a value written with more places keeps them, up to 3)
UNIT_DECIMALS = {"亿元": 2, "万亿元": 2, "亿美元": 2, "万元": 2, "万美元": 2, "元": 0, "美元": 0, "%": 1, "‰": 1,
                 "万人": 1, "万吨": 2, "万亩": 2, "吨标煤": 2}
MONEY_WORDS = ("元", "美元")


def unit_decimals(unit: str) -> int:
    """Usual decimal places for ``unit``: money 2, rates 1, counts (个, 家, 人, 批次 ...) 0."""
    if unit in UNIT_DECIMALS:
        return UNIT_DECIMALS[unit]
    if any(w in unit for w in MONEY_WORDS) or "/" in unit:
        return 2
    return 0

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
SECTION_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
FOOTER = "第 &P 页 共 &N 页"
MAX_CELL = 32000  # Excel holds at most 32767 characters per cell


# ---------------------------------------------------------------------------------------------
# small helpers

def display_width(text: Any) -> int:
    """Width of ``text`` in Excel character units: CJK and full-width characters count 2."""
    s = "" if text is None else str(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "", str(name)).strip("'").strip() or "表"
    return cleaned[:31]


def column_label(column: str, kind: str) -> str:
    if column == SOURCE_NOTE:
        return "出处"
    return COLUMN_LABELS.get(kind, COMMON_LABELS).get(column, column)


def status_label(value: Any) -> Any:
    """Chinese label of a review or data status (unknown values unchanged)."""
    return VALUE_LABELS["status"].get(value, value) if isinstance(value, str) else value


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _looks_numeric(series: pd.Series) -> bool:
    """Every non-blank entry is a plain number without a leading zero (so "000" stays text)."""
    seen = False
    for v in series:
        if _blank(v):
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            seen = True
            continue
        s = str(v).strip()
        if not _NUMBER_RE.match(s):
            return False
        digits = s.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            return False
        seen = True
    return seen


def _is_pct_column(col: str) -> bool:
    return col.endswith("_pct") or col.endswith("pct") or col in {"probability"}


def _is_int_column(col: str) -> bool:
    return (col in {"rank", "rank_of", "char_start", "char_end", "year_used", "目标年", "基期年"}
            or col.endswith("year") or col.endswith("_year"))


def _prepare(df: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """Copy of ``df`` with numeric columns as floats; returns it and the set of numeric columns."""
    out = df.copy()
    out.columns = [str(c) for c in out.columns]
    numeric: set[str] = set()
    for col in out.columns:
        s = out[col]
        if col in TEXT_COLUMNS:
            continue
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_numeric_dtype(s) or _looks_numeric(s):
            out[col] = pd.to_numeric(s.map(lambda v: None if _blank(v) else v), errors="coerce")
            numeric.add(col)
    return out, numeric


def _decimals(x: float) -> int:
    """Decimal places needed to show ``x`` as written (at most 4)."""
    if x is None or not math.isfinite(x):
        return 0
    s = f"{round(float(x), 4):.4f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def _decimal_format(d: int) -> str:
    """A number format with thousands separators and ``d`` decimal places."""
    return "#,##0" if d <= 0 else "#,##0." + "0" * d


def _cell_value(v: Any) -> Any:
    """A value openpyxl stores natively: numbers as numbers, text cleaned, blanks as None."""
    if _blank(v):
        return None
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, float) or hasattr(v, "dtype"):
        try:
            f = float(v)
        except (TypeError, ValueError):
            return str(v)
        if not math.isfinite(f):
            return None
        return f
    if isinstance(v, (datetime, date)):
        return v
    s = ILLEGAL_CHARACTERS_RE.sub("", str(v))
    if len(s) > MAX_CELL:
        s = s[:MAX_CELL] + "…"
    return s


def _set(ws: Worksheet, row: int, col: int, value: Any):
    cell = ws.cell(row=row, column=col)
    v = _cell_value(value)
    cell.value = v
    if isinstance(v, str) and v.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


_BODY_FONT = Font(name=BODY_FONT, size=10)
_SMALL_FONT = Font(name=BODY_FONT, size=10)
_ALIGN_NUM = Alignment(horizontal="right", vertical="center")
_ALIGN_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_ALIGN_CENTER = Alignment(horizontal="center", vertical="center")
_ALIGN_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _style_body(cell, *, number_format: str | None = None, wrap: bool = False, center_wrap: bool = False) -> None:
    cell.border = BORDER
    cell.font = _BODY_FONT
    if number_format is not None:
        cell.number_format = number_format
        cell.alignment = _ALIGN_NUM
    elif wrap:
        cell.alignment = _ALIGN_WRAP
        cell.font = _SMALL_FONT
    else:
        cell.alignment = _ALIGN_CENTER_WRAP if center_wrap else _ALIGN_CENTER


class StyleCache:
    """Style a cell once per kind, then copy the style reference (openpyxl re-hashes every style
    object it is given, which makes large sheets slow)."""

    def __init__(self):
        self._styles: dict[Any, Any] = {}

    def apply(self, cell, key, styler) -> None:
        style = self._styles.get(key)
        if style is None:
            styler(cell)
            self._styles[key] = copy(cell._style)  # noqa: SLF001 - openpyxl's StyleArray
        else:
            cell._style = copy(style)  # noqa: SLF001


def _translate(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col, mapping in VALUE_LABELS.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    return out


# ---------------------------------------------------------------------------------------------
# manifest, data date

def _manifest() -> pd.DataFrame:
    path = project_paths().manifest
    if not path.exists():
        return pd.DataFrame(columns=["file", "region", "doc_type", "period", "published", "title", "sha256"])
    from planbook.data import load_manifest   # the one manifest reader (hand-edited files, bad lines named)

    return load_manifest(path)


def _doc_titles() -> dict[str, str]:
    man = _manifest()
    out = {}
    for _, r in man.iterrows():
        doc_id = str(r.get("doc_id", "") or str(r.get("file", ""))[:3])
        if doc_id:
            out[doc_id] = str(r.get("title", ""))
    return out


def _data_date(doc_ids: Iterable[str] | None = None) -> str:
    """The latest publication date among the source reports (those in ``doc_ids`` if given)."""
    man = _manifest()
    if man.empty or "published" not in man:
        return ""
    if doc_ids is not None:
        ids = {str(d) for d in doc_ids if not _blank(d)}
        if ids:
            man = man[(man["doc_id"] if "doc_id" in man else man["file"].str[:3]).isin(ids)]
    dates = [d for d in man["published"].tolist() if d]
    return max(dates) if dates else ""


# ---------------------------------------------------------------------------------------------
# the sheet writer

@dataclass
class SheetLayout:
    """Where things landed on a written sheet (used for charts and by tests)."""

    header_row: int
    first_row: int
    last_row: int
    columns: dict[str, int] = field(default_factory=dict)  # source column name -> column index
    sections: list[tuple[str, int, int]] = field(default_factory=list)  # (label, first, last row)
    next_row: int = 0


def _unit_line(df: pd.DataFrame, unit: str | None) -> str:
    if unit:
        return unit if unit.startswith("单位") else f"单位:{unit}"
    if "unit" in df.columns:
        units = sorted({str(u) for u in df["unit"] if not _blank(u)})
        if len(units) == 1:
            return f"单位:{units[0]}"
    return "单位:见各行"


def write_table(
    ws: Worksheet,
    df: pd.DataFrame,
    kind: str,
    *,
    title: str,
    unit: str | None = None,
    data_date: str | None = None,
    filters: Any = None,
    notes: Iterable[str] = (),
    group_by: list[str] | None = None,
    section_label=None,
    start_row: int = 1,
    caption: str | None = None,
    formats: dict[str, str] | None = None,
    autofilter: bool = True,
    print_setup: bool = True,
) -> SheetLayout:
    """Write ``df`` on ``ws`` as an official table; returns the layout.

    Columns are written in print order (the kind's sheet spec, planbook.sheet_specs) with Chinese
    headers from ``COLUMN_LABELS[kind]``; numeric columns (by dtype or content) are stored as numbers,
    one format per column. With ``group_by`` each group gets a merged section row
    (``section_label(key, rows) -> str``). Steps: title lines, header, body, widths, notes, print.
    """
    data, numeric = _prepare(df)
    data = _translate(data)
    spec = spec_for(kind)
    if spec is not None:
        data = _apply_spec(ws, data, spec, group_by)
    cols = list(data.columns)
    ncol = max(len(cols), 1)
    title_row = start_row
    row = _write_title_lines(ws, data, start_row, ncol, title=title, unit=unit, data_date=data_date,
                             filters=filters, caption=caption)
    header_row = row
    labels = [column_label(col, kind) for col in cols] or ["(无数据)"]
    _write_header(ws, header_row, labels)
    body = _write_body(ws, data, numeric, header_row + 1, ncol, labels, formats=formats, spec=spec,
                       group_by=group_by, section_label=section_label)
    first_row, last_row, sections = header_row + 1, body.last_row, body.sections
    row = body.next_row
    _set_widths(ws, kind, cols, body.widths, spec, hidden_extra=set(group_by or []) if sections else set())
    for col in cols:   # statuses coloured by conditional formatting
        if col in ("status", "status_label") and data[col].isin(list(STATUS_STYLE)).any():
            letter = get_column_letter(cols.index(col) + 1)
            add_status_formatting(ws, f"{letter}{first_row}:{letter}{max(last_row, first_row)}")
    row = _write_notes(ws, row + 1, notes, ncol)
    _fit_row_heights(ws, first_row, max(last_row, first_row))
    _unit_date_on_printed_columns(ws, title_row + 1, ncol)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    if autofilter and not sections and len(data):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncol)}{last_row}"
    if print_setup:
        setup_print(ws, title_rows=(title_row, header_row))
    return SheetLayout(header_row=header_row, first_row=first_row, last_row=last_row,
                       columns={c: i for i, c in enumerate(cols, start=1)}, sections=sections,
                       next_row=row + 1)


def _write_title_lines(ws: Worksheet, data: pd.DataFrame, row: int, ncol: int, *, title: str, unit=None,
                       data_date=None, filters=None, caption=None) -> int:
    """Merged title, the unit and data-date line, the filters line, a caption; returns the next row."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
    c = _set(ws, row, 1, title)
    c.font = Font(name=TITLE_FONT, size=16, bold=True)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 30
    row += 1
    date_text = f"数据日期:{data_date}" if data_date else ""
    unit_text = _unit_line(data, unit)
    if ncol >= 2:
        half = max(1, ncol // 2)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
        _set(ws, row, 1, unit_text).font = Font(name=BODY_FONT, size=10)
        if half + 1 <= ncol:
            ws.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=ncol)
            dc = _set(ws, row, half + 1, date_text)
            dc.font = Font(name=BODY_FONT, size=10)
            dc.alignment = Alignment(horizontal="right")
    else:
        _set(ws, row, 1, "  ".join(t for t in (unit_text, date_text) if t)).font = Font(name=BODY_FONT, size=10)
    row += 1
    if filters:   # the filter settings the table was exported with
        text = ";".join(f"{k}:{v}" for k, v in filters.items() if not _blank(v)) if isinstance(filters, dict) \
            else str(filters)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        fc = _set(ws, row, 1, f"筛选条件:{text}")
        fc.font = Font(name=BODY_FONT, size=10, italic=True)
        row += 1
    if caption:
        cc = _set(ws, row, 1, caption)
        cc.font = Font(name=BODY_FONT, size=12, bold=True)
        row += 1
    return row


def _write_header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for j, label in enumerate(labels, start=1):
        hc = _set(ws, row, j, label)
        hc.font = Font(name=BODY_FONT, bold=True, size=11)
        hc.fill = HEADER_FILL
        hc.border = BORDER
        hc.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = 30


@dataclass
class _Body:
    last_row: int
    next_row: int
    sections: list[tuple[str, int, int]]
    widths: list[float]


def _column_formats(data: pd.DataFrame, numeric: set[str], formats: dict[str, str] | None) -> dict[str, str]:
    """One number format per numeric column: years plain; values in the rows' units with the most
    places any row needs (unit's usual places, more when written so, at most 2); other numbers
    (percentages, ratios) with the places they need, 1–2. Thousands separators throughout."""
    units = data["unit"].map(lambda u: "" if _blank(u) else str(u)) if "unit" in data.columns \
        else pd.Series("", index=data.index)
    out = {}
    for col in numeric:
        if formats and col in formats:
            out[col] = formats[col]
        elif _is_int_column(col) and col not in VALUE_COLUMNS:
            out[col] = INT_FORMAT
        elif col in VALUE_COLUMNS:
            need = [max(unit_decimals(u), min(_decimals(v), 2)) for v, u in zip(data[col], units) if not _blank(v)]
            out[col] = _decimal_format(max(need or [0]))
        else:
            base = 1 if _is_pct_column(col) else 2
            need = max([_decimals(v) for v in data[col].dropna()] or [0])
            out[col] = _decimal_format(max(min(need, 2), base))
    return out


def _write_body(ws: Worksheet, data: pd.DataFrame, numeric: set[str], row: int, ncol: int, labels: list[str], *,
                formats=None, spec=None, group_by=None, section_label=None) -> _Body:
    """The rows, optionally in sections (a merged, filled row naming each group)."""
    cols = list(data.columns)
    fmts = _column_formats(data, numeric, formats)
    # headers may wrap onto two lines: they need about half their length
    widths = [min(display_width(lab) + 2, max(8, math.ceil(display_width(lab) / 2) + 3)) for lab in labels]
    styles = StyleCache()
    section_font = Font(name=BODY_FONT, size=11, bold=True)
    if group_by and all(g in data.columns for g in group_by) and len(data):
        groups = list(data.groupby(group_by, sort=False, dropna=False))
    else:
        groups = [(None, data)]
    sections: list[tuple[str, int, int]] = []
    header_row = row - 1
    for key, part in groups:
        if key is not None:
            label = section_label(key, part) if section_label else " ".join(
                str(k) for k in (key if isinstance(key, tuple) else (key,)) if not _blank(k))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
            sc = _set(ws, row, 1, label)
            sc.font = section_font
            sc.alignment = Alignment(horizontal="left", vertical="center")
            for j in range(1, ncol + 1):
                ws.cell(row=row, column=j).fill = SECTION_FILL
                ws.cell(row=row, column=j).border = BORDER
            row += 1
        sec_first = row
        for _idx, rec in part.iterrows():
            for j, col in enumerate(cols, start=1):
                cell = _set(ws, row, j, rec[col])
                if col in numeric and isinstance(cell.value, (int, float)):
                    fmt = fmts[col]
                    if fmt == INT_FORMAT and float(cell.value).is_integer():
                        cell.value = int(cell.value)
                    styles.apply(cell, ("num", fmt), lambda c, f=fmt: _style_body(c, number_format=f))
                    w = len(f"{cell.value:,.{len(fmt.split('.')[1]) if '.' in fmt else 0}f}") + 2
                else:
                    wrap = col in WIDE_TEXT or (spec is not None and col in spec.widths)
                    styles.apply(cell, ("text", wrap), lambda c, w_=wrap: _style_body(c, wrap=w_))
                    w = display_width(cell.value) + 2
                widths[j - 1] = max(widths[j - 1], w)
            row += 1
        if key is not None:
            sections.append((label, sec_first, row - 1))
    last_row = max(row - 1, header_row)
    if not len(data):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        _set(ws, row, 1, "(无数据)").alignment = Alignment(horizontal="center")
        row += 1
    return _Body(last_row=last_row, next_row=row, sections=sections, widths=widths)


def _set_widths(ws: Worksheet, kind: str, cols: list[str], widths: list[float], spec, hidden_extra: set[str]) -> None:
    """Widths that fit Chinese text (capped); columns the spec does not print hidden (still in the
    file); with sections, the grouping columns are hidden too (the section rows name the group)."""
    hidden = set(HIDDEN_COLUMNS.get(kind, set())) | hidden_extra
    if spec is not None:
        hidden |= {c for c in cols if c not in spec.printed}
    can_hide = any(c not in hidden for c in cols)
    for j, col in enumerate(cols or ["_"], start=1):
        cap = (spec.widths.get(col) if spec is not None else None) or WIDE_TEXT.get(col, 30)
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = max(6, min(widths[j - 1], cap))
        if col in hidden and can_hide:
            dim.hidden = True


def _write_notes(ws: Worksheet, row: int, notes: Iterable[str], ncol: int) -> int:
    """Notes under the table, merged across it and wrapped; returns the next row."""
    for note in notes:
        if _blank(note):
            continue
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        nc = _set(ws, row, 1, note)
        nc.font = Font(name=BODY_FONT, size=10)
        nc.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = max(15, 15 * math.ceil(display_width(note) / max(20, _total_width(ws, ncol))))
        row += 1
    return row


def _unit_date_on_printed_columns(ws: Worksheet, row: int, ncol: int) -> None:
    """The unit (left) and data date (right) line spans the printed columns only, so the date is not
    cut off or lost in hidden columns."""
    visible = [j for j in range(1, ncol + 1) if not ws.column_dimensions[get_column_letter(j)].hidden]
    if len(visible) < 2 or len(visible) == ncol:
        return
    unit, date_ = ws.cell(row=row, column=1).value, None
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == rng.max_row == row:
            if rng.min_col > 1:
                date_ = ws.cell(row=row, column=rng.min_col).value
            ws.unmerge_cells(str(rng))
    for j in range(1, ncol + 1):
        ws.cell(row=row, column=j).value = None
    mid = visible[len(visible) // 2 - 1]
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=mid)
    _set(ws, row, 1, unit).font = Font(name=BODY_FONT, size=10)
    if date_:
        ws.merge_cells(start_row=row, start_column=mid + 1, end_row=row, end_column=visible[-1])
        dc = _set(ws, row, mid + 1, date_)
        dc.font = Font(name=BODY_FONT, size=10)
        dc.alignment = Alignment(horizontal="right")


def _apply_spec(ws: Worksheet, data: pd.DataFrame, spec: SheetSpec, group_by: list[str] | None) -> pd.DataFrame:
    """Columns in print order (grouping columns, printed columns, the rest); the spec's long source
    columns become numbered notes on the 来源摘录 sheet, pointed at by the 出处 column."""
    noted = [c for c in spec.noted if c in data.columns]
    if noted:
        numbers = []
        for _, rec in data.iterrows():
            parts = [str(rec[c]).strip() for c in noted if not _blank(rec[c])]
            doc = rec.get("doc_id")
            text = "\n".join(parts)
            if text and not _blank(doc) and not text.startswith(str(doc)) and "[" not in text[:1]:
                text = f"{doc}: {text}"
            numbers.append(f"[{note_number(ws, text)}]" if text else "")
        data = data.assign(**{SOURCE_NOTE: numbers})
    first = [c for c in (group_by or []) if c in data.columns]
    printed = [c for c in spec.printed if c in data.columns and c not in first]
    rest = [c for c in data.columns if c not in first and c not in printed]
    return data[first + printed + rest]


def note_number(ws: Worksheet, text: str) -> int:
    """The number of a source note in the workbook (the same text keeps its number)."""
    wb = ws.parent
    notes = getattr(wb, "_pb_notes", None)
    if notes is None:
        notes = wb._pb_notes = {}   # text -> (number, sheet)
    if text not in notes:
        notes[text] = (len(notes) + 1, ws.title)
    return notes[text][0]


def write_sources_sheet(wb: Workbook) -> Worksheet | None:
    """来源摘录: the numbered source notes of every sheet (number, sheet, source text)."""
    notes = getattr(wb, "_pb_notes", None)
    if not notes:
        return None
    ws = wb.create_sheet(SOURCES_SHEET)
    df = pd.DataFrame([(f"[{n}]", sheet, text) for text, (n, sheet) in notes.items()],
                      columns=["编号", "工作表", "来源与原文摘录"])
    widths = {"编号": 8, "工作表": 16, "来源与原文摘录": 110}
    ws.merge_cells("A1:C1")
    t = _set(ws, 1, 1, "来源摘录(各表“出处”列编号对应的原文)")
    t.font = Font(name=TITLE_FONT, size=14, bold=True)
    t.alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 26
    for j, label in enumerate(df.columns, start=1):
        hc = _set(ws, 2, j, label)
        hc.font = Font(name=BODY_FONT, bold=True, size=10)
        hc.fill = HEADER_FILL
        hc.border = BORDER
        hc.alignment = _ALIGN_CENTER
        ws.column_dimensions[get_column_letter(j)].width = widths[label]
    styles = StyleCache()
    for i, rec in enumerate(df.itertuples(index=False), start=3):
        for j, v in enumerate(rec, start=1):
            cell = _set(ws, i, j, v)
            styles.apply(cell, ("src", j == 3), lambda c, w=(j == 3): _style_body(c, wrap=w))
    _fit_row_heights(ws, 3, len(df) + 2)
    ws.freeze_panes = "A3"
    setup_print(ws, title_rows=(1, 2))
    return ws


def _total_width(ws: Worksheet, ncol: int) -> float:
    return sum((ws.column_dimensions[get_column_letter(j)].width or 8) for j in range(1, ncol + 1))


def add_status_formatting(ws: Worksheet, cell_range: str) -> None:
    """Colour the Chinese status labels in ``cell_range`` (conditional formatting)."""
    for label, (fill, font) in STATUS_STYLE.items():
        colour = fill.lstrip("#").upper()
        ws.conditional_formatting.add(
            cell_range,
            CellIsRule(operator="equal", formula=[f'"{label}"'],
                       fill=PatternFill("solid", start_color=colour, end_color=colour),
                       font=Font(color=font, bold=True)),
        )


# printable width of an A4 page in Excel column-width units at 100% (0.4" side margins): a unit is
# about 1.85 mm; the smallest print scale keeps 10-point body text at 9 points or more
PRINT_UNITS = {"portrait": 98.0, "landscape": 145.0}
MIN_SCALE = 0.9


def printed_width(ws: Worksheet) -> float:
    """The summed width of the visible columns (what prints across a page)."""
    total = 0.0
    for j in range(1, (ws.max_column or 1) + 1):
        dim = ws.column_dimensions[get_column_letter(j)]
        if not dim.hidden:
            total += dim.width or 8.43
    return total


def print_layout(width: float) -> tuple[str, bool]:
    """(orientation, fit to one page wide) for a table ``width`` units wide: portrait when it fits
    at 90% or more, else landscape; fitted to the page width only when that keeps 90% or more."""
    if width <= PRINT_UNITS["portrait"] / MIN_SCALE:
        return "portrait", True
    return "landscape", width <= PRINT_UNITS["landscape"] / MIN_SCALE


def setup_print(ws: Worksheet, title_rows: tuple[int, int] | None = None) -> None:
    """A4, portrait or landscape by the printed width, one page wide only when the text keeps 9 pt
    or more (else printed at 90% over more pages), repeated header rows, page numbers in the footer."""
    orientation, fit = print_layout(printed_width(ws))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = int(MIN_SCALE * 100)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.evenFooter.center.text = FOOTER


# ---------------------------------------------------------------------------------------------
# kind-specific sheets

INDICATOR_ORDER = [
    "doc_id", "doc_title", "region", "category", "indicator", "indicator_raw", "year", "value", "unit",
    "verified", "value_extracted", "measure", "status", "qualifier", "period", "plan", "base_year", "attribute", "value_text", "note",
    "quote", "source_kind", "rule", "table_id", "row_label", "indicator_code", "char_start", "char_end",
]
REVIEW_ORDER = [
    "region", "plan", "category", "indicator", "measure", "unit", "attribute", "base_year", "base_value",
    "target_year", "target_text", "target_value", "target_qualifier", "latest_year", "latest_value", "latest_status",
    "elapsed_pct", "completion_pct", "required_growth_pct", "actual_growth_pct", "required_growth_from_latest_pct",
    "pace_ratio", "pace_band", "projected_value", "gap", "gap_pct", "status", "verified", "status_reason", "check",
    "notes", "sources",
]
COMPARISON_ORDER = [
    "indicator", "year", "rank", "region", "value", "unit", "status", "verified", "share_of_city_pct", "growth_pct",
    "year_used", "year_note", "qualifier", "value_as_written", "boundary", "note", "source", "quote",
]
QUALITY_ORDER = ["doc_id", "file", "kind", "location", "message"]


def _ordered(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    cols = [c for c in order if c in df.columns] + [c for c in df.columns if c not in order]
    return df[cols]


def _with_doc_title(df: pd.DataFrame) -> pd.DataFrame:
    if "doc_id" not in df.columns or "doc_title" in df.columns:
        return df
    titles = _doc_titles()
    if not titles:
        return df
    out = df.copy()
    pos = list(out.columns).index("doc_id") + 1
    out.insert(pos, "doc_title", out["doc_id"].map(lambda d: titles.get(str(d).zfill(3), "") if not _blank(d) else ""))
    return out


PLAN_YEARS = {p: V.plan_span_text(p) for p in V.codes("plan")}


def _scope_notes(where: str, df: pd.DataFrame | None = None) -> list[str]:
    """Scope notes of the documents in the manifest (data/reference/scope_notes.csv), for the
    regions of ``df`` when it has a region column."""
    from planbook.doc_notes import scope_notes

    regions = set(df["region"].astype(str)) if df is not None and "region" in df.columns else None
    return scope_notes(where, regions)


def _review_section(key, part: pd.DataFrame) -> str:
    region, plan = (key if isinstance(key, tuple) else (key, ""))
    plan_s = "" if _blank(plan) else str(plan)
    span = PLAN_YEARS.get(plan_s, "")
    head = f"{'' if _blank(region) else region} “{plan_s}”规划({span})" if plan_s in PLAN_YEARS else \
        f"{'' if _blank(region) else region} {plan_s}".strip()
    if "status" in part.columns:
        from planbook.review import indicator_statuses, tally_text  # counted by indicator, not by row

        by_ind = indicator_statuses(part) if "indicator" in part.columns else part
        counts = by_ind["status"].value_counts()
        bits = [f"{lab}{int(counts[lab])}项" for lab in STATUS_STYLE if lab in counts]
        if bits:
            head += f":共{len(by_ind)}项指标({len(part)}行),其中" + "、".join(bits)
        own = tally_text(region, plan_s)
        if own:
            head += ";" + own
    return head


def _sort_reviews(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    keys = [k for k in ("region", "plan") if k in out.columns]
    if not keys:
        return out
    # city first, then districts in order of appearance; plans chronologically
    order_region = {r: (0 if str(r).endswith("市") else 1, i) for i, r in enumerate(dict.fromkeys(out.get("region", [])))}
    plan_rank = V.order("plan")
    out["_r"] = out["region"].map(order_region) if "region" in out else 0
    out["_p"] = out["plan"].map(lambda p: plan_rank.get(p, 9)) if "plan" in out else 0
    out = out.sort_values(["_r", "_p"], kind="stable").drop(columns=["_r", "_p"])
    return out


def _comparison_section(key, part: pd.DataFrame) -> str:
    parts = list(key) if isinstance(key, tuple) else [key]
    ind, year = (parts + ["", ""])[:2]
    measure = parts[2] if len(parts) > 2 else ""
    unit = ""
    if "unit" in part.columns:
        units = {str(u) for u in part["unit"] if not _blank(u)}
        unit = f"(单位:{units.pop()})" if len(units) == 1 else ""
    y = "" if _blank(year) else f"{int(float(year))}年" if _looks_numeric(pd.Series([year])) else str(year)
    m = "" if _blank(measure) or measure in ("level", MEASURE_LABELS["level"]) else \
        f" {MEASURE_LABELS.get(measure, measure)}"
    return f"{ind} {y}{m}{unit}".strip()


def _write_kind(ws: Worksheet, df: pd.DataFrame, kind: str, **meta) -> SheetLayout:
    df = _with_verification(df, kind)
    layout = _write_kind_table(ws, df, kind, **meta)
    _mark_unchecked(ws, layout)
    return layout


def _with_verification(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The 核对 column (planbook.verify) on the sheets that show figures from the reports."""
    from planbook import verify as VER

    if kind == "indicators" and "verified" in df.columns:
        labels = df["verified"].map(VER.verified_label)
    elif kind == "reviews" and {"region", "indicator"} <= set(df.columns):
        labels = VER.review_states(df)
    elif kind == "comparison" and {"doc_id", "quote"} <= set(df.columns):
        labels = VER.states_for(df, value_col="value_as_written" if "value_as_written" in df.columns else "value")
    else:
        return df
    return df.assign(verified=list(labels))


def _mark_unchecked(ws: Worksheet, layout: SheetLayout) -> None:
    """Figures no person checked print grey and italic (their 核对 and value cells)."""
    from planbook.verify import VERIFIED_ZH

    col = layout.columns.get("verified")
    if not col:
        return
    grey = Font(name=BODY_FONT, size=10, italic=True, color="808080")
    marked = [layout.columns[c] for c in ("value", "target_value", "latest_value") if c in layout.columns] + [col]
    for r in range(layout.first_row, layout.last_row + 1):
        if ws.cell(row=r, column=col).value == VERIFIED_ZH[""]:
            for j in marked:
                ws.cell(row=r, column=j).font = grey


def _write_kind_table(ws: Worksheet, df: pd.DataFrame, kind: str, **meta) -> SheetLayout:
    info = KIND_INFO[kind]
    title = meta.get("title") or info["title"]
    notes = list(meta.get("notes") or [])
    common = dict(title=title, unit=meta.get("unit"), data_date=meta.get("data_date"),
                  filters=meta.get("filters"), notes=notes)
    if kind == "indicators":
        data = _ordered(_with_doc_title(df), INDICATOR_ORDER)
        common["notes"] = notes + [
            "注:每行一个数据点,“文件编号”“原文摘录”可追溯至原始报告;带∗的数值为2019年度数据;"
            "〔 〕为五年累计数,[ ]为五年累计增长数。"] + _scope_notes("indicators", df)
        return write_table(ws, data, kind, **common)
    if kind == "reviews":
        data = _ordered(_sort_reviews(df), REVIEW_ORDER)
        group = [k for k in ("region", "plan") if k in data.columns]
        common["notes"] = notes + [
            "注:完成状态按规划期末是否达到目标(已完成/未完成)或期中完成进度与时间进度比较(符合进度/进度滞后)判定;"
            "定性目标或缺少数据的为“无法评估”。“一致性核对”列出报告自身数据不一致之处及原文解释。"]
        return write_table(ws, data, kind, group_by=group or None, section_label=_review_section, **common)
    if kind == "comparison":
        data = _ordered(df, COMPARISON_ORDER)
        group = [k for k in ("indicator", "year", "measure") if k in data.columns]
        common["notes"] = notes + [
            "注:各地区取该年份最佳数值(实绩优先于预计,后发布报告的修订值优先);缺少该年份时使用就近年份并注明;"
            "统计口径说明随数据列出。"] + _scope_notes("comparison", df)
        layout = write_table(ws, data, kind, group_by=group or None, section_label=_comparison_section, **common)
        _comparison_charts(ws, layout, max_charts=int(meta.get("max_charts", 8)))
        return layout
    if kind == "scenario":
        return _write_scenario(ws, df, **common, max_charts=int(meta.get("max_charts", 8)))
    if kind == "quality":
        data = _ordered(_with_doc_title(df), QUALITY_ORDER)
        return write_table(ws, data, kind, **common)
    raise PlanbookError(f"export: unknown table kind {kind!r} (one of {', '.join(KINDS)})")


# indicators charted first when the comparison has more sections than charts
CHART_PRIORITY = ["地区生产总值", "一般公共预算收入", "研究与试验发展经费支出占GDP比重", "常住人口",
                  "固定资产投资", "社会消费品零售总额", "规模以上工业增加值", "城镇居民人均可支配收入"]


def _comparison_charts(ws: Worksheet, layout: SheetLayout, max_charts: int = 8) -> int:
    """Native bar charts, one per (indicator, year, measure) section with one unit and at least
    two values; the main indicators first, then the sections with most regions."""
    if "value" not in layout.columns or "region" not in layout.columns:
        return 0
    vcol, rcol = layout.columns["value"], layout.columns["region"]
    ucol = layout.columns.get("unit")
    spans = layout.sections or [("", layout.first_row, layout.last_row)]
    candidates = []
    for order, (label, first, last) in enumerate(spans):
        values = [ws.cell(row=r, column=vcol).value for r in range(first, last + 1)]
        n = sum(isinstance(v, (int, float)) for v in values)
        units = {ws.cell(row=r, column=ucol).value for r in range(first, last + 1)} if ucol else set()
        if n < 2 or len(units - {None}) > 1:
            continue
        prio = next((i for i, name in enumerate(CHART_PRIORITY) if str(label).startswith(name + " ")),
                    len(CHART_PRIORITY))
        is_level = not any(f" {m}" in str(label) for k, m in MEASURE_LABELS.items() if k != "level")
        candidates.append((prio, 0 if is_level else 1, -n, order, label, first, last))
    anchor_row = 3
    made = 0
    for *_, label, first, last in sorted(candidates)[:max_charts]:
        chart = BarChart()
        chart.type = "col"
        chart.style = 10
        chart.title = label or "区县对比"
        chart.y_axis.title = _unit_of_span(ws, layout, first, last)
        chart.x_axis.title = "地区"
        chart.legend = None
        data = Reference(ws, min_col=vcol, min_row=first, max_row=last)
        cats = Reference(ws, min_col=rcol, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=False)
        chart.set_categories(cats)
        anchor_row = _place_chart(ws, chart, made, anchor_row)
        made += 1
    return made


CHART_STRIDE = 16          # rows per pair of charts on a chart sheet (two pairs per A4 landscape page)
CHART_COLUMNS = 20


def _chart_sheet(ws: Worksheet) -> Worksheet:
    """The sheet that holds ``ws``'s charts (“<sheet>图”, right after it): charts print whole on
    their own pages, under their own title, not under the table's repeated header rows."""
    wb = ws.parent
    name = sheet_title(f"{ws.title}图")
    if name in wb.sheetnames:
        return wb[name]
    cs = wb.create_sheet(name, index=wb.sheetnames.index(ws.title) + 1)
    for j in range(1, CHART_COLUMNS + 1):   # 20 columns of about 1.4 cm: two 13.5 cm charts side by side
        cs.column_dimensions[get_column_letter(j)].width = 7.2
    cs.merge_cells(start_row=1, start_column=1, end_row=1, end_column=CHART_COLUMNS)
    t = _set(cs, 1, 1, f"{ws.title}:图表(数据见“{ws.title}”表)")
    t.font = Font(name=TITLE_FONT, size=14, bold=True)
    t.alignment = Alignment(horizontal="center")
    cs.row_dimensions[1].height = 24
    setup_print(cs, title_rows=(1, 1))
    cs.page_setup.orientation = "landscape"
    cs.sheet_properties.pageSetUpPr.fitToPage = True
    cs.page_setup.fitToWidth = 1
    cs.page_setup.fitToHeight = 0
    return cs


def _place_chart(ws: Worksheet, chart, made: int, anchor_row: int) -> int:
    """Show both axes, size the chart and put it on the chart sheet of ``ws`` in a two-column grid
    (the ``made``-th chart), a page break before every second pair so no chart is cut; return the
    row where the next pair of charts starts."""
    from openpyxl.worksheet.pagebreak import Break

    cs = _chart_sheet(ws)
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.y_axis.number_format = "General"
    chart.height, chart.width = 7.5, 13.5
    if made % 4 == 0 and made:
        cs.row_breaks.append(Break(id=anchor_row - 1))
    col_anchor = "A" if made % 2 == 0 else "K"
    cs.add_chart(chart, f"{col_anchor}{anchor_row}")
    return anchor_row + CHART_STRIDE if made % 2 == 1 else anchor_row


def _anchor_column(ws: Worksheet, cm: float) -> int:
    """The column where a chart ``cm`` wide placed at column A ends."""
    total, j = 0.0, 1
    while total < cm * 5.4 and j < 200:  # ~5.4 character-width units per cm
        dim = ws.column_dimensions[get_column_letter(j)]
        total += 0 if dim.hidden else (dim.width or 8.43)
        j += 1
    return j


def _unit_of_span(ws: Worksheet, layout: SheetLayout, first: int, last: int) -> str:
    if "unit" not in layout.columns:
        return ""
    units = {ws.cell(row=r, column=layout.columns["unit"]).value for r in range(first, last + 1)}
    units.discard(None)
    return units.pop() if len(units) == 1 else ""


# scenario sheet: assumptions and results block, then year-by-year paths (years across), then line charts
SCENARIO_VARIABLE_LABELS = {
    "gdp": "地区生产总值", "gdp_nominal": "地区生产总值(现价)", "gdp_real": "地区生产总值(不变价)",
    "population": "常住人口", "per_capita_cny": "人均地区生产总值(元)", "per_capita_usd": "人均地区生产总值(美元)",
    "growth_pct": "增速", "deflator_pct": "GDP平减指数", "fx": "汇率", "fx_rate": "汇率",
    "target": "目标值", "probability": "达标概率",
}
# rows that are single results (target, required growth, probability ...) rather than paths
SCENARIO_RESULT_STATUSES = {"target", "derived"}
# the variables charted per region (one line per scenario), by code
SCENARIO_CHART_CODES = ("gdp_nominal", "per_capita_usd")


def _region_sort_key(regions: Iterable[Any]) -> dict[Any, tuple[int, int]]:
    """City first, then the others in order of appearance."""
    return {r: (0 if str(r).endswith("市") else 1, i) for i, r in enumerate(dict.fromkeys(regions))}


def _scenario_summary(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Long rows per (scenario, region): base, assumed growth, target and the derived results.

    Columns: the keys, variable (项目), unit, year, value, source — aligned with the paths block below.
    """
    codes = data["variable_code"] if "variable_code" in data.columns else pd.Series("", index=data.index)
    status = data["status"] if "status" in data.columns else pd.Series("", index=data.index)
    has_src = "source" in data.columns
    rows: list[dict[str, Any]] = []
    groups = data.groupby(keys, sort=False) if keys else [((), data)]
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        head = dict(zip(keys, key))

        def add(variable, unit, year, value, source):
            rows.append({**head, "variable": variable, "unit": unit, "year": year, "value": value,
                         "source": source if has_src else ""})

        years = part["year"].dropna()
        pc = codes.loc[part.index]
        ps = status.loc[part.index]
        if len(years):
            base_year = int(years.min())
            base = part[(part["year"] == base_year) & ~ps.isin(SCENARIO_RESULT_STATUSES)]
            bc = codes.loc[base.index]
            chosen = base[bc.isin(["gdp_nominal", "population"])] if bc.isin(["gdp_nominal", "population"]).any() \
                else base.head(1)
            for _, r in chosen.iterrows():
                add(f"基期{r['variable']}", r["unit"], base_year, r["value"], r.get("source", ""))
        growth = part[pc == "growth_real"]
        if len(growth):
            g = growth["value"].dropna()
            label = "假设实际增速" if g.nunique() <= 1 else "假设实际增速(逐年平均)"
            span = f"{int(growth['year'].min())}—{int(growth['year'].max())}" if growth["year"].notna().any() else None
            add(label, "%", span, float(g.mean()), growth.iloc[0].get("source", ""))
        for _, r in part[ps.isin(SCENARIO_RESULT_STATUSES)].iterrows():
            add(r["variable"], r["unit"], r["year"], r["value"], r.get("source", ""))
    out = pd.DataFrame(rows, columns=keys + ["variable", "unit", "year", "value", "source"])
    if "region" in out.columns and len(out):
        order = _region_sort_key(out["region"])
        out = out.iloc[sorted(range(len(out)), key=lambda i: (order[out["region"].iloc[i]], i))]
        out = out.reset_index(drop=True)
    if not has_src:
        out = out.drop(columns=["source"])
    return out


def _write_scenario(ws: Worksheet, df: pd.DataFrame, *, title: str, unit=None, data_date=None,
                    filters=None, notes=(), max_charts: int = 8) -> SheetLayout:
    data, _ = _prepare(df)
    if not {"year", "value", "variable"} <= set(data.columns):
        # a notebook's own year-by-year table: plain sheet, lines over the year column
        layout = write_table(ws, data, "scenario", title=title, unit=unit, data_date=data_date,
                             filters=filters, notes=list(notes))
        _year_chart(ws, layout, data)
        return layout

    data = data.copy()
    data["variable"] = data["variable"].map(lambda v: SCENARIO_VARIABLE_LABELS.get(v, v))
    if "unit" not in data.columns:
        data["unit"] = ""
    keys = [c for c in ("scenario", "region") if c in data.columns]
    status = data["status"] if "status" in data.columns else pd.Series("", index=data.index)
    row = 1

    # the title, unit and date lines span the paths block (the widest part)
    paths = data[~status.isin(SCENARIO_RESULT_STATUSES) & data["year"].notna()]
    pkeys = keys + ["variable", "unit"]
    wide = pd.DataFrame()
    if len(paths):
        wide = paths.pivot_table(index=pkeys, columns="year", values="value", aggfunc="first", sort=False)
        wide = wide.reindex(sorted(wide.columns), axis=1)
        wide.columns = [str(int(y)) for y in wide.columns]
        wide = wide.reset_index()
        if "source" in paths.columns:  # where each path comes from: its last year's source
            last = paths.sort_values("year").groupby(pkeys, sort=False)["source"].last()
            wide["source"] = [last.get(tuple(r[k] for k in pkeys), "") for _, r in wide.iterrows()]
        if "region" in wide.columns:
            order = _region_sort_key(wide["region"])
            wide = wide.iloc[sorted(range(len(wide)), key=lambda i: (order[wide["region"].iloc[i]], i))]
            wide = wide.reset_index(drop=True)
    summary = _scenario_summary(data, keys)
    summary, wide = _sources_as_notes(ws, summary), _sources_as_notes(ws, wide)
    ncol = max(len(wide.columns), len(summary.columns), 1)

    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
    c = _set(ws, row, 1, title)
    c.font = Font(name=TITLE_FONT, size=16, bold=True)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 30
    row += 1
    half = max(1, ncol // 2)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
    _set(ws, row, 1, _unit_line(data, unit) if unit else "单位:见各行").font = Font(name=BODY_FONT, size=10)
    if half < ncol:
        ws.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=ncol)
        dc = _set(ws, row, half + 1, f"数据日期:{data_date}" if data_date else "")
        dc.font = Font(name=BODY_FONT, size=10)
        dc.alignment = Alignment(horizontal="right")
    row += 1
    if filters:
        text = ";".join(f"{k}:{v}" for k, v in filters.items()) if isinstance(filters, dict) else str(filters)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        _set(ws, row, 1, f"筛选条件:{text}").font = Font(name=BODY_FONT, size=10, italic=True)
        row += 1

    cap = _set(ws, row, 1, "一、情景假设与测算结果")
    cap.font = Font(name=BODY_FONT, size=12, bold=True)
    row += 1
    summary_layout = _write_plain_block(ws, summary, row, "scenario", span_last_to=ncol,
                                        labels={"variable": "项目", "year": "年份", "value": "数值"},
                                        exact_decimals=True)
    header_row = summary_layout.header_row
    row = summary_layout.last_row + 2

    charts = 0
    paths_layout = summary_layout
    if len(wide):
        cap = _set(ws, row, 1, "二、逐年路径")
        cap.font = Font(name=BODY_FONT, size=12, bold=True)
        paths_layout = _write_plain_block(ws, wide, row + 1, "scenario")
        charts = _scenario_charts(ws, paths_layout, pkeys, wide, data, max_charts=max_charts)
        row = paths_layout.last_row + 2
    _fit_row_heights(ws, summary_layout.first_row, paths_layout.last_row)

    all_notes = list(notes) + [
        "注:基期值取指标表最新数值或官方统计(见“来源”);增速为实际(不变价)增速,总量目标为现价,"
        "二者以GDP平减指数假设相联系(平减指数为0时即报告采用的简单复利测算);人均值按常住人口路径和汇率假设计算;"
        "P5/P50/P95为增速波动下的分位数;标“估计”的为估计值。"]
    for note in all_notes:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        nc = _set(ws, row, 1, note)
        nc.font = Font(name=BODY_FONT, size=10)
        nc.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(display_width(note) / max(40, _total_width(ws, ncol))) + 1)
        row += 1
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    setup_print(ws, title_rows=(1, header_row))
    return SheetLayout(header_row=header_row, first_row=summary_layout.first_row, last_row=paths_layout.last_row,
                       columns=paths_layout.columns,
                       sections=[("情景假设与测算结果", summary_layout.first_row, summary_layout.last_row),
                                 ("逐年路径", paths_layout.first_row, paths_layout.last_row)],
                       next_row=row + 1)


def _sources_as_notes(ws: Worksheet, df: pd.DataFrame) -> pd.DataFrame:
    """The ``source`` column replaced by the 出处 column: numbers of notes on the 来源摘录 sheet."""
    if "source" not in df.columns:
        return df
    numbers = [f"[{note_number(ws, str(t).strip())}]" if not _blank(t) else "" for t in df["source"]]
    return df.drop(columns=["source"]).assign(**{SOURCE_NOTE: numbers})


def _write_plain_block(ws: Worksheet, df: pd.DataFrame, start_row: int, kind: str, *,
                       span_last_to: int | None = None, labels: dict[str, str] | None = None,
                       exact_decimals: bool = False) -> SheetLayout:
    """A header plus rows starting at ``start_row`` (no title). With ``span_last_to`` the last
    column is merged across to that column (a long text column under a wider block)."""
    data, numeric = _prepare(df)
    cols = list(data.columns)
    units = data["unit"].map(lambda u: "" if _blank(u) else str(u)) if "unit" in data.columns else None
    last_j = len(cols)
    span = span_last_to if (span_last_to and span_last_to > last_j) else None

    def widen(j: int, w: float, cap: int) -> None:
        if span and j == last_j:
            return  # merged across several columns: widths come from the other block
        letter = get_column_letter(j)
        # (openpyxl gives a column never sized a width of 13: only a width set here counts)
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(current or 0, min(cap, w), 6)

    def merge(r: int) -> None:
        if span:
            ws.merge_cells(start_row=r, start_column=last_j, end_row=r, end_column=span)
            for j in range(last_j, span + 1):
                ws.cell(row=r, column=j).border = BORDER

    styles = StyleCache()
    for j, col in enumerate(cols, start=1):
        hc = _set(ws, start_row, j, (labels or {}).get(col) or column_label(col, kind))
        hc.font = Font(name=BODY_FONT, bold=True)
        hc.fill = HEADER_FILL
        hc.border = BORDER
        hc.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widen(j, display_width(hc.value) + 2, 30)
    merge(start_row)
    r = start_row + 1
    for idx, rec in data.iterrows():
        u = units.loc[idx] if units is not None else ""
        for j, col in enumerate(cols, start=1):
            cell = _set(ws, r, j, rec[col])
            if col in numeric and isinstance(cell.value, (int, float)):
                if _is_int_column(col):
                    d = 0
                    if float(cell.value).is_integer():
                        cell.value = int(cell.value)
                elif u == "年":
                    d = 0
                else:  # computed values: the unit's usual precision (results: up to 2 more places)
                    d = unit_decimals(u) if u else 2
                    if exact_decimals:
                        d = max(d, min(_decimals(cell.value), 2))
                fmt = _decimal_format(d)
                styles.apply(cell, ("num", fmt), lambda c, f=fmt: _style_body(c, number_format=f))
                widen(j, len(f"{cell.value:.{d}f}") + 2, 30)
            elif col in WIDE_TEXT:
                styles.apply(cell, ("text", True), lambda c: _style_body(c, wrap=True))
                widen(j, display_width(cell.value) + 2, WIDE_TEXT[col])
            else:
                styles.apply(cell, ("text", False), lambda c: _style_body(c, wrap=False, center_wrap=True))
                widen(j, display_width(cell.value) + 2, 30)
        merge(r)
        r += 1
    return SheetLayout(header_row=start_row, first_row=start_row + 1, last_row=r - 1,
                       columns={c: i for i, c in enumerate(cols, start=1)}, next_row=r + 1)


def _fit_row_heights(ws: Worksheet, first: int, last: int, line_height: float = 13.5) -> None:
    """Explicit heights for rows with wrapped text (merged cells are not auto-fitted by Excel)."""
    merged = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == rng.max_row and first <= rng.min_row <= last:
            merged[(rng.min_row, rng.min_col)] = sum(
                ws.column_dimensions[get_column_letter(j)].width or 8.43 for j in range(rng.min_col, rng.max_col + 1))
    if last < first:
        return
    widths = {}
    for r, cells in enumerate(ws.iter_rows(min_row=first, max_row=last), start=first):
        lines, height = 1, line_height
        for cell in cells:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            if ws.column_dimensions[cell.column_letter].hidden:   # hidden text does not print
                continue
            if cell.column_letter not in widths:
                widths[cell.column_letter] = ws.column_dimensions[cell.column_letter].width or 8.43
            width = merged.get((r, cell.column)) or widths[cell.column_letter]
            size = (cell.font.sz or 11) if cell.font else 11
            per_unit = size / 10.0  # a CJK glyph is ~2 width units at 10 points
            n = math.ceil(display_width(cell.value) * per_unit / max(4.0, width - 1))
            if n * line_height * size / 10 > lines * height:
                lines, height = n, line_height * size / 10
        if lines > 1:
            ws.row_dimensions[r].height = min(409, height * lines + 3)
        elif ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = 18  # uniform single-line rows (Excel and LibreOffice alike)


def _scenario_charts(ws: Worksheet, layout: SheetLayout, keys: list[str], wide: pd.DataFrame,
                     data: pd.DataFrame, max_charts: int = 8) -> int:
    """Line charts per region for the main variables: one line per scenario over the years."""
    year_cols = [c for c in wide.columns if re.fullmatch(r"\d{4}", str(c))]
    if len(year_cols) < 2:
        return 0
    first_year_col = layout.columns[year_cols[0]]
    last_year_col = layout.columns[year_cols[-1]]
    # variables to chart: by code when the table has codes, else the first variable
    if "variable_code" in data.columns:
        names = (data[data["variable_code"].isin(SCENARIO_CHART_CODES)]
                 .drop_duplicates("variable_code").set_index("variable_code")["variable"])
        wanted = [names[c] for c in SCENARIO_CHART_CODES if c in names.index]
    else:
        wanted = []
    if not wanted:
        wanted = [wide["variable"].iloc[0]]
    targets = {}
    if {"variable_code", "region"} <= set(data.columns):
        for _, r in data[data["variable_code"] == "target"].iterrows():
            targets.setdefault(r["region"], (r["year"], r["value"], r.get("unit", "")))
    label_col = layout.columns.get("scenario")
    anchor = 3
    made = 0
    regions = list(dict.fromkeys(wide["region"])) if "region" in wide.columns else [None]
    for region in regions:
        for var in wanted:
            if made >= max_charts:
                return made
            sel = wide[(wide["variable"] == var) & ((wide["region"] == region) if region is not None else True)]
            if not len(sel):
                continue
            chart = LineChart()
            unit = str(sel["unit"].iloc[0]) if "unit" in sel.columns else ""
            head = f"{region or ''} {var}".strip()
            if region in targets and "地区生产总值" in str(var) and "人均" not in str(var):
                ty, tv, tu = targets[region]
                head += f"(目标:{int(ty)}年{tv:g}{tu})"
            chart.title = head
            chart.y_axis.title = unit
            chart.x_axis.title = "年份"
            for i in sel.index:
                r = layout.first_row + int(i)
                vals = Reference(ws, min_col=first_year_col, max_col=last_year_col, min_row=r, max_row=r)
                chart.add_data(vals, from_rows=True, titles_from_data=False)
                if label_col:
                    chart.series[-1].tx = SeriesLabel(
                        strRef=StrRef(f"'{ws.title}'!${get_column_letter(label_col)}${r}"))
            if region in targets and "地区生产总值" in str(var) and "人均" not in str(var) \
                    and "不变价" not in str(var):
                _target_series(ws, chart, layout, targets[region][1], len(year_cols))
            chart.set_categories(Reference(ws, min_col=first_year_col, max_col=last_year_col,
                                           min_row=layout.header_row, max_row=layout.header_row))
            anchor = _place_chart(ws, chart, made, anchor)
            made += 1
    return made


def _target_series(ws: Worksheet, chart, layout: SheetLayout, target: float, n_years: int) -> None:
    """A 目标 line on ``chart``: the target in every year, in a hidden helper row beside the table."""
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    first = ws.max_column + 2
    row = layout.first_row + len(getattr(ws, "_pb_targets", []))
    ws._pb_targets = getattr(ws, "_pb_targets", []) + [row]
    _set(ws, row, first - 1, "目标")
    for k in range(n_years):
        _set(ws, row, first + k, float(target))
    for j in range(first - 1, first + n_years):
        ws.column_dimensions[get_column_letter(j)].hidden = True
    chart.add_data(Reference(ws, min_col=first, max_col=first + n_years - 1, min_row=row, max_row=row),
                   from_rows=True, titles_from_data=False)
    series = chart.series[-1]
    series.tx = SeriesLabel(strRef=StrRef(f"'{ws.title}'!${get_column_letter(first - 1)}${row}"))
    series.graphicalProperties = GraphicalProperties(ln=LineProperties(solidFill="C62828", prstDash="dash", w=19050))
    series.marker.symbol = "none"
    chart.visible_cells_only = False   # the helper row is hidden


def _year_chart(ws: Worksheet, layout: SheetLayout, data: pd.DataFrame) -> int:
    """For a plain year-by-year table: one line chart of its numeric columns over ``year``."""
    if "year" not in layout.columns or layout.last_row - layout.first_row < 1:
        return 0
    numeric_cols = [c for c in data.columns if c != "year" and pd.api.types.is_numeric_dtype(data[c])
                    and data[c].notna().any()]
    if not numeric_cols:
        return 0
    chart = LineChart()
    chart.title = "逐年路径"
    chart.x_axis.title = "年份"
    for col in numeric_cols[:4]:
        j = layout.columns[col]
        chart.add_data(Reference(ws, min_col=j, min_row=layout.header_row, max_row=layout.last_row),
                       titles_from_data=True)
    yj = layout.columns["year"]
    chart.set_categories(Reference(ws, min_col=yj, min_row=layout.first_row, max_row=layout.last_row))
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.height, chart.width = 7.5, 16
    ws.add_chart(chart, f"A{layout.next_row + 1}")
    return 1


# ---------------------------------------------------------------------------------------------
# workbook, properties, safe saving

def new_workbook(title: str, subject: str = "") -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.title = title
    props.subject = subject or "杭州市规划报告指标分析"
    props.creator = "planbook"
    props.lastModifiedBy = "planbook"
    props.created = datetime.now().replace(microsecond=0)
    props.modified = props.created
    props.keywords = "planbook;规划;指标"
    props.description = "由 planbook 根据规划报告原文生成;每个数值均可追溯至来源报告及原文摘录。"
    return wb


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (~$name) or LibreOffice (.~lock.name#) leave beside an open file."""
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    return [p for p in candidates if p.exists()]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save through a temporary file beside ``path``; a locked target stays intact."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise PlanbookError(f"{path}: is a folder, expected an .xlsx file name")
    locks = lock_files(path)
    if locks:
        raise PlanbookError(f"{path}: 文件正被其他程序打开(发现锁文件 {locks[0].name}),请关闭后重试;原文件未改动")
    try:
        with atomic_path(path, suffix=".xlsx") as tmp:
            wb.save(tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
    except PermissionError:
        raise PlanbookError(f"{path}: 无法写入(文件被占用或没有写权限),请关闭后重试;原文件未改动") from None
    except OSError as exc:
        raise PlanbookError(f"{path}: 无法写入:{exc.strerror or exc}") from None
    return path


# ---------------------------------------------------------------------------------------------
# public API

def export_view(df: pd.DataFrame, kind: str, path: Path | str | None = None, **meta) -> Path:
    """Write the table a notebook shows as one official-style sheet; returns the file path.

    ``kind`` is one of ``KINDS``. Default path: ``exports/<中文名>_<筛选条件>.xlsx`` (``meta['name']``
    or the filter choices, 筛选 without filters); an existing file is never replaced: the name takes
    the first free counter (_2, _3 …). ``path`` may also be a folder. Optional ``meta``:
    title, unit, data_date, filters (dict or text shown under the title), notes (list of lines),
    sheet_name, max_charts.
    """
    if kind not in KIND_INFO:
        raise PlanbookError(f"export: unknown table kind {kind!r} (one of {', '.join(KINDS)})")
    if df is None or not isinstance(df, pd.DataFrame):
        raise PlanbookError(f"export: expected a table (DataFrame) for {kind}, got {type(df).__name__}")
    info = KIND_INFO[kind]
    meta = _normalise_meta(meta, kind)
    stem = safe_file_stem(f"{info['file']}_{meta.pop('name', None) or _filter_name(meta.get('filters'))}")
    if path is None:
        target = _unused(project_paths().exports / f"{stem}.xlsx")
    else:
        target = Path(path)
        if target.is_dir() or (not target.suffix and not target.exists()):
            target = _unused(target / f"{stem}.xlsx")
    if not meta.get("data_date"):
        meta["data_date"] = _data_date(df["doc_id"]) if "doc_id" in df.columns else _data_date()
    wb = new_workbook(meta.get("title") or info["title"], subject=info["sheet"])
    ws = wb.create_sheet(sheet_title(meta.get("sheet_name") or info["sheet"]))
    _write_kind(ws, df, kind, **meta)
    write_sources_sheet(wb)
    return save_workbook(wb, target)


KNOWN_META = {"title", "unit", "data_date", "filters", "notes", "sheet_name", "max_charts", "name"}


def _normalise_meta(meta: dict, kind: str) -> dict:
    """Unknown keyword arguments (region=..., plan=...) become filter lines shown under the title."""
    out = {k: v for k, v in meta.items() if k in KNOWN_META}
    extra = {k: v for k, v in meta.items() if k not in KNOWN_META and not _blank(v)}
    if extra:
        filters = out.get("filters")
        merged: dict[str, Any] = {}
        if isinstance(filters, dict):
            merged.update(filters)
        elif filters:
            merged["筛选"] = filters
        for k, v in extra.items():
            if isinstance(v, (list, tuple, set)):
                v = "、".join(str(x) for x in v)
            label = column_label(k, kind)
            v = VALUE_LABELS.get(k, {}).get(v, v) if isinstance(v, str) else v
            merged.setdefault(label, v)
        out["filters"] = merged
    return out


ANY_CHOICE = {"全部", "(全部)", "全部目标"}


def _filter_name(filters: Any) -> str:
    """A file-name part from the filter choices (地区、指标 …; “全部” left out), or 筛选."""
    if not isinstance(filters, dict):
        return "筛选"
    parts = [str(v) for v in filters.values() if not _blank(v) and str(v) not in ANY_CHOICE]
    return "_".join(parts)[:80] or "全部"


def _unused(target: Path) -> Path:
    """``target`` or, when a file of that name exists, the same name with the first free _2, _3 …"""
    if not target.exists():
        return target
    n = 2
    while target.with_name(f"{target.stem}_{n}{target.suffix}").exists():
        n += 1
    return target.with_name(f"{target.stem}_{n}{target.suffix}")


def safe_file_stem(stem: str) -> str:
    """A file name stem without characters Windows or Excel refuse."""
    stem = re.sub(r'[\\/:*?"<>|\[\]\s]+', "_", str(stem)).strip("._ ")
    return stem[:120] or "导出"


def _read_processed(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: cannot read: {exc}") from None


# source CSV (name under data/processed), kind, sheet, how to create it
# (the workbook opens with the review an official reads first; the fact table comes after the analyses)
MAIN_SHEETS = [
    ("reviews.csv", "reviews", "planbook review"),
    ("comparison.csv", "comparison", "planbook compare"),
    ("scenarios.csv", "scenario", "planbook build"),
    ("indicators.csv", "indicators", "planbook ingest"),
    ("quality.csv", "quality", "planbook ingest"),
]


def export_all(out_dir: Path | str | None = None, *, per_region: bool = True) -> list[Path]:
    """Write the main workbook from data/processed (whatever exists) and, when reviews.csv exists,
    one workbook per region (its plan reviews and its facts). Returns the paths written."""
    P = project_paths()
    out = Path(out_dir) if out_dir else P.exports
    if out.exists() and not out.is_dir():
        raise PlanbookError(f"{out}: not a folder")
    data_date = _data_date()
    wb = new_workbook("杭州市规划指标分析汇总")
    inventory: list[tuple[str, str, str, int | None]] = []  # sheet, csv, state, rows
    tables: dict[str, pd.DataFrame] = {}
    for csv_name, kind, how in MAIN_SHEETS:
        csv = P.processed / csv_name
        sheet = KIND_INFO[kind]["sheet"]
        df = _read_processed(csv)
        if df is None:
            inventory.append((sheet, f"data/processed/{csv_name}", f"未生成(文件不存在,运行 `{how}` 后重新导出)", None))
            continue
        tables[kind] = df
        ws = wb.create_sheet(sheet_title(sheet))
        _write_kind(ws, df, kind, data_date=data_date)
        inventory.append((sheet, f"data/processed/{csv_name}", "已导出", len(df)))
    write_sources_sheet(wb)
    write_readme_sheet(wb.create_sheet("说明"), inventory, tables.get("indicators"))
    paths = [save_workbook(wb, out / MAIN_WORKBOOK)]
    if per_region and "reviews" in tables and "region" in tables["reviews"].columns:
        paths += _export_regions(tables, out, data_date)
    return paths


def _export_regions(tables: dict[str, pd.DataFrame], out: Path, data_date: str) -> list[Path]:
    """规划目标完成情况_<地区>.xlsx: one region's reviews and facts, with the 说明 sheet."""
    reviews = tables["reviews"]
    written = []
    for region in dict.fromkeys(r for r in reviews["region"] if not _blank(r)):
        wb = new_workbook(f"{region}规划目标完成情况", subject=str(region))
        inventory = []
        part = reviews[reviews["region"] == region]
        facts = tables.get("indicators")
        fpart = facts[facts["region"] == region] if facts is not None and "region" in facts.columns else None
        data_date = _region_date(part, fpart) or data_date
        ws = wb.create_sheet("规划目标完成情况")
        _write_kind(ws, part, "reviews", data_date=data_date, title=f"{region}规划主要指标目标完成情况")
        inventory.append(("规划目标完成情况", "data/processed/reviews.csv", f"已导出({region})", len(part)))
        if fpart is not None:
            ws = wb.create_sheet("指标数据")
            _write_kind(ws, fpart, "indicators", data_date=data_date, title=f"{region}规划报告主要指标数据")
            inventory.append(("指标数据", "data/processed/indicators.csv", f"已导出({region})", len(fpart)))
        write_sources_sheet(wb)
        write_readme_sheet(wb.create_sheet("说明"), inventory, fpart, data_date=data_date)
        written.append(save_workbook(wb, out / f"{safe_file_stem('规划目标完成情况_' + str(region))}.xlsx"))
    return written


def _region_date(reviews: pd.DataFrame, facts: pd.DataFrame | None) -> str:
    """A region workbook's own date: the latest publication date of the documents its rows cite."""
    ids: set[str] = set()
    for df in (reviews, facts):
        if df is not None and "doc_id" in df.columns:
            ids |= {i.zfill(3) for d in df["doc_id"] if not _blank(d) for i in re.findall(r"\d+", str(d))}
    return _data_date(ids) if ids else ""


README_TEXT = Path(__file__).with_name("resources") / "readme_zh.yml"


def readme_text() -> dict:
    """The 说明 sheet's text (lib/planbook/resources/readme_zh.yml)."""
    import yaml

    try:
        return yaml.safe_load(README_TEXT.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanbookError(f"{README_TEXT}: 说明文字无法读取 / cannot read: {exc}") from None


def write_readme_sheet(ws: Worksheet, inventory: list[tuple[str, str, str, int | None]],
                       facts: pd.DataFrame | None = None, data_date: str | None = None) -> None:
    """说明: sources (manifest with titles, dates, sha256), official figures, sheets, methods, legends."""
    man = _manifest()
    ncol = 8
    widths = {1: 9, 2: 14, 3: 9, 4: 14, 5: 11, 6: 11, 7: 40, 8: 26}
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = w
    row = 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    t = _set(ws, 1, 1, "说明")
    t.font = Font(name=TITLE_FONT, size=16, bold=True)
    t.alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 30
    row = 2
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
    _set(ws, row, 1, f"数据日期:{data_date or _data_date()}(来源报告最晚发布日期);导出日期:{date.today().isoformat()};"
                     f"生成工具:planbook").font = Font(name=BODY_FONT, size=10)
    row += 2

    def caption(text: str) -> None:
        nonlocal row
        c = _set(ws, row, 1, text)
        c.font = Font(name=BODY_FONT, size=12, bold=True)
        row += 1

    def header(labels: list[str]) -> None:
        nonlocal row
        for j, lab in enumerate(labels, start=1):
            c = _set(ws, row, j, lab)
            c.font = Font(name=BODY_FONT, bold=True)
            c.fill = HEADER_FILL
            c.border = BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1

    def line(values: list[Any], wrap_cols: Iterable[int] = ()) -> None:
        nonlocal row
        for j, v in enumerate(values, start=1):
            c = _set(ws, row, j, v)
            c.border = BORDER
            c.font = Font(name=BODY_FONT, size=10)
            c.alignment = Alignment(vertical="center", wrap_text=j in set(wrap_cols))
        row += 1

    def text(value: str) -> None:
        nonlocal row
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        c = _set(ws, row, 1, value)
        c.font = Font(name=BODY_FONT, size=10)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = max(15, 15 * math.ceil(display_width(value) / 170))
        row += 1

    caption("一、数据来源(原始报告)")
    header(["文件编号", "文件名", "地区", "类型", "期间", "发布日期", "标题", "SHA-256"])
    for _, r in man.iterrows():
        line([str(r.get("doc_id", "") or str(r.get("file", ""))[:3]), r.get("file", ""), r.get("region", ""), r.get("doc_type", ""),
              r.get("period", ""), r.get("published", ""), r.get("title", ""), r.get("sha256", "")],
             wrap_cols=(2, 7, 8))
    for _, r in man.iterrows():
        if not _blank(r.get("notes", "")):
            text(f"{r.get('doc_id', '') or str(r.get('file', ''))[:3]}:{r.get('notes')}")
    row += 1
    ws.sheet_properties.tabColor = "808080"

    ref = project_paths().reference / "official_stats.csv"
    off = _read_processed(ref)
    if off is not None and len(off):
        caption("二、补充的官方统计数据(报告未载,情景预测默认值使用)")
        cols = [c for c in ("region", "indicator", "year", "value", "unit", "status", "qualifier", "source")
                if c in off.columns]
        header([column_label(c, "indicators") for c in cols])
        for _, r in off.iterrows():
            vals = []
            for c in cols:
                v = r[c]
                if c in ("value",) and _looks_numeric(pd.Series([v])):
                    v = float(v)
                elif c == "year" and _looks_numeric(pd.Series([v])):
                    v = int(float(v))
                elif c == "status":
                    v = status_label(v)
                vals.append(v)
            line(vals, wrap_cols=(len(cols),))
            for j, v in enumerate(vals, start=1):
                if isinstance(v, float):
                    ws.cell(row=row - 1, column=j).number_format = _decimal_format(_decimals(v))
        row += 1

    caption("三、工作表清单")
    header(["工作表", "来源表", "行数", "状态"])
    ws.merge_cells(start_row=row - 1, start_column=4, end_row=row - 1, end_column=ncol)
    for sheet, csv, state, n in inventory:
        line([sheet, csv, n, state], wrap_cols=(1, 2))
        ws.merge_cells(start_row=row - 1, start_column=4, end_row=row - 1, end_column=ncol)
        if n is None:
            ws.cell(row=row - 1, column=4).font = Font(name=BODY_FONT, size=10, color="C62828")
    if facts is not None:
        from planbook.verify import verification_sentence

        text(verification_sentence(facts))
    row += 1

    caption("四、方法说明")
    for m in readme_text()["methods"]:
        text(m)
    row += 1

    caption("五、完成状态图例")
    header(["状态", "含义"])
    legend_first = row
    for code, label in REVIEW_STATUS_LABELS.items():
        fill, font = STATUS_STYLE[label]
        c = _set(ws, row, 1, label)
        colour = fill.lstrip("#").upper()
        c.fill = PatternFill("solid", start_color=colour, end_color=colour)
        c.font = Font(name=BODY_FONT, color=font, bold=True)
        c.border = BORDER
        c.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=ncol)
        m = _set(ws, row, 2, STATUS_MEANINGS[code])
        m.border = BORDER
        m.font = Font(name=BODY_FONT, size=10)
        row += 1
    add_status_formatting(ws, f"A{legend_first}:A{row - 1}")
    text(readme_text()["data_status"])
    row += 1

    caption("六、标记说明")
    header(["标记", "含义"])
    for mark, meaning in MARKER_LEGEND:
        line([mark])
        ws.merge_cells(start_row=row - 1, start_column=2, end_row=row - 1, end_column=ncol)
        m = _set(ws, row - 1, 2, meaning)
        m.font = Font(name=BODY_FONT, size=10)
        m.border = BORDER
    row += 1

    caption("七、统计口径")
    for m in _scope_notes("readme"):
        text(m)

    _fit_row_heights(ws, 3, row)
    ws.freeze_panes = None
    setup_print(ws, title_rows=(1, 2))


# ---------------------------------------------------------------------------------------------
# command line

def _cli(args) -> int:
    paths = export_all(args.out)
    for p in paths:
        print(p)
    return 0


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("export", help="导出Excel汇总表 (exports/)",
                              description="把 data/processed 下已有的表导出为Excel(exports/)。")
    p.add_argument("--out", metavar="DIR", default=None, help="输出文件夹(默认 exports/)")
    p.set_defaults(func=_cli)
