"""Loading the project's tables: the manifest, processed tables and reference figures.

Every processed table is long and tidy: one row per fact, with the document and quote it came
from. Column lists live here so that every module agrees on them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.paths import project_paths

# one row per fact per document
INDICATOR_COLUMNS = [
    "doc_id",          # manifest file stem prefix, e.g. "004"
    "region",          # region as written (canonical name from regions catalog when known)
    "indicator",       # canonical Chinese name from data/catalog/indicators.csv, or the raw label
    "indicator_code",  # catalog code, blank when unmatched
    "indicator_raw",   # the label as it stands in the text
    "category",        # catalog category
    "year",            # the year the value belongs to
    "value",           # number (blank for qualitative targets)
    "unit",            # 亿元, %, 万人, ... ("" when dimensionless)
    "measure",         # level | growth | avg_growth | cumulative | pp_change
    "status",          # actual | estimate | target
    "qualifier",       # 以上 | 以内 | 左右 | 力争 | 超 | 突破 | 不低于 | ...
    "period",          # blank for annual; Q1, H1, Q1-3, 十四五, 2021-2025 ...
    "plan",            # 十三五 | 十四五 | 十五五 when the fact belongs to a plan table or plan target
    "base_year",       # for avg_growth/cumulative over a plan: the base year
    "attribute",       # 预期性 | 约束性 (tables)
    "value_text",      # the raw value text (qualitative targets keep their words here)
    "source_kind",     # prose | table
    "rule",            # the extraction rule that made the fact (prose.* / table.*), for tracing and counts
    "table_id",        # table number within the document (tables only)
    "row_label",       # table row label (tables only)
    "note",            # footnote, boundary or definition notes
    "quote",           # the sentence or table row the fact came from
    "char_start",      # offsets of the quote in the cleaned document text
    "char_end",
]

# after the extracted columns (and value_high), set by the analyst's decisions (planbook.verify)
VERIFICATION_COLUMNS = [
    "verified",         # blank (not checked) | confirmed | corrected | added
    "value_extracted",  # the number the extractor read, kept when the analyst corrected the value
]

QUALITY_COLUMNS = ["doc_id", "file", "kind", "location", "message"]
# the Chinese name of each kind of quality-log row (verification adds its own: verify.QUALITY_KIND_ZH)
QUALITY_KIND_ZH = {
    "repeated_content": "重复内容", "boilerplate": "网站模板文字", "corrupted_text": "乱码或替换字符",
    "truncated": "副本截断", "encoding": "编码问题", "ambiguous_label": "同名指标多值",
    "unmatched_labels": "未收录指标名", "table_ambiguity": "表格结构歧义", "table_unread": "表格未读取",
    "region": "地区推断", "region_unknown": "地区无法确定", "region_inferred": "地区按正文推断",
    "year_inferred": "年份按正文推断", "year_unknown": "年份无法确定", "run_together_figures": "数字粘连",
    "rule_counts": "各规则抽取数", "error": "无法读取", "warning": "清单或文件警告", "decoding": "解码修复",
    "control_chars": "控制字符", "number_refused": "数字过长", "vocabulary": "词表外代码",
}


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    if not path.exists():
        raise PlanbookError(f"{path}: {what} not found (run `planbook ingest` first)")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # malformed file
        raise PlanbookError(f"{path}: cannot read {what}: {exc}") from None


def load_indicators(path: Path | str | None = None) -> pd.DataFrame:
    """The indicator table with numeric ``value`` and integer ``year`` columns."""
    path = Path(path) if path else project_paths().indicators_csv
    df = _read_csv(path, "indicator table")
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    bad = df.index[df["value"].abs() >= 1e15]   # inf, or more than any figure: a damaged table
    if len(bad):
        raise PlanbookError(f"{path} 第{int(bad[0]) + 2}行: value {df.at[bad[0], 'value']!r} 不是有效数值,请重新运行"
                            f"`planbook ingest` / not a usable figure; run `planbook ingest` again")
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    if "value_extracted" in df:
        df["value_extracted"] = pd.to_numeric(df["value_extracted"], errors="coerce")
    for col in ("base_year", "char_start", "char_end"):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    return df


def load_quality(path: Path | str | None = None) -> pd.DataFrame:
    path = Path(path) if path else project_paths().quality_csv
    return _read_csv(path, "quality log")


def load_manifest(path: Path | str | None = None) -> pd.DataFrame:
    """The manifest's readable rows (planbook.manifest reads it; bad lines are left out there)."""
    from planbook.manifest import load_manifest_frame

    return load_manifest_frame(path)


def load_official_stats(path: Path | str | None = None) -> pd.DataFrame:
    """Official figures the reports lack (data/reference/official_stats.csv), with sources."""
    from planbook.schema import OFFICIAL_STATS, read_table, strict

    path = Path(path) if path else project_paths().reference / "official_stats.csv"
    if not path.exists():
        raise PlanbookError(f"{path}: official statistics not found")
    read = strict(read_table(path, OFFICIAL_STATS))   # every row checked; a bad one stops with its line
    df = read.frame(list(read.rows[0]) if read.rows else list(OFFICIAL_STATS.required))
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    return df
