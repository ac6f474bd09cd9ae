"""``planbook add FILE...``: a report as it arrives (.txt, .pdf, .docx, .html) joins data/raw/.

For each file: the same file (same SHA-256) already listed is refused; the text, tables included,
is extracted (planbook.formats); region, kind, period, date and title are inferred from that text
(the extractor's own ``infer_docinfo``), flags override them; then the original is copied into
data/raw/ under the next three-digit prefix, its extracted text goes to data/interim/ and one
manifest line is appended (CSV quoting by the csv module, the manifest rewritten atomically).
A file that cannot be added gets one line naming it; nothing of it is left written, and the other
files are still added. The notebook's upload control (planbook.upload_view) calls the same
``prepare`` and ``commit``.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from planbook.fileio import PlanbookError, atomic_path
from planbook.ingest import read_bytes
from planbook.formats import SUPPORTED, convert, save_interim
from planbook.formats.common import Converted, unsupported_message
from planbook.paths import Paths, project_paths

MANIFEST_COLUMNS = ["file", "region", "doc_type", "period", "published", "title", "sha256", "notes"]
FIELDS = ["region", "doc_type", "period", "published", "title"]   # inferred, and what the flags set
# the kind infer_docinfo reports -> the manifest's document type
DOC_TYPES = {"annual_plan": "计划执行情况与计划草案", "work_report": "政府工作报告", "five_year_plan": "五年规划纲要",
             "plan_report": "规划编制工作报告", "midterm_review": "规划中期评估报告", "plan_review": "规划实施总结报告",
             "plan_notice": "年度计划下达通知", "bulletin": "统计公报", "yearbook": "年鉴", "report": "其他报告"}
_PERIOD = re.compile(r"^(?:19|20)\d{2}(?:-(?:19|20)\d{2})?$")
_DATE = re.compile(r"^(?:19|20)\d{2}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_DATE_LINE = re.compile(r"((?:19|20)\d{2})\s*年\s*([\d一二三四五六七八九十]{1,2})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日")
_PREFIX = re.compile(r"^(\d{3})_")


@dataclass
class Prepared:
    """One file read and inferred, not yet written."""
    source: str                 # the name the analyst gave
    data: bytes
    conv: Converted
    sha256: str
    inferred: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)   # inferred, with the overrides applied
    given: set[str] = field(default_factory=set)            # the fields the analyst set

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower()


# ----------------------------------------------------------------------------- reading and inferring
def prepare(data: bytes, name: str, paths: Paths | None = None, pending: list[Prepared] | None = None) -> Prepared:
    """Read one file: refuse a file already listed (or already in ``pending``), extract its text,
    infer its manifest fields. Raises PlanbookError (one line naming the file)."""
    P = paths or project_paths()
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise PlanbookError(unsupported_message(name, suffix))
    sha = hashlib.sha256(data).hexdigest()
    _refuse_listed(sha, name, P)
    for other in pending or []:
        if other.sha256 == sha:
            raise PlanbookError(f"{name}: 与本次添加的 {other.source} 是同一文件 / same file as {other.source}")
    conv = convert(data, name)
    inferred = infer_fields(conv, name, P)
    return Prepared(name, data, conv, sha, inferred, dict(inferred))


def _refuse_listed(sha: str, name: str, paths: Paths) -> None:
    """Raise when the manifest already lists a file with this SHA-256."""
    for row in _manifest_rows(paths).values():
        if (row.get("sha256") or "").strip().lower() == sha:
            raise PlanbookError(f"{name}: 与已入库的 {row.get('file')}({row.get('title') or '无标题'})是同一文件,"
                                f"未重复添加 / same file as {row.get('file')} in the manifest; not added again")


def infer_fields(conv: Converted, name: str, paths: Paths) -> dict[str, str]:
    """Region, document type, period, publication date and title read from the report's text."""
    from planbook.extract.context import PLANS, infer_docinfo
    from planbook.extract.hygiene import clean_lines
    from planbook.extract.normalize import normalize_text
    from planbook.ingest import _region_aliases

    hyg = clean_lines(conv.text, normalize_text(conv.text))
    aliases, _ = _region_aliases(paths)
    head = [ln.text for ln in hyg.lines[:12]]
    published = hyg.published or _date_in(head) or _date_tuple(conv.date)
    info = infer_docinfo("new", name, [ln.text for ln in hyg.lines], aliases, published)
    if info.plan in PLANS and info.kind in ("five_year_plan", "plan_report", "plan_review", "midterm_review"):
        begin, end = PLANS[info.plan]
        period = f"{begin + 1}-{end}"
    else:
        years = sorted({y for y in (info.actual_year, info.target_year) if y})
        period = "-".join(str(y) for y in (years[0], years[-1])) if len(years) > 1 else "".join(map(str, years))
    if published:
        date = "-".join(f"{v:02d}" for v in published)
    else:
        date = str(info.published_year or "")
    return {"region": info.region or "", "doc_type": DOC_TYPES.get(info.kind, DOC_TYPES["report"]),
            "period": period, "published": date, "title": conv.title or info.title}


def _date_in(lines: list[str]) -> tuple[int, int, int] | None:
    """A full date (2024年1月15日, 二〇二四年一月十五日 once normalised) in the report's opening lines."""
    from planbook.extract.context import _cn_int

    for ln in lines:
        m = _DATE_LINE.search(ln)
        if m:
            return int(m.group(1)), _cn_int(m.group(2)), _cn_int(m.group(3))
    return None


def _date_tuple(date: str) -> tuple[int, int, int] | None:
    m = re.match(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})", date or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def apply_overrides(prep: Prepared, overrides: dict[str, str | None], paths: Paths | None = None) -> None:
    """Set the fields the analyst gave (checked: a known region, a period and a date that parse)."""
    for key, value in overrides.items():
        if value is None or key not in FIELDS:
            continue
        value = value.strip()
        if key == "region" and value:
            value = _known_region(value, paths or project_paths(), prep.source)
        if key == "period" and value and not _PERIOD.match(value):
            raise PlanbookError(f"{prep.source}: 覆盖期间应写作2021或2021-2025,而不是“{value}” / "
                                f"--period must look like 2021 or 2021-2025")
        if key == "published" and value and not _DATE.match(value):
            raise PlanbookError(f"{prep.source}: 发布日期应写作2024、2024-02或2024-02-05,而不是“{value}” / "
                                f"--published must look like 2024, 2024-02 or 2024-02-05")
        prep.fields[key] = value
        prep.given.add(key)


def _known_region(value: str, paths: Paths, name: str) -> str:
    from planbook.ingest import _region_aliases

    aliases, names = _region_aliases(paths)
    if value in names:
        return value
    for alias, canon, _ in aliases:
        if alias == value:
            return canon
    raise PlanbookError(f"{name}: 地区“{value}”不在 data/catalog/regions.csv 中 / unknown region {value!r} "
                        f"(not in data/catalog/regions.csv)")


# ----------------------------------------------------------------------------- writing
def commit(prep: Prepared, paths: Paths | None = None) -> dict[str, str]:
    """Copy the original into data/raw/, its text into data/interim/, and append its manifest line.
    On any failure nothing of this file stays written."""
    P = paths or project_paths()
    _refuse_listed(prep.sha256, prep.source, P)   # (added since it was read: a second upload form)
    name = f"{next_prefix(P):03d}_{prep.sha256[:16]}{prep.suffix}"
    raw = P.raw / name
    written: list[Path] = []
    row = {"file": name, **{k: prep.fields.get(k, "") for k in FIELDS}, "sha256": prep.sha256,
           "notes": f"由 planbook add 添加,原文件名 {Path(prep.source).name}"}
    try:
        if prep.suffix != ".txt":   # a .txt report is its own text
            written += save_interim(prep.conv, raw, P.interim)
        with atomic_path(raw) as tmp:
            tmp.write_bytes(prep.data)
        written.append(raw)
        append_manifest_row(row, P.manifest)
    except BaseException as exc:
        for p in written:
            p.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PlanbookError(f"{prep.source}: 写入失败,未添加 / could not write ({exc.strerror}); not added") from None
        raise
    return row


def next_prefix(paths: Paths) -> int:
    """One more than the highest three-digit prefix in data/raw/ and the manifest."""
    names = [p.name for p in paths.raw.iterdir()] if paths.raw.is_dir() else []
    names += list(_manifest_rows(paths))
    used = [int(m.group(1)) for n in names for m in [_PREFIX.match(n)] if m]
    return max(used, default=-1) + 1


def append_manifest_row(row: dict[str, str], manifest: Path) -> None:
    """Append one line to the manifest (created with its header when missing), atomically: the
    existing bytes are kept as they are, the new line is written by the csv module."""
    old = manifest.read_bytes() if manifest.exists() else b""
    text = old.decode("utf-8-sig") if old else ""
    header = next(csv.reader(io.StringIO(text)), None) if text.strip() else None
    columns = [c.strip() for c in header] if header else MANIFEST_COLUMNS
    eol = "\r\n" if b"\r\n" in old[:4096] else "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=eol)
    if not header:
        writer.writerow(columns)
    writer.writerow([row.get(c, "") for c in columns])
    sep = eol.encode() if old and not old.endswith(b"\n") else b""
    with atomic_path(manifest) as tmp:
        tmp.write_bytes(old + sep + buf.getvalue().encode("utf-8"))


def _manifest_rows(paths: Paths) -> dict[str, dict]:
    from planbook.ingest import _manifest

    try:
        return _manifest(paths)
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise PlanbookError(f"{paths.manifest}: 清单无法读取 / cannot read the manifest ({exc})") from None


# ----------------------------------------------------------------------------- files and the command
def add_files(files: list[str | Path], overrides: dict[str, str | None] | None = None,
              paths: Paths | None = None) -> tuple[list[tuple[Prepared, dict]], list[str]]:
    """Add each file; returns ((prepared, manifest row) for each file added, one message per file not added)."""
    P = paths or project_paths()
    added: list[tuple[Prepared, dict]] = []
    errors: list[str] = []
    for f in files:
        path = Path(f)
        try:
            data = read_bytes(path)
            prep = prepare(data, str(path), P, [a for a, _ in added])
            apply_overrides(prep, overrides or {}, P)
            added.append((prep, commit(prep, P)))
            if path.resolve().parent == P.raw.resolve():
                path.unlink()   # a file dropped into data/raw by hand now lives under its new name only
        except PlanbookError as exc:
            errors.append(str(exc))
    return added, errors


def summary_table(added: list[tuple[Prepared, dict]]):
    """One row per file added: its new name and each field, marked when a flag set it."""
    import pandas as pd

    from planbook.ingest_view import MANIFEST_ZH

    rows = []
    for prep, row in added:
        out = {"原文件": Path(prep.source).name, MANIFEST_ZH["file"]: row["file"]}
        for k in FIELDS:
            out[MANIFEST_ZH[k]] = (row[k] or "(未识别)") + (" (指定)" if k in prep.given else "")
        rows.append(out)
    return pd.DataFrame(rows)


def _cli(args: argparse.Namespace) -> int:
    import pandas as pd

    overrides = {"region": args.region, "doc_type": args.doc_type, "period": args.period,
                 "published": args.published, "title": args.title}
    added, errors = add_files(args.files, overrides)
    for e in errors:
        print(f"planbook: {e}", file=sys.stderr)
    if added:
        with pd.option_context("display.unicode.east_asian_width", True, "display.width", 200,
                               "display.max_colwidth", 60):
            print(summary_table(added).to_string(index=False))
        print(f"已添加 {len(added)} 份报告到 data/raw/ (清单已更新);标“(指定)”的字段来自命令行,其余从正文推断。"
              f"运行 make run 读取新报告 / added {len(added)} report(s); run `make run` to read them")
    return 1 if errors else 0


def add_cli(sub) -> None:
    p = sub.add_parser("add", help="add reports (.txt .pdf .docx .html) to data/raw and the manifest")
    p.add_argument("files", nargs="+", help="report files: .txt, .pdf, .docx, .html/.htm")
    p.add_argument("--region", help="region (default: inferred from the text)")
    p.add_argument("--doc-type", dest="doc_type", help="document type, e.g. 计划执行情况与计划草案")
    p.add_argument("--period", help="period covered: 2021 or 2021-2025")
    p.add_argument("--published", help="publication date: 2024, 2024-02 or 2024-02-05")
    p.add_argument("--title", help="title (default: the report's first title line)")
    p.set_defaults(func=_cli)
