"""The views' base (planbook.view_base): filters declared as data become widgets whose observers
refresh the filters depending on them, keep a choice still offered, redraw once, and name the
choices in an export. Invented table."""
from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from planbook.view_base import ALL, FilteredView, FilterSpec  # noqa: E402

ROWS = pd.DataFrame({"region": ["甲区", "甲区", "乙县", "乙县"], "indicator": ["产值", "人口", "产值", "绿地"],
                     "value": [10.0, 2.0, 7.0, 1.0]})


class Tiny(FilteredView):
    export_kind = "indicators"

    def __init__(self):
        self.draws = 0
        self.build([
            FilterSpec("region", "地区", options=lambda v: [ALL] + sorted(set(ROWS["region"]))),
            FilterSpec("indicator", "指标", depends_on=("region",),
                       options=lambda v: [ALL] + sorted(set(v.rows_of_region()["indicator"]))),
            FilterSpec("regions", "对比地区", kind="multi", depends_on=("indicator",), value=(),
                       options=lambda v: sorted(set(ROWS.loc[ROWS["indicator"] == v.indicator.value, "region"]))
                       if v.indicator.value != ALL else sorted(set(ROWS["region"]))),
            FilterSpec("wide", "含全部", kind="checkbox", value=False, export_label="范围",
                       checked_text="全部", unchecked_text="部分"),
        ], [("region", "indicator"), ("regions", "wide")], [], "tiny")

    def rows_of_region(self):
        r = self.region.value
        return ROWS if r == ALL else ROWS[ROWS["region"] == r]

    def update(self):
        self.draws += 1
        return self.draws


def test_a_filter_refreshes_its_dependents_keeps_a_choice_and_redraws_once():
    t = Tiny()
    assert list(t.indicator.options) == [ALL, "产值", "人口", "绿地"] and t.regions.value == ("乙县", "甲区")
    t.indicator.value = "产值"
    assert t.draws == 1 and t.regions.value == ("乙县", "甲区")
    t.region.value = "乙县"               # 产值 is still offered for 乙县: kept
    assert t.draws == 2 and list(t.indicator.options) == [ALL, "产值", "绿地"] and t.indicator.value == "产值"
    t.region.value = "甲区"
    t.indicator.value = "人口"
    assert t.regions.value == ("甲区",)
    t.region.value = "乙县"               # 人口 is not: back to 全部
    assert t.indicator.value == ALL and t.draws == 5
    assert t.regions.value == ("乙县", "甲区")   # 乙县 is offered again: it comes in
    t.regions.value = ("甲区",)
    t.indicator.value = "产值"          # 乙县 was taken out: it stays out
    assert t.regions.value == ("甲区",)
    assert t.filter_summary() == {"地区": "乙县", "指标": "产值", "对比地区": "甲区", "范围": "部分"}
    assert "tiny" in t.widget._dom_classes
