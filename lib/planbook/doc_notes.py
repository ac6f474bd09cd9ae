"""Scope notes about particular documents (大江东 excluded, two districts merged …) as data.

``data/reference/scope_notes.csv`` holds one note per document and region, where it applies
(``indicators``, ``comparison``, ``readme`` sheets of the Excel workbook) and the report's own
words (``quote``). A note is shown only while its document is in the manifest, so another set of
reports never prints these districts' notes.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.paths import project_paths

NOTE_COLUMNS = ["file", "region", "applies_to", "note", "quote"]


def load_scope_notes(path: Path | None = None) -> pd.DataFrame:
    """Every scope note (empty when the file is absent)."""
    paths = project_paths()
    path = Path(path) if path else paths.reference / "scope_notes.csv"
    if not path.exists():
        return pd.DataFrame(columns=NOTE_COLUMNS)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"口径说明表无法读取 scope notes unreadable: {path}: {exc}".splitlines()[0]) from None
    missing = [c for c in NOTE_COLUMNS[:4] if c not in df.columns]
    if missing:
        raise PlanbookError(f"口径说明表缺少列 scope notes lack columns: {path}: {', '.join(missing)}")
    return df


def scope_notes(where: str, regions=None, manifest_files=None) -> list[str]:
    """The notes for one place (indicators/comparison/readme) whose document is in the manifest,
    restricted to ``regions`` when given, in file order."""
    df = load_scope_notes()
    if manifest_files is None:
        try:
            from planbook.data import load_manifest

            manifest_files = set(load_manifest(project_paths().manifest)["file"].astype(str))
        except Exception:
            manifest_files = set()
    out = []
    for r in df.to_dict("records"):
        if where not in str(r["applies_to"]).split("|") or r["file"] not in manifest_files:
            continue
        if regions is not None and r["region"] not in set(regions):
            continue
        if r["note"] not in out:
            out.append(r["note"])
    return out
