"""What the workbooks say about their sources: the manifest, document titles, the data date
(latest publication date of the cited reports), scope notes, the processed tables."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from planbook.export.cells import _blank
from planbook.fileio import PlanbookError
from planbook.paths import project_paths


def _manifest() -> pd.DataFrame:
    path = project_paths().manifest
    if not path.exists():
        return pd.DataFrame(columns=["file", "region", "doc_type", "period", "published", "title", "sha256"])
    from planbook.data import load_manifest   # the one manifest reader (hand-edited files, bad lines named)

    return load_manifest(path)


def _doc_titles() -> dict[str, str]:
    man = _manifest()
    out = {}
    for _, r in man.iterrows():
        doc_id = str(r.get("doc_id", "") or str(r.get("file", ""))[:3])
        if doc_id:
            out[doc_id] = str(r.get("title", ""))
    return out


def _data_date(doc_ids: Iterable[str] | None = None) -> str:
    """The latest publication date among the source reports (those in ``doc_ids`` if given)."""
    man = _manifest()
    if man.empty or "published" not in man:
        return ""
    if doc_ids is not None:
        ids = {str(d) for d in doc_ids if not _blank(d)}
        if ids:
            man = man[(man["doc_id"] if "doc_id" in man else man["file"].str[:3]).isin(ids)]
    dates = [d for d in man["published"].tolist() if d]
    return max(dates) if dates else ""


def _scope_notes(where: str, df: pd.DataFrame | None = None) -> list[str]:
    """Scope notes of the documents in the manifest (data/reference/scope_notes.csv), for the
    regions of ``df`` when it has a region column."""
    from planbook.doc_notes import scope_notes

    regions = set(df["region"].astype(str)) if df is not None and "region" in df.columns else None
    return scope_notes(where, regions)


def _read_processed(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: 无法读取 / cannot read: {exc}".splitlines()[0]) from None


def _region_date(reviews: pd.DataFrame, facts: pd.DataFrame | None) -> str:
    """A region workbook's own date: the latest publication date of the documents its rows cite."""
    ids: set[str] = set()
    for df in (reviews, facts):
        if df is not None and "doc_id" in df.columns:
            ids |= {i.zfill(3) for d in df["doc_id"] if not _blank(d) for i in re.findall(r"\d+", str(d))}
    return _data_date(ids) if ids else ""
