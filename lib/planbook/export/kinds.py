"""One sheet per table kind, written through its sheet spec: the data prepared for the kind
(document titles, review order), columns in the spec's order, sections, the table note from
resources/readme_zh.yml and the scope notes, the 核对 column, the charts."""
from __future__ import annotations

import pandas as pd
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from planbook import vocab as V
from planbook.export.cells import BODY_FONT, _blank, _looks_numeric
from planbook.export.charts import _comparison_charts
from planbook.export.documents import _doc_titles, _scope_notes
from planbook.export.labels import MEASURE_LABELS, STATUS_STYLE, rule_names
from planbook.export.readme import table_notes_of
from planbook.export.scenario_sheet import _region_sort_key, _write_scenario
from planbook.export.table import SheetLayout, write_table
from planbook.fileio import PlanbookError
from planbook.sheet_specs import SPECS, SheetSpec


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
    order_region = _region_sort_key(out.get("region", []))
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


# per kind: how its rows are prepared, how a section row reads, which charts follow the table
def _quality_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The quality log with document titles, the rules its messages count named in Chinese."""
    out = _with_doc_title(df)
    return out.assign(message=out["message"].map(rule_names)) if "message" in out.columns else out


PREPARE = {"indicators": _with_doc_title, "reviews": _sort_reviews, "quality": _quality_rows}
SECTION_LABELS = {"reviews": _review_section, "comparison": _comparison_section}
CHARTS = {"comparison": _comparison_charts}


def table_notes(spec: SheetSpec, df: pd.DataFrame, notes=()) -> list[str]:
    """The notes under a table: the caller's, the kind's note (resources/readme_zh.yml) and the
    scope notes of the documents behind ``df``."""
    return list(notes) + table_notes_of(spec.note) + (_scope_notes(spec.scope, df) if spec.scope else [])


def _write_kind_table(ws: Worksheet, df: pd.DataFrame, kind: str, **meta) -> SheetLayout:
    """``df`` as the sheet its spec describes (planbook.sheet_specs)."""
    spec = SPECS.get(kind)
    if spec is None:
        raise PlanbookError(f"导出:未知的表类型 {kind!r}(可用 {'、'.join(SPECS)}) / export: unknown table kind")
    common = dict(title=meta.get("title") or spec.title, unit=meta.get("unit"), data_date=meta.get("data_date"),
                  filters=meta.get("filters"), notes=table_notes(spec, df, meta.get("notes") or []))
    max_charts = int(meta.get("max_charts", 8))
    if kind == "scenario":   # its note goes under its second block, not under a plain year table
        return _write_scenario(ws, df, **{**common, "notes": list(meta.get("notes") or [])}, max_charts=max_charts)
    data = _ordered(PREPARE.get(kind, lambda d: d)(df), list(spec.order))
    group = [k for k in spec.group_by if k in data.columns]
    layout = write_table(ws, data, kind, group_by=group or None, section_label=SECTION_LABELS.get(kind), **common)
    if kind in CHARTS:
        CHARTS[kind](ws, layout, max_charts=max_charts)
    return layout
