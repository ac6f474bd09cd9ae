"""Notebook 01's upload control: what ``planbook add`` does, with the inferred fields editable.

The analyst picks report files (.txt, .pdf, .docx, .html); each is read at once (planbook.add.prepare)
and shown as a small form with what was inferred (region, type, period, date, title). The analyst
corrects what is wrong and presses 保存, which copies the file into data/raw/, its text into
data/interim/ and appends its manifest line (planbook.add.commit). A file that cannot be added shows
its one-line message. All text the analyst reads is Chinese.
"""
from __future__ import annotations

import ipywidgets as widgets

from planbook.add import DOC_TYPES, FIELDS, Prepared, apply_overrides, commit, prepare
from planbook.fileio import PlanbookError
from planbook.formats import SUPPORTED
from planbook.paths import Paths, project_paths

LABELS = {"region": "地区", "doc_type": "文档类型", "period": "覆盖期间", "published": "发布日期", "title": "标题"}
PLACEHOLDERS = {"region": "如 杭州市、余杭区", "doc_type": "如 政府工作报告", "period": "如 2023-2024 或 2021-2025",
                "published": "如 2024-01-15", "title": "报告标题"}


def upload_control(paths: Paths | None = None) -> widgets.VBox:
    """The upload button and, below it, one form per chosen file."""
    P = paths or project_paths()
    upload = widgets.FileUpload(accept=",".join(SUPPORTED), multiple=True, description="选择报告文件",
                                layout=widgets.Layout(width="220px"))
    hint = widgets.HTML("可选 .txt、.pdf、.docx、.html 文件;读取后核对并修改推断的字段,再按“保存”加入 data/raw/。"
                        "旧版 .doc/.wps 请先另存为 .docx 或 PDF。")
    forms = widgets.VBox()

    def on_upload(change) -> None:
        boxes, pending = [], []
        for item in change["new"] or ():
            name, data = item["name"], bytes(item["content"])
            try:
                prep = prepare(data, name, P, pending)
            except PlanbookError as exc:
                boxes.append(_message(f"未添加:{exc}", error=True))
                continue
            pending.append(prep)
            boxes.append(file_form(prep, P))
        forms.children = tuple(boxes)

    upload.observe(on_upload, names="value")
    return widgets.VBox([widgets.HBox([upload, hint]), forms])


def file_form(prep: Prepared, paths: Paths) -> widgets.VBox:
    """The inferred fields of one file, editable, and its 保存 button."""
    inputs = {}
    for key in FIELDS:
        value = prep.inferred.get(key, "")
        if key == "doc_type":
            box = widgets.Combobox(value=value, options=sorted(set(DOC_TYPES.values())), ensure_option=False)
        else:
            box = widgets.Text(value=value)
        box.description = LABELS[key]
        box.placeholder = PLACEHOLDERS[key]
        box.layout = widgets.Layout(width="640px" if key == "title" else "360px")
        inputs[key] = box
    save = widgets.Button(description="保存", button_style="primary", icon="save")
    status = widgets.HTML()

    def on_save(_) -> None:
        given = {k: box.value for k, box in inputs.items() if box.value != prep.inferred.get(k, "")}
        try:
            prep.fields = dict(prep.inferred)
            prep.given = set()
            apply_overrides(prep, given, paths)
            row = commit(prep, paths)
        except PlanbookError as exc:
            status.value = _html(f"未保存:{exc}", error=True)
            return
        save.disabled = True
        for box in inputs.values():
            box.disabled = True
        status.value = _html(f"已添加为 {row['file']}(清单已更新)。重新运行下面读取全部报告的代码格(ingest.ingest()),或在终端运行 make run,即可读入新报告。")

    save.on_click(on_save)
    head = widgets.HTML(f"<b>{_escape(prep.source)}</b>(以下字段由正文推断,可修改)")
    return widgets.VBox([head, *inputs.values(), text_preview(prep), widgets.HBox([save, status])],
                        layout=widgets.Layout(border="1px solid #ddd", padding="6px", margin="4px 0"))


def text_preview(prep: Prepared, chars: int = 1500) -> widgets.Accordion:
    """The beginning of the text the extractor will read (tables as | a | b | rows), folded."""
    text = prep.conv.text
    rows = sum(1 for ln in text.splitlines() if ln.startswith("| "))
    more = f"\n……(共{len(text)}字)" if len(text) > chars else ""
    body = widgets.HTML(f'<pre style="white-space:pre-wrap;max-height:300px;overflow:auto">'
                        f"{_escape(text[:chars])}{more}</pre>")
    pages = f",{len(prep.conv.pages)}页" if prep.conv.pages else ""
    box = widgets.Accordion(children=[body], selected_index=None)
    box.set_title(0, f"预览读出的正文({len(text)}字,表格行{rows}行{pages})")
    return box


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html(text: str, error: bool = False) -> str:
    color = "#b00020" if error else "#1b5e20"
    return f'<span style="color:{color}">{_escape(text)}</span>'


def _message(text: str, error: bool = False) -> widgets.HTML:
    return widgets.HTML(_html(text, error))
