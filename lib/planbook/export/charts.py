"""Native Excel charts on their own sheets (“<sheet>图”): bar charts of the district
comparison, line charts of the scenario paths with the dashed target line, a line chart of a
plain year-by-year table. Two charts a row, a page break every two rows, so no chart is cut."""
from __future__ import annotations

import re

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.export.cells import TITLE_FONT, _set, sheet_title
from planbook.export.labels import MEASURE_LABELS
from planbook.export.printing import setup_print
from planbook.export.table import SheetLayout


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


def _chart_sheet(ws: Worksheet, owner: Worksheet | None = None) -> Worksheet:
    """The sheet that holds the charts of ``ws``'s data (“<owner sheet>图”, right after ``ws``):
    charts print whole on their own pages, under their own title, not under the table's repeated
    header rows."""
    wb = ws.parent
    name = sheet_title(f"{(owner or ws).title}图")
    if name in wb.sheetnames:
        return wb[name]
    cs = wb.create_sheet(name, index=wb.sheetnames.index(ws.title) + 1)
    for j in range(1, CHART_COLUMNS + 1):   # 20 columns of about 1.4 cm: two 13.5 cm charts side by side
        cs.column_dimensions[get_column_letter(j)].width = 7.2
    cs.merge_cells(start_row=1, start_column=1, end_row=1, end_column=CHART_COLUMNS)
    t = _set(cs, 1, 1, f"{(owner or ws).title}:图表(数据见“{ws.title}”表)")
    t.font = Font(name=TITLE_FONT, size=14, bold=True)
    t.alignment = Alignment(horizontal="center")
    cs.row_dimensions[1].height = 24
    setup_print(cs, title_rows=(1, 1))
    cs.page_setup.orientation = "landscape"
    cs.sheet_properties.pageSetUpPr.fitToPage = True
    cs.page_setup.fitToWidth = 1
    cs.page_setup.fitToHeight = 0
    return cs


def _place_chart(ws: Worksheet, chart, made: int, anchor_row: int, owner: Worksheet | None = None) -> int:
    """Show both axes, size the chart and put it on the chart sheet of ``ws`` in a two-column grid
    (the ``made``-th chart), a page break before every second pair so no chart is cut; return the
    row where the next pair of charts starts."""
    from openpyxl.worksheet.pagebreak import Break

    cs = _chart_sheet(ws, owner)
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.y_axis.number_format = "General"
    chart.height, chart.width = 7.5, 13.5
    _chart_text(chart)
    if made % 4 == 0 and made:
        cs.row_breaks.append(Break(id=anchor_row - 1))
    col_anchor = "A" if made % 2 == 0 else "K"
    cs.add_chart(chart, f"{col_anchor}{anchor_row}")
    return anchor_row + CHART_STRIDE if made % 2 == 1 else anchor_row


def _chart_text(chart) -> None:
    """Text sizes that print legibly on a chart 13.5 cm wide: the title 12 pt bold on one or two
    lines, axis titles, tick labels and the legend 9 pt (the defaults print at 6–18 pt)."""
    def title(t, size: int, bold: bool):
        if t is None or t.tx is None or t.tx.rich is None:
            return t
        text = "".join(r.t for p in t.tx.rich.p for r in (p.r or []))
        cp = CharacterProperties(sz=size * 100, b=bold)
        para = Paragraph(pPr=ParagraphProperties(defRPr=cp), r=[RegularTextRun(rPr=cp, t=text)])
        return Title(tx=Text(rich=RichText(p=[para])), overlay=False)

    chart.title = title(chart.title, 12, True)
    for axis in (chart.x_axis, chart.y_axis):
        axis.title = title(axis.title, 9, False)
        axis.txPr = _text_size(9)
    if chart.legend is not None:
        chart.legend.txPr = _text_size(9)


def _text_size(size: int) -> RichText:
    cp = CharacterProperties(sz=size * 100)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def _unit_of_span(ws: Worksheet, layout: SheetLayout, first: int, last: int) -> str:
    if "unit" not in layout.columns:
        return ""
    units = {ws.cell(row=r, column=layout.columns["unit"]).value for r in range(first, last + 1)}
    units.discard(None)
    return units.pop() if len(units) == 1 else ""


# the variables charted per region (one line per scenario), by code
SCENARIO_CHART_CODES = ("gdp_nominal", "per_capita_usd")


def _scenario_charts(ws: Worksheet, layout: SheetLayout, keys: list[str], wide: pd.DataFrame,
                     data: pd.DataFrame, max_charts: int = 8, owner: Worksheet | None = None) -> int:
    """Line charts per region for the main variables: one line per scenario over the years (on
    the chart sheet of ``owner``, the scenario sheet, when the paths are on a sheet of their own)."""
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
            anchor = _place_chart(ws, chart, made, anchor, owner)
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
    _chart_text(chart)
    ws.add_chart(chart, f"A{layout.next_row + 1}")
    return 1
