"""The scenario sheet: the title lines, a block of assumptions and results, a block of
year-by-year paths (years across), the line charts and the notes; sources as numbered notes."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.export.cells import (
    BODY_FONT, BORDER, HEADER_FILL, INT_FORMAT, WIDE_TEXT, StyleCache, _blank, _decimal_format, _decimals, _is_int_column,
    _prepare, _set, _style_body, display_width, sheet_title, unit_decimals,
)
from planbook.export.charts import _scenario_charts, _year_chart
from planbook.export.labels import SCENARIO_VARIABLE_LABELS, column_label
from planbook.export.printing import _fit_row_heights, setup_print
from planbook.export.readme import table_notes_of
from planbook.export.table import (
    SheetLayout, _write_notes, _write_title_lines, note_number, write_table,
)
from planbook.sheet_specs import SOURCE_NOTE, SPECS


# rows that are single results (target, required growth, probability ...) rather than paths
SCENARIO_RESULT_STATUSES = {"target", "derived"}
# the two blocks' captions, and the summary block's headers where they differ from the kind's
SCENARIO_CAPTIONS = ("一、情景假设与测算结果", "二、逐年路径")
SUMMARY_LABELS = {"variable": "项目", "year": "年份", "value": "数值"}


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
    """The scenario sheets: on ``ws`` the assumptions and results with the notes; right after it the
    year-by-year paths (情景逐年路径, years across, its own repeated header) and the line charts
    (情景预测图). A table without year/value/variable columns (a notebook's own year-by-year
    table) is written as one plain table with one line chart over its years."""
    data, _ = _prepare(df)
    if not {"year", "value", "variable"} <= set(data.columns):
        layout = write_table(ws, data, "scenario", title=title, unit=unit, data_date=data_date,
                             filters=filters, notes=list(notes))
        _year_chart(ws, layout, data)
        return layout
    data = data.copy()
    data["variable"] = data["variable"].map(lambda v: SCENARIO_VARIABLE_LABELS.get(v, v))
    if "unit" not in data.columns:
        data["unit"] = ""
    keys = [c for c in ("scenario", "region") if c in data.columns]
    summary = _sources_as_notes(ws, _scenario_summary(data, keys))
    lines = dict(unit=unit or "单位:见各行", data_date=data_date, filters=filters)
    layout = _scenario_block(ws, data, summary, title=title, caption=SCENARIO_CAPTIONS[0], labels=SUMMARY_LABELS,
                             exact_decimals=True, **lines)
    _write_notes(ws, layout.next_row, list(notes) + table_notes_of("scenario"), max(len(summary.columns), 1),
                 spare_line=True, min_width=40)
    wide, pkeys = _scenario_paths(data, keys)
    if len(wide):
        paths_spec = SPECS["scenario_paths"]
        ps = ws.parent.create_sheet(sheet_title(paths_spec.sheet), index=ws.parent.sheetnames.index(ws.title) + 1)
        wide = _sources_as_notes(ps, wide)
        paths = _scenario_block(ps, data, wide, title=f"{title}{paths_spec.title}", caption=SCENARIO_CAPTIONS[1],
                                **lines)
        _scenario_charts(ps, paths, pkeys, wide, data, max_charts=max_charts, owner=ws)
    return layout


def _scenario_block(ws: Worksheet, data: pd.DataFrame, block: pd.DataFrame, *, title: str, caption: str,
                    unit: str, data_date, filters, labels=None, exact_decimals: bool = False) -> SheetLayout:
    """A scenario sheet: title lines over ``block``'s columns, the caption, the block (header
    frozen and repeated on every printed page), row heights, print setup."""
    ncol = max(len(block.columns), 1)
    row = _write_title_lines(ws, data, 1, ncol, title=title, unit=unit, data_date=data_date, filters=filters,
                             caption=caption)
    layout = _write_plain_block(ws, block, row, "scenario", labels=labels, exact_decimals=exact_decimals)
    _fit_row_heights(ws, layout.first_row, layout.last_row)
    ws.freeze_panes = ws.cell(row=layout.header_row + 1, column=1).coordinate
    setup_print(ws, title_rows=(1, layout.header_row))
    return layout


def _scenario_paths(data: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The year-by-year paths, one row per (scenario, region, variable, unit), years across (the
    source of each path: its last year's), city first; and the row keys."""
    status = data["status"] if "status" in data.columns else pd.Series("", index=data.index)
    paths = data[~status.isin(SCENARIO_RESULT_STATUSES) & data["year"].notna()]
    pkeys = keys + ["variable", "unit"]
    if not len(paths):
        return pd.DataFrame(), pkeys
    wide = paths.pivot_table(index=pkeys, columns="year", values="value", aggfunc="first", sort=False)
    wide = wide.reindex(sorted(wide.columns), axis=1)
    wide.columns = [str(int(y)) for y in wide.columns]
    wide = wide.reset_index()
    if "source" in paths.columns:
        last = paths.sort_values("year").groupby(pkeys, sort=False)["source"].last()
        wide["source"] = [last.get(tuple(r[k] for k in pkeys), "") for _, r in wide.iterrows()]
    if "region" in wide.columns:
        order = _region_sort_key(wide["region"])
        wide = wide.iloc[sorted(range(len(wide)), key=lambda i: (order[wide["region"].iloc[i]], i))]
        wide = wide.reset_index(drop=True)
    return wide, pkeys


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
                fmt = INT_FORMAT if _is_int_column(col) or u == "年" else _decimal_format(d)   # 2030, not 2,030
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
