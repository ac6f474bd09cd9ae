"""The fact record every extraction rule produces (prose and tables alike)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fact:
    label_raw: str
    value: float | None
    value_high: float | None
    unit: str
    measure: str
    status: str
    qualifier: str
    year: int | None
    period: str
    region: str
    quote: str
    char_start: int
    char_end: int
    plan: str = ""
    base_year: int | None = None
    value_text: str = ""
    note: str = ""
    source_kind: str = "prose"
    rule: str = ""
    table_id: str = ""
    row_label: str = ""
    attribute: str = ""
    context: str = ""
