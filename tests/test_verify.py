"""Verification (issue 13): the analyst's decisions in data/catalog/corrections.csv are applied on every
ingestion — confirm, fix, reject, add — and survive re-ingestion.

Two kinds of project are used: a small invented one (one report written here, with invented figures)
for the mechanics, and a copy of the real workbook for the five decisions on seed report 000."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planbook import verify as V
from planbook.data import load_indicators, load_quality
from planbook.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]

REPORT = """关于临安区2023年国民经济和社会发展计划执行情况的报告

一、2023年计划执行情况
全区实现地区生产总值812亿元,增长6.4%。一般公共预算收入71.5亿元,增长5.2%。
规上工业增加值233亿元,增长7.7%。
新建保障性住房5000套,改造老旧小区12个。
城镇居民人均可支配收入增长5.5%,农村居民人均可支配收入增长5.5%。
全年接待游客1800万人次。
新增省级重点实验室三家。

二、2024年主要预期目标
地区生产总值增长6%左右,一般公共预算收入增长5%。
"""
HEADER = ["doc_id", "quote", "value", "action", "region", "indicator", "year", "new_value", "unit", "measure",
          "status", "note", "analyst", "date"]


def write_decisions(home: Path, rows: list[dict], header=HEADER) -> Path:
    path = home / "data" / "catalog" / "corrections.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path


def one(df: pd.DataFrame, **kw) -> pd.Series:
    sel = df
    for k, v in kw.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"{kw}: {len(sel)} rows"
    return sel.iloc[0]


@pytest.fixture()
def mini(tmp_path, monkeypatch) -> Path:
    """A project with one invented report (doc 900) and the real catalogs."""
    import shutil

    home = tmp_path / "mini"
    shutil.copytree(ROOT / "data" / "catalog", home / "data" / "catalog")
    (home / "data" / "catalog" / "corrections.csv").unlink(missing_ok=True)
    (home / "data" / "raw").mkdir(parents=True)
    (home / "data" / "raw" / "900_invented.txt").write_text(REPORT, encoding="utf-8")
    (home / "pyproject.toml").write_text("[project]\nname='copy'\n", encoding="utf-8")
    monkeypatch.setenv("PLANBOOK_HOME", str(home))
    return home


def test_no_corrections_file_is_the_normal_case(mini, capsys):
    res = ingest()
    assert not res.errors and len(res.indicators) > 10
    assert (res.indicators["verified"] == "").all()
    assert res.indicators["value_extracted"].isna().all()
    assert not res.quality["kind"].str.startswith("correction").any()
    assert "警告" not in capsys.readouterr().err
    written = load_indicators()
    assert list(written.columns[-2:]) == ["verified", "value_extracted"]


def test_each_action(mini, capsys):
    before = ingest().indicators
    write_decisions(mini, [
        dict(doc_id="900", quote="地区生产总值812亿元", value="812", action="confirm"),
        dict(doc_id="900", quote="一般公共预算收入71.5亿元", value="71.5", action="fix", new_value="72.5",
             note="按决算更正"),
        dict(doc_id="900", quote="规上工业增加值233亿元", value="7.7", action="fix", year="2022", status="estimate"),
        dict(doc_id="900", quote="改造老旧小区12个", value="12", action="reject", note="不是经济指标"),
        dict(doc_id="900", quote="新增省级重点实验室三家", action="add", indicator="新增省级重点实验室", year="2023",
             new_value="3", unit="家"),
    ])
    res = ingest()
    ind = res.indicators
    assert len(ind) == len(before)   # one rejected, one added
    assert one(ind, indicator="地区生产总值", year=2023, measure="level")["verified"] == "confirmed"
    fixed = one(ind, indicator="一般公共预算收入", year=2023, measure="level")
    assert (fixed["value"], fixed["value_extracted"], fixed["verified"]) == (72.5, 71.5, "corrected")
    assert "按决算更正" in fixed["note"]
    moved = one(ind, indicator="规模以上工业增加值", measure="growth")
    assert (moved["year"], moved["status"], moved["value"]) == (2022, "estimate", 7.7)
    assert ind[ind["indicator"] == "改造老旧小区"].empty
    rej = one(res.quality, kind=V.KIND_REJECTED)
    assert "改造老旧小区" in rej["message"] and "不是经济指标" in rej["message"]
    added = one(ind, indicator="新增省级重点实验室")
    assert (added["value"], added["unit"], added["verified"], added["doc_id"]) == (3, "家", "added", "900")
    assert added["region"] == "临安区"
    assert REPORT[added["char_start"]:added["char_end"]] == "新增省级重点实验室三家。"
    untouched = ind[ind["verified"] == ""]
    assert len(untouched) == len(before) - 4
    assert "警告" not in capsys.readouterr().err
    # the written table reads back with the same states
    assert V.checked_share(load_indicators()) == (4, len(before))


def test_an_added_figure_the_extractor_now_finds_is_not_doubled(mini):
    write_decisions(mini, [dict(doc_id="900", quote="全年接待游客1800万人次", action="add", indicator="接待游客",
                                year="2023", new_value="1800", unit="万人次")])
    ind = ingest().indicators
    assert one(ind, indicator="接待游客")["verified"] == "confirmed"


def test_a_decision_survives_when_the_text_around_its_fact_changes(mini):
    write_decisions(mini, [dict(doc_id="900", quote="规上工业增加值233亿元", value="233", action="fix",
                                new_value="234")])
    first = one(ingest().indicators, indicator="规模以上工业增加值", measure="level")
    report = mini / "data" / "raw" / "900_invented.txt"
    moved = REPORT.replace("一、2023年计划执行情况\n", "一、2023年计划执行情况\n今年以来,全区上下攻坚克难,稳中求进。\n"
                                               "(一)经济运行总体平稳。\n")
    report.write_text(moved.replace("规上工业增加值233亿元,增长7.7%。", "全区规上工业增加值233亿元,比上年增长7.7%。"),
                      encoding="utf-8")
    second = one(ingest().indicators, indicator="规模以上工业增加值", measure="level")
    assert second["char_start"] > first["char_start"]
    assert (second["value"], second["value_extracted"], second["verified"]) == (234, 233, "corrected")


def test_ambiguous_and_unmatched_decisions_are_listed_and_warned(mini, capsys):
    write_decisions(mini, [
        dict(doc_id="900", quote="人均可支配收入增长5.5%", value="5.5", action="confirm"),
        dict(doc_id="900", quote="这句话不在报告里", value="3", action="confirm"),
        dict(doc_id="900", quote="地区生产总值812亿元", value="812", action="confirm"),
    ])
    res = ingest()
    err = [ln for ln in capsys.readouterr().err.splitlines() if "警告" in ln]
    assert len(err) == 2 and "第2行" in err[0] and "2个" in err[0] and "第3行" in err[1]
    unmatched = res.quality[res.quality["kind"] == V.KIND_UNMATCHED]
    assert list(unmatched["location"]) == ["第2行", "第3行"]
    assert (res.indicators["verified"] == "confirmed").sum() == 1   # the third still applies
    # naming the label settles it
    write_decisions(mini, [dict(doc_id="900", quote="人均可支配收入增长5.5%", value="5.5", action="confirm",
                                indicator_raw="农村居民人均可支配收入")], header=HEADER + ["indicator_raw"])
    ind = ingest().indicators
    assert one(ind, verified="confirmed")["indicator"] == "农村居民人均可支配收入"


def test_malformed_rows_are_named_and_the_others_apply(mini, capsys):
    path = write_decisions(mini, [
        dict(doc_id="900", quote="改造老旧小区12个", value="12", action="delete"),
        dict(doc_id="900", quote="新建保障性住房5000套", value="五千", action="confirm"),
        dict(doc_id="900", quote="新建保障性住房5000套", value="5000", action="fix", new_value="5千"),
        dict(doc_id="900", quote="新建保障性住房5000套", value="5000", action="confirm"),
    ])
    decisions, problems = V.read_corrections(path)
    assert [d.line for d in decisions] == [5]
    assert len(problems) == 3 and all(str(path) in p for p in problems)
    assert "第2行" in problems[0] and "delete" in problems[0]
    assert "第3行" in problems[1] and "不是数字" in problems[1]
    assert "第4行" in problems[2] and "new_value" in problems[2]
    res = ingest()
    assert one(res.indicators, indicator="新建保障性住房")["verified"] == "confirmed"
    bad = res.quality[res.quality["kind"] == V.KIND_MALFORMED]
    assert list(bad["location"]) == ["第2行", "第3行", "第4行"]
    assert sum("警告" in ln for ln in capsys.readouterr().err.splitlines()) == 3


def test_a_file_without_the_needed_columns_is_one_message(mini):
    path = mini / "data" / "catalog" / "corrections.csv"
    path.write_text("doc,quote\n900,x\n", encoding="utf-8")
    decisions, problems = V.read_corrections(path)
    assert decisions == [] and len(problems) == 1 and "doc_id" in problems[0]
    assert not ingest().errors


def test_unit_matching_ignores_spaces_and_needs_the_value():
    ind = pd.DataFrame({"doc_id": ["001", "001"], "quote": ["甲指标 12亿元,乙指标12亿元。", "丙指标7%"],
                        "value": [12.0, 7.0], "indicator_raw": ["甲指标", "丙指标"], "indicator": ["甲", "丙"]})
    d = V.Decision(2, "001", "甲指标12亿元", 12.0, "confirm")
    assert V.find_facts(ind, d) == [0]
    assert V.find_facts(ind, V.Decision(2, "001", "甲指标12亿元", 13.0, "confirm")) == []
    assert V.find_facts(ind, V.Decision(2, "002", "甲指标12亿元", 12.0, "confirm")) == []


# --------------------------------------------------------------------------- the real seed report 000
@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    from planbook.notebook_exec import make_workbook_copy

    home = make_workbook_copy(tmp_path_factory.mktemp("verify"), ROOT)
    (home / "data" / "catalog" / "corrections.csv").unlink(missing_ok=True)
    return home


def _planbook(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "planbook", *args], env=env, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)


SEED_DECISIONS = [
    dict(doc_id="000", quote="地区生产总值16106亿元", value="16106", action="confirm", analyst="测试"),
    dict(doc_id="000", quote="规上工业增加值3634亿元", value="3634", action="fix", new_value="3635",
         note="核对统计公报"),
    dict(doc_id="000", quote="援鄂医疗队6批次", value="6", action="reject", note="不是发展指标"),
    dict(doc_id="000", quote="374个重点建设项目完成投资", action="add", indicator="重点建设项目个数",
         year="2020", new_value="374", unit="个", status="actual", note="抽取遗漏"),
    dict(doc_id="000", quote="这一句在任何报告中都没有", value="99", action="confirm"),
]


def test_five_decisions_on_seed_report_000(workbook):
    proc = _planbook(workbook, "ingest")
    assert proc.returncode == 0, proc.stderr[-400:]
    before = load_indicators(workbook / "data" / "processed" / "indicators.csv")
    write_decisions(workbook, SEED_DECISIONS)
    proc = _planbook(workbook, "ingest")
    assert proc.returncode == 0, proc.stderr[-400:]
    warnings = [ln for ln in proc.stderr.splitlines() if "警告" in ln]
    assert len(warnings) == 1 and "第6行" in warnings[0] and "没有找到" in warnings[0]
    after = load_indicators(workbook / "data" / "processed" / "indicators.csv")
    c = after[after["doc_id"] == "000"]
    assert one(c, indicator="地区生产总值", year=2020, value=16106.0)["verified"] == "confirmed"
    fixed = one(c, indicator="规模以上工业增加值", year=2020, measure="level")
    assert (fixed["value"], fixed["value_extracted"], fixed["verified"]) == (3635, 3634, "corrected")
    assert c[c["indicator_raw"].str.contains("援鄂")].empty
    added = one(c, verified="added")
    assert (added["indicator"], added["value"], added["measure"], added["region"]) == \
        ("重点建设项目个数", 374, "level", "杭州市")
    assert added["quote"].startswith("374个重点建设项目完成投资") and added["char_start"] > 0
    q = load_quality(workbook / "data" / "processed" / "quality.csv")
    assert "援鄂" in one(q, kind=V.KIND_REJECTED)["message"]
    assert one(q, kind=V.KIND_UNMATCHED)["location"] == "第6行"
    # nothing else changes
    key = ["doc_id", "quote", "indicator", "year", "measure", "status", "value"]
    rest_before = before[~before["quote"].str.contains("16106亿元|3634亿元|援鄂医疗队")]
    rest_after = after[(after["verified"] == "") & ~after["quote"].str.contains("16106亿元|3634亿元|援鄂医疗队")]
    cols = [c for c in before.columns if c not in V.VERIFICATION_COLUMNS]
    pd.testing.assert_frame_equal(rest_before[cols].sort_values(key).reset_index(drop=True),
                                  rest_after[cols].sort_values(key).reset_index(drop=True))
    # the command line counts
    out = _planbook(workbook, "verify")
    assert out.returncode == 0, out.stderr
    assert f"已核对 checked 3 / {len(after)}" in out.stdout
    row000 = next(ln for ln in out.stdout.splitlines() if ln.startswith("000"))
    assert row000.split()[1:4] == ["1", "1", "1"]
    assert "第6行" in out.stdout and "这一句在任何报告中都没有" in out.stdout


# --------------------------------------------------------------------------- the notebook panel
def test_panel_confirms_fixes_deletes_and_adds(mini):
    from planbook import verify_view as VV

    ingest()
    seen = []
    panel = VV.VerificationPanel(on_change=seen.append, analyst="测试员")
    panel.doc.value = "900"
    first = panel.go(0)
    assert first["indicator"] == "地区生产总值" and first["value"] == 812
    assert "812亿元</mark>" in panel.context.value and "计划执行情况</span>" in panel.context.value
    assert "一般公共预算收入71.5亿元" in panel.context.value
    assert "已核对 0 / " in panel.progress.value
    panel.confirm()
    assert "已核对 1 / " in panel.progress.value and len(seen) == 1
    # unchecked only: the confirmed figure left the list, the next one is current
    nxt = panel.current()
    assert (nxt["indicator"], nxt["value"]) == ("地区生产总值", 6.4)
    panel.fix(new_value="6.5", note="按统计局数据")
    panel.unchecked_only.value = False
    panel.indicator.value = "一般公共预算收入"
    assert (panel.doc.value, panel.indicator.value) == ("900", "一般公共预算收入")
    assert panel.current()["value"] == 71.5
    panel.reject()
    panel.add("新增省级重点实验室三家。", indicator="新增省级重点实验室", year="2023", new_value="3", unit="家")
    rows = list(csv.DictReader(open(mini / "data" / "catalog" / "corrections.csv", encoding="utf-8")))
    assert [r["action"] for r in rows] == ["confirm", "fix", "reject", "add"]
    assert rows[1]["quote"] == "增长6.4%" and rows[1]["new_value"] == "6.5" and rows[1]["analyst"] == "测试员"
    ind = load_indicators()
    assert one(ind, indicator="地区生产总值", measure="growth", year=2023)["value_extracted"] == 6.4
    assert one(ind, indicator="新增省级重点实验室")["verified"] == "added"
    assert ind[(ind["indicator"] == "一般公共预算收入") & (ind["year"] == 2023)]["value"].tolist() == [5.2]
    # deciding again on the same figure replaces the earlier decision
    panel.indicator.value = "地区生产总值"
    panel.go(1)
    assert panel.current()["value"] == 6.5 and panel.indicator.value == "地区生产总值"
    panel.fix(new_value="6.6")
    rows = list(csv.DictReader(open(mini / "data" / "catalog" / "corrections.csv", encoding="utf-8")))
    assert [r["new_value"] for r in rows if r["action"] == "fix"] == ["6.6"]


def test_panel_context_shows_neighbours_and_marks_the_figure():
    from planbook.verify_view import context_html

    text = "第一句说别的。规上工业增加值233亿元,增长7.7%。第三句也说别的。第四句不显示。"
    s = text.index("规上")
    out = context_html(text, s, s + 20, "233亿元")
    assert "第一句说别的" in out and "第三句也说别的" in out and "第四句" not in out
    assert "<mark" in out and "233亿元</mark>" in out


def test_labels_join_the_catalog(mini):
    from planbook import verify_view as VV
    from planbook.catalog import load_catalog

    facts = ingest().indicators
    box = VV.LabelsToCatalog(facts)
    assert "改造老旧小区" in box.label.options
    facts = box.add_label("改造老旧小区", "old_estates", new={"unit": "个", "category": "民生"})
    assert one(facts, indicator="改造老旧小区")["indicator_code"] == "old_estates"
    facts = box.add_label("新建保障性住房", "old_estates")
    assert one(facts, indicator_raw="新建保障性住房")["indicator_code"] == "old_estates"
    cat = load_catalog()
    assert cat.get("old_estates").unit == "个" and cat.match("新建保障性住房").code == "old_estates"
    with pytest.raises(Exception, match="已被使用"):
        box.add_label("新建保障性住房", "old_estates", new={})


def test_seed_decisions_reach_reviews_comparison_and_excel(workbook):
    import openpyxl

    write_decisions(workbook, SEED_DECISIONS)
    proc = _planbook(workbook, "build", "--skip-notebooks", "--no-progress")
    assert proc.returncode == 0, proc.stderr[-400:]
    assert sum("警告" in ln for ln in proc.stderr.splitlines()) == 1
    processed = workbook / "data" / "processed"
    comp = pd.read_csv(processed / "comparison.csv", dtype=str, keep_default_na=False)
    city = comp[(comp["indicator"] == "规模以上工业增加值") & (comp["region"] == "杭州市") & (comp["year"] == "2020")
                & (comp["measure"] == "level")]
    assert city["value"].astype(float).tolist() == [3635.0]
    wb = openpyxl.load_workbook(workbook / "exports" / "规划指标分析汇总.xlsx")
    ws = wb["指标数据"]
    hdr = next(r for r in range(1, 8) if ws.cell(row=r, column=1).value == "文件编号")
    cols = {ws.cell(row=hdr, column=j).value: j for j in range(1, ws.max_column + 1)}
    state = {}
    for r in range(hdr + 1, ws.max_row + 1):
        v, k = ws.cell(row=r, column=cols["数值"]).value, ws.cell(row=r, column=cols["核对"]).value
        if ws.cell(row=r, column=cols["文件编号"]).value == "000" and v in (16106, 3635, 374):
            state[v] = (k, ws.cell(row=r, column=cols["原抽取数值"]).value)
        if k == "未核对":
            assert ws.cell(row=r, column=cols["数值"]).font.i and ws.cell(row=r, column=cols["核对"]).font.i
    assert state == {16106: ("已确认", None), 3635: ("已更正", 3634), 374: ("已补录", None)}
    assert not any(ws.cell(row=r, column=cols["数值"]).value == 3634 for r in range(hdr + 1, ws.max_row + 1))
    ws = wb["区县对比"]
    hdr = next(r for r in range(1, 8) if "核对" in [c.value for c in ws[r]])
    labels = [c.value for c in ws[hdr]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=hdr + 1)]
    hit = [r for r in rows if r[labels.index("地区")] == "杭州市" and r[labels.index("数值")] == 3635]
    assert hit and all(r[labels.index("核对")] == "已更正" for r in hit)
    assert "核对" in [c.value for c in wb["规划目标完成情况"][3]] or any(
        "核对" in [c.value for c in wb["规划目标完成情况"][r]] for r in range(1, 8))
    readme = " ".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    n = len(pd.read_csv(processed / "indicators.csv", dtype=str))
    assert f"所用 {n} 个数字中,3 个经人工核对(已确认1、已更正1、已补录1)" in readme
    q = pd.read_csv(processed / "quality.csv", dtype=str, keep_default_na=False)
    assert set(q["kind"]) >= {V.KIND_REJECTED, V.KIND_UNMATCHED}
