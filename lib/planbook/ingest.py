"""Ingestion: raw reports -> data/processed/indicators.csv (+ quality.csv).

``ingest()`` is what the notebook and the ``planbook ingest`` command call. A file that cannot be
read (binary, empty, an encoding it cannot read, not a report) is reported on one line and
skipped; the other files still produce their rows. Output files are written atomically.
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
import gc
import io
import re
import sys
from contextlib import contextmanager
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planbook.catalog import Catalog, listed_name, load_catalog
from planbook.data import INDICATOR_COLUMNS, QUALITY_COLUMNS
from planbook.extract.context import infer_docinfo
from planbook.extract.document import DocumentParser, table_only_text
from planbook.extract.hygiene import clean_lines
from planbook.extract.normalize import decode_report, normalize_text, scrub_text
from planbook.extract.numbers import MAX_VALUE
from planbook.extract.docregion import local_region_names
from planbook.extract.model import Fact
from planbook import ingest_table
from planbook.fileio import PlanbookError, write_csv_atomic
from planbook.manifest import check_files, doc_ids, read_manifest
from planbook.paths import project_paths
from planbook.schema import check_project_inputs
from planbook.units import scale_of, to_base
from planbook.verify import apply_on_ingest
from planbook.vocab import check_facts

FACT_KEY = ("region", "indicator", "year", "measure", "status", "period")
TABLE_COLUMNS = INDICATOR_COLUMNS + ["value_high"]
# A row while a document is read: a list in this order (a list is built five times as fast as a dict
# and read faster); "_context" (the section heading) is dropped before the row joins the table.
ROW_FIELDS = TABLE_COLUMNS + ["_context"]
_POS = {name: i for i, name in enumerate(ROW_FIELDS)}
(REGION, INDICATOR, INDICATOR_CODE, INDICATOR_RAW, YEAR, VALUE, UNIT, MEASURE, STATUS, QUALIFIER, PERIOD,
 VALUE_TEXT, SOURCE_KIND, NOTE, CHAR_START, CHAR_END, CONTEXT) = (_POS[n] for n in (
    "region", "indicator", "indicator_code", "indicator_raw", "year", "value", "unit", "measure", "status",
    "qualifier", "period", "value_text", "source_kind", "note", "char_start", "char_end", "_context"))
RULE, BASE_YEAR = _POS["rule"], _POS["base_year"]
_fact_key = itemgetter(*(_POS[n] for n in FACT_KEY))   # a row's FACT_KEY values as a tuple


@dataclass
class DocResult:
    doc_id: str
    file: str
    rows: list[list]   # one list per fact, in TABLE_COLUMNS order (emptied by a pool worker: see arrays)
    quality: list[dict]
    info: object = None
    csv: bytes | None = None             # the rows as CSV lines, made by a pool worker (planbook.ingest_table)
    csv_floats: tuple | None = None      # the integer columns those lines write as floats
    arrays: dict | None = None           # the rows as one array per column, made by a pool worker
    count: int | None = None             # how many rows, once they are arrays

    @property
    def facts(self) -> int:
        return len(self.rows) if self.count is None else self.count

    def records(self) -> list[list]:
        """The rows as lists in TABLE_COLUMNS order, whether read here or by a pool worker."""
        return ingest_table.records(self, TABLE_COLUMNS)


@dataclass
class IngestResult:
    indicators: pd.DataFrame
    quality: pd.DataFrame
    errors: list[str] = field(default_factory=list)
    documents: list[DocResult] = field(default_factory=list)
    out: Path | None = None
    warnings: list[str] = field(default_factory=list)   # one line each (manifest, changed files, doc_id clashes, regions)
    reread: list[str] = field(default_factory=list)   # files read rather than taken from the fact cache


# ----------------------------------------------------------------------------- regions
def _region_aliases(paths=None) -> tuple[list[tuple[str, str, int]], list[str]]:
    """(alias, canonical, level) longest first, and the full region names."""
    p = (paths or project_paths()).catalog / "regions.csv"
    out: list[tuple[str, str, int]] = []
    names: list[str] = []
    if p.exists():
        with open(p, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                name = (row.get("name") or "").strip()
                if not name:
                    continue
                level = {"province": 0, "city": 1}.get((row.get("level") or "").strip(), 2)
                valid_to = (row.get("valid_to") or "").strip()
                names.append(name)
                out.append((name, name, level))
                for a in (row.get("aliases") or "").split("|"):
                    a = a.strip()
                    if len(a) >= 2 and a not in ("全市", "市区", "本市", "全区") and not valid_to:
                        out.append((a, name, level))
    out.sort(key=lambda t: len(t[0]), reverse=True)
    names.sort(key=len, reverse=True)
    return out, names


def _manifest(paths=None) -> dict[str, dict]:
    """file name -> manifest row (planbook.manifest reads the file; bad lines are left out there)."""
    return read_manifest(paths).rows


def doc_id_for(path: Path) -> str:
    m = re.match(r"^(\d{3})_", path.name)
    return m.group(1) if m else path.stem


# ----------------------------------------------------------------------------- one document
def extract_text(text: str, doc_id: str, file: str, catalog: Catalog, aliases, names,
                 manifest_row: dict | None = None) -> DocResult:
    """Facts and quality findings for one decoded report."""
    text, scrubbed = scrub_text(text)   # control characters and overlong digit runs, logged with position
    norm = normalize_text(text)
    hyg = clean_lines(text, norm)
    if manifest_row and manifest_row.get("published") and not hyg.published:
        m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", manifest_row["published"])
        if m:
            # a year alone leaves month and day unknown (0)
            hyg.published = (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))
    info = infer_docinfo(doc_id, file, [ln.text for ln in hyg.lines], aliases, hyg.published,
                         (manifest_row or {}).get("region") or None, raw=norm)
    parser = DocumentParser(info, hyg, text, local_region_names(info.region, names))
    facts = parser.parse()
    quality = [{"doc_id": doc_id, "file": file, "kind": k, "location": loc, "message": msg}
               for k, loc, msg in scrubbed + hyg.findings + parser.findings + parser.prose.findings]
    for n in info.notes:
        quality.append({"doc_id": doc_id, "file": file, "kind": "region", "location": "全文", "message": n})
    for k, msg in info.findings:
        quality.append({"doc_id": doc_id, "file": file, "kind": k, "location": "全文", "message": msg})
    dated = [f for f in facts if f.year is not None]
    yearless = len(facts) - len(dated)
    if yearless and (not dated or (info.actual_year is None and info.target_year is None)):
        # the report names no year at all (a news page on 1—8月 figures): its figures are kept, year
        # blank, rather than the report refused; the manifest's published date settles them
        for f in facts:
            if f.year is None:
                f.note = (f.note + ";" if f.note else "") + "报告年份未能确定"
        dated = facts
        message = f"报告未写明年份,{yearless}个数字年份留空;请在清单中填写发布日期(published)后重新读取"
    else:
        message = f"{yearless}个数字无法确定年份,未入库;请在清单中填写发布日期(published)或期间(period)"
    if yearless:
        quality.append({"doc_id": doc_id, "file": file, "kind": "year_unknown", "location": "全文", "message": message})
    if info.period:
        _text_period_to_results(dated, info)
    rows = [_fact_row(f, doc_id, catalog) for f in dated if _finite(f.value, f.value_high)]
    rows, dq = _dedupe_and_disambiguate(rows, doc_id, file)
    quality.extend(dq)
    rule_counts = Counter(r[RULE] for r in rows)
    if rule_counts:
        quality.append({"doc_id": doc_id, "file": file, "kind": "rule_counts", "location": "全文",
                        "message": "各抽取规则的数字个数:" + ";".join(f"{k} {n}" for k, n in rule_counts.most_common())})
    unmatched = sorted({r[INDICATOR_RAW] for r in rows if not r[INDICATOR_CODE]})
    if unmatched:
        quality.append({"doc_id": doc_id, "file": file, "kind": "unmatched_labels", "location": "全文",
                        "message": f"{len(unmatched)}个指标名不在指标目录中,按原文保留"
                                   f"(如{'、'.join(unmatched[:5])})"})
    return DocResult(doc_id, file, rows, quality, info)


def _text_period_to_results(facts: list[Fact], info) -> None:
    """A text on part of a year (its title, 2023年上半年…经济运行情况, or its paragraphs' openings say
    so): its results of that year that name no period of their own are of that part, not the whole year."""
    for f in facts:
        if not f.period and f.status == "actual" and f.year == info.actual_year \
                and (f.measure in ("level", "growth", "pp_change") or (f.measure == "avg_growth" and not f.base_year)):
            f.period = info.period


def _finite(*values) -> bool:
    """A figure a table can hold: no inf, no NaN, nothing beyond any real figure."""
    return all(v is None or -MAX_VALUE < v < MAX_VALUE for v in values)


def _fact_row(f: Fact, doc_id: str, catalog: Catalog) -> list:
    """The row of a fact, in ROW_FIELDS order."""
    ind = catalog.match(f.label_raw)
    if ind and f.source_kind == "table" and f.measure == "level" and f.unit == "%" and ind.unit not in ("%", "‰", ""):
        f.measure = "growth"   # | GDP | 6% | 5.0% |: a rate of an indicator measured in 亿元 is its growth
    if f.measure in ("avg_growth", "cumulative", "pp_change") and f.base_year and f.year and not f.period:
        # a figure over a plan period, not an annual one
        f.period = f"{f.base_year + 1}-{f.year}"
    return [doc_id, f.region, ind.name_zh if ind else listed_name(f.label_raw), ind.code if ind else "", f.label_raw,
            ind.category if ind else "", f.year, f.value, f.unit, f.measure, f.status, f.qualifier, f.period,
            f.plan, f.base_year, f.attribute, f.value_text, f.source_kind, f.rule or f.source_kind, f.table_id, f.row_label, f.note,
            f.quote, f.char_start, f.char_end, f.value_high, f.context]


_FACT_ROW_ORDER = ["doc_id", "region", "indicator", "indicator_code", "indicator_raw", "category", "year", "value",
                   "unit", "measure", "status", "qualifier", "period", "plan", "base_year", "attribute", "value_text",
                   "source_kind", "rule", "table_id", "row_label", "note", "quote", "char_start", "char_end", "value_high",
                   "_context"]
if _FACT_ROW_ORDER != ROW_FIELDS:   # _fact_row writes its list in this order
    raise ImportError("planbook.ingest: _fact_row's field order differs from ROW_FIELDS (data.INDICATOR_COLUMNS)")


def _dedupe_and_disambiguate(rows: list[list], doc_id: str, file: str) -> tuple[list[list], list[dict]]:
    """Each fact once per document; one value per indicator slot.

    The same fact stated twice (repeated page content, a prose sentence restating a table row) is
    kept once. When one document gives different values for the same indicator, year, measure and
    status (年度计划投资 of every project group), only the first keeps the canonical indicator; the
    others are renamed with their section so that no reader mistakes them for it."""
    out = _without_partial_restatements(_each_fact_once(rows))
    quality: list[dict] = []
    renamed = False
    for slot, group in _slots(out).items():
        if len(group) >= 2:
            renamed |= _one_value_per_slot(slot, group, out, quality, doc_id, file)
    # a second pass: renamed rows may now coincide (without a renaming they cannot: equal keys here
    # mean equal keys in the first pass, which kept one row per key)
    final = _each_renamed_once(out) if renamed else out
    for r in final:
        r.pop()   # the section heading (CONTEXT, the last field) was only for renaming
    return final, quality


def _each_fact_once(rows: list[list]) -> list[list]:
    """The same fact once (a table row is the better source, and a stated span beats none)."""
    seen: dict = {}
    out: list[list] = []
    for r in rows:
        value = r[VALUE]
        if value is not None:
            _, base, k = scale_of(r[UNIT])   # to_base, inline
            bv = float(value) * k
        else:
            base, bv = r[UNIT], None
        # a plan-span average or total is the same fact whether or not its span was written out
        period_key = "" if r[MEASURE] in ("avg_growth", "cumulative", "pp_change") else r[PERIOD]
        key = (r[REGION], r[INDICATOR], r[YEAR], r[MEASURE], r[STATUS], period_key, base,
               None if bv is None else round(bv, 6), r[VALUE_TEXT] if bv is None else "")
        if key in seen:
            kept = out[seen[key]]
            if (r[SOURCE_KIND] == "table" and kept[SOURCE_KIND] != "table") or (r[PERIOD] and not kept[PERIOD]
                                                                                   and r[SOURCE_KIND] == kept[SOURCE_KIND]):
                out[seen[key]] = r
            continue
        seen[key] = len(out)
        out.append(r)
    return out


def _without_partial_restatements(out: list[list]) -> list[list]:
    """The same figure restated without its partial-year mark (1—11月…12.6%; later: 增长12.6%) is one fact."""
    partial = {(r[REGION], r[INDICATOR], r[YEAR], r[MEASURE], r[STATUS], r[UNIT], r[VALUE])
               for r in out if r[PERIOD] and r[PERIOD][0] in "MQH" and r[VALUE] is not None}
    if not partial:
        return out
    return [r for r in out if r[PERIOD] or r[VALUE] is None or
            (r[REGION], r[INDICATOR], r[YEAR], r[MEASURE], r[STATUS], r[UNIT], r[VALUE]) not in partial]


def _slots(out: list[list]) -> dict[tuple, list[list]]:
    """The facts of each indicator slot; one slot per unit kind (人均GDP in 元 and in 美元 are the same
    indicator, not rival values)."""
    slots: dict[tuple, list[list]] = {}
    for r in out:
        if r[VALUE] is not None:
            # growth since a base year (比2011年增长112.3%) is not the year's growth
            since = r[BASE_YEAR] if r[MEASURE] == "growth" else None
            slots.setdefault(_fact_key(r) + (scale_of(r[UNIT])[1], since), []).append(r)
    return slots


def _one_value_per_slot(slot: tuple, group: list[list], out: list[list], quality: list[dict], doc_id: str,
                        file: str) -> bool:
    """Keep one fact of a slot (a table's, else the exact one beside a rounded one, else the first);
    drop rounded restatements; rename the others by their section. True when any was renamed."""
    tables = [g for g in group if g[SOURCE_KIND] == "table"]
    keep = tables[0] if tables else group[0]
    exact = [g for g in group if g is not keep and _approximates(keep, g)]
    if exact:
        keep = exact[0]   # 突破10万元,达到10.2万元: the exact figure is the fact
    renamed = False
    for g in list(group):
        if g is keep or to_base(g[VALUE], g[UNIT]) == to_base(keep[VALUE], keep[UNIT]):
            continue
        if _approximates(g, keep):
            # 超1.6万亿元 beside 16106亿元: the rounded statement adds nothing
            out.remove(g)
            group.remove(g)
            continue
        _rename_by_section(g, keep, group)
        renamed = True
    changed = [g for g in group if g is not keep and g[INDICATOR_CODE] == "" and g[INDICATOR] != keep[INDICATOR]]
    if changed:
        quality.append({"doc_id": doc_id, "file": file, "kind": "ambiguous_label",
                        "location": f"第{changed[0][CHAR_START]}-{changed[0][CHAR_END]}字",
                        "message": f"{keep[INDICATOR]}{slot[2]}年同一口径有{len(group)}个不同数值;"
                                   f"保留{keep[VALUE]:g}{keep[UNIT]}为该指标,其余{len(changed)}个按所在段落改名"})
    return renamed


def _rename_by_section(g: list, keep: list, group: list[list]) -> None:
    """A second value for a slot: named after its section (or 力争目标 / 第N处), with a note."""
    ctx = re.sub(r"^[\s\(（一二三四五六七八九十\d\)）、\.．第章节]+", "", g[CONTEXT] or "")
    ctx = re.sub(r"^(?:(?:19|20)\d{2}年)", "", ctx)
    ctx = re.split(r"[,。;:]", re.sub(r"\s+", "", ctx))[0][:16]   # (一、综  合: 综合)
    if g[QUALIFIER] in ("力争", "冲刺"):
        suffix = "力争目标" if g[QUALIFIER] == "力争" else "冲刺目标"
    else:
        suffix = ctx if ctx and ctx not in (keep[CONTEXT] or "") else f"第{group.index(g) + 1}处"
    g[INDICATOR] = f"{g[INDICATOR_RAW]}({suffix})"
    g[INDICATOR_CODE] = ""
    g[NOTE] = (g[NOTE] + ";" if g[NOTE] else "") + \
        f"同一文件中{keep[INDICATOR]}另有数值{keep[VALUE]:g}{keep[UNIT]},此处按所在段落区分"


def _each_renamed_once(out: list[list]) -> list[list]:
    final, seen = [], set()
    for r in out:
        key = (r[REGION], r[INDICATOR], r[YEAR], r[MEASURE], r[STATUS], r[PERIOD], r[UNIT], r[VALUE], r[VALUE_TEXT])
        if key not in seen:
            seen.add(key)
            final.append(r)
    return final


def _approximates(rough: list, exact: list) -> bool:
    """True when ``rough`` (超/突破/约/近/以上 …) is a rounded statement of ``exact`` (a figure with
    no qualifier). 6.5%左右 and 力争7% are two targets, not one figure rounded."""
    q = rough[QUALIFIER] or ""
    if q not in ("超", "突破", "约", "近", "以上") or (exact[QUALIFIER] or "") not in ("",):
        return False
    if q == "以上" and rough[STATUS] == "target":
        return False   # 城镇新增就业不少于1万人 beside 1.1万人: a floor and a figure are two targets
    b1, v1 = to_base(rough[VALUE], rough[UNIT])
    b2, v2 = to_base(exact[VALUE], exact[UNIT])
    if b1 != b2 or v1 is None or v2 is None or v2 == 0:
        return False
    if q in ("超", "突破", "以上"):
        return v1 <= v2 <= v1 * 1.15
    if q == "近":
        return v1 * 0.85 <= v2 <= v1
    return abs(v1 - v2) <= 0.05 * abs(v2)


# ----------------------------------------------------------------------------- files
def read_report(path: Path) -> str:
    return read_report_notes(path)[0]


def read_bytes(path: Path) -> bytes:
    """A report file's bytes, or a one-line message naming it (missing, a folder, unreadable)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlanbookError(f"{path}: 文件不存在 / no such file") from None
    except IsADirectoryError:
        raise PlanbookError(f"{path}: 是文件夹,不是报告 / is a directory, not a report") from None
    except OSError as exc:
        raise PlanbookError(f"{path}: 无法读取 / cannot read ({exc.strerror})") from None


def read_report_notes(path: Path) -> tuple[str, list[str]]:
    """The text of a report and notes on what decoding repaired (bad bytes replaced). PDF, Word and
    web pages give the text extracted into data/interim/."""
    if path.suffix.lower() in _OTHER_FORMATS:
        from planbook.formats import document_text
        P = project_paths()
        return document_text(path, P.interim if path.resolve().parent == P.raw.resolve() else None), []
    data = read_bytes(path)
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise PlanbookError(f"{path}: 不支持UTF-32编码,请另存为UTF-8或GB18030 / UTF-32 encoding is not supported; save the report as UTF-8 or GB18030")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise PlanbookError(f"{path}: 不支持UTF-16编码,请另存为UTF-8或GB18030 / UTF-16 encoding is not supported; save the report as UTF-8 or GB18030")
    try:
        return decode_report(data, str(path))
    except PlanbookError:
        text = table_only_text(data)   # a file that is only a table holds too little prose to pass
        if text is None:
            raise
        return text, []


_OTHER_FORMATS = (".pdf", ".docx", ".html", ".htm")   # read through planbook.formats


def raw_files(paths=None) -> list[Path]:
    P = paths or project_paths()
    return sorted(p for p in (P.raw.iterdir() if P.raw.is_dir() else ()) if p.is_file()
                  and p.suffix.lower() in (".txt",) + _OTHER_FORMATS and not p.name.startswith("."))


@contextmanager
def _cyclic_gc_paused():
    """Extraction makes millions of short-lived objects and no reference cycles (checked:
    ``gc.collect()`` after an ingestion finds nothing), so the cycle collector only costs time
    (~6%, more as the table grows); it is paused while the documents are read and the tables
    built and written."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def ingest(files: list[str | Path] | None = None, out: str | Path | None = None,
           quality_out: str | Path | None = None, write: bool = True, progress: bool = False,
           jobs: int | None = None, cache: bool | None = None, replace: bool = False) -> IngestResult:
    """Extract every report (all of data/raw when ``files`` is None) into the indicator table.

    ``jobs``: worker processes (default every core); ``cache``: keep each report's facts and read
    again only new or changed reports (default: when reading all of data/raw). Given ``files`` and
    no ``out``, their facts are merged into the project's table (their own old rows replaced, every
    other report's kept) unless ``replace``; a run that reads no figure at all writes nothing and
    the previous table stays."""
    P = project_paths()
    check_project_inputs(P)   # catalogs and reference figures: a broken one stops before any write
    catalog = load_catalog()
    aliases, names = _region_aliases(P)
    man = read_manifest(P)
    manifest = man.rows
    paths = [Path(f) for f in files] if files else raw_files(P)
    if not paths:
        raise PlanbookError(f"{P.raw}: 没有可读取的报告(.txt/.pdf/.docx/.html) / no reports to ingest")
    # ids are distinct over the table written: the project's (all of data/raw) unless --out names another
    ids, clashes = doc_ids(paths, raw_files(P) if out is None else [], listed=manifest)
    warnings = man.problems + check_files(man, paths, whole_folder=not files) + clashes
    from planbook.ingest_cache import FactCache
    from planbook.ingest_pool import read_documents
    facts = FactCache(P, whole_corpus=files is None) if (files is None if cache is None else cache) else None
    with _cyclic_gc_paused():
        results, reread = read_documents(paths, manifest, (catalog, aliases, names), jobs, facts,
                                         progress=progress, ids=ids)
        docs, errors = _collect(paths, results, warnings)
        ind = ingest_table.concat(docs, TABLE_COLUMNS)
        read = len(ind)
        findings = [q for d in docs for q in d.quality]
        findings += [{"doc_id": "", "file": "", "kind": "vocabulary", "location": "全表", "message": m}
                     for m in check_facts(ind)]   # every code the extractor wrote is one the vocabulary knows
        # the analyst's decisions (data/catalog/corrections.csv): confirm, fix, reject, add
        table, verify_findings = apply_on_ingest(ind, docs, paths, complete=not files)
        joined = table is ind and ingest_table.joinable(docs)   # no decision changed it
        ind = table
        findings += verify_findings
        findings += [{"doc_id": "", "file": e.split(": ", 1)[0], "kind": kind, "location": "文件",
                      "message": e.split(": ", 1)[-1]}
                     for kind, lines in (("error", errors), ("warning", warnings)) for e in lines]
        qual = pd.DataFrame(findings, columns=QUALITY_COLUMNS)
        result = IngestResult(ind, qual, errors, docs, warnings=warnings, reread=reread)
        if write and read:
            _write_tables(result, P, out, quality_out, merge=bool(files) and out is None and not replace,
                          joined=joined)
        elif write:
            errors.append(f"{P.indicators_csv}: 没有读到任何数字,未写入,保留原表 / no figures read; nothing written, "
                          "the previous table is kept")
    return result


def _collect(paths: list[Path], results: list, warnings: list[str]) -> tuple[list[DocResult], list[str]]:
    """The documents read and the one-line message of each report that gave nothing (warnings for
    a report whose region could not be decided are added to ``warnings``)."""
    docs: list[DocResult] = []
    errors: list[str] = []
    for path, res in zip(paths, results):
        if isinstance(res, str):   # the one-line message of a file that could not be read
            errors.append(res)
            continue
        if res.facts and not res.info.actual_year and any(q["kind"] == "year_unknown" for q in res.quality):
            warnings.append(f"{path}: 无法确定报告年份,数字的年份留空;请在清单中填写发布日期 / "
                            f"the report's year is unknown (figures kept without a year); set published in the manifest")
        if not res.facts:
            errors.append(f"{path}: 未找到任何数字,可能不是规划报告或编码不对 / no figures found; not a plan report, "
                          "or a wrong encoding?")
        if not res.info.region:
            warnings.append(f"{path}: 无法确定报告所属地区,地区列留空;请在清单中填写 / region unknown; "
                            f"set it in the manifest")
        docs.append(res)
    return docs, errors


def _write_tables(result: IngestResult, P, out, quality_out, merge: bool, joined: bool = False) -> None:
    """Write the indicator table and the quality log; with ``merge``, into the project's tables
    (rows of the documents read now replaced, the others kept); ``joined``: the indicator table from
    the documents' own CSV lines (planbook.ingest_table)."""
    out_path = Path(out) if out else P.indicators_csv
    q_path = Path(quality_out) if quality_out else (P.quality_csv if out is None else out_path.with_name(
        out_path.stem + "_quality.csv"))
    ind, qual = result.indicators, result.quality
    if merge:
        ids = {d.doc_id for d in result.documents}
        files = {d.file for d in result.documents}
        ind = _merged(out_path, ind, lambda old: ~old["doc_id"].isin(ids))
        qual = _merged(q_path, qual, lambda old: ~(old["doc_id"].isin(ids) | old["file"].isin(files)))
    if merge:
        write_csv_atomic(ind, out_path)
    else:
        ingest_table.write_indicators(ind, result.documents, out_path, joined)
    write_csv_atomic(qual, q_path)
    result.out = out_path


def _merged(path: Path, new: pd.DataFrame, keep) -> pd.DataFrame:
    """``new`` appended to the rows of the table at ``path`` that ``keep`` selects (all as text)."""
    if not path.exists():
        return new
    try:
        old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: 无法读取原表,未合并 / cannot read the table to merge into ({exc})") from None
    new_text = pd.read_csv(io.StringIO(new.to_csv(index=False)), dtype=str, keep_default_na=False)
    old = old.reindex(columns=list(new.columns), fill_value="")
    return pd.concat([old[keep(old)], new_text], ignore_index=True)


# ----------------------------------------------------------------------------- CLI
def _cli(args: argparse.Namespace) -> int:
    res = ingest(args.files or None, out=args.out, progress=True, replace=args.replace)
    for e in res.errors:
        print(f"planbook: {e}", file=sys.stderr)
    for w in res.warnings:
        print(f"planbook: 警告 / warning: {w}", file=sys.stderr)
    if res.out:
        by = res.indicators.groupby("doc_id").size()
        print(f"{len(res.indicators)} facts from {len(res.documents)} report(s) -> {res.out}")
        for d in res.documents:
            print(f"  {d.file}: {by.get(d.doc_id, 0)} facts, region {d.info.region or '未确定 (unknown)'}, {d.info.kind}")
    if res.errors:
        return 1
    return 0


def add_cli(sub) -> None:
    p = sub.add_parser("ingest", help="extract facts from reports into data/processed/indicators.csv")
    p.add_argument("files", nargs="*", help="report files (default: everything in data/raw)")
    p.add_argument("--out", help="output CSV (default data/processed/indicators.csv)")
    p.add_argument("--replace", action="store_true",
                   help="以这些文件的结果替换整张表(默认合并) / replace the whole table with these files' facts "
                        "(default: merge them into it)")
    p.set_defaults(func=_cli)
