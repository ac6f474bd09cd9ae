"""Interactive tables for the notebooks (itables / DataTables, offline): sort, filter, page.

``show(df)`` displays a table the analyst can sort by any column, search (all columns, or each
column in the row of boxes under the header), page through, with the first column frozen while
scrolling sideways, text left-aligned and long text (the quote) shortened with the full text on
hover. The DataTables library is embedded from the itables package (no internet needed): the
views call ``load()`` once where they are shown.
"""
from __future__ import annotations

import html

import pandas as pd

# columns whose long text is shortened in the cell and shown whole on hover
HOVER_COLUMNS = {"原文", "原文摘录", "来源", "来源(文件编号: 原文)", "判定依据", "一致性检查", "表注/说明",
                 "口径与说明", "示例原文", "说明"}
HOVER_CHARS = 28
LONG_TEXT = 40             # any text longer than this is shortened too (no row grows tall)
PAGE_LENGTH = 15

LANGUAGE = {
    "search": "在全部列中搜索:",
    "lengthMenu": "每页 _MENU_ 行",
    "info": "第 _START_–_END_ 行,共 _TOTAL_ 行",
    "infoEmpty": "没有数据",
    "infoFiltered": "(从 _MAX_ 行中筛选)",
    "zeroRecords": "没有符合条件的行",
    "emptyTable": "没有数据",
}


LOADED_ONCE = False   # set by the app (one page, one kernel): the library is loaded once, up front


def load() -> None:
    """Put the DataTables library in the page (offline, from the itables package). In the app the
    library is loaded once at the top; loading it again inside a tab's Output widget would copy
    the 600 kB bundle into every widget state sync."""
    global LOADED_ONCE
    from IPython.display import HTML, display

    if LOADED_ONCE:
        return
    from itables import options as opt
    from itables.javascript import generate_init_offline_itables_html

    display(HTML(generate_init_offline_itables_html(opt.dt_bundle)))


def _cell(value, column: str, css=None) -> str:
    """A cell as HTML: escaped text; long text in a hover column shortened, whole in its title;
    ``css(value)`` styles the cell (status colours, unchecked figures grey)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = value if isinstance(value, str) else (f"{value:,.4g}" if isinstance(value, float) else str(value))
    style = css(value) if css else ""
    if (column in HOVER_COLUMNS and len(text) > HOVER_CHARS) or len(text) > LONG_TEXT:
        return (f"<span class='pb-hover' title='{html.escape(text, quote=True)}'>"
                f"{html.escape(text[:HOVER_CHARS])}…</span>")
    if style:
        return f"<span style='{html.escape(style, quote=True)};padding:0 4px'>{html.escape(text)}</span>"
    return html.escape(text)


def prepared(df: pd.DataFrame, css: dict | None = None) -> pd.DataFrame:
    """The table as the grid shows it: text cells escaped, numbers kept (they sort as numbers);
    ``css`` maps a column to a function value -> CSS for its cells. A named index (a crosstab's
    文档 and 地区) becomes the first columns; a plain row number is dropped."""
    named = any(n is not None for n in df.index.names)
    out = (df.reset_index() if named else df.reset_index(drop=True)).copy()
    out.columns = [str(c) for c in out.columns]
    css = css or {}
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) or col in css:
            out[col] = [_cell(v, str(col), css.get(col)) for v in out[col]]
    return out


def options(n_rows: int) -> dict:
    return dict(
        showIndex=False, allow_html=True, classes="display compact nowrap cell-border", scrollX=True,
        fixedColumns={"start": 1}, paging=n_rows > PAGE_LENGTH, pageLength=PAGE_LENGTH,
        lengthMenu=[PAGE_LENGTH, 50, 200, -1], column_filters="footer", autoWidth=True,
        columnDefs=[{"className": "dt-left", "targets": "_all"}], language=LANGUAGE, maxBytes=0,
        style="table-layout:auto;font-size:12px;margin:0", connected=False,
        warn_on_unexpected_option_type=False, warn_on_undocumented_option=False)


def html_table(df: pd.DataFrame, css: dict | None = None) -> str:
    """The interactive table's HTML (displayed by ``show``; tests read it)."""
    from itables import to_html_datatable

    return to_html_datatable(prepared(df, css), **options(len(df)))


def show(df: pd.DataFrame, css: dict | None = None) -> None:
    from IPython.display import HTML, display

    display(HTML(html_table(df, css)))
