"""The 说明 sheet: its text comes from resources/readme_zh.yml (section captions, headers,
methods, legends), filled with counts computed when the workbook is written; the code only
places it: sources, official figures, the sheet list, methods, status legend, markers, scope."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.export.cells import (
    BODY_FONT, BORDER, HEADER_FILL, TITLE_FONT, _blank, _decimal_format, _decimals, _looks_numeric, _set,
    display_width,
)
from planbook.export.documents import _data_date, _manifest, _read_processed, _scope_notes
from planbook.export.labels import REVIEW_STATUS_LABELS, STATUS_MEANINGS, STATUS_STYLE, column_label, status_label
from planbook.export.printing import _fit_row_heights, setup_print
from planbook.export.table import add_status_formatting
from planbook.fileio import PlanbookError
from planbook.paths import project_paths
from planbook.sheet_specs import README_WIDTHS


README_TEXT = Path(__file__).resolve().parent.parent / "resources" / "readme_zh.yml"
NUMERALS = "一二三四五六七八九十"


def readme_text() -> dict:
    """The 说明 sheet's text and the notes under the tables (lib/planbook/resources/readme_zh.yml)."""
    import yaml

    try:
        return yaml.safe_load(README_TEXT.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanbookError(f"{README_TEXT}: 说明文字无法读取 / cannot read: {exc}".splitlines()[0]) from None


def table_notes_of(key: str) -> list[str]:
    """The note under a table of kind ``key`` (``table_notes`` in the resource file), as a list."""
    text = (readme_text().get("table_notes") or {}).get(key, "") if key else ""
    return [text] if text else []


class _Readme:
    """Writes the 说明 sheet top to bottom: numbered captions, headers, bordered lines, merged text."""

    def __init__(self, ws: Worksheet, text: dict):
        self.ws, self.text, self.row, self.ncol, self.sections = ws, text, 1, len(README_WIDTHS), 0
        for j, w in enumerate(README_WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w

    def merged(self, value: Any, *, first: int = 1, size: int = 10, **font) -> Any:
        self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=self.ncol)
        c = _set(self.ws, self.row, first, value)
        c.font = Font(name=font.pop("name", BODY_FONT), size=size, **font)
        return c

    def caption(self, key: str) -> None:
        """The next section's caption, numbered 一、二、… in the order the sections are written."""
        self.sections += 1
        c = _set(self.ws, self.row, 1, f"{NUMERALS[self.sections - 1]}、{self.text['sections'][key]['caption']}")
        c.font = Font(name=BODY_FONT, size=12, bold=True)
        self.row += 1

    def header(self, labels: list[str] | None = None, key: str | None = None) -> None:
        for j, lab in enumerate(labels or self.text["sections"][key]["header"], start=1):
            c = _set(self.ws, self.row, j, lab)
            c.font = Font(name=BODY_FONT, bold=True)
            c.fill = HEADER_FILL
            c.border = BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.row += 1

    def line(self, values: list[Any], wrap_cols: Iterable[int] = ()) -> None:
        for j, v in enumerate(values, start=1):
            c = _set(self.ws, self.row, j, v)
            c.border = BORDER
            c.font = Font(name=BODY_FONT, size=10)
            c.alignment = Alignment(vertical="center", wrap_text=j in set(wrap_cols))
        self.row += 1

    def paragraph(self, value: str) -> None:
        c = self.merged(value)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        self.ws.row_dimensions[self.row].height = max(15, 15 * math.ceil(display_width(value) / 170))
        self.row += 1

    def term(self, label_cell: Any, meaning: str) -> None:
        """A legend line: the term in column A, its meaning merged across the rest."""
        m = self.merged(meaning, first=2)
        m.border = BORDER
        for j in range(2, self.ncol + 1):
            self.ws.cell(row=self.row, column=j).border = BORDER
        label_cell.border = BORDER
        self.row += 1


def write_readme_sheet(ws: Worksheet, inventory: list[tuple[str, str, str, int | None]],
                       facts: pd.DataFrame | None = None, data_date: str | None = None) -> None:
    """说明: an overview with counts, the sources (manifest with titles, dates, sha256), official
    figures, the sheets, methods, legends and scope notes; text from resources/readme_zh.yml."""
    text = readme_text()
    man = _manifest()
    w = _Readme(ws, text)
    _readme_head(w, data_date or _data_date(), _counts(man, inventory, facts))
    _readme_sources(w, man)
    ws.sheet_properties.tabColor = "808080"
    _readme_official(w)
    _readme_sheets(w, inventory, facts)
    _readme_methods(w)
    _readme_legends(w)
    w.caption("scope")
    for m in _scope_notes("readme"):
        w.paragraph(m)
    _fit_row_heights(ws, 3, w.row)
    ws.freeze_panes = None
    setup_print(ws, title_rows=(1, 2))


def _counts(man: pd.DataFrame, inventory, facts: pd.DataFrame | None) -> dict[str, Any]:
    """The counts the overview line quotes, computed from what this workbook holds."""
    written = [(sheet, n) for sheet, _csv, _state, n in inventory if n is not None]
    counts: dict[str, Any] = {
        "n_reports": len(man), "n_sheets": len(written),
        "sheet_list": "、".join(f"{sheet}{n}行" for sheet, n in written),
    }
    if facts is not None and len(facts):
        counts.update(n_facts=len(facts), n_fact_docs=_distinct(facts, "doc_id"),
                      n_regions=_distinct(facts, "region"), n_indicators=_distinct(facts, "indicator"))
    return counts


def _distinct(df: pd.DataFrame, col: str) -> int:
    """How many different non-blank values ``col`` holds (0 without the column)."""
    return len({str(v).strip() for v in df[col] if not _blank(v)}) if col in df.columns else 0


def _readme_head(w: _Readme, data_date: str, counts: dict[str, Any]) -> None:
    """Title, the dates line and the overview line with this workbook's counts."""
    t = w.merged(w.text["title"], size=16, bold=True, name=TITLE_FONT)
    t.alignment = Alignment(horizontal="center")
    w.ws.row_dimensions[1].height = 30
    w.row = 2
    w.merged(w.text["date_line"].format(data_date=data_date, today=date.today().isoformat()))
    w.row = 3
    lines = [w.text["overview"]["sheets"]] if counts["n_sheets"] else []
    if "n_facts" in counts:
        lines.append(w.text["overview"]["facts"])
    overview = "".join(lines).format(**counts)
    if overview:
        w.merged(overview).alignment = Alignment(wrap_text=True, vertical="top")
    w.row = 4


def _readme_sources(w: _Readme, man: pd.DataFrame) -> None:
    """The source reports (manifest), then each report's own notes."""
    w.caption("sources")
    w.header(key="sources")
    doc = lambda r: str(r.get("doc_id", "") or str(r.get("file", ""))[:3])   # noqa: E731
    for _, r in man.iterrows():
        w.line([doc(r), r.get("file", ""), r.get("region", ""), r.get("doc_type", ""), r.get("period", ""),
                r.get("published", ""), r.get("title", ""), r.get("sha256", "")], wrap_cols=(2, 4, 7, 8))
    for _, r in man.iterrows():
        if not _blank(r.get("notes", "")):
            w.paragraph(f"{r.get('doc_id', '') or str(r.get('file', ''))[:3]}:{r.get('notes')}")
    w.row += 1


def _readme_official(w: _Readme) -> None:
    """Official figures the reports lack (data/reference/official_stats.csv), when there are any."""
    off = _read_processed(project_paths().reference / "official_stats.csv")
    if off is None or not len(off):
        return
    w.caption("official")
    # the source (often a web address) in the wide seventh column
    cols = [c for c in ("region", "indicator", "year", "value", "unit", "status", "source", "qualifier")
            if c in off.columns]
    w.header([column_label(c, "indicators") for c in cols])
    for _, r in off.iterrows():
        vals = [_official_value(c, r[c]) for c in cols]
        w.line(vals, wrap_cols=[j for j, c in enumerate(cols, start=1) if c in ("indicator", "source")])
        for j, v in enumerate(vals, start=1):
            if isinstance(v, float):
                w.ws.cell(row=w.row - 1, column=j).number_format = _decimal_format(_decimals(v))
    w.row += 1


def _official_value(col: str, v: Any) -> Any:
    if col == "value" and _looks_numeric(pd.Series([v])):
        return float(v)
    if col == "year" and _looks_numeric(pd.Series([v])):
        return int(float(v))
    return status_label(v) if col == "status" else v


def _readme_sheets(w: _Readme, inventory, facts: pd.DataFrame | None) -> None:
    """The sheets of this workbook (or why one is missing), and how many figures a person checked."""
    w.caption("sheets")
    w.header(key="sheets")
    w.ws.merge_cells(start_row=w.row - 1, start_column=4, end_row=w.row - 1, end_column=w.ncol)
    for sheet, csv, state, n in inventory:
        w.line([sheet, csv, n, state], wrap_cols=(1, 2))
        w.ws.merge_cells(start_row=w.row - 1, start_column=4, end_row=w.row - 1, end_column=w.ncol)
        if n is None:
            w.ws.cell(row=w.row - 1, column=4).font = Font(name=BODY_FONT, size=10, color="C62828")
    if facts is not None:
        from planbook.verify import verification_sentence

        w.paragraph(verification_sentence(facts))
    w.row += 1


def _readme_methods(w: _Readme) -> None:
    w.caption("methods")
    for m in w.text["methods"]:
        w.paragraph(m)
    w.row += 1


def _readme_legends(w: _Readme) -> None:
    """The status legend (coloured as in the tables) and the markers the reports use."""
    w.caption("legend")
    w.header(key="legend")
    first = w.row
    for code, label in REVIEW_STATUS_LABELS.items():
        fill, font = STATUS_STYLE[label]
        c = _set(w.ws, w.row, 1, label)
        colour = fill.lstrip("#").upper()
        c.fill = PatternFill("solid", start_color=colour, end_color=colour)
        c.font = Font(name=BODY_FONT, color=font, bold=True)
        c.alignment = Alignment(horizontal="center")
        w.term(c, STATUS_MEANINGS[code])
    add_status_formatting(w.ws, f"A{first}:A{w.row - 1}")
    w.paragraph(w.text["data_status"])
    w.row += 1
    w.caption("markers")
    w.header(key="markers")
    for mark, meaning in w.text["markers"]:
        c = _set(w.ws, w.row, 1, mark)
        c.font = Font(name=BODY_FONT, size=10)
        c.alignment = Alignment(vertical="center", wrap_text=True)   # (以上 / 不低于 prints whole)
        w.ws.row_dimensions[w.row].height = max(15, 15 * math.ceil(display_width(str(mark)) / 8))
        w.term(c, meaning)
    w.row += 1
