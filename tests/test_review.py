"""Five-year reviews (issue 3): the engine's arithmetic on real figures from the reports, and the
classification of the real documents' targets as a careful analyst reads them.

Figures below are quoted from data/raw:
- 004 萧山 表1 “十三五”规划主要指标完成情况 (2015 | 规划目标 2020, 年均增长 | 完成情况 2020, 年均增长 | 属性)
- 001 杭州 十五五纲要编制情况报告 (十四五 lagging indicators; annex 1 十五五 indicator table)
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planbook import review as R

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# pure helpers on real numbers


def test_cagr_xiaoshan_gdp_levels_imply_2_9_pct():
    # 萧山 表1: 地区生产总值 1587.8 (2015) -> 1828.47 (2020, 不含大江东)
    assert R.cagr(1587.8, 1828.47, 5) == pytest.approx(2.86, abs=0.01)


def test_required_growth_ai_revenue_2024_to_2030():
    # 001 附件1: 规模以上人工智能核心产业营业收入 3553亿元(2024年) -> 6000亿元 (2030)
    g = R.required_growth(3553, 6000, 2030 - 2024)
    assert g == pytest.approx(9.13, abs=0.01)
    assert round(g, 1) == 9.1


def test_required_growth_xiaoshan_gdp_2600_by_2025():
    # 004 表2: 地区生产总值 1828.47 (2020) -> 2600 (2025) needs 7.3% a year
    assert R.required_growth(1828.47, 2600, 5) == pytest.approx(7.29, abs=0.01)


def test_required_growth_hangzhou_three_trillion():
    # 001: “从迈上总量3万亿元新台阶测算,“十五五”年均增长需5.4%以上” from 2.3万亿 (2025)
    assert R.required_growth(23000, 30000, 5) == pytest.approx(5.46, abs=0.01)


def test_required_growth_undefined_cases():
    assert R.required_growth(None, 6000, 6) is None
    assert R.required_growth(3553, 6000, 0) is None
    assert R.required_growth(-1, 6000, 6) is None


def test_completion_and_elapsed():
    # 萧山 户籍人均生产总值 14.3 -> 15.23, target 20: 16% done at plan end
    c = R.completion(14.3, 15.23, 20)
    assert c == pytest.approx(0.163, abs=0.001)
    # 城镇化率 71.1 -> 74.6 (2019) toward 78: 51% done with 80% of the time elapsed
    assert R.completion(71.1, 74.6, 78) == pytest.approx(0.507, abs=0.001)
    assert R.elapsed(2015, 2019, 2020) == pytest.approx(0.8)
    assert R.completion(73.01, 73.01, 73.01) is None  # a "maintain" target has no completion
    assert R.elapsed(2025, 2025, 2025) is None


def test_tolerance_about_is_half_of_last_place():
    assert R.tolerance_for("78 左右", "左右")[0] == pytest.approx(0.5)
    assert R.tolerance_for("3.6", "左右")[0] == pytest.approx(0.05)
    assert R.tolerance_for("1.58左右", "左右")[0] == pytest.approx(0.005)
    tol, text = R.tolerance_for("78 左右", "左右")
    assert "±0.5" in text  # the tolerance is stated
    # binding targets get no tolerance; plain targets are exact thresholds
    assert R.tolerance_for("78左右", "左右", "约束性")[0] == 0.0
    assert R.tolerance_for("58", "")[0] == 0.0


def test_meets_target_qualifiers_and_direction():
    # 城镇化率 78左右 vs 74.6: outside ±0.5 -> not met; 77.6 would be met
    assert R.meets_target(74.6, 78, "左右", "higher", 0.5) is False
    assert R.meets_target(77.6, 78, "左右", "higher", 0.5) is True
    # 以上 ≥ ; 以内 ≤ ; 突破 strictly >
    assert R.meets_target(6.0, 6, "以上") is True
    assert R.meets_target(5.2, 6, "以上") is False
    assert R.meets_target(3.5, 3.5, "以内", "lower") is True
    assert R.meets_target(3.6, 3.5, "以内", "lower") is False
    assert R.meets_target(2600, 2600, "突破") is False
    # lower is better (城乡收入倍差 1.58左右): 1.584 is within tolerance, 1.6 is not
    assert R.meets_target(1.584, 1.58, "左右", "lower", 0.005) is True
    assert R.meets_target(1.60, 1.58, "左右", "lower", 0.005) is False
    # a plain target for a lower-is-better indicator is a ceiling
    assert R.meets_target(8.5, 8.8, "", "lower") is True
    # range target 96-97 (萧山 平安指数): inside or above is met
    assert R.meets_target(96.5, None, "", "higher", target_range=(96, 97)) is True
    assert R.meets_target(95.0, None, "", "higher", target_range=(96, 97)) is False
    assert R.meets_target(None, 5) is None


def test_parse_range_not_negative():
    assert R.parse_range("96-97") == (96.0, 97.0)
    assert R.parse_range("5%—5.5%") == (5.0, 5.5)
    assert R.parse_range("-4.8") is None


def test_pace_bands():
    assert R.pace_band(1.0) == "on_pace"
    assert R.pace_band(0.95) == "on_pace"
    assert R.pace_band(0.8) == "acceleration_needed"
    assert R.pace_band(0.3) == "limited_progress"
    assert R.pace_band(0.0) == "limited_progress"
    assert R.pace_band(-0.2) == "moving_away"
    assert R.pace_band(None) == ""
    # 杭州 十四五 GDP: 5.2% a year against 6% needed -> R = 0.87, acceleration needed
    assert R.pace_band(5.2 / 6) == "acceleration_needed"


def test_projected_value():
    # levels compound: 100 -> 121 in two years reaches 133.1 one year later
    assert R.projected_value(100, 121, 2020, 2022, 2023) == pytest.approx(133.1)
    # shares move linearly: 28.8% (2024) after 24.8% (2020): +1/yr -> 29.8% in 2025
    assert R.projected_value(24.8, 28.8, 2020, 2024, 2025, compound=False) == pytest.approx(29.8)
    assert R.projected_value(1, 2, 2020, 2020, 2025) is None


def test_growth_consistency_xiaoshan_gdp_flagged():
    # the table says 5.6% a year; its own levels give 2.9%
    c = R.growth_consistency(1587.8, 2015, 1828.47, 2020, 5.6)
    assert c["consistent"] is False
    assert c["implied_pct"] == pytest.approx(2.86, abs=0.01)
    assert c["diff_pp"] == pytest.approx(2.74, abs=0.01)


def test_growth_consistency_reproduced_rows_pass():
    # 一般公共预算收入 140.5 -> 300.03 at 16.4%; 城镇居民收入 5.15 -> 7.31 at 7.3%; 自营出口 81 -> 87.99 at 1.7%
    assert R.growth_consistency(140.5, 2015, 300.03, 2020, 16.4)["consistent"]
    assert R.growth_consistency(5.15, 2015, 7.31, 2020, 7.3)["consistent"]
    assert R.growth_consistency(81, 2015, 87.99, 2020, 1.7)["consistent"]
    # 户籍人均生产总值 14.3 -> 15.23 is 1.3% a year, not the 3.8% reported
    assert not R.growth_consistency(14.3, 2015, 15.23, 2020, 3.8)["consistent"]
    assert R.growth_consistency(None, 2015, 15.23, 2020, 3.8) is None


# ---------------------------------------------------------------------------------------------
# the engine on rows of 004 表1 entered as the fact-table contract describes them
# (independent of the extractor, so an extraction change cannot hide an engine bug)

_NOTE_T1 = ("注:1.“十三五”完成情况均不含大江东数据;高新技术产业增加值和新增城镇就业人数为新口径数据。"
            "2.“十三五”规划中地区生产总值绝对值目标为含大江东数据,未细化2020年不含大江东数据的绝对值目标;"
            "2020年地区生产总值完成值为不含大江东数据,增速按可比价格计算。4.带*为2019年度数据。")


def _t1_rows():
    rows = []

    def add(ind, code, unit, year, value, measure, status, base_year=None, qualifier="", value_text="",
            attribute="预期性", label=""):
        rows.append(dict(doc_id="004", region="萧山区", indicator=ind, indicator_code=code, indicator_raw=label or ind,
                         category="", year=year, value=value, unit=unit, measure=measure, status=status,
                         qualifier=qualifier, period="", plan="十三五", base_year=base_year, attribute=attribute,
                         value_text=value_text or ("" if value is None else str(value)), source_kind="table",
                         table_id="1", row_label=label or ind, note=_NOTE_T1, quote=f"{label or ind} | ...",
                         char_start=0, char_end=0))

    g = "地区生产总值"
    add(g, "gdp", "亿元", 2015, 1587.8, "level", "actual")
    add(g, "gdp", "%", 2020, 7.5, "avg_growth", "target", 2015)
    add(g, "gdp", "亿元", 2020, 1828.47, "level", "actual")
    add(g, "gdp", "%", 2020, 5.6, "avg_growth", "actual", 2015)
    p = "人均地区生产总值"
    add(p, "gdp_pc", "万元", 2015, 14.3, "level", "actual")
    add(p, "gdp_pc", "万元", 2020, 20, "level", "target")
    add(p, "gdp_pc", "%", 2020, 7, "avg_growth", "target", 2015)
    add(p, "gdp_pc", "万元", 2020, 15.23, "level", "actual")
    add(p, "gdp_pc", "%", 2020, 3.8, "avg_growth", "actual", 2015)
    s = "服务业增加值占GDP比重"
    add(s, "services_share", "%", 2015, 42.5, "level", "actual")
    add(s, "services_share", "%", 2020, 58, "level", "target")
    add(s, "services_share", "%", 2020, 58.9, "level", "actual")
    add(s, "services_share", "个百分点", 2020, 16.4, "pp_change", "actual", 2015, value_text="[16.4]")
    r = "研究与试验发展经费支出占GDP比重"
    add(r, "rd_share", "%", 2015, 1.86, "level", "actual")
    add(r, "rd_share", "%", 2020, 2.5, "level", "target")
    add(r, "rd_share", "%", 2019, 2.95, "level", "actual", value_text="2.95∗")
    u = "常住人口城镇化率"
    add(u, "urban_rate", "%", 2015, 71.1, "level", "actual")
    add(u, "urban_rate", "%", 2020, 78, "level", "target", qualifier="左右", value_text="78 左右")
    add(u, "urban_rate", "%", 2019, 74.6, "level", "actual", value_text="74.6∗")
    f = "实际利用外资"
    add(f, "fdi", "亿美元", 2020, 43, "cumulative", "target", 2015, value_text="〔43〕")
    add(f, "fdi", "亿美元", 2020, 48, "cumulative", "actual", 2015, value_text="〔48〕")
    e = "劳动年龄人口平均受教育年限"
    add(e, "edu_years", "年", 2015, 14, "level", "actual")
    add(e, "edu_years", "年", 2020, 14.5, "level", "target")
    a = "空气质量优良天数比率"
    add(a, "air_good", "%", 2020, None, "level", "target", value_text="上级下达指标", attribute="约束性")
    add(a, "air_good", "%", 2020, 89.5, "level", "actual", attribute="约束性")
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def t1_reviews():
    cat = R.load_catalog(ROOT / "data" / "catalog" / "indicators.csv")
    return R.build_reviews(_t1_rows(), cat)


def _one(df, indicator, measure=None, region=None, plan=None):
    sel = df[df["indicator"] == indicator]
    if measure:
        sel = sel[sel["measure"] == measure]
    if region:
        sel = sel[sel["region"] == region]
    if plan:
        sel = sel[sel["plan"] == plan]
    assert len(sel) == 1, f"{indicator}/{measure}: {len(sel)} rows\n{sel[['region','plan','measure','target_value']]}"
    return sel.iloc[0]


def test_engine_t1_statuses(t1_reviews):
    df = t1_reviews
    assert _one(df, "地区生产总值", "avg_growth")["status"] == "not_achieved"           # 5.6% < 7.5%
    assert _one(df, "人均地区生产总值", "level")["status"] == "not_achieved"             # 15.23 < 20
    assert _one(df, "人均地区生产总值", "avg_growth")["status"] == "not_achieved"        # 3.8% < 7%
    assert _one(df, "服务业增加值占GDP比重", "level")["status"] == "achieved"            # 58.9 ≥ 58
    rd = _one(df, "研究与试验发展经费支出占GDP比重", "level")
    assert rd["status"] == "achieved" and rd["latest_year"] == 2019                     # 2.95∗ is 2019 data
    assert "2019" in rd["check"]
    ur = _one(df, "常住人口城镇化率", "level")
    assert ur["status"] == "not_achieved" and "±0.5" in ur["tolerance"]                 # 74.6 < 78-0.5
    assert _one(df, "实际利用外资", "cumulative")["status"] == "achieved"                # 〔48〕 ≥ 〔43〕
    edu = _one(df, "劳动年龄人口平均受教育年限", "level")
    assert edu["status"] == "cannot_assess" and pd.isna(edu["latest_value"])            # 完成情况 "--"
    air = _one(df, "空气质量优良天数比率", "level")
    assert air["status"] == "cannot_assess" and "上级下达指标" in air["status_reason"]


def test_engine_t1_gdp_inconsistency_with_note(t1_reviews):
    gdp = _one(t1_reviews, "地区生产总值", "avg_growth")
    assert gdp["actual_growth_pct"] == pytest.approx(5.6)
    assert gdp["implied_growth_pct"] == pytest.approx(2.86, abs=0.01)
    assert "2.9%" in gdp["check"] and "5.6%" in gdp["check"]
    assert "不含大江东" in gdp["check"] and "可比价格" in gdp["check"]
    assert "[004]" in gdp["sources"]


# ---------------------------------------------------------------------------------------------
# the notebook view: widget update called directly, summary text, charts


def test_browser_update_filters_and_renders(t1_reviews):
    pytest.importorskip("ipywidgets")
    from planbook import review_view as rv

    b = rv.ReviewBrowser(t1_reviews)
    shown = b.update()
    assert len(shown) == len(t1_reviews)
    b.status.value = "未完成"          # the observer calls update(); call it again directly too
    shown = b.update()
    assert set(shown["status"]) == {"not_achieved"}
    assert "地区生产总值" in set(shown["indicator"]) and "常住人口城镇化率" in set(shown["indicator"])
    assert b.last_figure is not None and b.last_figure.axes
    b.status.value = rv.ALL
    b.region.value = "萧山区"
    b.category.value = "绿色低碳"
    shown = b.update()
    assert list(shown["indicator"]) == ["空气质量优良天数比率"]


def test_plan_end_summary_names_misses_and_gaps(t1_reviews):
    from planbook import review_view as rv

    text = rv.plan_end_summary(t1_reviews)
    assert "萧山区 十三五" in text
    # counted by indicator (issue 15): 人均地区生产总值 misses its level and its growth target, one indicator
    assert "已完成3项、未完成3项" in text and "所列8项指标(9行目标)" in text
    assert "常住人口城镇化率:未完成,目标78%左右,2019年74.6%,差3.4个百分点" in text
    assert "地区生产总值(年均增速):未完成,目标7.5%,实际5.6%" in text


def test_styled_table_colours_status(t1_reviews):
    from planbook.charts import STATUS_COLOURS
    from planbook import review_view as rv

    html = rv.styled(t1_reviews).to_html()
    assert "未完成" in html and STATUS_COLOURS["not_achieved"] in html
    assert "一致性检查" in html


# ---------------------------------------------------------------------------------------------
# the real corpus: data/raw -> planbook ingest (to a temp file) -> reviews


@pytest.fixture(scope="module")
def real_facts(tmp_path_factory):
    ingest = pytest.importorskip("planbook.ingest", reason="planbook ingest not available yet")
    out = tmp_path_factory.mktemp("facts") / "indicators.csv"
    ingest.ingest(out=out)
    return out


@pytest.fixture(scope="module")
def real(real_facts):
    return R.review_from_project(indicators_csv=real_facts)


def _status(df, region, plan, indicator, measure="level"):
    return _one(df, indicator, measure, region=region, plan=plan)["status"]


def test_real_xiaoshan_13th_plan_classification(real):
    """萧山 表1 as a careful analyst reads it: met, missed, and what cannot be assessed."""
    xs = real[(real.region == "萧山区") & (real.plan == "十三五")]
    achieved = [("服务业增加值占GDP比重", "level"), ("一般公共预算收入", "level"), ("一般公共预算收入", "avg_growth"),
                ("社会消费品零售总额", "level"), ("社会消费品零售总额", "avg_growth"), ("实际利用外资", "cumulative"),
                ("固定资产投资", "level"), ("固定资产投资", "avg_growth"), ("研究与试验发展经费支出占GDP比重", "level"),
                ("高新技术产业增加值", "level"), ("人均预期寿命", "level"), ("城镇新增就业", "cumulative"),
                ("各类养老保障综合参保率", "level"), ("城乡居民医疗保险覆盖率", "level"),
                ("饮用水源地水质达标率", "level"), ("耕地保有量", "level")]
    missed = [("地区生产总值", "avg_growth"), ("人均地区生产总值", "level"), ("人均地区生产总值", "avg_growth"),
              ("货物出口额", "level"), ("货物出口额", "avg_growth"), ("新产品产值率", "level"),
              ("城镇居民人均可支配收入", "level"), ("城镇居民人均可支配收入", "avg_growth"),
              ("农村居民人均可支配收入", "level"), ("农村居民人均可支配收入", "avg_growth"),
              ("常住人口城镇化率", "level")]
    for ind, m in achieved:
        assert _status(xs, "萧山区", "十三五", ind, m) == "achieved", (ind, m)
    for ind, m in missed:
        assert _status(xs, "萧山区", "十三五", ind, m) == "not_achieved", (ind, m)
    # 新增劳动力平均受教育年限: completion "--"; it is its own indicator (not 表2's 劳动年龄人口人均受教育年限)
    edu = _one(xs, "新增劳动力平均受教育年限", "level")
    assert edu["status"] == "cannot_assess" and "2015年14" in edu["status_reason"]
    assert pd.isna(pd.to_numeric(edu["latest_value"], errors="coerce"))
    # 城市空气质量优良率: target 上级下达指标 (qualitative) although 89.5 is reported
    air = _one(xs, "空气质量优良天数比率", "level")
    assert air["status"] == "cannot_assess" and "上级下达指标" in air["status_reason"]
    # figures and traceability
    ur = _one(xs, "常住人口城镇化率", "level")
    assert ur["latest_value"] == pytest.approx(74.6) and ur["latest_year"] == 2019 and "2019" in ur["check"]
    pc = _one(xs, "人均地区生产总值", "level")
    assert pc["gap"] == pytest.approx(-4.77) and pc["completion_pct"] == pytest.approx(16.3, abs=0.1)
    assert all("[004]" in s for s in xs["sources"])


def test_real_xiaoshan_gdp_growth_inconsistency_shown_with_note(real):
    gdp = _one(real, "地区生产总值", "avg_growth", region="萧山区", plan="十三五")
    assert gdp["status"] == "not_achieved"
    assert gdp["actual_growth_pct"] == pytest.approx(5.6) and gdp["target_value"] == pytest.approx(7.5)
    assert gdp["implied_growth_pct"] == pytest.approx(2.86, abs=0.01)
    check = gdp["check"]
    assert "1587.8" in check and "1828.47" in check and "2.9%" in check and "5.6%" in check
    assert "不含大江东" in check and "可比价格" in check
    # rows whose levels reproduce the reported growth are not flagged
    assert "增速与水平值不符" not in _one(real, "一般公共预算收入", "avg_growth", region="萧山区", plan="十三五")["check"]


def test_real_hangzhou_14th_plan_lagging_indicators(real):
    """001: 4项指标进度滞后 — each flagged, with its gap."""
    hz = real[(real.region == "杭州市") & (real.plan == "十四五")]
    behind = {"lagging", "not_achieved"}
    dig = _one(hz, "数字经济核心产业增加值占GDP比重", "level")
    assert dig["status"] in behind and dig["latest_value"] == pytest.approx(28.8) and dig["latest_year"] == 2024
    assert dig["gap"] == pytest.approx(-1.2)
    assert "前三季度为29.1" in dig["check"]          # 今年前三季度完成29.1%: shown, not an outcome
    air = _one(hz, "空气质量优良天数比率", "level")
    assert air["status"] in behind and air["latest_value"] == pytest.approx(86.7)
    assert air["gap"] == pytest.approx(-6.0)
    gdp = _one(hz, "地区生产总值", "avg_growth")
    assert gdp["status"] in behind and gdp["actual_growth_pct"] == pytest.approx(5.2)
    assert gdp["target_value"] == pytest.approx(6) and gdp["pace_band"] == "acceleration_needed"
    fdi = _one(hz, "实际利用外资", "level")
    assert fdi["status"] in behind and fdi["latest_value"] == pytest.approx(36) and fdi["target_value"] == pytest.approx(75)
    # estimates at the plan's end are said to be estimates
    assert "预计" in air["check"] and air["latest_status"] == "estimate"


def test_real_hangzhou_15th_plan_required_growth(real):
    hz = real[(real.region == "杭州市") & (real.plan == "十五五")]
    ai = _one(hz, "规模以上人工智能核心产业营业收入", "level")
    assert ai["base_year"] == 2024 and ai["base_value"] == pytest.approx(3553)
    assert ai["target_value"] == pytest.approx(6000) and ai["target_year"] == 2030
    assert ai["required_growth_pct"] == pytest.approx(9.13, abs=0.01)
    assert ai["status"] == "cannot_assess"  # the plan period has not started
    # the report: “从迈上总量3万亿元新台阶测算,“十五五”年均增长需5.4%以上” (from 2.3万亿 in 2025)
    gdp = hz[(hz.indicator == "地区生产总值") & (hz.measure == "level") & (hz.target_value == 3)]
    assert len(gdp) == 1
    assert gdp.iloc[0]["required_growth_pct"] == pytest.approx(5.46, abs=0.02)
    # 城乡收入倍差 (lower is better): 1.63 (附件1, 2025预计) -> 1.58左右; the text says 1.64 for the same year
    ratio = _one(hz, "城乡居民收入倍差", "level")
    assert ratio["direction"] == "lower" and ratio["required_growth_pct"] < 0
    assert "1.64" in ratio["check"] and "1.63" in ratio["check"]


def test_real_xiaoshan_14th_plan_required_growth_from_2020(real):
    xs = real[(real.region == "萧山区") & (real.plan == "十四五")]
    gdp = _one(xs, "地区生产总值", "level")
    assert gdp["base_year"] == 2020 and gdp["base_value"] == pytest.approx(1828.47)
    assert gdp["required_growth_pct"] == pytest.approx(7.29, abs=0.01)
    rd = _one(xs, "研究与试验发展经费支出占GDP比重", "level")   # 2.95∗ (2019) -> 4 (2025): 6 years
    # a share moves in points: (4 - 2.95) / 6 = 0.175 points a year, no percent growth (issue 15)
    assert rd["base_year"] == 2019 and rd["target_kind"] == "share"
    assert pd.isna(rd["required_growth_pct"])
    assert rd["required_change_per_year"] == pytest.approx(0.175, abs=1e-6)


def test_real_annual_target_against_outcome(real):
    # 000: 2021年 地区生产总值增长7%; official statistics: 2021 growth 8.5%
    gdp = _one(real, "地区生产总值", "growth", region="杭州市", plan="2021年度计划")
    assert gdp["status"] == "achieved" and gdp["latest_value"] == pytest.approx(8.5)
    assert "ref" in gdp["sources"]
    # the 2021 plan report's own 2021 figures are plans, not outcomes: no outcome for 2021 yet
    annual = real[(real.plan == "2021年度计划") & (real.doc_id == "000") & (real.status != "cannot_assess")]
    assert list(annual["indicator"]) == ["地区生产总值"]


def test_real_browser_update_direct(real):
    pytest.importorskip("ipywidgets")
    from planbook import review_view as rv

    b = rv.ReviewBrowser(real)
    b.region.value, b.plan.value = "杭州市", "十四五"
    b.status.value = "未完成"
    shown = b.update()
    assert {"空气质量优良天数比率", "实际利用外资"} <= set(shown["indicator"])
    assert set(shown["status"]) == {"not_achieved"}
    text = rv.plan_end_summary(shown)
    assert "空气质量优良天数比率:未完成,目标92.7%,2025年预计86.7%,差6个百分点" in text


def test_cli_writes_reviews_csv(tmp_path, real_facts, capsys):
    from planbook.cli import main

    out = tmp_path / "reviews.csv"
    assert main(["review", "--out", str(out), "--indicators", str(real_facts)]) == 0
    assert "planbook review:" in capsys.readouterr().out
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    needed = ["region", "plan", "indicator", "measure", "unit", "attribute", "base_year", "base_value",
              "target_year", "target_value", "target_qualifier", "latest_year", "latest_value", "latest_status",
              "required_growth_pct", "actual_growth_pct", "completion_pct", "status", "check", "sources"]
    assert not [c for c in needed if c not in df.columns]
    assert set(df["status"]) <= set(R.STATUSES)


def test_engine_two_documents_disagreeing_are_flagged_bounds_are_not():
    def row(doc, year, value, status, unit="亿元", qualifier="", plan=""):
        return dict(doc_id=doc, region="杭州市", indicator="地区生产总值", indicator_code="gdp", indicator_raw="地区生产总值",
                    category="经济发展", year=year, value=value, unit=unit, measure="level", status=status,
                    qualifier=qualifier, period="", plan=plan, base_year=None, attribute="", value_text=str(value),
                    source_kind="prose", table_id="", row_label="", note="", quote=f"{year}年地区生产总值{value}{unit}",
                    char_start=0, char_end=0)

    facts = pd.DataFrame([
        row("001", 2030, 30000, "target", qualifier="力争", plan="十五五"),
        row("001", 2025, 20000, "estimate", qualifier="突破"),   # 经济总量突破2万亿元: a bound, not a figure
        row("009", 2025, 23000, "estimate"),
        row("010", 2025, 22500, "estimate"),                     # a second report disagreeing
    ])
    out = R.build_reviews(facts)
    r = out.iloc[0]
    assert r["base_value"] == pytest.approx(23000) or r["base_value"] == pytest.approx(22500)
    assert "文档不一致" in r["check"] and "22500" in r["check"] and "23000" in r["check"]
    assert "20000" not in r["check"]  # 突破2万亿 agrees with 2.3万亿


def test_engine_mid_period_rules():
    """Mid-period: 萧山 表2 GDP 1828.47 (2020) -> 2600 (2025) with a hypothetical 2022 figure of 2000."""
    def row(year, value, status, measure="level", unit="亿元", base_year=None):
        return dict(doc_id="004", region="萧山区", indicator="地区生产总值", indicator_code="gdp", indicator_raw="地区生产总值",
                    category="经济发展", year=year, value=value, unit=unit, measure=measure, status=status, qualifier="",
                    period="", plan="十四五", base_year=base_year, attribute="预期性", value_text=str(value),
                    source_kind="table", table_id="T2", row_label="地区生产总值", note="", quote="1 | 地区生产总值 | ...",
                    char_start=0, char_end=0)

    facts = pd.DataFrame([row(2020, 1828.47, "actual"), row(2025, 2600, "target"), row(2022, 2000, "actual")])
    r = R.build_reviews(facts).iloc[0]
    assert r["status"] == "lagging"                                   # C 22% < τ 40%
    assert r["completion_pct"] == pytest.approx(22.23, abs=0.01)
    assert r["elapsed_pct"] == pytest.approx(40.0)
    assert r["required_growth_pct"] == pytest.approx(7.29, abs=0.01)
    assert r["actual_growth_pct"] == pytest.approx(4.59, abs=0.01)
    assert r["pace_band"] == "acceleration_needed"                    # R = 0.63
    assert r["projected_value"] == pytest.approx(2288, abs=1)         # 2000 × 1.0459³
    assert r["required_growth_from_latest_pct"] == pytest.approx(9.14, abs=0.01)
    # the same figure on a faster path (2200 in 2022) is on track
    facts.loc[2, "value"] = 2200
    r = R.build_reviews(facts).iloc[0]
    assert r["status"] == "on_track" and r["pace_band"] == "on_pace"


def test_browser_export_button_writes_filtered_table(tmp_path, t1_reviews):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook
    from planbook import review_view as rv

    b = rv.ReviewBrowser(t1_reviews)
    b.status.value = "未完成"
    b.update()
    path = b.export(tmp_path / "reviews.xlsx")
    assert path is not None and path.exists(), b.message.value
    assert "已导出" in b.message.value
    text = " ".join(str(c.value) for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
                    if c.value is not None)
    assert "常住人口城镇化率" in text and "服务业增加值占GDP比重" not in text   # only the filtered rows


def test_cli_bad_fact_table_is_one_line_error(tmp_path, capsys):
    from planbook.cli import main

    bad = tmp_path / "indicators.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["review", "--indicators", str(bad), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("planbook:") and "missing columns" in err and "\n" not in err
    assert not (tmp_path / "r.csv").exists()


# ---------------------------------------------------------------------------------------------
# issue 15: target kinds and the arithmetic that fits each (real rows of the seeds)


def test_real_xiaoshan_13th_reported_done_rows_are_achieved(real):
    xs = real[(real.region == "萧山区") & (real.plan == "十三五")]
    done = xs[xs["target_kind"] == "reported_done"]
    assert len(done) == 6 and (done["status"] == "achieved").all()
    assert done["status_reason"].str.contains("完成").all()
    # counted by indicator as the table counts them: 19 achieved, 7 missed, 2 not assessable
    assert R.summarize_by_indicator(xs) == {"achieved": 19, "on_track": 0, "lagging": 0,
                                            "not_achieved": 7, "cannot_assess": 2}


def test_real_hangzhou_14th_carries_the_reports_own_tally(real):
    tallies = R.plan_tallies()
    hz = tallies[(tallies.region == "杭州市") & (tallies.plan == "十四五")].iloc[0]
    assert (hz["areas"], hz["indicators"], hz["expected_met"], hz["lagging"], hz["not_assessable"]) == (8, 38, 30, 4, 4)
    assert hz["doc_id"] == "001" and "38项指标" in hz["quote"]
    named = hz["not_assessable_names"].split("|")
    assert len(named) == 4 and "城镇调查失业率" in named and "居民综合阅读率" in named
    rows = real[(real.region == "杭州市") & (real.plan == "十四五")]
    for name in named:
        r = rows[rows["indicator"].str.contains(name[:6], regex=False)]
        assert len(r) == 1 and r.iloc[0]["status"] == "cannot_assess" and r.iloc[0]["doc_id"] == "001", name
    # the four lagging indicators it names are the four computed rows: none added twice
    assert len(rows) == 8


def test_real_plan_totals_are_not_annual_targets(real):
    xs = real[(real.region == "萧山区") & (real.plan == "十四五")]
    fai = xs[(xs.indicator == "固定资产投资") & (xs.target_value == 2500)].iloc[0]
    assert fai["target_kind"] == "cumulative" and pd.isna(fai["required_growth_pct"])
    assert "不折算为年度目标" in fai["status_reason"]
    hightech = _one(xs, "新增国家高新技术企业")
    assert hightech["target_kind"] == "cumulative" and hightech["target_value"] == 1000
    # 十五五: a five-year population increase (40万) is not grown from a one-year one (8万)
    pop = _one(real, "常住人口增量", region="杭州市", plan="十五五")
    assert pop["target_kind"] == "cumulative" and pd.isna(pop["required_growth_pct"])


def test_real_rates_ceilings_and_flows_get_no_growth_arithmetic(real):
    jobless = _one(real, "城镇登记失业率", region="余杭区")
    assert jobless["target_kind"] == "ceiling" and pd.isna(jobless["required_growth_pct"])
    flow = _one(real, "新增国家高新技术企业", region="拱墅区")          # 161 -> 103 new firms a year
    assert flow["target_kind"] == "flow" and pd.isna(flow["required_growth_pct"])
    air = _one(real, "空气质量优良天数比率", region="杭州市", plan="十四五")  # 91.3 -> 92.7, 86.7 reached
    assert air["target_kind"] == "share" and pd.isna(air["required_growth_pct"])
    assert air["required_change_per_year"] == pytest.approx((92.7 - 91.3) / 5, abs=1e-6)
    assert pd.isna(air["completion_pct"]) and air["status"] == "not_achieved"
    # no completion percentage below zero, no percent growth for a share, rate, ceiling or flow
    assert (real["completion_pct"].dropna() >= 0).all()
    no_growth = real[real["target_kind"].isin(["share", "ceiling", "flow", "cumulative"])]
    assert no_growth["required_growth_pct"].isna().all()


def test_real_rows_that_are_not_targets(real):
    xs = real[(real.region == "萧山区") & (real.plan == "十四五")]
    not_targets = xs[xs["target_kind"] == "not_target"]
    assert {"建设看书跑", "新益变等", "红场变等"} <= set(not_targets["indicator"])
    assert (not_targets["status"] == "cannot_assess").all()
    assert not_targets["required_growth_pct"].isna().all()


def test_a_ceiling_is_met_below_it():
    # invented rows: a jobless rate held under its 4.0% ceiling, base 2.1, outcome 2.6
    rows = pd.DataFrame([
        dict(doc_id="021", region="甲区", indicator="城镇登记失业率", measure="level", unit="%", status="target",
             qualifier="以内", value=4.0, value_text="4.0%以内", year=2023, plan="", quote="控制在4.0%以内"),
        dict(doc_id="021", region="甲区", indicator="城镇登记失业率", measure="level", unit="%", status="actual",
             value=2.1, year=2022, quote="2022年为2.1%"),
        dict(doc_id="022", region="甲区", indicator="城镇登记失业率", measure="level", unit="%", status="actual",
             value=2.6, year=2023, quote="2023年为2.6%"),
    ])
    out = R.build_reviews(rows)
    r = out.iloc[0]
    assert r["target_kind"] == "ceiling" and r["status"] == "achieved"
    assert pd.isna(r["required_growth_pct"]) and pd.isna(r["completion_pct"])


def test_real_mapping_and_direction_of_cuts_levels_and_shares(real):
    xs13 = real[(real.region == "萧山区") & (real.plan == "十三五")]
    # a level in 吨/万元 or 立方米/万元 is the catalog's level, not its cut in %: lower is better
    co2 = xs13[xs13["indicator"] == "单位GDP二氧化碳排放量"].iloc[0]
    water = xs13[xs13["indicator"] == "单位工业增加值用水量"].iloc[0]
    assert co2["direction"] == "lower" and water["direction"] == "lower"
    assert co2["indicator_code"] == "co2_intensity" and water["indicator_code"] == "water_per_ind_va"
    # a cut in % is better higher; a share of revenue is no 收入比
    pm = xs13[xs13["indicator"].str.contains("PM2.5", regex=False)].iloc[0]
    assert pm["unit"] == "%" and pm["direction"] == "higher"
    rd = _one(real, "规上工业企业R&D经费支出占营业收入比重", region="萧山区", plan="十四五")
    assert rd["direction"] == "higher"


def test_real_fifteenth_plan_targets_as_stated(real):
    # 人均GDP突破3万美元 (the target) with the report's estimate 约为3.2万美元 in brackets
    pc = _one(real, "人均地区生产总值", region="杭州市", plan="十五五")
    assert pc["target_value"] == pytest.approx(3.0) and pc["target_qualifier"] == "突破"
    assert "3.2万美元" in pc["check"]
    # a growth row in % carries no base in 亿元; the base level goes to the notes
    gdp = _one(real, "地区生产总值", "avg_growth", region="杭州市", plan="十五五")
    assert pd.isna(gdp["base_value"]) and "基期水平值:2025年23000亿元" in gdp["notes"]
