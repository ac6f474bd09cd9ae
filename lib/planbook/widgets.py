"""Helpers shared by the notebook views (ingest, review, compare, scenario panels)."""
from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.paths import project_paths

# where the server that shows the notebooks serves files: JupyterLab ``/files/`` under the project
# root (``make lab``); ``make app`` (Voilà) sets PLANBOOK_FILES_URL to its own file route.
FILES_URL_ENV = "PLANBOOK_FILES_URL"


def keep_chosen(df: pd.DataFrame, choices: dict[str, str], any_choice: str) -> pd.DataFrame:
    """The rows whose columns equal the dropdown choices; a choice that is empty or ``any_choice``
    (the “all” entry of the dropdown) keeps every row. A status chosen by its Chinese label is
    translated by the caller."""
    for column, value in choices.items():
        if value and value != any_choice:
            df = df[df[column] == value]
    return df


def file_url(path: Path | str) -> str:
    """The URL under which the notebook server serves ``path`` (a file inside the project)."""
    root = project_paths().root.resolve()
    p = Path(path).resolve()
    try:
        rel = p.relative_to(root).as_posix()
    except ValueError:
        rel = p.name
    prefix = os.environ.get(FILES_URL_ENV) or "/files/"
    return prefix.rstrip("/") + "/" + quote(rel)


def download_link(path: Path | str, text: str | None = None) -> str:
    """An HTML link that downloads ``path`` in the browser (shows the file's project path)."""
    p = Path(path)
    try:
        shown = p.resolve().relative_to(project_paths().root.resolve()).as_posix()
    except ValueError:
        shown = str(p)
    label = html.escape(text or shown)
    return (f"<a class='pb-download' href='{html.escape(file_url(p))}' download='{html.escape(p.name)}' "
            f"target='_blank' style='text-decoration:underline'>{label}</a>")


def export_from_view(df: pd.DataFrame, kind: str, path: Path | str | None = None,
                     **meta) -> tuple[Path | None, str]:
    """Write a view's table with ``planbook.export.export_view``; return (path or None, Chinese message).

    The message is HTML: a link that downloads the file. An empty table is not written (the message
    says so). Never raises: a failure becomes the one-line message a view shows under its buttons."""
    if df is not None and isinstance(df, pd.DataFrame) and df.empty:
        return None, "当前筛选条件下没有数据,未导出文件"
    try:
        from planbook.export import export_view
    except ImportError as exc:
        return None, f"导出功能尚未就绪(planbook.export.export_view 不可用:{html.escape(str(exc))})"
    try:
        out = export_view(df, kind, path, **meta)
    except PlanbookError as exc:
        return None, f"导出失败:{html.escape(str(exc))}"
    except Exception as exc:  # noqa: BLE001 — the exporter's failure must not crash the panel
        return None, f"导出失败({type(exc).__name__}):{html.escape(str(exc))}"
    return Path(out), f"已导出:{download_link(out)}(点击下载)"
