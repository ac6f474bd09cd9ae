"""What notebook 01 shows: the manifest, the quality log, facts per document and status, labels the
catalog does not know yet, and an indicator browser (region, indicator, status, text search) that
shows every value with its quote. All user-facing text is Chinese."""
from __future__ import annotations

import pandas as pd

from planbook import charts, grid
from planbook import verify as VER
from planbook import vocab as V
from planbook.data import QUALITY_KIND_ZH, load_indicators, load_manifest, load_quality
from planbook.view_base import ALL, FilteredView, FilterSpec
from planbook.widgets import keep_chosen
STATUS_ZH = V.labels("data_status")
MEASURE_ZH = V.labels("measure")
KIND_ZH = {**QUALITY_KIND_ZH, **VER.QUALITY_KIND_ZH}
MANIFEST_ZH = {"file": "文件", "region": "地区", "doc_type": "文档类型", "period": "覆盖期间", "published": "发布日期",
               "title": "标题", "sha256": "SHA-256", "notes": "说明"}
FACT_ZH = {"doc_id": "文档", "region": "地区", "indicator": "指标", "indicator_raw": "原文指标名", "year": "年份",
           "value": "数值", "unit": "单位", "verified": VER.VERIFIED_COLUMN_ZH, "measure": "口径", "status": "状态", "qualifier": "限定词",
           "period": "期间", "note": "附注", "rule": "抽取规则", "quote": "原文"}


def manifest_table() -> pd.DataFrame:
    m = load_manifest()
    m = m.assign(sha256=m["sha256"].str[:12] + "…")
    return m.rename(columns=MANIFEST_ZH)


def quality_table(quality: pd.DataFrame | None = None) -> pd.DataFrame:
    q = load_quality() if quality is None else quality
    q = q.assign(kind=q["kind"].map(lambda k: KIND_ZH.get(k, k)))
    return q.rename(columns={"doc_id": "文档", "file": "文件", "kind": "问题类型", "location": "位置", "message": "说明"})


def facts_per_document(facts: pd.DataFrame) -> pd.DataFrame:
    """Counts of facts per document and status (rows: documents with their region)."""
    t = pd.crosstab([facts["doc_id"], facts["region"]], facts["status"].map(STATUS_ZH))
    t["合计"] = t.sum(axis=1)
    t.index.names = ["文档", "地区"]
    t.columns.name = "状态"
    return t


def unmatched_labels(facts: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Labels that no catalog entry covers, most frequent first, with one quote each."""
    u = facts[facts["indicator_code"].fillna("") == ""]
    if u.empty:
        return pd.DataFrame(columns=["原文指标名", "次数", "文档", "示例原文"])
    g = u.groupby("indicator_raw").agg(次数=("value", "size"), 文档=("doc_id", lambda s: "、".join(sorted(set(s)))),
                                       示例原文=("quote", "first")).reset_index()
    g = g.rename(columns={"indicator_raw": "原文指标名"}).sort_values(["次数", "原文指标名"], ascending=[False, True])
    return g.head(top) if top else g


def facts_chart(facts: pd.DataFrame):
    """Stacked bars: facts per document by status."""
    import matplotlib.pyplot as plt

    charts.use_chinese_font()
    t = facts_per_document(facts).drop(columns="合计")
    labels = [f"{d} {r}" for d, r in t.index]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    bottom = None
    colours = {STATUS_ZH[k]: c for k, c in V.colours("data_status").items()}
    for col in [c for c in STATUS_ZH.values() if c in t.columns]:
        ax.bar(labels, t[col].values, bottom=bottom, label=col, color=colours[col])
        bottom = t[col].values if bottom is None else bottom + t[col].values
    ax.set_title("各文档抽取的指标数(按状态)")
    ax.set_ylabel("条数")
    ax.legend(title="状态")
    fig.tight_layout()
    return fig


def filter_facts(facts: pd.DataFrame, region: str = ALL, indicator: str = ALL, status: str = ALL,
                 search: str = "", catalogued_only: bool = False, rule: str = ALL) -> pd.DataFrame:
    """The rows the browser shows. ``status`` may be given in Chinese or English; ``search`` looks in
    the indicator names and the quote; ``rule`` is the extraction rule that made the fact."""
    code = {v: k for k, v in STATUS_ZH.items()}.get(status, status)
    chosen = {"region": region, "indicator": indicator, "status": code}
    if "rule" in facts.columns:
        chosen["rule"] = rule
    df = keep_chosen(facts, chosen, ALL)
    if catalogued_only:
        df = df[df["indicator_code"].fillna("") != ""]
    s = (search or "").strip()
    if s:
        hay = df["indicator"].fillna("") + " " + df["indicator_raw"].fillna("") + " " + df["quote"].fillna("")
        df = df[hay.str.contains(s, regex=False, case=False) | df["indicator"].isin(catalog_names_matching(s))]
    return df


def catalog_names_matching(query: str) -> set[str]:
    """Catalog indicators whose name or one of whose synonyms (data/catalog/indicators.csv) contains
    ``query``: 研发 finds 研究与试验发展经费支出占GDP比重 through its synonym 研发投入强度."""
    from planbook.paths import project_paths

    path = project_paths().catalog / "indicators.csv"
    try:
        cat = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError):
        return set()
    q = query.strip().lower()
    out = set()
    for name, synonyms in zip(cat.get("name_zh", []), cat.get("synonyms", [])):
        words = [name] + [w for w in str(synonyms).split("|") if w]
        if q and any(q in w.lower() for w in words):
            out.add(name)
    return out


def display_facts(df: pd.DataFrame) -> pd.DataFrame:
    """Chinese column names and labels for showing a slice of the fact table."""
    cols = [c for c in FACT_ZH if c in df.columns]
    out = df[cols].copy()
    out["status"] = out["status"].map(lambda s: STATUS_ZH.get(s, s))
    out["measure"] = out["measure"].map(lambda s: MEASURE_ZH.get(s, s))
    if "verified" in out:
        out["verified"] = out["verified"].map(VER.verified_label)
    if "value" in out:
        vt = df["value_text"] if "value_text" in df.columns else [""] * len(df)
        out["value"] = [f"{v:g}" if pd.notna(v) else (t or "") for v, t in zip(df["value"], vt)]
    return out.rename(columns=FACT_ZH)


def browser_filters(facts: pd.DataFrame) -> list[FilterSpec]:
    """The indicator browser's controls, as data."""
    rules = sorted(facts["rule"].dropna().unique()) if "rule" in facts.columns else []
    return [
        FilterSpec("region", "地区", options=lambda v: [ALL] + sorted(v.facts["region"].dropna().unique())),
        FilterSpec("indicator", "指标", depends_on=("region", "catalogued"),
                   options=lambda v: indicator_options(v.facts, v.region.value, v.catalogued.value)),
        FilterSpec("status", "状态", options=lambda v: [ALL] + list(STATUS_ZH.values())),
        FilterSpec("search", "搜索", kind="text", value="", placeholder="指标名或原文中的文字"),
        FilterSpec("rule", "抽取规则", options=lambda v: [ALL] + rules),
        FilterSpec("catalogued", "只看指标目录中的指标", kind="checkbox", value=True, export_label="范围",
                   checked_text="指标目录中的指标", unchecked_text="全部抽取结果"),
    ]


def indicator_options(facts: pd.DataFrame, region: str, catalogued: bool) -> list[str]:
    df = filter_facts(facts, region=region, catalogued_only=catalogued)
    return [ALL] + sorted(df["indicator"].dropna().unique())


class IndicatorBrowser(FilteredView):
    """Widgets: region, indicator, status, text search, rule; a table of values with quotes; 导出Excel.

    ``update()`` recomputes the table from the widget values and returns the filtered rows
    (tests call it directly, since errors inside widget callbacks do not reach the test runner)."""

    export_kind = "indicators"

    def __init__(self, facts: pd.DataFrame, max_rows: int = 5000):
        import ipywidgets as w

        self.facts = facts
        self.max_rows = max_rows
        self.filtered = facts
        self.out = w.Output()
        self.build(browser_filters(facts), [("region", "indicator", "status"), ("search", "rule", "catalogued")],
                   [self.out], "planbook-indicator-browser")

    def update(self) -> pd.DataFrame:
        from IPython.display import Markdown, display

        c = self.chosen()
        self.filtered = filter_facts(self.facts, c["region"], c["indicator"], c["status"], c["search"],
                                     c["catalogued"], c["rule"])
        self.out.clear_output(wait=True)
        with self.out:
            n = len(self.filtered)
            more = f"(显示前 {self.max_rows} 条)" if n > self.max_rows else ""
            if not n:   # one message, no empty table
                display(Markdown("当前筛选条件下没有数据。"))
                return self.filtered
            display(Markdown(f"共 **{n}** 条{more}。每条都附有来源文档和原文(指针停在原文上显示全文);"
                             "点击列名排序,在列名下方的输入框中按列筛选。"))
            shown = display_facts(self.filtered.head(self.max_rows))
            grid.show(shown, css={VER.VERIFIED_COLUMN_ZH: VER.unchecked_css})
        return self.filtered

    def export_table(self) -> pd.DataFrame:
        return self.filtered

    def export_meta(self) -> dict:
        filters = self.filter_summary()
        return {"filters": filters, "name": "_".join(v for k, v in filters.items() if k != "范围") or "全部"}


def load() -> pd.DataFrame:
    return load_indicators()
