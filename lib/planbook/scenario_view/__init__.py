"""The scenario panel of notebook 04 (notebooks/04_scenario_projection.ipynb), in three parts:
``controls`` builds the widgets (assumption inputs declared as data), ``state`` holds the
assumptions, the panel's one name and the 自定义 rule without widgets, ``figure`` (and ``markup``)
draw a ``Projection``. ``ScenarioView`` wires them: region and scenario are the view's declared
filters (``planbook.view_base``), every input change recomputes the projection
(``planbook.scenario.project``) and redraws.

Tests and the browser check call ``view.update()`` / set widget values directly and read
``view.result``, ``view.summary.value``, ``view.table_html.value`` and ``view.image.value``.
"""
from __future__ import annotations

import html
import time

import pandas as pd

from planbook import scenario as S
from planbook.fileio import PlanbookError
from planbook.scenario_view import controls as K
from planbook.scenario_view import markup as M
from planbook.scenario_view.figure import ScenarioFigure
from planbook.scenario_view.state import CUSTOM, DEFAULT_SIGMA, ScenarioState, growth_up, is_echo
from planbook.view_base import FilteredView, FilterSpec

__all__ = ["CUSTOM", "DEFAULT_SIGMA", "ScenarioView", "scenario_panel"]


def _region_options(view) -> list[tuple[str, str]]:
    """Regions with a GDP level in the data first; the others say the analyst enters one."""
    with_data = S.available_regions()
    if view.first_region not in with_data:
        with_data = [view.first_region] + with_data
    return [(r, r) for r in with_data] + [(f"{r}(报告无总量数据,请输入)", r)
                                          for r in S.catalog_regions() if r not in with_data]


def panel_filters(region: str) -> list[FilterSpec]:
    return [
        FilterSpec("region", "地区", options=_region_options, value=region, width="420px", on_change="_on_region"),
        FilterSpec("scenario", "情景", options=lambda v: v.state.scenario_names(), value=CUSTOM, width="420px",
                   on_change="_on_scenario", export_label=""),
    ]


class ScenarioView(FilteredView):
    """The interactive scenario panel. ``view.widget`` is what the notebook displays."""

    export_kind = "scenario"

    def __init__(self, region: str = "杭州市", scenario: str | None = "基准", directory=None,
                 n_sim: int = 10_000, seed: int = 0, dpi: int = 100):
        self.state = ScenarioState(directory, n_sim, seed)
        self.directory = directory
        self.first_region = region
        self.result: S.Projection | None = None
        self.timings: dict[str, float] = {}
        self.last_saved = None
        self.inputs = K.build_inputs()
        for name, widget in self.inputs.items():
            setattr(self, name, widget)
        self.year_growth: dict = {}
        self.build_filters(panel_filters(region))
        self.build_export(button_style="")
        K.build_outputs(self)
        controls, results, details = K.layout(self)
        self.assemble(controls, results, "planbook-scenario", details)
        self.figure = ScenarioFigure(dpi)
        self._wire()
        self._fill(self.state.region_values(region, int(self.base_year.value)))
        self.sources_html.value = M.sources(self.state.defaults(region))
        if scenario and scenario in self.scenario.options:
            self.scenario.value = scenario   # triggers load + update
        else:
            self.update()

    def _wire(self) -> None:
        for name, widget in self.inputs.items():
            if name in ("base_year", "target_year"):
                widget.observe(self._on_years, names="value")
            elif name != "growth_mode":
                widget.observe(self._on_change, names="value")
        self.growth_mode.observe(self._on_growth_mode, names="value")
        self.population_mode.observe(self._on_population_mode, names="value")
        self.required_button.on_click(self._on_required)
        self.save_button.on_click(self.save)

    # ------------------------------------------------------------------ names used by tests and notebooks
    @property
    def scenario_name(self) -> str:
        return self.state.name

    @scenario_name.setter
    def scenario_name(self, name: str) -> None:
        self.state.name = name

    @property
    def title_text(self):
        return self.figure.title_text

    @property
    def full_redraws(self) -> int:
        return self.figure.full_redraws

    def display_name(self) -> str:
        return self.state.display_name()

    def defaults(self, region: str) -> S.RegionDefaults:
        return self.state.defaults(region)

    # ------------------------------------------------------------------ values in and out of the widgets
    def values(self) -> dict:
        """The inputs' current values (plain data for the state)."""
        v = {name: w.value for name, w in self.inputs.items()}
        v["region"] = self.region.value
        v["year_growth"] = {y: float(w.value) for y, w in self.year_growth.items()}
        return v

    def _fill(self, values: dict) -> None:
        """Show ``values`` in the inputs without reacting to each one (one update by the caller)."""
        with self.quietly():
            for name, value in values.items():
                if name in self.inputs and name not in ("growth_mode",):
                    self.inputs[name].value = value
            self._rebuild_year_boxes()
            for year, value in values.get("year_growth", {}).items():
                if year in self.year_growth:
                    self.year_growth[year].value = value
            if "growth_mode" in values:
                self.growth_mode.value = values["growth_mode"]

    def assumptions(self) -> S.Assumptions:
        """The assumptions the widgets currently show."""
        return self.state.assumptions(self.values())

    def set_assumptions(self, a: S.Assumptions) -> None:
        """Show ``a`` in the widgets (one update at the end)."""
        if a.region and a.region != self.region.value:
            options = list(self.region.options)
            if a.region not in [o[1] for o in options]:
                options.append((a.region, a.region))
            self.set_options("region", options, a.region)
            self.sources_html.value = M.sources(self.state.defaults(a.region))
        self._fill(self.state.values_of(a))
        self._on_population_mode()
        self.year_box.layout.display = "flex" if self.growth_mode.value == "by_year" else "none"
        self.update()

    def _rebuild_year_boxes(self) -> None:
        years = list(range(int(self.base_year.value) + 1, int(self.target_year.value) + 1))[:30]
        old = {y: w.value for y, w in self.year_growth.items()}
        self.year_growth = {}
        for y in years:
            w = K.year_input(y, old.get(y, round(self.growth.value, 2)))
            w.observe(self._on_change, names="value")
            self.year_growth[y] = w
        self.year_box.children = tuple(self.year_growth.values())

    # ------------------------------------------------------------------ events
    def _on_change(self, change=None) -> None:
        if self._busy:
            return
        change = change or {}
        owner = change.get("owner")
        if is_echo(change.get("old"), change.get("new"), getattr(owner, "step", None)):
            return   # the browser echoing a value back, with float noise or snapped to the slider's step
        self._now_custom(getattr(owner, "description", "") or "")
        self.update()

    def _now_custom(self, what: str = "") -> None:
        """An assumption moved: the panel no longer shows the loaded scenario; its name turns to 自定义."""
        text = self.state.moved(what)
        if text is None:
            return
        with self.quietly():
            self.scenario.value = CUSTOM
        self._say(html.escape(text))

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
        region = change["new"]
        self._fill(self.state.region_values(region, int(self.base_year.value), reset=True))
        self.sources_html.value = M.sources(self.state.defaults(region))
        self.state.name = CUSTOM
        self.set_options("scenario", self.state.scenario_names(region), CUSTOM)
        self._say(f"已切换到{html.escape(region)}:基期、目标、人口和汇率取该地区默认值;"
                  f"平减指数重置为0%,增速波动σ重置为{DEFAULT_SIGMA:g}个百分点")
        self.update()

    def _on_scenario(self, change) -> None:
        if self._busy or change["new"] == CUSTOM:
            if change["new"] == CUSTOM:
                self.state.name = CUSTOM
            return
        try:
            self.load(change["new"])
        except PlanbookError as exc:
            self._say(f"无法载入情景:{exc}", error=True)

    def _on_required(self, _btn=None) -> None:
        p = self.result
        if p is not None and p.required_growth_pct is not None:
            self.growth_mode.value = "flat"
            self.growth.value = growth_up(p.required_growth_pct)

    def load(self, name: str) -> S.Assumptions:
        """Load a named scenario (file) into the widgets."""
        a = S.load_scenario(name, self.directory)
        self.state.name = a.name or name
        self.set_assumptions(a)
        self._say(f"已载入情景“{html.escape(self.state.name)}”" +
                  (f":{html.escape(a.description)}" if a.description else ""))
        return a

    # ------------------------------------------------------------------ compute and show
    def input_problem(self) -> str | None:
        return self.state.input_problem(self.values())

    def compute(self) -> S.Projection:
        return self.state.project(self.values())

    def update(self, *_):
        """Recompute and refresh every output; returns the projection (None on bad input)."""
        t0 = time.perf_counter()
        try:
            p = self.compute()
        except PlanbookError as exc:
            self.result = None
            self.summary.value = M.problem(str(exc))
            return None
        t1 = time.perf_counter()
        self.result = p
        self.summary.value = M.summary(p)
        self.table_html.value = M.table(p)
        self.redraw(p)
        self.timings = {"compute_ms": (t1 - t0) * 1e3, "redraw_ms": (time.perf_counter() - t1) * 1e3}
        return p

    def redraw(self, p: S.Projection | None = None) -> bytes:
        """Draw ``p`` (default: the current result) into the chart image."""
        p = p or self.result
        if p is None:
            return b""
        data = self.figure.draw(p, f"{p.assumptions.region} {self.display_name()}".strip())
        self.image.value = data
        return data

    # ------------------------------------------------------------------ save and export
    def _say(self, text: str, error: bool = False) -> None:
        self.message.value = M.message(text, error)

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
        self.state.name = name
        names = self.state.scenario_names()
        self.set_options("scenario", names, name if name in names else CUSTOM)
        self._say(f"已保存情景“{html.escape(name)}”:{html.escape(str(path))}")
        self.update()   # the chart title shows the saved name
        return path

    def export_frame(self) -> pd.DataFrame:
        """The long table (scenarios.csv columns) of what the panel shows, with sources."""
        return self.state.export_frame(self.result or self.update())

    def export_table(self) -> pd.DataFrame:
        return self.export_frame()

    def export_meta(self) -> dict:
        return self.state.export_meta(self.result, self.region.value)

    def export(self, path=None):
        """导出Excel: the shown scenario through planbook.export.export_view (guarded)."""
        out = super().export(path)
        self._say(self.message.value, error=out is None)
        return out


def scenario_panel(region: str = "杭州市", scenario: str | None = "基准", **kw) -> ScenarioView:
    """Build the panel (the notebook calls this and displays ``.widget``)."""
    return ScenarioView(region=region, scenario=scenario, **kw)
