"""Scenario projection: the plan reports' arithmetic reproduced with real figures, the engine's
identities, closed form against simulation, scenario files, the CLI and the notebook panel."""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planbook import scenario as S
from planbook.cli import main as cli_main
from planbook.fileio import PlanbookError
from planbook.paths import project_paths

ROOT = project_paths().root
HZ_BASE, HZ_TARGET = 23000.0, 30000.0      # 杭州 2025 GDP estimate (突破2.3万亿), 十五五末 3万亿元
XS_BASE, XS_TARGET = 1828.47, 2600.0        # 萧山 seed 004 表2


# ---------------------------------------------------------------- defaults from the data
def test_hangzhou_defaults_are_the_reported_figures_with_sources():
    d = S.region_defaults("杭州市")
    assert (d.base.value, d.base.year) == (HZ_BASE, 2025)
    assert d.base.estimate, "the 2025 GDP is an estimate and must be marked so"
    assert d.base.source                      # official_stats source (press report)
    assert (d.target.value, d.target.year) == (HZ_TARGET, 2030)
    assert "3万亿元" in d.target.source and d.target.doc_id == "001"
    # 2025 population = 2024's 1262.4万 + 8万 (report), marked as an estimate
    assert d.population.value == pytest.approx(1270.4)
    assert d.population.year == 2025 and d.population.estimate
    assert "1262.4" in d.population.source and "8万人" in d.population.source
    assert d.population_change.value == 40.0
    assert d.fx.value == 7.12
    assert d.natural_rate.value == 2.0 and d.net_migration.value == 27.0
    assert {k: s.value for k, s in d.growth.items()} == {"保守": 4.7, "基准": 5.0, "冲刺": 5.4}
    table = d.table()
    assert table["来源"].str.len().gt(0).all()


def test_xiaoshan_defaults_from_table_2():
    d = S.region_defaults("萧山区")
    assert (d.base.value, d.base.year) == (XS_BASE, 2020)
    assert (d.target.value, d.target.year) == (XS_TARGET, 2025)
    assert d.base.doc_id == "004" and "1828.47" in d.base.source
    # the report's per-capita figure (户籍口径 15.23万元) gives the population it used
    assert d.population.value == pytest.approx(XS_BASE / 15.23, abs=0.01)
    assert d.population.estimate and "户籍" in d.population.source


def test_document_quotes_are_in_the_raw_reports():
    if not project_paths().raw.exists():
        pytest.skip("data/raw is absent")
    missing = [(k, f["doc_id"], f["quote"]) for k, f in S.DOCUMENT_FACTS.items()
               if not S.quote_in_document(f["doc_id"], f["quote"])]
    assert not missing


def test_defaults_survive_a_missing_indicator_table(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", home / "data" / "reference")
    shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
    monkeypatch.setenv("PLANBOOK_HOME", str(home))
    S._raw_text.cache_clear()
    d = S.region_defaults("杭州市")
    assert d.base.value == HZ_BASE and "official_stats" in d.base.source
    assert any("indicators.csv" in n for n in d.notes)
    assert d.target.value == HZ_TARGET


def test_indicator_table_rows_win_when_later(tmp_path):
    ind = pd.DataFrame([
        dict(doc_id="009", region="杭州市", indicator="地区生产总值", indicator_code="gdp", year=2026,
             value=2.45, unit="万亿元", measure="level", status="actual", period="", quote="2026年GDP2.45万亿元"),
        dict(doc_id="009", region="杭州市", indicator="地区生产总值", indicator_code="gdp", year=2026,
             value=5.0, unit="%", measure="growth", status="actual", period="", quote="增长5%"),
        dict(doc_id="009", region="杭州市", indicator="地区生产总值", indicator_code="gdp", year=2027,
             value=26000, unit="亿元", measure="level", status="actual", period="H1", quote="上半年"),
    ])
    s = S.latest_level("杭州市", indicators=ind, official=S._safe_official())
    assert (s.value, s.year, s.doc_id) == (24500.0, 2026, "009")
    assert "2.45万亿元" in s.source and not s.estimate


def test_a_looser_lower_bound_does_not_replace_the_2025_estimate():
    # seed 001 says the economy "突破2万亿元" during the 14th plan; the extractor may date it 2025.
    # "突破2万亿" and official_stats' "突破2.3万亿" are both lower bounds: the tighter one is the base.
    ind = pd.DataFrame([dict(doc_id="001", region="杭州市", indicator="地区生产总值", indicator_code="gdp",
                             year=2025, value=2.0, unit="万亿元", measure="level", status="estimate",
                             qualifier="突破", period="", quote="经济总量突破2万亿元")])
    s = S.latest_level("杭州市", indicators=ind, official=S._safe_official())
    assert (s.value, s.year) == (HZ_BASE, 2025) and s.estimate


# ---------------------------------------------------------------- the 15th plan arithmetic
def test_fifteenth_plan_required_growth_is_the_reports_5_4():
    g = S.required_growth(HZ_BASE, HZ_TARGET, 2030 - 2025)
    assert g == pytest.approx(5.4578, abs=1e-4)
    assert math.floor(g * 10) / 10 == 5.4          # the report's "需5.4%以上"
    # a base a little above 2.3万亿 (突破) gives exactly 5.4%
    assert S.implied_base(HZ_TARGET, 5.4, 5) == pytest.approx(23063.1, abs=0.1)


def test_fifteenth_plan_per_capita_is_about_3_2_wan_usd():
    a = S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030,
                      population_base=1262.4 + 8, population_change=40, fx=7.12)
    p = S.project(a)
    assert p.at(2030, p.nominal) == pytest.approx(HZ_TARGET)
    assert p.at(2030, p.population) == pytest.approx(1310.4)
    assert p.at(2030, p.per_capita_cny) == pytest.approx(228937.7, abs=0.1)
    usd = p.at(2030, p.per_capita_usd)
    assert usd == pytest.approx(32154.2, abs=0.1)
    assert round(usd / 1e4, 1) == 3.2 and usd > 30000       # "人均GDP突破3万美元 ... 约为3.2万美元"
    assert p.usd_threshold_year is None                       # no threshold set


def test_population_natural_growth_plus_migration_matches_the_report():
    base = 1262.4 + 8
    natural = S.population_path(base, 5, natural_rate_permille=2.0, net_migration=0.0)
    assert natural[-1] - base == pytest.approx(12.75, abs=0.05)       # 报告: 约13万人
    both = S.population_path(base, 5, natural_rate_permille=2.0, net_migration=27.0)
    assert both[-1] - base == pytest.approx(40.0, abs=0.5)             # 13 + 27 ≈ 40万
    spread = S.population_path(base, 5, total_change=40.0)
    assert np.allclose(np.diff(spread), 8.0)


def test_xiaoshan_needs_about_7_3_percent():
    g = S.required_growth(XS_BASE, XS_TARGET, 5)
    assert g == pytest.approx(7.2944, abs=1e-4)
    assert round(g, 1) == 7.3
    checks = S.report_checks()
    row = checks[checks["地区"].eq("萧山区")].iloc[0]
    assert row["本工作簿"] == pytest.approx(7.29, abs=0.005)
    hz = checks[checks["地区"].eq("杭州市")]
    assert hz.iloc[0]["本工作簿"] == pytest.approx(5.46, abs=0.005) and hz.iloc[0]["报告数"] == 5.4


# ---------------------------------------------------------------- engine identities
def test_deflator_zero_equals_plain_compound():
    for g in (4.7, 5.0, 5.4):
        nominal, real = S.compound_path(HZ_BASE, [g] * 5, 0.0)
        plain = HZ_BASE * (1 + g / 100) ** np.arange(6)
        assert np.allclose(nominal, plain, rtol=1e-12) and np.allclose(real, plain, rtol=1e-12)
    assert S.required_growth(HZ_BASE, HZ_TARGET, 5, 0.0) == pytest.approx(((HZ_TARGET / HZ_BASE) ** 0.2 - 1) * 100)


def test_deflator_links_real_growth_and_current_price_targets():
    a = S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030,
                      deflator_pct=2.0)
    p = S.project(a)
    # real growth needed: nominal factor / price factor
    assert p.required_growth_pct == pytest.approx((1.054578 / 1.02 - 1) * 100, abs=1e-3)
    assert p.required_nominal_growth_pct == pytest.approx(5.4578, abs=1e-4)
    assert p.at(2030, p.nominal) == pytest.approx(HZ_TARGET)            # reaches the current-price target
    assert np.allclose(p.nominal, p.real * 1.02 ** np.arange(6))
    assert p.target_reached_year == 2030


def test_per_year_overrides_and_first_year_reaching():
    a = S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030,
                      growth_pct=5.0, growth_by_year={2026: 8.0, 2027: 3.0})
    p = S.project(a)
    assert list(p.growth_real[1:]) == [8.0, 3.0, 5.0, 5.0, 5.0]
    assert p.at(2027, p.nominal) == pytest.approx(HZ_BASE * 1.08 * 1.03)
    fast = S.project(S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET,
                                   target_year=2030, growth_pct=8.0))
    assert fast.target_reached_year == 2029                     # 23000*1.08^4 = 31291
    slow = S.project(S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET,
                                   target_year=2030, growth_pct=5.0))
    assert slow.target_reached_year is None
    assert slow.at(2030, slow.nominal) == pytest.approx(29354.5, abs=0.1)


def test_closed_form_probability_and_fan_agree_with_simulation():
    cases = [(5.0, 1.0), (5.4, 1.0), (6.0, 1.5), (5.46, 0.5), (7.0, 3.0)]
    for g, sigma in cases:
        growth = np.full(5, g)
        p_cf = S.probability_closed_form(HZ_BASE, HZ_TARGET, growth, 0.0, sigma)
        paths = S.simulate_paths(HZ_BASE, growth, 0.0, sigma, n_paths=200_000, seed=7)
        p_sim = float(np.mean(paths[:, -1] >= HZ_TARGET))
        se = math.sqrt(max(p_sim * (1 - p_sim), 1e-4) / 200_000)
        assert abs(p_cf - p_sim) < 4 * se + 0.002, (g, sigma, p_cf, p_sim)
        fan = S.fan_closed_form(HZ_BASE, growth, 0.0, sigma)
        sim = S.fan_simulated(paths)
        for q in (5, 50, 95):
            assert fan[q][-1] == pytest.approx(sim[q][-1], rel=2e-3), (g, sigma, q)
    # the probability follows the growth assumption: 5% -> about 15%, 6% -> about 89%
    assert S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, 5.0), 0, 1.0) == pytest.approx(0.151, abs=0.005)
    assert S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, 6.0), 0, 1.0) == pytest.approx(0.886, abs=0.005)
    # without volatility the outcome is certain
    assert S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, 5.5), 0, 0.0) == 1.0
    assert S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, 5.4), 0, 0.0) == 0.0


def test_project_reports_simulated_probability_next_to_closed_form():
    a = S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030,
                      growth_pct=5.4, sigma_pct=1.0)
    p = S.project(a, simulate=10_000, seed=0)
    assert p.probability == pytest.approx(0.444, abs=0.005)
    assert abs(p.probability - p.probability_sim) < 0.02
    assert p.fan[5][-1] < p.fan[50][-1] < p.fan[95][-1]


@pytest.mark.parametrize("kw, msg", [
    (dict(base_value=-1.0), "base value"),
    (dict(target_year=2020), "after the base year"),
    (dict(sigma_pct=-1.0), "sigma"),
    (dict(fx=0.0), "exchange rate"),
    (dict(growth_pct=-120.0), "above -100%"),
])
def test_bad_assumptions_raise_one_line_errors(kw, msg):
    base = dict(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030)
    with pytest.raises(PlanbookError, match=msg) as exc:
        S.Assumptions(**{**base, **kw}).validate()
    assert "\n" not in str(exc.value)


# ---------------------------------------------------------------- scenario files
def test_shipped_named_scenarios_load_with_sources():
    names = [s["name"] for s in S.list_scenarios()]
    assert names[:3] == ["保守", "基准", "冲刺"]
    growth = {}
    for name in ("保守", "基准", "冲刺"):
        a = S.load_scenario(name)
        growth[name] = a.growth_pct
        assert a.base_value == HZ_BASE and a.target_value == HZ_TARGET   # filled from the region defaults
        assert a.sources["growth_pct"] and a.sources["base_value"]
    assert growth == {"保守": 4.7, "基准": 5.0, "冲刺": 5.4}
    # the quoted sources of the shipped growth assumptions are in the report
    stretch = S.load_scenario("冲刺").sources["growth_pct"]
    assert "5.4%作为年度工作中的“跳一跳”冲刺目标" in stretch


def test_save_and_load_round_trip(tmp_path):
    a = S.Assumptions(base_value=XS_BASE, base_year=2020, target_value=XS_TARGET, target_year=2025,
                      region="萧山区", growth_pct=6.5, growth_by_year={2021: 9.0}, deflator_pct=1.5,
                      population_base=120.06, population_mode="natural", natural_rate_permille=3.0,
                      net_migration=10.0, fx=6.9, sigma_pct=1.2, usd_threshold=25000,
                      sources={"base_value": "文档004"})
    path = S.save_scenario(a, "我的 情景/一", directory=tmp_path)
    assert path.parent == tmp_path and path.suffix == ".json" and "/" not in path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "我的 情景/一" and data["growth_by_year"] == {"2021": 9.0}
    back = S.load_scenario("我的 情景/一", directory=tmp_path)
    assert back == S.Assumptions(**{**a.__dict__, "name": "我的 情景/一"})
    assert S.project(back).nominal[-1] == pytest.approx(S.project(a).nominal[-1])
    assert [s["name"] for s in S.list_scenarios(tmp_path)] == ["我的 情景/一"]


def test_save_and_load_through_planbook_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "data" / "scenarios").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", home / "data" / "reference")
    monkeypatch.setenv("PLANBOOK_HOME", str(home))
    a = S.Assumptions(base_value=HZ_BASE, base_year=2025, target_value=HZ_TARGET, target_year=2030, growth_pct=5.2)
    path = S.save_scenario(a, "测试")
    assert path == home / "data" / "scenarios" / "测试.json"
    assert S.load_scenario("测试").growth_pct == 5.2


def test_bad_scenario_files(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PlanbookError, match="not valid JSON"):
        S.load_scenario(tmp_path / "broken.json")
    (tmp_path / "odd.json").write_text(json.dumps({"name": "x", "base_value": 1, "base_year": 2020,
                                                   "target_year": 2025, "growth_pct": 5, "colour": 1}))
    with pytest.raises(PlanbookError, match="unknown field"):
        S.load_scenario(tmp_path / "odd.json")
    with pytest.raises(PlanbookError, match="no scenario named"):
        S.load_scenario("不存在", directory=tmp_path)


def test_run_default_scenarios_writes_the_long_table(tmp_path):
    out = S.run_default_scenarios(out=tmp_path / "scenarios.csv")
    df = pd.read_csv(out)
    assert list(df.columns[:7]) == ["scenario", "region", "year", "variable", "value", "unit", "source"]
    assert df["source"].fillna("").str.len().gt(0).all()
    assert {"保守", "基准", "冲刺", "达标所需"} <= set(df["scenario"])
    assert {"杭州市", "萧山区"} <= set(df["region"])

    def val(scn, region, year, code):
        row = df[(df.scenario == scn) & (df.region == region) & (df.year == year) & (df.variable_code == code)]
        assert len(row) == 1, (scn, region, year, code)
        return float(row["value"].iloc[0])

    assert val("达标所需", "杭州市", 2030, "required_growth") == pytest.approx(5.4578, abs=1e-4)
    assert val("达标所需", "杭州市", 2030, "per_capita_usd") == pytest.approx(32154.2, abs=0.1)
    assert val("达标所需", "萧山区", 2025, "required_growth") == pytest.approx(7.2944, abs=1e-4)
    assert val("基准", "杭州市", 2030, "gdp_nominal") == pytest.approx(29354.5, abs=0.1)
    assert val("冲刺", "杭州市", 2030, "gdp_nominal") == pytest.approx(29917.9, abs=0.1)
    assert val("保守", "杭州市", 2025, "gdp_nominal") == HZ_BASE
    assert 0 < val("基准", "杭州市", 2030, "probability") < 50


# ---------------------------------------------------------------- command line
REPORT_ARGS = ["project", "--base", "23000", "--base-year", "2025", "--target", "30000", "--target-year", "2030",
               "--population", "1270.4", "--population-change", "40", "--fx", "7.12"]


def test_cli_json_reproduces_the_report(capsys):
    assert cli_main(REPORT_ARGS + ["--sigma", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["required_growth_pct"] == pytest.approx(5.457794, abs=1e-6)
    assert [p["year"] for p in out["path"]] == list(range(2025, 2031))
    assert out["path"][-1]["value"] == pytest.approx(30000)
    assert out["target_reached_year"] == 2030
    assert out["per_capita_usd"] == pytest.approx(32154.18, abs=0.01)
    assert out["per_capita_cny"] == pytest.approx(228937.73, abs=0.01)
    assert 0.45 < out["probability"] < 0.52


def test_cli_xiaoshan_and_growth_option(capsys):
    assert cli_main(["project", "--base", "1828.47", "--base-year", "2020", "--target", "2600",
                     "--target-year", "2025", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["required_growth_pct"] == pytest.approx(7.294411, abs=1e-6)
    assert "probability" not in out and out["per_capita_usd"] is None
    assert cli_main(["project", "--base", "23000", "--base-year", "2025", "--target", "30000",
                     "--target-year", "2030", "--growth", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target_reached_year"] is None and out["path"][-1]["value"] == pytest.approx(29354.48, abs=0.01)


def test_cli_text_summary_is_chinese(capsys):
    assert cli_main(REPORT_ARGS) == 0
    text = capsys.readouterr().out
    assert "达标所需年均实际增速:5.4578%" in text and "32,154美元" in text


@pytest.mark.parametrize("extra, msg", [
    (["--base", "abc"], "--base must be a number"),
    (["--target-year", "2024"], "must be after the base year"),
    (["--fx", "-1"], "exchange rate must be positive"),
    (["--sigma", "-2"], "sigma"),
])
def test_cli_bad_arguments_are_one_line(capsys, extra, msg):
    args = list(REPORT_ARGS)
    for i in range(0, len(extra), 2):
        if extra[i] in args:
            args[args.index(extra[i]) + 1] = extra[i + 1]
        else:
            args += extra[i:i + 2]
    assert cli_main(args) == 2
    err = capsys.readouterr().err.strip()
    assert msg in err and "\n" not in err and "Traceback" not in err


def test_cli_missing_argument_is_one_line(capsys):
    assert cli_main(["project", "--base", "23000"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "planbook: project: --base-year is required"


def test_cli_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "planbook", *REPORT_ARGS, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["per_capita_usd"] == pytest.approx(32154.18, abs=0.01)


# ---------------------------------------------------------------- the notebook panel
@pytest.fixture
def view(tmp_path):
    from planbook.scenario_view import ScenarioView

    for f in (ROOT / "data" / "scenarios").glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    return ScenarioView(directory=tmp_path)


def test_panel_shows_the_report_arithmetic_and_reacts_to_sliders(view):
    assert view.scenario_name == "基准"
    p = view.result
    assert p.required_growth_pct == pytest.approx(5.4578, abs=1e-4)
    # σ from 杭州's own 2020–2024 growth (3.9, 8.5, 1.5, 5.6, 4.7: 2.55 points), not 1 point (issue 15)
    assert view.result.assumptions.sigma_pct == pytest.approx(2.55)
    assert "5.46%" in view.summary.value and "33.5%" in view.summary.value
    before_img, before_summary, before_table = view.image.value, view.summary.value, view.table_html.value
    assert before_img[:4] == b"\x89PNG"
    view.growth.value = 6.0
    assert view.result.assumptions.growth_pct == 6.0
    assert view.result.target_reached_year == 2030
    assert "67.3%" in view.summary.value
    assert view.summary.value != before_summary and view.table_html.value != before_table
    assert view.image.value != before_img
    # per-capita against an analyst-set threshold
    view.usd_threshold.value = 35000
    assert "未超过35,000美元" in view.summary.value
    view.fx.value = 6.5
    assert view.result.at(2030, view.result.per_capita_usd) == pytest.approx(
        view.result.at(2030, view.result.per_capita_cny) / 6.5)
    # deflator: the required real growth falls, the nominal stays
    view.deflator.value = 2.0
    assert view.result.required_growth_pct == pytest.approx((1.054578 / 1.02 - 1) * 100, abs=1e-3)
    # per-year growth
    view.growth_mode.value = "by_year"
    # 逐年设定 starts every year from the slider's value (6.0), not from the required growth
    assert [w.value for w in view.year_growth.values()] == [6.0] * 5
    view.year_growth[2026].value = 10.0
    assert view.result.growth_real[1] == 10.0


def test_panel_region_switch_and_required_button(view):
    view.region.value = "萧山区"
    assert view.result.assumptions.base_value == XS_BASE
    assert "7.29%" in view.summary.value
    view.growth.value = 5.0
    assert view.result.target_reached_year is None
    view._on_required()
    assert view.growth.value == pytest.approx(7.30)
    assert view.result.target_reached_year == 2025


def test_panel_bad_input_is_shown_not_raised(view):
    view.target_year.value = 2024
    assert view.result is None and "输入有误" in view.summary.value


def test_panel_save_and_load(view, tmp_path):
    view.growth.value = 5.2
    view.sigma.value = 2.0
    view.save_name.value = "分析员情景"
    path = view.save()
    assert path == tmp_path / "分析员情景.json"
    assert "已保存" in view.message.value
    again = S.load_scenario("分析员情景", directory=tmp_path)
    assert (again.growth_pct, again.sigma_pct) == (5.2, 2.0)
    view.scenario.value = "冲刺"
    assert view.result.assumptions.growth_pct == 5.4
    view.scenario.value = "分析员情景"
    assert view.growth.value == 5.2 and view.sigma.value == 2.0
    view.save_name.value = "基准"
    assert view.save() is None and "内置情景" in view.message.value


def test_panel_export_calls_export_view(view, monkeypatch, tmp_path):
    import planbook.export as E

    calls = {}

    def fake(df, kind, path=None, **meta):
        calls.update(df=df, kind=kind, meta=meta)
        return tmp_path / "x.xlsx"

    monkeypatch.setattr(E, "export_view", fake)
    assert view.export() == tmp_path / "x.xlsx"
    assert calls["kind"] == "scenario"
    df = calls["df"]
    assert list(df.columns[:7]) == ["scenario", "region", "year", "variable", "value", "unit", "source"]
    row = df[(df.variable_code == "required_growth")]
    assert float(row["value"].iloc[0]) == pytest.approx(5.4578, abs=1e-4)
    assert "已导出" in view.message.value


def test_panel_export_guarded_when_exporter_missing(view, monkeypatch):
    monkeypatch.setitem(sys.modules, "planbook.export", None)
    assert view.export() is None
    assert "导出功能尚未就绪" in view.message.value


def test_cli_natural_growth_plus_migration(capsys):
    args = REPORT_ARGS[:REPORT_ARGS.index("--population-change")] + [
        "--natural-rate", "2", "--net-migration", "27", "--fx", "7.12", "--json"]
    assert cli_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["population"] == pytest.approx(1310.2, abs=0.2)            # 1270.4 + 约13 + 27
    assert round(out["per_capita_usd"] / 1e4, 1) == 3.2
    assert cli_main(REPORT_ARGS + ["--natural-rate", "2"]) == 2
    assert "not both" in capsys.readouterr().err


def test_panel_charts_have_no_missing_glyphs(tmp_path):
    import warnings

    from planbook.scenario_view import ScenarioView

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = ScenarioView(directory=tmp_path)
        v.deflator.value = 1.5
        v.region.value = "萧山区"
        v.population_base.value = 0.0        # the "no population" text
        v.sigma.value = 0.0                  # the "no volatility" text
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not glyphs
    assert v.full_redraws >= 1 and v.image.value[:4] == b"\x89PNG"


@pytest.mark.slow
def test_notebook_04_executes_without_problems(tmp_path):
    from planbook.notebook_exec import execute_notebook

    src = ROOT / "notebooks" / "04_scenario_projection.ipynb"
    run = execute_notebook(src, tmp_path / src.name, cwd=src.parent, timeout=600, exercise_widgets=True)
    assert run.ok, "\n".join(map(str, run.problems))
    assert run.widgets_moved > 5
    texts = "\n".join(o.get("text", "") for c in run.executed.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert "达标所需年均实际增速:7.2944%" in texts
    html = "\n".join(str(o.get("data", {}).get("text/html", "")) for c in run.executed.cells
                     if c.cell_type == "code" for o in c.get("outputs", []))
    assert "5.46" in html and "32154" in html


def test_a_broken_saved_scenario_does_not_stop_the_default_run(tmp_path):
    for f in (ROOT / "data" / "scenarios").glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "bad.json").write_text(json.dumps({"name": "坏情景", "region": "杭州市", "growth_pct": "快"}),
                                       encoding="utf-8")
    with pytest.warns(UserWarning, match="坏情景|bad.json"):
        names = [n for n, _ in S.default_scenarios(tmp_path)]
    assert names[:3] == ["保守", "基准", "冲刺"] and "坏情景" not in names


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=60, deadline=None)
@given(base=st.floats(10, 1e5), ratio=st.floats(1.001, 3.0), years=st.integers(1, 15),
       deflator=st.floats(-2, 6))
def test_required_growth_reaches_the_target_exactly(base, ratio, years, deflator):
    target = base * ratio
    g = S.required_growth(base, target, years, deflator)
    a = S.Assumptions(base_value=base, base_year=2025, target_value=target, target_year=2025 + years,
                      growth_pct=g, deflator_pct=deflator)
    p = S.project(a)
    assert p.nominal[-1] == pytest.approx(target, rel=1e-9)
    assert p.target_reached_year == 2025 + years
    assert S.required_growth(base, target, years, deflator) == pytest.approx(p.required_growth_pct)


@settings(max_examples=40, deadline=None)
@given(g=st.floats(0, 10), sigma=st.floats(0.1, 4), step=st.floats(0.05, 2))
def test_probability_rises_with_growth_and_fan_is_ordered(g, sigma, step):
    lo = S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, g), 0.0, sigma)
    hi = S.probability_closed_form(HZ_BASE, HZ_TARGET, np.full(5, g + step), 0.0, sigma)
    assert 0.0 <= lo <= hi <= 1.0
    fan = S.fan_closed_form(HZ_BASE, np.full(5, g), 0.0, sigma)
    assert np.all(fan[5] <= fan[25]) and np.all(fan[25] <= fan[50]) and np.all(fan[75] <= fan[95])
    assert fan[5][0] == fan[95][0] == HZ_BASE


def test_panel_region_without_gdp_level_asks_for_a_base(view):
    labels = dict((value, label) for label, value in view.region.options)
    assert "余杭区" in labels and "无总量数据" in labels["余杭区"]    # 余杭 reports give growth only
    view.region.value = "余杭区"
    assert view.result is None and "请输入基期值" in view.summary.value
    view.base_value.value = 2500.0
    view.base_year.value = 2019
    view.target_year.value = 2025
    view.target_value.value = 4000.0
    assert view.result.required_growth_pct == pytest.approx(((4000 / 2500) ** (1 / 6) - 1) * 100)


# ---------------------------------------------------------------- issue 15: scenarios that mean what they say
def test_xiaoshan_per_capita_uses_and_names_the_registered_population():
    d = S.region_defaults("萧山区")
    assert d.population_basis == "registered"
    assert d.population.value == pytest.approx(XS_BASE * 1e4 / 152300.0, abs=0.01)   # 120.06万 户籍
    assert "基期户籍人口" in set(d.table()["项目"])
    a = S.assumptions_from_defaults(d, None)
    rows = pd.DataFrame(S.projection_rows(S.project(a), "达标所需"))
    pop = rows[rows["variable_code"] == "population"]
    assert (pop["variable"] == "户籍人口").all()
    assert rows[rows["variable_code"] == "per_capita_cny"]["variable"].str.contains("户籍人口").all()
    # 杭州 counts residents
    assert S.region_defaults("杭州市").population_basis == "resident"


def test_default_volatility_is_the_regions_own_history():
    d = S.region_defaults("杭州市")
    growth = [3.9, 8.5, 1.5, 5.6, 4.7]        # 2020–2024 actual growth (report 000 and official_stats)
    assert d.sigma.value == pytest.approx(float(np.std(growth, ddof=1)), abs=0.01)
    assert "2020–2024" in d.sigma.source
    required = [a for name, a in S.default_scenarios() if name == "达标所需" and a.region == "杭州市"][0]
    assert required.sigma_pct == pytest.approx(2.55, abs=0.01)
    baseline = [a for name, a in S.default_scenarios() if name == "基准"][0]
    p = S.project(baseline)
    assert p.probability == pytest.approx(0.335, abs=0.005)       # not 15% with σ = 1


def test_growth_by_year_path_reaches_the_target_it_promises():
    # invented path: 100 -> 150 in five years, two years set low; the rest make up the gap exactly
    a = S.Assumptions(base_value=100.0, base_year=2020, target_value=150.0, target_year=2025,
                      growth_by_year={2021: 3.0, 2022: 3.0})
    p = S.project(a)
    assert p.nominal[-1] == pytest.approx(150.0)
    rest = ((150 / 100 / 1.03 ** 2) ** (1 / 3) - 1) * 100
    assert p.growth_real[3:] == pytest.approx([rest] * 3)
    assert f"其余年份{rest:.2f}%" in S.format_summary(p)


def test_summary_says_which_figures_are_real_and_which_nominal():
    a = S.Assumptions(base_value=100.0, base_year=2020, target_value=150.0, target_year=2025, deflator_pct=2.0)
    text = S.format_summary(S.project(a))
    assert "名义(现价)" in text and "实际(可比价)" in text and "平减指数2%" in text


def test_panel_name_turns_custom_after_a_slider_move_and_the_export_says_so(view, monkeypatch, tmp_path):
    import planbook.export as E
    from planbook.scenario_view import CUSTOM

    assert view.scenario.value == "基准" and view.growth.step == 0.1
    view.growth.value = 7.0
    assert view.scenario_name == CUSTOM == "自定义" and view.scenario.value == "自定义"
    assert "自定义" in view.message.value
    assert view.title_text.get_text() == "杭州市 自定义"
    calls = {}
    monkeypatch.setattr(E, "export_view", lambda df, kind, path=None, **meta: calls.update(meta) or tmp_path / "x.xlsx")
    view.export()
    assert "自定义" in calls["title"] and calls["name"] == "杭州市_自定义" and calls["filters"]["情景"] == "自定义"
    assert "7.00%" in calls["filters"]["实际增速"]
    # saving gives the scenario one name in the dropdown, the chart title and the file
    view.save_name.value = "七个点"
    view.save()
    assert view.scenario.value == "七个点" and view.title_text.get_text() == "杭州市 七个点"


def test_panel_region_switch_resets_deflator_and_sigma_and_says_so(view):
    view.deflator.value = 2.5
    view.sigma.value = 3.0
    view.region.value = "萧山区"
    assert view.deflator.value == 0.0 and view.sigma.value == 1.0
    assert "平减指数重置为0%" in view.message.value and "σ重置为1" in view.message.value
