"""Five-year (and annual) plan reviews: every target paired with the values that measure it.

The engine reads the fact table (``data/processed/indicators.csv``) and, as a secondary source
for outcomes the reports lack, the reference figures in ``data/reference/official_stats.csv``.
For each target it finds

* the base value (the plan's base year; a footnoted value keeps its own year),
* the latest actual or estimate up to the target year (annual values; partial years are not
  used as outcomes),

and classifies the target as ``achieved`` / ``not_achieved`` (the plan's end year is assessed),
``on_track`` / ``lagging`` (mid-period), or ``cannot_assess`` (no data, or a qualitative target),
always with the reason. Consistency checks (a reported average growth the reported levels do not
reproduce, a value whose year differs from its column, two documents disagreeing on one figure)
are written next to the status in the ``check`` column, together with the table notes that
explain them.

Each target has a kind (``target_kind``, vocabulary list target_kind) and gets the arithmetic that
fits it: levels compound growth and completion; shares and rates points per year; ceilings (以内)
are met when not above; flows (新增, 开工, 每年) compare levels; totals over a plan (五年, 累计,
完成…投资) are not annual targets; qualitative targets that the plan's table reports as 完成 are
achieved on the report's word; rows that are no targets (a count of indicators, a service's name, a
list of projects) are not assessed. A report's own tally of its plan (planbook.plan_tally) is kept
in ``plan_tallies.csv`` beside the review, and the indicators it names get rows.

Pure helpers (``cagr``, ``required_growth``, ``completion``, ``elapsed``, ``tolerance_for``,
``meets_target``, ``pace_band``, ``projected_value``, ``growth_consistency``) are usable alone.
"""
from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError, write_csv_atomic
from planbook.paths import project_paths
from planbook import vocab as V
from planbook import provenance as P

# ---------------------------------------------------------------------------------------------
# constants

#: plan -> (base year, end year), from the vocabulary (base year = first year - 1)
PLAN_PERIODS: dict[str, tuple[int, int]] = V.plan_periods()

STATUSES = V.codes("review_status")

#: a reported average growth is "not reproduced" by the levels when they differ by more than this
CHECK_GROWTH_TOL_PP = 0.5
#: two documents "disagree" on one figure when values differ by more than this (relative)
CHECK_DISAGREE_REL = 0.005

#: ratio R of actual to required annual growth -> band (vocabulary order, thresholds)
PACE_BANDS = [(float(r), band) for band, r in V.attribute("pace_band", "min_ratio").items()]
PACE_BAND_LABELS = V.labels("pace_band")

PERIOD_LABELS = {"Q1": "一季度", "H1": "上半年", "Q1-2": "上半年", "Q1-3": "前三季度", "Q2": "二季度",
                 "Q3": "三季度", "Q4": "四季度"}
PARTIAL_PERIOD = re.compile(r"^(Q[1-4](-[1-4])?|H[12]|M\d|[1-9]-\d+月|前三季度|上半年|一季度)$")

REVIEW_COLUMNS = [
    "region", "plan", "plan_kind", "category", "indicator", "indicator_code", "measure", "unit",
    "attribute", "target_kind", "direction",
    "base_year", "base_value",
    "target_year", "target_value", "target_text", "target_qualifier", "tolerance",
    "latest_year", "latest_value", "latest_status", "latest_period",
    "elapsed_pct", "completion_pct",
    "required_growth_pct", "required_growth_from_latest_pct", "required_change_per_year", "actual_growth_pct",
    "implied_growth_pct", "pace_ratio", "pace_band", "projected_value",
    "gap", "gap_pct",
    "status", "status_reason", "check", "notes", "key_indicator",
    "doc_id", "quote", "sources",
]


# ---------------------------------------------------------------------------------------------
# pure helpers


def _num(x) -> float | None:
    """A finite float or None (accepts pandas NA, '', None)."""
    if x is None:
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def cagr(v0, v1, years) -> float | None:
    """Compound annual growth in percent from ``v0`` to ``v1`` over ``years`` years.

    >>> round(cagr(1587.8, 1828.47, 5), 2)
    2.86
    """
    v0, v1, years = _num(v0), _num(v1), _num(years)
    if v0 is None or v1 is None or not years or years <= 0 or v0 <= 0 or v1 <= 0:
        return None
    return ((v1 / v0) ** (1.0 / years) - 1.0) * 100.0


def required_growth(current, target, years) -> float | None:
    """Annual growth (%) needed to go from ``current`` to ``target`` in ``years`` years.

    >>> round(required_growth(3553, 6000, 6), 2)
    9.13
    """
    return cagr(current, target, years)


def completion(x_b, x_t, x_T) -> float | None:
    """Completion C = (x_t - x_b) / (x_T - x_b); None when undefined (no base or x_T == x_b)."""
    x_b, x_t, x_T = _num(x_b), _num(x_t), _num(x_T)
    if x_b is None or x_t is None or x_T is None or x_T == x_b:
        return None
    return (x_t - x_b) / (x_T - x_b)


def elapsed(b, t, T) -> float | None:
    """Elapsed share of the period τ = (t - b) / (T - b)."""
    b, t, T = _num(b), _num(t), _num(T)
    if b is None or t is None or T is None or T == b:
        return None
    return (t - b) / (T - b)


def decimals_of(text: str | float | None) -> int:
    """Number of decimals as the figure was written ('78' -> 0, '3.6' -> 1, '1.58' -> 2)."""
    if text is None:
        return 0
    s = str(text)
    m = re.search(r"\d+(?:\.(\d+))?", s)
    if not m:
        return 0
    return len(m.group(1) or "")


def tolerance_for(target_text, qualifier: str, attribute: str = "") -> tuple[float, str]:
    """Tolerance for a target and the sentence stating it.

    左右 targets are met within ±0.5 of the last stated place (78左右 -> ±0.5, 3.6左右 -> ±0.05);
    约束性 (binding) targets get no tolerance; every other target is an exact threshold.
    """
    qualifier = qualifier or ""
    is_about = V.qualifier_bound(qualifier) == "about" or "左右" in str(target_text or "")
    if not is_about:
        return 0.0, ""
    if (attribute or "").strip() == "约束性":
        return 0.0, "约束性指标不设容差"
    d = decimals_of(target_text)
    tol = 0.5 * 10 ** (-d)
    return tol, f"“左右”按末位±0.5计:±{tol:g}"


def comparison_of(qualifier: str, direction: str) -> str:
    """'ge', 'gt', 'le', 'about' for a target's qualifier; defaults follow the direction."""
    how = {"ceiling": "le", "about": "about", "near": "about", "above": "gt", "floor": "ge"}.get(
        V.qualifier_bound(qualifier))
    return how or ("le" if direction == "lower" else "ge")


def meets_target(value, target, qualifier: str = "", direction: str = "higher", tol: float = 0.0,
                 target_range: tuple[float, float] | None = None) -> bool | None:
    """Does ``value`` meet ``target``? None when either is missing.

    以上/不低于 -> value ≥ target; 超/突破 -> value > target; 以内 -> value ≤ target;
    左右 -> within the tolerance, or beyond it on the good side (direction); plain targets use the
    catalog direction (higher: ≥, lower: ≤). A range target (96-97) is met inside the range or
    beyond it on the good side.
    """
    value = _num(value)
    if value is None:
        return None
    eps = 1e-9
    if target_range is not None:
        lo, hi = target_range
        if direction == "lower":
            return value <= hi + tol + eps
        return value >= lo - tol - eps
    target = _num(target)
    if target is None:
        return None
    how = comparison_of(qualifier, direction)
    if how == "le":
        return value <= target + tol + eps
    if how == "gt":
        return value > target - tol
    if how == "about":
        if direction == "lower":
            return value <= target + tol + eps
        return value >= target - tol - eps
    return value >= target - tol - eps


def pace_band(ratio) -> str:
    """Band of R = actual / required annual growth."""
    r = _num(ratio)
    if r is None:
        return ""
    if r < 0:
        return "moving_away"
    for threshold, name in PACE_BANDS:
        if r >= threshold:
            return name
    return "limited_progress"


def projected_value(x_b, x_t, b, t, T, compound: bool = True) -> float | None:
    """Value reached at ``T`` if the pace from (b, x_b) to (t, x_t) continues.

    Levels grow at their compound rate; shares and rates (compound=False) move linearly.
    """
    x_b, x_t = _num(x_b), _num(x_t)
    b, t, T = _num(b), _num(t), _num(T)
    if None in (x_b, x_t, b, t, T) or t <= b:
        return None
    if compound and x_b > 0 and x_t > 0:
        g = (x_t / x_b) ** (1.0 / (t - b))
        return x_t * g ** (T - t)
    return x_t + (x_t - x_b) / (t - b) * (T - t)


def growth_consistency(base_value, base_year, value, year, reported_pct,
                       tol_pp: float = CHECK_GROWTH_TOL_PP) -> dict | None:
    """Compare a reported average growth with the growth its own levels imply.

    Returns None when it cannot be checked, else a dict with ``implied_pct``, ``reported_pct``,
    ``diff_pp`` and ``consistent``.

    >>> c = growth_consistency(1587.8, 2015, 1828.47, 2020, 5.6)
    >>> round(c["implied_pct"], 1), c["consistent"]
    (2.9, False)
    """
    base_year, year = _num(base_year), _num(year)
    reported_pct = _num(reported_pct)
    if base_year is None or year is None or reported_pct is None:
        return None
    implied = cagr(base_value, value, year - base_year)
    if implied is None:
        return None
    diff = reported_pct - implied
    return {"implied_pct": implied, "reported_pct": reported_pct, "diff_pp": diff,
            "consistent": abs(diff) <= tol_pp}


def parse_range(text) -> tuple[float, float] | None:
    """A range written in a target cell ('96-97', '5%—5.5%'), else None."""
    if text is None:
        return None
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*[-—–~～至]\s*(\d+(?:\.\d+)?)\s*%?\s*$", str(text))
    if not m:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    if lo >= hi:
        return None
    return lo, hi


def fmt(x, nd: int = 2) -> str:
    """Compact number for messages (no trailing zeros)."""
    v = _num(x)
    if v is None:
        return "—"
    s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


# ---------------------------------------------------------------------------------------------
# catalog and sources

def load_catalog(path: Path | None = None) -> pd.DataFrame:
    """The indicator catalog (code, name, category, direction, ...); empty when absent."""
    path = path or (project_paths().catalog / "indicators.csv")
    if not Path(path).exists():
        return pd.DataFrame(columns=["code", "name", "category", "direction"])
    try:
        cat = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: cannot read indicator catalog: {exc}") from None
    rename = {}
    for col in cat.columns:
        low = col.strip().lower()
        if low in ("name", "name_zh", "canonical", "canonical_name", "indicator", "中文名"):
            rename[col] = "name"
        elif low in ("code", "indicator_code"):
            rename[col] = "code"
    cat = cat.rename(columns=rename)
    for col in ("code", "name", "category", "direction"):
        if col not in cat:
            cat[col] = ""
    return cat


def direction_lookup(catalog: pd.DataFrame):
    """Function (indicator, code, qualifier, raw label, unit) -> (direction, how it was decided).

    A cut in % (PM2.5浓度下降, 单位GDP二氧化碳排放降低) is better higher whatever it cuts; the
    catalog decides when the row measures what its catalog indicator measures (a level in 吨/万元
    mapped to a cut in % does not); then a ceiling (以内); then the words of the name."""
    by_code = {r.code: r.direction for r in catalog.itertuples() if r.code and r.direction}
    by_name = {r.name: r.direction for r in catalog.itertuples() if r.name and r.direction}
    units = catalog_units(catalog)

    def lookup(indicator: str, code: str = "", qualifier: str = "", raw: str = "", unit: str = "") -> tuple[str, str]:
        name = raw or indicator or ""
        if unit in ("%", "％") and any(re.search(w, name) for w in V.words("reduction_words")):
            return "higher", "name"
        d = by_code.get(code or "") or by_name.get(indicator or "")
        if d in ("higher", "lower") and unit_agrees(unit, units.get(indicator, "")):
            return d, "catalog"
        if V.qualifier_bound(qualifier) == "ceiling":
            return "lower", "qualifier"
        if any(re.search(w, name) for w in V.words("lower_words")):
            return "lower", "name"
        return "higher", "default"

    lookup.units = units
    return lookup


def catalog_units(catalog: pd.DataFrame) -> dict[str, str]:
    """Catalog indicator name -> its usual unit ('' when not given)."""
    if "unit" not in catalog.columns:
        return {}
    return {r["name"]: _s(r.get("unit")) for r in catalog.to_dict("records") if r.get("name")}


def unit_agrees(unit: str, catalog_unit: str) -> bool:
    """Does a row's unit measure what its catalog indicator's unit measures? A % row and a 吨/万元
    catalog indicator (or the reverse) do not; unknown units agree."""
    unit, catalog_unit = _s(unit), _s(catalog_unit)
    if not unit or not catalog_unit:
        return True
    pct = {"%", "％", "‰", "个百分点"}
    return (unit in pct) == (catalog_unit in pct)


def _load_official(paths) -> pd.DataFrame:
    """Official reference figures as extra observations (doc_id 'ref')."""
    path = paths.reference / "official_stats.csv"
    if not path.exists():
        return pd.DataFrame()
    from planbook.data import load_official_stats

    ref = load_official_stats(path)
    out = pd.DataFrame({
        "doc_id": "ref",
        "region": ref["region"],
        "indicator": ref["indicator"],
        "indicator_code": "",
        "year": ref["year"],
        "value": ref["value"],
        "unit": ref["unit"],
        "measure": ref["measure"],
        "status": ref["status"],
        "qualifier": ref.get("qualifier", ""),
        "period": "",
        "plan": "",
        "note": ref.get("note", ""),
        "source_kind": "reference",
        "quote": "官方统计参考:" + ref["source"].astype(str) + (" " + ref.get("note", "")).str.rstrip(),
    })
    return out


# ---------------------------------------------------------------------------------------------
# engine

_UNIT_FACTORS = {("万元", "亿元"): 1e-4, ("亿元", "万元"): 1e4, ("人", "万人"): 1e-4, ("万人", "人"): 1e4,
                 ("万亿元", "亿元"): 1e4, ("亿元", "万亿元"): 1e-4}


def _unit_factor(src: str, dst: str) -> float | None:
    src, dst = (src or "").strip(), (dst or "").strip()
    if src == dst or not src or not dst:
        return 1.0
    return _UNIT_FACTORS.get((src, dst))


def _s(x) -> str:
    if x is None:
        return ""
    try:
        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x).strip()


def _i(x) -> int | None:
    v = _num(x)
    return int(v) if v is not None else None


@dataclass
class Obs:
    """One observed value (a fact row) used in a review."""
    row: dict
    value: float | None
    year: int | None

    @property
    def doc_id(self) -> str:
        return _s(self.row.get("doc_id"))

    def cite(self, role: str) -> str:
        return P.cite(self.doc_id, self.row.get("quote"), role)


@dataclass
class Review:
    fields: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    def add_check(self, msg: str) -> None:
        if msg and msg not in self.checks:
            self.checks.append(msg)

    def add_note(self, msg: str) -> None:
        msg = _s(msg)
        if msg and msg not in self.notes:
            self.notes.append(msg)

    def add_source(self, obs: Obs | None, role: str) -> None:
        if obs is None:
            return
        c = obs.cite(role)
        if c not in self.sources:
            self.sources.append(c)


def _manifest_info(paths) -> dict[str, dict]:
    """doc_id -> {'doc_type', 'pub_year'} from the manifest (empty when unreadable)."""
    try:
        from planbook.data import load_manifest

        man = load_manifest(paths.manifest)
    except Exception:
        return {}
    info = {}
    for r in man.itertuples():
        doc_id = str(r.file).split("_")[0]
        m = re.search(r"(19|20)\d\d", str(getattr(r, "published", "")))
        info[doc_id] = {"doc_type": str(getattr(r, "doc_type", "")),
                        "pub_year": int(m.group(0)) if m else None}
    return info


def _is_plan_doc(doc_type: str) -> bool:
    return "规划" in (doc_type or "") and "计划" not in (doc_type or "")


def infer_plan(row: dict, doc_info: dict) -> tuple[str, str]:
    """(plan, plan_kind) of a target row: the row's plan, else from the document and year."""
    plan = _s(row.get("plan"))
    year = _i(row.get("year"))
    if plan in PLAN_PERIODS:
        # a one-year growth target inside a plan period is an annual-plan target (2021年增长7%)
        if _s(row.get("measure")) == "growth" and year is not None and year != PLAN_PERIODS[plan][1]:
            return f"{year}年度计划", "annual"
        return plan, "five_year"
    period = _s(row.get("period"))
    if period in PLAN_PERIODS:
        return period, "five_year"
    year = _i(row.get("year"))
    info = doc_info.get(_s(row.get("doc_id")), {})
    if year is not None:
        ends = {end: name for name, (_b, end) in PLAN_PERIODS.items()}
        pub = info.get("pub_year")
        if _is_plan_doc(info.get("doc_type", "")):
            for name, (b, e) in PLAN_PERIODS.items():
                if b < year <= e and (pub is None or e >= pub):
                    return name, "five_year"
        if pub is not None and year >= pub + 2 and year in ends:
            return ends[year], "five_year"
        return f"{year}年度计划", "annual"
    return "", "annual"


class FactIndex:
    """Observations (actual/estimate) by (region, indicator)."""

    def __init__(self, facts: pd.DataFrame, doc_info: dict | None = None):
        obs = facts[facts["status"].isin(["actual", "estimate"])]
        doc_info = doc_info or {}
        self.by_key: dict[tuple[str, str], list[dict]] = {}
        self.dropped: list[dict] = []
        self.table_years: dict[tuple[str, str], set[int]] = {}
        for rec in obs.to_dict("records"):
            # an 'estimate' stated as 力争 (2025年力争30%) is an aspiration, not an outcome
            if V.is_stretch(_s(rec.get("qualifier"))):
                continue
            # a value for a year after the report was published is a projection, not an outcome
            pub = doc_info.get(_s(rec.get("doc_id")), {}).get("pub_year")
            year = _i(rec.get("year"))
            if pub is not None and year is not None and year > pub:
                self.dropped.append(rec)
                continue
            self.by_key.setdefault((_s(rec["region"]), _s(rec["indicator"])), []).append(rec)
            if _s(rec.get("table_id")) and year is not None:
                self.table_years.setdefault((_s(rec.get("doc_id")), _s(rec.get("table_id"))), set()).add(year)

    def table_reports_outcomes(self, target_row: dict, T: int | None) -> bool:
        """Does the target's table carry outcome values (actual/estimate) for the target year
        (or a footnoted year just before it) in other rows?"""
        key = (_s(target_row.get("doc_id")), _s(target_row.get("table_id")))
        if not key[1] or T is None:
            return False
        return any(T - 1 <= y <= T for y in self.table_years.get(key, ()))

    def rows(self, region: str, indicator: str, measure: str | None = None, annual_only: bool = True,
             unit: str | None = None) -> list[Obs]:
        out = []
        for rec in self.by_key.get((region, indicator), []):
            if measure and _s(rec.get("measure")) != measure:
                continue
            period = _s(rec.get("period"))
            if annual_only and period and period not in PLAN_PERIODS and not re.match(r"^\d{4}-\d{4}$", period):
                continue
            value = _num(rec.get("value"))
            if unit is not None and value is not None:
                f = _unit_factor(_s(rec.get("unit")), unit)
                if f is None:
                    continue
                value = value * f
            out.append(Obs(rec, value, _i(rec.get("year"))))
        return out


def _obs_rank(o: Obs, target_row: dict) -> tuple:
    """Sort key: later year first, then the shared ranking of candidate facts (provenance.rank_key)."""
    r = o.row
    same_table = bool(_s(r.get("doc_id")) == _s(target_row.get("doc_id"))
                      and _s(r.get("table_id")) and _s(r.get("table_id")) == _s(target_row.get("table_id")))
    return (o.year or 0,) + P.rank_key(r, same_place=same_table, value=o.value)


def _same_row(o: Obs, target_row: dict) -> bool:
    """Does the observation stand in the same table (and row) as the target?"""
    r = o.row
    if _s(r.get("doc_id")) != _s(target_row.get("doc_id")) or not _s(r.get("table_id")):
        return False
    if _s(r.get("table_id")) != _s(target_row.get("table_id")):
        return False
    rl_t, rl_o = _s(target_row.get("row_label")), _s(r.get("row_label"))
    return not rl_t or not rl_o or rl_t == rl_o


def _norm_label(label: str) -> str:
    s = re.sub(r"[(（][^)）]*[)）]", "", _s(label))
    s = re.sub(r"[\s▲★☆※*∗]", "", s)
    return s


def _pick_base(cands: list[Obs], base_year: int, target_row: dict) -> Obs | None:
    """The base value: the base year, or a footnoted stand-in of an earlier year (same row first)."""
    ok = [o for o in cands if o.value is not None and o.year is not None]
    exact = [o for o in ok if o.year == base_year]
    same = [o for o in exact if _same_row(o, target_row)]
    if same:
        return max(same, key=lambda o: _obs_rank(o, target_row))
    # a stand-in in the target's own row (2019 data in a 2020 column)
    stand = [o for o in ok if _same_row(o, target_row) and base_year - 2 <= o.year < base_year]
    if stand and not exact:
        return max(stand, key=lambda o: _obs_rank(o, target_row))
    if exact:
        return max(exact, key=lambda o: _obs_rank(o, target_row))
    near = [o for o in ok if base_year - 1 <= o.year < base_year]
    if near:
        return max(near, key=lambda o: _obs_rank(o, target_row))
    return None


def _pick_latest(cands: list[Obs], after: int, until: int, target_row: dict) -> Obs | None:
    ok = [o for o in cands if o.value is not None and o.year is not None and after < o.year <= until]
    if not ok:
        return None
    return max(ok, key=lambda o: _obs_rank(o, target_row))


def _disagreements(index: FactIndex, region: str, indicator: str, measure: str, obs: Obs,
                   unit: str) -> list[str]:
    """Other values for the same figure (region, indicator, measure, year) that differ: in another
    document, or elsewhere in the same document (城乡收入倍差 2025: 1.64 in the text, 1.63 in annex 1)."""
    out = []
    if obs is None or obs.value is None:
        return out
    for o in index.rows(region, indicator, measure, unit=unit):
        if o.year != obs.year or o.value is None or o is obs or o.row is obs.row:
            continue
        same_doc = o.doc_id == obs.doc_id
        if same_doc and _s(o.row.get("quote")) == _s(obs.row.get("quote")):
            continue
        if _s(o.row.get("base_year")) != _s(obs.row.get("base_year")) and measure in ("avg_growth", "cumulative"):
            continue
        scale = max(abs(o.value), abs(obs.value), 1e-9)
        if _bounds_agree(o, obs) or _bounds_agree(obs, o):
            continue
        if abs(o.value - obs.value) / scale > CHECK_DISAGREE_REL:
            if same_doc:
                where = _s(o.row.get("quote"))
                where = where[:30] + "…" if len(where) > 30 else where
                out.append(f"同一文档两处不一致:{obs.year}年{indicator}[{obs.doc_id}]采用{fmt(obs.value)},"
                           f"另一处(“{where}”)为{fmt(o.value)}")
            else:
                out.append(f"文档不一致:{obs.year}年{indicator}[{obs.doc_id}]为{fmt(obs.value)},"
                           f"[{o.doc_id}]为{fmt(o.value)}")
    return out


def _bounds_agree(a: Obs, b: Obs) -> bool:
    """``a`` is a bound (突破2万亿, 以上, 以内) that ``b``'s value satisfies: no disagreement."""
    q = _s(a.row.get("qualifier"))
    if V.qualifier_bound(q) in ("above", "floor"):
        return b.value >= a.value
    if V.qualifier_bound(q) == "ceiling":
        return b.value <= a.value
    return False


_EXPLAIN_WORDS = ("不含", "可比价", "区划", "调整", "口径", "合并")


def explaining_sentences(notes: list[str], names: set[str]) -> list[str]:
    """Footnote sentences that can explain a figure: boundary, price basis, merged areas; a
    sentence about a new basis (新口径) only when it names this indicator."""
    out = []
    for note in notes:
        for sentence in re.split(r"[;;。]|(?:^|(?<=[;;。\s]))\d+\.|注:", note):
            sentence = re.sub(r"^\s*\d+[.、]", "", sentence).strip(" :;;。")
            if not sentence or not any(w in sentence for w in _EXPLAIN_WORDS):
                continue
            if "新口径" in sentence and not any(n in sentence for n in names):
                continue
            if sentence not in out:
                out.append(sentence)
    return out


#: target kinds whose outcome is a level of the indicator (compared with the target value)
LEVEL_KINDS = ("level", "share", "ceiling", "flow")


def _matches(text: str, key: str) -> bool:
    """Does ``text`` contain any word (a short regular expression) of vocabulary list ``key``?"""
    return any(re.search(w, text or "") for w in V.words(key))


def _value_clause(row: dict) -> str:
    """The clause of the quote that states the row's value (between two commas or semicolons)."""
    quote, vt = _s(row.get("quote")), _s(row.get("value_text"))
    for clause in re.split(r"[,，;；。]", quote):
        if vt and vt in clause:
            return clause
    return quote


_ESTIMATE_WORDS = r"(?:约为|约合|测算为|测算约|预计为)"


def stated_milestone(row: dict) -> tuple[float, str] | None:
    """(value, qualifier) of the milestone a sentence sets when the row's own figure is the
    report's estimate of the outcome (…人均GDP突破3万美元〔…计算,约为3.2万美元〕): None otherwise."""
    quote, vt, unit = _s(row.get("quote")), _s(row.get("value_text")), _s(row.get("unit"))
    if not vt or not unit or not re.search(_ESTIMATE_WORDS + re.escape(vt), quote):
        return None
    words = "|".join(re.escape(w) for w in V.words("milestone_words"))
    m = re.search(rf"({words})\s*(\d+(?:\.\d+)?)\s*{re.escape(unit)}", quote)
    if not m or m.group(2) + unit == vt:
        return None
    return float(m.group(2)), V.qualifier_code(m.group(1)) or m.group(1)


def target_kind(row: dict, plan_kind: str = "five_year") -> str:
    """The kind of target a row states (vocabulary ``target_kind``), decided from its measure, value,
    unit, qualifier and words: a count of indicators, a service's name or a list of projects is
    not a target; a 五年/累计/完成…投资 figure of a five-year plan, or a 新增 count there, is a total
    over the plan; a 每年/新增 amount elsewhere is a flow (levels compared, no growth); 以内 is a
    ceiling; a % or ‰ value is a share or rate (points, not percent growth)."""
    measure = _s(row.get("measure"))
    unit = _s(row.get("unit"))
    label = _s(row.get("indicator_raw")) or _s(row.get("indicator"))
    names = (_s(row.get("indicator")), label, label + _s(row.get("value_text")))
    if any(_matches(n, "not_target_words") for n in names) or unit in V.words("not_target_units"):
        return "not_target"
    if _num(row.get("value")) is None:
        return "qualitative"
    if measure in ("avg_growth", "growth", "cumulative"):
        return measure
    if measure == "pp_change":
        return "cum_change"
    clause = _value_clause(row)
    per_year = re.search(r"每年|年均|年度", clause + label)
    counted = unit not in ("年", "岁", "%", "‰", "％", "") and "/" not in unit
    new_count = counted and _matches(_s(row.get("indicator")), "flow")
    plan_total = counted and _matches(_s(row.get("indicator")), "plan_total")
    if plan_kind == "five_year" and not per_year and (_matches(clause, "cumulative") or plan_total):
        return "cumulative"
    if V.qualifier_bound(row.get("qualifier")) == "ceiling":
        return "ceiling"
    if new_count or (counted and (re.search(r"^每年", label) or re.search(r"每年|/年", clause))):
        return "flow"
    return "share" if unit in ("%", "‰", "％") else "level"


def _target_kind(row: dict, plan_kind: str = "five_year") -> str:
    return target_kind(row, plan_kind)


def _name_and_direction(rv: Review, t: dict, indicator: str, code: str, qualifier: str, measure: str,
                        unit: str, lookup) -> tuple[str, str, str]:
    """(name shown, direction, how decided): a level row mapped to a catalog indicator measured in
    another unit (单位生产总值二氧化碳排放量 吨/万元 -> …排放降低 %) is shown under its own name."""
    raw = _norm_label(t.get("indicator_raw"))
    level_unit = unit if measure == "level" else ""   # a growth row is in % whatever the level's unit
    direction, dir_how = lookup(indicator, code, qualifier, raw, level_unit)
    cat_unit = getattr(lookup, "units", {}).get(indicator, "")
    if raw and raw != indicator and not unit_agrees(level_unit, cat_unit):
        rv.add_check(f"指标原文“{raw}”({unit or '无单位'})与目录指标“{indicator}”({cat_unit})口径不同,按原文名称列示")
        return raw, direction, dir_how
    return indicator, direction, dir_how


def _target_as_stated(rv: Review, t: dict, qualifier: str, target_text: str, unit: str):
    """(value, range, qualifier, text) of the target: a range (96-97), or the milestone a sentence
    sets when the row's figure is the report's own estimate (约为3.2万美元 -> 突破3万美元)."""
    target_value = _num(t.get("value"))
    stated = stated_milestone(t)
    if stated is not None:
        rv.add_check(f"原文{_s(t.get('value_text'))}为报告测算值,目标为“{stated[1]}{fmt(stated[0])}{unit}”")
        target_value, qualifier = stated
        target_text = f"{stated[1]}{fmt(stated[0])}{unit}"
    target_range = parse_range(t.get("value_text"))
    hi = _num(t.get("value_high"))
    if target_range is None and hi is not None and target_value is not None and hi > target_value:
        target_range = (target_value, hi)
    if target_range and target_value is None:
        target_value = target_range[0]
    return target_value, target_range, qualifier, target_text


def _observations(rv: Review, t: dict, kind: str, plan_kind: str, index: FactIndex, region: str, indicator: str,
                  unit: str, b: int | None, T: int | None) -> tuple:
    """(base, latest) observations for a target of ``kind``: levels, growth rates, totals or changes
    of the region's indicator, picked by year and rank (a report's own year of an annual plan is not
    its outcome)."""
    if kind in LEVEL_KINDS:
        level_cands = index.rows(region, indicator, "level", unit=unit or None)
    elif kind in ("avg_growth", "cum_change", "qualitative"):
        level_cands = index.rows(region, indicator, "level")
    else:
        level_cands = []
    if plan_kind == "annual":
        # a report does not state the outcome of its own year's plan: its figures for that year
        # are plans or sub-targets (2021年计划安排市重点项目71个,年度计划投资342亿元)
        level_cands = [o for o in level_cands if not (o.doc_id == _s(t.get("doc_id")) and o.year == T)]

    def pick_levels(cands):
        bb = _pick_base(cands, b, t) if b else None
        ll = _pick_latest(cands, bb.year if bb else (b or 0), T, t) if T else None
        return bb, ll

    base = latest = None
    if kind in LEVEL_KINDS:
        base, latest = pick_levels(level_cands)
    elif kind == "qualitative":
        latest = _pick_latest(level_cands, b or 0, T, t) if T else None
    elif kind == "avg_growth":
        base = _pick_base(level_cands, b, t) if b else None
        if base is not None:  # levels in the base's unit
            level_cands = index.rows(region, indicator, "level", unit=_s(base.row.get("unit")) or None)
        lvl_latest = _pick_latest(level_cands, base.year if base else (b or 0), T, t) if T else None
        growth_obs = [o for o in index.rows(region, indicator, "avg_growth")
                      if o.year is not None and b is not None and T is not None and b < o.year <= T
                      and (_i(o.row.get("base_year")) in (None, b))]
        latest = max(growth_obs, key=lambda o: _obs_rank(o, t)) if growth_obs else None
        rv.fields["_lvl_latest"] = lvl_latest
    elif kind == "growth":
        own_year = (lambda o: plan_kind == "annual" and o.doc_id == _s(t.get("doc_id")) and o.year == T)
        cands = [o for o in index.rows(region, indicator, "growth") if not own_year(o)]
        latest = _pick_latest(cands, (T or 0) - 1, T or 0, t)
        if latest is None:
            partial = [o for o in index.rows(region, indicator, "growth", annual_only=False)
                       if o.year == T and o.value is not None and _s(o.row.get("period")) and not own_year(o)]
            if partial:
                p = max(partial, key=lambda o: _s(o.row.get("period")))
                rv.fields["_partial"] = p
    elif kind == "cumulative":
        cands = index.rows(region, indicator, "cumulative", unit=unit or None)
        latest = _pick_latest(cands, b or 0, T, t) if T else None
    elif kind == "cum_change":
        cands = index.rows(region, indicator, "pp_change")
        latest = _pick_latest(cands, b or 0, T, t) if T else None
        base = _pick_base(level_cands, b, t) if b else None

    return base, latest


def _outcome_checks(rv: Review, t: dict, kind: str, plan_kind: str, index: FactIndex, region: str,
                    indicator: str, unit: str, b: int | None, T: int | None, base, latest, synonyms):
    """Checks and sources around the chosen observations (a completion table's empty cell, partial-year
    figures, a base from another year, disagreeing figures, a 新口径 footnote); the latest outcome
    that stands (None when the plan's own table reports no outcome for the row)."""
    # a plan's completion table is the authority on its outcomes: when the table reports outcomes
    # but this row's completion cell is empty (--), a same-named figure from elsewhere is not used
    if (latest is not None and kind in LEVEL_KINDS + ("cumulative", "qualitative") and plan_kind == "five_year"
            and index.table_reports_outcomes(t, T) and not _same_row(latest, t)):
        rv.add_check(f"完成情况栏无数据(--);另见[{latest.doc_id}]“{_s(latest.row.get('row_label') or latest.row.get('indicator_raw'))}”"
                     f"{latest.year}年{fmt(latest.value)},口径未必相同,未采用")
        latest = None
    # partial-year figures after the latest annual one are shown, not used as outcomes
    if kind in LEVEL_KINDS and T:
        after = latest.year if latest is not None else (base.year if base is not None else (b or 0))
        for o in index.rows(region, indicator, "level", annual_only=False, unit=unit or None):
            period = _s(o.row.get("period"))
            if (period and PARTIAL_PERIOD.match(period) and o.value is not None and o.year is not None
                    and after < o.year <= T):
                rv.add_check(f"{o.year}年{PERIOD_LABELS.get(period, period)}为{fmt(o.value)}(非全年数据,未作为实绩)")
                rv.add_source(o, f"{o.year}年{period}")
    for o in (base, latest):
        if o is not None:
            rv.add_note(o.row.get("note"))
    rv.add_source(base, f"基期{base.year if base else ''}")
    rv.add_source(latest, f"{'预计' if latest is not None and _s(latest.row.get('status')) == 'estimate' else '实绩'}"
                          f"{latest.year if latest else ''}")

    base_value = base.value if base else None
    base_year_used = base.year if base else b
    rv.fields.update(base_year=base_year_used, base_value=base_value)
    if base is not None and b and base.year != b:
        if _same_row(base, t):
            rv.add_check(f"基期列为{b}年,所填为{base.year}年数据(表中标注)")
        else:
            rv.add_check(f"无{b}年基期值,以{base.year}年数据为基期")

    if latest is not None:
        rv.fields.update(latest_year=latest.year, latest_value=latest.value,
                         latest_status=_s(latest.row.get("status")), latest_period=_s(latest.row.get("period")))
        msr = {"cum_change": "pp_change", **{k: "level" for k in LEVEL_KINDS}}.get(kind, kind)
        for msg in _disagreements(index, region, indicator, msr, latest, unit):
            rv.add_check(msg)
    if base is not None:
        for msg in _disagreements(index, region, indicator, "level", base, unit):
            rv.add_check(msg)

    # a footnote saying this indicator's figures are on a new basis (新口径)
    names = {indicator, _norm_label(t.get("indicator_raw")), _norm_label(t.get("row_label"))} | set(synonyms(indicator))
    names = {n for n in names if n and len(n) >= 4}
    rv.fields["_names"] = names
    for sentence in explaining_sentences(rv.notes, names):
        if "口径" in sentence and any(n in sentence for n in names):
            rv.add_check("口径提示:" + sentence)

    return latest


def _review_one(t: dict, others: list[dict], plan: str, plan_kind: str, index: FactIndex,
                lookup, catalog_cat: dict, synonyms=lambda name: ()) -> dict:
    """Review one target (``others`` are duplicate statements of it in other places)."""
    rv = Review()
    region, indicator = _s(t["region"]), _s(t["indicator"])
    code = _s(t.get("indicator_code"))
    measure = _s(t.get("measure")) or "level"
    unit = _s(t.get("unit"))
    kind = _target_kind(t, plan_kind)
    qualifier = _s(t.get("qualifier"))
    target_text = _s(t.get("value_text")) or fmt(t.get("value"), 4)
    attribute = _s(t.get("attribute"))
    for o in others:
        attribute = attribute or _s(o.get("attribute"))
        qualifier = qualifier or _s(o.get("qualifier"))
    shown, direction, dir_how = _name_and_direction(rv, t, indicator, code, qualifier, measure, unit, lookup)
    target_value, target_range, qualifier, target_text = _target_as_stated(rv, t, qualifier, target_text, unit)
    if plan_kind == "five_year":
        b, T = PLAN_PERIODS[plan]
        T = _i(t.get("year")) or T
        b = _i(t.get("base_year")) or b
    else:
        T = _i(t.get("year"))
        b = (T - 1) if T else None
    tol, tol_text = tolerance_for(target_text, qualifier, attribute)

    rv.fields.update(
        region=region, plan=plan, plan_kind=plan_kind,
        category=_s(t.get("category")) or catalog_cat.get(indicator, ""),
        indicator=shown, indicator_code=code, measure=measure, unit=unit, attribute=attribute,
        target_kind=kind, direction=direction, base_year=b, target_year=T, target_value=target_value,
        target_text=target_text, target_qualifier=qualifier, tolerance=tol_text,
        doc_id=_s(t.get("doc_id")), quote=_s(t.get("quote")),
    )
    tobs = Obs(t, target_value, T)
    rv.add_source(tobs, "目标")
    for o in others:
        rv.add_source(Obs(o, _num(o.get("value")), _i(o.get("year"))), "目标(另见)")
    if dir_how not in ("catalog",):
        rv.add_note(f"方向({'越低越好' if direction == 'lower' else '越高越好'})按{ {'qualifier': '限定词', 'name': '指标名', 'default': '默认'}[dir_how] }判断,目录无此指标")
    rv.add_note(t.get("note"))
    if V.is_stretch(qualifier):
        rv.add_note(f"“{qualifier}”为挑战性目标")
    if target_range:
        rv.add_note(f"区间目标{fmt(target_range[0])}–{fmt(target_range[1])}")

    base, latest = _observations(rv, t, kind, plan_kind, index, region, indicator, unit, b, T)

    latest = _outcome_checks(rv, t, kind, plan_kind, index, region, indicator, unit, b, T, base, latest, synonyms)

    # ------------------------------------------------------------- classification
    status, reason = _classify(rv, t, kind, plan_kind, b, T, base, latest, target_value, target_range,
                               qualifier, direction, tol, index, region, indicator)
    rv.fields["status"] = status
    rv.fields["status_reason"] = reason
    if latest is not None and _s(latest.row.get("status")) == "estimate" and status in ("achieved", "not_achieved"):
        rv.add_check(f"按{latest.year}年预计数评估,待统计数据确认")

    if kind in ("avg_growth", "growth") and rv.fields.get("base_value") is not None:
        # a growth row is in %: its base level (亿元) stays out of the % columns, in the notes
        rv.add_note(f"基期水平值:{rv.fields.get('base_year')}年{fmt(rv.fields.pop('base_value'))}"
                    f"{_s(base.row.get('unit')) if base is not None else ''}")
    rv.fields["key_indicator"] = bool(code) or bool(_s(t.get("table_id"))) or any(_s(o.get("table_id")) for o in others)
    out = {c: rv.fields.get(c) for c in REVIEW_COLUMNS}
    out["check"] = ";".join(rv.checks)
    out["notes"] = ";".join(rv.notes)
    out["sources"] = " || ".join(rv.sources)
    return out


def _classify_avg_growth(rv: Review, b, T, base: Obs | None, latest: Obs | None, target_value, qualifier: str,
                         tol: float) -> tuple[str, str]:
    """An average growth target: the stated average, else the one implied by the base and latest levels."""
    F = rv.fields
    lvl_latest = F.pop("_lvl_latest", None)
    required = target_value
    F["required_growth_pct"] = required
    implied = None
    if base is not None and lvl_latest is not None and base.year is not None and lvl_latest.year:
        implied = cagr(base.value, lvl_latest.value, lvl_latest.year - base.year)
        F["implied_growth_pct"] = implied
        rv.add_source(lvl_latest, f"水平值{lvl_latest.year}")
        rv.add_note(lvl_latest.row.get("note"))
    if latest is not None:
        actual = latest.value
        F["actual_growth_pct"] = actual
        if implied is not None and lvl_latest.year == latest.year:
            c = growth_consistency(base.value, base.year, lvl_latest.value, lvl_latest.year, actual)
            if c and not c["consistent"]:
                rv.add_check(_growth_msg(base, lvl_latest, c, rv.notes, F.get('_names', set())))
    else:
        actual = implied
        F["actual_growth_pct"] = implied
        if implied is not None:
            latest = lvl_latest
            F.update(latest_year=lvl_latest.year, latest_value=round(implied, 2),
                     latest_status=_s(lvl_latest.row.get("status")))
            rv.add_check(f"报告未列实际年均增速,由{base.year}年{fmt(base.value)}、{lvl_latest.year}年"
                         f"{fmt(lvl_latest.value)}推算为{implied:.1f}%")
    if actual is None:
        return "cannot_assess", "无实际增速或水平值"
    ratio = actual / required if required else None
    F["pace_ratio"] = ratio
    F["pace_band"] = pace_band(ratio)
    F["gap"] = actual - required
    ok = meets_target(actual, required, qualifier, "higher", tol)
    end = latest is not None and (latest.year or 0) >= T
    if end:
        return ("achieved" if ok else "not_achieved",
                f"年均增长{fmt(actual)}%,目标{fmt(required)}%{qualifier}")
    if base is not None and lvl_latest is not None and base.value:
        F["projected_value"] = projected_value(base.value, lvl_latest.value, base.year, lvl_latest.year, T)
    F["elapsed_pct"] = _pct(elapsed(b, latest.year, T))
    return ("on_track" if ok else "lagging",
            f"至{latest.year}年年均增长{fmt(actual)}%,目标需{fmt(required)}%")


def _classify_growth(rv: Review, T, latest: Obs | None, target_value, qualifier: str, direction: str,
                     tol: float) -> tuple[str, str]:
    """An annual growth target: that year's growth, or a part of the year's so far (on track / lagging)."""
    F = rv.fields
    if latest is None:
        p = F.pop("_partial", None)
        if p is not None:
            rv.add_source(p, f"{_s(p.row.get('period'))}")
            F.update(latest_year=p.year, latest_value=p.value, latest_status=_s(p.row.get("status")),
                     latest_period=_s(p.row.get("period")))
            ok = meets_target(p.value, target_value, qualifier, "higher", tol)
            F["gap"] = p.value - target_value
            return ("on_track" if ok else "lagging",
                    f"{_s(p.row.get('period'))}增长{fmt(p.value)}%,全年目标{fmt(target_value)}%")
        return "cannot_assess", f"尚无报告给出{T}年实绩"
    F["actual_growth_pct"] = latest.value
    F["required_growth_pct"] = target_value
    F["gap"] = latest.value - target_value
    F["pace_ratio"] = latest.value / target_value if target_value else None
    F["pace_band"] = pace_band(F["pace_ratio"])
    ok = meets_target(latest.value, target_value, qualifier, "higher" if direction != "lower" else "lower", tol)
    return ("achieved" if ok else "not_achieved",
            f"{latest.year}年增长{fmt(latest.value)}%,目标{fmt(target_value)}%{qualifier}")


def _classify_total(rv: Review, kind: str, b, T, latest: Obs | None, target_value, qualifier: str, direction: str,
                    tol: float, end_assessed: bool) -> tuple[str, str]:
    """A total over the plan (〔43〕: the sum over the period) or a cumulative change ([16.4])."""
    F = rv.fields
    # ---- cumulative targets (〔43〕): sum over the period
    if kind == "cumulative":
        if latest is None:
            return "cannot_assess", f"规划期累计目标({fmt(target_value)}{F.get('unit') or ''}),无期内累计实绩;不折算为年度目标"
        F["gap"] = latest.value - target_value
        F["gap_pct"] = _pct(F["gap"] / target_value) if target_value else None
        F["completion_pct"] = _pct(latest.value / target_value) if target_value else None
        ok = meets_target(latest.value, target_value, qualifier, direction, tol)
        if end_assessed:
            return ("achieved" if ok else "not_achieved",
                    f"累计{fmt(latest.value)},目标累计{fmt(target_value)}")
        tau = elapsed(b, latest.year, T)
        F["elapsed_pct"] = _pct(tau)
        done = latest.value / target_value if target_value else None
        return ("on_track" if (ok or (done is not None and tau is not None and done >= tau)) else "lagging",
                f"至{latest.year}年累计{fmt(latest.value)},目标{fmt(target_value)}")

    # ---- cumulative change targets ([16.4])
    if kind == "cum_change":
        val = latest.value if latest is not None else None
        if val is None:
            return "cannot_assess", "无累计变动实绩"
        F["gap"] = val - target_value
        ok = meets_target(val, target_value, qualifier, direction, tol)
        if end_assessed:
            return ("achieved" if ok else "not_achieved", f"累计变动{fmt(val)},目标{fmt(target_value)}")
        return ("on_track" if ok else "lagging", f"至{latest.year}年累计变动{fmt(val)}")


def _classify(rv: Review, t: dict, kind: str, plan_kind: str, b, T, base: Obs | None, latest: Obs | None,
              target_value, target_range, qualifier: str, direction: str, tol: float,
              index: FactIndex, region: str, indicator: str) -> tuple[str, str]:
    F = rv.fields
    if kind == "not_target":
        return "cannot_assess", f"非目标行({_s(t.get('indicator_raw')) or indicator}{_s(t.get('value_text'))}:指标个数、服务名称或项目清单),不作评估"
    if kind == "qualitative":
        txt = _s(t.get("value_text")) or "无数值"
        said = sorted({_s(o.row.get("value_text")) for o in index.rows(region, indicator)
                       if o.value is None and _s(o.row.get("value_text")) and _same_row(o, t)
                       and (o.year or 0) >= (T or 0) - 1})
        if said:
            rv.add_note("报告所填完成情况:" + "、".join(said))
            if all(w in V.words("done") for w in said):
                # the plan's own table reports the target as done (上级下达指标 | 完成): the
                # report's verdict is the outcome, though no figure can be checked
                F["target_kind"] = "reported_done"
                return "achieved", f"报告所填完成情况为“{'、'.join(said)}”(目标为{txt},无数值可核,采信报告)"
            return "cannot_assess", f"定性目标({txt}),报告所填完成情况为“{'、'.join(said)}”,无数值可核"
        if latest is not None:
            return "cannot_assess", f"定性目标({txt}),无可比数值;最新值{fmt(latest.value)}仅供参考"
        return "cannot_assess", f"定性目标({txt})"
    if target_value is None:
        return "cannot_assess", "目标无数值"

    end_assessed = latest is not None and (latest.year >= T or
                                           (_same_row(latest, t) and _s(latest.row.get("plan")) == _s(t.get("plan"))
                                            and plan_kind == "five_year" and latest.year >= T - 1))
    if latest is not None and latest.year < T and end_assessed:
        rv.add_check(f"完成情况列({T}年)所填为{latest.year}年数据(表中标注),按其评估")

    if kind == "avg_growth":
        return _classify_avg_growth(rv, b, T, base, latest, target_value, qualifier, tol)

    if kind == "growth":
        return _classify_growth(rv, T, latest, target_value, qualifier, direction, tol)

    if kind in ("cumulative", "cum_change"):
        return _classify_total(rv, kind, b, T, latest, target_value, qualifier, direction, tol, end_assessed)

    # ---- levels, shares and rates, ceilings, flows
    return _classify_level(rv, t, kind, plan_kind, b, T, base, latest, target_value, target_range,
                           qualifier, direction, tol, index, region, indicator, end_assessed)


#: per kind, what arithmetic a level-like target gets
_GROWTH_KINDS = ("level",)                 # compound growth needed and achieved
_CHANGE_KINDS = ("level", "share")         # change per year needed (points for a share or rate)
_COMPLETION_KINDS = ("level", "share")     # completion C = (x_t - x_b) / (x_T - x_b)


def _classify_level(rv: Review, t: dict, kind: str, plan_kind: str, b, T, base: Obs | None,
                    latest: Obs | None, target_value, target_range, qualifier: str, direction: str,
                    tol: float, index: FactIndex, region: str, indicator: str,
                    end_assessed: bool) -> tuple[str, str]:
    """Levels (growth and completion), shares and rates (points per year), ceilings (met when
    not above) and flows (levels compared, no growth arithmetic)."""
    F = rv.fields
    x_b = base.value if base else None
    if x_b is not None and T and base.year is not None and T > base.year:
        if kind in _GROWTH_KINDS:
            F["required_growth_pct"] = required_growth(x_b, target_value, T - base.year)
        if kind in _CHANGE_KINDS:
            F["required_change_per_year"] = (target_value - x_b) / (T - base.year)
    if latest is None:
        if x_b is not None:
            span = f"{T}年" if T == base.year + 1 else f"{base.year + 1}–{T}年"
            if plan_kind == "annual":
                return "cannot_assess", f"上年({base.year}年)为{fmt(x_b)};尚无报告给出{span}实绩或预计数"
            return "cannot_assess", f"仅有基期值({base.year}年{fmt(x_b)}),无{span}实绩或预计数"
        return "cannot_assess", "无基期值和实绩数据"
    x_t, t_year = latest.value, latest.year
    gap = x_t - target_value
    F["gap"] = gap
    F["gap_pct"] = _pct(gap / target_value) if target_value and kind in ("level", "flow") else None
    if T and t_year < T and not end_assessed:
        if kind in _GROWTH_KINDS:
            F["required_growth_from_latest_pct"] = required_growth(x_t, target_value, T - t_year)
        if kind in _CHANGE_KINDS:
            F["required_change_per_year"] = (target_value - x_t) / (T - t_year)
    ok = meets_target(x_t, target_value, qualifier, direction, tol, target_range)
    C = completion(x_b, x_t, target_value) if x_b is not None and kind in _COMPLETION_KINDS else None
    if x_b is not None and meets_target(x_b, target_value, qualifier, direction, tol, target_range):
        C = None  # the base already met the target: completion is not meaningful
        rv.add_note(f"基期值{fmt(x_b)}已达到目标{fmt(target_value)}")
    if C is not None and C < 0:
        rv.add_note(f"与基期{fmt(x_b)}相比反向变动,完成度无意义")
        C = None
    F["completion_pct"] = _pct(C)
    if x_b is not None and base.year is not None and t_year > base.year:
        _level_pace(rv, t, kind, b, T, base, latest, index, region, indicator, end_assessed)
    unit = F.get("unit") or ""
    gap_unit = "个百分点" if unit == "%" else unit
    head = f"{t_year}年{fmt(x_t)},目标{fmt(target_value)}{qualifier}"
    if kind == "ceiling":
        head += "(上限)"
    elif kind == "flow":
        head += "(年度流量,比较水平)"
    if end_assessed:
        if ok:
            return "achieved", head + "(已达到)"
        return "not_achieved", head + f"(差{fmt(abs(gap))}{gap_unit})"
    tau = elapsed(base.year if base else b, t_year, T)
    F["elapsed_pct"] = _pct(tau)
    if ok:
        return "on_track", head + ("(未超上限)" if kind == "ceiling" else "(已达到目标值)")
    if kind in ("ceiling", "flow"):
        return "lagging", head + f"(差{fmt(abs(gap))}{gap_unit})"
    if C is not None and tau is not None:
        if C >= tau:
            return "on_track", head + f"(完成度{C:.0%}≥时间进度{tau:.0%})"
        return "lagging", head + f"(完成度{C:.0%}<时间进度{tau:.0%})"
    if T - t_year <= 1:
        return "lagging", head + f"(无基期值;距目标年仅{T - t_year}年,仍差{fmt(abs(gap))}{gap_unit})"
    return "cannot_assess", head + "(无基期值,无法判断进度)"


def _level_pace(rv: Review, t: dict, kind: str, b, T, base: Obs, latest: Obs, index: FactIndex,
                region: str, indicator: str, end_assessed: bool) -> None:
    """Actual pace against the pace needed: compound growth for levels, points a year for shares."""
    F = rv.fields
    x_b, x_t, t_year = base.value, latest.value, latest.year
    if kind == "share":
        actual_change = (x_t - x_b) / (t_year - base.year)
        need = F.get("required_change_per_year")
        if need:
            F["pace_ratio"] = actual_change / need
            F["pace_band"] = pace_band(F["pace_ratio"])
        if t_year < T and not end_assessed:
            F["projected_value"] = projected_value(x_b, x_t, base.year, t_year, T, compound=False)
        return
    if kind not in _GROWTH_KINDS:
        return
    actual_g = cagr(x_b, x_t, t_year - base.year)
    F["implied_growth_pct"] = actual_g
    reported = _reported_avg_growth(index, region, indicator, base.year, t_year, t)
    F["actual_growth_pct"] = reported.value if reported is not None else actual_g
    if reported is not None:
        rv.add_source(reported, "实际年均增长")
        rv.add_note(reported.row.get("note"))
        c = growth_consistency(x_b, base.year, x_t, t_year, reported.value)
        if c and not c["consistent"]:
            rv.add_check(_growth_msg(base, latest, c, rv.notes, F.get('_names', set())))
    req = F.get("required_growth_pct")
    if req and F["actual_growth_pct"] is not None:
        F["pace_ratio"] = F["actual_growth_pct"] / req
        F["pace_band"] = pace_band(F["pace_ratio"])
    if t_year < T and not end_assessed:
        F["projected_value"] = projected_value(x_b, x_t, base.year, t_year, T, compound=True)


def _reported_avg_growth(index: FactIndex, region: str, indicator: str, b: int, t: int, target_row: dict) -> Obs | None:
    cands = [o for o in index.rows(region, indicator, "avg_growth")
             if o.year == t and o.value is not None and _i(o.row.get("base_year")) in (None, b)]
    if not cands:
        return None
    return max(cands, key=lambda o: _obs_rank(o, target_row))


def _growth_msg(base: Obs, latest: Obs, c: dict, notes: list[str], names: set[str] = frozenset()) -> str:
    msg = (f"增速与水平值不符:{base.year}年{fmt(base.value)}→{latest.year}年{fmt(latest.value)}"
           f"推算年均{c['implied_pct']:.1f}%,报告为{fmt(c['reported_pct'])}%"
           f"(差{abs(c['diff_pp']):.1f}个百分点,容差{CHECK_GROWTH_TOL_PP}个百分点)")
    expl = explaining_sentences(notes, set(names))
    if expl:
        msg += ";表注说明:" + ";".join(expl)
    else:
        msg += ";报告未说明(水平值多为现价,增速多按可比价)"
    return msg


def _sig(x, digits: int = 6):
    """Round to ``digits`` significant digits (2.3000000000000003 -> 2.3)."""
    v = _num(x)
    if v is None or v == 0:
        return v
    return round(v, max(0, digits - 1 - int(math.floor(math.log10(abs(v))))))


def _pct(x) -> float | None:
    v = _num(x)
    return None if v is None else v * 100.0


def build_reviews(facts: pd.DataFrame, catalog: pd.DataFrame | None = None,
                  doc_info: dict | None = None, extra_obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The review table for every target in ``facts`` (see module docstring)."""
    catalog = catalog if catalog is not None else pd.DataFrame(columns=["code", "name", "category", "direction"])
    doc_info = doc_info or {}
    facts = facts.copy()
    for col in ("doc_id", "region", "indicator", "indicator_code", "measure", "status", "qualifier", "period",
                "plan", "attribute", "value_text", "source_kind", "table_id", "row_label", "note", "quote", "unit",
                "category"):
        if col not in facts:
            facts[col] = ""
        facts[col] = facts[col].fillna("").astype(str)
    for col in ("value", "year", "base_year"):
        if col not in facts:
            facts[col] = None
    obs_src = facts if extra_obs is None or extra_obs.empty else pd.concat([facts, extra_obs], ignore_index=True)
    for col in facts.columns:
        if col not in obs_src:
            obs_src[col] = ""
    index = FactIndex(obs_src.fillna({"status": "", "period": "", "measure": ""}), doc_info)
    lookup = direction_lookup(catalog)
    catalog_cat = {r.name: r.category for r in catalog.itertuples() if r.name}
    syn_col = next((c for c in ("synonyms", "aliases", "wordings") if c in catalog.columns), None)
    syn_map = {}
    if syn_col:
        for r in catalog.to_dict("records"):
            syn_map[r["name"]] = [w for w in str(r.get(syn_col) or "").split("|") if w]

    targets = facts[facts["status"] == "target"]
    groups: dict[tuple, list[dict]] = {}
    for rec in targets.to_dict("records"):
        plan, plan_kind = infer_plan(rec, doc_info)
        # partial-year targets are not plan targets
        key = (_s(rec["region"]), plan, plan_kind, _s(rec["indicator"]), _s(rec.get("measure")),
               _i(rec.get("year")), _num(rec.get("value")) if _num(rec.get("value")) is not None else _s(rec.get("value_text")),
               _s(rec.get("unit")))
        groups.setdefault(key, []).append(rec)

    rows = []
    for key, recs in groups.items():
        recs = sorted(recs, key=lambda r: (0 if _s(r.get("source_kind")) == "table" else 1, _s(r.get("doc_id"))))
        rows.append(_review_one(recs[0], recs[1:], key[1], key[2], index, lookup, catalog_cat,
                                lambda name: syn_map.get(name, ())))
    out = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    if out.empty:
        return out
    # two statements of one target with different values
    # (catalog indicators only: unmatched labels such as 年度计划投资(工业项目) cover sub-items)
    dup = out.groupby(["region", "plan", "indicator", "measure", "target_year"])["target_value"].transform("nunique")
    for i in out.index[(dup > 1) & (out["indicator_code"].fillna("") != "")]:
        others = out[(out.region == out.at[i, "region"]) & (out.plan == out.at[i, "plan"])
                     & (out.indicator == out.at[i, "indicator"]) & (out.measure == out.at[i, "measure"])
                     & (out.target_year == out.at[i, "target_year"])]["target_value"].dropna().unique()
        msg = "同一目标多处表述不一致:" + "、".join(fmt(v) for v in others)
        out.at[i, "check"] = ";".join(x for x in (out.at[i, "check"], msg) if x)
    plan_order = {p: n for n, p in enumerate(PLAN_PERIODS)}
    out["_p"] = out["plan"].map(lambda p: plan_order.get(p, 99))
    out = out.sort_values(["region", "_p", "plan", "doc_id"], kind="stable").drop(columns="_p").reset_index(drop=True)
    for col in ("base_year", "target_year", "latest_year"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    for col in ("base_value", "target_value", "latest_value", "elapsed_pct", "completion_pct",
                "required_growth_pct", "required_growth_from_latest_pct", "required_change_per_year",
                "actual_growth_pct", "implied_growth_pct", "pace_ratio", "projected_value", "gap", "gap_pct"):
        out[col] = pd.to_numeric(out[col], errors="coerce").map(_sig)
    return out


def review_from_project(indicators_csv: Path | str | None = None) -> pd.DataFrame:
    """Build the review table from the project's fact table, catalog, manifest and reference figures."""
    from planbook.data import load_indicators

    paths = project_paths()
    where = Path(indicators_csv) if indicators_csv else paths.indicators_csv
    if where.exists():
        try:
            header = list(pd.read_csv(where, nrows=0, encoding="utf-8").columns)
        except Exception as exc:
            raise PlanbookError(f"{where}: cannot read indicator table: {exc}") from None
        missing = [c for c in ("region", "indicator", "year", "value", "unit", "measure", "status") if c not in header]
        if missing:
            raise PlanbookError(f"{where}: not an indicator table (missing columns: {', '.join(missing)})")
    facts = load_indicators(where)
    for problem in V.check_facts(facts):   # the extractor's codes against the vocabulary
        warnings.warn(f"{where}: {problem}", stacklevel=2)
    catalog = load_catalog(paths.catalog / "indicators.csv")
    out = build_reviews(facts, catalog, _manifest_info(paths), _load_official(paths))
    return add_tally_rows(out, plan_tallies(paths), catalog)


def plan_tallies(paths=None) -> pd.DataFrame:
    """The reports' own tallies of their plans (planbook.plan_tally), empty when none."""
    from planbook.data import load_manifest
    from planbook.plan_tally import TALLY_COLUMNS, tallies_from_documents

    paths = paths or project_paths()
    try:
        man = load_manifest(paths.manifest)
    except Exception:
        return pd.DataFrame(columns=TALLY_COLUMNS)
    return tallies_from_documents(paths.raw, man)


def _canonical(name: str, catalog: pd.DataFrame) -> str:
    """The catalog name a report's wording stands for (name or synonym), else the wording."""
    syn_col = next((c for c in ("synonyms", "aliases") if c in catalog.columns), None)
    for r in catalog.to_dict("records"):
        words = {r.get("name", "")} | set(str(r.get(syn_col) or "").split("|") if syn_col else ())
        if name in words:
            return r["name"]
    return name


def add_tally_rows(reviews: pd.DataFrame, tallies: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Rows for the indicators a report's tally names as not assessable or lagging when the review
    has no row for them (the report's verdict, with its sentence as the source)."""
    rows = []
    for t in tallies.to_dict("records"):
        have = set(reviews.loc[(reviews["region"] == t["region"]) & (reviews["plan"] == t["plan"]), "indicator"])
        for field_, status, why in (("not_assessable_names", "cannot_assess", "报告称因数据缺失无法评估"),
                                    ("lagging_names", "lagging", "报告称进度滞后")):
            for name in [x for x in str(t.get(field_) or "").split("|") if x]:
                ind = _canonical(name, catalog)
                if ind in have or name in have or any(len(h) >= 4 and h in name for h in have):
                    continue
                have.add(ind)
                row = {c: None for c in REVIEW_COLUMNS}
                row.update(region=t["region"], plan=t["plan"], plan_kind="five_year", indicator=ind,
                           target_kind="qualitative", status=status,
                           status_reason=f"{why}(报告自述,指标表未列数值)", doc_id=t["doc_id"],
                           quote=t["quote"], key_indicator=True,
                           sources=P.cite(t["doc_id"], t["quote"], "报告自述"))
                rows.append(row)
    if not rows:
        return reviews
    extra = pd.DataFrame(rows, columns=REVIEW_COLUMNS).astype(reviews.dtypes.to_dict(), errors="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return pd.concat([reviews, extra], ignore_index=True)


def run_review(out: Path | str | None = None, indicators_csv: Path | str | None = None) -> Path:
    """Write ``data/processed/reviews.csv`` (or ``out``) and return its path."""
    df = review_from_project(indicators_csv)
    target = Path(out) if out else project_paths().reviews_csv
    write_csv_atomic(plan_tallies(), Path(target).with_name("plan_tallies.csv"))
    return write_csv_atomic(df, target)


def summarize(df: pd.DataFrame) -> dict[str, int]:
    """Count of reviews per status (all statuses present, zeros included)."""
    counts = df["status"].value_counts().to_dict() if not df.empty else {}
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def tally_text(region: str, plan: str, path: Path | None = None) -> str:
    """The report's own tally of a plan as one line (planbook.plan_tally), '' when none."""
    from planbook.plan_tally import tally_line

    path = Path(path) if path else project_paths().processed / "plan_tallies.csv"
    if not path.exists():
        return ""
    df = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    hit = df[(df["region"].astype(str) == str(region)) & (df["plan"].astype(str) == str(plan))]
    return tally_line(hit.iloc[0].replace("", None).to_dict()) if len(hit) else ""


#: which row's status an indicator takes when it has several (level and growth): a miss first
_INDICATOR_PRECEDENCE = ["not_achieved", "lagging", "achieved", "on_track", "cannot_assess"]


def indicator_statuses(df: pd.DataFrame) -> pd.DataFrame:
    """One status per (region, plan, indicator): a plan table counts indicators, not rows (地区生产
    总值 with a level and an average-growth target is one indicator; a miss on either is a miss)."""
    if df.empty:
        return pd.DataFrame(columns=["region", "plan", "indicator", "status"])
    rank = {s: n for n, s in enumerate(_INDICATOR_PRECEDENCE)}
    d = df.assign(_r=df["status"].map(rank).fillna(len(rank)))
    d = d.sort_values("_r", kind="stable").drop_duplicates(["region", "plan", "indicator"])
    return d[["region", "plan", "indicator", "status"]].reset_index(drop=True)


def summarize_by_indicator(df: pd.DataFrame) -> dict[str, int]:
    """Count of indicators per status (see ``indicator_statuses``), zeros included."""
    return summarize(indicator_statuses(df))


def _cli(args) -> int:
    path = run_review(args.out, args.indicators)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    counts = summarize(df)
    print(f"planbook review: {len(df)} targets -> {path}")
    print("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("review", help="规划目标完成情况评估 (writes data/processed/reviews.csv)")
    p.add_argument("--out", help="output CSV (default data/processed/reviews.csv)")
    p.add_argument("--indicators", help="fact table to read (default data/processed/indicators.csv)")
    p.set_defaults(func=_cli)
