"""Notebook views of the review table (notebooks/02_five_year_reviews.ipynb).

Everything the analyst reads is Chinese: column headers, statuses, chart titles, widget labels.
The widget browser keeps its logic in ``ReviewBrowser.update()``, which tests call directly
(errors raised inside ipywidgets callbacks would otherwise go unnoticed).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planbook import grid
from planbook import review as R
from planbook import verify as VER
from planbook.charts import STATUS_COLOURS, empty_chart, use_chinese_font
from planbook import vocab as V
from planbook.paths import project_paths
from planbook.view_base import ALL, FilteredView, FilterSpec
from planbook.widgets import keep_chosen

STATUS_LABELS = V.labels("review_status")
PLAN_KIND_LABELS = V.labels("plan_kind")
MEASURE_LABELS = V.labels("measure")
DIRECTION_LABELS = V.labels("direction")
TARGET_KIND_LABELS = V.labels("target_kind")

COLUMN_LABELS = {
    "region": "地区", "plan": "规划", "plan_kind": "类型", "category": "类别", "indicator": "指标",
    "measure": "口径", "unit": "单位", "attribute": "属性", "direction": "方向",
    "base_year": "基期年", "base_value": "基期值", "target_year": "目标年", "target_text": "目标",
    "target_value": "目标值", "target_qualifier": "限定", "tolerance": "容差",
    "latest_year": "最新年份", "latest_value": "最新值", "latest_status": "数据性质",
    "elapsed_pct": "时间进度%", "completion_pct": "完成度%",
    "required_growth_pct": "所需年均增长%", "required_growth_from_latest_pct": "自最新值起所需年均增长%",
    "required_change_per_year": "所需年均变动", "actual_growth_pct": "实际年均增长%",
    "implied_growth_pct": "水平值推算年均增长%", "pace_ratio": "增速比R", "pace_band": "进度区间",
    "projected_value": "按现速度目标年可达", "gap": "差距", "gap_pct": "差距%",
    "status": "状态", "status_reason": "判定依据", "check": "一致性检查", "notes": "表注/说明",
    "doc_id": "文档", "sources": "来源",
}

TABLE_COLUMNS = ["region", "plan", "indicator", "measure", "unit", "attribute", "base_year", "base_value",
                 "target_year", "target_text", "latest_year", "latest_value", "latest_status",
                 "completion_pct", "elapsed_pct", "required_growth_pct", "actual_growth_pct", "pace_band",
                 "gap", "status", "status_reason", "check", "doc_id"]


_NUMERIC = ["base_year", "base_value", "target_year", "target_value", "latest_year", "latest_value",
            "elapsed_pct", "completion_pct", "required_growth_pct", "required_growth_from_latest_pct",
            "required_change_per_year", "actual_growth_pct", "implied_growth_pct", "pace_ratio",
            "projected_value", "gap", "gap_pct"]


# ---------------------------------------------------------------------------------------------
# data


def load_reviews(path: Path | str | None = None) -> pd.DataFrame:
    """The review table (data/processed/reviews.csv) with numeric columns."""
    path = Path(path) if path else project_paths().reviews_csv
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in _NUMERIC:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    for col in ("base_year", "target_year", "latest_year"):
        if col in df:
            df[col] = df[col].astype("Int64")
    if "key_indicator" in df:
        df["key_indicator"] = df["key_indicator"].astype(str).str.lower().isin(["true", "1"])
    return df


def plan_options(df: pd.DataFrame) -> list[str]:
    order = {p: n for n, p in enumerate(R.PLAN_PERIODS)}
    plans = sorted(df["plan"].dropna().unique(), key=lambda p: (order.get(p, 99), p))
    return [ALL] + [p for p in plans if p]


def options(df: pd.DataFrame, col: str) -> list[str]:
    return [ALL] + sorted(v for v in df[col].dropna().unique() if v)


def filter_reviews(df: pd.DataFrame, region: str = ALL, plan: str = ALL, category: str = ALL,
                   status: str = ALL, key_only: bool = False) -> pd.DataFrame:
    """Rows matching the widget choices (``ALL`` = no filter; status may be English or Chinese).
    ``key_only`` keeps the main indicators (in the catalog or in a plan's indicator table) and
    leaves out project-type targets (开工学校5所, 新增驿站18家)."""
    out = df
    if key_only and "key_indicator" in out:
        out = out[out["key_indicator"].astype(str).str.lower().isin(["true", "1"])]
    code = {v: k for k, v in STATUS_LABELS.items()}.get(status, status)
    return keep_chosen(out, {"region": region, "plan": plan, "category": category, "status": code}, ALL)


def _year_value(year, value, status: str = "", unit: str = "") -> str:
    if value is None or pd.isna(value):
        return "—"
    y = f"{int(year)}年 " if year is not None and not pd.isna(year) else ""
    tag = "(预计)" if status == "estimate" else ""
    return f"{y}{R.fmt(value, 3)}{unit}{tag}"


def display_frame(df: pd.DataFrame, columns: list[str] | None = None, compact: bool = True) -> pd.DataFrame:
    """Chinese-labelled copy of the chosen columns, codes translated. ``compact`` joins year and
    value into one cell (基期 “2015年 1587.8”, 目标 “2020年 7.5%”, 最新 “2025年 86.7(预计)”)."""
    cols = [c for c in (columns or TABLE_COLUMNS) if c in df.columns]
    out = df[cols].copy()
    if compact:
        recs = df.to_dict("records")
        if {"base_year", "base_value"} <= set(cols):
            out.insert(cols.index("base_year"), "_base",
                       [_year_value(r.get("base_year"), r.get("base_value")) for r in recs])
            out = out.drop(columns=["base_year", "base_value"])
        if {"target_year", "target_text"} <= set(cols):
            out.insert(list(out.columns).index("target_year"), "_target",
                       [(f"{int(r['target_year'])}年 " if pd.notna(r.get("target_year")) else "") + target_label(r)
                        for r in recs])
            out = out.drop(columns=["target_year", "target_text"])
        if {"latest_year", "latest_value"} <= set(cols):
            out.insert(list(out.columns).index("latest_year"), "_latest",
                       [_year_value(r.get("latest_year"), r.get("latest_value"), r.get("latest_status", ""))
                        for r in recs])
            out = out.drop(columns=[c for c in ("latest_year", "latest_value", "latest_status") if c in out])
    if "status" in out:
        out["status"] = out["status"].map(lambda s: STATUS_LABELS.get(s, s))
    if "measure" in out:
        out["measure"] = out["measure"].map(lambda s: MEASURE_LABELS.get(s, s))
    if "pace_band" in out:
        out["pace_band"] = out["pace_band"].map(lambda s: R.PACE_BAND_LABELS.get(s, s) if s else "")
    if "latest_status" in out:
        out["latest_status"] = out["latest_status"].map(V.labels("data_status")).fillna("")
    if "direction" in out:
        out["direction"] = out["direction"].map(lambda s: DIRECTION_LABELS.get(s, s))
    if {"region", "indicator"} <= set(df.columns):   # whether a person checked the figures used
        out[VER.VERIFIED_COLUMN_ZH] = VER.review_states(df).values
    labels = dict(COLUMN_LABELS, _base="基期", _target="目标", _latest="最新值")
    return out.rename(columns=labels)


def status_css(label) -> str:
    """CSS of a status cell: the status colour (white bold text)."""
    colour = {STATUS_LABELS[k]: v for k, v in STATUS_COLOURS.items()}.get(label)
    return f"background-color: {colour}; color: white; font-weight: bold" if colour else ""


def show_grid(df: pd.DataFrame, columns: list[str] | None = None) -> None:
    """The display frame as an interactive table (sort, filter, page) with status colours."""
    disp = display_frame(df, columns).reset_index(drop=True)
    for col in disp.columns:   # whole numbers without decimals, others with two
        if pd.api.types.is_float_dtype(disp[col]):
            disp[col] = disp[col].round(2)
    grid.show(disp, css={COLUMN_LABELS["status"]: status_css, VER.VERIFIED_COLUMN_ZH: VER.unchecked_css})


def styled(df: pd.DataFrame, columns: list[str] | None = None):
    """A pandas Styler of the display frame with status colours."""
    disp = display_frame(df, columns).reset_index(drop=True)
    colour_by_label = {STATUS_LABELS[k]: v for k, v in STATUS_COLOURS.items()}

    def colour(v):
        c = colour_by_label.get(v)
        return f"background-color: {c}; color: white; font-weight: bold" if c else ""

    sty = disp.style
    status_col = COLUMN_LABELS["status"]
    if status_col in disp:
        sty = sty.map(colour, subset=[status_col])
    if VER.VERIFIED_COLUMN_ZH in disp:
        sty = sty.map(VER.unchecked_css, subset=[VER.VERIFIED_COLUMN_ZH])
    num_cols = [c for c in disp.columns if pd.api.types.is_numeric_dtype(disp[c])]
    year_cols = [COLUMN_LABELS[c] for c in ("base_year", "target_year", "latest_year")]
    fmt = {c: ("{:.0f}" if c in year_cols else "{:,.2f}") for c in num_cols}
    sty = sty.format(fmt, na_rep="—")
    long_cols = [c for c in (COLUMN_LABELS["check"], COLUMN_LABELS["status_reason"], COLUMN_LABELS["notes"],
                             COLUMN_LABELS["sources"]) if c in disp]
    short_cols = [c for c in disp.columns if c not in long_cols]
    sty = sty.set_properties(**{"font-size": "12px", "text-align": "left", "vertical-align": "top"})
    sty = sty.set_properties(subset=short_cols, **{"white-space": "nowrap"})
    sty = sty.set_properties(subset=long_cols, **{"min-width": "220px", "max-width": "420px", "white-space": "normal"})
    sty = sty.set_table_styles([{"selector": "th", "props": [("white-space", "nowrap"), ("font-size", "12px")]}])
    return sty.hide(axis="index")


# ---------------------------------------------------------------------------------------------
# summaries


def status_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Targets per region and plan by status (Chinese labels), with the total."""
    if df.empty:
        return pd.DataFrame()
    t = pd.crosstab([df["region"], df["plan"]], df["status"])
    for s in R.STATUSES:
        if s not in t:
            t[s] = 0
    t = t[R.STATUSES]
    t["合计"] = t.sum(axis=1)
    return t.rename(columns=STATUS_LABELS).rename_axis(index=["地区", "规划"], columns=None)


def _value(v, unit: str = "") -> str:
    s = R.fmt(v)
    return s + (unit or "") if s != "—" else s


def plan_end_summary(df: pd.DataFrame) -> str:
    """The summary an official reads first, in Chinese: per region and plan, how many targets were
    achieved / missed / behind, and which were missed by how much (markdown)."""
    if df.empty:
        return "(没有符合条件的目标)"
    lines = []
    order = {p: n for n, p in enumerate(R.PLAN_PERIODS)}
    keys = sorted({(r, p) for r, p in zip(df["region"], df["plan"])}, key=lambda k: (k[0], order.get(k[1], 99), k[1]))
    for region, plan in keys:
        part = df[(df["region"] == region) & (df["plan"] == plan)]
        c = R.summarize_by_indicator(part)   # a plan counts indicators, not rows
        n_ind = sum(c.values())
        assessed = n_ind - c["cannot_assess"]
        head = f"**{region} {plan}**:所列{n_ind}项指标({len(part)}行目标),可评估{assessed}项"
        L = STATUS_LABELS
        bits = []
        if c["achieved"] or c["not_achieved"]:
            bits.append(f"{L['achieved']}{c['achieved']}项、{L['not_achieved']}{c['not_achieved']}项")
        if c["on_track"] or c["lagging"]:
            bits.append(f"{L['on_track']}{c['on_track']}项、{L['lagging']}{c['lagging']}项")
        bits.append(f"{L['cannot_assess']}{c['cannot_assess']}项")
        lines.append(head + "(" + ";".join(bits) + ")。")
        own = R.tally_text(region, plan)
        if own:
            lines.append("")
            lines.append(f"- {own};上列为工作簿按所列数值计算的结果,与报告自述并列。")
        bad = part[part["status"].isin(["not_achieved", "lagging"])]
        if not bad.empty:
            lines.append("")
            for r in bad.to_dict("records"):
                lines.append("- " + _miss_line(r))
        lines.append("")
    return "\n".join(lines).strip()


def target_label(r: dict) -> str:
    """'78%左右', '6%以上', '〔43〕亿美元', or the words of a qualitative target."""
    v = r.get("target_value")
    if v is None or pd.isna(v):
        return str(r.get("target_text") or "")
    unit = r.get("unit") or ""
    text = str(r.get("target_text") or "")
    rng = R.parse_range(text)
    if rng:
        return f"{R.fmt(rng[0])}–{R.fmt(rng[1])}{unit}"
    core = R.fmt(v)
    if "〔" in text:
        core = f"〔{core}〕"
    elif "[" in text:
        core = f"[{core}]"
    return f"{core}{unit}{r.get('target_qualifier') or ''}"


def _miss_line(r: dict) -> str:
    unit = r.get("unit") or ""
    label = STATUS_LABELS.get(r["status"], r["status"])
    what = r["indicator"] + (f"({MEASURE_LABELS['avg_growth']})" if r.get("measure") == "avg_growth" else "")
    target = target_label(r)
    latest = r.get("latest_value")
    if r.get("measure") in ("avg_growth", "growth"):
        gap = r.get("gap")
        gap_txt = f",差{abs(gap):.1f}个百分点" if pd.notna(gap) else ""
        return (f"{what}:{label},目标{target},实际{_value(latest, '%')}"
                f"({r.get('latest_year') or ''}年{'预计' if r.get('latest_status') == 'estimate' else ''}){gap_txt}")
    gap = r.get("gap")
    if pd.notna(gap):
        gap_unit = "个百分点" if unit == "%" else unit
        gap_txt = f",差{R.fmt(abs(gap))}{gap_unit}"
        if pd.notna(r.get("gap_pct")) and unit != "%":
            gap_txt += f"({abs(r['gap_pct']):.1f}%)"
    else:
        gap_txt = ""
    return (f"{what}:{label},目标{target},"
            f"{r.get('latest_year') or ''}年{'预计' if r.get('latest_status') == 'estimate' else ''}"
            f"{_value(latest, unit)}{gap_txt}")


def check_text(df: pd.DataFrame, region: str, plan: str, indicator: str, measure: str) -> str:
    """The consistency check of one target, as markdown (empty note when there is none)."""
    part = df[(df["region"] == region) & (df["plan"] == plan) & (df["indicator"] == indicator)
              & (df["measure"] == measure)]
    if part.empty:
        return f"*(未找到{region}{plan}{indicator}的评估行)*"
    r = part.iloc[0]
    head = (f"**{region}{plan}{indicator}({MEASURE_LABELS.get(measure, measure)})**:"
            f"{STATUS_LABELS.get(r['status'], r['status'])} — {r['status_reason']}")
    return head + ("\n\n> 一致性检查:" + r["check"] if r["check"] else "\n\n(一致性检查无异常)")


def checks_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with a consistency check, for the checks section."""
    part = df[df["check"].fillna("") != ""]
    return display_frame(part, ["region", "plan", "indicator", "measure", "status", "check", "doc_id"])


# ---------------------------------------------------------------------------------------------
# charts


def progress_chart(df: pd.DataFrame, title: str = "目标完成度与时间进度"):
    """Horizontal bars: completion C per indicator (coloured by status) against elapsed time τ
    (black tick; 100% at plan end). Rows without a completion figure are left out."""
    import matplotlib.pyplot as plt

    use_chinese_font()
    part = df[df["completion_pct"].notna()].copy()
    if part.empty:
        return empty_chart("没有可计算完成度的目标", title=title)
    part["tau"] = part.apply(_tau_of, axis=1)
    several = part["region"].nunique() > 1 if "region" in part else False   # say which region a bar is
    part["label"] = part.apply(lambda r: (f"{r['region']} · " if several else "") + r["indicator"]
                               + ("(年均)" if r["measure"] == "avg_growth" else ""), axis=1)
    part = part.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * len(part) + 1.4))
    shown = part["completion_pct"].clip(-50, 200)
    colours = [STATUS_COLOURS.get(s, "#9e9e9e") for s in part["status"]]
    y = range(len(part))
    ax.barh(list(y), shown, color=colours, height=0.6)
    ax.scatter(part["tau"], list(y), marker="|", s=260, color="black", zorder=3, label="时间进度")
    for yy, (c, raw) in enumerate(zip(shown, part["completion_pct"])):
        ax.text(max(c, 0) + 3, yy, f"{raw:.0f}%", va="center", ha="left", fontsize=8)
    ax.set_yticks(list(y))
    ax.set_yticklabels(part["label"], fontsize=9)
    ax.axvline(100, color="#555555", linestyle="--", linewidth=0.8)
    ax.axvline(0, color="#555555", linewidth=0.6)
    ax.set_xlabel("完成度 %(=(最新值−基期值)/(目标值−基期值);超出−50%~200%的截断显示)")
    ax.set_title(title)
    handles = [plt.Rectangle((0, 0), 1, 1, color=STATUS_COLOURS[s]) for s in R.STATUSES if s in set(part["status"])]
    labels = [STATUS_LABELS[s] for s in R.STATUSES if s in set(part["status"])]
    tick = ax.scatter([], [], marker="|", s=120, color="black")
    ax.legend(handles + [tick], labels + ["时间进度"], loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _tau_of(r) -> float:
    if pd.notna(r.get("elapsed_pct")):
        return float(r["elapsed_pct"])
    if r.get("status") in ("achieved", "not_achieved"):
        return 100.0
    b, t, T = r.get("base_year"), r.get("latest_year"), r.get("target_year")
    tau = R.elapsed(b, t, T)
    return tau * 100 if tau is not None else float("nan")


def required_growth_chart(df: pd.DataFrame, title: str = "实现目标所需年均增长"):
    """Bars of the annual growth each target needs from its latest (or base) value."""
    import matplotlib.pyplot as plt

    use_chinese_font()
    part = df.copy()
    part["need"] = part["required_growth_from_latest_pct"].where(part["required_growth_from_latest_pct"].notna(),
                                                                 part["required_growth_pct"])
    part = part[part["need"].notna() & (part["measure"] == "level")]
    if part.empty:
        return empty_chart("没有可计算所需增速的目标", title=title)
    part = part.sort_values("need")
    fig, ax = plt.subplots(figsize=(8.5, 0.38 * len(part) + 1.4))
    colours = ["#1565c0" if d != "lower" else "#6a1b9a" for d in part["direction"]]
    ax.barh(part["indicator"], part["need"], color=colours, height=0.6)
    for yy, v in enumerate(part["need"]):
        ax.text(max(v, 0) + 0.15, yy, f"{v:.1f}%", va="center", ha="left", fontsize=8)
    ax.axvline(0, color="#555555", linewidth=0.6)
    ax.set_xlabel("所需年均增长 %(复合增长;比重、比率类指标按百分点计,不在此列)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# the widget browser


def browser_filters() -> list[FilterSpec]:
    """The review browser's controls, as data."""
    return [
        FilterSpec("region", "地区", options=lambda v: options(v.df, "region")),
        FilterSpec("plan", "规划", options=lambda v: plan_options(v.df)),
        FilterSpec("category", "类别", options=lambda v: options(v.df, "category")),
        FilterSpec("status", "状态", options=lambda v: [ALL] + [STATUS_LABELS[s] for s in R.STATUSES]),
        FilterSpec("key_only", "只看主要指标(指标目录或规划指标表中的指标)", kind="checkbox", value=True,
                   export_label="范围", checked_text="主要指标", unchecked_text="全部目标"),
    ]


class ReviewBrowser(FilteredView):
    """Dropdowns for region, plan, category and status; the summary, the coloured table and the
    progress chart of the filtered targets; an 导出Excel button.

    ``update()`` recomputes everything from the current widget values and returns the filtered
    DataFrame (tests call it directly)."""

    export_kind = "reviews"

    def __init__(self, df: pd.DataFrame):
        import ipywidgets as w

        self.df = df
        self.out = w.Output()
        self.filtered = df
        self.last_figure = None
        self.build(browser_filters(), [("region", "plan"), ("category", "status"), ("key_only",)], [self.out],
                   "planbook-review")

    def update(self) -> pd.DataFrame:
        import matplotlib.pyplot as plt
        from IPython.display import Markdown, display

        c = self.chosen()
        self.filtered = filter_reviews(self.df, c["region"], c["plan"], c["category"], c["status"],
                                       key_only=c["key_only"])
        self.out.clear_output(wait=True)
        with self.out:
            if self.filtered.empty:   # one message, no empty table or chart
                display(Markdown("*当前筛选条件下没有目标。*"))
            else:
                display(Markdown(plan_end_summary(self.filtered)))
                show_grid(self.filtered)
                fig = progress_chart(self.filtered, title="完成度与时间进度(当前筛选)")
                self.last_figure = fig
                display(fig)
                plt.close(fig)
        return self.filtered

    def export_table(self) -> pd.DataFrame:
        return self.filtered.drop(columns=[c for c in ("key_indicator",) if c in self.filtered.columns])
