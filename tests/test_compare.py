"""District comparison (issue 4): regions catalog, comparison engine, CLI and notebook view.

The engine runs on the real fact table, rebuilt by `planbook ingest` on a throw-away copy of the
workbook, and is checked against figures in the seed reports:
* 000 杭州市 2020 GDP 16106亿元, 2021 targets GDP +7%, R&D 3.6%左右;
* 001 杭州市 R&D 4.5% by 2030 (2025年4%, annex 4左右);
* 002 拱墅区 2020 GDP 1803亿元 (old 下城 + 拱墅 merged), 2021 target GDP +7.5%左右;
* 003 余杭区 2019 R&D 4% (预计), 2020 target 4.14%;
* 004 萧山区 2020 GDP 1828.47亿元 (不含大江东), R&D 2015 1.86%, 2.95∗ (2019 data), target 2025 4%.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planbook import compare as C
from planbook import regions as R
from planbook.data import load_indicators
from planbook.fileio import PlanbookError

ROOT = Path(__file__).resolve().parents[1]
GDP = "地区生产总值"
RD = "研究与试验发展经费支出占GDP比重"


# ---------------------------------------------------------------------------------------------
# fixtures: the real fact table, rebuilt from data/raw on a copy of the workbook

@pytest.fixture(scope="module")
def home(tmp_path_factory):
    from planbook.notebook_exec import make_workbook_copy

    home = make_workbook_copy(tmp_path_factory.mktemp("cmp"), ROOT)
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    proc = subprocess.run([sys.executable, "-m", "planbook", "ingest"], env=env, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    if proc.returncode != 0 or not (home / "data" / "processed" / "indicators.csv").exists():
        pytest.fail(f"planbook ingest failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return home


@pytest.fixture(scope="module")
def facts(home):
    return C.prepare_facts(load_indicators(home / "data" / "processed" / "indicators.csv"))


def _row(table: pd.DataFrame, region: str) -> pd.Series:
    hit = table[table["region"] == region]
    assert len(hit) == 1, f"{region}: {len(hit)} rows in\n{table[['region', 'value', 'status', 'year_used']]}"
    return hit.iloc[0]


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "planbook", "compare", *args], env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# regions catalog

def test_catalog_has_the_2021_boundary_changes():
    df = R.load_regions().set_index("name")
    assert df.loc["下城区", "valid_to"] == "2021-04-09" and df.loc["下城区", "successor"] == "拱墅区"
    assert df.loc["江干区", "valid_to"] == "2021-04-09" and df.loc["江干区", "successor"] == "上城区"
    assert df.loc["临平区", "valid_from"] == "2021-04-09" and "余杭" in df.loc["临平区", "note"]
    assert df.loc["钱塘区", "valid_from"] == "2021-04-09" and "大江东" in df.loc["钱塘区", "note"]
    assert df.loc["萧山区", "boundary_change"] == "2021-04-09"
    assert df.loc["拱墅区", "code"] == "330105" and df.loc["杭州市", "level"] == "city"
    assert set(df["level"]) <= R.LEVELS
    hz = df["code"].str.startswith("3301")   # Hangzhou's districts and counties (the catalog holds all of Zhejiang's)
    assert (df.loc[df["level"].isin(["district", "county"]) & hz, "parent"] == "330100").all()


@pytest.mark.parametrize("written, canonical", [
    ("原下城区", "下城区"), ("原下城", "下城区"), ("老余杭", "余杭区"), ("萧山", "萧山区"),
    ("新拱墅区", "拱墅区"), ("钱塘新区", "钱塘区"), ("杭州", "杭州市"), ("全市", "杭州市"),
    ("萧山区（不含大江东）", "萧山区"), (" 拱墅区 ", "拱墅区"), ("富阳市", "富阳区"),
])
def test_alias_resolution(written, canonical):
    assert R.canonical_region(written) == canonical


def test_unknown_names_get_the_default():
    assert R.canonical_region("钱塘江") is None
    assert R.canonical_region("杭州西站", default="?") == "?"
    assert R.canonical_region(None) is None and R.canonical_region("") is None


def test_resolve_region_carries_merge_and_split_notes():
    m = R.resolve_region("原下城区")
    assert (m.canonical, m.successor, m.parent, m.code) == ("下城区", "拱墅区", "杭州市", "330103")
    assert "并入拱墅区" in m.note and "2021-04-09" in m.note
    m = R.resolve_region("老余杭")
    assert m.canonical == "余杭区" and "临平" in m.note
    assert R.resolve_region("不存在区") is None


def test_boundary_notes_depend_on_the_year():
    assert any("大江东" in n for n in R.boundary_notes("萧山区", 2020))
    assert any("已划入钱塘区" in n for n in R.boundary_notes("萧山区", 2025))
    assert any("含今临平区" in n for n in R.boundary_notes("余杭区", 2019))
    assert any("不含临平区" in n for n in R.boundary_notes("余杭区", 2022))
    assert any("原下城区与原拱墅区合并" in n for n in R.boundary_notes("拱墅区", 2021))
    assert any("撤销" in n for n in R.boundary_notes("原下城区", 2022))
    assert any("追溯" in n for n in R.boundary_notes("临平区", 2019))
    assert R.boundary_notes("杭州市", 2020) == []


def test_names_for_text_matching_are_longest_first_and_skip_ambiguous_short_forms():
    pairs = R.region_names_and_aliases()
    names = [a for a, _ in pairs]
    assert [len(a) for a in names] == sorted((len(a) for a in names), reverse=True)
    assert ("原下城区", "下城区") in pairs and ("拱墅区", "拱墅区") in pairs
    assert "钱塘" not in names and "西湖" not in names      # 钱塘江, 西湖 (the lake)
    assert ("钱塘", "钱塘区") in R.region_names_and_aliases(include_ambiguous=True)


def test_city_and_parent():
    assert R.city_of("拱墅区") == "杭州市" and R.city_of("杭州市") == "杭州市"
    assert R.city_of("大江东") == "杭州市" and R.parent_region("大江东") == "萧山区"
    assert R.is_city("杭州") and not R.is_city("萧山")


# ---------------------------------------------------------------------------------------------
# units

def test_unit_conversion_and_refusal():
    assert C.convert_value(3, "万亿元", "亿元") == pytest.approx(30000)
    assert C.convert_value(5.15, "万元", "元") == pytest.approx(51500)
    assert C.convert_value(1262.4, "万人", "人") == pytest.approx(12624000)
    assert C.convert_value(29.6, "万元/人", "元/人") == pytest.approx(296000)
    with pytest.raises(PlanbookError):
        C.convert_value(11.2, "%", "亿元")
    with pytest.raises(PlanbookError):
        C.convert_value(72, "亿美元", "亿元")      # currencies are not converted silently
    with pytest.raises(PlanbookError):
        C.convert_value(0.5, "个百分点", "%")


def test_shares_only_for_values_that_add_up(facts):
    assert C.is_additive(GDP, "亿元") and C.is_additive("城镇新增就业", "万人")
    assert not C.is_additive(GDP, "%", "growth")
    assert not C.is_additive(RD, "%")
    assert not C.is_additive("每万人发明专利拥有量", "件")        # counted in 件, but per 10 000 people
    assert not C.is_additive("每千人口执业医师数", "人")
    assert not C.is_additive("人均地区生产总值", "万元")
    # 萧山 2020 patents per 10 000 people (25) are no share of 杭州's 71
    t = C.compare("每万人发明专利拥有量", 2020, facts=facts).table
    assert _row(t, "杭州市")["value"] == pytest.approx(71)           # 000: 每万人发明专利拥有量71件
    assert t["share_of_city_pct"].isna().all()


XS_FOOTNOTE = ("注:1.“十三五”完成情况均不含大江东数据;高新技术产业增加值和新增城镇就业人数为新口径数据。;"
               "2.“十三五”规划中地区生产总值绝对值目标为含大江东数据,未细化2020年不含大江东数据的绝对值目标;"
               "2020年地区生产总值完成值为不含大江东数据,增速按可比价格计算。;4.带*为2019年度数据。")


def test_footnote_clauses_stay_with_the_values_they_concern():
    gdp = C.relevant_note(XS_FOOTNOTE, "1828.47", GDP)
    assert "完成情况均不含大江东数据" in gdp and "2020年地区生产总值完成值为不含大江东数据" in gdp
    assert "高新技术产业" not in gdp and "带*" not in gdp and "注:" not in gdp
    rd = C.relevant_note(XS_FOOTNOTE, "2.95∗", RD)
    assert "完成情况均不含大江东数据" in rd and "带*为2019年度数据" in rd
    assert "地区生产总值完成值" not in rd           # a GDP clause is not an R&D note
    assert "研究与试验发展经费支出占GDP比重" in C._clause_indicators("研究与试验发展经费支出与地区生产总值之比按新口径")


def test_display_value_places_qualifiers():
    assert C.display_value(3.6, "左右", "%") == "3.6%左右"
    assert C.display_value(23000, "突破", "亿元") == "突破23000亿元"
    assert C.display_value(7.5, "", "%") == "7.5%"


# ---------------------------------------------------------------------------------------------
# the engine on the real fact table

def test_gdp_2020_shares_of_the_city_with_boundary_notes(facts):
    comp = C.compare(GDP, 2020, "level", facts=facts)
    t = comp.table
    assert comp.unit == "亿元"
    city = _row(t, "杭州市")
    assert city["value"] == pytest.approx(16106) and city["status"] == "actual" and city["doc_id"] == "000"
    gs = _row(t, "拱墅区")
    assert gs["value"] == pytest.approx(1803) and gs["doc_id"] == "002" and gs["status"] == "actual"
    assert gs["share_of_city_pct"] == pytest.approx(1803 / 16106 * 100, abs=0.01)   # 11.19
    assert round(gs["share_of_city_pct"], 1) == 11.2
    assert "原下城" in gs["note"] and "合并" in gs["note"]
    assert "合并口径" in gs["boundary"] and "不含大江东" in _row(t, "萧山区")["boundary"]
    xs = _row(t, "萧山区")
    assert xs["value"] == pytest.approx(1828.47) and xs["doc_id"] == "004"
    assert xs["share_of_city_pct"] == pytest.approx(1828.47 / 16106 * 100, abs=0.01)  # 11.35
    # the report's own footnote (表1 注1-2), not only the catalog's general remark
    assert "完成情况均不含大江东" in xs["note"] or "完成值为不含大江东" in xs["note"]
    # ranks among districts with a 2020 actual figure: 萧山 ahead of 拱墅
    assert (int(xs["rank"]), int(gs["rank"])) == (1, 2) and int(gs["rank_of"]) == 2
    assert pd.isna(city["rank"]) and pd.isna(city["share_of_city_pct"])
    # every row traceable to its document and quote
    assert gs["source"].startswith("[002] ") and "1803" in gs["quote"]      # one citation format
    assert xs["source"].startswith("[004] ") and "1828.47" in xs["quote"]
    assert "16106" in city["quote"]


def test_rd_intensity_lineup_every_region_with_its_years(facts):
    lu = C.lineup(RD, "level", facts=facts)
    got = {(r, int(y)): (s, v) for r, y, s, v in zip(lu["region"], lu["year_used"], lu["status"], lu["value"])}
    assert {"杭州市", "余杭区", "萧山区"} <= set(lu["region"])
    expected = {
        ("杭州市", 2021): ("target", 3.6),
        ("杭州市", 2025): ("estimate", 4.0),
        ("杭州市", 2030): ("target", 4.5),
        ("余杭区", 2019): ("estimate", 4.0),
        ("余杭区", 2020): ("target", 4.14),
        ("萧山区", 2015): ("actual", 1.86),
        ("萧山区", 2019): ("actual", 2.95),
        ("萧山区", 2025): ("target", 4.0),
    }
    for key, (status, value) in expected.items():
        assert key in got, f"missing {key} in R&D lineup: {sorted(got)}"
        assert got[key][0] == status and got[key][1] == pytest.approx(value), (key, got[key])
    assert (lu["unit"] == "%").all()
    hz2021 = lu[(lu["region"] == "杭州市") & (lu["year_used"] == 2021)].iloc[0]
    assert hz2021["qualifier"] == "左右" and hz2021["doc_id"] == "000"
    # 萧山's 2.95∗ is 2019 data from the 2020 column: it must not appear as 2020 actual
    xs2020 = lu[(lu["region"] == "萧山区") & (lu["year_used"] == 2020)]
    assert not ((xs2020["status"] == "actual") & (xs2020["value"].round(2) == 2.95)).any()
    assert (lu["share_of_city_pct"].isna()).all()      # a ratio has no share of the city total


def test_rd_2019_nearest_year_is_labelled_and_not_ranked(facts):
    comp = C.compare(RD, 2019, "level", facts=facts)
    t = comp.table
    yh, xs, hz = _row(t, "余杭区"), _row(t, "萧山区"), _row(t, "杭州市")
    assert yh["value"] == pytest.approx(4.0) and yh["status"] == "estimate" and yh["year_note"] == ""
    assert xs["value"] == pytest.approx(2.95) and xs["year_used"] == 2019
    # 余杭's 4.0 is an estimate, 萧山's 2.95 an actual: not ranked together, and a ranking of one
    # region per status says nothing (issue 15: like with like only)
    assert pd.isna(yh["rank"]) and pd.isna(xs["rank"])
    assert hz["year_used"] != 2019 and "2019" in hz["year_note"] and str(hz["year_used"]) in hz["year_note"]
    assert pd.isna(hz["rank"])
    assert "含今临平区" in yh["note"]                 # 余杭 2019 is the old (pre-2021) boundary
    # no fallback asked: the city simply has no row
    strict = C.compare(RD, 2019, "level", facts=facts, nearest=False).table
    assert "杭州市" not in set(strict["region"])


def test_a_region_outside_the_catalog_is_not_ranked_among_districts(home):
    # a national figure (全国) read from a report is no district: the 2020 GDP ranking stays 萧山, 拱墅
    raw = load_indicators(home / "data" / "processed" / "indicators.csv")
    national = raw[(raw.indicator == GDP) & (raw.region == "杭州市") & (raw.year == 2020) & (raw.measure == "level")
                   & (raw.status == "actual")].head(1).assign(region="全国", value=1015986.0)
    t = C.compare(GDP, 2020, "level", facts=C.prepare_facts(pd.concat([raw, national]))).table
    assert "全国" not in set(t.region)
    assert (int(_row(t, "萧山区")["rank"]), int(_row(t, "拱墅区")["rank"])) == (1, 2)


def test_gdp_growth_target_ambition_2021(facts):
    t = C.target_ambition(GDP, 2021, "growth", facts=facts)
    hz, gs = _row(t, "杭州市"), _row(t, "拱墅区")
    assert hz["value"] == pytest.approx(7.0) and hz["status"] == "target"
    assert gs["value"] == pytest.approx(7.5) and gs["qualifier"] == "左右"
    assert gs["gap_to_city"] == pytest.approx(0.5)
    assert (t["status"] == "target").all()


def test_level_and_growth_side_by_side(facts):
    lg = C.level_and_growth(GDP, 2020, facts=facts)
    hz = lg[lg["region"] == "杭州市"].iloc[0]
    assert hz["level_value"] == pytest.approx(16106) and hz["growth_value"] == pytest.approx(3.9)
    assert hz["growth_status"] == "actual"


def test_best_value_rules(facts):
    """actual beats estimate; a later report's revision beats an earlier figure; both seen."""
    base = facts[(facts["indicator"] == GDP) & (facts["region"] == "拱墅区") & (facts["year"] == 2020)
                 & (facts["measure"] == "level")].iloc[[0]]
    est = base.assign(status="estimate", value=1790.0, status_rank=C.STATUS_RANK["estimate"])
    later = base.assign(value=1806.5, doc_id="009", published="2022-03-01", quote="修订:1806.5亿元")
    t = C.compare(GDP, 2020, facts=pd.concat([est, base])).table
    assert _row(t, "拱墅区")["value"] == pytest.approx(1803) and "1790" in _row(t, "拱墅区")["alternatives"]
    t = C.compare(GDP, 2020, facts=pd.concat([base, later])).table
    row = _row(t, "拱墅区")
    assert row["value"] == pytest.approx(1806.5) and row["doc_id"] == "009" and "1803" in row["alternatives"]


def test_units_converted_and_incompatible_units_refused(facts):
    base = facts[(facts["indicator"] == GDP) & (facts["region"] == "杭州市") & (facts["year"] == 2020)
                 & (facts["measure"] == "level")].iloc[[0]]
    in_wanyi = base.assign(region="萧山区", region_level="district", value=0.182847, unit="万亿元",
                           doc_id="004", quote="x")
    pct = base.assign(region="拱墅区", region_level="district", value=11.2, unit="%", doc_id="002", quote="y")
    comp = C.compare(GDP, 2020, facts=pd.concat([base, in_wanyi, pct]))
    assert comp.unit == "亿元"
    xs = _row(comp.table, "萧山区")
    assert xs["value"] == pytest.approx(1828.47) and xs["unit_as_written"] == "万亿元"
    assert "拱墅区" not in set(comp.table["region"])
    assert comp.excluded and "不可比" in comp.excluded[0] and "拱墅区" in comp.excluded[0]


def test_targets_and_realised_values_are_never_mixed_silently(facts):
    # R&D 2019: 余杭 4% (预计), 萧山 2.95% (实绩); 杭州 only has targets (nearest: 2021, 3.6%左右)
    t = C.compare(RD, 2019, "level", facts=facts).table
    hz = _row(t, "杭州市")
    assert hz["status"] == "target" and "目标值" in hz["note"] and "不可直接比较" in hz["note"]
    assert "不可直接比较" not in _row(t, "余杭区")["note"]
    assert "不可直接比较" not in _row(t, "萧山区")["note"]
    # asking for targets only gives targets only
    t = C.compare(RD, 2020, "level", status="target", facts=facts).table
    assert set(t["status"]) == {"target"}
    assert _row(t, "萧山区")["value"] == pytest.approx(2.5)       # 十三五 plan target for 2020
    assert _row(t, "余杭区")["value"] == pytest.approx(4.14)


def test_resolve_indicator_by_name_code_and_synonym(facts):
    assert C.resolve_indicator("地区生产总值", facts) == GDP
    assert C.resolve_indicator("gdp", facts) == GDP
    assert C.resolve_indicator("GDP", facts) == GDP
    assert C.resolve_indicator("rd_share", facts) == RD
    assert C.resolve_indicator("研究与试验发展经费支出相当于生产总值比例", facts) == RD
    assert C.resolve_indicator("研发投入强度", facts) == RD
    with pytest.raises(PlanbookError):
        C.resolve_indicator("不存在的指标", facts)


def test_default_comparison_table(home, facts, tmp_path):
    table = C.default_comparisons(facts)
    for col in ["year", "indicator", "region", "value", "unit", "status", "share_of_city_pct", "rank",
                "source", "note", "measure", "year_used", "year_note"]:
        assert col in table.columns
    gs = table[(table["indicator"] == GDP) & (table["year"] == 2020) & (table["measure"] == "level")
               & (table["region"] == "拱墅区")]
    assert len(gs) == 1 and gs.iloc[0]["share_of_city_pct"] == pytest.approx(11.19, abs=0.01)
    assert table["source"].str.match(r"^\[\d{3}\] ").all()
    # like with like: every ranked group holds one data status and two or more regions
    ranked = table[table["rank"].notna()]
    groups = ranked.groupby(["indicator", "measure", "year", "status"])["region"].nunique()
    assert (groups >= 2).all()
    assert ranked.groupby(["indicator", "measure", "year", "rank_of"])["status"].nunique().max() == 1
    # each (indicator, measure, year) block has one row per region
    assert not table.duplicated(["indicator", "measure", "year", "region"]).any()
    # nearest-year rows say so
    near = table[table["year_used"] != table["year"]]
    assert near["year_note"].str.contains("采用最近年份").all()


# ---------------------------------------------------------------------------------------------
# command line

def test_cli_gdp_2020(home, tmp_path):
    out = tmp_path / "gdp2020.csv"
    proc = _cli(home, "--indicator", "gdp", "--year", "2020", "--measure", "level", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "拱墅区" in text and "占全市11.2%" in text
    assert "萧山区" in text and "占全市11.4%" in text and "不含大江东" in text
    assert "16106" in text
    df = pd.read_csv(out, dtype={"doc_id": str})
    assert set(df["region"]) >= {"杭州市", "拱墅区", "萧山区"}
    assert df.loc[df["region"] == "拱墅区", "share_of_city_pct"].iloc[0] == pytest.approx(11.19, abs=0.01)


def test_cli_synonym_and_errors(home):
    proc = _cli(home, "--indicator", "R&D经费支出占GDP比重", "--year", "2019")
    assert proc.returncode == 0, proc.stderr
    assert RD in proc.stdout and "余杭区" in proc.stdout and "萧山区" in proc.stdout
    assert "采用最近年份" in proc.stdout
    bad = _cli(home, "--indicator", "不存在的指标", "--year", "2020")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_cli_without_year_lists_every_year(home):
    proc = _cli(home, "--indicator", "rd_share")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any("萧山区" in ln and "2015年" in ln and "1.86%" in ln for ln in lines)
    assert any("余杭区" in ln and "2020年" in ln and "4.14%" in ln and "目标" in ln for ln in lines)
    assert any("杭州市" in ln and "2030年" in ln and "4.5%" in ln for ln in lines)


def test_cli_default_writes_comparison_csv(home):
    proc = _cli(home)
    assert proc.returncode == 0, proc.stderr
    path = home / "data" / "processed" / "comparison.csv"
    df = pd.read_csv(path)
    assert {"杭州市", "拱墅区", "萧山区", "余杭区"} <= set(df["region"])
    assert RD in set(df["indicator"])


# ---------------------------------------------------------------------------------------------
# the notebook view, called directly (widget callbacks do not fail nbclient)

def test_view_update_and_export(facts, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    from planbook import compare_view as V

    view = V.ComparisonView(facts, indicator=GDP, year=2020, measure="level")
    res = view.update()
    table = res["table"]
    gs = table[table["地区"] == "拱墅区"].iloc[0]
    assert gs["占全市比重(%)"] == "11.2" and gs["位次"] == "2/2" and "合并" in gs["口径与说明"]
    assert any("地区生产总值" in f for f in res["figures"])
    assert any("总量与增速" in f for f in res["figures"])          # level vs growth scatter
    # a widget change runs the callback: R&D, 2019
    view.w_indicator.value = RD
    view.w_year.value = 2019
    comp = view.comparison
    assert comp.indicator == RD and comp.year == 2019
    assert _row(comp.table, "萧山区")["value"] == pytest.approx(2.95)
    res = view.update()
    assert any("历年数值" in f for f in res["figures"])              # small multiples
    view.w_status.value = "target"
    assert set(view.comparison.table["status"]) == {"target"}
    msg = view.export(tmp_path / "对比.xlsx")
    assert msg.startswith("已导出"), msg
    assert (tmp_path / "对比.xlsx").exists()


def test_chart_functions_render_chinese_without_missing_glyphs(facts, recwarn):
    from planbook import compare_view as V

    fig = V.bar_chart(C.compare(GDP, 2020, facts=facts))
    fig.canvas.draw()
    fig2 = V.small_multiples(C.lineup(RD, facts=facts), RD)
    fig2.canvas.draw()
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


# ---------------------------------------------------------------------------------------------
# issue 15: like with like only


def test_default_table_compares_like_with_like(facts):
    table = C.default_comparisons(facts)
    # no other year's figure under a year heading, no target beside a realised figure
    assert (table["year_used"] == table["year"]).all()
    kinds = table["status"].map(lambda s: "target" if s == "target" else "realised")
    per = table.assign(kind=kinds).groupby(["indicator", "measure", "year"])["kind"].nunique()
    assert per.max() == 1
    # every comparison holds two or more regions; a ranking is never of one region
    assert len(table) > 20
    assert (table.groupby(["indicator", "measure", "year"])["region"].nunique() >= 2).all()
    ranked = table[table["rank"].notna()]
    assert (ranked["rank_of"].astype(int) >= 2).all()
    # 余杭's 3.5% unemployment ceiling (a target) is never ranked beside 杭州's actual 2.42
    jobless = table[table["indicator"] == "城镇登记失业率"]
    assert not ((jobless["region"] == "余杭区") & (jobless["status"] == "target")
                & jobless["rank"].notna()).any()


def test_a_milestone_without_a_year_is_placed_in_no_year(facts):
    # 001: 经济总量突破2万亿元 in a sentence naming no year: not a 2025 figure for comparison
    gdp = facts[(facts["indicator"] == GDP) & (facts["region"] == "杭州市") & (facts["measure"] == "level")]
    assert not ((gdp["qualifier"] == "突破") & (gdp["unit"] == "万亿元") & (gdp["value"] == 2.0)).any()
    # a dated milestone stays (a sentence with a year)
    dated = pd.DataFrame([dict(doc_id="009", region="杭州市", indicator=GDP, indicator_code="gdp",
                               indicator_raw="经济总量", unit="亿元", measure="level", status="actual",
                               qualifier="突破", value=100.0, year=2019, quote="2019年经济总量突破100亿元")])
    undated = dated.assign(quote="经济总量突破100亿元", doc_id="010")
    prepared = C.prepare_facts(pd.concat([dated, undated], ignore_index=True))
    assert list(prepared["doc_id"]) == ["009"]


def test_different_definitions_are_not_ranked_together():
    # invented figures: two districts, one counting 执业(助理)医师, the other 执业医师 only
    rows = pd.DataFrame([
        dict(doc_id="011", region="萧山区", indicator="每千人口执业医师数", indicator_code="doctors",
             indicator_raw="每千人执业(助理)医师数", unit="人", measure="level", status="actual",
             value=3.2, year=2022, quote="甲"),
        dict(doc_id="012", region="拱墅区", indicator="每千人口执业医师数", indicator_code="doctors",
             indicator_raw="每千人口执业医师数", unit="人", measure="level", status="actual",
             value=4.1, year=2022, quote="乙"),
    ])
    t = C.compare("每千人口执业医师数", 2022, facts=C.prepare_facts(rows)).table
    assert t["rank"].isna().all()
    assert t["note"].str.contains("口径不同").all()
    assert C.definition_of("每千人执业(助理)医师数") == "助理" and C.definition_of("地区生产总值(亿元)") == ""
