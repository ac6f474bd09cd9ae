"""Notebook views: the catalog-aware search, empty filters, the comparison view's outputs."""
from __future__ import annotations

import pandas as pd

from planbook import ingest_view as iv

RD = "研究与试验发展经费支出占GDP比重"


def _facts() -> pd.DataFrame:
    rows = [
        # invented figures; none of the quotes or raw labels contains the word 研发
        ("900", "甲区", RD, "研究与试验发展经费支出相当于生产总值比例", 2021, 3.1, "rd_share", "甲区全年科技投入强度3.1%"),
        ("901", "乙县", RD, "R&D经费支出占GDP比重", 2022, 2.4, "rd_share", "乙县R&D经费支出占GDP比重2.4%"),
        ("902", "乙县", "地区生产总值", "地区生产总值", 2022, 812.0, "gdp", "乙县生产总值812亿元"),
    ]
    df = pd.DataFrame(rows, columns=["doc_id", "region", "indicator", "indicator_raw", "year", "value",
                                     "indicator_code", "quote"])
    return df.assign(unit="%", measure="level", status="actual")


def test_search_uses_catalog_synonyms():
    assert RD in iv.catalog_names_matching("研发")
    hit = iv.filter_facts(_facts(), search="研发")
    assert sorted(hit["doc_id"]) == ["900", "901"]
    assert list(iv.filter_facts(_facts(), search="812")["doc_id"]) == ["902"]   # quotes still searched
    assert iv.filter_facts(_facts(), search="不存在的词").empty
