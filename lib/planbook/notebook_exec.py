"""Headless execution of the workbook notebooks (used by ``planbook build`` and the tests).

Notebooks run with nbclient on the ``python3`` kernel of the interpreter running this code (the
project's venv): the kernel spec is looked up only in this interpreter's ``share/jupyter/kernels``
(falling back to ipykernel's built-in spec for ``sys.executable``), so a user-level kernel spec of
another Python can never be picked up by accident.

Problems found in an executed notebook (``find_problems``):

* error outputs of any cell, and stderr streams holding a Python traceback;
* matplotlib's "Glyph ... missing from font" warnings (Chinese text drawn with a non-CJK font);
* the same two in the outputs of ``ipywidgets.Output`` widgets, read from the stored widget
  state: an exception inside a widget callback is swallowed by the Output widget and never fails
  nbclient, it only lands there.

``execute_notebook(..., exercise_widgets=True)`` additionally moves every slider/dropdown/checkbox
once, each in its own extra cell of the same kernel, and checks the cell and the widget outputs
after each move; this is what makes callback errors visible headlessly (the tests use it).
"""
from __future__ import annotations

import copy
import functools
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import nbformat

NOTEBOOK_PATTERN = re.compile(r"^\d\d_.+\.ipynb$")
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
GLYPH_RE = re.compile(r"Glyph .{0,80}missing from (?:current )?font", re.S)


@dataclass
class Problem:
    notebook: str
    where: str  # "cell 3", "widget output (cell 5)", "after moving IntSlider('增速')"
    message: str

    def __str__(self) -> str:
        return f"{self.notebook}: {self.where}: {self.message}"


@dataclass
class NotebookRun:
    source: Path
    executed: nbformat.NotebookNode
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    images: int = 0
    widgets_moved: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def discover_notebooks(directory: Path | str | None = None) -> list[Path]:
    """The workbook notebooks ``NN_name.ipynb`` in reading order."""
    if directory is None:
        from planbook.paths import project_paths

        directory = project_paths().notebooks
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if NOTEBOOK_PATTERN.match(p.name))


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the kernel: ours, minus variables that break the notebook display."""
    env = dict(os.environ)
    # An inherited MPLBACKEND would replace the inline backend in the kernel; notebooks must not
    # depend on it either way (they display figures explicitly), the tests set it to Agg on purpose.
    env.pop("MPLBACKEND", None)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    if extra:
        env.update(extra)
    return env


def _kernel_manager():
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = Path(sys.prefix) / "share" / "jupyter" / "kernels"
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=True)
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ksm)


@functools.lru_cache(maxsize=1)
def _output_widget_class():
    from nbclient.output_widget import OutputWidget

    class OutputWidgetNoSync(OutputWidget):
        """nbclient's Output-widget mimic without sending the outputs back to the kernel.

        nbclient 0.11 sends every captured output back to the kernel on the shell channel while it
        waits for the execute reply on the same channel; with a large output (a styled table of a
        few hundred rows) the reply is never seen and the cell hangs until the timeout. The
        outputs are still recorded in the widget state, which is all we need."""

        def sync_state(self) -> None:
            return None

    return OutputWidgetNoSync


def _OutputWidgetNoSync(*args, **kwargs):  # noqa: N802 - used where nbclient expects a class
    return _output_widget_class()(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# scanning outputs


def _text_of(output: dict) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        return "".join(text) if isinstance(text, list) else str(text)
    if output.get("output_type") == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data") or {}
    text = data.get("text/plain", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _output_problems(output: dict) -> list[str]:
    kind = output.get("output_type")
    found: list[str] = []
    if kind == "error":
        evalue = str(output.get("evalue", "")).strip().splitlines()
        found.append(f"{output.get('ename', 'Error')}: {evalue[0] if evalue else ''}".strip())
    elif kind == "stream" and output.get("name") == "stderr":
        text = _text_of(output)
        if "Traceback (most recent call last)" in text:
            last = [ln for ln in text.strip().splitlines() if ln.strip()][-1]
            found.append(f"traceback on stderr: {last.strip()[:200]}")
        for m in GLYPH_RE.finditer(text):
            found.append("missing CJK glyph: " + " ".join(m.group(0).split())[:160])
    return found


def _widget_states(nb_or_state) -> dict[str, dict]:
    """model_id -> state from a notebook's metadata or an nbclient ``widget_state`` dict."""
    if isinstance(nb_or_state, dict) and "cells" not in nb_or_state:
        return {k: v for k, v in nb_or_state.items() if isinstance(v, dict)}
    widgets = (nb_or_state.get("metadata") or {}).get("widgets") or {}
    state = (widgets.get(WIDGET_STATE_MIME) or {}).get("state") or {}
    return {k: (v.get("state") or {}) for k, v in state.items() if isinstance(v, dict)}


def iter_widget_outputs(nb_or_state) -> Iterator[tuple[str, dict]]:
    """(model_id, output) for every output held by an Output widget."""
    for model_id, state in _widget_states(nb_or_state).items():
        for out in state.get("outputs") or []:
            if isinstance(out, dict):
                yield model_id, out


def widget_problems(nb_or_state, notebook: str, where: str = "widget output") -> list[Problem]:
    problems = []
    for model_id, out in iter_widget_outputs(nb_or_state):
        for msg in _output_problems(out):
            problems.append(Problem(notebook, f"{where} (Output widget {model_id[:8]})", msg))
    return problems


def find_problems(nb: nbformat.NotebookNode, notebook: str) -> list[Problem]:
    """Error outputs, tracebacks and missing-glyph warnings in cells and widget outputs."""
    problems: list[Problem] = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            for msg in _output_problems(out):
                problems.append(Problem(notebook, f"cell {index}", msg))
    problems.extend(widget_problems(nb, notebook))
    return _dedupe(problems)


def count_images(nb: nbformat.NotebookNode) -> int:
    """Images shown by the notebook: image outputs in cells and inside Output widgets, and
    ``ipywidgets.Image`` widgets holding a picture."""
    outs = [o for c in nb.cells if c.get("cell_type") == "code" for o in c.get("outputs", [])]
    outs += [o for _, o in iter_widget_outputs(nb)]
    n = sum(1 for o in outs if {"image/png", "image/svg+xml"} & set((o.get("data") or {}).keys()))
    widgets = (nb.get("metadata") or {}).get("widgets") or {}
    for model in ((widgets.get(WIDGET_STATE_MIME) or {}).get("state") or {}).values():
        state = model.get("state") or {}
        if state.get("_model_name") == "ImageModel" and (model.get("buffers") or state.get("value")):
            n += 1
    return n


def committed_problems(nb: nbformat.NotebookNode, notebook: str) -> list[str]:
    """A committed notebook must carry no outputs and no execution counts."""
    bad = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            bad.append(f"{notebook}: cell {index} has {len(cell['outputs'])} stored output(s)")
        if cell.get("execution_count") is not None:
            bad.append(f"{notebook}: cell {index} has execution_count {cell['execution_count']}")
    if (nb.get("metadata") or {}).get("widgets"):
        bad.append(f"{notebook}: stored widget state in metadata.widgets")
    return bad


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# ---------------------------------------------------------------------------------------------
# widget exercise (run inside the kernel after the notebook)

_EXERCISE_SETUP = r'''
def _pb_exercise_setup():
    import ipywidgets as w
    from ipywidgets.widgets import widget as wm
    instances = getattr(wm, "_instances", None)
    if instances is None:
        instances = w.Widget.widgets
    kinds = (w.IntSlider, w.FloatSlider, w.FloatLogSlider, w.SelectionSlider, w.IntRangeSlider,
             w.FloatRangeSlider, w.Dropdown, w.RadioButtons, w.ToggleButtons, w.Select,
             w.Checkbox, w.BoundedIntText, w.BoundedFloatText)
    return [x for x in list(instances.values()) if isinstance(x, kinds) and not x.disabled]

def _pb_move(k):
    import ipywidgets as w
    x = _pb_widgets[k]
    label = f"{type(x).__name__}({getattr(x, 'description', '')!r})"
    old = x.value
    print(f"moving {label}: {old!r}", flush=True)
    if isinstance(x, w.Checkbox):
        x.value = not old
    elif hasattr(x, "options") and hasattr(x, "index") and not isinstance(x.index, tuple):
        if len(x.options) < 2 or x.index is None:
            print(f"{label}: fewer than two options, not moved")
            return
        x.index = (x.index + 1) % len(x.options)
    elif isinstance(x, (w.IntRangeSlider, w.FloatRangeSlider)):
        lo, hi = old
        x.value = (lo + x.step, hi) if lo + x.step <= hi else (lo, min(hi + x.step, x.max))
    elif isinstance(x, w.FloatLogSlider):
        new = x.value * x.base ** x.step
        x.value = new if new <= x.base ** x.max else x.value / x.base ** x.step
    else:
        step = x.step or 1
        x.value = old + step if old + step <= x.max else old - step
    print(f"moved to {x.value!r}")

_pb_widgets = _pb_exercise_setup()
print(len(_pb_widgets))
'''


def _exercise_widgets(client, nb, name: str, problems: list[Problem]) -> int:
    """Move each interactive widget once, each in its own cell; returns how many were moved."""
    from nbformat.v4 import new_code_cell

    setup = new_code_cell(_EXERCISE_SETUP)
    nb.cells.append(setup)
    client.execute_cell(setup, len(nb.cells) - 1, store_history=False)
    for msg in (m for o in setup.outputs for m in _output_problems(o)):
        problems.append(Problem(name, "widget exercise setup", msg))
    count_text = "".join(_text_of(o) for o in setup.outputs if o.get("output_type") == "stream")
    try:
        count = int(count_text.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0
    for k in range(count):
        cell = new_code_cell(f"_pb_move({k})")
        nb.cells.append(cell)
        client.execute_cell(cell, len(nb.cells) - 1, store_history=False)
        text = "".join(_text_of(o) for o in cell.outputs if o.get("output_type") == "stream")
        m = re.search(r"moving (.+?): ", text)
        label = m.group(1) if m else f"widget #{k}"
        where = f"after moving {label}"
        for out in cell.outputs:
            for msg in _output_problems(out):
                problems.append(Problem(name, where, msg))
        problems.extend(widget_problems(client.widget_state, name, where))
    return count


# ---------------------------------------------------------------------------------------------


def execute_notebook(
    path: Path | str,
    out_path: Path | str | None = None,
    *,
    cwd: Path | str | None = None,
    timeout: int = 600,
    env: dict[str, str] | None = None,
    exercise_widgets: bool = False,
) -> NotebookRun:
    """Execute ``path`` headless; save the executed notebook to ``out_path`` (atomically) if given.

    The source file is never modified. Cell errors do not stop the run (every cell runs, so all
    problems are reported at once); inspect ``run.problems``.
    """
    from nbclient import NotebookClient

    path = Path(path)
    name = path.name
    nb = nbformat.read(path, as_version=4)
    run_dir = Path(cwd) if cwd else path.parent
    client = NotebookClient(
        nb,
        km=_kernel_manager(),
        timeout=timeout,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(run_dir)}},
    )
    client.widget_registry["@jupyter-widgets/output"]["OutputModel"] = _OutputWidgetNoSync
    started = time.perf_counter()
    problems: list[Problem] = []
    moved = 0
    client.reset_execution_trackers()
    # the kernel's own stderr (e.g. "running over TCP without encryption") is noise for the analyst
    with client.setup_kernel(cleanup_kc=True, env=kernel_env(env), stderr=subprocess.DEVNULL):
        msg_id = client.kc.kernel_info()
        info = client.wait_for_reply(msg_id)
        if info and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        client.set_widgets_metadata()
        executed = copy.deepcopy(nb)
        problems.extend(find_problems(executed, name))
        if exercise_widgets:
            moved = _exercise_widgets(client, nb, name, problems)
    seconds = time.perf_counter() - started
    if out_path is not None:
        from planbook.fileio import atomic_path

        with atomic_path(out_path) as tmp:
            nbformat.write(executed, str(tmp))
    return NotebookRun(
        source=path,
        executed=executed,
        seconds=seconds,
        problems=_dedupe(problems),
        images=count_images(executed),
        widgets_moved=moved,
    )


# ---------------------------------------------------------------------------------------------
# a throw-away copy of the workbook (tests, browser test): notebooks and input data, no outputs


def make_workbook_copy(
    dest: Path | str, root: Path | str | None = None, notebooks_dir: Path | str | None = None
) -> Path:
    """Copy data/ (without processed outputs) and notebooks/ of ``root`` into ``dest``
    (the notebooks from ``notebooks_dir`` when given).

    Point ``PLANBOOK_HOME`` at the result to run the workbook there without touching the repo
    (JupyterLab autosaves, notebooks write exports)."""
    import shutil

    from planbook.paths import project_paths

    root = Path(root) if root else project_paths().root
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".~*")
    for sub in (root / "data").iterdir():
        if sub.is_dir() and sub.name != "processed":
            shutil.copytree(sub, dest / "data" / sub.name, ignore=skip, dirs_exist_ok=True)
    (dest / "data" / "processed").mkdir(parents=True, exist_ok=True)
    (dest / "exports").mkdir(exist_ok=True)
    nb_dir = Path(notebooks_dir) if notebooks_dir else root / "notebooks"
    (dest / "notebooks").mkdir(exist_ok=True)
    if nb_dir.is_dir():
        shutil.copytree(nb_dir, dest / "notebooks", ignore=skip, dirs_exist_ok=True)
    return dest


def prepare_data(home: Path | str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``planbook build --skip-notebooks`` with ``PLANBOOK_HOME=home`` (processed tables and
    Excel files the notebooks read)."""
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "planbook", "build", "--skip-notebooks", "--no-progress"],
        env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
