"""District comparison: like with like across the city and its districts.

For an indicator, a measure (level, growth, ...) and a year, ``compare`` picks the best value per
region (actual over estimate over target, a later report's revision over an earlier figure), says
where it came from (doc_id + quote), falls back to the nearest year *labelled as such* when a region
lacks the year, converts units to one unit (亿元/万亿元/万元, 万人/人 ...; refuses to mix % with 亿元),
computes each district's share of the city total where both exist for the same year, ranks the
districts, and carries boundary and definition notes (from the regions catalog and from the fact's
own ``note``).

Other views built on it: ``level_and_growth`` (level and growth side by side), ``target_ambition``
(targets side by side with the gap to the city's target), ``lineup`` (every region and every year
an indicator is reported, e.g. R&D intensity), ``default_comparisons``/``run_compare`` (the table
``data/processed/comparison.csv``) and the ``planbook compare`` verb.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planbook import provenance as P
from planbook import regions as R
from planbook import vocab as V
from planbook.fileio import PlanbookError, write_csv_atomic
from planbook.paths import project_paths

# ---------------------------------------------------------------------------------------------
# vocabulary

STATUS_RANK = V.attribute("data_status", "rank")
STATUS_LABELS = V.labels("data_status")
MEASURE_LABELS = V.labels("measure")
# which statuses each status mode accepts
STATUS_MODES = {
    "best": ("actual", "estimate", "target"),      # best available per region, status labelled
    "realised": ("actual", "estimate"),            # 实绩或预计
    "actual": ("actual",),
    "estimate": ("estimate",),
    "target": ("target",),
}
STATUS_MODE_LABELS = {"best": "最佳可得", "realised": f"{STATUS_LABELS['actual']}/{STATUS_LABELS['estimate']}",
                      "actual": f"仅{STATUS_LABELS['actual']}", "estimate": f"仅{STATUS_LABELS['estimate']}",
                      "target": STATUS_LABELS["target"]}

# unit -> (dimension, factor to the dimension's base unit)
UNIT_TABLE: dict[str, tuple[str, float]] = {
    "元": ("cny", 1.0), "万元": ("cny", 1e4), "亿元": ("cny", 1e8), "千亿元": ("cny", 1e11),
    "万亿元": ("cny", 1e12),
    "美元": ("usd", 1.0), "万美元": ("usd", 1e4), "亿美元": ("usd", 1e8), "亿美元/年": ("usd", 1e8),
    "人次": ("person_times", 1.0), "万人次": ("person_times", 1e4),
    "立方米": ("m3", 1.0), "万立方米": ("m3", 1e4), "亿立方米": ("m3", 1e8),
    "千瓦": ("kw", 1.0), "万千瓦": ("kw", 1e4),
    "人": ("people", 1.0), "万人": ("people", 1e4), "亿人": ("people", 1e8),
    "户": ("households", 1.0), "万户": ("households", 1e4),
    "家": ("firms", 1.0), "万家": ("firms", 1e4),
    "件": ("items", 1.0), "万件": ("items", 1e4),
    "个": ("units", 1.0), "万个": ("units", 1e4),
    "平方米": ("area_m2", 1.0), "万平方米": ("area_m2", 1e4), "平方公里": ("area_m2", 1e6),
    "亩": ("area_mu", 1.0), "万亩": ("area_mu", 1e4),
    "公里": ("length", 1000.0), "千米": ("length", 1000.0), "米": ("length", 1.0),
    "吨": ("tonnes", 1.0), "万吨": ("tonnes", 1e4),
    "吨标煤": ("tce", 1.0), "万吨标煤": ("tce", 1e4),
    "斤": ("jin", 1.0), "万斤": ("jin", 1e4), "亿斤": ("jin", 1e8),
    "元/人": ("cny_per_person", 1.0), "万元/人": ("cny_per_person", 1e4),
    "%": ("percent", 1.0), "％": ("percent", 1.0),
    "‰": ("permille", 1.0),
    "个百分点": ("pp", 1.0), "百分点": ("pp", 1.0),
}
# dimensions that add up across districts, so a district's share of the city total makes sense
ADDITIVE_DIMENSIONS = {"cny", "usd", "people", "households", "firms", "items", "units", "area_m2",
                       "area_mu", "length", "tonnes", "tce", "jin", "person_times", "m3", "kw"}
# the nearest-year fallback looks at most this many years away (None = any distance)
DEFAULT_MAX_YEAR_GAP = 3
# words that make an indicator a ratio, rate or per-head figure, whatever its unit (每万人发明专利
# 拥有量 is counted in 件, 每千人口执业医师数 in 人): such values do not add up to a city total
NON_ADDITIVE_WORDS = ("每万人", "每千人", "每百", "每十万", "人均", "户均", "亩均", "地均", "单位", "率",
                      "比重", "比例", "之比", "占", "倍差", "指数", "强度", "密度", "平均", "系数")
SUB_ANNUAL = re.compile(r"^(?:Q|H|M)\d|季|月|半年", re.I)

COMPARISON_COLUMNS = [
    "year", "indicator", "region", "value", "unit", "status", "share_of_city_pct", "rank",
    "source", "note",
    "measure", "year_used", "year_note", "rank_of", "qualifier", "value_as_written",
    "unit_as_written", "region_as_written", "region_level", "boundary", "indicator_code", "doc_id",
    "quote", "alternatives",
]


_CACHE: dict = {}


def _paths():
    """project_paths() walks the file system: resolve it once per PLANBOOK_HOME."""
    home = os.environ.get("PLANBOOK_HOME")
    hit = _CACHE.get(("paths", home))
    if hit is None:
        hit = _CACHE[("paths", home)] = project_paths()
    return hit


def _cached(key: str, path: Path, build):
    """Memoise ``build()`` per file path and modification time."""
    stamp = (str(path), path.stat().st_mtime if path.exists() else None)
    hit = _CACHE.get(key)
    if hit is None or hit[0] != stamp:
        hit = (stamp, build())
        _CACHE[key] = hit
    return hit[1]


def is_additive(indicator: str, unit: str, measure: str = "level") -> bool:
    """Whether district values of this indicator add up to the city's (so a share makes sense)."""
    if measure not in ("level", "cumulative"):
        return False
    if unit_info(unit)[0] not in ADDITIVE_DIMENSIONS:
        return False
    return not any(w in str(indicator) for w in NON_ADDITIVE_WORDS)


def unit_info(unit) -> tuple[str, float]:
    """(dimension, factor) for a unit; unknown units are their own dimension."""
    u = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit).strip()
    u = u.replace(" ", "")
    if u in UNIT_TABLE:
        return UNIT_TABLE[u]
    return (f"unit:{u}", 1.0)


def convert_value(value: float, unit: str, to_unit: str) -> float:
    """``value`` in ``unit`` expressed in ``to_unit``; PlanbookError when the units measure
    different things (e.g. % and 亿元)."""
    d1, f1 = unit_info(unit)
    d2, f2 = unit_info(to_unit)
    if d1 != d2:
        raise PlanbookError(f"units: cannot compare {unit or '(无单位)'} with {to_unit or '(无单位)'}")
    return float(value) * f1 / f2


# ---------------------------------------------------------------------------------------------
# indicator catalog and name resolution

_SYNONYM_COLUMNS = ("synonyms", "aliases", "wordings", "labels", "variants", "keys")


def _split_words(cell) -> list[str]:
    return [w.strip() for w in re.split(r"[|;；]", str(cell or "")) if w.strip()]


def load_indicator_catalog() -> pd.DataFrame:
    """data/catalog/indicators.csv (owned by ingestion) or an empty frame when it is absent.

    Columns used here: code, name, unit, direction and a synonyms-like column."""
    path = _paths().catalog / "indicators.csv"
    return _cached("indicator_catalog", path, lambda: _read_indicator_catalog(path))


def _read_indicator_catalog(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=["code", "name", "unit", "direction", "synonyms"])
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: cannot read indicator catalog: {exc}") from None
    df.columns = [c.strip() for c in df.columns]
    if "name" not in df.columns:
        for alt in ("canonical", "name_zh", "indicator", "canonical_name"):
            if alt in df.columns:
                df = df.rename(columns={alt: "name"})
                break
    for col in ("code", "name", "unit", "direction"):
        if col not in df.columns:
            for alt in (f"usual_{col}", f"{col}_usual", f"default_{col}"):
                if alt in df.columns:
                    df[col] = df[alt]
                    break
            else:
                df[col] = ""
    syn_cols = [c for c in df.columns if c in _SYNONYM_COLUMNS]
    df["synonyms"] = df[syn_cols].apply(lambda r: "|".join(r.values), axis=1) if syn_cols else ""
    return df


def _norm_label(s: str) -> str:
    s = str(s or "").strip().lower()
    s = s.replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", s)


def indicator_choices(facts: pd.DataFrame) -> dict[str, set[str]]:
    """canonical indicator -> every name it answers to (canonical, code, synonyms, raw labels)."""
    out: dict[str, set[str]] = {}
    for ind, code, raw in facts[["indicator", "indicator_code", "indicator_raw"]].itertuples(index=False):
        if not ind:
            continue
        s = out.setdefault(ind, set())
        s.update(x for x in (ind, code, raw) if x)
    cat = load_indicator_catalog()
    for _, row in cat.iterrows():
        if row["name"] in out:
            out[row["name"]].update(x for x in [row["code"], *_split_words(row["synonyms"])] if x)
    return out


def resolve_indicator(name: str, facts: pd.DataFrame) -> str:
    """The canonical indicator ``name`` designates (canonical name, code or a synonym)."""
    key = _norm_label(name)
    if not key:
        raise PlanbookError("--indicator: empty indicator name")
    choices = indicator_choices(facts)
    exact = sorted(c for c, names in choices.items() if key in {_norm_label(n) for n in names})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        # a canonical name or code beats a raw label shared by several indicators
        strong = [c for c in exact if key == _norm_label(c)]
        if len(strong) == 1:
            return strong[0]
        raise PlanbookError(f"--indicator {name}: ambiguous, matches {'、'.join(exact)}")
    partial = sorted(c for c, names in choices.items() if any(key in _norm_label(n) for n in names))
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = "、".join(partial[:8]) + ("…" if len(partial) > 8 else "")
        raise PlanbookError(f"--indicator {name}: ambiguous, matches {shown}")
    raise PlanbookError(f"--indicator {name}: no such indicator in the fact table")


def _catalog_entry(indicator: str) -> dict:
    index = _cached("catalog_index", _paths().catalog / "indicators.csv",
                    lambda: {r["name"]: r for r in load_indicator_catalog().to_dict("records")})
    return index.get(indicator, {})


def indicator_direction(indicator: str) -> str:
    """'higher' or 'lower' (is better) from the indicator catalog; 'higher' when unknown."""
    d = str(_catalog_entry(indicator).get("direction", "")).strip().lower()
    return "lower" if d in ("lower", "low", "down", "-", "越低越好", "逆向", "negative") else "higher"


def catalog_unit(indicator: str) -> str:
    return str(_catalog_entry(indicator).get("unit", "")).strip()


# ---------------------------------------------------------------------------------------------
# facts prepared for comparison

def _manifest() -> pd.DataFrame:
    return _cached("manifest", _paths().manifest, _read_manifest)


def _read_manifest() -> pd.DataFrame:
    try:
        from planbook.data import load_manifest
        man = load_manifest()
    except PlanbookError:
        return pd.DataFrame(columns=["file", "published", "notes", "doc_id"])
    for col in ("file", "published", "notes"):
        if col not in man.columns:
            man[col] = ""
    if "doc_id" not in man.columns:
        man["doc_id"] = man["file"].astype(str).str[:3]
    return man


def _doc_order() -> dict[str, str]:
    """doc_id -> publication date text (for 'later report wins'); '' when unknown."""
    man = _manifest()
    return dict(zip(man["doc_id"], man["published"].astype(str)))


_SCOPE_WORDS = re.compile(r"口径|不含|包含|合并|含[^量有]")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})年")


def _doc_scope_notes() -> dict[str, list[tuple[set[int], str]]]:
    """Statistical-scope (口径) clauses of each document's manifest notes, with the years they name
    (empty set = every year), e.g. 002: ({2020}, 2020年数据为原下城、原拱墅两区合并口径)."""
    out: dict[str, list[tuple[set[int], str]]] = {}
    man = _manifest()
    for doc, notes in zip(man["doc_id"], man["notes"].astype(str)):
        for clause in re.split(r"[;；。]", notes):
            clause = clause.strip()
            if "口径" in clause:
                years = {int(y) for y in _YEAR_IN_TEXT.findall(clause)}
                out.setdefault(doc, []).append((years, clause))
    return out


def doc_scope_note(doc_id: str, year: int) -> str:
    """The manifest's 口径 notes that apply to a fact of ``doc_id`` for ``year``."""
    return ";".join(c for years, c in _doc_scope_notes().get(str(doc_id).zfill(3), [])
                    if not years or int(year) in years)


_ANY_YEAR = re.compile(r"(?:19|20)\d{2}|今年|去年|上年|明年|当年")


def _undated_milestone(row) -> bool:
    """A milestone passed (经济总量突破2万亿元) in a sentence that names no year or period: the
    extractor's year is a guess, so the figure is placed in no year."""
    if V.qualifier_bound(row.get("qualifier", "")) != "above":
        return False
    return not _ANY_YEAR.search(str(row.get("quote", "")))


def prepare_facts(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numeric, annual facts with canonical regions, ready for comparison."""
    if facts is None:
        from planbook.data import load_indicators
        facts = load_indicators()
    df = facts.copy()
    for col in ("doc_id", "region", "indicator", "indicator_code", "indicator_raw", "unit",
                "measure", "status", "qualifier", "period", "note", "quote", "value_text",
                "source_kind", "plan", "char_start"):
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].fillna("") if col != "char_start" else df[col]
    df["value"] = pd.to_numeric(df.get("value"), errors="coerce")
    df["year"] = pd.to_numeric(df.get("year"), errors="coerce")
    df = df[df["value"].notna() & df["year"].notna() & (df["indicator"].astype(str) != "")]
    df = df[~df["period"].astype(str).str.contains(SUB_ANNUAL)]
    df = df[df["status"].isin(STATUS_RANK)]
    df = df[~df.apply(_undated_milestone, axis=1)] if len(df) else df
    df = df.copy()
    df["year"] = df["year"].astype(int)
    df["doc_id"] = df["doc_id"].astype(str).str.zfill(3)
    df["region_as_written"] = df["region"].astype(str)
    canon = {r: R.canonical_region(r, default=r) for r in df["region_as_written"].unique()}
    df["region"] = df["region_as_written"].map(canon)
    level = {r: R.region_level(r, default="") for r in df["region"].unique()}
    df["region_level"] = df["region"].map(level)
    # a region the catalog does not know (全国, a town) is no district: it is not compared or ranked
    df = df[df["region_level"] != ""]
    # compared by default: the documents' city and its districts (a peer city when a document is about it)
    df["in_scope"] = R.comparison_scope(df["region"], df["doc_id"])
    pub = _doc_order()
    df["published"] = df["doc_id"].map(pub).fillna("")
    df["status_rank"] = df["status"].map(STATUS_RANK)
    df["table_first"] = (df["source_kind"] != "table").astype(int)
    df["char_start_num"] = pd.to_numeric(df["char_start"], errors="coerce").fillna(0)
    return df


# ---------------------------------------------------------------------------------------------
# the engine

@dataclass
class Comparison:
    indicator: str
    measure: str
    year: int
    status_mode: str
    unit: str
    table: pd.DataFrame
    excluded: list[str] = field(default_factory=list)   # rows left out, with the reason
    city: str = ""
    city_value: float | None = None

    def warnings(self) -> list[str]:
        return list(self.excluded)


_STAR_CLAUSE = re.compile(r"带\s*[*∗＊]")
_NOTE_PREFIX = re.compile(r"^(?:注[::]\s*)?(?:\d+[.、.]\s*)?")


def _indicator_words() -> list[tuple[str, str]]:
    """(wording, canonical) for every catalog name and synonym of 4+ characters, longest first."""
    def build():
        pairs = []
        for _, row in load_indicator_catalog().iterrows():
            for w in [row["name"], *_split_words(row["synonyms"])]:
                if len(w) >= 4:
                    pairs.append((w, row["name"]))
        return sorted(set(pairs), key=lambda p: -len(p[0]))
    return _cached("indicator_words", _paths().catalog / "indicators.csv", build)


def _clause_indicators(clause: str) -> set[str]:
    """Indicators a footnote clause names (a wording inside a longer matched wording does not count)."""
    spans: list[tuple[int, int, str]] = []
    for word, name in _indicator_words():
        start = clause.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(a <= start and end <= b for a, b, _ in spans):
                spans.append((start, end, name))
            start = clause.find(word, end)
    return {name for _, _, name in spans}


def relevant_note(note, value_text="", indicator: str = "") -> str:
    """A fact's note reduced to the clauses that concern it: table footnotes lose their '注:1.'
    numbering; a '带*为2019年度数据' clause stays only on a value that carries the star; a clause
    that names other indicators only (高新技术产业增加值和新增城镇就业人数为新口径数据) stays off
    the rows of this one."""
    note = "" if note is None or (isinstance(note, float) and math.isnan(note)) else str(note)
    starred = bool(re.search(r"[*∗＊]", str(value_text or "")))
    out: list[str] = []
    for clause in re.split(r"[;；]", note):
        clause = _NOTE_PREFIX.sub("", clause.strip()).strip().rstrip("。")
        if not clause or (_STAR_CLAUSE.search(clause) and not starred):
            continue
        if indicator:
            named = _clause_indicators(clause)
            if named and indicator not in named:
                continue
        if clause not in out:
            out.append(clause)
    return ";".join(out)


def scope_statement(notes: str) -> str:
    """The clauses of a note that state a statistical scope (口径, 含/不含, 合并)."""
    return ";".join(c for c in re.split(r"[;；]", notes or "") if c and _SCOPE_WORDS.search(c))


def _format_number(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{v:.6g}" if abs(v) < 1e6 else f"{v:,.0f}"


def _source(row) -> str:
    return P.cite(row["doc_id"], row["quote"], limit=0)


def _choose_unit(indicator: str, rows: pd.DataFrame) -> tuple[str, pd.DataFrame, list[str]]:
    """Pick the comparison unit and drop rows whose unit measures something else."""
    excluded: list[str] = []
    if rows.empty:
        return "", rows, excluded
    dims = rows["unit"].map(lambda u: unit_info(u)[0])
    # the dimension with most rows wins; the catalog unit breaks ties
    counts = dims.value_counts()
    cat_dim = unit_info(catalog_unit(indicator))[0] if catalog_unit(indicator) else None
    best = sorted(counts.index, key=lambda d: (-counts[d], d != cat_dim))[0]
    keep = dims == best
    for _, r in rows[~keep].iterrows():
        excluded.append(f"{r['region']} {r['year']} {_format_number(r['value'])}{r['unit']} "
                        f"(doc {r['doc_id']}): 单位{r['unit'] or '(无)'}与{rows.loc[keep, 'unit'].iloc[0] or '(无)'}"
                        f"不可比,未纳入")
    rows = rows[keep]
    cu = catalog_unit(indicator)
    if cu and unit_info(cu)[0] == best:
        unit = cu
    else:
        unit = rows["unit"].value_counts().index[0]
    return unit, rows, excluded


def _pick_best(cands: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """The best row among one region's candidates of one year, and the other values seen."""
    # the shared ranking of candidate facts (provenance.rank_key), the earlier position breaking ties
    keys = [P.rank_key(r, published=r["published"], value=r["value_conv"]) + (-r["char_start_num"],)
            for r in cands.to_dict("records")]
    order = sorted(range(len(keys)), key=lambda i: keys[i], reverse=True)
    cands = cands.iloc[order]
    best = cands.iloc[0]
    alts = []
    for _, r in cands.iloc[1:].iterrows():
        if abs(r["value_conv"] - best["value_conv"]) > 1e-9 or r["status"] != best["status"]:
            tag = f"{_format_number(r['value_conv'])}({STATUS_LABELS.get(r['status'], r['status'])},doc {r['doc_id']})"
            if tag not in alts:
                alts.append(tag)
    return best, alts


def candidates(facts: pd.DataFrame, indicator: str, measure: str = "level",
               status: str = "best", regions: list[str] | None = None) -> pd.DataFrame:
    """All usable facts for an indicator/measure under a status mode (canonical regions)."""
    if status not in STATUS_MODES:
        raise PlanbookError(f"--status {status}: use one of {', '.join(STATUS_MODES)}")
    rows = facts[(facts["indicator"] == indicator) & (facts["measure"] == measure)
                 & facts["status"].isin(STATUS_MODES[status])]
    if regions:
        wanted = [R.canonical_region(r, default=r) for r in regions]
        rows = rows[rows["region"].isin(wanted)]
    elif "in_scope" in rows.columns:
        rows = rows[rows["in_scope"]]
    return rows


def _rows_for_year(grp: pd.DataFrame, year: int, nearest: bool, max_year_gap: int | None):
    """A region's facts for ``year``, else (``nearest``) for the nearest year within the gap (the
    earlier of two equally near), with the note saying so; (None, "") when there are none."""
    exact = grp[grp["year"] == year]
    if not exact.empty:
        return exact, ""
    if not nearest:
        return None, ""
    gaps = (grp["year"] - year).abs()
    if max_year_gap is not None:
        grp, gaps = grp[gaps <= max_year_gap], gaps[gaps <= max_year_gap]
    if grp.empty:
        return None, ""
    near = grp[gaps == gaps.min()]
    y_use = int(near["year"].min())
    return near[near["year"] == y_use], f"无{year}年数据,采用最近年份{y_use}年"


def _region_row(indicator: str, measure: str, year: int, unit: str, region: str, use: pd.DataFrame,
                year_note: str) -> dict:
    """One region's row: its best fact, converted to the comparison's unit, with its notes and source."""
    best, alts = _pick_best(use)
    y_used = int(best["year"])
    notes = []
    fact_note = relevant_note(best["note"], best.get("value_text", ""), indicator)
    if fact_note:
        notes.append(fact_note)
    scope = doc_scope_note(best["doc_id"], int(best["year"]))
    if scope and scope not in ";".join(notes):
        notes.append(scope)
    # the boundary the figure uses: as the report states it, else the catalog's
    reported_scope = scope_statement(";".join(notes))
    boundary = reported_scope or R.boundary_note(region, y_used)
    if boundary and not reported_scope:
        notes.append(boundary)
    if str(best.get("period", "")).strip():
        notes.append(f"期间:{best['period']}")
    return {
        "year": year, "indicator": indicator, "region": region, "value": best["value_conv"], "unit": unit,
        "status": best["status"], "share_of_city_pct": float("nan"), "rank": pd.NA, "source": _source(best),
        "note": ";".join(notes), "measure": measure, "year_used": y_used, "year_note": year_note,
        "rank_of": pd.NA, "qualifier": best["qualifier"], "value_as_written": best["value"],
        "unit_as_written": best["unit"], "region_as_written": best["region_as_written"],
        "region_level": best["region_level"], "boundary": boundary, "indicator_code": best["indicator_code"],
        "doc_id": best["doc_id"], "quote": best["quote"], "alternatives": ";".join(alts),
    }


def compare(indicator: str, year: int, measure: str = "level", *, status: str = "best",
            regions: list[str] | None = None, facts: pd.DataFrame | None = None,
            nearest: bool = True, max_year_gap: int | None = DEFAULT_MAX_YEAR_GAP,
            include_city: bool = True) -> Comparison:
    """Compare ``indicator`` (canonical name) across regions for ``year``.

    One row per region: its best value for the year, else (``nearest``) its value for the nearest
    year, labelled in ``year_used``/``year_note`` and never ranked together with the exact-year
    rows. The city's row carries the city total; each district's ``share_of_city_pct`` is computed
    only against a city value of the same year and the same kind (realised or target)."""
    facts = prepare_facts() if facts is None else facts
    if "status_rank" not in facts.columns:
        facts = prepare_facts(facts)
    year = int(year)
    rows = candidates(facts, indicator, measure, status, regions)
    if not include_city:
        rows = rows[~rows["region_level"].isin(R.UPPER_LEVELS)]
    unit, rows, excluded = _choose_unit(indicator, rows)
    rows = rows.copy()
    if not rows.empty:
        rows["value_conv"] = [convert_value(v, u, unit) for v, u in zip(rows["value"], rows["unit"])]
    out = []
    for region, grp in rows.groupby("region", sort=False):
        use, year_note = _rows_for_year(grp, year, nearest, max_year_gap)
        if use is not None:
            out.append(_region_row(indicator, measure, year, unit, region, use, year_note))
    table = pd.DataFrame(out, columns=COMPARISON_COLUMNS)
    comp = Comparison(indicator, measure, year, status, unit, table, excluded)
    if table.empty:
        return comp
    _add_shares(comp)
    _add_ranks(comp)
    _flag_definitions(comp, facts)
    _flag_mixed_status(comp)
    comp.table = _order(comp.table)
    return comp


def _status_kind(status: str) -> str:
    return "target" if status == "target" else "realised"


def _add_shares(comp: Comparison) -> None:
    t = comp.table
    if not is_additive(comp.indicator, comp.unit, comp.measure):
        return
    for i, row in t.iterrows():
        if row["region_level"] in R.UPPER_LEVELS:
            continue
        city = R.city_of(row["region"])
        if not city:
            continue
        c = t[(t["region"] == city) & (t["year_used"] == row["year_used"])]
        c = c[c["status"].map(_status_kind) == _status_kind(row["status"])]
        if c.empty or not c.iloc[0]["value"]:
            continue
        t.at[i, "share_of_city_pct"] = round(row["value"] / c.iloc[0]["value"] * 100, 4)
        comp.city, comp.city_value = city, float(c.iloc[0]["value"])
    if not comp.city:
        cities = t[t["region_level"] == "city"]
        if len(cities):
            comp.city, comp.city_value = cities.iloc[0]["region"], float(cities.iloc[0]["value"])


_PAREN = re.compile(r"[(（]([^)）]*)[)）]")


def definition_of(raw_label: str) -> str:
    """The definitional words a raw label adds in brackets (执业(助理)医师 -> 助理); units, years and
    markers in brackets (亿元, %, 2019年) are no definition."""
    out = []
    for inner in _PAREN.findall(str(raw_label or "")):
        w = inner.strip()
        if not w or unit_info(w)[0] in ADDITIVE_DIMENSIONS | {"percent", "permille", "pp"} or re.search(r"\d|%|元|年", w):
            continue
        out.append(w)
    return "|".join(out)


def _flag_definitions(comp: Comparison, facts: pd.DataFrame) -> None:
    """Rows whose raw labels name different definitions (执业医师 / 执业(助理)医师) are not ranked
    together: each gets a note saying so."""
    t = comp.table
    if t.empty:
        return
    raw = {}
    for _, r in t.iterrows():
        q = facts[(facts["doc_id"] == r["doc_id"]) & (facts["quote"] == r["quote"])
                  & (facts["indicator"] == comp.indicator)]
        raw[r["region"]] = definition_of(q["indicator_raw"].iloc[0]) if len(q) and "indicator_raw" in q else ""
    if len(set(raw.values())) <= 1:
        return
    for i, r in t.iterrows():
        d = raw.get(r["region"], "")
        t.at[i, "note"] = ";".join(x for x in (r["note"], f"口径不同(指标原文{'含“' + d + '”' if d else '无括注'}),不与其他地区排名") if x)
    t["rank"], t["rank_of"] = pd.NA, pd.NA


def _add_ranks(comp: Comparison) -> None:
    """Rank like with like only: districts/counties with a value of the year asked for, within one
    data status (actual, estimate and target are ranked apart), and only when two or more regions
    share that status (a ranking of one region says nothing)."""
    t = comp.table
    ascending = indicator_direction(comp.indicator) == "lower"
    eligible = (~t["region_level"].isin(R.UPPER_LEVELS)) & (t["year_used"] == comp.year)
    for status in V.codes("data_status"):
        m = eligible & (t["status"] == status)
        if m.sum() < 2:
            continue
        ranks = t.loc[m, "value"].rank(method="min", ascending=ascending)
        t.loc[m, "rank"] = ranks.astype(int)
        t.loc[m, "rank_of"] = int(m.sum())


def _flag_mixed_status(comp: Comparison) -> None:
    """Targets and realised figures never stand side by side unlabelled: the kind of the exact-year
    rows (realised when any) is the comparison's kind; rows of the other kind get a note."""
    t = comp.table
    kinds = t["status"].map(_status_kind)
    exact = t["year_used"] == comp.year
    primary = "realised" if (kinds[exact] == "realised").any() or not exact.any() and (kinds == "realised").any() else "target"
    for i in t.index[kinds != primary]:
        label, other = ("目标值", "实绩/预计值") if primary == "realised" else ("实绩/预计值", "目标值")
        extra = f"本行为{label},与其他地区的{other}不可直接比较"
        t.at[i, "note"] = ";".join(x for x in (t.at[i, "note"], extra) if x)


def display_value(value, qualifier: str = "", unit: str = "") -> str:
    """A value as an analyst reads it: 突破21000亿元, 3.6%左右, 7.5%."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    num = _format_number(float(value))
    q = str(qualifier or "").strip()
    unit = str(unit or "")
    if q and V.qualifier_position(q) == "prefix":
        return f"{q}{num}{unit}"
    return f"{num}{unit}{q}"


def _order(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t["_city"] = t["region_level"].map({"province": 0, "city": 1}).fillna(2)
    t["_exact"] = (t["year_used"] != t["year"]).astype(int)
    t["_kind"] = (t["status"] == "target").astype(int)
    t["_rank"] = pd.to_numeric(t["rank"], errors="coerce").fillna(1e9)
    t = t.sort_values(["_city", "_exact", "_kind", "_rank", "region"], kind="mergesort")
    return t.drop(columns=["_city", "_exact", "_kind", "_rank"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# views built on compare()

def level_and_growth(indicator: str, year: int, *, status: str = "best",
                     regions: list[str] | None = None, facts: pd.DataFrame | None = None,
                     nearest: bool = True) -> pd.DataFrame:
    """Level and growth of an indicator side by side for one year (for the scatter)."""
    facts = prepare_facts() if facts is None else facts
    lv = compare(indicator, year, "level", status=status, regions=regions, facts=facts, nearest=nearest)
    gr = compare(indicator, year, "growth", status=status, regions=regions, facts=facts, nearest=nearest)
    keep = ["region", "region_level", "value", "unit", "status", "year_used", "year_note", "source", "note"]
    a = lv.table[keep].rename(columns={c: f"level_{c}" for c in keep if c not in ("region", "region_level")})
    b = gr.table[keep].rename(columns={c: f"growth_{c}" for c in keep if c not in ("region", "region_level")})
    if a.empty and b.empty:
        return pd.DataFrame(columns=["region", "region_level"])
    out = a.merge(b, on=["region", "region_level"], how="outer")
    out.insert(0, "year", int(year))
    out.insert(1, "indicator", indicator)
    return out


def target_ambition(indicator: str, year: int, measure: str = "growth", *,
                    regions: list[str] | None = None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Targets side by side, with each region's gap to the city's target (same year only)."""
    comp = compare(indicator, year, measure, status="target", regions=regions, facts=facts,
                   nearest=False)
    t = comp.table.copy()
    t["gap_to_city"] = float("nan")
    city = t[t["region_level"] == "city"]
    if len(city):
        cv = float(city.iloc[0]["value"])
        t["gap_to_city"] = (t["value"] - cv).round(4)
        t.loc[t["region_level"].isin(R.UPPER_LEVELS), "gap_to_city"] = float("nan")
    return t


def lineup(indicator: str, measure: str = "level", *, status: str = "best",
           regions: list[str] | None = None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every region and every year an indicator is reported (best value per region and year),
    e.g. R&D intensity across 杭州, 余杭, 萧山 with their years. Long table, one row per
    region-year, same columns as a comparison."""
    facts = prepare_facts() if facts is None else facts
    rows = candidates(facts, indicator, measure, status, regions)
    parts = []
    subset = facts[(facts["indicator"] == indicator) & (facts["measure"] == measure)]
    for y in sorted(rows["year"].unique()):
        comp = compare(indicator, int(y), measure, status=status, regions=regions, facts=subset,
                       nearest=False)
        parts.append(comp.table)
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["_city"] = out["region_level"].map({"province": 0, "city": 1}).fillna(2)
    out = out.sort_values(["_city", "region", "year"], kind="mergesort")
    return out.drop(columns="_city").reset_index(drop=True)


def comparable_indicators(facts: pd.DataFrame | None = None, min_regions: int = 2,
                          matched_only: bool = True) -> pd.DataFrame:
    """(indicator, measure) pairs reported by at least ``min_regions`` regions, with their years.

    ``matched_only``: only indicators matched to the catalog (an unmatched raw label such as 完工
    means different things in different reports)."""
    facts = prepare_facts() if facts is None else facts
    if matched_only:
        facts = facts[facts["indicator_code"].astype(str).str.strip() != ""]
    if "in_scope" in facts.columns:
        facts = facts[facts["in_scope"]]
    g = facts.groupby(["indicator", "measure"])
    out = g.agg(regions=("region", lambda s: sorted(set(s))), years=("year", lambda s: sorted(set(s))))
    out["n_regions"] = out["regions"].map(len)
    out = out[out["n_regions"] >= min_regions].reset_index()
    return out.sort_values(["n_regions", "indicator"], ascending=[False, True]).reset_index(drop=True)


def default_comparisons(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every indicator/measure reported by two or more regions for the same year, like with like:
    realised figures (actual, estimate) and targets in separate comparisons, only the year's own
    figures (no other year's value under a year heading), kept when two or more regions have one."""
    facts = prepare_facts() if facts is None else facts
    parts = []
    groups = dict(list(facts.groupby(["indicator", "measure"])))
    for _, row in comparable_indicators(facts).iterrows():
        subset = groups[(row["indicator"], row["measure"])]
        for y in row["years"]:
            for mode in ("realised", "target"):
                comp = compare(row["indicator"], int(y), row["measure"], status=mode, facts=subset,
                               nearest=False)
                if comp.table["region"].nunique() >= 2:
                    parts.append(comp.table)
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def run_compare(out: Path | str | None = None) -> Path:
    """Write the default comparison set to data/processed/comparison.csv (or ``out``)."""
    out = Path(out) if out else project_paths().comparison_csv
    table = default_comparisons()
    return write_csv_atomic(table, out)


# ---------------------------------------------------------------------------------------------
# command line

def format_table(comp: Comparison) -> str:
    """A plain-text rendering for the terminal (Chinese headers)."""
    t = comp.table
    lines = [f"{comp.indicator} · {MEASURE_LABELS.get(comp.measure, comp.measure)} · {comp.year}年 · "
             f"单位:{comp.unit or '(无)'} · 状态:{STATUS_MODE_LABELS.get(comp.status_mode, comp.status_mode)}"]
    if t.empty:
        lines.append("(无数据)")
    for _, r in t.iterrows():
        rank = f"第{int(r['rank'])}/{int(r['rank_of'])}" if pd.notna(r["rank"]) else ""
        share = f"占全市{r['share_of_city_pct']:.1f}%" if pd.notna(r["share_of_city_pct"]) else ""
        yr = f"[{r['year_note']}]" if r["year_note"] else ""
        lines.append(f"  {r['region']}\t{display_value(r['value'], r['qualifier'], r['unit'])}\t"
                     f"{STATUS_LABELS.get(r['status'], r['status'])}\t{share}\t{rank}\t{yr}")
        if r["note"]:
            lines.append(f"      注:{r['note']}")
        lines.append(f"      来源:{r['source'][:160]}")
    for w in comp.excluded:
        lines.append(f"  未纳入:{w}")
    return "\n".join(lines)


def _cli(args: argparse.Namespace) -> int:
    if args.indicator is None:
        path = run_compare(args.out)
        print(f"planbook compare: wrote {path}")
        return 0
    facts = prepare_facts()
    indicator = resolve_indicator(args.indicator, facts)
    measures = [args.measure] if args.measure else sorted(
        facts.loc[facts["indicator"] == indicator, "measure"].unique(),
        key=lambda m: list(MEASURE_LABELS).index(m) if m in MEASURE_LABELS else 99)
    if args.year is None:
        # no year: every region and year the indicator is reported (e.g. R&D intensity)
        parts = []
        for m in measures:
            lu = lineup(indicator, m, status=args.status, regions=args.region or None, facts=facts)
            if lu.empty:
                continue
            parts.append(lu)
            print(f"{indicator} · {MEASURE_LABELS.get(m, m)} · 各地区历年 · 单位:{lu['unit'].iloc[0] or '(无)'}")
            for _, r in lu.iterrows():
                print(f"  {r['region']}\t{int(r['year_used'])}年\t{display_value(r['value'], r['qualifier'], r['unit'])}"
                      f"\t{STATUS_LABELS.get(r['status'], r['status'])}\t来源:{r['source'][:80]}")
        if not parts:
            print(f"{indicator}: (无数据)")
        if args.out and parts:
            path = write_csv_atomic(pd.concat(parts, ignore_index=True), args.out)
            print(f"planbook compare: wrote {path}", file=sys.stderr)
        return 0
    comps = [compare(indicator, args.year, m, status=args.status, regions=args.region or None,
                     facts=facts, max_year_gap=args.max_gap) for m in measures]
    comps = [c for c in comps if not c.table.empty] or comps[:1]
    for c in comps:
        print(format_table(c))
    if args.out:
        table = pd.concat([c.table for c in comps], ignore_index=True)
        path = write_csv_atomic(table, args.out)
        print(f"planbook compare: wrote {path}", file=sys.stderr)
    return 0


def add_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "compare", help="地区对比:同一指标、同一年份在全市与各区之间比较",
        description="Compare an indicator across the city and its districts for a year. Without "
                    "--indicator, writes the default comparison set to data/processed/comparison.csv.")
    p.add_argument("--indicator", help="indicator: canonical name, code or a synonym (e.g. gdp, 地区生产总值, R&D)")
    p.add_argument("--year", type=int, help="year to compare (omit: every year the indicator is reported)")
    p.add_argument("--measure", choices=list(MEASURE_LABELS), help="level, growth, ... (default: every measure reported)")
    p.add_argument("--status", default="best", choices=list(STATUS_MODES),
                   help="best (actual > estimate > target, labelled), realised, actual, estimate, target")
    p.add_argument("--region", action="append", help="restrict to a region (repeatable; aliases accepted)")
    p.add_argument("--max-gap", type=int, default=DEFAULT_MAX_YEAR_GAP,
                   help=f"largest year gap for the nearest-year fallback (default {DEFAULT_MAX_YEAR_GAP})")
    p.add_argument("--out", help="write the comparison table to this CSV")
    p.set_defaults(func=_cli)
