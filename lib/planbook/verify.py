"""Verification: the analyst's decisions on extracted figures, kept as data and applied on every ingestion.

Decisions live in ``data/catalog/corrections.csv`` (one row per decision; the file is optional, a new
user has none). A decision finds its fact by ``doc_id``, a piece of the fact's ``quote`` (the fact's
quote contains it, spaces ignored) and ``value`` (the extracted number), so it keeps working when the
extractor changes and offsets shift. Actions:

* ``confirm`` — the figure is right (``verified`` = confirmed);
* ``fix`` — the non-blank fields among region, indicator, year, new_value, unit, measure, status
  overwrite the fact's (``verified`` = corrected; the extracted number stays in ``value_extracted``);
* ``reject`` — the fact leaves indicators.csv and is listed in quality.csv;
* ``add`` — a fact the extractor missed, made from doc_id, quote and the fields (``verified`` = added).

A decision that matches no fact, or several, is listed in quality.csv and printed as one warning line;
a malformed row gets a one-line message naming the file and line; the other rows still apply.
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planbook import vocab

from planbook.data import VERIFICATION_COLUMNS
from planbook.fileio import PlanbookError, atomic_path
from planbook.paths import project_paths

CORRECTION_COLUMNS = ["doc_id", "quote", "value", "action", "region", "indicator", "year", "new_value", "unit",
                      "measure", "status", "note", "analyst", "date", "indicator_raw"]
REQUIRED_COLUMNS = CORRECTION_COLUMNS[:4]
ACTIONS = ("confirm", "fix", "reject", "add")
# the fields a fix overwrites / an add fills (new_value is the fact's value)
FIELDS = ("region", "indicator", "year", "new_value", "unit", "measure", "status")
VERIFIED_OF_ACTION = {"confirm": "confirmed", "fix": "corrected", "add": "added"}
# the 核对 column everywhere a figure is shown
VERIFIED_ZH = {"": "未核对", "confirmed": "已确认", "corrected": "已更正", "added": "已补录"}
VERIFIED_COLUMN_ZH = "核对"
STATUSES = vocab.labels("data_status")   # code -> Chinese label (a decision may use either)
MEASURES = vocab.labels("measure")
KIND_REJECTED = "rejected_by_analyst"
KIND_UNMATCHED = "correction_unmatched"
KIND_MALFORMED = "correction_malformed"
QUALITY_KIND_ZH = {KIND_REJECTED: "人工删除", KIND_UNMATCHED: "核对记录未匹配", KIND_MALFORMED: "核对记录格式错误"}


@dataclass
class Decision:
    line: int
    doc_id: str
    quote: str
    value: float | None
    action: str
    fields: dict[str, object] = field(default_factory=dict)   # non-blank FIELDS, typed
    note: str = ""
    analyst: str = ""
    date: str = ""
    indicator_raw: str = ""

    def describe(self) -> str:
        v = "" if self.value is None else f"{self.value:g}"
        return f"第{self.line}行 {self.action} [{self.doc_id}] {v}“{self.quote[:24]}”"


@dataclass
class Outcome:
    indicators: pd.DataFrame
    quality: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: int = 0
    unmatched: list[tuple[Decision, str]] = field(default_factory=list)


def corrections_path(paths=None) -> Path:
    return (paths or project_paths()).catalog / "corrections.csv"


def squeeze(text) -> str:
    """Text without white space (quotes are compared this way)."""
    return re.sub(r"\s+", "", str(text or ""))


def norm_doc_id(d) -> str:
    s = str(d or "").strip()
    return s.zfill(3) if s.isdigit() else s


def _number(text: str) -> float | None:
    s = str(text or "").strip().replace(",", "").replace(",", "")
    if not s:
        return None
    v = float(s)   # ValueError for anything that is not a number
    if not math.isfinite(v):
        raise ValueError(s)
    return v


# ----------------------------------------------------------------------------- reading
def read_corrections(path: Path | str | None = None) -> tuple[list[Decision], list[str]]:
    """The decisions of the file and one message per malformed row; ([], []) when there is no file."""
    path = Path(path) if path else corrections_path()
    if not path.exists():
        return [], []
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                return [], [f"{path}: 缺少列 {'、'.join(missing)},核对记录未应用 / missing column(s) {', '.join(missing)}"]
            decisions, problems = [], []
            for row in reader:
                try:
                    decisions.append(_decision(row, reader.line_num))
                except ValueError as exc:
                    problems.append(f"{path} 第{reader.line_num}行: {exc}")
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [], [f"{path}: 无法读取核对记录 / cannot read corrections ({exc})"]
    return decisions, problems


def _decision(row: dict, line: int) -> Decision:
    """One row as a Decision; ValueError with a one-line Chinese/English message when malformed."""
    get = lambda k: str(row.get(k) or "").strip()   # noqa: E731
    action = get("action").lower()
    if action not in ACTIONS:
        raise ValueError(f"未知的操作“{get('action')}”(应为 confirm/fix/reject/add) / "
                         f"unknown action {get('action')!r}")
    doc_id, quote = norm_doc_id(get("doc_id")), squeeze(get("quote"))
    if not doc_id or not quote:
        raise ValueError(f"缺少文档编号或原文 / doc_id and quote are required")
    try:
        value = _number(get("value"))
    except ValueError:
        raise ValueError(f"数值“{get('value')}”不是数字 / value is not a number") from None
    fields = _typed_fields({k: get(k) for k in FIELDS}, line)
    if action != "add" and value is None:
        raise ValueError(f"{action} 需要抽取的数值(value) / {action} needs the extracted value")
    if action == "fix" and not fields:
        raise ValueError(f"fix 没有给出要更正的字段 / fix gives no field to correct")
    if action == "add":
        if value is not None and "new_value" not in fields:
            fields["new_value"] = value
        lacking = [k for k in ("indicator", "year", "new_value") if k not in fields]
        if lacking:
            raise ValueError(f"add 缺少 {'、'.join(lacking)} / add needs {', '.join(lacking)}")
    return Decision(line, doc_id, quote, value, action, fields, get("note"), get("analyst"), get("date"),
                    get("indicator_raw"))


def _typed_fields(raw: dict[str, str], line: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in raw.items():
        if not v:
            continue
        if k == "new_value":
            try:
                out[k] = _number(v)
            except ValueError:
                raise ValueError(f"新数值“{v}”不是数字 / new_value is not a number") from None
        elif k == "year":
            if not re.fullmatch(r"(19|20)\d{2}", v):
                raise ValueError(f"年份“{v}”不是四位年份 / year is not a year")
            out[k] = int(v)
        elif k == "status":
            code = {zh: en for en, zh in STATUSES.items()}.get(v, v)
            if code not in STATUSES:
                raise ValueError(f"状态“{v}”应为 actual/estimate/target / unknown status")
            out[k] = code
        elif k == "measure":
            code = {zh: en for en, zh in MEASURES.items()}.get(v, v)
            if code not in MEASURES:
                raise ValueError(f"口径“{v}”应为 {'/'.join(MEASURES)} / unknown measure")
            out[k] = code
        else:
            out[k] = v
    return out


# ----------------------------------------------------------------------------- matching
def find_facts(ind: pd.DataFrame, d: Decision, squeezed: pd.Series | None = None) -> list:
    """Index labels of the facts a decision names (doc_id, quote piece, extracted value), narrowed by
    ``indicator_raw`` and, for confirm and reject, by the other fields the decision fills in."""
    quotes = squeezed if squeezed is not None else ind["quote"].map(squeeze)
    mask = (ind["doc_id"].astype(str) == d.doc_id) & quotes.str.contains(d.quote, regex=False)
    if d.value is not None:
        vals = pd.to_numeric(ind["value"], errors="coerce")
        mask &= (vals - d.value).abs() <= 1e-9 * max(1.0, abs(d.value))
    hits = list(ind.index[mask])
    if len(hits) > 1 and d.indicator_raw:
        hits = [i for i in hits if d.indicator_raw in (ind.at[i, "indicator_raw"], ind.at[i, "indicator"])] or hits
    if len(hits) > 1 and d.action in ("confirm", "reject"):
        for k, v in d.fields.items():
            col = "value" if k == "new_value" else k
            narrowed = [i for i in hits if _same(ind.at[i, col], v)
                        or (k == "indicator" and _same(ind.at[i, "indicator_raw"], v))]
            hits = narrowed or hits
    return hits


def _same(a, b) -> bool:
    if isinstance(b, (int, float)):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


# ----------------------------------------------------------------------------- applying
def apply_decisions(ind: pd.DataFrame, decisions: list[Decision], *, doc_ids: set[str] | None = None,
                    texts=None, regions: dict[str, str] | None = None, catalog=None,
                    source: str = "corrections.csv") -> Outcome:
    """The fact table with the decisions applied (the last decision on a fact counts).

    ``doc_ids``: the documents of this ingestion (decisions on other documents are left alone);
    ``texts(doc_id) -> str``: a document's text, to place an added figure; ``regions``: each
    document's region, for an add that gives none. Without decisions the table itself gets the
    (blank) verification columns: no copy, nothing else read (ingestion speed)."""
    ind = ind.copy() if decisions else ind
    if "verified" not in ind.columns:
        ind["verified"] = ""
    if "value_extracted" not in ind.columns:
        ind["value_extracted"] = float("nan")
    out = Outcome(ind)
    if not decisions:
        return out
    ind["value_extracted"] = ind["value_extracted"].astype(object)
    # only the documents the decisions name are searched, each on its own rows
    docs = ind["doc_id"].astype(str)
    named = docs.isin({d.doc_id for d in decisions})
    rows_of = ind[named].groupby(docs[named]).groups
    squeezed = ind.loc[named, "quote"].map(squeeze)
    rejected: dict = {}
    added: list[dict] = []
    for d in decisions:
        if doc_ids is not None and d.doc_id not in doc_ids:
            continue
        rows = rows_of.get(d.doc_id, ind.index[:0])
        facts, quotes = ind.loc[rows], squeezed.loc[rows]
        if d.action == "add":
            found = _extracted_already(facts, d, quotes)
            if found is not None:   # the extractor reads it now: no second copy
                ind.at[found, "verified"] = "confirmed"
                out.applied += 1
                continue
            row, why = _added_row(d, ind, texts, regions or {}, catalog)
            if row is None:
                _unmatched(out, d, why, source)
                continue
            added.append(row)
            out.applied += 1
            continue
        hits = find_facts(facts, d, quotes)
        if len(hits) != 1:
            _unmatched(out, d, "没有找到这个数字" if not hits else f"找到{len(hits)}个相符的数字,无法确定是哪一个",
                       source)
            continue
        i = hits[0]
        rejected.pop(i, None)
        if d.action == "reject":
            rejected[i] = d
        elif d.action == "confirm":
            ind.at[i, "verified"] = "confirmed"
        else:
            _fix(ind, i, d, catalog)
        out.applied += 1
    for i, d in rejected.items():
        out.quality.append(_rejected_finding(ind.loc[i], d, source))
    ind = ind.drop(index=list(rejected))
    ind = ind.reset_index(drop=True)
    for row in added:
        ind.loc[len(ind)] = [row[c] for c in ind.columns]
    ind["value_extracted"] = pd.to_numeric(ind["value_extracted"], errors="coerce")
    out.indicators = ind
    return out


def _fix(ind: pd.DataFrame, i, d: Decision, catalog) -> None:
    if ind.at[i, "verified"] != "corrected":
        ind.at[i, "value_extracted"] = ind.at[i, "value"]
    for k, v in d.fields.items():
        col = "value" if k == "new_value" else k
        ind.at[i, col] = v
    if "indicator" in d.fields:
        code, category = _catalog_entry(str(d.fields["indicator"]), catalog)
        ind.at[i, "indicator_code"], ind.at[i, "category"] = code, category
    if d.note:
        ind.at[i, "note"] = (f"{ind.at[i, 'note']};" if ind.at[i, "note"] else "") + f"人工更正:{d.note}"
    ind.at[i, "verified"] = "corrected"


def _catalog_entry(name: str, catalog) -> tuple[str, str]:
    if catalog is None:
        return "", ""
    ind = next((x for x in catalog.by_code.values() if x.name_zh == name), None) or catalog.match(name)
    return (ind.code, ind.category) if ind else ("", "")


def _extracted_already(ind: pd.DataFrame, d: Decision, squeezed: pd.Series):
    """The index of the extracted fact an add describes (same quote, value, year and name), or None."""
    probe = Decision(d.line, d.doc_id, d.quote, d.fields["new_value"], "confirm")
    name = str(d.fields["indicator"])
    hits = [i for i in find_facts(ind, probe, squeezed) if _same(ind.at[i, "year"], d.fields["year"])
            and name in (ind.at[i, "indicator"], ind.at[i, "indicator_raw"])]
    return hits[0] if len(hits) == 1 else None


def _added_row(d: Decision, ind: pd.DataFrame, texts, regions: dict, catalog):
    """(row dict, "") for an add, or (None, why) when its quote is not in its document."""
    text = texts(d.doc_id) if texts else None
    start = end = None
    if texts and text is None:
        return None, "找不到该文档"
    if text is not None:
        start, end = locate(text, d.quote)
        if start is None:
            return None, "原文不在该文档中"
    f = d.fields
    name = str(f["indicator"])
    code, category = _catalog_entry(name, catalog)
    row = {c: "" for c in ind.columns}
    row.update(doc_id=d.doc_id, region=f.get("region") or regions.get(d.doc_id, ""), indicator=name,
               indicator_code=code, indicator_raw=d.indicator_raw or name, category=category, year=f["year"],
               value=f["new_value"], unit=f.get("unit", ""), measure=f.get("measure", "level"),
               status=f.get("status", "actual"), value_text=f"{f['new_value']:g}", source_kind="manual",
               quote=text[start:end] if text is not None else d.quote, char_start=start, char_end=end,
               note=f"人工补录{':' + d.note if d.note else ''}", verified="added", value_extracted=None)
    if "rule" in row:
        row["rule"] = "manual.add"
    if "value_high" in row:
        row["value_high"] = None
    return row, ""


def locate(text: str, piece: str) -> tuple[int | None, int | None]:
    """Offsets in ``text`` of the sentence that holds ``piece`` (white space ignored), or (None, None)."""
    chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(ch for _, ch in chars)
    k = flat.find(squeeze(piece))
    if k < 0:
        return None, None
    a, b = chars[k][0], chars[k + len(squeeze(piece)) - 1][0] + 1
    for s, e in sentence_spans(text):
        if s <= a and b <= e:
            return s, e
    return a, b


_SENTENCE_END = re.compile(r"[。;;!?!?\n]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of a document (ends kept with the sentence, blanks trimmed)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _unmatched(out: Outcome, d: Decision, why: str, source: str) -> None:
    out.unmatched.append((d, why))
    out.warnings.append(f"{source} 第{d.line}行: 核对记录未应用:{why}({d.describe()}) / decision matches no single fact")
    out.quality.append({"doc_id": d.doc_id, "file": source, "kind": KIND_UNMATCHED, "location": f"第{d.line}行",
                        "message": f"核对记录未应用:{why}({d.describe()})"})


def _rejected_finding(r: pd.Series, d: Decision, source: str) -> dict:
    v = pd.to_numeric(pd.Series([r["value"]]), errors="coerce").iloc[0]
    shown = f"{v:g}" if pd.notna(v) else str(r.get("value_text") or "")
    why = f":{d.note}" if d.note else ""
    return {"doc_id": r["doc_id"], "file": source, "kind": KIND_REJECTED,
            "location": f"第{r['char_start']}-{r['char_end']}字",
            "message": f"人工删除(第{d.line}行){why}:{r['indicator']} {r['year']}年 {shown}{r['unit'] or ''}"
                       f"“{str(r['quote'])[:40]}”"}


# ----------------------------------------------------------------------------- ingestion hook
def apply_on_ingest(ind: pd.DataFrame, docs: list, paths: list[Path], complete: bool) -> tuple[pd.DataFrame, list[dict]]:
    """What ``planbook.ingest`` calls once the fact table is built: the table with the project's
    decisions applied and the quality findings they make; warnings go to stderr, one line each."""
    from planbook.catalog import load_catalog
    from planbook.ingest import doc_id_for, read_report

    path = corrections_path()
    decisions, problems = read_corrections(path)
    findings = [{"doc_id": "", "file": path.name, "kind": KIND_MALFORMED, "location": _line_of(p), "message": p}
                for p in problems]
    by_doc = {doc_id_for(p): p for p in paths}
    cache: dict[str, str | None] = {}

    def texts(doc_id: str) -> str | None:
        if doc_id not in cache:
            try:
                cache[doc_id] = read_report(by_doc[doc_id]) if doc_id in by_doc else None
            except PlanbookError:
                cache[doc_id] = None
        return cache[doc_id]

    ingested = {d.doc_id for d in docs}
    doc_ids = None if complete else ingested
    regions = {d.doc_id: getattr(d.info, "region", "") or "" for d in docs}
    out = apply_decisions(ind, decisions, doc_ids=doc_ids, texts=texts, regions=regions,
                          catalog=load_catalog() if decisions else None, source=path.name)
    for line in problems + out.warnings:
        print(f"planbook: 警告 warning: {line}", file=sys.stderr)
    return out.indicators, findings + out.quality


def _line_of(problem: str) -> str:
    m = re.search(r" 第(\d+)行: ", problem)
    return f"第{m.group(1)}行" if m else "文件"


# ----------------------------------------------------------------------------- state and counts
def verified_label(state) -> str:
    """The 核对 text of a fact's ``verified`` value (blank → 未核对)."""
    s = "" if state is None or (isinstance(state, float) and math.isnan(state)) else str(state)
    return VERIFIED_ZH.get(s, s)


def verification_counts(facts: pd.DataFrame) -> pd.DataFrame:
    """Per document: figures checked (by kind) and not checked, with a total row."""
    state = facts["verified"].fillna("") if "verified" in facts else pd.Series("", index=facts.index)
    t = pd.crosstab(facts["doc_id"].astype(str), state.map(verified_label))
    cols = [VERIFIED_ZH[k] for k in ("confirmed", "corrected", "added", "")]
    t = t.reindex(columns=cols, fill_value=0)
    t["已核对"] = t[cols[:3]].sum(axis=1)
    t["合计"] = t["已核对"] + t["未核对"]
    t.loc["合计"] = t.sum()
    t.index.name = "文档"
    t.columns.name = None
    return t.astype(int)


def checked_share(facts: pd.DataFrame) -> tuple[int, int]:
    """(figures a person checked, figures) of a fact table."""
    if "verified" not in facts:
        return 0, len(facts)
    return int((facts["verified"].fillna("").astype(str) != "").sum()), len(facts)


def open_decisions(quality: pd.DataFrame) -> pd.DataFrame:
    """Decisions that no longer match a fact, or are malformed, as the last ingestion listed them."""
    q = quality[quality["kind"].isin([KIND_UNMATCHED, KIND_MALFORMED])]
    return q[["location", "message"]].rename(columns={"location": "位置", "message": "说明"})


def _cli(args: argparse.Namespace) -> int:
    from planbook.data import load_indicators, load_quality

    P = project_paths()
    facts = load_indicators()
    counts = verification_counts(facts)
    done, total = checked_share(facts)
    print(f"已核对 checked {done} / {total}")
    print(counts.to_string())
    path = corrections_path(P)
    if not path.exists():
        print(f"没有核对记录 no decisions yet ({path})")
    elif path.stat().st_mtime > P.indicators_csv.stat().st_mtime:
        print("核对记录在上次入库后有改动,请运行 planbook ingest 应用 / corrections changed since the last "
              "ingestion: run `planbook ingest`")
    stale = open_decisions(load_quality()) if P.quality_csv.exists() else pd.DataFrame()
    if len(stale):
        print(f"未能应用的核对记录 decisions that no longer match: {len(stale)}")
        for loc, msg in stale.itertuples(index=False):
            print(f"  {path.name} {loc}: {msg}")
    return 0


def add_cli(sub) -> None:
    p = sub.add_parser("verify", help="核对进度: 每份报告已核对/未核对的数字, 及不再匹配的核对记录 "
                                      "(checked figures per report, decisions that no longer match)")
    p.set_defaults(func=_cli)


# ----------------------------------------------------------------------------- writing decisions
def record_decision(row: dict, path: Path | str | None = None, replaces=None) -> Path:
    """Append a decision to corrections.csv (atomically), dropping the earlier decisions on the same
    fact (same doc_id, quote, value and indicator_raw, or those ``replaces(old_row)`` selects)."""
    path = Path(path) if path else corrections_path()
    fields, rows = list(CORRECTION_COLUMNS), []
    if path.exists():
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields += [c for c in (reader.fieldnames or []) if c not in fields]
            rows = list(reader)
    key = _decision_key(row)
    rows = [r for r in rows if not ((replaces(r) if replaces else False) or
                                    (r.get("action") != "add" and _decision_key(r) == key))]
    rows.append({k: "" if row.get(k) is None else str(row.get(k)) for k in fields})
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    return path


def _decision_key(r: dict) -> tuple:
    try:
        v = _number(str(r.get("value") or ""))
    except ValueError:
        v = str(r.get("value"))
    return (norm_doc_id(r.get("doc_id")), squeeze(r.get("quote")), v, str(r.get("indicator_raw") or "").strip())


def quote_piece(quote: str, value_text: str) -> str:
    """The clause of a quote that holds the figure (what a decision records to find its fact again)."""
    q = squeeze(quote)
    vt = squeeze(value_text)
    if not vt or vt not in q:
        return q
    for clause in re.split(r"(?<=[,,;;。:])", q):
        if vt in clause:
            return clause.rstrip(",,;;。:")
    return q


# ----------------------------------------------------------------------------- the 核对 column elsewhere
def states_for(rows: pd.DataFrame, facts: pd.DataFrame | None = None, value_col: str = "value") -> pd.Series:
    """The 核对 label of each row of a derived table (reviews, comparison) that names its fact by
    doc_id, quote and a value: the state of that fact in the indicator table; "—" for a row with no
    report behind it (official statistics)."""
    if facts is None:
        from planbook.data import load_indicators

        try:
            facts = load_indicators()
        except PlanbookError:
            facts = pd.DataFrame(columns=["doc_id", "quote", "value", "verified"])
    if "verified" not in facts:
        facts = facts.assign(verified="")
    fv = pd.to_numeric(facts["value"], errors="coerce").round(6)
    fq = facts["quote"].map(squeeze)
    fd = facts["doc_id"].astype(str).map(norm_doc_id)
    exact = dict(zip(zip(fd, fq, fv), facts["verified"].fillna("")))
    if rows.empty or "doc_id" not in rows or "quote" not in rows:
        return pd.Series([verified_label("")] * len(rows), index=rows.index, dtype=object)
    vals = pd.to_numeric(rows[value_col], errors="coerce").round(6) if value_col in rows else pd.Series(float("nan"),
                                                                                                      index=rows.index)
    out = []
    for d, q, v in zip(rows["doc_id"], rows["quote"], vals):
        if not str(d or "").strip() or str(d) == "nan":
            out.append("—")
            continue
        out.append(verified_label(exact.get((norm_doc_id(d), squeeze(q), v), "")))
    return pd.Series(out, index=rows.index, dtype=object)


def unchecked_css(label) -> str:
    """Styler CSS for a 核对 cell: figures no person checked are grey and italic."""
    return "color: #888888; font-style: italic" if label == VERIFIED_ZH[""] else ""


def review_states(reviews: pd.DataFrame, facts: pd.DataFrame | None = None) -> pd.Series:
    """The 核对 label of each review row from the figures it uses: the target (doc_id, quote,
    target_value) and the base and latest values (region, indicator, year, value). 已核对 when a
    person checked all of those found in the indicator table (含更正 when one was corrected),
    部分核对 when some, 未核对 when none."""
    if facts is None:
        from planbook.data import load_indicators

        try:
            facts = load_indicators()
        except PlanbookError:
            return pd.Series([verified_label("")] * len(reviews), index=reviews.index, dtype=object)
    state = facts["verified"].fillna("") if "verified" in facts else pd.Series("", index=facts.index)
    fv = pd.to_numeric(facts["value"], errors="coerce").round(6)
    years = pd.to_numeric(facts["year"], errors="coerce")
    by_fields: dict = {}
    for key, s in zip(zip(facts["region"], facts["indicator"], years, fv), state):
        by_fields.setdefault(key, []).append(s)
    targets = states_for(reviews, facts, "target_value") if {"doc_id", "quote"} <= set(reviews.columns) else None
    out = []
    for n, (_, r) in enumerate(reviews.iterrows()):
        found = [] if targets is None or targets.iloc[n] == "—" else [targets.iloc[n] != VERIFIED_ZH[""]]
        corrected = targets is not None and targets.iloc[n] == VERIFIED_ZH["corrected"]
        for y, v in (("base_year", "base_value"), ("latest_year", "latest_value")):
            yv, vv = pd.to_numeric(pd.Series([r.get(y), r.get(v)]), errors="coerce")
            hit = by_fields.get((r.get("region"), r.get("indicator"), yv, round(vv, 6)))
            if hit:
                found.append(any(hit))
                corrected = corrected or "corrected" in hit
        out.append(VERIFIED_ZH[""] if not any(found) else
                   ("已核对(含更正)" if corrected else "已核对") if all(found) else "部分核对")
    return pd.Series(out, index=reviews.index, dtype=object)


def verification_sentence(facts: pd.DataFrame) -> str:
    """The 说明 line: how many of the figures used a person checked."""
    done, total = checked_share(facts)
    state = facts["verified"].fillna("").astype(str) if "verified" in facts else pd.Series(dtype=str)
    parts = "、".join(f"{VERIFIED_ZH[k]}{int((state == k).sum())}" for k in ("confirmed", "corrected", "added")
                      if (state == k).any())
    return (f"人工核对:所用 {total} 个数字中,{done} 个经人工核对{f'({parts})' if parts else ''},"
            f"其余 {total - done} 个为程序抽取、未经人工核对(“核对”列为“未核对”,以灰色斜体显示)。"
            "核对记录在 data/catalog/corrections.csv,每次重新入库时自动应用。")
