"""The verification panel of notebook 01: the analyst goes through the figures of a document, region
or indicator one by one, sees each quote in its context (the sentence and its neighbours, the figure
highlighted) and confirms (确认), corrects (更正) or deletes (删除) it, or adds (补录) a figure the
extractor missed by choosing a sentence. Each decision is written to data/catalog/corrections.csv
(atomically) and the ingestion is run again, so the tables below the panel show it.

The panel also lists the labels the catalog does not know and adds one to data/catalog/indicators.csv,
as a synonym of an existing indicator or as a new indicator.

The logic is in methods the tests call directly (``confirm``, ``fix``, ``reject``, ``add``,
``add_label``); the buttons call the same methods. All text the analyst reads is Chinese."""
from __future__ import annotations

import datetime as _dt
import html
import os
from pathlib import Path
from typing import Callable

import pandas as pd

from planbook import verify as V
from planbook.fileio import PlanbookError

ALL = "全部"
FIELD_ZH = {"region": "地区", "indicator": "指标", "year": "年份", "new_value": "数值", "unit": "单位",
            "measure": "口径", "status": "状态"}
MEASURE_OPTIONS = [(zh, en) for en, zh in V.MEASURES.items()]
STATUS_OPTIONS = [(zh, en) for en, zh in V.STATUSES.items()]


def _doc_texts() -> dict[str, Path]:
    from planbook.ingest import doc_id_for, raw_files

    return {doc_id_for(p): p for p in raw_files()}


def context_html(text: str, start: int, end: int, value_text: str = "", around: int = 1) -> str:
    """The sentence at [start, end) with ``around`` sentences either side; the figure is marked."""
    spans = V.sentence_spans(text)
    hit = [i for i, (s, e) in enumerate(spans) if s < end and e > start] or [0]
    lo, hi = max(0, hit[0] - around), min(len(spans), hit[-1] + around + 1)
    parts = []
    for i in range(lo, hi):
        s, e = spans[i]
        sentence = text[s:e]
        if i in hit:
            k = sentence.find(value_text) if value_text else -1
            if k >= 0:
                body = (html.escape(sentence[:k]) + f"<mark style='background:#ffd54f;font-weight:bold'>"
                        f"{html.escape(value_text)}</mark>" + html.escape(sentence[k + len(value_text):]))
            else:
                body = html.escape(sentence)
            parts.append(f"<b>{body}</b>")
        else:
            parts.append(f"<span style='color:#666'>{html.escape(sentence)}</span>")
    return "<div style='line-height:1.7;max-width:900px'>" + " ".join(parts) + "</div>"


class VerificationPanel:
    """Widgets for checking figures; ``facts`` is the current indicator table (decisions applied)."""

    def __init__(self, facts: pd.DataFrame | None = None, on_change: Callable[[pd.DataFrame], None] | None = None,
                 analyst: str | None = None):
        import ipywidgets as w

        self.facts = self._load() if facts is None else facts
        self.analyst = analyst or os.environ.get("PLANBOOK_ANALYST", "")
        self.position = 0
        self._texts: dict[str, str] = {}
        self._doc_paths = _doc_texts()
        self.doc = w.Dropdown(description="文档", options=[ALL])
        self.region = w.Dropdown(description="地区", options=[ALL])
        self.indicator = w.Dropdown(description="指标", options=[ALL])
        self.unchecked_only = w.Checkbox(value=True, description="只看未核对", indent=False)
        self.progress = w.HTML()
        self.prev_button, self.next_button = w.Button(description="◀ 上一条"), w.Button(description="下一条 ▶")
        self.where = w.HTML()
        self.summary = w.HTML()
        self.context = w.HTML()
        self.confirm_button = w.Button(description="确认", button_style="success", icon="check")
        self.fix_button = w.Button(description="更正", button_style="warning", icon="pencil")
        self.reject_button = w.Button(description="删除", button_style="danger", icon="trash")
        self.f_region, self.f_indicator = w.Text(description="地区"), w.Text(description="指标")
        self.f_year, self.f_value = w.Text(description="年份"), w.Text(description="数值")
        self.f_unit = w.Text(description="单位")
        self.f_measure = w.Dropdown(description="口径", options=MEASURE_OPTIONS, value="level")
        self.f_status = w.Dropdown(description="状态", options=STATUS_OPTIONS, value="actual")
        self.f_note = w.Text(description="备注", placeholder="更正或删除的理由(可不填)")
        self.sentence_search = w.Text(description="找句子", placeholder="输入句中文字")
        self.sentence = w.Dropdown(description="句子", options=[], layout=w.Layout(width="900px"))
        self.add_button = w.Button(description="补录", button_style="info", icon="plus")
        self.message = w.HTML()
        self.counts = w.Output()
        self.summary.add_class("planbook-verify-summary")   # for the browser test
        self.message.add_class("planbook-verify-message")
        self.listeners: list[Callable[[pd.DataFrame], None]] = [on_change] if on_change else []
        self.widget = self._layout(w)
        self._wire()
        self._refresh_filters()

    # ------------------------------------------------------------------ layout and events
    def _layout(self, w):
        fields = w.VBox([w.HBox([self.f_region, self.f_indicator, self.f_year]),
                         w.HBox([self.f_value, self.f_unit, self.f_measure]), w.HBox([self.f_status, self.f_note])])
        add_box = w.VBox([w.HTML("<b>补录抽取遗漏的数字</b>:先找到句子,在上面的字段里填好指标、年份、数值等,再点“补录”。"),
                          w.HBox([self.sentence_search]), self.sentence, self.add_button])
        return w.VBox([w.HBox([self.doc, self.region, self.indicator, self.unchecked_only]), self.progress,
                       w.HBox([self.prev_button, self.next_button, self.where]), self.summary, self.context,
                       w.HBox([self.confirm_button, self.fix_button, self.reject_button]), fields, add_box,
                       self.message, self.counts])

    def _wire(self):
        for wd in (self.doc, self.region, self.indicator, self.unchecked_only):
            wd.observe(lambda ch: self._on_filter(), names="value")
        self.prev_button.on_click(lambda _b: self.go(self.position - 1))
        self.next_button.on_click(lambda _b: self.go(self.position + 1))
        self.confirm_button.on_click(lambda _b: self._safely(self.confirm))
        self.fix_button.on_click(lambda _b: self._safely(self.fix_from_fields))
        self.reject_button.on_click(lambda _b: self._safely(self.reject))
        self.add_button.on_click(lambda _b: self._safely(self.add_from_fields))
        self.sentence_search.observe(lambda ch: self._refresh_sentences(), names="value")

    def _safely(self, action):
        try:
            action()
        except PlanbookError as exc:
            self.message.value = f"<span style='color:#c00'>未保存:{html.escape(str(exc))}</span>"

    def _on_filter(self):
        if getattr(self, "_quiet", False):
            return
        self.position = 0
        self._refresh_filters()

    def _refresh_filters(self):
        f = self.facts
        self._quiet = True
        try:
            _set_options(self.doc, sorted(f["doc_id"].astype(str).unique()))
            by_doc = f if self.doc.value == ALL else f[f["doc_id"].astype(str) == self.doc.value]
            _set_options(self.region, sorted(by_doc["region"].fillna("").unique()))
            if self.region.value != ALL:
                by_doc = by_doc[by_doc["region"] == self.region.value]
            _set_options(self.indicator, sorted(by_doc["indicator"].fillna("").unique()))
        finally:
            self._quiet = False
        self.go(self.position)
        self._refresh_sentences()
        self._show_counts()

    # ------------------------------------------------------------------ the current figure
    def selection(self) -> pd.DataFrame:
        """The figures the chosen document, region and indicator cover, in document order."""
        f = self.facts
        for col, wd in (("doc_id", self.doc), ("region", self.region), ("indicator", self.indicator)):
            if wd.value not in (ALL, None):
                f = f[f[col].astype(str) == wd.value]
        if self.unchecked_only.value:
            f = f[f["verified"].fillna("") == ""]
        return f.sort_values(["doc_id", "char_start"], kind="stable")

    def current(self) -> pd.Series | None:
        sel = self.selection()
        return sel.iloc[self.position] if 0 <= self.position < len(sel) else None

    def go(self, position: int) -> pd.Series | None:
        sel = self.selection()
        self.position = max(0, min(position, len(sel) - 1))
        done, total = V.checked_share(self.facts)
        self.progress.value = f"<b>已核对 {done} / {total}</b>"
        r = self.current()
        if r is None:
            self.where.value, self.summary.value, self.context.value = "没有要核对的数字", "", ""
            return None
        self.where.value = f"第 {self.position + 1} / {len(sel)} 条"
        value = "" if pd.isna(r["value"]) else f"{r['value']:g}"
        was = "" if pd.isna(r.get("value_extracted")) else f"(原抽取 {r['value_extracted']:g})"
        self.summary.value = (f"<b>{html.escape(str(r['indicator']))}</b> {r['year']}年 "
                              f"<b>{value}{html.escape(str(r['unit'] or ''))}</b>{was} · "
                              f"{V.MEASURES.get(r['measure'], r['measure'])} · {V.STATUSES.get(r['status'], r['status'])}"
                              f" · 文档 {r['doc_id']} · 核对:{V.verified_label(r['verified'])}")
        text = self.text(str(r["doc_id"]))
        if text and pd.notna(r["char_start"]):
            self.context.value = context_html(text, int(r["char_start"]), int(r["char_end"]), str(r["value_text"] or ""))
        else:
            self.context.value = f"<div>{html.escape(str(r['quote']))}</div>"
        self._fill_fields(r)
        return r

    def _fill_fields(self, r: pd.Series) -> None:
        self.f_region.value, self.f_indicator.value = str(r["region"] or ""), str(r["indicator"] or "")
        self.f_year.value = "" if pd.isna(r["year"]) else str(int(r["year"]))
        self.f_value.value = "" if pd.isna(r["value"]) else f"{r['value']:g}"
        self.f_unit.value = str(r["unit"] or "")
        self.f_measure.value = r["measure"] if r["measure"] in V.MEASURES else "level"
        self.f_status.value = r["status"] if r["status"] in V.STATUSES else "actual"
        self.f_note.value = ""

    def text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            from planbook.ingest import read_report

            p = self._doc_paths.get(doc_id)
            self._texts[doc_id] = read_report(p) if p else None
        return self._texts[doc_id]

    # ------------------------------------------------------------------ decisions
    def _locator(self, r: pd.Series) -> dict:
        """doc_id, quote piece, extracted value and label that find this fact again (unique)."""
        extracted = self.facts.assign(value=self.facts["value_extracted"].fillna(self.facts["value"]))
        value = r["value_extracted"] if pd.notna(r.get("value_extracted")) else r["value"]
        loc = dict(doc_id=str(r["doc_id"]), quote=V.quote_piece(r["quote"], str(r["value_text"] or "")),
                   value=f"{value:g}", indicator_raw="")
        d = V.Decision(0, loc["doc_id"], loc["quote"], float(value), "fix")
        if len(V.find_facts(extracted, d)) > 1:
            loc["quote"] = V.squeeze(r["quote"])
            loc["indicator_raw"] = str(r["indicator_raw"] or "")
        return loc

    def _record(self, row: dict, replaces=None) -> None:
        row = {**row, "analyst": self.analyst, "date": _dt.date.today().isoformat()}
        V.record_decision(row, replaces=replaces)
        self.reload()

    def _current_or_fail(self) -> pd.Series:
        r = self.current()
        if r is None:
            raise PlanbookError("没有选中的数字 / no figure selected")
        if pd.isna(r["value"]):
            raise PlanbookError("这一条没有数值,只能在原文中核对 / a qualitative entry has no figure to decide on")
        return r

    def confirm(self) -> None:
        r = self._current_or_fail()
        if r["verified"] == "added":
            self.message.value = "这是人工补录的数字,已核对。"
            return
        self._record({**self._locator(r), "action": "confirm", "note": self.f_note.value})
        self.message.value = f"已确认:{r['indicator']} {r['year']}年 {r['value']:g}{r['unit'] or ''}"

    def fix(self, **fields) -> None:
        """Correct the current figure; ``fields`` among region, indicator, year, new_value, unit,
        measure, status, note (only those that differ from the figure are recorded)."""
        r = self._current_or_fail()
        changed = {k: v for k, v in fields.items() if k != "note" and str(v).strip() != "" and
                   not V._same(r["value" if k == "new_value" else k], _typed(k, v))}
        if not changed:
            raise PlanbookError("没有改动任何字段 / nothing changed")
        if r["verified"] == "added":
            self._record({**self._add_row(r), **changed, "note": fields.get("note", "")},
                         replaces=lambda old: _is_add_of(old, r))
        else:
            self._record({**self._locator(r), "action": "fix", **changed, "note": fields.get("note", "")})
        self.message.value = f"已更正:{r['indicator']} {r['year']}年 " + "、".join(
            f"{FIELD_ZH.get(k, k)}→{V.MEASURES.get(v, V.STATUSES.get(v, v))}" for k, v in changed.items())

    def fix_from_fields(self) -> None:
        self.fix(region=self.f_region.value, indicator=self.f_indicator.value, year=self.f_year.value,
                 new_value=self.f_value.value, unit=self.f_unit.value, measure=self.f_measure.value,
                 status=self.f_status.value, note=self.f_note.value)

    def reject(self) -> None:
        r = self._current_or_fail()
        if r["verified"] == "added":   # deleting a figure the analyst added withdraws the add
            self._withdraw_add(r)
        else:
            self._record({**self._locator(r), "action": "reject", "note": self.f_note.value})
        self.message.value = f"已删除:{r['indicator']} {r['year']}年 {r['value']:g}{r['unit'] or ''}"

    def _withdraw_add(self, r: pd.Series) -> None:
        import csv

        from planbook.fileio import atomic_path

        path = V.corrections_path()
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames, [x for x in reader if not _is_add_of(x, r)]
        with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        self.reload()

    def _add_row(self, r: pd.Series) -> dict:
        return dict(doc_id=str(r["doc_id"]), quote=V.squeeze(r["quote"]), action="add", region=r["region"],
                    indicator=r["indicator"], year=int(r["year"]), new_value=f"{r['value']:g}", unit=r["unit"],
                    measure=r["measure"], status=r["status"])

    def add(self, sentence: str, doc_id: str | None = None, **fields) -> None:
        """A figure the extractor missed: ``sentence`` (from the document) and the fields
        indicator, year, new_value (required), region, unit, measure, status, note."""
        doc_id = doc_id or (self.doc.value if self.doc.value != ALL else None)
        if not doc_id:
            raise PlanbookError("请先在“文档”中选择一份报告 / choose a document first")
        missing = [zh for k, zh in (("indicator", "指标"), ("year", "年份"), ("new_value", "数值"))
                   if not str(fields.get(k) or "").strip()]
        if missing:
            raise PlanbookError(f"补录需要填写{'、'.join(missing)} / indicator, year and value are required")
        row = {"doc_id": doc_id, "quote": V.squeeze(sentence), "action": "add",
               **{k: v for k, v in fields.items() if str(v).strip()}}
        _check_row(row)
        self._record(row)
        self.message.value = f"已补录:{fields['indicator']} {fields['year']}年 {fields['new_value']}{fields.get('unit', '')}"

    def add_from_fields(self) -> None:
        self.add(self.sentence.value or "", indicator=self.f_indicator.value, year=self.f_year.value,
                 new_value=self.f_value.value, region=self.f_region.value, unit=self.f_unit.value,
                 measure=self.f_measure.value, status=self.f_status.value, note=self.f_note.value)

    def sentences(self, doc_id: str, contains: str = "") -> list[str]:
        text = self.text(doc_id) or ""
        out = [text[s:e] for s, e in V.sentence_spans(text)]
        key = V.squeeze(contains)
        return [s for s in out if key in V.squeeze(s)] if key else out

    def _refresh_sentences(self):
        if self.doc.value in (ALL, None) or not self.sentence_search.value.strip():
            self.sentence.options = []
            return
        found = self.sentences(self.doc.value, self.sentence_search.value)[:50]
        self.sentence.options = [(s if len(s) <= 120 else s[:118] + "…", s) for s in found]

    # ------------------------------------------------------------------ after a decision
    def reload(self) -> pd.DataFrame:
        """Run the ingestion again (decisions applied), refresh the panel and whoever listens."""
        from planbook.ingest import ingest

        res = ingest()
        self.facts = res.indicators
        self._refresh_filters()
        for listener in self.listeners:
            listener(self.facts)
        return self.facts

    def follow(self, view) -> None:
        """Refresh ``view`` (a browser with ``facts`` and ``update()``) after each decision."""
        def refresh(facts: pd.DataFrame) -> None:
            view.facts = facts
            view.update()
        self.listeners.append(refresh)

    def _show_counts(self) -> None:
        from IPython.display import Markdown, display

        self.counts.clear_output(wait=True)
        with self.counts:
            display(Markdown("**各文档核对进度**"))
            display(V.verification_counts(self.facts))

    @staticmethod
    def _load() -> pd.DataFrame:
        from planbook.data import load_indicators

        return load_indicators()

    def show(self):
        from IPython.display import display

        display(self.widget)


def _set_options(dropdown, options: list[str]) -> None:
    """New options for a filter dropdown, keeping its choice when it is still offered."""
    options = [ALL] + list(options)
    keep = dropdown.value if dropdown.value in options else ALL
    if list(dropdown.options) == options:
        return
    with dropdown.hold_trait_notifications():
        dropdown.options = options
        dropdown.value = keep


def _typed(k: str, v):
    if k in ("new_value", "year"):
        try:
            return float(v)
        except (TypeError, ValueError):
            return v
    return v


def _check_row(row: dict) -> None:
    """Validate a decision before it is written (the same checks as on reading)."""
    try:
        V._decision({k: str(v) for k, v in row.items()}, 0)
    except ValueError as exc:
        raise PlanbookError(str(exc)) from None


def _is_add_of(old: dict, r: pd.Series) -> bool:
    """True when the corrections row ``old`` is the add that made fact ``r``."""
    if (old.get("action") or "").strip() != "add" or V.norm_doc_id(old.get("doc_id")) != str(r["doc_id"]):
        return False
    try:
        v = V._number(old.get("new_value") or old.get("value") or "")
    except ValueError:
        return False
    return V.squeeze(old.get("quote")) in V.squeeze(r["quote"]) and v is not None and abs(v - r["value"]) < 1e-9


# ---------------------------------------------------------------------------- labels to the catalog
class LabelsToCatalog:
    """Unknown labels → data/catalog/indicators.csv, as a synonym or a new indicator."""

    def __init__(self, facts: pd.DataFrame, on_change: Callable[[pd.DataFrame], None] | None = None):
        import ipywidgets as w

        from planbook.catalog import load_catalog

        self.facts, self.on_change = facts, on_change
        cat = load_catalog()
        self.label = w.Dropdown(description="原文指标名", options=self._labels(),
                                style={"description_width": "80px"})
        self.target = w.Dropdown(description="归入指标", options=sorted((i.name_zh, c) for c, i in cat.by_code.items()))
        self.synonym_button = w.Button(description="作为同义词加入", button_style="info")
        self.code = w.Text(description="新代码", placeholder="如 tourists")
        self.unit, self.category = w.Text(description="单位"), w.Text(description="类别")
        self.new_button = w.Button(description="作为新指标加入", button_style="info")
        self.message = w.HTML()
        self.synonym_button.on_click(lambda _b: self._safely(lambda: self.add_label(self.label.value, self.target.value)))
        self.new_button.on_click(lambda _b: self._safely(lambda: self.add_label(
            self.label.value, self.code.value, new={"unit": self.unit.value, "category": self.category.value})))
        self.widget = w.VBox([self.label, w.HBox([self.target, self.synonym_button]),
                              w.HBox([self.code, self.unit, self.category, self.new_button]), self.message])

    def _labels(self) -> list[str]:
        u = self.facts[self.facts["indicator_code"].fillna("") == ""]
        return list(u["indicator"].value_counts().index)

    def _safely(self, action):
        try:
            action()
        except PlanbookError as exc:
            self.message.value = f"<span style='color:#c00'>未保存:{html.escape(str(exc))}</span>"

    def add_label(self, label: str, code: str, new: dict | None = None) -> pd.DataFrame:
        from planbook.catalog import add_to_catalog
        from planbook.ingest import ingest

        if not label:
            raise PlanbookError("请选择一个原文指标名 / choose a label")
        path = add_to_catalog(label, code, new=new)
        self.facts = ingest().indicators
        self.label.options = self._labels()
        self.message.value = f"已写入 {path.name}:“{label}” → {code}" + ("(新指标)" if new else "(同义词)")
        if self.on_change is not None:
            self.on_change(self.facts)
        return self.facts

    def show(self):
        from IPython.display import display

        display(self.widget)
