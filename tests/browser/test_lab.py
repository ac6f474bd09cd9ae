"""Real browser: every notebook opened in JupyterLab, run with Run All, no error output; the scenario
growth slider changes the result. Screenshots go to exports/screenshots/ (ignored by git).

Traps handled: a fresh server may show a kernel-selection dialog or run "Run All" before the
kernel is connected (nothing happens) — the test accepts the dialog and waits until the session's
kernel is idle and the notebook's kernel status is idle before running; JupyterLab autosaves, so it
runs on a copy; JupyterLab as root needs --allow-root (conftest).
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from planbook.notebook_exec import discover_notebooks

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# only for developing the harness on other notebooks; CI always uses the repo's notebooks/
NOTEBOOK_DIR = Path(os.environ.get("PLANBOOK_TEST_NOTEBOOKS", ROOT / "notebooks"))
NOTEBOOKS = [p.name for p in discover_notebooks(NOTEBOOK_DIR)]
RUN_TIMEOUT = 300  # seconds per notebook

# JS: state of the notebook in the current (visible) panel
JS_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim());
  const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const kernelName = panel.querySelector('.jp-KernelName, [data-jp-item-name="kernelName"]');
  return {
    prompts,
    status: ind ? ind.getAttribute('data-status') : null,
    kernel: kernelName ? kernelName.textContent.trim() : null,
    cells: panel.querySelectorAll('.jp-Cell').length,
  };
}"""

JS_ERRORS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const found = [];
  const cellOf = (el) => {
    const cell = el.closest('.jp-Cell');
    if (!cell) return '?';
    return [...panel.querySelectorAll('.jp-Cell')].indexOf(cell) + 1;
  };
  for (const el of panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
    const t = el.innerText || el.textContent || '';
    if (/Traceback|Error|Exception|missing from (current )?font/.test(t)) {
      const lines = t.trim().split('\\n');
      const line = lines.find(l => /missing from (current )?font/.test(l)) || lines[lines.length - 1];
      found.push(`cell ${cellOf(el)}: ${line.trim().slice(0, 200)}`);
    }
  }
  for (const el of panel.querySelectorAll('.jp-OutputArea-output .jp-RenderedText')) {
    const t = el.innerText || el.textContent || '';
    if (/Traceback \\(most recent call last\\)|^\\w*Error: /m.test(t) && !found.some(f => f.includes(t.trim().slice(-40))))
      found.push(`cell ${cellOf(el)}: ${t.trim().split('\\n').slice(-1)[0].slice(0, 200)}`);
  }
  const text = panel.innerText || '';
  for (const bad of ['Error displaying widget', 'Error rendering', 'Model not found']) {
    if (text.includes(bad)) found.push(`widget: "${bad}" shown`);
  }
  return found;
}"""

# JS: widget views in the notebook model vs widget views rendered (a missing widget manager shows
# them as plain text like "VBox(children=...)")
JS_WIDGETS = """() => {
  const app = window.jupyterapp;
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  let inModel = null;
  if (app && app.shell.currentWidget && app.shell.currentWidget.context) {
    const nb = app.shell.currentWidget.context.model.toJSON();
    inModel = 0;
    for (const cell of nb.cells || [])
      for (const out of cell.outputs || [])
        if (out.data && out.data['application/vnd.jupyter.widget-view+json']) inModel += 1;
  }
  const rendered = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(
    el => el.matches('.jupyter-widgets, .widget-container') || el.querySelector('.jupyter-widgets, .widget-container')).length;
  const mimes = [...panel.querySelectorAll('.jp-OutputArea-output')].map(
    el => (el.getAttribute('data-mime-type') || '?') + ':' + el.className).slice(0, 12);
  return {inModel, rendered, mimes};
}"""

# JS: what the analyst sees change (widget outputs, HTML widgets, images), without slider readouts
JS_SNAPSHOT = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const parts = [];
  for (const el of panel.querySelectorAll('.widget-output, .widget-html, .widget-htmlmath, .jp-OutputArea-output'))
    if (!el.closest('.widget-slider')) parts.push(el.innerText || '');
  for (const img of panel.querySelectorAll('img')) {
    const s = img.getAttribute('src') || '';
    parts.push('img:' + s.length + ':' + s.slice(-64));
  }
  return parts.join('\\n');
}"""


def _wait(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def _accept_kernel_dialog(page) -> bool:
    """A kernel-selection dialog (fresh server, unknown kernel): pick the default and accept."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        text = dialog.first.inner_text()
        button = dialog.locator(".jp-Dialog-button.jp-mod-accept")
        if button.count():
            button.first.click()
            return True
        raise AssertionError(f"unexpected dialog: {text[:200]}")
    return False


def _kernel_idle(lab, name: str) -> bool:
    session = lab.session_for(name)
    return bool(session and session.get("kernel") and session["kernel"].get("execution_state") == "idle")


def open_notebook(page, lab, name: str):
    page.goto(f"{lab.url}/lab/tree/notebooks/{name}?reset&token={lab.token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=90_000)
    # more room for the notebook: close the left sidebar
    page.evaluate("() => window.jupyterapp && window.jupyterapp.shell.collapseLeft()")

    def ready():
        _accept_kernel_dialog(page)
        state = page.evaluate(JS_STATE)
        return _kernel_idle(lab, name) and state and state["status"] == "idle"

    _wait(ready, 120, f"the kernel of {name} to be started and idle")
    # the session's kernel must be the venv's python3
    session = lab.session_for(name)
    assert session["kernel"]["name"] == "python3", session["kernel"]
    time.sleep(1.0)  # let the kernel connection settle (comm targets for widgets)


def run_all(page, lab, name: str) -> list[str]:
    """Run All Cells and wait until the kernel is idle with nothing queued; returns the prompts."""
    before = page.evaluate(JS_STATE)
    n_code = len(before["prompts"])
    assert n_code > 0, f"{name}: no code cells"
    def issue_run_all():
        if page.evaluate("() => !!window.jupyterapp"):
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        else:  # menu: Run → Run All Cells
            page.get_by_role("menuitem", name=re.compile("^Run$")).click()
            page.get_by_text("Run All Cells", exact=True).click()

    issue_run_all()

    stalled_since = [None]

    def done():
        _accept_kernel_dialog(page)
        state = page.evaluate(JS_STATE)
        prompts = state["prompts"]
        idle = state["status"] == "idle" and _kernel_idle(lab, name)
        if idle and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
            return True
        # stopped: idle with nothing queued but cells not run (an error stops Run All, or
        # Run All did nothing because the kernel was not connected)
        if idle and not any("*" in p for p in prompts):
            stalled_since[0] = stalled_since[0] or time.monotonic()
            return time.monotonic() - stalled_since[0] > 10
        stalled_since[0] = None
        return False

    _wait(done, RUN_TIMEOUT, f"all cells of {name} to finish")
    prompts = page.evaluate(JS_STATE)["prompts"]
    if not any(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
        # Run All did nothing (kernel not really connected yet): once more, after a pause
        time.sleep(3)
        stalled_since[0] = None
        issue_run_all()
        _wait(done, RUN_TIMEOUT, f"all cells of {name} to finish (second Run All)")
    # widgets render asynchronously after the outputs arrive
    _wait(lambda: "Loading widget" not in page.evaluate(
        "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)').innerText"),
        60, "widgets to render")
    time.sleep(1.0)
    return page.evaluate(JS_STATE)["prompts"]


def screenshot(page, path, extra=()) -> None:
    """The whole notebook in one picture: grow the viewport to the notebook's height.
    ``extra``: (locator, path) pairs shot as elements while the viewport is large."""
    height = page.evaluate("""() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      const scroller = panel.querySelector('.jp-WindowedPanel-outer') || panel.querySelector('.jp-Notebook');
      scroller.scrollTop = 0;
      const cells = panel.querySelectorAll('.jp-Cell');
      const last = cells[cells.length - 1];
      const top = scroller.getBoundingClientRect().top;
      const bottom = last ? last.getBoundingClientRect().bottom : top + scroller.scrollHeight;
      return Math.ceil(bottom + 60);
    }""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12000))})
    time.sleep(0.8)
    try:
        page.screenshot(path=str(path))
        for locator, extra_path in extra:
            locator.screenshot(path=str(extra_path))
    finally:
        page.set_viewport_size(size)


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks NN_name.ipynb in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_all_cells_in_jupyterlab(name, lab, browser_context, screenshots):
    page = browser_context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        open_notebook(page, lab, name)
        prompts = run_all(page, lab, name)
        errors = page.evaluate(JS_ERRORS)
        screenshot(page, screenshots / f"{name.removesuffix('.ipynb')}.png")
        assert not errors, f"{name}: error output in JupyterLab:\n" + "\n".join(errors)
        not_run = [i + 1 for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
        assert not not_run, f"{name}: code cells not run by Run All: {not_run} (prompts {prompts})"
        widgets = page.evaluate(JS_WIDGETS)
        if widgets["inModel"]:
            assert widgets["rendered"] >= 1, f"{name}: widgets not rendered ({widgets})"
        widget_errors = [e for e in js_errors if "widget" in e.lower()]
        assert not widget_errors, f"{name}: widget errors in the page: {widget_errors}"
    finally:
        page.close()


def _scenario_notebook() -> str:
    for name in NOTEBOOKS:
        if "scenario" in name:
            return name
    pytest.fail("no scenario notebook (NN_scenario_projection.ipynb) in notebooks/")


def _find_growth_slider(page):
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    sliders = panel.locator(".widget-slider, .jupyter-widgets.widget-slider")
    count = sliders.count()
    assert count, "no slider widget in the scenario notebook"
    for i in range(count):
        label = sliders.nth(i).locator(".widget-label").first
        text = label.inner_text() if label.count() else ""
        if "增速" in text or "增长" in text:
            return sliders.nth(i), text
    return sliders.first, "(first slider)"


def _readout(slider) -> str:
    r = slider.locator(".widget-readout")
    return r.first.inner_text().strip() if r.count() else ""


def test_scenario_growth_slider_changes_result(lab, browser_context, screenshots):
    name = _scenario_notebook()
    page = browser_context.new_page()
    try:
        open_notebook(page, lab, name)
        prompts = run_all(page, lab, name)
        assert page.evaluate(JS_ERRORS) == [], f"{name}: error output before moving the slider"
        assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"{name}: cells not run: {prompts}"
        slider, label = _find_growth_slider(page)
        slider.scroll_into_view_if_needed()
        before_value, before = _readout(slider), page.evaluate(JS_SNAPSHOT)
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
            time.sleep(0.2)
        if _readout(slider) == before_value:  # keyboard ignored: drag the handle
            box = handle.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2, steps=8)
            page.mouse.up()
        after_value = _readout(slider)
        assert after_value != before_value, f"slider {label} did not move ({before_value})"

        def changed():
            return _kernel_idle(lab, name) and page.evaluate(JS_SNAPSHOT) != before

        _wait(changed, 60, f"the result to change after moving {label} {before_value} → {after_value}")
        time.sleep(1.0)
        errors = page.evaluate(JS_ERRORS)
        stem = name.removesuffix(".ipynb")
        panel = slider.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea')][last()]")
        screenshot(page, screenshots / f"{stem}_slider.png",
                   extra=[(panel.first, screenshots / f"{stem}_panel.png")])
        assert not errors, f"{name} after moving the slider:\n" + "\n".join(errors)
    finally:
        page.close()
