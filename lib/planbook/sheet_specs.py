"""What each Excel sheet prints: a registry of sheet specs (planbook.export writes them).

A spec names the columns that print (at most about ten, so that a table fits an A4 page at 9 pt or
more), the long source columns that become numbered notes on the 来源摘录 sheet (the table keeps a
narrow 出处 column with the note number) and the columns the rows are grouped by. Every other column
stays in the file, hidden (traceable, unhide to see). A new sheet kind is one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_NOTE = "source_note"          # the 出处 column: [n] pointing at the 来源摘录 sheet
SOURCES_SHEET = "来源摘录"


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    printed: tuple[str, ...]                       # columns that print, in this order
    noted: tuple[str, ...] = ()                    # long source text → numbered notes (来源摘录)
    group_by: tuple[str, ...] = ()                 # a section row per group (its columns not printed)
    widths: dict[str, int] = field(default_factory=dict)   # width caps for printed text columns


SPECS: dict[str, SheetSpec] = {
    "indicators": SheetSpec(
        "indicators",
        printed=("doc_id", "region", "indicator", "year", "value", "unit", "status", "verified", SOURCE_NOTE),
        noted=("note", "quote"), widths={"indicator": 30}),
    "reviews": SheetSpec(
        "reviews",
        printed=("indicator", "unit", "base_value", "target_text", "latest_year", "latest_value",
                 "completion_pct", "status", "verified", "status_reason", SOURCE_NOTE),
        noted=("check", "sources"), group_by=("region", "plan"),
        widths={"indicator": 24, "status_reason": 26, "target_text": 14}),
    "comparison": SheetSpec(
        "comparison",
        printed=("rank", "region", "value", "unit", "status", "verified", "share_of_city_pct", "year_used",
                 "year_note", "note", SOURCE_NOTE),
        noted=("source",), group_by=("indicator", "year", "measure"),
        widths={"year_note": 18, "note": 22}),
    "quality": SheetSpec(
        "quality", printed=("doc_id", "doc_title", "kind", "location", "message"),
        widths={"doc_title": 28, "message": 56}),
}


def spec_for(kind: str) -> SheetSpec | None:
    return SPECS.get(kind)
