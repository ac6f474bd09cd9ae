"""The workbook notebooks: committed clean, and executing headless without any error.

Each notebook runs with nbclient on a throw-away copy of the workbook (PLANBOOK_HOME points at it,
so the repo is untouched). A run fails on:
* an error output in any cell, or a traceback on stderr;
* a "Glyph ... missing from font" warning (Chinese drawn with a non-CJK font);
* an error inside a widget callback: such errors are swallowed by ipywidgets.Output and never fail
  nbclient, so the test reads the stored widget state, and also moves every slider/dropdown once
  (each in its own cell) and checks the cell and the widget outputs after each move.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from planbook.notebook_exec import (
    committed_problems,
    discover_notebooks,
    execute_notebook,
    make_workbook_copy,
    prepare_data,
)

ROOT = Path(__file__).resolve().parents[1]
# only for developing this harness on other notebooks; CI always uses the repo's notebooks/
NOTEBOOK_DIR = Path(os.environ.get("PLANBOOK_TEST_NOTEBOOKS", ROOT / "notebooks"))
NOTEBOOKS = discover_notebooks(NOTEBOOK_DIR)
IDS = [p.stem for p in NOTEBOOKS]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_notebooks_in_reading_order():
    assert NOTEBOOKS, "no notebooks/NN_name.ipynb found"
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"
    assert NOTEBOOKS[0].name.startswith("01_"), NOTEBOOKS[0].name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert committed_problems(nb, path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_starts_with_chinese_introduction(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown", f"{path.name}: first cell must be the Chinese introduction"
    assert len(CJK.findall(first.source)) >= 20, f"{path.name}: introduction too short: {first.source[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_imports_planbook_without_path_tricks(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import planbook" in code or "from planbook" in code, f"{path.name}: does not use planbook"
    assert "sys.path" not in code, f"{path.name}: sys.path manipulation"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """A copy of the workbook with processed tables built (`planbook build --skip-notebooks`)."""
    home = make_workbook_copy(tmp_path_factory.mktemp("workbook"), ROOT, NOTEBOOK_DIR)
    proc = prepare_data(home)
    if proc.returncode != 0:
        pytest.fail(f"planbook build --skip-notebooks failed ({proc.returncode}): "
                    f"{proc.stderr.strip()[-500:]}")
    return home


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_executes_without_errors(path, workbook):
    copy = workbook / "notebooks" / path.name
    original = path.read_bytes()
    run = execute_notebook(copy, cwd=copy.parent, env={"PLANBOOK_HOME": str(workbook)},
                           exercise_widgets=True, timeout=600)
    assert path.read_bytes() == original, "the committed notebook was modified"
    problems = "\n".join(str(p) for p in run.problems)
    assert not run.problems, f"\n{problems}"
    # every code cell ran
    counts = [c.execution_count for c in run.executed.cells if c.cell_type == "code" and c.source.strip()]
    assert all(isinstance(n, int) for n in counts), f"cells not executed: {counts}"
    code = "\n".join(c.source for c in run.executed.cells if c.cell_type == "code")
    if re.search(r"\bplt\.|\bfig\b|plot|chart_|_chart", code):
        # charts must reach the output (e.g. not dropped by plt.show() in a widget callback)
        assert run.images >= 1, f"{path.name} draws charts but shows no image"
    if "ipywidgets" in code or "widgets." in code:
        assert run.executed.metadata.get("widgets"), f"{path.name}: no widget state stored"


# --- the harness itself: it must see each kind of failure (synthetic notebooks) ---------------

_HARNESS_CELLS = [
    "import ipywidgets as widgets\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
    "from IPython.display import display",
    # an error inside a widget callback: swallowed by the Output widget, never fails nbclient
    "s = widgets.IntSlider(value=1, min=0, max=5, description='增速')\nout = widgets.Output()\n"
    "def cb(change=None):\n    with out:\n        out.clear_output(wait=True)\n"
    "        if s.value > 1:\n            raise KeyError('callback failed')\n        print('ok', s.value)\n"
    "s.observe(cb, names='value')\ncb()\ndisplay(s, out)",
    # Chinese drawn with a font that has no CJK glyphs
    "matplotlib.rcParams['font.sans-serif'] = ['DejaVu Sans']\nfig, ax = plt.subplots()\n"
    "ax.set_title('增长')\ndisplay(fig)\nplt.close(fig)",
    "1 / 0",
]


def test_harness_reports_cell_errors_glyphs_and_widget_callback_errors(tmp_path):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell("# 测试")] + [new_code_cell(c) for c in _HARNESS_CELLS])
    path = tmp_path / "99_harness.ipynb"
    nbformat.write(nb, str(path))
    plain = execute_notebook(path)
    messages = [str(p) for p in plain.problems]
    assert any("cell 5" in m and "ZeroDivisionError" in m for m in messages), messages
    assert any("cell 4" in m and "missing CJK glyph" in m for m in messages), messages
    assert not any("callback failed" in m for m in messages), "callback not triggered yet"
    assert plain.images == 1
    moved = execute_notebook(path, exercise_widgets=True)
    widget = [str(p) for p in moved.problems if "callback failed" in str(p)]
    assert moved.widgets_moved == 1
    assert widget and "after moving IntSlider('增速')" in widget[0], [str(p) for p in moved.problems]
    # the executed copy is not the committed file
    assert committed_problems(nbformat.read(path, as_version=4), path.name) == []
    assert committed_problems(moved.executed, path.name)
