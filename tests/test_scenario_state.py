"""The scenario panel's state without widgets (planbook.scenario_view.state): the 自定义 rule,
the assumptions of plain input values, the one name in the export. Figures are invented."""
from __future__ import annotations

import pytest

from planbook.scenario_view.state import CUSTOM, ScenarioState, growth_up, is_echo


def _values(**over) -> dict:
    v = dict(region="杭州市", base_value=500.0, base_year=2020, target_value=700.0, target_year=2025,
             growth_mode="flat", growth=6.0, year_growth={}, deflator=0.0, population_base=50.0,
             population_mode="total", population_change=5.0, natural_rate=0.0, net_migration=0.0,
             fx=6.8, sigma=0.0, usd_threshold=20000.0)
    v.update(over)
    return v


def test_a_snapped_or_echoed_slider_value_is_no_move():
    assert is_echo(2.55, 2.6, 0.1)                 # the browser snapping σ to the slider's step
    assert is_echo(4.3, 4.3 + 1e-13, 0.1)          # float noise
    assert not is_echo(5.0, 5.1, 0.1)              # one step: a move
    assert not is_echo(2020, 2021, 1)              # years are ints: always a move
    assert growth_up(7.2944) == 7.30 and growth_up(99.0) == 15.0


def test_the_name_turns_custom_once_and_says_what_moved():
    st = ScenarioState()
    st.name = "甲情景"
    text = st.moved("实际增速(%)")
    assert "实际增速" in text and "(%)" not in text and "甲情景" in text and CUSTOM in text
    assert st.display_name() == CUSTOM
    assert st.moved("平减指数(%)") is None           # already 自定义: nothing more to say


def test_plain_values_make_the_assumptions_and_the_projection():
    st = ScenarioState()
    a = st.assumptions(_values())
    assert (a.base_value, a.target_value, a.growth_pct, a.population_base) == (500.0, 700.0, 6.0, 50.0)
    assert a.name == "" and "base_value" not in a.sources        # 500 is no default of 杭州市
    p = st.project(_values())
    assert p.required_growth_pct == pytest.approx(((700 / 500) ** (1 / 5) - 1) * 100)
    assert st.project(_values(growth_mode="by_year", year_growth={2021: 10.0})).growth_real[1] == 10.0
    with pytest.raises(Exception, match="目标年份"):
        st.project(_values(target_year=2019))


def test_the_export_carries_the_one_name():
    st = ScenarioState()
    p = st.project(_values())
    meta = st.export_meta(p, "杭州市")
    assert meta["name"] == "杭州市_自定义" and "(自定义)" in meta["title"] and meta["filters"]["实际增速"] == "6.00%"
    st.name = "乙情景"
    assert st.export_meta(p, "杭州市")["name"] == "杭州市_乙情景"
    rows = st.export_frame(p)
    assert set(rows["scenario"]) == {"乙情景"}
