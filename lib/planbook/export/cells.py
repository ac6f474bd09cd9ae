"""Cell values and styles: numbers stored as numbers, one number format per column, text
cleaned for Excel, widths of Chinese text, the body styles (cached per kind of cell)."""
from __future__ import annotations

import math
import re
import unicodedata
from copy import copy
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet


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


# punctuation Unicode calls ambiguous that Chinese fonts draw full width (2026—2030, “十四五”, …)
WIDE_PUNCTUATION = frozenset("—…“”‘’")


def display_width(text: Any) -> int:
    """Width of ``text`` in Excel character units: CJK and full-width characters (and the
    punctuation Chinese fonts draw full width) count 2."""
    s = "" if text is None else str(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") or ch in WIDE_PUNCTUATION else 1 for ch in s)


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "", str(name)).strip("'").strip() or "表"
    return cleaned[:31]


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
