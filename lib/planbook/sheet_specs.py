"""What each Excel sheet holds and prints: a registry of sheet specs (planbook.export writes them).

A spec names the sheet, its title and file stem, the order of its columns in the file, the
columns that print (at most about ten, so that a table fits an A4 page at 9 pt or more), the
technical columns always hidden, the long source columns that become numbered notes on the
来源摘录 sheet (the table keeps a narrow 出处 column with the note number), the columns the rows
are grouped by (a section row per group), width caps, and its notes: the key of the note under
the table in ``resources/readme_zh.yml`` (``table_notes``) and where its scope notes come from
(``data/reference/scope_notes.csv``). Every column not printed stays in the file, hidden
(traceable, unhide to see). A new sheet kind is one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_NOTE = "source_note"          # the 出处 column: [n] pointing at the 来源摘录 sheet
SOURCES_SHEET = "来源摘录"
README_SHEET = "说明"


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    sheet: str                                     # sheet name
    title: str                                     # title row over the table
    file: str                                      # file-name stem of a view export
    order: tuple[str, ...] = ()                    # column order in the file (other columns follow)
    printed: tuple[str, ...] = ()                  # columns that print, in this order (empty: all)
    hidden: frozenset[str] = frozenset()           # technical columns, always hidden
    noted: tuple[str, ...] = ()                    # long source text → numbered notes (来源摘录)
    group_by: tuple[str, ...] = ()                 # a section row per group (its columns not printed)
    widths: dict[str, int] = field(default_factory=dict)   # width caps for printed text columns
    note: str = ""                                 # key under table_notes in resources/readme_zh.yml
    scope: str = ""                                # where scope notes apply (doc_notes.scope_notes)


SPECS: dict[str, SheetSpec] = {
    "indicators": SheetSpec(
        "indicators", sheet="指标数据", title="规划报告主要指标数据", file="指标数据",
        order=("doc_id", "doc_title", "region", "category", "indicator", "indicator_raw", "year", "value", "unit",
               "verified", "value_extracted", "measure", "status", "qualifier", "period", "plan", "base_year",
               "attribute", "value_text", "note", "quote", "source_kind", "rule", "table_id", "row_label",
               "indicator_code", "char_start", "char_end"),
        printed=("doc_id", "region", "indicator", "year", "value", "unit", "status", "verified", SOURCE_NOTE),
        hidden=frozenset({"indicator_code", "source_kind", "rule", "table_id", "char_start", "char_end",
                          "doc_title", "indicator_raw", "row_label", "value_high"}),
        noted=("note", "quote"), widths={"indicator": 30}, note="indicators", scope="indicators"),
    "reviews": SheetSpec(
        "reviews", sheet="规划目标完成情况", title="规划主要指标目标完成情况", file="规划目标完成情况",
        order=("region", "plan", "category", "indicator", "measure", "unit", "attribute", "base_year", "base_value",
               "target_year", "target_text", "target_value", "target_qualifier", "latest_year", "latest_value",
               "latest_status", "elapsed_pct", "completion_pct", "required_growth_pct", "actual_growth_pct",
               "required_growth_from_latest_pct", "pace_ratio", "pace_band", "projected_value", "gap", "gap_pct",
               "status", "verified", "status_reason", "check", "notes", "sources"),
        printed=("indicator", "unit", "base_value", "target_text", "latest_year", "latest_value",
                 "completion_pct", "status", "verified", "status_reason", SOURCE_NOTE),
        hidden=frozenset({"indicator_code", "plan_kind", "category", "measure", "target_kind", "direction",
                          "target_qualifier", "tolerance", "latest_period", "latest_status", "elapsed_pct",
                          "required_growth_from_latest_pct", "required_change_per_year", "implied_growth_pct",
                          "pace_ratio", "pace_band", "projected_value", "gap", "gap_pct", "notes", "key_indicator",
                          "doc_id", "quote"}),
        noted=("check", "sources"), group_by=("region", "plan"),
        widths={"indicator": 24, "status_reason": 26, "target_text": 14}, note="reviews"),
    "comparison": SheetSpec(
        "comparison", sheet="区县对比", title="区县(市)主要指标对比", file="区县对比",
        order=("indicator", "year", "rank", "region", "value", "unit", "status", "verified", "share_of_city_pct",
               "growth_pct", "year_used", "year_note", "qualifier", "value_as_written", "boundary", "note",
               "source", "quote"),
        printed=("rank", "region", "value", "unit", "status", "verified", "share_of_city_pct", "year_used",
                 "year_note", "note", SOURCE_NOTE),
        hidden=frozenset({"indicator_code", "region_as_written", "unit_as_written", "region_level", "doc_id",
                          "rank_of", "measure", "value_as_written", "alternatives", "quote", "qualifier"}),
        noted=("source",), group_by=("indicator", "year", "measure"),
        widths={"year_note": 18, "note": 22}, note="comparison", scope="comparison"),
    # the scenario sheets: assumptions and results, and the year-by-year paths (years across, as
    # many as the data has): every column prints; sources become numbered notes
    "scenario": SheetSpec(
        "scenario", sheet="情景预测", title="主要指标情景预测", file="情景预测",
        hidden=frozenset({"variable_code"}), noted=("source",), note="scenario"),
    "scenario_paths": SheetSpec(   # written with the scenario sheet, right after it
        "scenario_paths", sheet="情景逐年路径", title=":逐年路径", file="情景预测",
        hidden=frozenset({"variable_code"}), noted=("source",)),
    "quality": SheetSpec(
        "quality", sheet="数据质量", title="数据质量记录", file="数据质量",
        order=("doc_id", "file", "kind", "location", "message"),
        printed=("doc_id", "doc_title", "kind", "location", "message"),
        widths={"doc_title": 28, "message": 56}),
}

# the workbook-level sheets: their columns and widths (written by planbook.export)
SOURCES_TITLE = "来源摘录(各表“出处”列编号对应的原文)"
SOURCES_COLUMNS = {"编号": 8, "工作表": 16, "来源与原文摘录": 110}     # header -> width
README_WIDTHS = (9, 14, 9, 14, 11, 11, 40, 26)   # the 说明 sheet's eight columns


def spec_for(kind: str) -> SheetSpec | None:
    return SPECS.get(kind)
