"""Widgets and charts for the scenario notebook (notebooks/04_scenario_projection.ipynb).

``ScenarioView`` holds the controls (growth flat or per year, deflator, population, exchange rate,
volatility, region, named scenarios), computes a projection with ``planbook.scenario.project`` on every
change and redraws one matplotlib figure (path against the target, the fan, per-capita 美元 against a
threshold). The figure is created once; updates move its artists' data and re-render it to PNG
bytes shown in an ``ipywidgets.Image`` (independent of the matplotlib backend, no flicker).

Tests and the browser check call ``view.update()`` / set widget values directly and read
``view.result``, ``view.summary.value``, ``view.table_html.value`` and ``view.image.value``.
"""
from __future__ import annotations

import html
import io
import math
import time

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from planbook import charts
from planbook import scenario as S
from planbook import vocab as V
from planbook.fileio import PlanbookError
from planbook.widgets import export_from_view

CUSTOM = "自定义"          # the name of assumptions that are no saved scenario (dropdown, title, file)
DEFAULT_SIGMA = 1.0        # 增速波动σ after a region switch (an analyst's assumption, no data)
_LAYOUT_WIDE = W.Layout(width="420px")
_STYLE = {"description_width": "120px"}

COLOUR_PATH = "#1565c0"
COLOUR_REAL = "#90a4ae"
COLOUR_TARGET = charts.STATUS_COLOURS["not_achieved"]
COLOUR_OK = charts.STATUS_COLOURS["achieved"]
COLOUR_FAN = "#42a5f5"


def _slider(desc, value, lo, hi, step, fmt=".2f", **kw):
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
                         continuous_update=True, layout=_LAYOUT_WIDE, style=_STYLE, **kw)


def _fmt(x, nd=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.{nd}f}"


class ScenarioView:
    """The interactive scenario panel. ``view.widget`` is what the notebook displays."""

    def __init__(self, region: str = "杭州市", scenario: str | None = "基准", directory=None,
                 n_sim: int = 10_000, seed: int = 0, dpi: int = 100):
        charts.use_chinese_font()
        self.directory = directory
        self.n_sim = n_sim
        self.seed = seed
        self.dpi = dpi
        self._defaults: dict[str, S.RegionDefaults] = {}
        self._busy = False
        self.result: S.Projection | None = None
        self.timings: dict[str, float] = {}
        self.last_export = None
        self.last_saved = None
        self.scenario_name = CUSTOM
        self._build_widgets(region)
        self._build_figure()
        self._load_region(region)
        if scenario and any(s["name"] == scenario for s in self._scenario_files()):
            self.scenario.value = scenario   # triggers load + update
        else:
            self.update()

    # ------------------------------------------------------------------ widgets
    def _build_widgets(self, region: str) -> None:
        with_data = S.available_regions()
        if region not in with_data:
            with_data = [region] + with_data
        options = [(r, r) for r in with_data]
        options += [(f"{r}(报告无总量数据,请输入)", r) for r in S.catalog_regions() if r not in with_data]
        self.region = W.Dropdown(options=options, value=region, description="地区", style=_STYLE,
                                 layout=_LAYOUT_WIDE)
        self.scenario = W.Dropdown(options=[CUSTOM] + [s["name"] for s in self._scenario_files()],
                                   value=CUSTOM, description="情景", style=_STYLE, layout=_LAYOUT_WIDE)
        self.base_value = W.BoundedFloatText(value=1.0, min=0.0, max=1e9, description="基期值(亿元)",
                                             style=_STYLE, layout=_LAYOUT_WIDE)
        self.base_year = W.BoundedIntText(value=2025, min=1949, max=2100, description="基期年份",
                                          style=_STYLE, layout=_LAYOUT_WIDE)
        self.target_value = W.BoundedFloatText(value=1.0, min=0.0, max=1e9, description="目标值(亿元)",
                                               style=_STYLE, layout=_LAYOUT_WIDE)
        self.target_year = W.BoundedIntText(value=2030, min=1950, max=2100, description="目标年份",
                                            style=_STYLE, layout=_LAYOUT_WIDE)
        self.growth_mode = W.ToggleButtons(options=[("统一增速", "flat"), ("逐年设定", "by_year")],
                                           value="flat", description="增速设定", style=_STYLE)
        self.growth = _slider("实际增速(%)", 5.0, -5.0, 15.0, 0.1)
        self.required_button = W.Button(description="设为达标所需增速", layout=W.Layout(width="180px"))
        self.year_growth: dict[int, W.FloatText] = {}
        self.year_box = W.HBox([], layout=W.Layout(flex_flow="row wrap"))
        self.deflator = _slider("平减指数(%)", 0.0, -3.0, 8.0, 0.1, ".1f")
        self.population_mode = W.ToggleButtons(options=[("总增量", "total"), ("自然增长+迁入", "natural")],
                                               value="total", description="人口设定", style=_STYLE)
        self.population_base = W.BoundedFloatText(value=0.0, min=0.0, max=1e6, description="基期人口(万人)",
                                                  style=_STYLE, layout=_LAYOUT_WIDE)
        self.population_change = _slider("人口增量(万人)", 0.0, -100.0, 200.0, 1.0, ".0f")
        self.natural_rate = _slider("自然增长率(‰)", 0.0, -10.0, 15.0, 0.1, ".1f")
        self.net_migration = _slider("净迁入(万人)", 0.0, -100.0, 200.0, 1.0, ".0f")
        self.fx = _slider("汇率(元/美元)", 7.12, 5.0, 9.0, 0.01)
        self.sigma = _slider("增速波动σ(百分点)", 1.0, 0.0, 5.0, 0.1, ".1f")
        self.usd_threshold = W.BoundedFloatText(value=30000.0, min=0.0, max=1e7, description="人均美元门槛",
                                                style=_STYLE, layout=_LAYOUT_WIDE)
        self.summary = W.HTML()
        self.sources_html = W.HTML()
        self.table_html = W.HTML()
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="1000px"))
        self.save_name = W.Text(value="", placeholder="情景名称,如 我的情景", description="情景名称",
                                style=_STYLE, layout=_LAYOUT_WIDE)
        self.save_button = W.Button(description="保存情景", icon="save", button_style="primary")
        self.export_button = W.Button(description="导出Excel", icon="file-excel-o")
        self.message = W.HTML()

        numeric = [self.base_value, self.base_year, self.target_value, self.target_year, self.growth,
                   self.deflator, self.population_base, self.population_change, self.natural_rate,
                   self.net_migration, self.fx, self.sigma, self.usd_threshold, self.population_mode]
        for w in numeric:
            w.observe(self._on_change, names="value")
        self.growth_mode.observe(self._on_growth_mode, names="value")
        self.base_year.observe(self._on_years, names="value")
        self.target_year.observe(self._on_years, names="value")
        self.region.observe(self._on_region, names="value")
        self.scenario.observe(self._on_scenario, names="value")
        self.population_mode.observe(self._on_population_mode, names="value")
        self.required_button.on_click(self._on_required)
        self.save_button.on_click(self.save)
        self.export_button.on_click(self.export)

        self.pop_total_box = W.VBox([self.population_change])
        self.pop_natural_box = W.VBox([self.natural_rate, self.net_migration],
                                      layout=W.Layout(display="none"))
        self.year_box.layout.display = "none"
        controls_left = W.VBox([
            W.HTML("<b>地区与情景</b>"), self.region, self.scenario,
            W.HTML("<b>基期与目标</b>"), self.base_value, self.base_year, self.target_value, self.target_year,
            W.HTML("<b>增长</b>"), self.growth_mode, self.growth, self.required_button, self.year_box,
            self.deflator, self.sigma])
        controls_right = W.VBox([
            W.HTML("<b>人口、汇率与人均</b>"), self.population_base, self.population_mode,
            self.pop_total_box, self.pop_natural_box, self.fx, self.usd_threshold,
            W.HTML("<b>保存与导出</b>"), self.save_name, W.HBox([self.save_button, self.export_button]),
            self.message])
        sources = W.Accordion(children=[self.sources_html], titles=("默认值来源",))
        sources.selected_index = None
        table = W.Accordion(children=[self.table_html], titles=("逐年数据表",))
        table.selected_index = 0
        self.widget = W.VBox([W.HBox([controls_left, controls_right]), self.summary, self.image,
                              table, sources])
        self.widget.add_class("planbook-scenario")

    def _scenario_files(self) -> list[dict]:
        try:
            return S.list_scenarios(self.directory)
        except Exception:
            return []

    # ------------------------------------------------------------------ defaults
    def defaults(self, region: str) -> S.RegionDefaults:
        if region not in self._defaults:
            self._defaults[region] = S.region_defaults(region)
        return self._defaults[region]

    def _load_region(self, region: str, reset: bool = False) -> None:
        """Fill the inputs from the region's defaults (base, target, population, fx); ``reset``
        also puts the deflator and σ back to their defaults (a region switch)."""
        d = self.defaults(region)
        self._busy = True
        try:
            if reset:
                self.deflator.value = 0.0
                self.sigma.value = DEFAULT_SIGMA
            if d.base is not None:
                self.base_year.value = int(d.base.year)
                self.base_value.value = float(d.base.value)
            else:   # no GDP level in the reports: the analyst enters one
                self.base_value.value = 0.0
            if d.target is not None:
                self.target_year.value = int(d.target.year)
                self.target_value.value = float(d.target.value)
            else:
                self.target_year.value = int(self.base_year.value) + 5
                self.target_value.value = 0.0
            self.population_base.value = float(d.population.value) if d.population else 0.0
            self.population_change.value = float(d.population_change.value) if d.population_change else 0.0
            self.natural_rate.value = float(d.natural_rate.value) if d.natural_rate else 0.0
            self.net_migration.value = float(d.net_migration.value) if d.net_migration else 0.0
            if d.fx is not None:
                self.fx.value = float(d.fx.value)
            if d.usd_threshold is not None:
                self.usd_threshold.value = float(d.usd_threshold.value)
            if d.base is not None and d.target is not None:
                req = S.required_growth(d.base.value, d.target.value, d.target.year - d.base.year)
                self.growth.value = min(self.growth.max, math.ceil(req * 100 - 1e-9) / 100)
            if d.sigma is not None:     # the region's own growth history
                self.sigma.value = min(self.sigma.max, round(d.sigma.value, 1))
            self._rebuild_year_boxes()
        finally:
            self._busy = False
        self.sources_html.value = self._sources_markup(d)

    def _sources_markup(self, d: S.RegionDefaults) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(str(r['项目']))}</td><td style='text-align:right'>{r['数值']:,.4g}</td>"
            f"<td>{html.escape(str(r['单位']))}</td><td>{html.escape(str(r['年份']))}</td>"
            f"<td style='font-size:90%'>{html.escape(str(r['来源']))}</td></tr>"
            for _, r in d.table().iterrows())
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in d.notes)
        return (f"<table style='border-collapse:collapse'><tr><th>项目</th><th>数值</th><th>单位</th>"
                f"<th>年份</th><th>来源(文档编号与原文,或官方统计;“估计”为估算值)</th></tr>{rows}</table>"
                + (f"<ul>{notes}</ul>" if notes else ""))

    # ------------------------------------------------------------------ events
    def _on_change(self, change=None) -> None:
        if self._busy:
            return
        old, new = (change or {}).get("old"), (change or {}).get("new")
        owner = (change or {}).get("owner")
        step = getattr(owner, "step", None) or 0
        if isinstance(old, float) and isinstance(new, float) and (
                math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12) or abs(new - old) < 0.51 * step):
            return   # the browser echoing a value back, with float noise or snapped to the slider's step (2.55 -> 2.6)
        self._now_custom(getattr(owner, "description", "") or "")
        self.update()

    def _now_custom(self, what: str = "") -> None:
        """An assumption moved: the panel no longer shows the loaded scenario; its name turns to 自定义."""
        if self.scenario_name == CUSTOM:
            return
        was = self.scenario_name
        what = what.split("(")[0]
        self.scenario_name = CUSTOM
        self._busy = True
        try:
            self.scenario.value = CUSTOM
        finally:
            self._busy = False
        moved = f"({html.escape(what)})" if what else ""
        self._say(f"假设已改动{moved},不再是情景“{html.escape(was)}”:名称改为“{CUSTOM}”(可输入名称后保存)")

    def display_name(self) -> str:
        """The one name of what the panel shows: the loaded or saved scenario, else 自定义."""
        return self.scenario_name or CUSTOM

    def _on_years(self, change=None) -> None:
        if self._busy:
            return
        self._now_custom()
        self._rebuild_year_boxes()
        self.update()

    def _on_growth_mode(self, change=None) -> None:
        by_year = self.growth_mode.value == "by_year"
        self.year_box.layout.display = "flex" if by_year else "none"
        if by_year:
            self.year_growth = {}       # start every year from the slider's value, not older entries
            self._rebuild_year_boxes()
        if not self._busy:
            self._now_custom()
        self.update()

    def _on_population_mode(self, change=None) -> None:
        natural = self.population_mode.value == "natural"
        self.pop_total_box.layout.display = "none" if natural else "flex"
        self.pop_natural_box.layout.display = "flex" if natural else "none"

    def _on_region(self, change) -> None:
        if self._busy:
            return
        self._load_region(change["new"], reset=True)
        self.scenario_name = CUSTOM
        self._busy = True
        try:
            matching = [s["name"] for s in self._scenario_files() if s["region"] in ("", change["new"])]
            self.scenario.options = [CUSTOM] + matching
            self.scenario.value = CUSTOM
        finally:
            self._busy = False
        self._say(f"已切换到{html.escape(change['new'])}:基期、目标、人口和汇率取该地区默认值;"
                  f"平减指数重置为0%,增速波动σ重置为{DEFAULT_SIGMA:g}个百分点")
        self.update()

    def _on_scenario(self, change) -> None:
        if self._busy or change["new"] == CUSTOM:
            self.scenario_name = CUSTOM if change["new"] == CUSTOM else self.scenario_name
            return
        try:
            self.load(change["new"])
        except PlanbookError as exc:
            self._say(f"无法载入情景:{exc}", error=True)

    def _on_required(self, _btn=None) -> None:
        p = self.result
        if p is not None and p.required_growth_pct is not None:
            self.growth_mode.value = "flat"
            self.growth.value = min(self.growth.max, math.ceil(p.required_growth_pct * 100 - 1e-9) / 100)

    def _rebuild_year_boxes(self) -> None:
        years = list(range(int(self.base_year.value) + 1, int(self.target_year.value) + 1))[:30]
        old = {y: w.value for y, w in self.year_growth.items()}
        self.year_growth = {}
        for y in years:
            w = W.FloatText(value=old.get(y, round(self.growth.value, 2)), description=f"{y}年",
                            step=0.1, layout=W.Layout(width="150px"), style={"description_width": "50px"})
            w.observe(self._on_change, names="value")
            self.year_growth[y] = w
        self.year_box.children = tuple(self.year_growth.values())

    # ------------------------------------------------------------------ assumptions
    def assumptions(self) -> S.Assumptions:
        """The assumptions the widgets currently show."""
        region = self.region.value
        d = self.defaults(region)
        target = float(self.target_value.value) or None
        by_year = ({y: float(w.value) for y, w in self.year_growth.items()}
                   if self.growth_mode.value == "by_year" else {})
        pop = float(self.population_base.value) or None
        sources = {}
        if d.base is not None and math.isclose(self.base_value.value, d.base.value) \
                and int(self.base_year.value) == d.base.year:
            sources["base_value"] = d.base.label()
        if d.target is not None and target is not None and math.isclose(target, d.target.value):
            sources["target_value"] = d.target.label()
        for key, s in (("population_base", d.population), ("population_change", d.population_change),
                       ("natural_rate_permille", d.natural_rate), ("net_migration", d.net_migration),
                       ("fx", d.fx), ("usd_threshold", d.usd_threshold)):
            widget = {"population_base": self.population_base, "population_change": self.population_change,
                      "natural_rate_permille": self.natural_rate, "net_migration": self.net_migration,
                      "fx": self.fx, "usd_threshold": self.usd_threshold}[key]
            if s is not None and math.isclose(float(widget.value), float(s.value)):
                sources[key] = s.label()
        if d.sigma is not None and math.isclose(float(self.sigma.value), round(d.sigma.value, 1)):
            sources["sigma_pct"] = d.sigma.label()
        for name, s in d.growth.items():
            if math.isclose(self.growth.value, s.value) and not by_year:
                sources["growth_pct"] = f"{name}情景:{s.label()}"
                break
        return S.Assumptions(
            base_value=float(self.base_value.value), base_year=int(self.base_year.value),
            target_value=target, target_year=int(self.target_year.value), region=region,
            name=self.scenario_name if self.scenario_name != CUSTOM else "",
            growth_pct=float(self.growth.value), growth_by_year=by_year,
            deflator_pct=float(self.deflator.value), population_base=pop,
            population_mode=self.population_mode.value, population_change=float(self.population_change.value),
            natural_rate_permille=float(self.natural_rate.value), net_migration=float(self.net_migration.value),
            fx=float(self.fx.value), sigma_pct=float(self.sigma.value),
            population_basis=d.population_basis if pop is not None else "resident",
            usd_threshold=float(self.usd_threshold.value) or None, sources=sources)

    def set_assumptions(self, a: S.Assumptions) -> None:
        """Show ``a`` in the widgets (one update at the end)."""
        self._busy = True
        try:
            if a.region and a.region != self.region.value:
                if a.region not in self.region.options:
                    self.region.options = list(self.region.options) + [a.region]
                self.region.value = a.region   # _busy: no handler work
                self.sources_html.value = self._sources_markup(self.defaults(a.region))
            self.base_year.value = a.base_year
            self.base_value.value = a.base_value
            self.target_year.value = a.target_year or a.horizon
            self.target_value.value = a.target_value or 0.0
            if a.growth_pct is not None:
                self.growth.value = float(np.clip(a.growth_pct, self.growth.min, self.growth.max))
            elif a.target_value:
                req = S.required_growth(a.base_value, a.target_value, a.target_year - a.base_year, a.deflator_pct)
                self.growth.value = math.ceil(req * 100 - 1e-9) / 100
            self.deflator.value = a.deflator_pct
            self.population_base.value = a.population_base or 0.0
            self.population_mode.value = a.population_mode
            self.population_change.value = a.population_change
            self.natural_rate.value = a.natural_rate_permille
            self.net_migration.value = a.net_migration
            if a.fx:
                self.fx.value = a.fx
            self.sigma.value = a.sigma_pct
            if a.usd_threshold:
                self.usd_threshold.value = a.usd_threshold
            self._rebuild_year_boxes()
            for y, v in a.growth_by_year.items():
                if y in self.year_growth:
                    self.year_growth[y].value = v
            self.growth_mode.value = "by_year" if a.growth_by_year else "flat"
        finally:
            self._busy = False
        self._on_population_mode()
        self.year_box.layout.display = "flex" if self.growth_mode.value == "by_year" else "none"
        self.update()

    def load(self, name: str) -> S.Assumptions:
        """Load a named scenario (file) into the widgets."""
        a = S.load_scenario(name, self.directory)
        self.scenario_name = a.name or name
        self.set_assumptions(a)
        self._say(f"已载入情景“{html.escape(self.scenario_name)}”" +
                  (f":{html.escape(a.description)}" if a.description else ""))
        return a

    # ------------------------------------------------------------------ compute and show
    def _shocks(self, n_years: int) -> np.ndarray:
        """Standard normal shocks drawn once per horizon (common random numbers across slider moves)."""
        z = getattr(self, "_z", None)
        if z is None or z.shape[1] < n_years:
            z = np.random.default_rng(self.seed).standard_normal((self.n_sim, max(n_years, 10)))
            self._z = z
        return z

    def input_problem(self) -> str | None:
        """A Chinese message for inputs the analyst still has to fix (None when they are usable)."""
        if not self.base_value.value > 0:
            return "请输入基期值(亿元):该地区的报告中没有地区生产总值总量数据"
        if int(self.target_year.value) <= int(self.base_year.value):
            return f"目标年份({self.target_year.value})须晚于基期年份({self.base_year.value})"
        if int(self.target_year.value) - int(self.base_year.value) > 100:
            return "预测年限过长(最多100年)"
        return None

    def compute(self) -> S.Projection:
        problem = self.input_problem()
        if problem:
            raise PlanbookError(problem)
        a = self.assumptions()
        if a.sigma_pct <= 0:
            return S.project(a)
        return S.project(a, simulate=self.n_sim, shocks=self._shocks(a.horizon - a.base_year),
                         sim_percentiles=(5, 95))

    def update(self, *_):
        """Recompute and refresh every output; returns the projection (None on bad input)."""
        t0 = time.perf_counter()
        try:
            p = self.compute()
        except PlanbookError as exc:
            self.result = None
            self.summary.value = f"<div style='color:{COLOUR_TARGET}'>输入有误:{html.escape(str(exc))}</div>"
            return None
        t1 = time.perf_counter()
        self.result = p
        self.summary.value = self._summary_markup(p)
        self.table_html.value = self._table_markup(p)
        self.redraw(p)
        t2 = time.perf_counter()
        self.timings = {"compute_ms": (t1 - t0) * 1e3, "redraw_ms": (t2 - t1) * 1e3}
        return p

    def _summary_markup(self, p: S.Projection) -> str:
        a = p.assumptions
        ty = p.target_year
        items = []
        if p.required_growth_pct is not None:
            defl = f"(名义{p.required_nominal_growth_pct:.2f}%)" if a.deflator_pct else ""
            items.append(f"达标所需年均实际增速:<b class='pb-required'>{p.required_growth_pct:.2f}%</b>{defl}"
                         f"({a.base_year}年{a.base_value:,.0f}亿元→{ty}年{a.target_value:,.0f}亿元)")
            items.append(html.escape(S.price_basis_note(a)))
        end = p.at(ty, p.nominal)
        g = "逐年设定" if a.growth_by_year else f"{a.growth_pct:.2f}%"
        if a.target_value:
            ok = p.target_reached_year is not None and p.target_reached_year <= ty
            colour = COLOUR_OK if ok else COLOUR_TARGET
            verdict = (f"{p.target_reached_year}年达到目标" if ok else
                       (f"{ty}年为{end:,.0f}亿元,距目标差{a.target_value - end:,.0f}亿元"))
            items.append(f"按增速{g}:<b style='color:{colour}'>{verdict}</b>")
        else:
            items.append(f"按增速{g}:{ty}年{end:,.0f}亿元(未设目标)")
        if a.sigma_pct > 0 and p.probability is not None:
            sim = f",模拟{p.probability_sim * 100:.1f}%" if p.probability_sim is not None else ""
            items.append(f"σ={a.sigma_pct:g}个百分点时{ty}年达标概率:"
                         f"<b class='pb-probability'>{p.probability * 100:.1f}%</b>(对数正态近似{sim})")
        if p.per_capita_usd is not None:
            usd = p.at(ty, p.per_capita_usd)
            thr = a.usd_threshold
            line = (f"{ty}年{V.label('population', a.population_basis)}{p.at(ty, p.population):,.1f}万人,"
                    f"人均GDP {p.at(ty, p.per_capita_cny):,.0f}元,"
                    f"约<b>{usd:,.0f}美元</b>(汇率{a.fx:.2f})")
            if thr:
                line += (f";{p.usd_threshold_year}年起超过{thr:,.0f}美元" if p.usd_threshold_year
                         else f";到{int(p.years[-1])}年未超过{thr:,.0f}美元")
            items.append(line)
        elif a.population_base is None:
            items.append("缺少基期人口:输入基期人口(万人)后显示人均GDP")
        return "<ul style='margin:4px 0'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    def _table_markup(self, p: S.Projection) -> str:
        df = p.table()
        head = "".join(f"<th style='padding:2px 6px'>{html.escape(c)}</th>" for c in df.columns)
        body = []
        cols = [df[c].to_numpy() for c in df.columns]
        nd = [0 if c == "年份" else (2 if "%" in c else (0 if "元" in c and "亿元" not in c else 1))
              for c in df.columns]
        for i in range(len(df)):
            cells = []
            for j, col in enumerate(cols):
                v = col[i]
                text = str(int(v)) if j == 0 else _fmt(float(v), nd[j])
                cells.append(f"<td style='text-align:right;padding:2px 6px'>{text}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (f"<table class='pb-scenario-table' style='border-collapse:collapse'><tr>{head}</tr>"
                + "".join(body) + "</table>")

    # ------------------------------------------------------------------ figure
    def _build_figure(self) -> None:
        # three panels, each its own figure with its own cached background, and a title strip; the
        # shown PNG is their composite. A slider move that changes one panel's axis limits redraws
        # that panel only (a third of the text to lay out).
        self.panel_figs = []
        axes = []
        for _ in range(3):
            f = Figure(figsize=(4.0, 3.4), dpi=self.dpi)
            FigureCanvasAgg(f)
            f.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.17)
            self.panel_figs.append(f)
            axes.append(f.subplots())
        self.title_fig = Figure(figsize=(12.0, 0.3), dpi=self.dpi)
        FigureCanvasAgg(self.title_fig)
        self.title_text = self.title_fig.text(0.5, 0.5, "", ha="center", va="center", fontsize=11)
        self._title_drawn = None
        self.ax_path, self.ax_fan, self.ax_pc = axes
        ax = self.ax_path
        (self.l_nominal,) = ax.plot([], [], "-o", color=COLOUR_PATH, ms=3, label="情景路径(现价)")
        (self.l_real,) = ax.plot([], [], "--", color=COLOUR_REAL, label="不变价(基期价)")
        (self.l_required,) = ax.plot([], [], ":", color="#6d4c41", label="达标所需路径")
        (self.l_target,) = ax.plot([], [], "-", color=COLOUR_TARGET, lw=1.2, label="目标")
        (self.m_target,) = ax.plot([], [], "*", color=COLOUR_TARGET, ms=11)
        ax.set_title("地区生产总值路径与目标")
        ax.set_ylabel("亿元")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax = self.ax_fan
        self.fan_outer = None
        self.fan_inner = None
        (self.l_median,) = ax.plot([], [], "-", color=COLOUR_PATH, lw=1.5, label="中位数")
        (self.l_sim_lo,) = ax.plot([], [], "x", color="#37474f", ms=4, label="模拟P5/P95")
        (self.l_sim_hi,) = ax.plot([], [], "x", color="#37474f", ms=4)
        (self.l_target_fan,) = ax.plot([], [], "-", color=COLOUR_TARGET, lw=1.2, label="目标")
        self.fan_text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, linespacing=1.5)
        ax.set_title("增速波动下的区间(扇形图)")
        ax.set_ylabel("亿元")
        ax.plot([], [], color=COLOUR_FAN, alpha=0.25, lw=6, label="P5–P95")
        ax.plot([], [], color=COLOUR_FAN, alpha=0.5, lw=6, label="P25–P75")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax = self.ax_pc
        self.bars = []
        (self.l_thr,) = ax.plot([], [], "--", color=COLOUR_TARGET, lw=1.2)
        self.pc_text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9)
        ax.set_title("人均GDP(美元)与门槛")
        ax.set_ylabel("美元")
        for ax in (self.ax_path, self.ax_fan, self.ax_pc):
            ax.grid(alpha=0.3)
        self._dynamic = [self.l_nominal, self.l_real, self.l_required, self.l_target, self.m_target,
                         self.l_median, self.l_sim_lo, self.l_sim_hi, self.l_target_fan, self.fan_text,
                         self.l_thr, self.pc_text]
        for artist in self._dynamic:
            artist.set_animated(True)
        self._backgrounds: list[dict] = [{}, {}, {}]   # per panel: axis limits -> cached background
        self.full_redraws = 0                           # panel backgrounds drawn from scratch

    def _ylim(self, ax, lo: float, hi: float, floor_zero: bool = False, fill: float = 0.4) -> tuple[float, float]:
        """Nice y-limits that change only when the data leave them or fill under 40% of them, so that
        most slider moves reuse the cached background (ticks, labels, titles)."""
        cur = ax.get_ylim() if getattr(ax, "_pb_set", False) else None
        if floor_zero:
            lo = 0.0
        if cur and cur[0] <= lo and hi <= cur[1] and (hi - lo) >= fill * (cur[1] - cur[0]):
            return cur
        span = max(hi - lo, abs(hi) * 0.02, 1e-9)
        lo2 = 0.0 if floor_zero else lo - 0.08 * span
        ticks = MaxNLocator(5).tick_values(lo2, hi + 0.25 * span)
        new = (float(ticks[0]), float(ticks[-1]))
        ax.set_ylim(*new)
        ax._pb_set = True
        return new

    def redraw(self, p: S.Projection | None = None) -> bytes:
        """Move the figure's artists to ``p`` and re-render the PNG shown in ``self.image``.

        The static part (axes, ticks, titles, legends) is drawn once and cached; a slider move redraws
        only the data artists on the cached background unless the axis limits had to change."""
        p = p or self.result
        if p is None:
            return b""
        a = p.assumptions
        yrs = p.years
        target = a.target_value
        xlim = (yrs[0] - 0.5, yrs[-1] + 0.5)
        empty = ([], [])
        # path vs target
        self.l_nominal.set_data(yrs, p.nominal)
        self.l_real.set_data(yrs, p.real) if a.deflator_pct else self.l_real.set_data(*empty)
        tops = [float(p.nominal.max())]
        if target and p.required_growth_pct is not None:
            k = np.arange(len(yrs))
            self.l_required.set_data(yrs, a.base_value * (1 + p.required_nominal_growth_pct / 100) ** k)
            self.l_target.set_data(xlim, [target, target])
            self.m_target.set_data([p.target_year], [target])
            tops.append(float(target))
        else:
            self.l_required.set_data(*empty)
            self.l_target.set_data(*empty)
            self.m_target.set_data(*empty)
        lo = min(a.base_value, float(p.real.min()))
        hi = max(tops)
        lim_path = self._ylim(self.ax_path, lo, hi)
        # fan
        fan_lo, fan_hi = lo, hi
        if p.fan is None:
            for coll in (self.fan_outer, self.fan_inner):
                if coll is not None:
                    coll.set_visible(False)
        if p.fan is not None:
            f = p.fan
            if self.fan_outer is None:
                self.fan_outer = self.ax_fan.fill_between(yrs, f[5], f[95], color=COLOUR_FAN, alpha=0.25,
                                                          lw=0, animated=True)
                self.fan_inner = self.ax_fan.fill_between(yrs, f[25], f[75], color=COLOUR_FAN, alpha=0.5,
                                                          lw=0, animated=True)
            else:   # move the existing bands (no new artists on a slider move)
                self.fan_outer.set_data(yrs, f[5], f[95])
                self.fan_inner.set_data(yrs, f[25], f[75])
                self.fan_outer.set_visible(True)
                self.fan_inner.set_visible(True)
            self.l_median.set_data(yrs, f[50])
            fan_hi = max(fan_hi, float(f[95].max()))
            fan_lo = min(fan_lo, float(f[5].min()))
            if p.fan_sim is not None:
                self.l_sim_lo.set_data(yrs[1:], p.fan_sim[5][1:])
                self.l_sim_hi.set_data(yrs[1:], p.fan_sim[95][1:])
            else:
                self.l_sim_lo.set_data(*empty)
                self.l_sim_hi.set_data(*empty)
            text = f"σ={a.sigma_pct:.1f}个百分点"
            if p.probability is not None:
                text += f"\n达标概率 {p.probability * 100:.1f}%"
            self.fan_text.set_text(text)
        else:
            self.l_median.set_data(yrs, p.nominal)
            self.l_sim_lo.set_data(*empty)
            self.l_sim_hi.set_data(*empty)
            self.fan_text.set_text("σ=0:无波动,只有一条路径")
        self.l_target_fan.set_data(xlim, [target, target]) if target else self.l_target_fan.set_data(*empty)
        lim_fan = self._ylim(self.ax_fan, fan_lo, fan_hi)
        # per capita USD
        ax = self.ax_pc
        if p.per_capita_usd is None or len(self.bars) != len(yrs) or \
                (self.bars and self.bars[0].get_x() + self.bars[0].get_width() / 2 != yrs[0]):
            for bar in self.bars:
                bar.remove()
            self.bars = []
        if p.per_capita_usd is not None:
            vals = p.per_capita_usd
            thr = a.usd_threshold or 0
            colours = [COLOUR_OK if thr and v >= thr else COLOUR_PATH for v in vals]
            if not self.bars:
                self.bars = list(ax.bar(yrs, vals, color=colours, width=0.7, animated=True))
            else:   # same years: move the bars
                for bar, v, c in zip(self.bars, vals, colours):
                    bar.set_height(v)
                    bar.set_facecolor(c)
            self.l_thr.set_data(xlim, [thr, thr]) if thr else self.l_thr.set_data(*empty)
            lim_pc = self._ylim(ax, 0.0, max(float(vals.max()), thr), floor_zero=True, fill=0.7)
            ty = p.target_year
            self.pc_text.set_text(f"{ty}年约{p.at(ty, vals):,.0f}美元" + (f"(门槛{thr:,.0f})" if thr else ""))
        else:
            self.l_thr.set_data(*empty)
            lim_pc = self._ylim(ax, 0.0, 1.0, floor_zero=True)
            self.pc_text.set_text("缺少人口数据:输入基期人口后显示")
        title = f"{a.region} {self.display_name()}".strip()
        if title != self._title_drawn:
            self.title_text.set_text(title)
            self.title_fig.canvas.draw()
            self._title_drawn = title
        for i, (ax, lim) in enumerate(zip((self.ax_path, self.ax_fan, self.ax_pc), (lim_path, lim_fan, lim_pc))):
            canvas = ax.figure.canvas
            key = (xlim, lim)
            background = self._backgrounds[i].get(key)
            ax.set_xlim(*xlim)
            ax.set_ylim(*lim)   # the limits the cached background was drawn with
            if background is None:
                ax.xaxis.set_major_locator(MaxNLocator(min(len(yrs), 7), integer=True))
                canvas.draw()   # static part only: data artists are animated
                background = canvas.copy_from_bbox(ax.figure.bbox)
                self._backgrounds[i][key] = background
                while len(self._backgrounds[i]) > 12:   # a few axis layouts dragged back and forth
                    self._backgrounds[i].pop(next(iter(self._backgrounds[i])))
                self.full_redraws += 1
            else:
                canvas.restore_region(background)
        for artist in [self.fan_outer, self.fan_inner, *self.bars, *self._dynamic]:
            if artist is not None:
                artist.axes.draw_artist(artist)
        data = self._png()
        self.image.value = data
        return data

    def _png(self) -> bytes:
        """The title strip over the three panels, as one PNG."""
        from PIL import Image

        panels = np.hstack([np.asarray(f.canvas.buffer_rgba())[..., :3] for f in self.panel_figs])
        strip = np.asarray(self.title_fig.canvas.buffer_rgba())[..., :3]
        width = min(strip.shape[1], panels.shape[1])
        im = Image.fromarray(np.ascontiguousarray(np.vstack([strip[:, :width], panels[:, :width]])))
        buf = io.BytesIO()
        im.save(buf, format="png", compress_level=1)
        return buf.getvalue()

    # ------------------------------------------------------------------ save and export
    def _say(self, text: str, error: bool = False) -> None:
        colour = COLOUR_TARGET if error else COLOUR_OK
        self.message.value = f"<span style='color:{colour}'>{text}</span>"

    def save(self, _btn=None):
        """Save the current assumptions as a named scenario under data/scenarios/."""
        name = self.save_name.value.strip()
        if not name:
            self._say("请先在“情景名称”中输入名称", error=True)
            return None
        if name in S.DEFAULT_SCENARIO_NAMES:
            self._say(f"“{name}”是内置情景名称,请换一个名称", error=True)
            return None
        try:
            a = self.assumptions()
            a.description = f"分析员保存的情景({self.region.value})"
            path = S.save_scenario(a, name, directory=self.directory)
        except PlanbookError as exc:
            self._say(f"保存失败:{html.escape(str(exc))}", error=True)
            return None
        self.last_saved = path
        self.scenario_name = name
        self._busy = True
        try:
            names = [CUSTOM] + [s["name"] for s in self._scenario_files()]
            self.scenario.options = names
            self.scenario.value = name if name in names else CUSTOM
        finally:
            self._busy = False
        self._say(f"已保存情景“{html.escape(name)}”:{html.escape(str(path))}")
        self.update()   # the chart title shows the saved name
        return path

    def export_frame(self) -> pd.DataFrame:
        """The long table (scenarios.csv columns) of what the panel shows, with sources."""
        p = self.result or self.update()
        if p is None:
            return pd.DataFrame(columns=S.SCENARIO_COLUMNS)
        name = self.display_name()
        return pd.DataFrame(S.projection_rows(p, name), columns=S.SCENARIO_COLUMNS)

    def export(self, _btn=None, path=None):
        """导出Excel: the shown scenario through planbook.export.export_view (guarded)."""
        df = self.export_frame()
        a = self.result.assumptions if self.result else None
        name = self.display_name()
        filters = {"地区": self.region.value, "情景": name}
        if a is not None:
            filters.update({"实际增速": "逐年设定" if a.growth_by_year else f"{a.growth_pct:.2f}%",
                            "平减指数": f"{a.deflator_pct:g}%", "汇率": f"{a.fx:g}",
                            "增速波动σ": f"{a.sigma_pct:g}个百分点"})
        out, msg = export_from_view(df, "scenario", path, name=f"{self.region.value}_{name}",
                                    title=f"{self.region.value}地区生产总值情景预测({name})", filters=filters)
        self._say(msg, error=out is None)
        if out is not None:
            self.last_export = out
        return out


def scenario_panel(region: str = "杭州市", scenario: str | None = "基准", **kw) -> ScenarioView:
    """Build the panel (the notebook calls this and displays ``.widget``)."""
    return ScenarioView(region=region, scenario=scenario, **kw)
