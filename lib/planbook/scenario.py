"""Scenario projection: what growth it takes to reach a plan's level targets, and the range of outcomes.

The engine redoes the arithmetic the plan reports use ("reaching 3万亿元 by 2030 needs 5.4% a year")
under the analyst's own assumptions:

* compound paths from a base year, with a flat real growth rate or per-year overrides;
* the average growth a target needs and the first year a path reaches it;
* real versus nominal: plan growth targets are real, level targets are at current prices; a GDP
  deflator assumption links them (nominal factor = real factor x price factor); at a deflator of 0
  the result is the plain compound arithmetic of the reports;
* a population path (a total change spread evenly over the years, or natural growth plus net
  migration) and an exchange rate give per-capita GDP in 元 and 美元;
* growth shocks with volatility ``sigma`` (percentage points of real growth, independent years) give
  a fan of outcomes and the probability of reaching the target: in closed form under a lognormal
  approximation, and by a vectorised numpy simulation that checks it.

Defaults come from data: base levels are the latest values in the indicator table
(``planbook.data.load_indicators``) or in ``data/reference/official_stats.csv``, whichever is later;
figures only the report prose states (the 3万亿元 target, 40万 more residents, 7.12) fall back to
quotes checked against the raw documents. Every default carries its source; estimates are marked.

Named scenarios (保守 / 基准 / 冲刺 and the analyst's own) are JSON files under ``data/scenarios/``.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import warnings
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from planbook import provenance as P
from planbook.fileio import PlanbookError, write_csv_atomic, write_text_atomic
from planbook.paths import project_paths
from planbook import vocab as V

GDP = "地区生产总值"
POPULATION = "常住人口"
FX = "人民币对美元汇率"

SCENARIO_COLUMNS = ["scenario", "region", "year", "variable", "value", "unit", "source",
                    "variable_code", "status"]

PERCENTILES = (5, 25, 50, 75, 95)
DEFAULT_SCENARIO_NAMES = ("保守", "基准", "冲刺")

# value multipliers to 亿元 / 万人
_MONEY_TO_YI = {"亿元": 1.0, "万亿元": 1e4, "万元": 1e-4, "元": 1e-8}
_PEOPLE_TO_WAN = {"万人": 1.0, "人": 1e-4, "亿人": 1e4}

_NORMAL = NormalDist()


# ---------------------------------------------------------------------------------------------
# sourced values
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sourced:
    """A default value and where it came from."""

    value: float
    year: int | None
    unit: str
    source: str                 # readable: "文档001: «quote»" or "official_stats: <source> (<note>)"
    doc_id: str = ""
    quote: str = ""
    estimate: bool = False      # an estimate (预计/估算), not an actual or a stated target
    origin: str = ""            # indicators | document | official_stats | derived | assumption

    def label(self) -> str:
        """A short Chinese label for widgets and tables."""
        text = self.source
        if self.estimate:
            text += "(估计)"
        return text


def _doc_label(doc_id: str, quote: str) -> str:
    return f"文档{doc_id}: «{quote}»"


@lru_cache(maxsize=16)
def _raw_text(doc_id: str, raw_dir: str) -> str:
    for path in sorted(Path(raw_dir).glob(f"{doc_id}_*.txt")):
        return path.read_text(encoding="utf-8", errors="replace")
    return ""


def quote_in_document(doc_id: str, quote: str) -> bool:
    """True when ``quote`` occurs verbatim in raw document ``doc_id`` (whitespace-insensitive)."""
    text = _raw_text(doc_id, str(project_paths().raw))
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return bool(text) and squash(quote) in squash(text)


# Figures stated in the report prose that the extractor may not yield as rows: data, in
# data/reference/document_facts.csv (region, key, value, year, unit, doc_id, quote). Each is checked
# against the raw document (tests assert every quote is present verbatim).
def load_document_facts(path: Path | None = None) -> dict[tuple[str, str], dict]:
    """(region, key) -> {value, year, unit, doc_id, quote}; empty when the file is absent."""
    path = Path(path) if path else project_paths().reference / "document_facts.csv"
    if not path.exists():
        return {}
    try:
        df = pd.read_csv(path, dtype={"doc_id": str, "key": str, "region": str}, keep_default_na=False,
                         encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"文档数值表无法读取 document facts unreadable: {path}: {exc}".splitlines()[0]) from None
    out = {}
    for n, r in enumerate(df.to_dict("records"), start=2):
        try:
            out[(r["region"], r["key"])] = dict(value=float(r["value"]), year=int(r["year"]), unit=str(r["unit"]),
                                                doc_id=str(r["doc_id"]).zfill(3), quote=str(r["quote"]))
        except (KeyError, TypeError, ValueError):
            raise PlanbookError(f"文档数值表第{n}行无效 bad row: {path}:{n}") from None
    return out


DOCUMENT_FACTS: dict[tuple[str, str], dict] = load_document_facts()
_FACTS_CACHE: dict = {}


def document_facts() -> dict[tuple[str, str], dict]:
    """The document facts of the current project (PLANBOOK_HOME), re-read when the file changes."""
    path = project_paths().reference / "document_facts.csv"
    stamp = (str(path), path.stat().st_mtime if path.exists() else None)
    if _FACTS_CACHE.get("stamp") != stamp:
        _FACTS_CACHE.update(stamp=stamp, facts=load_document_facts(path))
    return _FACTS_CACHE["facts"]


def document_fact(region: str, key: str) -> Sourced | None:
    """A figure from ``DOCUMENT_FACTS`` as a ``Sourced`` (None when not known)."""
    fact = document_facts().get((region, key))
    if fact is None:
        return None
    source = _doc_label(fact["doc_id"], fact["quote"])
    if not quote_in_document(fact["doc_id"], fact["quote"]):
        source += " [原文未找到该句]"
    return Sourced(fact["value"], fact["year"], fact["unit"], source, fact["doc_id"], fact["quote"],
                   origin="document")


# ---------------------------------------------------------------------------------------------
# defaults from data
# ---------------------------------------------------------------------------------------------
def _safe_indicators() -> pd.DataFrame | None:
    from planbook.data import load_indicators

    try:
        return load_indicators()
    except PlanbookError:
        return None
    except Exception:  # a half-written table while the lead re-runs ingest
        return None


def _safe_official() -> pd.DataFrame | None:
    from planbook.data import load_official_stats

    try:
        return load_official_stats()
    except PlanbookError:
        return None


def _blank(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip() == ""


def _level_rows(df: pd.DataFrame, indicator: str, code: str, units: dict[str, float]) -> pd.DataFrame:
    """Annual level rows of one indicator with the value converted to the first unit of ``units``."""
    if df is None or df.empty:
        return pd.DataFrame()
    mask = df["indicator"].eq(indicator)
    if "indicator_code" in df:
        mask |= df["indicator_code"].eq(code)
    mask &= df["measure"].fillna("").eq("level") & df["value"].notna() & df["year"].notna()
    mask &= df["unit"].isin(list(units))
    if "period" in df:
        mask &= _blank(df["period"])
    rows = df[mask].copy()
    if rows.empty:
        return rows
    rows["value_std"] = rows["value"].astype(float) * rows["unit"].map(units).astype(float)
    rows["year"] = rows["year"].astype(int)
    return rows


def _from_indicator_row(row: pd.Series, unit: str) -> Sourced:
    quote = str(row.get("quote", "") or "")
    doc = str(row.get("doc_id", "") or "")
    status = str(row.get("status", "") or "")
    return Sourced(float(row["value_std"]), int(row["year"]), unit, _doc_label(doc, quote), doc, quote,
                   estimate=status == "estimate", origin="indicators")


def _from_official_row(row: pd.Series, unit: str) -> Sourced:
    note = str(row.get("note", "") or "")
    src = f"official_stats: {row.get('source', '')}" + (f"({note})" if note else "")
    return Sourced(float(row["value_std"]), int(row["year"]), unit, src,
                   estimate=str(row.get("status", "")) == "estimate", origin="official_stats")


_STATUS_RANK = {k: v for k, v in P.STATUS_RANKS.items() if k != "target"}


def _rank(row: pd.Series, origin_pref: int) -> tuple:
    """Ordering of candidate base levels: later year, actual before estimate, a stated level before a
    lower bound, among lower bounds the higher (tighter) one, then the reports before official_stats."""
    # the shared ranking of candidate facts (provenance.rank_key) after the year
    return (int(row["year"]),) + P.rank_key(row, value=float(row["value_std"])) + (origin_pref,)


def latest_level(region: str, indicator: str = GDP, *, code: str = "gdp",
                 units: dict[str, float] | None = None, indicators: pd.DataFrame | None = None,
                 official: pd.DataFrame | None = None) -> Sourced | None:
    """The latest actual/estimate level of ``indicator`` for ``region`` from the indicator table and
    official_stats (latest year wins; at the same year an actual beats an estimate and the reports
    beat official_stats)."""
    units = units or _MONEY_TO_YI
    unit = next(iter(units))
    cands: list[tuple[tuple, Sourced]] = []
    ind = _level_rows(indicators if indicators is not None else _safe_indicators(), indicator, code, units)
    if not ind.empty:
        ind = ind[ind["region"].eq(region) & ind["status"].isin(list(_STATUS_RANK))]
        for _, row in ind.iterrows():
            cands.append((_rank(row, 1), _from_indicator_row(row, unit)))
    off = _level_rows(official if official is not None else _safe_official(), indicator, code, units)
    if not off.empty:
        off = off[off["region"].eq(region) & off["status"].isin(list(_STATUS_RANK))]
        for _, row in off.iterrows():
            cands.append((_rank(row, 0), _from_official_row(row, unit)))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0])
    return cands[-1][1]


def next_level_target(region: str, after_year: int, indicator: str = GDP, *, code: str = "gdp",
                      units: dict[str, float] | None = None,
                      indicators: pd.DataFrame | None = None) -> Sourced | None:
    """The nearest level target after ``after_year`` in the indicator table."""
    units = units or _MONEY_TO_YI
    unit = next(iter(units))
    ind = _level_rows(indicators if indicators is not None else _safe_indicators(), indicator, code, units)
    if ind.empty:
        return None
    ind = ind[ind["region"].eq(region) & ind["status"].eq("target") & (ind["year"] > after_year)]
    if ind.empty:
        return None
    ind = ind.sort_values(["year", "source_kind"] if "source_kind" in ind else ["year"],
                          ascending=[True, False] if "source_kind" in ind else True)
    return _from_indicator_row(ind.iloc[0], unit)


@dataclass
class RegionDefaults:
    """Everything a scenario for one region starts from, each value with its source."""

    region: str
    base: Sourced | None = None
    target: Sourced | None = None
    population: Sourced | None = None          # at the base year
    population_change: Sourced | None = None   # total over base_year+1..target_year
    natural_rate: Sourced | None = None        # ‰ a year
    net_migration: Sourced | None = None       # 万人 total over the period
    fx: Sourced | None = None
    usd_threshold: Sourced | None = None
    growth: dict[str, Sourced] = field(default_factory=dict)  # scenario name -> growth assumption
    sigma: Sourced | None = None               # volatility of annual real growth (its own history)
    population_basis: str = "resident"         # whose heads the population counts (vocab population)
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The defaults as a Chinese table (项目, 数值, 单位, 年份, 来源)."""
        pop = V.label("population", self.population_basis)
        items = [("基期地区生产总值", self.base), ("目标地区生产总值", self.target),
                 (f"基期{pop}", self.population), (f"规划期{pop}增量", self.population_change),
                 ("人口自然增长率", self.natural_rate), ("规划期净迁入人口", self.net_migration),
                 ("人民币对美元汇率", self.fx), ("人均GDP美元门槛", self.usd_threshold)]
        items += [(f"{name}情景实际增速", s) for name, s in self.growth.items()]
        items += [("增速波动σ(本地区历年实际增速标准差)", self.sigma)]
        rows = [dict(项目=k, 数值=s.value, 单位=s.unit, 年份=s.year, 来源=s.label())
                for k, s in items if s is not None]
        return pd.DataFrame(rows, columns=["项目", "数值", "单位", "年份", "来源"])


def available_regions() -> list[str]:
    """Regions for which a base GDP level is known (indicator table, official_stats or documents)."""
    regions: list[str] = []
    for df in (_safe_official(), _safe_indicators()):
        rows = _level_rows(df, GDP, "gdp", _MONEY_TO_YI)
        if not rows.empty:
            rows = rows[rows["status"].isin(list(_STATUS_RANK))]
            regions += [r for r in rows["region"].dropna().unique().tolist() if r]
    regions += [reg for (reg, key) in document_facts() if key == "gdp_base"]
    regions += ["杭州市"]
    out: list[str] = []
    for r in ["杭州市"] + regions:
        if r not in out:
            out.append(r)
    return out


def catalog_regions() -> list[str]:
    """Current regions of Hangzhou in the regions catalog (city, districts, counties), in catalog order."""
    try:
        from planbook.regions import load_regions

        cat = load_regions()
    except Exception:  # the catalog is optional for projections
        return []
    cur = cat[cat["level"].isin(["city", "district", "county"]) & _blank(cat["valid_to"])]
    cur = cur[cur["name"].eq("杭州市") | cur["parent"].astype(str).eq("330100")]
    return cur["name"].tolist()


def region_defaults(region: str = "杭州市") -> RegionDefaults:
    """Defaults for ``region``: base and target GDP, population, exchange rate, growth options."""
    ind = _safe_indicators()
    off = _safe_official()
    d = RegionDefaults(region)
    if ind is None:
        d.notes.append("指标表(data/processed/indicators.csv)不存在,默认值取自 official_stats 与报告原文")
    base = latest_level(region, indicators=ind, official=off)
    doc_base = document_fact(region, "gdp_base")
    if base is None or (doc_base is not None and doc_base.year > base.year):
        base = doc_base
    d.base = base
    if base is not None:
        target = next_level_target(region, base.year, indicators=ind)
        doc_target = document_fact(region, "gdp_target")
        if target is None and doc_target is not None and doc_target.year > base.year:
            target = doc_target
        d.target = target

    # population at the base year
    pop = latest_level(region, POPULATION, code="population", units=_PEOPLE_TO_WAN,
                       indicators=ind, official=off)
    if pop is not None and base is not None:
        if pop.year == base.year:
            d.population = pop
        elif pop.year == base.year - 1:
            step = document_fact(region, "population_change_base_year")
            if step is not None and step.year == base.year:
                d.population = Sourced(
                    round(pop.value + step.value, 4), base.year, "万人",
                    f"{pop.year}年{pop.value:g}万人〔{pop.source}〕+ {base.year}年增长{step.value:g}万人〔{step.source}〕",
                    step.doc_id, step.quote, estimate=True, origin="derived")
        if d.population is None and pop is not None:
            d.notes.append(f"{region}: 常住人口最新值为{pop.year}年,与基期{base.year}年不一致,未作默认")
    if d.population is None and base is not None:
        # a report that states per-capita GDP gives the population it used (e.g. 萧山: 户籍口径)
        pc = document_fact(region, "per_capita_cny_base")
        if pc is not None and pc.year == base.year:
            d.population_basis = population_basis_of(pc.quote)
            basis = V.label("population", d.population_basis)
            d.population = Sourced(
                round(base.value * 1e4 / pc.value, 2), base.year, "万人",
                f"由{base.year}年地区生产总值{base.value:g}亿元与人均{pc.value / 1e4:g}万元反推({basis}口径)〔{pc.source}〕",
                pc.doc_id, pc.quote, estimate=True, origin="derived")
            d.notes.append(f"{region}: 报告无常住人口,人口默认值按报告人均GDP反推,为{basis}口径;人均值按{basis}计算")
    d.population_change = document_fact(region, "population_change_plan")
    d.natural_rate = document_fact(region, "population_components")
    d.net_migration = document_fact(region, "net_migration_plan")

    # exchange rate: official_stats (the value the 15th plan report assumes), else the report's quote
    fx = latest_level("杭州市", FX, code="fx", units={"元/美元": 1.0}, indicators=ind, official=off)
    d.fx = fx or document_fact("杭州市", "fx")
    d.usd_threshold = document_fact("杭州市", "usd_threshold")

    # growth options for the named scenarios
    if base is not None:
        d.sigma = growth_volatility(region, off, ind, until=base.year)
    recent = _latest_growth(region, off, ind)
    if recent is not None:
        d.growth["保守"] = recent
    for name, key in (("基准", "growth_plan"), ("冲刺", "growth_stretch")):
        s = document_fact(region, key)
        if s is not None:
            d.growth[name] = s
    return d


def population_basis_of(text: str) -> str:
    """'registered' when a statement counts 户籍 heads, else 'resident' (常住人口, the default)."""
    reg = V.label("population", "registered")
    return "registered" if reg[:2] in str(text or "") else "resident"


#: the volatility default looks at this many years of the region's own actual growth (at least 3)
VOLATILITY_WINDOW = 5


def _actual_annual_gdp_growth(df: pd.DataFrame, region: str) -> pd.Series:
    """The rows of ``df`` that are the region's actual annual real GDP growth in %."""
    m = (df["region"].eq(region) & df["indicator"].eq(GDP) & df["measure"].eq("growth")
         & df["status"].eq("actual") & df["value"].notna() & df["unit"].eq("%"))
    return m & _blank(df["period"]) if "period" in df else m


def growth_history(region: str, off: pd.DataFrame | None, ind: pd.DataFrame | None) -> dict[int, tuple[float, str]]:
    """year -> (actual annual real GDP growth, its source) for ``region``; reports before
    official_stats at the same year."""
    out: dict[int, tuple[float, str]] = {}
    for origin, df in (("official_stats", off), ("indicators", ind)):
        if df is None or df.empty:
            continue
        m = _actual_annual_gdp_growth(df, region)
        for _, row in df[m].iterrows():
            src = (f"文档{row['doc_id']}" if origin == "indicators" else "official_stats")
            out[int(row["year"])] = (float(row["value"]), src)
    return out


def growth_volatility(region: str, off: pd.DataFrame | None, ind: pd.DataFrame | None,
                      until: int, window: int = VOLATILITY_WINDOW) -> Sourced | None:
    """The sample standard deviation of the region's own actual growth in the latest ``window``
    years reported up to ``until`` (None with fewer than three years)."""
    hist = dict(sorted((y, v) for y, v in growth_history(region, off, ind).items() if y <= until)[-window:])
    if len(hist) < 3:
        return None
    values = np.array([v for v, _ in hist.values()])
    sd = float(np.std(values, ddof=1))
    years = sorted(hist)
    detail = "、".join(f"{y}年{hist[y][0]:g}%〔{hist[y][1]}〕" for y in years)
    return Sourced(round(sd, 2), years[-1], "个百分点",
                   f"{region}{years[0]}–{years[-1]}年实际增速的样本标准差({detail})", origin="derived")


def _latest_growth(region: str, off: pd.DataFrame | None, ind: pd.DataFrame | None) -> Sourced | None:
    """The latest actual real GDP growth (for the 保守 scenario: the recent pace continues)."""
    best: tuple[int, int, Sourced] | None = None
    for origin, df in (("official_stats", off), ("indicators", ind)):
        if df is None or df.empty:
            continue
        m = _actual_annual_gdp_growth(df, region)
        for _, row in df[m].iterrows():
            if origin == "indicators":
                s = Sourced(float(row["value"]), int(row["year"]), "%",
                            _doc_label(row["doc_id"], row["quote"]), row["doc_id"], row["quote"],
                            origin="indicators")
            else:
                s = Sourced(float(row["value"]), int(row["year"]), "%",
                            f"official_stats: {row['source']}({int(row['year'])}年实际增速)",
                            origin="official_stats")
            key = (int(row["year"]), 1 if origin == "indicators" else 0)
            if best is None or key > best[:2]:
                best = (*key, s)
    return best[2] if best else None


# ---------------------------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------------------------
def required_growth(base: float, target: float, years: int, deflator_pct: float = 0.0) -> float:
    """Average real growth (percent a year) that takes ``base`` to ``target`` (both at current prices)
    in ``years`` years when prices rise ``deflator_pct`` a year. At deflator 0: ((T/B)^(1/n) - 1)."""
    if base <= 0 or target <= 0:
        raise PlanbookError(f"required growth: base and target must be positive (got {base}, {target})")
    if years <= 0:
        raise PlanbookError(f"required growth: target year must be after the base year ({years} years)")
    nominal = (target / base) ** (1.0 / years)
    return (nominal / (1.0 + deflator_pct / 100.0) - 1.0) * 100.0


def rest_growth(base: float, target: float, base_year: int, target_year: int, by_year: dict[int, float],
                deflator_pct: float = 0.0) -> float:
    """Real growth for the years ``by_year`` leaves open so that the path reaches ``target`` in
    ``target_year`` exactly (the required growth when no year is set)."""
    n = target_year - base_year
    fixed = {y: g for y, g in by_year.items() if base_year < y <= target_year and g is not None}
    free = n - len(fixed)
    if free <= 0:
        return required_growth(base, target, n, deflator_pct)
    factor = np.prod([1.0 + g / 100.0 for g in fixed.values()]) if fixed else 1.0
    price = (1.0 + deflator_pct / 100.0) ** n
    return (((target / base) / (price * factor)) ** (1.0 / free) - 1.0) * 100.0


def price_basis_note(a) -> str:
    """Says which figures are real and which nominal: a level target is at current prices, the
    growth assumed is real; they meet through the deflator."""
    real, nominal = V.label("price_basis", "real"), V.label("price_basis", "nominal")
    note = f"目标总量为{nominal}值,假设增速为{real}增速,二者以GDP平减指数{a.deflator_pct:g}%联系"
    if not a.deflator_pct:
        note += "(平减指数为0:未计价格因素,所需实际增速即名义增速,与报告简单复利测算一致)"
    return note


def implied_base(target: float, growth_pct: float, years: int) -> float:
    """The base level from which ``growth_pct`` a year for ``years`` years reaches exactly ``target``."""
    return target / (1.0 + growth_pct / 100.0) ** years


def growth_schedule(years: np.ndarray, flat_pct: float, by_year: dict[int, float] | None = None) -> np.ndarray:
    """Real growth (percent) for each projected year: the flat rate, overridden year by year."""
    g = np.full(len(years), float(flat_pct))
    if by_year:
        for i, y in enumerate(years):
            if int(y) in by_year and by_year[int(y)] is not None:
                g[i] = float(by_year[int(y)])
    return g


def compound_path(base: float, growth_pct: np.ndarray | list[float], deflator_pct: float = 0.0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(nominal, real) levels from ``base`` (index 0) compounding real growth and the deflator.

    ``nominal[k] = base * prod_{i<=k} (1+g_i)(1+p)``; ``real`` is at base-year prices."""
    g = np.asarray(growth_pct, dtype=float) / 100.0
    real = base * np.concatenate(([1.0], np.cumprod(1.0 + g)))
    price = (1.0 + deflator_pct / 100.0) ** np.arange(len(g) + 1)
    return real * price, real


def first_year_reaching(years, values, target: float, rtol: float = 1e-9) -> int | None:
    """The first year in which ``values`` reach ``target`` (None if never)."""
    values = np.asarray(values, dtype=float)
    hit = np.nonzero(values >= target * (1.0 - rtol))[0]
    return int(years[hit[0]]) if len(hit) else None


def population_path(base: float, n_years: int, *, total_change: float | None = None,
                    natural_rate_permille: float | None = None, net_migration: float | None = None,
                    period_years: int | None = None) -> np.ndarray:
    """Population (万人) for the base year and ``n_years`` after.

    Either ``total_change`` spread evenly over ``period_years`` (default ``n_years``) years, or natural
    growth at ``natural_rate_permille`` ‰ a year plus ``net_migration`` (total over the period) arriving
    evenly."""
    period = period_years or n_years
    if period <= 0:
        return np.full(n_years + 1, float(base))
    if natural_rate_permille is None and net_migration is None:
        step = (total_change or 0.0) / period
        return base + step * np.arange(n_years + 1)
    r = (natural_rate_permille or 0.0) / 1000.0
    m = (net_migration or 0.0) / period
    out = np.empty(n_years + 1)
    out[0] = base
    for k in range(1, n_years + 1):
        out[k] = out[k - 1] * (1.0 + r) + m
    return out


def per_capita(gdp_yi: np.ndarray | float, population_wan: np.ndarray | float, fx: float | None = None):
    """Per-capita GDP in 元 (and 美元 when ``fx`` is given): 亿元*1e8 / (万人*1e4)."""
    cny = np.asarray(gdp_yi, dtype=float) * 1e4 / np.asarray(population_wan, dtype=float)
    usd = cny / fx if fx else None
    return cny, usd


def _log_moments(growth_pct: np.ndarray, deflator_pct: float, sigma_pct: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-year mean and variance of the log growth factor ln((1+g+sigma*z)(1+p)) (4th-order Taylor)."""
    g = growth_pct / 100.0
    s2 = (sigma_pct / 100.0 / (1.0 + g)) ** 2
    mean = np.log1p(g) + math.log1p(deflator_pct / 100.0) - s2 / 2.0 - 0.75 * s2 ** 2
    var = s2 + 2.5 * s2 ** 2
    return mean, var


def fan_closed_form(base: float, growth_pct: np.ndarray, deflator_pct: float, sigma_pct: float,
                    percentiles=PERCENTILES) -> dict[int, np.ndarray]:
    """Percentile bands of nominal levels (index 0 = base year) under the lognormal approximation."""
    mean, var = _log_moments(np.asarray(growth_pct, float), deflator_pct, sigma_pct)
    m = np.concatenate(([0.0], np.cumsum(mean)))
    sd = np.sqrt(np.concatenate(([0.0], np.cumsum(var))))
    return {q: base * np.exp(m + _NORMAL.inv_cdf(q / 100.0) * sd) for q in percentiles}


def probability_closed_form(base: float, target: float, growth_pct: np.ndarray, deflator_pct: float,
                            sigma_pct: float) -> float:
    """P(nominal level at the last year >= target) under the lognormal approximation."""
    mean, var = _log_moments(np.asarray(growth_pct, float), deflator_pct, sigma_pct)
    m, v = float(mean.sum()), float(var.sum())
    gap = math.log(target / base)
    if v <= 0:
        return 1.0 if m >= gap - 1e-12 else 0.0
    return 1.0 - _NORMAL.cdf((gap - m) / math.sqrt(v))


def simulate_paths(base: float, growth_pct: np.ndarray, deflator_pct: float, sigma_pct: float,
                   n_paths: int = 10_000, seed: int | None = 0,
                   rng: np.random.Generator | None = None, z: np.ndarray | None = None) -> np.ndarray:
    """Simulated nominal levels, shape (n_paths, n_years+1): each year's real growth is
    g + sigma*z (z standard normal, independent years), floored at -99%.

    ``z`` (n_paths, n_years) passes pre-drawn shocks (common random numbers: the panel reuses them so
    that the simulated figures move smoothly with the sliders)."""
    g = np.asarray(growth_pct, float) / 100.0
    if z is None or z.shape[0] < n_paths or z.shape[1] < len(g):
        rng = rng or np.random.default_rng(seed)
        z = rng.standard_normal((n_paths, len(g)))
    else:
        z = z[:n_paths, :len(g)]
    factors = 1.0 + g + (sigma_pct / 100.0) * z
    np.maximum(factors, 0.01, out=factors)
    if deflator_pct:
        factors *= 1.0 + deflator_pct / 100.0
    out = np.empty((n_paths, len(g) + 1))
    out[:, 0] = base
    np.cumprod(factors, axis=1, out=out[:, 1:])
    out[:, 1:] *= base
    return out


def fan_simulated(paths: np.ndarray, percentiles=PERCENTILES) -> dict[int, np.ndarray]:
    """Percentiles of simulated paths per year (index 0 = base year)."""
    qs = np.percentile(np.ascontiguousarray(paths.T), percentiles, axis=1)
    return {q: qs[i] for i, q in enumerate(percentiles)}


# ---------------------------------------------------------------------------------------------
# assumptions and projection
# ---------------------------------------------------------------------------------------------
@dataclass
class Assumptions:
    """One scenario's assumptions (levels in 亿元 at current prices, growth in percent, people in 万人)."""

    base_value: float
    base_year: int
    target_value: float | None = None
    target_year: int | None = None
    region: str = "杭州市"
    name: str = ""
    growth_pct: float | None = None            # flat real growth; None -> the required growth
    growth_by_year: dict[int, float] = field(default_factory=dict)
    deflator_pct: float = 0.0
    population_base: float | None = None       # 万人 at base_year
    population_basis: str = "resident"         # resident (常住) | registered (户籍): whose heads
    population_mode: str = "total"             # total | natural
    population_change: float = 0.0            # 万人 over base_year+1..target_year (mode total)
    natural_rate_permille: float = 0.0         # mode natural
    net_migration: float = 0.0                 # 万人 over the period (mode natural)
    fx: float | None = None                    # 元 per 美元
    sigma_pct: float = 0.0                     # volatility of annual real growth, percentage points
    usd_threshold: float | None = None         # per-capita 美元 threshold to watch
    end_year: int | None = None                # projection horizon (default target_year)
    description: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    def validate(self, where: str = "scenario") -> "Assumptions":
        def bad(msg):
            raise PlanbookError(f"{where}: 情景假设不成立 / {msg}")
        if not (isinstance(self.base_value, (int, float)) and math.isfinite(self.base_value)) or self.base_value <= 0:
            bad(f"base value must be a positive number (got {self.base_value})")
        if self.target_value is not None and not (math.isfinite(self.target_value) and self.target_value > 0):
            bad(f"target value must be a positive number (got {self.target_value})")
        if self.target_year is None and self.end_year is None:
            bad("give a target year or an end year")
        last = self.horizon
        if last <= self.base_year:
            bad(f"target year {last} must be after the base year {self.base_year}")
        if last - self.base_year > 100:
            bad(f"horizon of {last - self.base_year} years is too long (max 100)")
        if self.target_value is None and self.growth_pct is None:
            bad("give a growth rate or a target to derive it from")
        for label, g in [("growth", self.growth_pct), *[(f"growth {y}", v) for y, v in self.growth_by_year.items()]]:
            if g is not None and not (math.isfinite(g) and g > -100):
                bad(f"{label} must be above -100% (got {g})")
        if not (math.isfinite(self.deflator_pct) and self.deflator_pct > -100):
            bad(f"deflator must be above -100% (got {self.deflator_pct})")
        if not (math.isfinite(self.sigma_pct) and 0 <= self.sigma_pct <= 50):
            bad(f"sigma must be between 0 and 50 percentage points (got {self.sigma_pct})")
        if self.fx is not None and not (math.isfinite(self.fx) and self.fx > 0):
            bad(f"exchange rate must be positive (got {self.fx})")
        if self.population_base is not None and not (math.isfinite(self.population_base) and self.population_base > 0):
            bad(f"population must be positive (got {self.population_base})")
        if self.population_mode not in ("total", "natural"):
            bad(f"population mode must be 'total' or 'natural' (got {self.population_mode!r})")
        return self

    @property
    def horizon(self) -> int:
        ends = [y for y in (self.target_year, self.end_year) if y is not None]
        return int(max(ends))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["growth_by_year"] = {str(k): v for k, v in self.growth_by_year.items()}
        return d

    @classmethod
    def from_dict(cls, data: dict, where: str = "scenario") -> "Assumptions":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"saved", "kind", "version"})
        if unknown:
            raise PlanbookError(f"{where}: unknown field(s) {', '.join(unknown)}")
        kw = {k: v for k, v in data.items() if k in known}
        try:
            kw["growth_by_year"] = {int(k): float(v) for k, v in (kw.get("growth_by_year") or {}).items()}
            for k in ("base_value", "target_value", "growth_pct", "deflator_pct", "population_base",
                      "population_change", "natural_rate_permille", "net_migration", "fx", "sigma_pct",
                      "usd_threshold"):
                if kw.get(k) is not None:
                    kw[k] = float(kw[k])
            for k in ("base_year", "target_year", "end_year"):
                if kw.get(k) is not None:
                    kw[k] = int(kw[k])
        except (TypeError, ValueError) as exc:
            raise PlanbookError(f"{where}: bad value ({exc})") from None
        if "base_value" not in kw or "base_year" not in kw:
            raise PlanbookError(f"{where}: base_value and base_year are required")
        return cls(**kw)


# the plausible range of each assumption an analyst types or saves: field, command-line flag,
# Chinese name, lowest, highest (a value outside is a typing slip or a broken file, never a scenario)
RANGES = [
    ("growth_pct", "--growth", "年均实际增速(%)", -50.0, 50.0),
    ("deflator_pct", "--deflator", "平减指数年涨幅(%)", -20.0, 50.0),
    ("fx", "--fx", "汇率(元/美元)", 0.1, 100.0),
    ("base_year", "--base-year", "基期年份", 1949, 2100),
    ("target_year", "--target-year", "目标年份", 1949, 2100),
    ("end_year", "--end-year", "测算终止年份", 1949, 2100),
    ("base_value", "--base", "基期水平", 1e-6, 1e8),
    ("target_value", "--target", "目标水平", 1e-6, 1e8),
    ("population_base", "--population", "基期常住人口(万人)", 1e-3, 1e6),
    ("natural_rate_permille", "--natural-rate", "人口自然增长率(‰)", -50.0, 50.0),
    ("net_migration", "--net-migration", "净迁入人口(万人)", -1e6, 1e6),
    ("sigma_pct", "--sigma", "增速波动标准差(百分点)", 0.0, 50.0),
    ("usd_threshold", "--usd-threshold", "人均GDP美元门槛", 1.0, 1e7),
]


def check_ranges(a: Assumptions, where: str, cli: bool = False) -> Assumptions:
    """Every assumption within its plausible range (RANGES) and a population that stays positive;
    the message names the flag (``cli``) or the file's field."""
    def bad(name: str, flag: str, zh: str, rule_zh: str, rule_en: str, got) -> None:
        arg = flag if cli else name
        raise PlanbookError(f"{where}: {arg} {zh}{rule_zh} / {arg} {rule_en} (got {got!r})")

    for name, flag, zh, lo, hi in RANGES:
        v = getattr(a, name)
        if v is not None and not (isinstance(v, (int, float)) and lo <= v <= hi):
            bad(name, flag, zh, f"应在{lo:g}…{hi:g}之间", f"must be within {lo:g}…{hi:g}", v)
    for y, g in a.growth_by_year.items():
        if not (1949 <= y <= 2100 and -50.0 <= g <= 50.0):
            bad("growth_by_year", "--growth-by-year", "逐年增速", "的年份应在1949…2100、增速在-50…50%之间",
                "wants years in 1949…2100 and rates within -50…50%", f"{y}={g}")
    if a.population_base is not None:
        change = a.population_change if a.population_mode == "total" else a.net_migration
        name, flag = (("population_change", "--population-change") if a.population_mode == "total"
                      else ("net_migration", "--net-migration"))
        if not change > -a.population_base:
            bad(name, flag, "人口变化", f"应大于基期人口的负数(-{a.population_base:g}万人)",
                f"must be greater than minus the population (-{a.population_base:g})", change)
    return a


@dataclass
class Projection:
    """The result of ``project``: arrays indexed by ``years`` (index 0 = base year)."""

    assumptions: Assumptions
    years: np.ndarray
    growth_real: np.ndarray        # percent; nan at the base year
    growth_nominal: np.ndarray
    nominal: np.ndarray            # 亿元, current prices
    real: np.ndarray               # 亿元, base-year prices
    required_growth_pct: float | None
    required_nominal_growth_pct: float | None
    target_reached_year: int | None
    population: np.ndarray | None
    per_capita_cny: np.ndarray | None
    per_capita_usd: np.ndarray | None
    usd_threshold_year: int | None
    fan: dict[int, np.ndarray] | None
    probability: float | None            # closed form
    probability_sim: float | None = None
    fan_sim: dict[int, np.ndarray] | None = None

    def at(self, year: int | None, arr) -> float | None:
        if arr is None or year is None:
            return None
        idx = int(year) - int(self.years[0])
        if idx < 0 or idx >= len(self.years):
            return None
        return float(arr[idx])

    @property
    def target_year(self) -> int:
        a = self.assumptions
        return int(a.target_year if a.target_year is not None else a.horizon)

    def table(self) -> pd.DataFrame:
        """Year-by-year table with Chinese column names."""
        a = self.assumptions
        data = {"年份": self.years.astype(int),
                "实际增速(%)": self.growth_real,
                "名义增速(%)": self.growth_nominal,
                "地区生产总值(现价,亿元)": self.nominal,
                "地区生产总值(基期价,亿元)": self.real}
        if self.fan is not None and a.sigma_pct > 0:
            lo, hi = min(self.fan), max(self.fan)
            data[f"P{lo}(亿元)"] = self.fan[lo]
            data[f"P{hi}(亿元)"] = self.fan[hi]
        if self.population is not None:
            data[f"{V.label('population', a.population_basis)}(万人)"] = self.population
            data["人均GDP(元)"] = self.per_capita_cny
        if self.per_capita_usd is not None:
            data["人均GDP(美元)"] = self.per_capita_usd
        return pd.DataFrame(data)

    def summary(self) -> dict:
        """The CLI's JSON payload."""
        ty = self.target_year
        out = {
            "region": self.assumptions.region,
            "base_year": int(self.years[0]),
            "target_year": ty,
            "required_growth_pct": _r(self.required_growth_pct),
            "required_nominal_growth_pct": _r(self.required_nominal_growth_pct),
            "growth_pct": _r(self.assumptions.growth_pct if self.assumptions.growth_pct is not None
                             else self.required_growth_pct),
            "deflator_pct": self.assumptions.deflator_pct,
            "path": [{"year": int(y), "value": _r(v), "real_value": _r(r)}
                     for y, v, r in zip(self.years, self.nominal, self.real)],
            "target": self.assumptions.target_value,
            "target_reached_year": self.target_reached_year,
            "population": _r(self.at(ty, self.population)),
            "per_capita_cny": _r(self.at(ty, self.per_capita_cny), 2),
            "per_capita_usd": _r(self.at(ty, self.per_capita_usd), 2),
        }
        if self.assumptions.sigma_pct > 0 and self.probability is not None:
            out["sigma_pct"] = self.assumptions.sigma_pct
            out["probability"] = _r(self.probability, 6)
            if self.probability_sim is not None:
                out["probability_simulated"] = _r(self.probability_sim, 6)
        return out


def _r(x, nd: int = 6):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, nd)


def project(a: Assumptions, *, simulate: int = 0, seed: int | None = 0,
            rng: np.random.Generator | None = None, validate: bool = True,
            shocks: np.ndarray | None = None, sim_percentiles=(5, 50, 95)) -> Projection:
    """Project ``a``: the path, what the target needs, per capita, the fan and the probability.

    ``simulate`` > 0 also runs that many simulated paths (vectorised) for the simulated probability
    and fan (``sim_percentiles``); ``shocks`` passes pre-drawn standard normal shocks."""
    if validate:
        a.validate()
    last = a.horizon
    n = last - a.base_year
    years = np.arange(a.base_year, last + 1)
    req = req_nom = None
    if a.target_value is not None and a.target_year is not None:
        n_t = a.target_year - a.base_year
        req = required_growth(a.base_value, a.target_value, n_t, a.deflator_pct)
        req_nom = ((a.target_value / a.base_value) ** (1.0 / n_t) - 1.0) * 100.0
    flat = a.growth_pct if a.growth_pct is not None else req
    if a.growth_pct is None and a.growth_by_year and req is not None:
        # the years not set take the growth that, with the years set, reaches the target exactly
        flat = rest_growth(a.base_value, a.target_value, a.base_year, a.target_year, a.growth_by_year,
                           a.deflator_pct)
    g = growth_schedule(years[1:], flat, a.growth_by_year)
    nominal, real = compound_path(a.base_value, g, a.deflator_pct)
    g_nom = ((1 + g / 100.0) * (1 + a.deflator_pct / 100.0) - 1) * 100.0
    reached = first_year_reaching(years, nominal, a.target_value) if a.target_value is not None else None

    pop = cny = usd = None
    usd_year = None
    if a.population_base is not None:
        period = (a.target_year or last) - a.base_year
        if a.population_mode == "natural":
            pop = population_path(a.population_base, n, natural_rate_permille=a.natural_rate_permille,
                                  net_migration=a.net_migration, period_years=period)
        else:
            pop = population_path(a.population_base, n, total_change=a.population_change, period_years=period)
        cny, usd = per_capita(nominal, pop, a.fx)
        if usd is not None and a.usd_threshold:
            usd_year = first_year_reaching(years, usd, a.usd_threshold)

    fan = prob = None
    prob_sim = fan_sim = None
    if a.sigma_pct > 0:
        fan = fan_closed_form(a.base_value, g, a.deflator_pct, a.sigma_pct)
    if a.target_value is not None and a.target_year is not None:
        k = a.target_year - a.base_year
        prob = probability_closed_form(a.base_value, a.target_value, g[:k], a.deflator_pct, a.sigma_pct)
        if simulate and a.sigma_pct > 0:
            paths = simulate_paths(a.base_value, g, a.deflator_pct, a.sigma_pct, simulate, seed=seed, rng=rng,
                                   z=shocks)
            prob_sim = float(np.count_nonzero(paths[:, k] >= a.target_value)) / simulate
            fan_sim = fan_simulated(paths, sim_percentiles)
    return Projection(a, years, np.concatenate(([np.nan], g)), np.concatenate(([np.nan], g_nom)),
                      nominal, real, req, req_nom, reached, pop, cny, usd, usd_year, fan, prob,
                      prob_sim, fan_sim)


# ---------------------------------------------------------------------------------------------
# scenarios from defaults and files
# ---------------------------------------------------------------------------------------------
def assumptions_from_defaults(d: RegionDefaults, growth_pct: float | None = None, **overrides) -> Assumptions:
    """Assumptions for a region from its defaults (growth None -> the required growth)."""
    if d.base is None:
        raise PlanbookError(f"{d.region}: no base GDP level known (indicator table / official_stats)")
    target_year = d.target.year if d.target else d.base.year + 5
    sources = {"base_value": d.base.label()}
    if d.target:
        sources["target_value"] = d.target.label()
    kw = dict(base_value=d.base.value, base_year=d.base.year, region=d.region,
              target_value=d.target.value if d.target else None, target_year=target_year,
              growth_pct=growth_pct)
    # each default used carries its source label; population changes only with a base population
    used = [("fx", d.fx), ("usd_threshold", d.usd_threshold), ("sigma_pct", d.sigma)]
    if d.population is not None:
        used += [("population_base", d.population), ("population_change", d.population_change),
                 ("natural_rate_permille", d.natural_rate), ("net_migration", d.net_migration)]
    for key, sourced in used:
        if sourced is not None:
            kw[key] = sourced.value
            sources[key] = sourced.label()
    if d.population is not None:
        kw["population_basis"] = d.population_basis
    kw.update(overrides)
    kw["sources"] = {**sources, **overrides.get("sources", {})}
    return Assumptions(**kw)


def _slug(name: str) -> str:
    s = re.sub(r"[\\/:*?\"<>|\s]+", "_", name.strip()).strip("._")
    if not s:
        raise PlanbookError(f"scenario name {name!r}: empty after removing unsafe characters")
    return s[:80]


def scenario_dir(directory: Path | str | None = None) -> Path:
    return Path(directory) if directory else project_paths().scenarios


def save_scenario(a: Assumptions, name: str | None = None, directory: Path | str | None = None,
                  path: Path | str | None = None) -> Path:
    """Save ``a`` as JSON (atomically) under ``data/scenarios/`` (or ``path``); returns the path."""
    name = (name or a.name or "").strip()
    if not name:
        raise PlanbookError("save scenario: give the scenario a name")
    a = replace(a, name=name)
    a.validate(f"scenario {name}")
    target = Path(path) if path else scenario_dir(directory) / f"{_slug(name)}.json"
    payload = {"kind": "planbook-scenario", "version": 1, "saved": date.today().isoformat(), **a.to_dict()}
    write_text_atomic(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", target)
    return target


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanbookError(f"{path}: 情景文件不存在 / scenario file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PlanbookError(f"{path}: 不是有效的JSON(文件被截断或为空?) / not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise PlanbookError(f"{path}: 情景文件应为一个JSON对象{{...}} / a scenario file must hold a JSON object")
    return data


def load_scenario(name_or_path: str | Path, directory: Path | str | None = None,
                  defaults: RegionDefaults | None = None) -> Assumptions:
    """Load a scenario by file path or by name (the ``name`` field or the file stem).

    Fields a file leaves out (the shipped 保守/基准/冲刺 keep only their assumptions) are filled from
    the region's defaults, so base levels follow the data."""
    p = Path(name_or_path)
    if not (p.suffix == ".json" and p.exists()):
        p = _find_scenario_file(str(name_or_path), directory)
    data = _read_json(p)
    data = {k: v for k, v in data.items() if k not in ("kind", "version", "saved")}
    if "base_value" not in data or "base_year" not in data:
        region = data.get("region", "杭州市")
        d = defaults if defaults is not None and defaults.region == region else region_defaults(region)
        growth = data.pop("growth_pct", None)
        srcs = data.pop("sources", {}) or {}
        try:
            a = assumptions_from_defaults(d, growth)
        except PlanbookError as exc:
            raise PlanbookError(f"{p}: {exc}") from None
        merged = {**a.to_dict(), **data, "growth_pct": growth}
        merged["sources"] = {**a.sources, **srcs}
        return check_ranges(Assumptions.from_dict(merged, str(p)).validate(str(p)), str(p))
    return check_ranges(Assumptions.from_dict(data, str(p)).validate(str(p)), str(p))


def _find_scenario_file(name: str, directory: Path | str | None) -> Path:
    folder = scenario_dir(directory)
    cand = folder / f"{_slug(name)}.json"
    if cand.exists():
        return cand
    for path in sorted(folder.glob("*.json")):
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("name") == name:
                return path
        except Exception:
            continue
    raise PlanbookError(f"{folder}: no scenario named {name!r}")


def list_scenarios(directory: Path | str | None = None) -> list[dict]:
    """Saved scenarios: name, region, file, description (default ones first)."""
    folder = scenario_dir(directory)
    out = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            data = _read_json(path)
        except PlanbookError as exc:   # truncated, empty, an array …: said, never skipped in silence
            warnings.warn(f"planbook: {exc};已跳过 / skipped", stacklevel=2)
            continue
        if not data.get("name"):
            warnings.warn(f"planbook: {path}: 情景文件缺少name字段,已跳过 / scenario file has no name; skipped", stacklevel=2)
        else:
            out.append(dict(name=data["name"], region=data.get("region", ""), file=path,
                            description=data.get("description", "")))
    order = {n: i for i, n in enumerate(DEFAULT_SCENARIO_NAMES)}
    out.sort(key=lambda d: (order.get(d["name"], 99), d["name"]))
    return out


# ---------------------------------------------------------------------------------------------
# the long table (data/processed/scenarios.csv)
# ---------------------------------------------------------------------------------------------
def _assumption_text(a: Assumptions, p: Projection) -> str:
    parts = []
    if a.growth_pct is None:
        parts.append(f"实际增速=达标所需{p.required_growth_pct:.2f}%")
    else:
        src = a.sources.get("growth_pct", "分析假设")
        parts.append(f"实际增速{a.growth_pct:g}%〔{src}〕")
    if a.growth_by_year:
        parts.append("逐年增速 " + ",".join(f"{y}:{v:g}%" for y, v in sorted(a.growth_by_year.items())))
    parts.append(f"GDP平减指数{a.deflator_pct:g}%/年〔{a.sources.get('deflator_pct', '分析假设')}〕")
    if a.sigma_pct:
        parts.append(f"增速波动σ={a.sigma_pct:g}个百分点〔{a.sources.get('sigma_pct', '分析假设')}〕")
    return ";".join(parts)


def projection_rows(p: Projection, scenario: str) -> list[dict]:
    """Long rows (SCENARIO_COLUMNS) for one projection; every row says where its numbers came from."""
    a = p.assumptions
    rows: list[dict] = []
    assume = _assumption_text(a, p)
    src_base = a.sources.get("base_value", "分析输入")

    def add(year, code, variable, value, unit, source, status):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        rows.append(dict(scenario=scenario, region=a.region, year=int(year), variable=variable,
                         value=round(float(value), 6), unit=unit, source=source,
                         variable_code=code, status=status))

    pop_src = "; ".join(a.sources.get(k, "") for k in ("population_base", "population_change")
                        if a.sources.get(k))
    if a.population_mode == "natural":
        pop_src = "; ".join(a.sources.get(k, "") for k in ("population_base", "natural_rate_permille",
                                                           "net_migration") if a.sources.get(k))
    fx_src = a.sources.get("fx", "分析假设")
    for i, year in enumerate(p.years):
        status = "base" if i == 0 else "projection"
        src = src_base if i == 0 else f"{src_base} → {assume}"
        add(year, "gdp_nominal", "地区生产总值(现价)", p.nominal[i], "亿元", src, status)
        add(year, "gdp_real", "地区生产总值(基期价)", p.real[i], "亿元", src, status)
        if i:
            add(year, "growth_real", "实际增速", p.growth_real[i], "%", assume, "assumption")
            add(year, "growth_nominal", "名义增速", p.growth_nominal[i], "%", assume, "assumption")
        if p.fan is not None:
            for q in (min(p.fan), 50, max(p.fan)):
                if i:
                    add(year, f"gdp_p{q}", f"地区生产总值P{q}(现价)", p.fan[q][i], "亿元",
                        f"{assume};对数正态近似", "projection")
        if p.population is not None:
            pop_label = V.label("population", a.population_basis)
            add(year, "population", pop_label, p.population[i], "万人", pop_src or "分析输入",
                "base" if i == 0 else "projection")
            add(year, "per_capita_cny", f"人均地区生产总值(按{pop_label})", p.per_capita_cny[i], "元",
                f"地区生产总值/{pop_label};{pop_src}", status)
            if p.per_capita_usd is not None:
                add(year, "per_capita_usd", "人均地区生产总值(美元)", p.per_capita_usd[i], "美元",
                    f"人均地区生产总值/汇率{a.fx:g}〔{fx_src}〕", status)
    if a.target_value is not None and a.target_year is not None:
        ty = a.target_year
        add(ty, "target", "目标地区生产总值", a.target_value, "亿元",
            a.sources.get("target_value", "分析输入"), "target")
        add(ty, "required_growth", "达标所需年均实际增速", p.required_growth_pct, "%",
            f"({a.target_value:g}/{a.base_value:g})^(1/{ty - a.base_year})/(1+平减{a.deflator_pct:g}%)-1",
            "derived")
        if p.target_reached_year is not None:
            add(ty, "target_reached_year", "首次达到目标年份", p.target_reached_year, "年", assume, "derived")
        if a.sigma_pct > 0 and p.probability is not None:
            add(ty, "probability", "达标概率(对数正态近似)", p.probability * 100, "%", assume, "derived")
            if p.probability_sim is not None:
                add(ty, "probability_sim", "达标概率(模拟)", p.probability_sim * 100, "%",
                    f"{assume};10000条模拟路径", "derived")
    return rows


def default_scenarios(directory: Path | str | None = None) -> list[tuple[str, Assumptions]]:
    """The named scenarios on file plus, per region with a base and a target, a 达标所需 scenario."""
    out: list[tuple[str, Assumptions]] = []
    cache: dict[str, RegionDefaults] = {}
    for info in list_scenarios(directory):
        region = info["region"] or "杭州市"
        cache.setdefault(region, region_defaults(region))
        try:
            a = load_scenario(info["file"], directory, defaults=cache[region])
        except PlanbookError as exc:   # one broken analyst file must not stop `planbook build`
            warnings.warn(f"planbook: scenario skipped: {exc}", stacklevel=2)
            continue
        out.append((info["name"], a))
    for region in available_regions():
        d = cache.setdefault(region, region_defaults(region))
        if d.base is None or d.target is None:
            continue
        fallback = {} if d.sigma is not None else dict(
            sigma_pct=1.0, sources={"sigma_pct": "分析假设:本地区历年增速不足3年,年增速波动标准差取1个百分点"})
        out.append(("达标所需", assumptions_from_defaults(d, None, **fallback)))
    return out


def run_default_scenarios(out: Path | str | None = None, directory: Path | str | None = None) -> Path:
    """Project the default scenarios and write the long table data/processed/scenarios.csv."""
    rows: list[dict] = []
    for name, a in default_scenarios(directory):
        rows += projection_rows(project(a, simulate=10_000, seed=0), name)
    df = pd.DataFrame(rows, columns=SCENARIO_COLUMNS)
    target = Path(out) if out else project_paths().processed / "scenarios.csv"
    return write_csv_atomic(df, target)


def report_checks() -> pd.DataFrame:
    """The plan reports' own arithmetic redone: 报告数 next to this workbook's figure, with sources."""
    rows = []
    d = region_defaults("杭州市")
    if d.base is not None and d.target is not None:
        a = assumptions_from_defaults(d, None)
        p = project(a)
        rep = document_fact("杭州市", "required_growth_report")
        rows.append(dict(地区="杭州市", 项目=f"{a.base_year}→{a.target_year}年达到{a.target_value:g}亿元所需年均增速(%)",
                         报告数=rep.value if rep else None, 本工作簿=round(p.required_growth_pct, 2),
                         来源=f"基期:{d.base.label()};目标:{d.target.label()};报告:{rep.label() if rep else ''}"))
        if p.population is not None:
            ty = a.target_year
            rows.append(dict(地区="杭州市", 项目=f"{ty}年常住人口(万人;报告目标为“1300万人以上”)",
                             报告数=(document_fact("杭州市", "population_target") or Sourced(None, None, "", "")).value,
                             本工作簿=round(p.at(ty, p.population), 1),
                             来源=f"基期:{d.population.label()};增量:{d.population_change.label() if d.population_change else ''}"))
            rep_usd = document_fact("杭州市", "per_capita_usd_report")
            rows.append(dict(地区="杭州市", 项目=f"{ty}年人均GDP(美元)",
                             报告数=rep_usd.value if rep_usd else None,
                             本工作簿=round(p.at(ty, p.per_capita_usd), 0),
                             来源=f"汇率:{d.fx.label() if d.fx else ''};报告:{rep_usd.label() if rep_usd else ''}"))
            if d.natural_rate is not None:
                nat = population_path(a.population_base, a.target_year - a.base_year,
                                      natural_rate_permille=d.natural_rate.value, net_migration=0.0)
                rows.append(dict(地区="杭州市", 项目="十五五人口自然增长(万人,2‰)", 报告数=13.0,
                                 本工作簿=round(float(nat[-1] - nat[0]), 1), 来源=d.natural_rate.label()))
    dx = region_defaults("萧山区")
    if dx.base is not None and dx.target is not None:
        g = required_growth(dx.base.value, dx.target.value, dx.target.year - dx.base.year)
        rows.append(dict(地区="萧山区", 项目=f"{dx.base.year}→{dx.target.year}年达到{dx.target.value:g}亿元所需年均增速(%)",
                         报告数=None, 本工作簿=round(g, 2),
                         来源=f"基期:{dx.base.label()};目标:{dx.target.label()}"))
        past = document_fact("萧山区", "growth_13th_actual")
        if past is not None:
            n = dx.target.year - dx.base.year
            rows.append(dict(地区="萧山区", 项目=f"按“十三五”实际年均增速{past.value:g}%延续,{dx.target.year}年地区生产总值(亿元)",
                             报告数=dx.target.value, 本工作簿=round(dx.base.value * (1 + past.value / 100) ** n, 1),
                             来源=f"十三五年均增速:{past.label()}"))
    return pd.DataFrame(rows, columns=["地区", "项目", "报告数", "本工作簿", "来源"])


def scenario_comparison(region: str = "杭州市", directory: Path | str | None = None,
                        n_sim: int = 10_000) -> pd.DataFrame:
    """The named scenarios of ``region`` side by side: growth, end level, target met, probability, per capita."""
    d = region_defaults(region)
    rows = []
    for info in list_scenarios(directory):
        if (info["region"] or "杭州市") != region:
            continue
        a = load_scenario(info["file"], directory, defaults=d)
        p = project(a, simulate=n_sim, seed=0)
        ty = p.target_year
        rows.append({
            "情景": info["name"],
            "实际增速(%)": a.growth_pct,
            f"{ty}年地区生产总值(亿元)": round(p.at(ty, p.nominal), 1),
            "目标(亿元)": a.target_value,
            "首次达标年份": p.target_reached_year,
            "达标概率(%)": None if p.probability is None or not a.sigma_pct else round(p.probability * 100, 1),
            "模拟达标概率(%)": None if p.probability_sim is None else round(p.probability_sim * 100, 1),
            f"{ty}年人均GDP(美元)": None if p.per_capita_usd is None else round(p.at(ty, p.per_capita_usd)),
            "增速来源": a.sources.get("growth_pct", ""),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# command line: planbook project
# ---------------------------------------------------------------------------------------------
def _num(args, name: str, *, required: bool = False, kind=float):
    raw = getattr(args, name)
    flag = "--" + name.replace("_", "-")
    if raw is None:
        if required:
            raise PlanbookError(f"project: {flag} is required")
        return None
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        what = "a whole year" if kind is int else "a number"
        raise PlanbookError(f"project: {flag} must be {what} (got {raw!r})") from None
    if kind is float and not math.isfinite(value):
        raise PlanbookError(f"project: {flag} must be a finite number (got {raw!r})")
    if kind is int and not 1949 <= value <= 2100:
        raise PlanbookError(f"project: {flag} 年份应在1949…2100之间 / {flag} must be a year within 1949…2100 (got {raw!r})")
    return value


def _growth_by_year(text: str | None) -> dict[int, float]:
    if not text:
        return {}
    out = {}
    for part in re.split(r"[,,;\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})[=:](-?\d+(?:\.\d+)?)", part)
        if not m:
            raise PlanbookError(f"project: --growth-by-year wants YEAR=PCT[,YEAR=PCT...] (got {part!r})")
        out[int(m.group(1))] = float(m.group(2))
    return out


def assumptions_from_args(args) -> Assumptions:
    base = _num(args, "base", required=True)
    base_year = _num(args, "base_year", required=True, kind=int)
    target = _num(args, "target", required=True)
    target_year = _num(args, "target_year", required=True, kind=int)
    population = _num(args, "population")
    change = _num(args, "population_change")
    natural = _num(args, "natural_rate")
    migration = _num(args, "net_migration")
    fx = _num(args, "fx")
    if population is None and any(v is not None for v in (change, natural, migration)):
        raise PlanbookError("project: --population-change/--natural-rate/--net-migration need --population")
    if change is not None and (natural is not None or migration is not None):
        raise PlanbookError("project: give either --population-change or --natural-rate/--net-migration, not both")
    if fx is not None and population is None:
        raise PlanbookError("project: --fx needs --population (per-capita GDP)")
    by_year = _growth_by_year(args.growth_by_year)
    if target_year is not None and base_year is not None:
        outside = [y for y in by_year if not base_year < y <= target_year]
        if outside:
            raise PlanbookError(f"project: --growth-by-year years {outside} are outside {base_year + 1}..{target_year}")
    a = Assumptions(
        base_value=base, base_year=base_year, target_value=target, target_year=target_year,
        region=args.region or "", name="命令行", growth_pct=_num(args, "growth"), growth_by_year=by_year,
        deflator_pct=_num(args, "deflator") or 0.0, population_base=population,
        population_mode="natural" if (natural is not None or migration is not None) else "total",
        population_change=change or 0.0, natural_rate_permille=natural or 0.0,
        net_migration=migration or 0.0, fx=fx, sigma_pct=_num(args, "sigma") or 0.0,
        usd_threshold=_num(args, "usd_threshold"))
    return check_ranges(a.validate("project"), "project", cli=True)


def format_summary(p: Projection) -> str:
    """A readable Chinese summary of a projection."""
    a = p.assumptions
    ty = p.target_year
    lines = [f"{a.region or '情景'}:{a.base_year}年 {a.base_value:,.2f}亿元 → {ty}年目标 "
             f"{a.target_value:,.2f}亿元({ty - a.base_year}年)"]
    if p.required_growth_pct is not None:
        tail = (f"(名义{p.required_nominal_growth_pct:.2f}%,平减指数{a.deflator_pct:g}%)"
                if a.deflator_pct else "")
        lines.append(f"达标所需年均实际增速:{p.required_growth_pct:.4f}%{tail}")
        lines.append(price_basis_note(a))
    if a.growth_pct is not None or a.growth_by_year:
        desc = f"{a.growth_pct:g}%" if a.growth_pct is not None else "达标所需增速"
        if a.growth_pct is None and a.growth_by_year and a.target_value is not None:
            rest = rest_growth(a.base_value, a.target_value, a.base_year, a.target_year, a.growth_by_year,
                               a.deflator_pct)
            desc = f"其余年份{rest:.2f}%(与逐年设定合计恰好达标)"
        if a.growth_by_year:
            desc += "(逐年:" + ",".join(f"{y}年{v:g}%" for y, v in sorted(a.growth_by_year.items())) + ")"
        lines.append(f"假设年均实际增速:{desc}")
    lines.append("路径(现价,亿元):" + ",".join(f"{int(y)}年{v:,.1f}" for y, v in zip(p.years, p.nominal)))
    lines.append(f"首次达到目标:{p.target_reached_year}年" if p.target_reached_year
                 else f"到{int(p.years[-1])}年未达到目标({p.nominal[-1]:,.1f}亿元)")
    if p.population is not None:
        pop = p.at(ty, p.population)
        line = (f"{ty}年{V.label('population', a.population_basis)}{pop:,.1f}万人,"
                f"人均GDP {p.at(ty, p.per_capita_cny):,.0f}元")
        if p.per_capita_usd is not None:
            line += f",约{p.at(ty, p.per_capita_usd):,.0f}美元(汇率{a.fx:g})"
        lines.append(line)
    if a.sigma_pct > 0 and p.probability is not None:
        line = f"增速波动σ={a.sigma_pct:g}个百分点时,{ty}年达到目标的概率:{p.probability * 100:.1f}%(对数正态近似)"
        if p.probability_sim is not None:
            line += f",模拟{p.probability_sim * 100:.1f}%"
        lines.append(line)
    return "\n".join(lines)


def _cmd_project(args) -> int:
    a = assumptions_from_args(args)
    p = project(a, simulate=10_000 if a.sigma_pct > 0 else 0, seed=0)
    if args.json:
        print(json.dumps(p.summary(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(p))
    return 0


def add_cli(subparsers) -> argparse.ArgumentParser:
    """Register ``planbook project``."""
    p = subparsers.add_parser(
        "project", help="情景预测:达到目标所需增速、路径、人均GDP与达标概率",
        description="从基期水平推算到目标年的路径:达标所需年均增速、首次达标年份、人均GDP(元/美元)、"
                    "增速波动下的达标概率。数值单位与输入一致(通常为亿元)。")
    p.add_argument("--base", metavar="VALUE", help="基期水平(如地区生产总值,亿元)")
    p.add_argument("--base-year", metavar="YEAR", help="基期年份")
    p.add_argument("--target", metavar="VALUE", help="目标水平(现价)")
    p.add_argument("--target-year", metavar="YEAR", help="目标年份")
    p.add_argument("--growth", metavar="PCT", help="假设年均实际增速(%%);不给则按达标所需增速")
    p.add_argument("--growth-by-year", metavar="Y=PCT,...", help="逐年实际增速,如 2026=5.5,2027=5.2")
    p.add_argument("--deflator", metavar="PCT", help="GDP平减指数年涨幅(%%),默认0")
    p.add_argument("--population", metavar="WAN", help="基期常住人口(万人)")
    p.add_argument("--population-change", metavar="WAN", help="基期后到目标年常住人口总增量(万人)")
    p.add_argument("--natural-rate", metavar="PERMILLE", help="人口自然增长率(‰/年),与--net-migration配合")
    p.add_argument("--net-migration", metavar="WAN", help="规划期净迁入人口合计(万人)")
    p.add_argument("--fx", metavar="RATE", help="人民币对美元汇率(元/美元)")
    p.add_argument("--sigma", metavar="PCT", help="年增速波动标准差(百分点),给出则计算达标概率")
    p.add_argument("--usd-threshold", metavar="USD", help="人均GDP美元门槛(如30000)")
    p.add_argument("--region", metavar="NAME", help="地区名(仅用于显示)")
    p.add_argument("--json", action="store_true", help="输出JSON")
    p.set_defaults(func=_cmd_project)
    return p
