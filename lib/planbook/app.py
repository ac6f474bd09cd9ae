"""The workbook as one app without code (``make app``, Voilà): the four notebooks as four tabs.

Each tab shows one notebook of ``notebooks/`` as the analyst reads it in JupyterLab — its text, its
tables, charts and widgets — without the code: the notebook's cells run in their own namespace
into the tab (markdown shown, a code cell's display calls and last expression shown). A tab runs
when it is first opened (from the browser: Voilà's own start-up run of the page would otherwise
wait on the widgets). The app opens on a first tab, 使用说明: the browser shows a tab bar's first
tab as the current one, so a notebook there could never be “opened” by a click (its tab stayed
empty). A cell that fails shows one Chinese line and the tab goes on.
"""
from __future__ import annotations

import ast
from pathlib import Path

from planbook.notebook_exec import discover_notebooks
from planbook.paths import project_paths

TAB_TITLES = {"ingestion": "报告入库", "five_year_reviews": "规划目标完成情况",
              "district_comparison": "区县对比", "scenario_projection": "情景预测"}


INTRO_TITLE = "使用说明"


def intro_markup(notebooks: list[Path]) -> str:
    """The first tab: what each notebook tab answers; click a tab to open it."""
    items = "".join(f"<li><b>{tab_title(p)}</b>:{TAB_PURPOSES.get(p.stem.split('_', 1)[-1], '')}</li>"
                    for p in notebooks)
    return (f"<div class='planbook-app-intro' style='font-size:14px;line-height:1.8'>"
            f"<p>点击上方标签页打开对应的笔记本(第一次打开时计算,约需十余秒),不显示代码。</p><ul>{items}</ul>"
            f"<p>导出的Excel文件保存在 <code>exports/</code>,点击导出后出现的链接即可下载。</p></div>")


TAB_PURPOSES = {
    "ingestion": "报告中有哪些数字、每个数字出自哪句话;按地区、指标、状态筛选和搜索,导出Excel",
    "five_year_reviews": "哪些规划目标已完成、符合进度、滞后或未完成,差多少",
    "district_comparison": "同一指标在全市与各区县之间的对比(同口径、同年份)",
    "scenario_projection": "达到总量目标需要多快的增长;移动滑块试算不同假设",
}


def tab_title(path: Path) -> str:
    stem = path.stem.split("_", 1)[-1]
    return f"{path.stem[:2]} {TAB_TITLES.get(stem, stem)}"


def run_cell(source: str, namespace: dict) -> None:
    """Run one code cell: every statement, the value of a last expression displayed."""
    from IPython.display import display

    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = ast.Module(body=tree.body[:-1] if last else tree.body, type_ignores=[])
    exec(compile(body, "<notebook>", "exec"), namespace)  # noqa: S102 - the project's own notebooks
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<notebook>", "eval"), namespace)  # noqa: S307
        if value is not None and not (source.rstrip().endswith(";")):
            display(value)


def run_notebook(path: Path, out) -> int:
    """Show notebook ``path`` in the Output widget ``out``; returns the number of failed cells."""
    import nbformat
    from IPython.display import Markdown, display

    nb = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": "__main__"}
    failed = 0
    with out:
        for i, cell in enumerate(nb.cells, start=1):
            if cell.cell_type == "markdown":
                display(Markdown(cell.source))
            elif cell.cell_type == "code" and cell.source.strip():
                try:
                    run_cell(cell.source, namespace)
                except Exception as exc:  # noqa: BLE001 - one line in the tab, the app goes on
                    failed += 1
                    display(Markdown(f"**第{i}格出错**:{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))
    return failed


class WorkbookApp:
    """Four tabs, one per notebook; ``widget`` is what the app notebook displays."""

    def __init__(self, notebooks: list[Path] | None = None):
        import ipywidgets as W

        self.notebooks = notebooks or discover_notebooks(project_paths().notebooks)
        self.outputs = [W.Output() for _ in self.notebooks]
        self.done: set[int] = set()
        self.failed: dict[int, int] = {}
        intro = W.HTML(intro_markup(self.notebooks))
        self.tabs = W.Tab(children=[intro, *self.outputs],
                          titles=[INTRO_TITLE] + [tab_title(p) for p in self.notebooks], selected_index=0)
        self.tabs.add_class("planbook-app-tabs")
        self.tabs.observe(lambda ch: self.open(ch["new"]), names="selected_index")
        self.widget = self.tabs

    def open(self, tab: int | None) -> None:
        """Run the notebook of tab ``tab`` (0 is 使用说明) the first time the tab is shown."""
        index = None if tab is None else tab - 1
        if index is None or index < 0 or index in self.done:
            return
        self.done.add(index)
        self.failed[index] = run_notebook(self.notebooks[index], self.outputs[index])


def app(notebooks: list[Path] | None = None) -> WorkbookApp:
    """Display the app (its tabs fill when opened)."""
    from IPython.display import display

    from planbook import grid

    grid.load()
    grid.LOADED_ONCE = True
    a = WorkbookApp(notebooks)
    display(a.widget)
    return a
