"""Helpers shared by the notebook views (ingest, review, compare, scenario panels)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError


def keep_chosen(df: pd.DataFrame, choices: dict[str, str], any_choice: str) -> pd.DataFrame:
    """The rows whose columns equal the dropdown choices; a choice that is empty or ``any_choice``
    (the “all” entry of the dropdown) keeps every row. A status chosen by its Chinese label is
    translated by the caller."""
    for column, value in choices.items():
        if value and value != any_choice:
            df = df[df[column] == value]
    return df


def export_from_view(df: pd.DataFrame, kind: str, path: Path | str | None = None,
                     **meta) -> tuple[Path | None, str]:
    """Write a view's table with ``planbook.export.export_view``; return (path or None, Chinese message).

    Never raises: a failure becomes the one-line message a view shows under its buttons."""
    try:
        from planbook.export import export_view
    except ImportError as exc:
        return None, f"导出功能尚未就绪(planbook.export.export_view 不可用:{exc})"
    try:
        out = export_view(df, kind, path, **meta)
    except PlanbookError as exc:
        return None, f"导出失败:{exc}"
    except Exception as exc:  # noqa: BLE001 — the exporter's failure must not crash the panel
        return None, f"导出失败({type(exc).__name__}):{exc}"
    return Path(out), f"已导出:{out}"
