"""Schemas of the CSV files an analyst edits, checked once where they are read.

Each file is read as text (UTF-8, with or without a byte-order mark; GB18030 as saved by Excel on a
Chinese Windows), split into physical lines, and every row checked against its schema: required
columns, what each field may hold (a number, a year, a name of bounded length, one of a list of
words). A problem is one line, Chinese then English, naming the file, the line and the field; a
row with a problem never becomes data.

``check_project_inputs`` runs every check before ``build`` or ``ingest`` rewrites any table, so a
broken catalog stops the run before anything is replaced.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.regions import LEVELS

# a field check: returns "" when the value is acceptable, else the problem (Chinese / English)
Check = Callable[[str], str]


def decode_table(path: Path) -> str:
    """The text of an analyst-edited table: UTF-8 (BOM or not), else GB18030."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanbookError(f"{path}: 文件不存在 / file not found") from None
    except OSError as exc:
        raise PlanbookError(f"{path}: 无法读取 / cannot read ({exc.strerror})") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlanbookError(f"{path}: 无法按UTF-8或GB18030解码,请另存为UTF-8 / cannot decode as UTF-8 or GB18030; "
                            "save it as UTF-8")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def physical_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) for every non-blank physical line. Each line is parsed on its own, so a
    stray quote spoils one line rather than swallowing the lines after it."""
    out = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = next(csv.reader([line]))
        except csv.Error:
            fields = line.split(",")
        out.append((n, [f.strip() for f in fields]))
    return out


# ----------------------------------------------------------------------------- field checks
def number(lo: float | None = None, hi: float | None = None, blank_ok: bool = False) -> Check:
    def check(v: str) -> str:
        if v == "":
            return "" if blank_ok else "值为空 / value is blank"
        try:
            x = float(v.replace(",", ""))
        except ValueError:
            return f"不是数字 / not a number ({v[:30]!r})"
        if not math.isfinite(x):
            return f"不是有限数 / not a finite number ({v[:30]!r})"
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            return f"超出范围{lo}…{hi} / out of range {lo}…{hi} ({v[:30]!r})"
        return ""
    return check


def year(blank_ok: bool = False) -> Check:
    def check(v: str) -> str:
        if v == "" and blank_ok:
            return ""
        if not re.fullmatch(r"\d{4}", v) or not 1949 <= int(v) <= 2100:
            return f"不是1949…2100之间的年份 / not a year in 1949…2100 ({v[:30]!r})"
        return ""
    return check


def text(max_len: int = 200, blank_ok: bool = True, pattern: str | None = None) -> Check:
    rx = re.compile(pattern) if pattern else None

    def check(v: str) -> str:
        if v == "":
            return "" if blank_ok else "值为空 / value is blank"
        if len(v) > max_len:
            return f"长度{len(v)}超过{max_len}个字符 / {len(v)} characters, more than {max_len}"
        if any(ord(c) < 32 or c in '"\ufffd' for c in v):
            return "含引号或控制字符 / holds a quote or a control character"
        if rx is not None and not rx.fullmatch(v):
            return f"格式不对 / malformed ({v[:30]!r})"
        return ""
    return check


def one_of(*words: str, blank_ok: bool = True) -> Check:
    allowed = set(words)

    def check(v: str) -> str:
        if (v == "" and blank_ok) or v in allowed:
            return ""
        return f"应为{'/'.join(words)}之一 / should be one of {', '.join(words)} ({v[:30]!r})"
    return check


@dataclass
class Schema:
    what: str                       # the file's name for messages (Chinese / English)
    required: dict[str, Check]
    optional: dict[str, Check] = field(default_factory=dict)
    last_free: bool = False         # unquoted commas in the last column belong to it (notes)


@dataclass
class TableRead:
    rows: list[dict[str, str]]      # the good rows, every schema column present
    lines: list[int]                # the line number of each good row
    problems: list[str]             # one line each, naming file and line

    def frame(self, columns: list[str]) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=columns, dtype=object)
        return df.fillna("").astype(str) if len(df) else df.astype(str)


def read_table(path: Path, schema: Schema) -> TableRead:
    """Read and check a table; a missing required column or an unreadable file raises, a bad row
    is left out and named in ``problems``."""
    path = Path(path)
    rows = physical_rows(decode_table(path))
    if not rows:
        raise PlanbookError(f"{path}: 空文件 / empty {schema.what}")
    header_line, header = rows[0]
    missing = [c for c in schema.required if c not in header]
    if missing:
        raise PlanbookError(f"{path} 第{header_line}行: 缺少列{'、'.join(missing)} / {schema.what} lacks column(s) "
                            f"{', '.join(missing)}")
    checks = {**schema.optional, **schema.required}
    out, lines, problems = [], [], []
    for n, fields in rows[1:]:
        if len(fields) > len(header) and schema.last_free:
            fields = fields[:len(header) - 1] + [",".join(fields[len(header) - 1:])]
        if len(fields) > len(header) and not any(fields[len(header):]):
            fields = fields[:len(header)]   # trailing empty cells (Excel)
        if len(fields) > len(header):
            problems.append(f"{path} 第{n}行: 有{len(fields)}列,表头只有{len(header)}列(可能有未加引号的逗号) / "
                            f"{len(fields)} fields for {len(header)} columns (an unquoted comma?)")
            continue
        row = dict(zip(header, fields + [""] * (len(header) - len(fields))))
        bad = [f"{c}: {msg}" for c, chk in checks.items() if (msg := chk(row.get(c, "")))]
        if bad:
            problems.append(f"{path} 第{n}行: {bad[0]}")
            continue
        for c in checks:
            row.setdefault(c, "")
        out.append(row)
        lines.append(n)
    return TableRead(out, lines, problems)


def strict(read: TableRead) -> TableRead:
    """For files every step relies on (catalogs, reference figures): any bad row stops the run."""
    if read.problems:
        more = f"(另有{len(read.problems) - 1}处 / and {len(read.problems) - 1} more)" if len(read.problems) > 1 else ""
        raise PlanbookError(read.problems[0] + more)
    return read


# ----------------------------------------------------------------------------- the project's tables
NAME = text(max_len=40, blank_ok=False)

OFFICIAL_STATS = Schema("参考数据 reference figures", {
    "region": NAME, "indicator": text(max_len=80, blank_ok=False), "year": year(),
    "value": number(lo=-1e13, hi=1e13), "unit": text(max_len=20)},
    {"measure": one_of("level", "growth", "avg_growth", "cumulative", "pp_change"),
     "status": one_of("actual", "estimate", "target"), "qualifier": text(max_len=20),
     "source": text(max_len=500), "note": text(max_len=500)})

REGIONS = Schema("地区目录 regions catalog", {
    "code": text(max_len=20, blank_ok=False, pattern=r"[A-Za-z0-9_]+"), "name": NAME,
    "level": one_of(*sorted(LEVELS), blank_ok=False)},
    {"aliases": text(max_len=400), "ambiguous_aliases": text(max_len=400), "alias_notes": text(max_len=1000),
     "parent": text(max_len=20), "valid_from": text(max_len=10), "valid_to": text(max_len=10),
     "successor": text(max_len=40), "boundary_change": text(max_len=10),
     "note_before_change": text(max_len=400), "note_after_change": text(max_len=400), "note": text(max_len=400)})

INDICATORS = Schema("指标目录 indicator catalog", {
    "code": text(max_len=60, blank_ok=False, pattern=r"[A-Za-z0-9_]+"), "name_zh": text(max_len=80, blank_ok=False),
    "unit": text(max_len=20), "category": text(max_len=40)},
    {"name_en": text(max_len=200), "direction": one_of("higher", "lower", "neutral", "target", "")},
    last_free=False)


def check_project_inputs(paths=None) -> None:
    """Check the catalogs and reference figures before any table is rewritten; raise a
    PlanbookError naming the file and line of the first problem."""
    from planbook.paths import project_paths

    P = paths or project_paths()
    regions = P.catalog / "regions.csv"
    if regions.exists():
        strict(read_table(regions, REGIONS))
        from planbook.regions import load_regions
        load_regions(regions)
    indicators = P.catalog / "indicators.csv"
    if indicators.exists():
        strict(read_table(indicators, INDICATORS))
    official = P.reference / "official_stats.csv"
    if official.exists():
        strict(read_table(official, OFFICIAL_STATS))
