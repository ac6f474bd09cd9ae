"""Real browser: what issue 16 asked of the workbook, as an analyst uses it.

* notebook 01: searching 研发 finds every R&D-intensity figure; the 导出Excel message is a link that
  downloads the workbook file;
* notebook 03: switching from 地区生产总值 (level and growth scatter) to an indicator without pairs
  leaves no stale scatter;
* notebook 04: after a slider move the scenario is called 自定义 and its export says so;
* ``make app`` (Voilà) serves the four notebooks as four tabs, each showing its key result, with no
  request leaving the machine (the icon font included).
Screenshots go to exports/screenshots/ (README images in docs/screenshots/ are made from them)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import openpyxl
import pandas as pd
import pytest

from conftest import ROOT, _stop_process_tree, free_port
from test_lab import JS_ERRORS, NOTEBOOKS, _find_growth_slider, _readout, _wait, open_notebook, run_all

pytestmark = pytest.mark.browser

RD = "研究与试验发展经费支出占GDP比重"


def _notebook(part: str) -> str:
    return next(n for n in NOTEBOOKS if part in n)


@contextmanager
def _ran(browser_context, lab, part: str):
    """A page with the notebook whose name holds ``part`` opened and run; closed afterwards."""
    name = _notebook(part)
    page = browser_context.new_page()
    try:
        open_notebook(page, lab, name)
        run_all(page, lab, name)
        yield page
    finally:
        page.close()


def _view(page, cls: str):
    view = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .{cls}")
    _wait(lambda: view.count() >= 1, 60, f"the widget .{cls}")
    return view.first


def _dropdown(view, label: str):
    return view.locator(".widget-dropdown").filter(has=view.page.locator(f"label:text-is('{label}')")).first.locator("select")


def test_search_finds_every_rd_figure_and_the_export_link_downloads(lab, browser_context, screenshots, tmp_path):
    with _ran(browser_context, lab, "ingestion") as page:
        assert page.evaluate(JS_ERRORS) == []
        browser = _view(page, "planbook-indicator-browser")
        browser.scroll_into_view_if_needed()
        search = browser.locator(".widget-text").filter(has=page.locator("label:text-is('搜索')")).first.locator("input")
        search.fill("研发")
        search.press("Enter")
        facts = pd.read_csv(lab.home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
        want = int(((facts["indicator"] == RD) & (facts["indicator_code"] != "")).sum())
        assert want >= 9

        def rd_rows():   # rows of the grid (one page of 15) whose 指标 cell is the indicator
            return browser.evaluate("""(el, name) => [...el.querySelectorAll('table.dataTable tbody tr')]
                .filter(tr => [...tr.querySelectorAll('td')].some(td => td.textContent.trim() === name)).length""", RD)

        _wait(lambda: rd_rows() == want, 60, f"{want} rows of {RD} in the grid after searching 研发")
        browser.screenshot(path=str(screenshots / "01_search_rd.png"))

        browser.locator("button", has_text="导出Excel").first.click()
        link = browser.locator("a.pb-download")
        _wait(lambda: link.count() == 1, 60, "the export link")
        assert "研发" in link.inner_text()   # the file name carries the filter
        with page.expect_download(timeout=30_000) as info:
            link.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        ws = openpyxl.load_workbook(target)["指标数据"]
        cells = [c.value for row in ws.iter_rows() for c in row]
        assert cells.count(RD) == want and "筛选条件:搜索:研发;范围:指标目录中的指标" in cells


def test_comparison_leaves_no_stale_scatter(lab, browser_context, screenshots):
    with _ran(browser_context, lab, "comparison") as page:
        view = _view(page, "planbook-comparison")
        scatter = view.locator(".planbook-scatter img")
        _wait(lambda: scatter.count() == 1, 60, "the GDP level-growth scatter")
        _dropdown(view, "指标").select_option(label=RD)
        _wait(lambda: "单位:%" in view.inner_text(), 60, "the R&D comparison (unit %)")
        time.sleep(3)
        assert scatter.count() == 0, "the GDP scatter is still shown under R&D intensity"
        assert _dropdown(view, "年份").input_value() == "2020"   # the year kept
        view.screenshot(path=str(screenshots / "03_comparison_rd.png"))
        assert page.evaluate(JS_ERRORS) == []


def test_scenario_turns_custom_after_a_slider_move_and_the_export_says_so(lab, browser_context, screenshots):
    with _ran(browser_context, lab, "scenario") as page:
        view = _view(page, "planbook-scenario")
        scenario = _dropdown(view, "情景")
        assert scenario.input_value() == "基准", view.inner_text()[:1500]
        slider, _ = _find_growth_slider(page)
        slider.scroll_into_view_if_needed()
        before = _readout(slider)
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
            time.sleep(0.2)
        assert _readout(slider) != before
        _wait(lambda: scenario.input_value() == "自定义", 30, "the scenario name to turn 自定义")
        view.locator("button", has_text="导出Excel").first.click()
        link = view.locator("a.pb-download")
        _wait(lambda: link.count() == 1, 60, "the export link")
        assert "自定义" in link.inner_text()
        view.screenshot(path=str(screenshots / "04_scenario_custom.png"))


@pytest.fixture(scope="module")
def app_server(workbook, tmp_path_factory):
    """``make app``'s command (Voilà on the app notebook) for the throw-away workbook."""
    shutil.copytree(ROOT / "app", workbook / "app", dirs_exist_ok=True)
    base = tmp_path_factory.mktemp("voila")
    port = free_port()
    env = dict(os.environ, PLANBOOK_HOME=str(workbook), PLANBOOK_FILES_URL="/voila/files/",
               JUPYTER_RUNTIME_DIR=str(base / "runtime"), JUPYTER_DATA_DIR=str(base / "data"),
               JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_PLATFORM_DIRS="1",
               JUPYTER_PATH=str(workbook / "app" / "jupyter"))
    env.pop("MPLBACKEND", None)
    cmd = [sys.executable, "-m", "voila", "app/planbook_app.ipynb", "--template=planbook",
           "--Voila.root_dir=.", f"--port={port}",
           "--no-browser", "--Voila.ip=127.0.0.1", "--VoilaConfiguration.file_allowlist=['exports/.*[.]xlsx']"]
    log = base / "voila.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=workbook, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        def up():   # the port answers (a page request would start a kernel)
            if proc.poll() is not None:
                raise AssertionError(f"voila exited: {log.read_text()[-800:]}")
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        _wait(up, 90, "Voilà to start")
        yield url
    finally:
        _stop_process_tree(proc)


# what each tab shows first once its notebook has run (a selector that only matches a rendered result)
APP_KEY_RESULTS = [
    (".planbook-indicator-browser table.dataTable tbody tr", "tab 1's indicator grid"),
    (".planbook-review table.dataTable tbody tr", "tab 2's review grid"),
    (".planbook-comparison .planbook-bar img", "tab 3's comparison bar chart"),
    (".planbook-scenario img", "tab 4's scenario chart"),
]

JS_ICON_FONT = """() => [...document.fonts].filter(f => f.family.includes('Font Awesome') && f.status === 'loaded').length"""


def test_app_serves_the_four_notebooks_as_tabs(app_server, browser_context, screenshots):
    page = browser_context.new_page()
    outside = []   # requests that leave the machine (a CDN): the app must work offline
    page.on("request", lambda r: outside.append(r.url)
            if r.url.split(":", 1)[0] in ("http", "https") and not r.url.startswith(app_server) else None)
    try:
        page.goto(app_server, wait_until="commit", timeout=300_000)   # Voilà streams the page as it runs
        tabs = page.locator(".planbook-app-tabs .lm-TabBar-tab, .planbook-app-tabs .p-TabBar-tab")
        _wait(lambda: tabs.count() == 5, 240, "the intro tab and the four notebook tabs")
        titles = [tabs.nth(i).inner_text().strip() for i in range(5)]
        assert titles == ["使用说明", "01 报告入库", "02 规划目标完成情况", "03 区县对比", "04 情景预测"], titles
        assert "import " not in page.inner_text("body")    # no code shown
        for i, (selector, what) in enumerate(APP_KEY_RESULTS):
            started = time.monotonic()
            tabs.nth(i + 1).click()
            _wait(lambda: page.locator(selector).count() >= 1, 240, what)
            print(f"tab {i + 1}: key result after {time.monotonic() - started:.1f} s")
            time.sleep(1)
            page.screenshot(path=str(screenshots / f"app_{i + 1:02d}.png"))
            assert not re.search(r"第\d+格出错", page.locator(".planbook-app-tabs").inner_text()), f"a failed cell in tab {i + 1}"
        assert page.locator(".fa-file-excel-o").count() >= 1
        _wait(lambda: page.evaluate(JS_ICON_FONT) >= 1, 30, "the icon font, served by the app")
        assert outside == [], f"requests left the machine: {outside[:5]}"
    finally:
        page.close()
