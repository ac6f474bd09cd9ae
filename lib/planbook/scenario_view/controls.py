"""The scenario panel's controls: the assumption inputs declared as data (``InputSpec``) and built
into widgets, the per-year growth boxes, and the panel's layout (controls first, then the summary
and the chart, then the table and the sources). No logic: the view wires them to the state."""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as W

from planbook.scenario_view.state import GROWTH_RANGE, SIGMA_RANGE

WIDE = W.Layout(width="420px")
STYLE = {"description_width": "120px"}


@dataclass(frozen=True)
class InputSpec:
    """One assumption input: ``kind`` slider, float, int or toggle."""
    name: str
    label: str
    kind: str
    value: object
    lo: float = 0.0
    hi: float = 1e9
    step: float = 0.1
    fmt: str = ".2f"
    options: tuple = ()


INPUTS = [
    InputSpec("base_value", "基期值(亿元)", "float", 1.0),
    InputSpec("base_year", "基期年份", "int", 2025, 1949, 2100),
    InputSpec("target_value", "目标值(亿元)", "float", 1.0),
    InputSpec("target_year", "目标年份", "int", 2030, 1950, 2100),
    InputSpec("growth_mode", "增速设定", "toggle", "flat", options=(("统一增速", "flat"), ("逐年设定", "by_year"))),
    InputSpec("growth", "实际增速(%)", "slider", 5.0, *GROWTH_RANGE, 0.1),
    InputSpec("deflator", "平减指数(%)", "slider", 0.0, -3.0, 8.0, 0.1, ".1f"),
    InputSpec("population_mode", "人口设定", "toggle", "total",
              options=(("总增量", "total"), ("自然增长+迁入", "natural"))),
    InputSpec("population_base", "基期人口(万人)", "float", 0.0, 0.0, 1e6),
    InputSpec("population_change", "人口增量(万人)", "slider", 0.0, -100.0, 200.0, 1.0, ".0f"),
    InputSpec("natural_rate", "自然增长率(‰)", "slider", 0.0, -10.0, 15.0, 0.1, ".1f"),
    InputSpec("net_migration", "净迁入(万人)", "slider", 0.0, -100.0, 200.0, 1.0, ".0f"),
    InputSpec("fx", "汇率(元/美元)", "slider", 7.12, 5.0, 9.0, 0.01),
    InputSpec("sigma", "增速波动σ(百分点)", "slider", 1.0, *SIGMA_RANGE, 0.1, ".1f"),
    InputSpec("usd_threshold", "人均美元门槛", "float", 30000.0, 0.0, 1e7),
]


def make_input(spec: InputSpec):
    if spec.kind == "slider":
        return W.FloatSlider(value=spec.value, min=spec.lo, max=spec.hi, step=spec.step, description=spec.label,
                             readout_format=spec.fmt, continuous_update=True, layout=WIDE, style=STYLE)
    if spec.kind == "toggle":
        return W.ToggleButtons(options=list(spec.options), value=spec.value, description=spec.label, style=STYLE)
    kind = W.BoundedIntText if spec.kind == "int" else W.BoundedFloatText
    return kind(value=spec.value, min=spec.lo, max=spec.hi, description=spec.label, style=STYLE, layout=WIDE)


def build_inputs() -> dict:
    """The assumption inputs by name."""
    return {spec.name: make_input(spec) for spec in INPUTS}


def year_input(year: int, value: float):
    """One year's growth in the 逐年设定 mode."""
    return W.FloatText(value=value, description=f"{year}年", step=0.1, layout=W.Layout(width="150px"),
                       style={"description_width": "50px"})


def build_outputs(view) -> None:
    """The result widgets (summary, chart image, table, sources) and the save controls on ``view``."""
    view.summary = W.HTML()
    view.sources_html = W.HTML()
    view.table_html = W.HTML()
    view.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="1000px"))
    view.save_name = W.Text(value="", placeholder="情景名称,如 我的情景", description="情景名称",
                            style=STYLE, layout=WIDE)
    view.save_button = W.Button(description="保存情景", icon="save", button_style="primary")
    view.required_button = W.Button(description="设为达标所需增速", layout=W.Layout(width="180px"))
    view.year_box = W.HBox([], layout=W.Layout(flex_flow="row wrap", display="none"))
    view.pop_total_box = W.VBox([view.population_change])
    view.pop_natural_box = W.VBox([view.natural_rate, view.net_migration], layout=W.Layout(display="none"))


def layout(view):
    """Controls (two columns), then the key result (summary, chart), then the table and sources."""
    for dropdown in (view.region, view.scenario):
        dropdown.style.description_width = STYLE["description_width"]
    left = W.VBox([
        W.HTML("<b>地区与情景</b>"), view.region, view.scenario,
        W.HTML("<b>基期与目标</b>"), view.base_value, view.base_year, view.target_value, view.target_year,
        W.HTML("<b>增长</b>"), view.growth_mode, view.growth, view.required_button, view.year_box,
        view.deflator, view.sigma])
    right = W.VBox([
        W.HTML("<b>人口、汇率与人均</b>"), view.population_base, view.population_mode,
        view.pop_total_box, view.pop_natural_box, view.fx, view.usd_threshold,
        W.HTML("<b>保存与导出</b>"), view.save_name, W.HBox([view.save_button, view.export_button]),
        view.message])
    sources = W.Accordion(children=[view.sources_html], titles=("默认值来源",))
    sources.selected_index = None
    table = W.Accordion(children=[view.table_html], titles=("逐年数据表",))
    table.selected_index = 0
    return W.HBox([left, right]), [view.summary, view.image], [table, sources]
