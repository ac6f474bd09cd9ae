"""Report files in the formats analysts receive (.txt, .pdf, .docx, .html) -> the text the extractor reads.

``convert(data, name)`` turns the bytes of one file into a :class:`Converted` (text with its tables as
pipe rows ``| a | b |``, page start offsets for a PDF, title/date a web page declares), or raises
:class:`~planbook.fileio.PlanbookError` with a one-line message naming the file. ``document_text`` is
what ingestion reads for a report in data/raw: a .txt file itself, any other format through its
extracted text kept in data/interim/ (every quote and offset of a fact points into that text).
"""
from __future__ import annotations

import bisect
import hashlib
import json
from pathlib import Path

from planbook.fileio import PlanbookError, write_text_atomic
from planbook.formats.common import Converted, unsupported_message

# suffix -> module under planbook.formats that reads it
READERS = {".txt": "text", ".pdf": "pdf", ".docx": "word", ".html": "web", ".htm": "web"}
SUPPORTED = tuple(READERS)


def convert(data: bytes, name: str) -> Converted:
    """The text of one report file (``name`` gives its format and is named in every message)."""
    suffix = Path(name).suffix.lower()
    module = READERS.get(suffix)
    if module is None:
        raise PlanbookError(unsupported_message(name, suffix))
    import importlib

    return importlib.import_module(f"planbook.formats.{module}").convert(data, name)


def interim_text_path(raw_path: Path, interim: Path) -> Path:
    return interim / f"{raw_path.stem}.txt"


def pages_path(raw_path: Path, interim: Path) -> Path:
    """Beside the text: its page start offsets and the version of the readers that made it."""
    return interim / f"{raw_path.stem}.pages.json"


def readers_version() -> str:
    """A hash of this package's code: text made by other code is extracted again."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def save_interim(conv: Converted, raw_path: Path, interim: Path) -> list[Path]:
    """Write a converted report's text and its page offsets into data/interim/, atomically."""
    meta = {"pages": conv.pages, "readers": readers_version()}
    return [write_text_atomic(json.dumps(meta), pages_path(raw_path, interim)),
            write_text_atomic(conv.text, interim_text_path(raw_path, interim))]


def document_text(path: Path, interim: Path | None = None) -> str:
    """The text the extractor reads for a report that is not a .txt file.

    For a file in data/raw its extracted text in ``interim`` is used (made now when missing or older
    than the file); a file elsewhere is converted in memory."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanbookError(f"{path}: 无法读取 / cannot read ({exc.strerror})") from None
    if interim is None:
        return convert(data, path.name).text
    kept, meta = interim_text_path(path, interim), pages_path(path, interim)
    try:
        fresh = kept.stat().st_mtime >= path.stat().st_mtime and \
            json.loads(meta.read_text(encoding="utf-8")).get("readers") == readers_version()
    except (OSError, ValueError):
        fresh = False
    if fresh:
        return kept.read_text(encoding="utf-8")
    conv = convert(data, path.name)
    save_interim(conv, path, interim)
    return conv.text


def page_of(raw_file: str, offset: int, interim: Path) -> int | None:
    """The page (1-based) of character ``offset`` in a PDF report's extracted text; None otherwise."""
    p = pages_path(Path(raw_file), interim)
    if not p.exists():
        return None
    starts = json.loads(p.read_text(encoding="utf-8")).get("pages") or []
    return bisect.bisect_right(starts, offset) or None


def fact_pages(facts, paths=None) -> list[int | None]:
    """The PDF page (1-based) of each fact of an indicator table (doc_id, char_start), None for a
    fact from a report that is not a PDF: what notebook 01 shows beside a figure's quote."""
    from planbook.paths import project_paths

    P = paths or project_paths()
    starts: dict[str, list[int]] = {}
    for pdf in P.raw.glob("*.pdf"):
        meta = pages_path(pdf, P.interim)
        try:
            starts[pdf.name.split("_", 1)[0]] = json.loads(meta.read_text(encoding="utf-8")).get("pages") or []
        except (OSError, ValueError):
            continue
    out: list[int | None] = []
    for doc_id, start in zip(facts["doc_id"].astype(str), facts["char_start"]):
        pages = starts.get(doc_id)
        if not pages or start != start or start is None:
            out.append(None)
            continue
        out.append(bisect.bisect_right(pages, int(start)) or None)
    return out
