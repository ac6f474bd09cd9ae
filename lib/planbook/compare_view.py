"""Charts, tables and widgets for the district comparison notebook (03_district_comparison).

Everything a user reads is Chinese. Charts are built as figures (no ``plt.show()``) so that widget
callbacks can ``display`` them inside an ``ipywidgets.Output``; ``ComparisonView.update()`` can be
called directly (tests do) and returns what it rendered.
"""
from __future__ import annotations

import math


import pandas as pd

from planbook import charts, grid
from planbook import compare as C
from planbook import verify as VER
from planbook import vocab as V
from planbook.fileio import PlanbookError
from planbook.view_base import WIDE, FilteredView, FilterSpec

# status colours for comparison charts (actual / estimate / target)
VALUE_STATUS_COLOURS = V.colours("data_status")

TABLE_LABELS = {
    "region": "地区",
    "display": "数值",
    "unit": "单位",
    "status_label": "状态",
    "year_used": "数据年份",
    "year_note": "年份说明",
    "share_of_city_pct": "占全市比重(%)",
    "rank_label": "位次",
    "verified_label": VER.VERIFIED_COLUMN_ZH,
    "note": "口径与说明",
    "source": "来源(文件编号: 原文)",
}


def _plt():
    import matplotlib.pyplot as plt
    charts.use_chinese_font()
    return plt


def table_view(table: pd.DataFrame) -> pd.DataFrame:
    """The ranked comparison table with Chinese headers, as shown to the analyst."""
    if table is None or table.empty:
        return pd.DataFrame(columns=list(TABLE_LABELS.values()))
    t = table.copy()
    t["display"] = [C.display_value(v, q, "") for v, q in zip(t["value"], t["qualifier"])]
    t["status_label"] = t["status"].map(C.STATUS_LABELS).fillna(t["status"])
    t["rank_label"] = [f"{int(r)}/{int(n)}" if pd.notna(r) else ({"city": "全市", "province": "全省"}.get(lvl, ""))
                       for r, n, lvl in zip(t["rank"], t["rank_of"], t["region_level"])]
    t["share_of_city_pct"] = t["share_of_city_pct"].map(lambda x: "" if pd.isna(x) else f"{x:.1f}")
    t["verified_label"] = VER.states_for(t, value_col="value_as_written" if "value_as_written" in t else "value")
    return t[list(TABLE_LABELS)].rename(columns=TABLE_LABELS).reset_index(drop=True)


def _title(comp: C.Comparison) -> str:
    return f"{comp.indicator}({C.MEASURE_LABELS.get(comp.measure, comp.measure)},{comp.year}年)"


def bar_chart(comp: C.Comparison, ax=None):
    """Bars per district coloured by status (hatched when another year is used), with the city value
    marked as a line when it is comparable (rates, shares), else the district average."""
    plt = _plt()
    t = comp.table
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.2))
    else:
        fig = ax.figure
    districts = t[~t["region_level"].isin(C.R.UPPER_LEVELS)]
    city = t[t["region_level"] == "city"]
    if districts.empty and city.empty:
        return charts.empty_chart("无可对比数据", ax)
    bars_df = districts if len(districts) else city
    labels = [f"{r}\n({y}年)" if y != comp.year else r for r, y in zip(bars_df["region"], bars_df["year_used"])]
    colours = [VALUE_STATUS_COLOURS.get(s, "#9e9e9e") for s in bars_df["status"]]
    bars = ax.bar(range(len(bars_df)), bars_df["value"], color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, y_used in zip(bars, bars_df["year_used"]):
        if y_used != comp.year:
            bar.set_hatch("//")
    for bar, (_, r) in zip(bars, bars_df.iterrows()):
        text = C.display_value(r["value"], r["qualifier"], "")
        if pd.notna(r["share_of_city_pct"]):
            text += f"\n占全市{r['share_of_city_pct']:.1f}%"
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(range(len(bars_df)))
    ax.set_xticklabels(labels, fontsize=9)
    additive = C.is_additive(comp.indicator, comp.unit, comp.measure)
    if len(districts) and len(city) and not additive:
        cv = float(city.iloc[0]["value"])
        st = C.STATUS_LABELS.get(city.iloc[0]["status"], "")
        yr = int(city.iloc[0]["year_used"])
        ax.axhline(cv, color="#c62828", linestyle="--", linewidth=1.2,
                   label=f"{city.iloc[0]['region']} {C.display_value(cv, city.iloc[0]['qualifier'], comp.unit)}({yr}年{st})")
    elif len(districts) >= 2:
        exact = districts[districts["year_used"] == comp.year]
        if len(exact) >= 2:
            avg = float(exact["value"].mean())
            ax.axhline(avg, color="#555555", linestyle=":", linewidth=1.2,
                       label=f"所列区县平均 {C.display_value(round(avg, 2), '', comp.unit)}")
    # legend entries for statuses shown
    from matplotlib.patches import Patch
    handles, _ = ax.get_legend_handles_labels()
    for s in dict.fromkeys(bars_df["status"]):
        handles.append(Patch(facecolor=VALUE_STATUS_COLOURS.get(s, "#9e9e9e"), label=C.STATUS_LABELS.get(s, s)))
    if (bars_df["year_used"] != comp.year).any():
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="//", label="就近年份"))
    ax.legend(handles=handles, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # off the bars
    ax.set_ylabel(comp.unit or "数值")
    title = _title(comp)
    if additive and len(districts) and len(city):
        c = city.iloc[0]
        title += (f"\n{c['region']}合计 {C.display_value(c['value'], c['qualifier'], comp.unit)}"
                  f"({int(c['year_used'])}年{C.STATUS_LABELS.get(c['status'], '')})")
    ax.set_title(title, fontsize=11)
    ymax = max(float(bars_df["value"].max()), 0)
    if ymax > 0:
        ax.set_ylim(0, ymax * 1.25)
    fig.tight_layout()
    return fig


def level_growth_scatter(df: pd.DataFrame, indicator: str = "", year: int | None = None):
    """Level (x) against growth (y) per region, from ``compare.level_and_growth``."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    if df is None or df.empty or "level_value" not in df or "growth_value" not in df:
        return charts.empty_chart("缺少同时有总量和增速的地区", ax)
    both = df[df["level_value"].notna() & df["growth_value"].notna()]
    if len(both) < 2:
        return charts.empty_chart("同时有总量和增速的可比地区不足两个", ax)
    for _, r in both.iterrows():
        colour = VALUE_STATUS_COLOURS.get(r["growth_status"], "#9e9e9e")
        marker = "s" if r["region_level"] in C.R.UPPER_LEVELS else "o"
        ax.scatter(r["level_value"], r["growth_value"], s=60, color=colour, marker=marker, edgecolor="#333333")
        tag = r["region"]
        years = {int(r["level_year_used"]), int(r["growth_year_used"])}
        if year is not None and years != {int(year)}:
            tag += f"(总量{int(r['level_year_used'])}年/增速{int(r['growth_year_used'])}年)"
        if r["growth_status"] == "target":
            tag += "[增速为目标]"
        ax.annotate(tag, (r["level_value"], r["growth_value"]), fontsize=8,
                    xytext=(4, 4), textcoords="offset points")
    lu = both["level_unit"].dropna()
    gu = both["growth_unit"].dropna()
    ax.set_xlabel(f"总量({lu.iloc[0]})" if len(lu) else "总量")
    ax.set_ylabel(f"增速({gu.iloc[0]})" if len(gu) else "增速")
    if both["level_value"].min() > 0 and both["level_value"].max() > 5 * both["level_value"].min():
        ax.set_xscale("log")     # a city total and its districts on one readable axis
        from matplotlib.ticker import FuncFormatter
        plain = FuncFormatter(lambda x, _pos: f"{x:g}")
        ax.xaxis.set_major_formatter(plain)
        ax.xaxis.set_minor_formatter(plain)
        ax.tick_params(axis="x", which="minor", labelsize=8)
        ax.xaxis.set_minor_locator(__import__("matplotlib.ticker", fromlist=["LogLocator"]).LogLocator(
            subs=(2.0, 5.0)))   # fewer minor labels: they no longer overlap
        ax.set_xlabel(ax.get_xlabel() + ",对数刻度")
    ax.set_title(f"{indicator} 总量与增速({year}年)" if year else f"{indicator} 总量与增速", fontsize=11)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def small_multiples(lineup_df: pd.DataFrame, indicator: str = ""):
    """One small panel per region: the indicator over the years it is reported, marker by status."""
    plt = _plt()
    regions = list(dict.fromkeys(lineup_df["region"])) if lineup_df is not None and len(lineup_df) else []
    if regions:   # a panel for a single year is no series: only regions reported in two years or more
        years_of = lineup_df.groupby("region")["year_used"].nunique()
        regions = [r for r in regions if years_of.get(r, 0) >= 2]
        lineup_df = lineup_df[lineup_df["region"].isin(regions)]
    if not regions:
        return charts.empty_chart("无多年数据", figsize=(6, 2.5))
    n = len(regions)
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.8 * rows), sharey=True, squeeze=False)
    years = sorted(set(int(y) for y in lineup_df["year_used"]))
    markers = {"actual": "o", "estimate": "D", "target": "^"}
    for k, region in enumerate(regions):
        ax = axes[k // cols][k % cols]
        d = lineup_df[lineup_df["region"] == region].sort_values("year_used")
        real = d[d["status"] != "target"]
        tgt = d[d["status"] == "target"]
        if len(real) >= 2:
            ax.plot(real["year_used"], real["value"], color="#1f5fa8", linewidth=1, zorder=1)
        if len(tgt) >= 2:
            ax.plot(tgt["year_used"], tgt["value"], color="#e08a1e", linewidth=1, linestyle=":", zorder=1)
        for _, r in d.iterrows():
            ax.scatter(r["year_used"], r["value"], color=VALUE_STATUS_COLOURS.get(r["status"], "#9e9e9e"),
                       marker=markers.get(r["status"], "o"), s=40, zorder=2,
                       edgecolor="#333333", linewidth=0.5)
            ax.annotate(C.display_value(r["value"], r["qualifier"], ""), (r["year_used"], r["value"]),
                        fontsize=7, xytext=(0, 5), textcoords="offset points", ha="center")
        ax.set_title(region, fontsize=10)
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years], fontsize=9, rotation=45)
        ax.grid(True, alpha=0.3)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].set_axis_off()
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], linestyle="", marker=markers[s], color=VALUE_STATUS_COLOURS[s],
                      label=C.STATUS_LABELS[s]) for s in ("actual", "estimate", "target")
               if (lineup_df["status"] == s).any()]
    unit = lineup_df["unit"].dropna()
    fig.suptitle(f"{indicator} 历年数值({unit.iloc[0] if len(unit) else ''})", fontsize=11)
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def comparison_filters(indicator: str | None, year: int | None, measure: str | None) -> list[FilterSpec]:
    """The comparison's controls, as data: measure, year and regions follow the indicator."""
    return [
        FilterSpec("w_indicator", "指标", options=lambda v: list(dict.fromkeys(v.choices["indicator"])),
                   value=lambda v, names: indicator if indicator in names else names[0], width=WIDE),
        FilterSpec("w_measure", "口径", depends_on=("w_indicator",), value=measure, export_label="口径",
                   options=lambda v: [(C.MEASURE_LABELS.get(m, m), m) for m in v.measures_for(v.w_indicator.value)]),
        FilterSpec("w_year", "年份", depends_on=("w_indicator", "w_measure"), value=year,
                   options=lambda v: sorted(int(y) for y in v.rows()["year"].unique()),
                   choose=lambda v, years, before: before if before in years else v.most_reported_year()),
        FilterSpec("w_status", "数据状态", options=lambda v: [(t, k) for k, t in C.STATUS_MODE_LABELS.items()],
                   value="best"),
        FilterSpec("w_regions", "地区", kind="multi", depends_on=("w_indicator", "w_measure"),
                   options=lambda v: v.regions_reporting(), value=()),   # one taken out stays out
        FilterSpec("w_nearest", "缺该年份时用就近年份(注明)", kind="checkbox", value=True, export_label=""),
    ]


class ComparisonView(FilteredView):
    """Widgets for the comparison notebook: indicator, measure, year, status, regions.

    ``update()`` recomputes the comparison, renders the bar chart, the level/growth scatter, the
    small multiples and the ranked table into the outputs, and returns a dict with ``comparison``,
    ``table`` (Chinese view), ``figures`` (titles of the charts drawn) and ``message``."""

    export_kind = "comparison"

    def __init__(self, facts: pd.DataFrame | None = None, indicator: str | None = None,
                 year: int | None = None, measure: str | None = None):
        import ipywidgets as W

        self.facts = C.prepare_facts(facts) if facts is None or "status_rank" not in facts else facts
        self.choices = C.comparable_indicators(self.facts)
        if self.choices.empty:
            raise PlanbookError("comparison: no indicator is reported by two or more regions")
        self.out_bar, self.out_scatter, self.out_multiples, self.out_table = (W.Output() for _ in range(4))
        self.comparison: C.Comparison | None = None
        self.build(comparison_filters(indicator, year, measure),
                   [("w_indicator", "w_measure"), ("w_year", "w_status"), ("w_regions", "w_nearest")],
                   [self.out_bar], "planbook-comparison",
                   details=[W.HBox([self.out_scatter]), self.out_multiples, self.out_table])
        for out, name in ((self.out_bar, "bar"), (self.out_scatter, "scatter"), (self.out_multiples, "multiples")):
            out.add_class(f"planbook-{name}")

    # -- options -------------------------------------------------------------------------------
    def measures_for(self, indicator: str) -> list[str]:
        ms = self.choices.loc[self.choices["indicator"] == indicator, "measure"].tolist()
        return sorted(ms, key=lambda m: list(C.MEASURE_LABELS).index(m) if m in C.MEASURE_LABELS else 99)

    def rows(self) -> pd.DataFrame:
        f = self.facts
        return f[(f["indicator"] == self.w_indicator.value) & (f["measure"] == self.w_measure.value)]

    def most_reported_year(self) -> int:
        """The year most regions report (latest on ties)."""
        counts = self.rows().groupby("year")["region"].nunique()
        return int(sorted(counts.index, key=lambda y: (-counts[y], -y))[0])

    def regions_reporting(self) -> list[str]:
        order = {"province": 0, "city": 1}
        return sorted(set(self.rows()["region"]), key=lambda r: (order.get(C.R.region_level(r), 2), r))

    # -- rendering ---------------------------------------------------------------------------
    def update(self) -> dict:
        from IPython.display import display

        plt = _plt()
        ind, measure, year = self.w_indicator.value, self.w_measure.value, int(self.w_year.value)
        regions = list(self.w_regions.value) or None
        comp = C.compare(ind, year, measure, status=self.w_status.value, regions=regions,
                         facts=self.facts, nearest=self.w_nearest.value)
        self.comparison = comp
        figures = []
        # the bar chart and the table are always redrawn (wait: no flicker); the scatter and the
        # small multiples are cleared now, so a choice without them shows no stale chart
        for out in (self.out_bar, self.out_table):
            out.clear_output(wait=True)
        for out in (self.out_scatter, self.out_multiples):
            out.clear_output()
        fig = bar_chart(comp)
        figures.append(fig.axes[0].get_title() if fig.axes else "")
        with self.out_bar:
            display(fig)
        plt.close(fig)
        lg = C.level_and_growth(ind, year, status=self.w_status.value, regions=regions, facts=self.facts,
                                nearest=self.w_nearest.value)
        has_pair = ("level_value" in lg and "growth_value" in lg
                    and (lg["level_value"].notna() & lg["growth_value"].notna()).sum() >= 2)
        if has_pair:
            fig = level_growth_scatter(lg, ind, year)
            figures.append(fig.axes[0].get_title())
            with self.out_scatter:
                display(fig)
            plt.close(fig)
        lu = C.lineup(ind, measure, status=self.w_status.value, regions=regions, facts=self.facts)
        multi = lu.groupby("region")["year_used"].nunique().max() if len(lu) else 0
        if multi and multi >= 2:
            fig = small_multiples(lu, ind)
            figures.append(fig._suptitle.get_text() if fig._suptitle else "")
            with self.out_multiples:
                display(fig)
            plt.close(fig)
        view = table_view(comp.table)
        with self.out_table:
            grid.show(view, css={VER.VERIFIED_COLUMN_ZH: VER.unchecked_css})
            for w in comp.excluded:
                print(f"未纳入:{w}")
        msg = f"{len(comp.table)}个地区;单位:{comp.unit or '无'}"
        self.message.value = msg
        self.last_result = {"comparison": comp, "table": view, "figures": figures, "lineup": lu,
                            "level_growth": lg, "message": msg}
        return self.last_result

    def show(self) -> dict:
        """Display the controls and outputs and draw the first comparison; returns what was drawn
        (the notebook prints its message)."""
        super().show()
        return self.last_result

    def export_table(self) -> pd.DataFrame:
        """The table shown (raw columns with doc_id and quote)."""
        if self.comparison is None:
            self.update()
        return self.comparison.table

    def export_meta(self) -> dict:
        comp = self.comparison
        return {"title": f"区县对比:{_title(comp)}", "unit": comp.unit, "filters": self.filter_summary(),
                "name": f"{comp.indicator}_{comp.year}"}

    def export(self, path=None) -> str:
        """导出Excel; returns the message (a download link, or why nothing was written)."""
        super().export(path)
        return self.message.value


def show_comparison(indicator: str, year: int, measure: str = "level", **kw) -> pd.DataFrame:
    """Chart + Chinese table for one comparison (for static notebook sections); returns the table."""
    from IPython.display import display

    plt = _plt()
    comp = C.compare(indicator, year, measure, **kw)
    fig = bar_chart(comp)
    display(fig)
    plt.close(fig)
    return table_view(comp.table)


def show_lineup(indicator: str, measure: str = "level", **kw) -> pd.DataFrame:
    """Small multiples + table of every region-year an indicator is reported."""
    from IPython.display import display

    plt = _plt()
    lu = C.lineup(indicator, measure, **kw)
    fig = small_multiples(lu, indicator)
    display(fig)
    plt.close(fig)
    t = lu.copy()
    t["数值"] = [C.display_value(v, q, u) for v, q, u in zip(t["value"], t["qualifier"], t["unit"])]
    t["状态"] = t["status"].map(C.STATUS_LABELS)
    return t.rename(columns={"region": "地区", "year_used": "年份", "note": "口径与说明",
                             "source": "来源(文件编号: 原文)"})[["地区", "年份", "数值", "状态", "口径与说明",
                                                              "来源(文件编号: 原文)"]]


def show_ambition(indicator: str, year: int, measure: str = "growth", **kw) -> pd.DataFrame:
    """Targets side by side with the gap to the city's target."""
    t = C.target_ambition(indicator, year, measure, **kw)
    out = table_view(t)
    out.insert(3, "与全市目标差(个百分点)" if t["unit"].eq("%").all() else "与全市目标差",
               t["gap_to_city"].map(lambda x: "" if pd.isna(x) else f"{x:+.2g}").values)
    return out


REGION_TABLE_LABELS = {
    "code": "区划代码",
    "name": "名称",
    "aliases": "别名(报告中可能的写法)",
    "level_label": "层级",
    "valid": "有效期",
    "successor": "并入",
    "note": "区划调整说明",
}
LEVEL_LABELS = {"province": "省", "city": "市", "district": "区", "county": "县(市)", "functional_area": "功能区"}


def regions_table() -> pd.DataFrame:
    """The regions catalog with Chinese headers (names, aliases, validity, boundary changes)."""
    df = C.R.load_regions()
    df["aliases"] = [
        "、".join(x for x in (a + "|" + b).split("|") if x) for a, b in zip(df["aliases"], df["ambiguous_aliases"])]
    df["level_label"] = df["level"].map(LEVEL_LABELS).fillna(df["level"])
    df["valid"] = [f"{f or '—'} 至 {t or '今'}" if (f or t) else "" for f, t in zip(df["valid_from"], df["valid_to"])]
    return df[list(REGION_TABLE_LABELS)].rename(columns=REGION_TABLE_LABELS)
