"""Real browser: in notebook 01 the analyst confirms one figure (地区生产总值 16106亿元 of report 000) and
corrects another (规上工业增加值 3634 → 3635亿元) with the verification panel's buttons; the build is
run again and both decisions are found in indicators.csv and in the exported Excel workbook.

Runs on the session's throw-away workbook (conftest); the panel writes data/catalog/corrections.csv
there, never in the repository."""
from __future__ import annotations

import time

import openpyxl
import pandas as pd
import pytest

from planbook.notebook_exec import discover_notebooks, prepare_data
from test_lab import JS_ERRORS, NOTEBOOK_DIR, _wait, open_notebook, run_all

pytestmark = pytest.mark.browser


def _ingestion_notebook() -> str:
    for p in discover_notebooks(NOTEBOOK_DIR):
        if "ingestion" in p.name:
            return p.name
    pytest.fail("no ingestion notebook (NN_ingestion.ipynb) in notebooks/")


def _panel(page):
    """The output area holding the verification panel (the one with the 确认 button)."""
    nb = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel = nb.locator(".jp-OutputArea-output").filter(has=page.locator(".planbook-verify-summary"))
    if panel.count() != 1:
        raise AssertionError(f"verification panel found {panel.count()} times; page shows:\n"
                             f"{nb.inner_text()[:1500]}")
    return panel.first


def _choose(panel, label: str, option: str) -> None:
    box = panel.locator(".widget-dropdown").filter(has=panel.page.locator(f"label:text-is('{label}')"))
    box.first.locator("select").select_option(label=option)


def _text_field(panel, label: str):
    box = panel.locator(".widget-text").filter(has=panel.page.locator(f"label:text-is('{label}')"))
    return box.first.locator("input")


def _go_to(panel, figure: str) -> None:
    """Step with 下一条 until the figure shown is ``figure`` (at most 30 steps)."""
    summary = panel.locator(".planbook-verify-summary")
    for _ in range(30):
        if figure in summary.inner_text():
            return
        panel.locator("button", has_text="下一条").first.click()
        time.sleep(0.8)
    raise AssertionError(f"figure {figure} not reached in the panel:\n{panel.inner_text()[:600]}")


def _decide(page, panel, button: str, done_text: str) -> None:
    panel.locator("button", has_text=button).first.click()
    message = panel.locator(".planbook-verify-message")
    _wait(lambda: done_text in message.inner_text(), 90, f"the panel to say {done_text}")
    time.sleep(1.0)


def test_panel_confirms_and_corrects_and_the_build_keeps_both(lab, browser_context, screenshots):
    name = _ingestion_notebook()
    page = browser_context.new_page()
    try:
        open_notebook(page, lab, name)
        run_all(page, lab, name)
        assert page.evaluate(JS_ERRORS) == [], f"{name}: error output before using the panel"
        panel = _panel(page)
        panel.scroll_into_view_if_needed()
        _choose(panel, "文档", "000")
        time.sleep(1.0)
        _choose(panel, "指标", "地区生产总值")
        time.sleep(1.5)
        _go_to(panel, "16106亿元")
        _decide(page, panel, "确认", "已确认:地区生产总值 2020年 16106亿元")

        _choose(panel, "指标", "规模以上工业增加值")
        time.sleep(1.5)
        _go_to(panel, "3634亿元")
        field = _text_field(panel, "数值")
        field.fill("3635")
        field.press("Tab")
        time.sleep(0.5)
        _decide(page, panel, "更正", "已更正:规模以上工业增加值 2020年")
        assert "已核对 2 / " in panel.inner_text()
        panel.screenshot(path=str(screenshots / "01_verification_panel.png"))
        assert page.evaluate(JS_ERRORS) == [], f"{name}: error output after the decisions"
    finally:
        page.close()

    corrections = pd.read_csv(lab.home / "data" / "catalog" / "corrections.csv", dtype=str, keep_default_na=False)
    assert corrections["action"].tolist() == ["confirm", "fix"]
    proc = prepare_data(lab.home)   # planbook build --skip-notebooks
    assert proc.returncode == 0, proc.stderr[-500:]
    ind = pd.read_csv(lab.home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    c = ind[(ind["doc_id"] == "000") & (ind["year"] == "2020") & (ind["measure"] == "level")]
    gdp = c[(c["indicator"] == "地区生产总值") & (c["value"] == "16106.0")]
    assert gdp["verified"].tolist() == ["confirmed"]
    va = c[c["indicator"] == "规模以上工业增加值"]
    assert va[["value", "value_extracted", "verified"]].values.tolist() == [["3635.0", "3634.0", "corrected"]]

    wb = openpyxl.load_workbook(lab.home / "exports" / "规划指标分析汇总.xlsx")
    ws = wb["指标数据"]
    hdr = next(r for r in range(1, 8) if ws.cell(row=r, column=1).value == "文件编号")
    cols = {ws.cell(row=hdr, column=j).value: j for j in range(1, ws.max_column + 1)}
    found = {}
    for r in range(hdr + 1, ws.max_row + 1):
        if ws.cell(row=r, column=cols["文件编号"]).value == "000":
            v = ws.cell(row=r, column=cols["数值"]).value
            if v in (16106, 3635):
                found[v] = ws.cell(row=r, column=cols["核对"]).value
    assert found == {16106: "已确认", 3635: "已更正"}
