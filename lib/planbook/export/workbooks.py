"""The two entry points (a notebook's view as one sheet; the summary and region workbooks from
data/processed) and the ``planbook export`` command."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from planbook.export.cells import _blank, sheet_title
from planbook.export.documents import _data_date, _read_processed, _region_date
from planbook.export.kinds import _write_kind
from planbook.export.labels import VALUE_LABELS, column_label
from planbook.export.printing import new_workbook, save_workbook
from planbook.export.readme import write_readme_sheet
from planbook.export.table import write_sources_sheet
from planbook.fileio import PlanbookError
from planbook.paths import project_paths
from planbook.sheet_specs import README_SHEET, SPECS


KINDS = ("indicators", "reviews", "comparison", "scenario", "quality")

MAIN_WORKBOOK = "规划指标分析汇总.xlsx"

# sheet name, title and file stem per kind (from the sheet specs)
KIND_INFO: dict[str, dict[str, str]] = {
    kind: {"sheet": SPECS[kind].sheet, "title": SPECS[kind].title, "file": SPECS[kind].file} for kind in KINDS
}


def export_view(df: pd.DataFrame, kind: str, path: Path | str | None = None, **meta) -> Path:
    """Write the table a notebook shows as one official-style sheet; returns the file path.

    ``kind`` is one of ``KINDS``. Default path: ``exports/<中文名>_<筛选条件>.xlsx`` (``meta['name']``
    or the filter choices, 筛选 without filters); an existing file is never replaced: the name takes
    the first free counter (_2, _3 …). ``path`` may also be a folder. Optional ``meta``:
    title, unit, data_date, filters (dict or text shown under the title), notes (list of lines),
    sheet_name, max_charts.
    """
    if kind not in KIND_INFO:
        raise PlanbookError(f"导出:未知的表类型 {kind!r}(可用 {'、'.join(KINDS)}) / export: unknown table kind")
    if df is None or not isinstance(df, pd.DataFrame):
        raise PlanbookError(f"导出:{kind} 需要一张表(DataFrame),收到 {type(df).__name__} / export: expected a table")
    info = KIND_INFO[kind]
    meta = _normalise_meta(meta, kind)
    stem = safe_file_stem(f"{info['file']}_{meta.pop('name', None) or _filter_name(meta.get('filters'))}")
    if path is None:
        target = _unused(project_paths().exports / f"{stem}.xlsx")
    else:
        target = Path(path)
        if target.is_dir() or (not target.suffix and not target.exists()):
            target = _unused(target / f"{stem}.xlsx")
    if not meta.get("data_date"):
        meta["data_date"] = _data_date(df["doc_id"]) if "doc_id" in df.columns else _data_date()
    wb = new_workbook(meta.get("title") or info["title"], subject=info["sheet"])
    ws = wb.create_sheet(sheet_title(meta.get("sheet_name") or info["sheet"]))
    _write_kind(ws, df, kind, **meta)
    write_sources_sheet(wb)
    return save_workbook(wb, target)


KNOWN_META = {"title", "unit", "data_date", "filters", "notes", "sheet_name", "max_charts", "name"}


def _normalise_meta(meta: dict, kind: str) -> dict:
    """Unknown keyword arguments (region=..., plan=...) become filter lines shown under the title."""
    out = {k: v for k, v in meta.items() if k in KNOWN_META}
    extra = {k: v for k, v in meta.items() if k not in KNOWN_META and not _blank(v)}
    if extra:
        filters = out.get("filters")
        merged: dict[str, Any] = {}
        if isinstance(filters, dict):
            merged.update(filters)
        elif filters:
            merged["筛选"] = filters
        for k, v in extra.items():
            if isinstance(v, (list, tuple, set)):
                v = "、".join(str(x) for x in v)
            label = column_label(k, kind)
            v = VALUE_LABELS.get(k, {}).get(v, v) if isinstance(v, str) else v
            merged.setdefault(label, v)
        out["filters"] = merged
    return out


ANY_CHOICE = {"全部", "(全部)", "全部目标"}


def _filter_name(filters: Any) -> str:
    """A file-name part from the filter choices (地区、指标 …; “全部” left out), or 筛选."""
    if not isinstance(filters, dict):
        return "筛选"
    parts = [str(v) for v in filters.values() if not _blank(v) and str(v) not in ANY_CHOICE]
    return "_".join(parts)[:80] or "全部"


def _unused(target: Path) -> Path:
    """``target`` or, when a file of that name exists, the same name with the first free _2, _3 …"""
    if not target.exists():
        return target
    n = 2
    while target.with_name(f"{target.stem}_{n}{target.suffix}").exists():
        n += 1
    return target.with_name(f"{target.stem}_{n}{target.suffix}")


def safe_file_stem(stem: str) -> str:
    """A file name stem without characters Windows or Excel refuse."""
    stem = re.sub(r'[\\/:*?"<>|\[\]\s]+', "_", str(stem)).strip("._ ")
    return stem[:120] or "导出"


# source CSV (name under data/processed), kind, sheet, how to create it
# (the workbook opens with the review an official reads first; the fact table comes after the analyses)
MAIN_SHEETS = [
    ("reviews.csv", "reviews", "planbook review"),
    ("comparison.csv", "comparison", "planbook compare"),
    ("scenarios.csv", "scenario", "planbook build"),
    ("indicators.csv", "indicators", "planbook ingest"),
    ("quality.csv", "quality", "planbook ingest"),
]


def export_all(out_dir: Path | str | None = None, *, per_region: bool = True) -> list[Path]:
    """Write the main workbook from data/processed (whatever exists) and, when reviews.csv exists,
    one workbook per region (its plan reviews and its facts). Returns the paths written."""
    P = project_paths()
    out = Path(out_dir) if out_dir else P.exports
    if out.exists() and not out.is_dir():
        raise PlanbookError(f"{out}: 不是文件夹 / not a folder")
    data_date = _data_date()
    wb = new_workbook("杭州市规划指标分析汇总")
    inventory: list[tuple[str, str, str, int | None]] = []  # sheet, csv, state, rows
    tables: dict[str, pd.DataFrame] = {}
    for csv_name, kind, how in MAIN_SHEETS:
        csv = P.processed / csv_name
        sheet = KIND_INFO[kind]["sheet"]
        df = _read_processed(csv)
        if df is None:
            inventory.append((sheet, f"data/processed/{csv_name}", f"未生成(文件不存在,运行 `{how}` 后重新导出)", None))
            continue
        tables[kind] = df
        ws = wb.create_sheet(sheet_title(sheet))
        _write_kind(ws, df, kind, data_date=data_date)
        inventory.append((sheet, f"data/processed/{csv_name}", "已导出", len(df)))
    write_sources_sheet(wb)
    write_readme_sheet(wb.create_sheet(README_SHEET), inventory, tables.get("indicators"))
    paths = [save_workbook(wb, out / MAIN_WORKBOOK)]
    if per_region and "reviews" in tables and "region" in tables["reviews"].columns:
        paths += _export_regions(tables, out, data_date)
    return paths


def _export_regions(tables: dict[str, pd.DataFrame], out: Path, data_date: str) -> list[Path]:
    """规划目标完成情况_<地区>.xlsx: one region's reviews and facts, with the 说明 sheet."""
    reviews = tables["reviews"]
    written = []
    for region in dict.fromkeys(r for r in reviews["region"] if not _blank(r)):
        wb = new_workbook(f"{region}规划目标完成情况", subject=str(region))
        inventory = []
        part = reviews[reviews["region"] == region]
        facts = tables.get("indicators")
        fpart = facts[facts["region"] == region] if facts is not None and "region" in facts.columns else None
        region_date = _region_date(part, fpart) or data_date   # dated by its own documents
        for kind, df, csv in (("reviews", part, "reviews.csv"), ("indicators", fpart, "indicators.csv")):
            if df is None:
                continue
            spec = SPECS[kind]
            _write_kind(wb.create_sheet(spec.sheet), df, kind, data_date=region_date, title=f"{region}{spec.title}")
            inventory.append((spec.sheet, f"data/processed/{csv}", f"已导出({region})", len(df)))
        write_sources_sheet(wb)
        write_readme_sheet(wb.create_sheet(README_SHEET), inventory, fpart, data_date=region_date)
        written.append(save_workbook(wb, out / f"{safe_file_stem('规划目标完成情况_' + str(region))}.xlsx"))
    return written


def _cli(args) -> int:
    paths = export_all(args.out)
    for p in paths:
        print(p)
    return 0


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("export", help="导出Excel汇总表 (exports/)",
                              description="把 data/processed 下已有的表导出为Excel(exports/)。")
    p.add_argument("--out", metavar="DIR", default=None, help="输出文件夹(默认 exports/)")
    p.set_defaults(func=_cli)
