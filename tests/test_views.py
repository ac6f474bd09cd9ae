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


def test_grid_sorts_filters_pages_and_shows_the_quote_on_hover():
    from planbook import grid

    quote = "全年实现某项收入1234.5亿元,比上年增长6.7%,其中第三季度增长最快" * 2
    df = pd.DataFrame({"地区": ["甲区", "乙县<b>"], "数值": [1234.5, 8.0], "原文": [quote, "短句"]})
    shown = grid.prepared(df)
    assert shown.loc[0, "原文"].startswith("<span class='pb-hover' title='全年实现")
    assert shown.loc[0, "原文"].endswith("…</span>") and quote[:grid.HOVER_CHARS] in shown.loc[0, "原文"]
    assert shown.loc[1, "地区"] == "乙县&lt;b&gt;" and shown["数值"].tolist() == [1234.5, 8.0]
    opts = grid.options(40)
    assert opts["fixedColumns"] == {"start": 1} and opts["paging"] and opts["column_filters"] == "footer"
    assert opts["columnDefs"][0]["className"] == "dt-left" and opts["connected"] is False
    html = grid.html_table(df)
    assert "fixedColumns" in html and "dt-left" in html


def test_app_runs_notebook_cells_and_names_tabs(tmp_path):
    import nbformat

    from planbook import app

    ns: dict = {}
    app.run_cell("x = 2\ny = x * 21", ns)
    assert ns["y"] == 42
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题"), nbformat.v4.new_code_cell("a = 1"),
                nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("b = a + 1")]
    path = tmp_path / "05_district_comparison.ipynb"
    nbformat.write(nb, path)

    class Out:   # stands in for the Output widget
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    assert app.run_notebook(path, Out()) == 1   # the failing cell is reported, the rest run
    assert app.tab_title(path) == "05 区县对比"


def test_a_successful_build_replaces_the_failure_log(tmp_path):
    from types import SimpleNamespace

    from planbook import build

    P = SimpleNamespace(exports=tmp_path / "exports")
    try:
        raise ValueError("invented failure")
    except ValueError as exc:
        build._log_failure(P, "review", exc)
    log = P.exports / "build.log"
    assert "Traceback" in log.read_text(encoding="utf-8")
    summary = build.BuildSummary(root=tmp_path, steps=[build.StepResult("review", "规划回顾 review", detail="3 行")])
    build._log_success(P, summary)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "invented failure" not in text and "build finished" in text


def test_grid_keeps_a_named_index_as_columns_and_drops_row_numbers():
    from planbook import grid

    facts = pd.DataFrame({"doc_id": ["900", "900", "901"], "region": ["甲区", "甲区", "乙县"],
                          "status": ["actual", "target", "actual"]})
    counts = iv.facts_per_document(facts)         # a crosstab indexed by 文档 and 地区
    shown = grid.prepared(counts)
    assert list(shown.columns[:2]) == ["文档", "地区"] and shown["文档"].tolist() == ["900", "901"]
    assert shown["合计"].tolist() == [2, 1]
    plain = grid.prepared(pd.DataFrame({"地区": ["甲区"]}, index=[7]))
    assert list(plain.columns) == ["地区"]         # no pandas row number shown


def test_a_cell_ending_in_show_displays_the_panel_only():
    b = iv.IndicatorBrowser(_facts().assign(rule="prose.label"))
    assert b.show() is None          # no DataFrame returned: the notebook does not list the rows again
    assert len(b.filtered) == 3      # every (catalogued) row was drawn
