"""Five-year reviews (issue 3): the engine's arithmetic on real figures from the reports, and the
classification of the real documents' targets as a careful analyst reads them.

Figures below are quoted from data/raw:
- 004 萧山 表1 “十三五”规划主要指标完成情况 (2015 | 规划目标 2020, 年均增长 | 完成情况 2020, 年均增长 | 属性)
- 001 杭州 十五五纲要编制情况报告 (十四五 lagging indicators; annex 1 十五五 indicator table)
"""
from __future__ import annotations

import math
import os
import shutil
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
