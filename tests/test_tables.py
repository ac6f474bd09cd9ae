"""Table reading: the header vocabulary file, header and region cells, files that are only a table,
and statuses of statistical tables (invented figures)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from planbook.catalog import load_catalog
from planbook.extract.context import DocInfo
from planbook.extract.document import table_only_text
from planbook.extract.tables import _RULES_FILE, classify_header, header_words, region_of_cell
from planbook.fileio import PlanbookError
from planbook.ingest import TABLE_COLUMNS, _region_aliases, extract_text, read_report

LIB = Path(__file__).resolve().parents[1] / "lib" / "planbook" / "extract"


def _doc(region: str) -> DocInfo:
    return DocInfo("zz", "zz.txt", region, "report", "", 2023, 2022, 2023, None)


def _rows(text: str, region: str | None = None) -> list[dict]:
    aliases, names = _region_aliases()
    res = extract_text(text, "zz", "zz.txt", load_catalog(), aliases, names, {"region": region} if region else None)
    return [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in res.rows]


def test_every_vocabulary_entry_has_words_and_an_example_it_matches():
    data = yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8"))
    assert {"estimate", "actual", "target", "growth", "unit", "attribute", "indicator_name", "region_head"} <= set(data)
    for key, entry in data.items():
        assert entry["words"] and entry["example"], key
        assert header_words(key).search(entry["example"]), f"{key}: its example {entry['example']} is not matched"
    assert header_words("growth") is header_words("growth")   # compiled once


@pytest.mark.parametrize("header, role, year, status, measure", [
    ("2019年目标增长(%)", "value", 2019, "target", "growth"),
    ("2019年实际增长(%)", "value", 2019, "actual", "growth"),
    ("2023年预计完成", "value", 2023, "estimate", None),
    ("2021—2025年年均增长(%)", "value", 2025, None, "avg_growth"),
    ("增长(%)", "value", None, None, "avg_growth"),
    ("指标属性", "attr", None, None, None),
    ("县(市、区)", "region", None, None, None),
    ("指标名称", "name", None, None, None),
])
def test_header_cells(header, role, year, status, measure):
    col = classify_header(header)
    assert (col.role, col.year, col.status, col.measure) == (role, year, status, measure)


def test_region_cells_resolve_through_the_catalog():
    assert region_of_cell("萧山", _doc("杭州市")) == "萧山区"
    assert region_of_cell("钱塘新区", _doc("杭州市")) == "钱塘区"
    assert region_of_cell("合计", _doc("富阳区")) == "富阳区"
    assert region_of_cell("全区", _doc("滨江区")) == "滨江区"
    assert region_of_cell("全市", _doc("杭州市")) == "杭州市"
    assert region_of_cell("其中:城区", _doc("杭州市")) == ""
    assert region_of_cell("地区生产总值", _doc("杭州市")) == ""


def test_a_file_that_is_only_a_table_is_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("2020年各区县主要经济指标\n| 地区 | 地区生产总值(亿元) | 增长(%) |\n| --- | --- | --- |\n"
                    "| 上城区 | 1901.2 | 4.1 |\n| 淳安县 | 241.7 | 3.3 |\n", encoding="utf-8")
    text = read_report(path)
    rows = _rows(text)
    got = {(r["region"], r["indicator_raw"], r["year"], r["value"], r["measure"], r["status"], r["rule"]) for r in rows}
    assert ("淳安县", "地区生产总值", 2020, 241.7, "level", "actual", "table.district_rows") in got
    assert ("上城区", "地区生产总值", 2020, 4.1, "growth", "actual", "table.district_rows") in got


def test_a_short_file_that_is_no_table_is_still_refused(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("会议通知\n请于3月5日9时到2号会议室开会。\n联系人:张三 电话12345678\n", encoding="utf-8")
    with pytest.raises(PlanbookError, match="不是规划报告"):
        read_report(path)
    assert table_only_text("| a | b | c |\n| 1 | 2 | 3 |\n".encode()) is None   # no header words
    assert table_only_text(b"\x00\x01| x | y | z |") is None


def test_statistical_tables_keep_actuals_where_a_report_on_the_current_year_says_estimate():
    # a round-up titled with the year it covers: its published year is taken to be that year, yet
    # its figures are statistics of a closed year
    table = ("| 指标名称 | 单位 | 2021年实际 |\n| --- | --- | --- |\n| 工业投资 | 亿元 | 120.4 |\n")
    roundup = _rows("各区2021年经济运行情况\n| 地区 | 地区生产总值(亿元) | 增速(%) |\n| --- | --- | --- |\n"
                    "| 西湖区 | 1812.5 | 9.7 |\n| 建德市 | 388.1 | 8.9 |\n\n表2 主要指标\n" + table)
    by = {(r["region"], r["indicator_raw"], r["value"]): r for r in roundup}
    assert by[("建德市", "地区生产总值", 388.1)]["status"] == "actual"
    assert by[("西湖区", "地区生产总值", 9.7)]["status"] == "actual"
    assert by[("西湖区", "地区生产总值", 9.7)]["measure"] == "growth"
    assert [r["status"] for r in roundup if r["indicator_raw"] == "工业投资"] == ["actual"]
    # a work report read in the year it speaks of: that year's results are estimates
    report = _rows("2021年某区政府工作报告\n一、2021年工作安排\n表1 主要指标\n" + table, "西湖区")
    assert [(r["status"], r["rule"]) for r in report if r["indicator_raw"] == "工业投资"] == [("estimate", "table.pipe")]


def test_a_header_cell_followed_by_prose_starts_no_table():
    text = ("某县2021年国民经济和社会发展计划执行情况与2022年计划草案\n一、2021年计划执行情况\n指标名称\n"
            "全年围绕发展目标推进各项工作,地区生产总值增长7.2%,一般公共预算收入增长9.1%,各项工作取得积极成效。\n")
    rows = _rows(text, "桐庐县")
    assert rows and all(not r["rule"].startswith("table") for r in rows)
    assert {r["value"] for r in rows} >= {7.2, 9.1}


def test_table_reading_functions_stay_short():
    for name in ("tables.py", "document.py"):
        tree = ast.parse((LIB / name).read_text(encoding="utf-8"))
        long = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(tree)
                if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 80]
        assert not long, f"{name}: {long}"


def test_rank_columns_give_no_facts():
    rows = _rows("2023年各区县主要经济指标\n| 地区 | 地区生产总值(亿元) | 增幅(%) | 位次 |\n| --- | --- | --- | --- |\n"
                 "| 临安区 | 712.8 | 6.7 | 3 |\n| 桐庐县 | 460.5 | 7.1 | 1 |\n")
    assert sorted(r["value"] for r in rows if r["region"] == "桐庐县") == [7.1, 460.5]
    assert all(r["indicator_raw"] == "地区生产总值" for r in rows)


def test_a_title_naming_one_region_gives_the_table_its_region():
    from planbook.extract.tables import title_region
    assert title_region("表3 富阳区2022年主要经济指标") == "富阳区"
    assert title_region("2022年各区县主要经济指标") == ""
    assert title_region("萧山区与滨江区主要指标比较") == ""


TABLE_RULES = {"table.pipe", "table.aligned", "table.flattened", "table.flattened_target_actual",
               "table.district_rows", "table.district_columns", "table.flattened_district_rows",
               "table.flattened_district_columns"}


def test_every_table_fact_names_its_rule():
    folder = Path(__file__).parent / "data" / "heldout5"
    rows = []
    for path in sorted(folder.glob("*.txt")):
        rows += _rows(read_report(path))
    table_rows = [r for r in rows if r["source_kind"] == "table"]
    assert len(table_rows) > 300
    assert {r["rule"] for r in table_rows} <= TABLE_RULES
    assert {"table.pipe", "table.aligned", "table.flattened_target_actual"} <= {r["rule"] for r in table_rows}


def test_a_box_of_tasks_by_region_is_no_table_of_figures():
    text = ("杭州市2023年国民经济和社会发展计划\n三、重点任务分工\n| 地区 | 主要任务 | 牵头单位 |\n| --- | --- | --- |\n"
            "| 上城区 | 稳步提高服务业比重 | 区发改局 |\n| 萧山区 | 持续提升制造业能级 | 区经信局 |\n")
    aliases, names = _region_aliases()
    res = extract_text(text, "zz", "zz.txt", load_catalog(), aliases, names, {"region": "杭州市"})
    assert not [r for r in res.rows if dict(zip(TABLE_COLUMNS, r))["source_kind"] == "table"]
    assert not [q for q in res.quality if q["kind"] == "table_unread"]
