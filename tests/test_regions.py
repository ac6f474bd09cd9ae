"""The regions catalog built from the administrative-division dataset (tools/build_regions.py):
coverage of Zhejiang and of China's cities, Hangzhou's hand-kept rows, short names, and which
regions a comparison takes by default."""
from __future__ import annotations

import pandas as pd
import pytest

from planbook import regions as R

HANGZHOU_CODES = ["330000", "330100", "330102", "330103", "330104", "330105", "330106", "330108", "330109",
                  "330110", "330113", "330114", "330111", "330112", "330122", "330127", "330182", "DJD"]
# capitals of the provinces and autonomous regions (the four municipalities are cities themselves)
CAPITALS = ["石家庄市", "太原市", "呼和浩特市", "沈阳市", "长春市", "哈尔滨市", "南京市", "杭州市", "合肥市", "福州市",
            "南昌市", "济南市", "郑州市", "武汉市", "长沙市", "广州市", "南宁市", "海口市", "成都市", "贵阳市",
            "昆明市", "拉萨市", "西安市", "兰州市", "西宁市", "银川市", "乌鲁木齐市"]


@pytest.fixture(scope="module")
def cat() -> pd.DataFrame:
    return R.load_regions()


def test_every_county_level_division_of_zhejiang(cat):
    zj = cat[cat["code"].str.match(r"^33\d{4}$") & cat["level"].isin(["district", "county"]) & (cat["successor"] == "")]
    assert len(zj) == 90
    assert {"龙港市", "临平区", "钱塘区", "奉化区", "玉环市", "柯桥区", "景宁畲族自治县"} <= set(zj["name"])
    parents = dict(zip(cat["code"], cat["name"]))
    assert parents[cat.set_index("name").loc["龙港市", "parent"]] == "温州市"
    assert parents[cat.set_index("name").loc["海曙区", "parent"]] == "宁波市"
    assert zj.groupby("parent").size().to_dict()["330100"] == 13


def test_every_prefecture_level_division_and_every_capital(cat):
    cities = cat[cat["level"] == "city"]
    municipalities = {"北京市", "天津市", "上海市", "重庆市"}
    assert len(cities) - len(municipalities & set(cities["name"])) == 333
    assert set(CAPITALS) | municipalities <= set(cities["name"])
    assert {"恩施土家族苗族自治州", "大兴安岭地区", "阿拉善盟", "苏州市", "深圳市"} <= set(cities["name"])
    prov = cat.set_index("name")
    assert prov.loc["苏州市", "parent"] == prov.loc["江苏省", "code"] and prov.loc["江苏省", "level"] == "province"
    assert R.city_of("象山县") == "宁波市" and R.parent_region("宁波市") == "浙江省"


def test_hangzhou_rows_are_kept_as_they_were(cat):
    hz = cat[cat["code"].isin(HANGZHOU_CODES)].set_index("code")
    assert list(cat["code"][:len(HANGZHOU_CODES)]) == HANGZHOU_CODES    # first, in their own order
    assert hz.loc["330103", "valid_to"] == "2021-04-09" and hz.loc["330103", "successor"] == "拱墅区"
    assert hz.loc["330110", "aliases"] == "新余杭区|新余杭|老余杭|原余杭区|原余杭"
    assert hz.loc["330100", "ambiguous_aliases"] == "杭州|全市|我市|本市"
    assert hz.loc["330112", "aliases"] == "临安市" and R.canonical_region("临安市") == "临安区"


def test_former_names_from_the_older_dataset():
    assert R.canonical_region("奉化市") == "奉化区" and R.canonical_region("玉环县") == "玉环市"
    m = R.resolve_region("江东区")
    assert m.successor == "鄞州区" and m.parent == "宁波市" and "撤销" in m.note


def test_short_names_come_from_the_catalog():
    hz = R.short_region_names()
    assert hz == ["上城", "临安", "临平", "余杭", "富阳", "建德", "拱墅", "杭州", "桐庐", "淳安", "滨江", "萧山",
                  "西湖", "钱塘"]                                      # current ones only: no 下城, 江干
    assert "下城" in R.short_region_names(current_only=False)
    nb = R.short_region_names("宁波市")
    assert {"宁波", "海曙", "鄞州", "象山"} <= set(nb) and "杭州" not in nb
    every = R.short_region_names(None)
    assert {"恩施", "大兴安岭", "内蒙古", "宁波", "西湖"} <= set(every)
    assert "吉林" not in every                                          # 吉林省 and 吉林市: not a short name


def test_short_names_are_ambiguous_aliases_not_text_matches():
    pairs = dict(R.region_names_and_aliases())
    assert "宁波" not in pairs and "温州" not in pairs and pairs["宁波市"] == "宁波市"
    assert R.canonical_region("宁波") == "宁波市" and R.canonical_region("恩施") == "恩施土家族苗族自治州"


def test_a_documents_family_of_regions():
    assert {"杭州市", "浙江省", "建德市", "大江东"} <= set(R.family_names("淳安县"))
    assert "宁波市" not in R.family_names("西湖区") and "海曙区" in R.family_names("宁波市")
    assert R.family_names("") == R.family_names("杭州市")              # unknown: the workbook's city


def facts(rows):
    return pd.DataFrame(rows, columns=["doc_id", "region"])


def test_comparison_scope_keeps_the_documents_city_and_its_districts():
    f = facts([("001", "杭州市"), ("001", "杭州市"), ("001", "宁波市"), ("002", "西湖区"), ("002", "西湖区"),
               ("003", "浙江省"), ("003", "萧山区"), ("003", "萧山区"), ("004", "海曙区"), ("004", "海曙区")])
    scope = R.comparison_scope(f["region"], f["doc_id"])
    kept = set(f["region"][scope])
    # 宁波市 named in a Hangzhou report, and a Ningbo district's report, are not ranked among Hangzhou's
    assert kept == {"杭州市", "西湖区", "浙江省", "萧山区"}


def test_a_peer_city_is_compared_when_a_document_is_about_it():
    f = facts([("001", "杭州市"), ("002", "宁波市"), ("002", "宁波市"), ("003", "西湖区"), ("004", "苏州市"),
               ("003", "苏州市"), ("003", "西湖区")])
    kept = set(f["region"][R.comparison_scope(f["region"], f["doc_id"])])
    assert kept == {"杭州市", "宁波市", "西湖区", "苏州市"}
    f = facts([("001", "宁波市"), ("002", "海曙区"), ("003", "鄞州区"), ("004", "西湖区"), ("004", "杭州市"),
               ("004", "西湖区")])
    kept = set(f["region"][R.comparison_scope(f["region"], f["doc_id"])])
    assert kept == {"宁波市", "海曙区", "鄞州区"}                       # most documents are Ningbo's


def test_compare_ranks_the_documents_city_by_default_and_others_on_request():
    from planbook import compare as C
    rows = [("901", "杭州市", 20000.0), ("901", "宁波市", 16000.0), ("902", "西湖区", 2100.0),
            ("903", "萧山区", 2200.0), ("904", "海曙区", 1500.0)]
    facts = pd.DataFrame([{"doc_id": d, "region": r, "indicator": "地区生产总值", "indicator_code": "GDP",
                           "unit": "亿元", "measure": "level", "status": "actual", "year": 2023, "value": v,
                           "quote": f"{r}地区生产总值{v:g}亿元"} for d, r, v in rows])
    prepared = C.prepare_facts(facts)
    table = C.compare("地区生产总值", 2023, facts=prepared).table
    assert set(table["region"]) == {"杭州市", "西湖区", "萧山区"}
    asked = C.compare("地区生产总值", 2023, facts=prepared, regions=["海曙区", "西湖区"]).table
    assert set(asked["region"]) == {"海曙区", "西湖区"}
