"""``planbook build``: the whole workbook in one command.

ingest → review → compare → default scenarios → execute every notebook (executed copies in
``exports/notebooks/``) → Excel files. Prints a short Chinese/English summary with paths and counts.

A step whose module has not been written yet is skipped with a clear line. A step that exists and
fails stops the build with a one-line message (exit code 1; 2 for bad input), never a traceback;
the traceback goes to ``exports/build.log`` for whoever fixes it.
"""
from __future__ import annotations

import fcntl
import importlib
import importlib.util
import sys
import time
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from planbook.fileio import PlanbookError, remove_stale_temps
from planbook.paths import project_paths
from planbook.schema import check_project_inputs


class BuildFailed(PlanbookError):
    """A build step failed; the message names the step (and notebook/cell)."""


@dataclass
class StepResult:
    name: str
    label: str  # Chinese label shown to the analyst
    status: str = "ok"  # ok | skipped | failed
    seconds: float = 0.0
    detail: str = ""
    paths: list[Path] = field(default_factory=list)


@dataclass
class BuildSummary:
    root: Path
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    notebook_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status != "failed" for s in self.steps)

    def step(self, name: str) -> StepResult | None:
        return next((s for s in self.steps if s.name == name), None)

    def rel(self, p: Path) -> str:
        try:
            return str(Path(p).resolve().relative_to(self.root))
        except ValueError:
            return str(p)

    def step_line(self, s: StepResult) -> str:
        if s.status == "skipped":
            return f"  - {s.label}: 跳过 skipped ({s.detail})"
        mark = "✓" if s.status == "ok" else "✗"
        where = ""
        if s.paths:
            shown = [self.rel(p) for p in s.paths[:3]]
            more = f" (+{len(s.paths) - 3})" if len(s.paths) > 3 else ""
            where = " → " + ", ".join(shown) + more
        return f"  {mark} {s.label}: {s.detail} ({s.seconds:.1f} s){where}"

    def format(self) -> str:
        state = "构建完成 / build finished" if self.ok else "构建失败 / build FAILED"
        lines = [self.step_line(s) for s in self.steps]
        lines.append(f"planbook build — {state} in {self.seconds:.1f} s")
        return "\n".join(lines)


def _rows(path: Path | str | None) -> int | None:
    try:
        import pandas as pd

        return len(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))
    except Exception:
        return None


def _resolve(module: str, func: str) -> tuple[Callable | None, str]:
    """The step function, or (None, reason) when the module/function has not landed yet."""
    if importlib.util.find_spec(f"planbook.{module}") is None:
        return None, f"模块未提供 / planbook.{module} not available yet"
    mod = importlib.import_module(f"planbook.{module}")
    fn = getattr(mod, func, None)
    if fn is None:
        return None, f"planbook.{module}.{func}() not available yet"
    return fn, ""


# --------------------------------------------------------------------------------------------
# steps: each returns (detail, paths)


def _step_ingest(fn, P) -> tuple[str, list[Path]]:
    result = fn()
    ind = getattr(result, "indicators", None)
    errors = list(getattr(result, "errors", None) or [])
    n_facts = len(ind) if ind is not None else _rows(P.indicators_csv)
    n_docs = ind["doc_id"].nunique() if ind is not None and "doc_id" in ind else "?"
    detail = f"{n_facts} 条指标 facts，{n_docs} 份报告 reports"
    if errors:
        names = [Path(e.split(": ", 1)[0]).name for e in errors]
        shown = "、".join(names[:5]) + (f" 等{len(names)}个 (+{len(names) - 5})" if len(names) > 5 else "")
        detail += f"，{len(errors)} 个问题 issues: {shown} (see {P.quality_csv.name})"
    warned = list(getattr(result, "warnings", None) or [])
    for line in errors + warned:   # each problem once, on stderr: the analyst sees which file and line
        print(f"  ! {' '.join(line.split())}", file=sys.stderr, flush=True)
    if warned:
        detail += f"，{len(warned)} 条警告 warnings (see {P.quality_csv.name})"
    return detail, [P.indicators_csv, P.quality_csv]


def _step_table(fn, P, what: str) -> tuple[str, list[Path]]:
    path = fn()
    path = Path(path) if path else None
    n = _rows(path) if path else None
    detail = f"{n} 行 rows ({what})" if n is not None else what
    return detail, [path] if path else []


def _step_export(fn, P) -> tuple[str, list[Path]]:
    paths = [Path(p) for p in (fn() or [])]
    return f"{len(paths)} 个Excel文件 workbooks", paths


def _step_notebooks(P, summary: BuildSummary, progress: bool, timeout: int) -> tuple[str, list[Path]]:
    from planbook.notebook_exec import discover_notebooks, execute_notebook

    notebooks = discover_notebooks(P.notebooks)
    if not notebooks:
        return "no notebooks in notebooks/ (NN_name.ipynb)", []
    out_dir = P.exports / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(notebooks, desc="执行笔记本 notebooks", unit="nb", file=sys.stderr, leave=False,
                   disable=None)  # no bar when stderr is not a terminal (CI logs)
    images = 0
    for path in bar if bar is not None else notebooks:
        if bar is not None:
            bar.set_postfix_str(path.stem)
        target = out_dir / path.name
        try:
            run = execute_notebook(path, target, cwd=P.notebooks, timeout=timeout)
        except Exception as exc:  # kernel died, timeout, unreadable notebook ...
            problems.append(f"{path.name}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
            continue
        written.append(target)
        images += run.images
        problems.extend(str(p) for p in run.problems)
    if bar is not None:
        bar.close()
    summary.notebook_problems = problems
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BuildFailed(f"notebook error: {first}{more}")
    return f"{len(written)} 个笔记本 notebooks，{images} 张图 charts", written


STEPS = [
    # name, Chinese label, module, function
    ("ingest", "读取报告 ingest", "ingest", "ingest"),
    ("review", "规划回顾 review", "review", "run_review"),
    ("compare", "区县比较 compare", "compare", "run_compare"),
    ("scenario", "情景测算 scenarios", "scenario", "run_default_scenarios"),
    ("notebooks", "执行笔记本 notebooks", None, None),
    ("export", "导出Excel export", "export", "export_all"),
]


def build(
    *,
    notebooks: bool = True,
    progress: bool = True,
    timeout: int = 300,
    echo: Callable[[str], Any] | None = None,
) -> BuildSummary:
    """Run every step; returns the summary. Raises ``BuildFailed`` naming the failed step
    (the summary so far is attached as ``exc.summary``)."""
    P = project_paths()
    with build_lock(P):
        remove_stale_temps([P.processed, P.exports, P.scenarios, P.raw, P.root / "data" / "interim"])
        check_project_inputs(P)   # a broken catalog or reference file stops before any table is rewritten
        return _run_steps(P, notebooks, progress, timeout, echo)


@contextmanager
def build_lock(P):
    """Hold data/processed/.build.lock for the whole build: a second build started meanwhile stops
    with one line instead of interleaving its writes with the first one's."""
    P.processed.mkdir(parents=True, exist_ok=True)
    with open(P.processed / ".build.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PlanbookError(f"{P.root}: 另一个构建正在运行,请等它结束后再试 / another build is running in this "
                                "project; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _run_steps(P, notebooks: bool, progress: bool, timeout: int, echo) -> BuildSummary:
    summary = BuildSummary(root=P.root.resolve())
    started = time.perf_counter()
    for name, label, module, func in STEPS:
        res = StepResult(name, label)
        summary.steps.append(res)
        t0 = time.perf_counter()
        try:
            if name == "notebooks":
                if not notebooks:
                    res.status, res.detail = "skipped", "--skip-notebooks"
                    continue
                res.detail, res.paths = _step_notebooks(P, summary, progress, timeout)
            else:
                fn, why = _resolve(module, func)
                if fn is None:
                    res.status, res.detail = "skipped", why
                    continue
                with warnings.catch_warnings(record=True) as said:   # e.g. a scenario file skipped
                    warnings.simplefilter("always")
                    if name == "ingest":
                        res.detail, res.paths = _step_ingest(fn, P)
                    elif name == "export":
                        res.detail, res.paths = _step_export(fn, P)
                    else:
                        res.detail, res.paths = _step_table(fn, P, label.split()[0])
                _show_warnings(res, said)
        except Exception as exc:
            res.status = "failed"
            res.seconds = time.perf_counter() - t0
            summary.seconds = time.perf_counter() - started
            _log_failure(P, name, exc)
            msg = " ".join(str(exc).split()) or type(exc).__name__
            if not isinstance(exc, PlanbookError):
                msg = f"{type(exc).__name__}: {msg}"
            res.detail = msg[:300]
            err = BuildFailed(f"build step '{name}' failed: {msg}")
            err.summary = summary  # type: ignore[attr-defined]
            err.bad_input = isinstance(exc, PlanbookError) and not isinstance(exc, BuildFailed)  # type: ignore[attr-defined]
            raise err from None
        finally:
            if res.status != "failed":
                res.seconds = time.perf_counter() - t0
            if echo is not None and res.status != "failed":
                echo(summary.step_line(res))
    summary.seconds = time.perf_counter() - started
    _log_success(P, summary)
    return summary


def _show_warnings(res: StepResult, said: list) -> None:
    """Warnings a step raised (a scenario file that could not be read …): each on stderr, their
    count in the step's line; never dropped in silence."""
    lines = list(dict.fromkeys(" ".join(str(w.message).split()) for w in said
                               if issubclass(w.category, UserWarning) and str(w.message).startswith("planbook")))
    for line in lines:
        print(f"  ! {line}", file=sys.stderr, flush=True)
    if lines:
        res.detail += f"，{len(lines)} 条警告 warnings"


def _log_success(P, summary: BuildSummary) -> None:
    """A successful build replaces exports/build.log (no stale traceback of an earlier failure)."""
    try:
        from planbook.fileio import atomic_path

        P.exports.mkdir(parents=True, exist_ok=True)
        with atomic_path(P.exports / "build.log", suffix=".log") as tmp:
            Path(tmp).write_text(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} 构建完成 / build finished\n"
                                 + summary.format() + "\n", encoding="utf-8")
    except OSError:
        pass


def _log_failure(P, step: str, exc: BaseException) -> None:
    try:
        P.exports.mkdir(parents=True, exist_ok=True)
        with open(P.exports / "build.log", "w", encoding="utf-8") as fh:  # the last build only
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} step {step}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass


def _cli(args) -> int:
    print("planbook build: 开始构建 / building the workbook ...", flush=True)
    try:
        summary = build(
            notebooks=not args.skip_notebooks,
            progress=not args.no_progress,
            timeout=args.timeout,
            echo=lambda line: print(line, flush=True),
        )
    except PlanbookError as exc:
        if not isinstance(exc, BuildFailed):   # the lock, or a broken catalog found before any step
            print(f"planbook: {exc}", file=sys.stderr)
            return 2
        summary = getattr(exc, "summary", None)
        if summary is not None:
            for line in summary.notebook_problems:
                print(f"  ✗ {line}", file=sys.stderr)
        print(f"planbook: {exc}", file=sys.stderr)
        return 2 if getattr(exc, "bad_input", False) else 1
    print(f"planbook build — 构建完成 / build finished in {summary.seconds:.1f} s")
    print("  数据 tables: data/processed/   Excel: exports/   已执行笔记本 executed notebooks: exports/notebooks/")
    print("  打开工作簿 open the workbook in JupyterLab: make lab")
    return 0


def add_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="构建全部: ingest, review, compare, scenarios, execute notebooks, Excel exports",
        description="一条命令完成: 读取报告、规划回顾、区县比较、情景测算、执行笔记本、导出Excel。",
    )
    p.add_argument("--skip-notebooks", action="store_true", help="不执行笔记本 (don't execute notebooks)")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条 (no progress bar)")
    p.add_argument("--timeout", type=int, default=300, help="每个单元格超时秒数 (per-cell timeout, s)")
    p.set_defaults(func=_cli)
