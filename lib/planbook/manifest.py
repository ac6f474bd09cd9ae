"""The one reader of data/raw/manifest.csv, the list of reports an analyst keeps by hand.

A hand-edited manifest is read as far as it can be: UTF-8 with or without a byte-order mark or
GB18030 (Excel on a Chinese Windows), an unquoted comma in the last column (notes), optional
columns left out. A line that cannot be read is named (file and line) and left out; its report
is still read, with region and dates inferred from the text. Region values must be names or
aliases in the regions catalog, so a stray quote can never turn a whole line into a "region".

Also here: each report's doc_id (distinct even when two files share a prefix) and the check of
each report against the manifest's sha256.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.schema import Check, Schema, read_table, text

COLUMNS = ["file", "region", "doc_type", "period", "published", "title", "sha256", "notes"]


def _schema(regions: set[str] | None) -> Schema:
    def region(v: str) -> str:
        msg = text(max_len=20)(v)
        if msg or not v or regions is None or v in regions:
            return msg
        return f"地区不在地区目录中 / region not in the regions catalog ({v[:20]!r})"

    file_check: Check = text(max_len=200, blank_ok=False, pattern=r"[^/\\:*?<>|]+\.[A-Za-z0-9]{1,5}")
    return Schema("报告清单 manifest", {"file": file_check}, {
        "region": region, "doc_type": text(max_len=40), "period": text(max_len=20),
        "published": text(max_len=10, pattern=r"(?:19|20)\d{2}(?:-\d{1,2}(?:-\d{1,2})?)?"),
        "title": text(max_len=300), "sha256": text(max_len=64, pattern=r"[0-9a-fA-F]{64}"),
        "notes": text(max_len=2000)}, last_free=True)


def _known_regions(paths) -> set[str] | None:
    """Names and aliases of the regions catalog (None when it cannot be read)."""
    path = paths.catalog / "regions.csv"
    if not path.exists():
        return None
    try:
        from planbook.regions import load_regions
        df = load_regions(path)
    except PlanbookError:
        return None
    names = set(df["name"])
    for col in ("aliases", "ambiguous_aliases"):
        names |= {a.strip() for cell in df[col] for a in str(cell).split("|") if a.strip()}
    return names


@dataclass
class Manifest:
    path: Path
    rows: dict[str, dict] = field(default_factory=dict)    # file name -> row (every column present)
    lines: dict[str, int] = field(default_factory=dict)    # file name -> line number
    problems: list[str] = field(default_factory=list)      # one line each

    def frame(self) -> pd.DataFrame:
        cols = COLUMNS + [c for r in self.rows.values() for c in r if c not in COLUMNS]
        cols = list(dict.fromkeys(cols))
        return pd.DataFrame([[r.get(c, "") for c in cols] for r in self.rows.values()], columns=cols, dtype=str)


def read_manifest(paths=None, path: Path | str | None = None) -> Manifest:
    """The manifest's good rows and its problems; an empty Manifest when there is none. Raises
    PlanbookError only when the file as a whole cannot be used (undecodable, no ``file`` column)."""
    from planbook.paths import project_paths

    P = paths or project_paths()
    path = Path(path) if path else P.manifest
    man = Manifest(path)
    if not path.exists():
        return man
    read = read_table(path, _schema(_known_regions(P)))
    man.problems = [p + ";该报告按正文推断地区和日期 / the report is read with region and dates inferred"
                    for p in read.problems]
    for row, n in zip(read.rows, read.lines):
        if row["file"] in man.rows:
            man.problems.append(f"{path} 第{n}行: {row['file']}重复出现,用第{man.lines[row['file']]}行 / "
                                f"listed twice; line {man.lines[row['file']]} is used")
            continue
        man.rows[row["file"]] = row
        man.lines[row["file"]] = n
    return man


def load_manifest_frame(path: Path | str | None = None) -> pd.DataFrame:
    """The manifest as a table of text (what ``data.load_manifest`` returns)."""
    man = read_manifest(path=path)
    if not man.path.exists():
        raise PlanbookError(f"{man.path}: manifest not found (run `planbook ingest` first)")
    frame = man.frame()
    # the doc_id ingestion gives each file (its prefix; -2, -3 … where two files share one)
    raw = sorted(p for p in man.path.parent.iterdir() if p.is_file() and p.name != man.path.name)
    ids, _ = doc_ids([Path(f) for f in frame["file"]] if "file" in frame else [], raw, listed=man.rows)
    frame["doc_id"] = [ids.get(f, f[:3]) for f in frame["file"]] if "file" in frame else []
    return frame


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_files(man: Manifest, files: list[Path], whole_folder: bool) -> list[str]:
    """Warnings: a report whose bytes differ from the manifest's sha256; (when the whole of
    data/raw is read) a manifest row naming a file that is not there."""
    out = []
    for path in files:
        row = man.rows.get(path.name)
        want = (row or {}).get("sha256", "").lower()
        if want and path.is_file() and sha256_of(path) != want:
            out.append(f"{path}: 文件内容与清单第{man.lines[path.name]}行的sha256不符(文件已被修改?) / "
                       f"content differs from the manifest's sha256 (line {man.lines[path.name]}); changed file?")
    if whole_folder:
        present = {p.name for p in files}
        for name, row in man.rows.items():
            if name not in present and not (man.path.parent / name).exists():
                out.append(f"{man.path} 第{man.lines[name]}行: 清单列出的文件{name}不存在 / "
                           f"lists {name}, which is not in {man.path.parent}")
    return out


_PREFIX = re.compile(r"^(\d{3})_")


def doc_ids(files: list[Path], others: list[Path] = (), listed=()) -> tuple[dict[str, str], list[str]]:
    """A distinct doc_id for each file name: its three-digit prefix (else its stem); when two
    files share one, the first (those ``listed`` in the manifest first, then by name, over ``files``
    and ``others``, e.g. all of data/raw) keeps it and the next get -2, -3 …; each renaming is
    reported."""
    listed = set(listed)
    names = sorted({p.name for p in list(files) + list(others)}, key=lambda n: (n not in listed, n))
    ids: dict[str, str] = {}
    used: set[str] = set()
    notes: list[str] = []
    for name in names:
        m = _PREFIX.match(name)
        base = m.group(1) if m else Path(name).stem
        doc_id, k = base, 1
        while doc_id in used:
            k += 1
            doc_id = f"{base}-{k}"
        if doc_id != base:
            notes.append(f"{name}: 编号{base}已被另一份报告使用,本报告记为{doc_id} / doc_id {base} is taken by another "
                         f"report; this one is {doc_id}")
        used.add(doc_id)
        ids[name] = doc_id
    wanted = {p.name for p in files}
    return ids, [n for n in notes if n.split(":", 1)[0] in wanted]
