"""Chinese words of the Excel sheets: column headers per kind, labels of coded values, the
status colours (from the shared vocabulary, planbook.vocab) and the scenario variable names."""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from planbook import vocab as V
from planbook.data import QUALITY_KIND_ZH as DATA_QUALITY_KIND_ZH
from planbook.sheet_specs import SOURCE_NOTE
from planbook.verify import QUALITY_KIND_ZH


_STATUS_COLOURS = V.colours("review_status")   # the shared status colours (charts, tables, Excel)


COMMON_LABELS: dict[str, str] = {
    "doc_id": "文件编号",
    "doc_title": "来源报告",
    "region": "地区",
    "indicator": "指标名称",
    "indicator_code": "指标代码",
    "indicator_raw": "原文指标名称",
    "category": "类别",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "measure": "口径",
    "status": "数据状态",
    "qualifier": "限定词",
    "period": "期间",
    "plan": "规划",
    "base_year": "基期年",
    "attribute": "属性",
    "value_text": "原文数值",
    "source_kind": "来源形式",
    "rule": "抽取规则",
    "table_id": "表格编号",
    "row_label": "表格行名",
    "note": "注释",
    "notes": "注释",
    "quote": "原文摘录",
    "char_start": "原文起始位置",
    "char_end": "原文结束位置",
    "source": "来源",
    "sources": "来源",
    "file": "文件",
    "scenario": "情景",
    "variable": "变量",
    "verified": "核对",              # planbook.verify: whether a person checked the figure
    "value_extracted": "原抽取数值",
}


INDICATOR_LABELS = dict(COMMON_LABELS)


REVIEW_LABELS = {
    **COMMON_LABELS,
    "status": "完成状态",
    "status_label": "完成状态",
    "base_value": "基期值",
    "target_year": "目标年",
    "target_value": "目标值",
    "target_text": "目标(原文)",
    "target_qualifier": "目标限定词",
    "target_kind": "目标类型",
    "latest_year": "最新数据年份",
    "latest_value": "最新值",
    "latest_status": "最新值状态",
    "latest_text": "最新值(原文)",
    "required_growth_pct": "所需年均增速(%)",
    "actual_growth_pct": "实际年均增速(%)",
    "remaining_growth_pct": "剩余年份所需增速(%)",
    "completion_pct": "完成进度(%)",
    "elapsed_pct": "时间进度(%)",
    "gap": "差距",
    "gap_pct": "差距(%)",
    "ratio": "实际/所需增速比",
    "growth_ratio": "实际/所需增速比",
    "band": "进度判断",
    "ratio_band": "进度判断",
    "projected_value": "按现速度目标年可达值",
    "pace_value": "按现速度目标年可达值",
    "direction": "方向",
    "tolerance": "容差",
    "check": "一致性核对",
    "checks": "一致性核对",
    "reason": "判断依据",
    "explanation": "说明",
    "plan_kind": "规划类型",
    "target_text": "目标(原文)",
    "latest_period": "最新值期间",
    "required_growth_from_latest_pct": "按最新值所需年均增速(%)",
    "implied_growth_pct": "按水平值推算年均增速(%)",
    "pace_ratio": "实际/所需增速比R",
    "pace_band": "进度判断",
    "status_reason": "判断依据",
}


COMPARISON_LABELS = {
    **COMMON_LABELS,
    "status": "数据状态",
    "share_of_city_pct": "占全市比重(%)",
    "share_pct": "占全市比重(%)",
    "rank": "位次",
    "growth_pct": "增速(%)",
    "year_used": "数据年份",
    "requested_year": "对比年份",
    "nearest_year": "就近年份",
    "boundary": "统计口径",
    "city_value": "全市数值",
    "level": "层级",
    "parent": "上级",
    "year_note": "年份说明",
    "rank_of": "参与排名地区数",
    "value_as_written": "原文数值",
    "unit_as_written": "原文单位",
    "region_as_written": "原文地区",
    "region_level": "地区层级",
    "alternatives": "其他来源数值",
}


SCENARIO_LABELS = {
    **COMMON_LABELS,
    "assumption": "假设/来源",
    "assumptions": "假设/来源",
    "source": "假设/来源",
    "path": "路径",
    "p10": "10%分位",
    "p50": "中位数",
    "p90": "90%分位",
    "probability": "达标概率",
    "target": "目标值",
    "growth_pct": "增速(%)",
    "deflator_pct": "价格指数(%)",
    "population": "常住人口",
    "per_capita_cny": "人均(元)",
    "per_capita_usd": "人均(美元)",
}


QUALITY_LABELS = {
    **COMMON_LABELS,
    "kind": "问题类型",
    "location": "位置",
    "message": "说明",
    "severity": "严重程度",
}


COLUMN_LABELS: dict[str, dict[str, str]] = {
    "indicators": INDICATOR_LABELS,
    "reviews": REVIEW_LABELS,
    "comparison": COMPARISON_LABELS,
    "scenario": SCENARIO_LABELS,
    "quality": QUALITY_LABELS,
}


# Chinese labels for coded cell values (unknown values are kept as they are)
REVIEW_STATUS_LABELS = V.labels("review_status")


DATA_STATUS_LABELS = V.labels("data_status")


MEASURE_LABELS = V.labels("measure")


SOURCE_KIND_LABELS = V.labels("source_kind")


PLAN_KIND_LABELS = V.labels("plan_kind")


TARGET_KIND_LABELS = V.labels("target_kind")


DIRECTION_LABELS = V.labels("direction")


PACE_BAND_LABELS = V.labels("pace_band")


VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {**REVIEW_STATUS_LABELS, **DATA_STATUS_LABELS},
    "status_label": REVIEW_STATUS_LABELS,
    "latest_status": DATA_STATUS_LABELS,
    "base_status": DATA_STATUS_LABELS,
    "measure": MEASURE_LABELS,
    "source_kind": SOURCE_KIND_LABELS,
    "plan_kind": PLAN_KIND_LABELS,
    "target_kind": TARGET_KIND_LABELS,
    "direction": DIRECTION_LABELS,
    "pace_band": PACE_BAND_LABELS,
    "region_level": {"city": "市", "district": "区", "county": "县(市)", "county_city": "县级市"},
    "kind": {**DATA_QUALITY_KIND_ZH, **QUALITY_KIND_ZH},
    "rule": V.labels("extraction_rule"),
}


# status label -> (fill colour, font colour) for the conditional formatting
STATUS_STYLE: dict[str, tuple[str, str]] = {
    REVIEW_STATUS_LABELS[code]: (_STATUS_COLOURS[code], str(font))
    for code, font in V.attribute("review_status", "font").items()
}


STATUS_MEANINGS = V.attribute("review_status", "description")


# tags the tables put before a source (planbook.scenario: "official_stats: <source>"), as printed
SOURCE_TAGS = {"official_stats": "官方统计"}   # listed on the 说明 sheet (补充的官方统计数据)
_SOURCE_TAG_RE = re.compile(r"\b(" + "|".join(map(re.escape, SOURCE_TAGS)) + r")\b")


def column_label(column: str, kind: str) -> str:
    """The Chinese header of ``column`` on a sheet of ``kind`` (a scenario table's own variable
    columns by their variable names; unknown columns keep their name)."""
    if column == SOURCE_NOTE:
        return "出处"
    label = COLUMN_LABELS.get(kind, COMMON_LABELS).get(column)
    if label is None and kind == "scenario":
        label = SCENARIO_VARIABLE_LABELS.get(column)
    return label or column


_RULE_RE = re.compile(r"\b(?:prose|table)\.[a-z_]+\b")


def rule_names(text: Any) -> Any:
    """``text`` with the extraction rules it names (prose.label …) in Chinese (the quality log's
    per-rule counts)."""
    if not isinstance(text, str):
        return text
    return _RULE_RE.sub(lambda m: VALUE_LABELS["rule"].get(m.group(0), m.group(0)), text)


def source_text(text: str) -> str:
    """A source as printed: the tables' English source tags in Chinese."""
    return _SOURCE_TAG_RE.sub(lambda m: SOURCE_TAGS[m.group(1)], text)


def status_label(value: Any) -> Any:
    """Chinese label of a review or data status (unknown values unchanged)."""
    return VALUE_LABELS["status"].get(value, value) if isinstance(value, str) else value


def _translate(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col, mapping in VALUE_LABELS.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    return out


# scenario sheet: assumptions and results block, then year-by-year paths (years across), then line charts
SCENARIO_VARIABLE_LABELS = {
    "gdp": "地区生产总值", "gdp_nominal": "地区生产总值(现价)", "gdp_real": "地区生产总值(不变价)",
    "population": "常住人口", "per_capita_cny": "人均地区生产总值(元)", "per_capita_usd": "人均地区生产总值(美元)",
    "growth_pct": "增速", "deflator_pct": "GDP平减指数", "fx": "汇率", "fx_rate": "汇率",
    "target": "目标值", "probability": "达标概率",
}
