"""Each report's facts kept between runs (data/interim/facts/), so that ``make run`` reads again only
the reports that are new or changed.

An entry is found by the SHA-256 of the report file and holds the key it was made under: the
extractor's version (a hash of the extraction code and of the catalogs, so that any change to
lib/planbook/extract/*, the ingestion rules or data/catalog/* makes every entry stale), the
document's id and file name, and the manifest fields the extractor reads (region, published). An
entry whose key differs is read again and replaced. Entries are pickles written atomically; a
broken or unreadable entry is simply read again.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from planbook.fileio import atomic_path
from planbook.paths import Paths

_PACKAGE = Path(__file__).resolve().parent
# the code whose change can change the facts of a document (besides the catalogs under data/catalog)
EXTRACTOR_CODE = ["extract/*.py", "formats/*.py", "ingest.py", "ingest_table.py", "catalog.py", "units.py", "data.py"]


def extractor_version(paths: Paths) -> str:
    """A hash of the extractor's source files and of every file under data/catalog."""
    h = hashlib.sha256()
    files = sorted(p for pattern in EXTRACTOR_CODE for p in _PACKAGE.glob(pattern))
    files += sorted(p for p in paths.catalog.rglob("*") if p.is_file())
    for p in files:
        h.update(p.name.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None   # the reader reports it


class FactCache:
    """The facts of each document, keyed by its sha256 and the extractor's version."""

    def __init__(self, paths: Paths, whole_corpus: bool = True):
        self.folder = paths.interim / "facts"
        self.version = extractor_version(paths)
        self.whole_corpus = whole_corpus   # entries of reports not read now belong to removed reports

    def key(self, doc_id: str, file: str, manifest_row: dict | None) -> str:
        row = manifest_row or {}
        return json.dumps([self.version, doc_id, file, row.get("region") or "", row.get("published") or ""],
                          ensure_ascii=False)

    def get(self, sha: str | None, key: str):
        """The cached DocResult, or None when missing or made under another key."""
        if not sha:
            return None
        p = self.folder / f"{sha}.pkl"
        try:
            with open(p, "rb") as f:
                entry = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return entry.get("doc") if isinstance(entry, dict) and entry.get("key") == key else None

    def put(self, sha: str | None, key: str, doc) -> None:
        if not sha:
            return
        try:
            with atomic_path(self.folder / f"{sha}.pkl") as tmp:
                with open(tmp, "wb") as f:
                    pickle.dump({"key": key, "doc": doc}, f, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass   # a read-only workbook: the facts are simply not kept

    def prune(self, keep: set[str]) -> None:
        """Drop the entries of reports no longer in data/raw (after reading all of it)."""
        if not self.whole_corpus or not self.folder.is_dir():
            return
        for p in self.folder.glob("*.pkl"):
            if p.stem not in keep:
                p.unlink(missing_ok=True)
