"""The scenario panel's text, drawn from a ``Projection`` or a region's defaults (HTML): the summary
under the controls, the year-by-year table and the sources of the defaults."""
from __future__ import annotations

import html
import math

from planbook import scenario as S
from planbook import vocab as V
from planbook.scenario_view.figure import COLOUR_OK, COLOUR_TARGET


def fmt(x, nd=1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.{nd}f}"


def problem(text: str) -> str:
    return f"<div style='color:{COLOUR_TARGET}'>输入有误:{html.escape(text)}</div>"


def message(text: str, error: bool = False) -> str:
    colour = COLOUR_TARGET if error else COLOUR_OK
    return f"<span style='color:{colour}'>{text}</span>"


def sources(d: S.RegionDefaults) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(str(r['项目']))}</td><td style='text-align:right'>{r['数值']:,.4g}</td>"
        f"<td>{html.escape(str(r['单位']))}</td><td>{html.escape(str(r['年份']))}</td>"
        f"<td style='font-size:90%'>{html.escape(str(r['来源']))}</td></tr>"
        for _, r in d.table().iterrows())
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in d.notes)
    return (f"<table style='border-collapse:collapse'><tr><th>项目</th><th>数值</th><th>单位</th>"
            f"<th>年份</th><th>来源(文档编号与原文,或官方统计;“估计”为估算值)</th></tr>{rows}</table>"
            + (f"<ul>{notes}</ul>" if notes else ""))


def summary(p: S.Projection) -> str:
    """The key result: the growth the target needs, whether the path reaches it, the probability,
    per-capita 美元."""
    a, ty = p.assumptions, p.target_year
    items = []
    if p.required_growth_pct is not None:
        defl = f"(名义{p.required_nominal_growth_pct:.2f}%)" if a.deflator_pct else ""
        items.append(f"达标所需年均实际增速:<b class='pb-required'>{p.required_growth_pct:.2f}%</b>{defl}"
                     f"({a.base_year}年{a.base_value:,.0f}亿元→{ty}年{a.target_value:,.0f}亿元)")
        items.append(html.escape(S.price_basis_note(a)))
    items.append(_verdict(p))
    if a.sigma_pct > 0 and p.probability is not None:
        sim = f",模拟{p.probability_sim * 100:.1f}%" if p.probability_sim is not None else ""
        items.append(f"σ={a.sigma_pct:g}个百分点时{ty}年达标概率:"
                     f"<b class='pb-probability'>{p.probability * 100:.1f}%</b>(对数正态近似{sim})")
    if p.per_capita_usd is not None:
        items.append(_per_capita(p))
    elif a.population_base is None:
        items.append("缺少基期人口:输入基期人口(万人)后显示人均GDP")
    return "<ul style='margin:4px 0'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _verdict(p: S.Projection) -> str:
    a, ty = p.assumptions, p.target_year
    end = p.at(ty, p.nominal)
    g = "逐年设定" if a.growth_by_year else f"{a.growth_pct:.2f}%"
    if not a.target_value:
        return f"按增速{g}:{ty}年{end:,.0f}亿元(未设目标)"
    ok = p.target_reached_year is not None and p.target_reached_year <= ty
    colour = COLOUR_OK if ok else COLOUR_TARGET
    verdict = (f"{p.target_reached_year}年达到目标" if ok else
               f"{ty}年为{end:,.0f}亿元,距目标差{a.target_value - end:,.0f}亿元")
    return f"按增速{g}:<b style='color:{colour}'>{verdict}</b>"


def _per_capita(p: S.Projection) -> str:
    a, ty = p.assumptions, p.target_year
    usd = p.at(ty, p.per_capita_usd)
    thr = a.usd_threshold
    line = (f"{ty}年{V.label('population', a.population_basis)}{p.at(ty, p.population):,.1f}万人,"
            f"人均GDP {p.at(ty, p.per_capita_cny):,.0f}元,"
            f"约<b>{usd:,.0f}美元</b>(汇率{a.fx:.2f})")
    if thr:
        line += (f";{p.usd_threshold_year}年起超过{thr:,.0f}美元" if p.usd_threshold_year
                 else f";到{int(p.years[-1])}年未超过{thr:,.0f}美元")
    return line


def table(p: S.Projection) -> str:
    """The year-by-year table (right-aligned numbers)."""
    df = p.table()
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(c)}</th>" for c in df.columns)
    cols = [df[c].to_numpy() for c in df.columns]
    nd = [0 if c == "年份" else (2 if "%" in c else (0 if "元" in c and "亿元" not in c else 1))
          for c in df.columns]
    body = []
    for i in range(len(df)):
        cells = [str(int(col[i])) if j == 0 else fmt(float(col[i]), nd[j]) for j, col in enumerate(cols)]
        body.append("<tr>" + "".join(f"<td style='text-align:right;padding:2px 6px'>{t}</td>" for t in cells)
                    + "</tr>")
    return (f"<table class='pb-scenario-table' style='border-collapse:collapse'><tr>{head}</tr>"
            + "".join(body) + "</table>")
