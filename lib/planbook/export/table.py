"""The table writer: a table on a sheet in five steps (title lines, header, body, widths,
notes) shaped by the kind's sheet spec (planbook.sheet_specs), plus the numbered source notes
and the 来源摘录 sheet that lists them."""
from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.export.cells import (
    BODY_FONT, BORDER, HEADER_FILL, INT_FORMAT, SECTION_FILL, TITLE_FONT, WIDE_TEXT, StyleCache, _ALIGN_CENTER,
    _blank, _column_formats, _prepare, _set, _style_body, display_width,
)
from planbook.export.labels import STATUS_STYLE, _translate, column_label, source_text
from planbook.export.printing import _fit_row_heights, printed_span, setup_print
from planbook.sheet_specs import SOURCE_NOTE, SOURCES_COLUMNS, SOURCES_SHEET, SOURCES_TITLE, SheetSpec, spec_for


_ALIGN_SECTION = Alignment(horizontal="left", vertical="center", wrap_text=True)


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
    _sections_on_printed_columns(ws, sections, ncol)
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
    hidden = set(spec.hidden if spec is not None else ()) | hidden_extra
    if spec is not None and spec.printed:
        hidden |= {c for c in cols if c not in spec.printed}
    can_hide = any(c not in hidden for c in cols)
    for j, col in enumerate(cols or ["_"], start=1):
        cap = (spec.widths.get(col) if spec is not None else None) or WIDE_TEXT.get(col, 30)
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = max(6, min(widths[j - 1], cap))
        if col in hidden and can_hide:
            dim.hidden = True


def _write_notes(ws: Worksheet, row: int, notes: Iterable[str], ncol: int, *, spare_line: bool = False,
                 min_width: int = 20) -> int:
    """Notes under the table, merged across its printed columns (LibreOffice prints no wrapped text
    anchored in a hidden column) and wrapped, each row as high as its lines (plus a spare line with
    ``spare_line``); returns the next row."""
    first, last = printed_span(ws, ncol)
    width = sum(ws.column_dimensions[get_column_letter(j)].width or 8.43 for j in range(first, last + 1)
                if not ws.column_dimensions[get_column_letter(j)].hidden)
    for note in notes:
        if _blank(note):
            continue
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        nc = _set(ws, row, first, note)
        nc.font = Font(name=BODY_FONT, size=10)
        nc.alignment = Alignment(wrap_text=True, vertical="top")
        lines = math.ceil(display_width(note) / max(min_width, width))
        ws.row_dimensions[row].height = 15 * max(1, lines + 1) if spare_line else max(15, 15 * lines)
        row += 1
    return row


def _sections_on_printed_columns(ws: Worksheet, sections: list[tuple[str, int, int]], ncol: int) -> None:
    """Section rows merged across the printed columns and wrapped, so a long label prints whole;
    the label stays in column 1 too (the hidden grouping column), where a filter finds it."""
    first, last = printed_span(ws, ncol)
    if first == 1:
        for _label, sec_first, _ in sections:
            ws.cell(row=sec_first - 1, column=1).alignment = _ALIGN_SECTION
        return
    for label, sec_first, _ in sections:
        r = sec_first - 1
        for rng in [m for m in ws.merged_cells.ranges if m.min_row == m.max_row == r]:
            ws.unmerge_cells(str(rng))
        anchor = ws.cell(row=r, column=first)
        anchor.value, anchor.font = ws.cell(row=r, column=1).value, copy(ws.cell(row=r, column=1).font)
        anchor.alignment = _ALIGN_SECTION
        ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)


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
    text = source_text(text)
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
    df = pd.DataFrame([(f"[{n}]", sheet, text) for text, (n, sheet) in notes.items()], columns=list(SOURCES_COLUMNS))
    ws.merge_cells("A1:C1")
    t = _set(ws, 1, 1, SOURCES_TITLE)
    t.font = Font(name=TITLE_FONT, size=14, bold=True)
    t.alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 26
    for j, (label, width) in enumerate(SOURCES_COLUMNS.items(), start=1):
        hc = _set(ws, 2, j, label)
        hc.font = Font(name=BODY_FONT, bold=True, size=10)
        hc.fill = HEADER_FILL
        hc.border = BORDER
        hc.alignment = _ALIGN_CENTER
        ws.column_dimensions[get_column_letter(j)].width = width
    styles = StyleCache()
    for i, rec in enumerate(df.itertuples(index=False), start=3):
        for j, v in enumerate(rec, start=1):
            cell = _set(ws, i, j, v)
            styles.apply(cell, ("src", j == 3), lambda c, w=(j == 3): _style_body(c, wrap=w))
    _fit_row_heights(ws, 3, len(df) + 2)
    ws.freeze_panes = "A3"
    setup_print(ws, title_rows=(1, 2))
    return ws


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
