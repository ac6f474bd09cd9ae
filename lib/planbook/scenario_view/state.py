"""The scenario panel's state, without widgets (unit-testable): the assumptions the inputs show,
the one name of what the panel shows (a loaded or saved scenario, else 自定义), the rule that an
assumption moved turns that name to 自定义 (a browser echoing a value back, or snapping it to the
slider's step, is no move), the region defaults an input takes, the projection and the export."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from planbook import scenario as S
from planbook.fileio import PlanbookError

CUSTOM = "自定义"          # the name of assumptions that are no saved scenario (dropdown, title, file)
DEFAULT_SIGMA = 1.0        # 增速波动σ after a region switch (an analyst's assumption, no data)
GROWTH_RANGE = (-5.0, 15.0)
SIGMA_RANGE = (0.0, 5.0)

# the inputs whose values make the assumptions (widget names of the controls)
SOURCED_INPUTS = {"population_base": "population", "population_change": "population_change",
                  "natural_rate": "natural_rate", "net_migration": "net_migration", "fx": "fx",
                  "usd_threshold": "usd_threshold"}
ASSUMPTION_KEYS = {"population_base": "population_base", "population_change": "population_change",
                   "natural_rate": "natural_rate_permille", "net_migration": "net_migration", "fx": "fx",
                   "usd_threshold": "usd_threshold"}


def is_echo(old, new, step: float | None) -> bool:
    """A float change that is no move: float noise, or the browser snapping a value to the
    slider's step (σ 2.55 shown as 2.6)."""
    if not (isinstance(old, float) and isinstance(new, float)):
        return False
    return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12) or abs(new - old) < 0.51 * (step or 0)


def growth_up(pct: float) -> float:
    """A growth rate rounded up to the slider's 0.01 (a target reached, not missed by rounding)."""
    return min(GROWTH_RANGE[1], math.ceil(pct * 100 - 1e-9) / 100)


class ScenarioState:
    """Everything the panel knows except its widgets."""

    def __init__(self, directory=None, n_sim: int = 10_000, seed: int = 0):
        self.directory = directory
        self.n_sim = n_sim
        self.seed = seed
        self.name = CUSTOM
        self._defaults: dict[str, S.RegionDefaults] = {}
        self._z: np.ndarray | None = None

    # -- names -----------------------------------------------------------------------------
    def display_name(self) -> str:
        """The one name of what the panel shows: the loaded or saved scenario, else 自定义."""
        return self.name or CUSTOM

    def moved(self, what: str = "") -> str | None:
        """An assumption moved: the name turns to 自定义; returns the message saying so (None when
        the panel already showed 自定义)."""
        if self.name == CUSTOM:
            return None
        was, self.name = self.name, CUSTOM
        what = what.split("(")[0]
        moved = f"({what})" if what else ""
        return f"假设已改动{moved},不再是情景“{was}”:名称改为“{CUSTOM}”(可输入名称后保存)"

    def scenario_files(self) -> list[dict]:
        try:
            return S.list_scenarios(self.directory)
        except Exception:   # noqa: BLE001 - a broken folder leaves the list empty, the panel works
            return []

    def scenario_names(self, region: str | None = None) -> list[str]:
        """The 情景 dropdown: 自定义, then the saved scenarios (for ``region`` when given)."""
        return [CUSTOM] + [s["name"] for s in self.scenario_files()
                           if region is None or s["region"] in ("", region)]

    # -- defaults --------------------------------------------------------------------------
    def defaults(self, region: str) -> S.RegionDefaults:
        if region not in self._defaults:
            self._defaults[region] = S.region_defaults(region)
        return self._defaults[region]

    def region_values(self, region: str, base_year: int, reset: bool = False) -> dict:
        """The inputs' values from the region's defaults (base, target, population, fx, the growth
        a target needs, σ from the region's history); ``reset`` also puts the deflator and σ back
        (a region switch). ``base_year``: the current one, for a region without a GDP level."""
        d = self.defaults(region)
        v: dict = {"deflator": 0.0, "sigma": DEFAULT_SIGMA} if reset else {}
        if d.base is not None:
            v.update(base_year=int(d.base.year), base_value=float(d.base.value))
            base_year = int(d.base.year)
        else:   # no GDP level in the reports: the analyst enters one
            v["base_value"] = 0.0
        if d.target is not None:
            v.update(target_year=int(d.target.year), target_value=float(d.target.value))
        else:
            v.update(target_year=base_year + 5, target_value=0.0)
        for name, attr in SOURCED_INPUTS.items():
            s = getattr(d, attr)
            if s is not None or name in ("population_base", "population_change", "natural_rate", "net_migration"):
                v[name] = float(s.value) if s is not None else 0.0
        if d.base is not None and d.target is not None:
            v["growth"] = growth_up(S.required_growth(d.base.value, d.target.value, d.target.year - d.base.year))
        if d.sigma is not None:     # the region's own growth history
            v["sigma"] = min(SIGMA_RANGE[1], round(d.sigma.value, 1))
        return v

    @staticmethod
    def values_of(a: S.Assumptions) -> dict:
        """The inputs' values showing the assumptions ``a`` (a loaded scenario)."""
        v = {"base_year": a.base_year, "base_value": a.base_value, "target_year": a.target_year or a.horizon,
             "target_value": a.target_value or 0.0, "deflator": a.deflator_pct,
             "population_base": a.population_base or 0.0, "population_mode": a.population_mode,
             "population_change": a.population_change, "natural_rate": a.natural_rate_permille,
             "net_migration": a.net_migration, "sigma": a.sigma_pct,
             "growth_mode": "by_year" if a.growth_by_year else "flat", "year_growth": dict(a.growth_by_year)}
        if a.growth_pct is not None:
            v["growth"] = float(np.clip(a.growth_pct, *GROWTH_RANGE))
        elif a.target_value:
            req = S.required_growth(a.base_value, a.target_value, a.target_year - a.base_year, a.deflator_pct)
            v["growth"] = math.ceil(req * 100 - 1e-9) / 100
        if a.fx:
            v["fx"] = a.fx
        if a.usd_threshold:
            v["usd_threshold"] = a.usd_threshold
        return v

    # -- assumptions and projection -------------------------------------------------------
    def sources(self, v: dict, d: S.RegionDefaults, by_year: dict) -> dict[str, str]:
        """The source of every input still at its region default."""
        out = {}
        target = float(v["target_value"]) or None
        if d.base is not None and math.isclose(v["base_value"], d.base.value) and int(v["base_year"]) == d.base.year:
            out["base_value"] = d.base.label()
        if d.target is not None and target is not None and math.isclose(target, d.target.value):
            out["target_value"] = d.target.label()
        for name, attr in SOURCED_INPUTS.items():
            s = getattr(d, attr)
            if s is not None and math.isclose(float(v[name]), float(s.value)):
                out[ASSUMPTION_KEYS[name]] = s.label()
        if d.sigma is not None and math.isclose(float(v["sigma"]), round(d.sigma.value, 1)):
            out["sigma_pct"] = d.sigma.label()
        for name, s in d.growth.items():
            if math.isclose(v["growth"], s.value) and not by_year:
                out["growth_pct"] = f"{name}情景:{s.label()}"
                break
        return out

    def assumptions(self, v: dict) -> S.Assumptions:
        """The assumptions of the input values ``v`` (by input name; ``year_growth`` by year)."""
        region = v["region"]
        d = self.defaults(region)
        by_year = dict(v.get("year_growth") or {}) if v["growth_mode"] == "by_year" else {}
        pop = float(v["population_base"]) or None
        return S.Assumptions(
            base_value=float(v["base_value"]), base_year=int(v["base_year"]),
            target_value=float(v["target_value"]) or None, target_year=int(v["target_year"]), region=region,
            name=self.name if self.name != CUSTOM else "",
            growth_pct=float(v["growth"]), growth_by_year=by_year,
            deflator_pct=float(v["deflator"]), population_base=pop,
            population_mode=v["population_mode"], population_change=float(v["population_change"]),
            natural_rate_permille=float(v["natural_rate"]), net_migration=float(v["net_migration"]),
            fx=float(v["fx"]), sigma_pct=float(v["sigma"]),
            population_basis=d.population_basis if pop is not None else "resident",
            usd_threshold=float(v["usd_threshold"]) or None, sources=self.sources(v, d, by_year))

    @staticmethod
    def input_problem(v: dict) -> str | None:
        """A Chinese message for inputs the analyst still has to fix (None when they are usable)."""
        if not v["base_value"] > 0:
            return "请输入基期值(亿元):该地区的报告中没有地区生产总值总量数据"
        if int(v["target_year"]) <= int(v["base_year"]):
            return f"目标年份({v['target_year']})须晚于基期年份({v['base_year']})"
        if int(v["target_year"]) - int(v["base_year"]) > 100:
            return "预测年限过长(最多100年)"
        return None

    def shocks(self, n_years: int) -> np.ndarray:
        """Standard normal shocks drawn once per horizon (common random numbers across slider moves)."""
        if self._z is None or self._z.shape[1] < n_years:
            self._z = np.random.default_rng(self.seed).standard_normal((self.n_sim, max(n_years, 10)))
        return self._z

    def project(self, v: dict) -> S.Projection:
        """The projection of the input values (PlanbookError: inputs to fix)."""
        problem = self.input_problem(v)
        if problem:
            raise PlanbookError(problem)
        a = self.assumptions(v)
        if a.sigma_pct <= 0:
            return S.project(a)
        return S.project(a, simulate=self.n_sim, shocks=self.shocks(a.horizon - a.base_year),
                         sim_percentiles=(5, 95))

    # -- export ----------------------------------------------------------------------------
    def export_frame(self, p: S.Projection | None) -> pd.DataFrame:
        """The long table (scenarios.csv columns) of what the panel shows, with sources."""
        if p is None:
            return pd.DataFrame(columns=S.SCENARIO_COLUMNS)
        return pd.DataFrame(S.projection_rows(p, self.display_name()), columns=S.SCENARIO_COLUMNS)

    def export_meta(self, p: S.Projection | None, region: str) -> dict:
        """File name, title and filter lines of the export: the panel's one name throughout."""
        name = self.display_name()
        filters = {"地区": region, "情景": name}
        if p is not None:
            a = p.assumptions
            filters.update({"实际增速": "逐年设定" if a.growth_by_year else f"{a.growth_pct:.2f}%",
                            "平减指数": f"{a.deflator_pct:g}%", "汇率": f"{a.fx:g}",
                            "增速波动σ": f"{a.sigma_pct:g}个百分点"})
        return {"name": f"{region}_{name}", "title": f"{region}地区生产总值情景预测({name})", "filters": filters}
