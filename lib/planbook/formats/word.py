"""Word reports (.docx) with python-docx: paragraphs and tables in document order, each paragraph
with the number Word draws in front of it (一、 (一) 1. when the numbering is automatic).

A cell merged across columns keeps its text in its first column and leaves the others empty; a
cell merged down rows keeps its text in its first row (so header rows line up column by column, as
the extractor reads a two-row header)."""
from __future__ import annotations

import io
import zipfile

from planbook.fileio import PlanbookError
from planbook.formats.common import Converted, has_report_text, join_text, table_lines


def convert(data: bytes, name: str) -> Converted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data[:4] == b"\xd0\xcf\x11\xe0":   # an OLE file: a .doc (or .wps) saved under a .docx name
        raise PlanbookError(f"{name}: 这是旧版Word(.doc)文件,请另存为.docx或PDF后再添加 / "
                            f"an old Word (.doc) file named .docx; save it as .docx or PDF")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanbookError(f"{name}: Word文件已损坏或不是.docx文件,无法打开 / damaged or not a .docx file "
                            f"({type(exc).__name__})") from None
    except Exception as exc:   # python-docx/lxml raise many kinds on a broken part
        raise PlanbookError(f"{name}: Word文件内容已损坏,无法读取 / damaged .docx content ({type(exc).__name__})") from None
    text = join_text(blocks)
    if not has_report_text(text):
        raise PlanbookError(f"{name}: Word文件中没有找到报告正文(中文或数字太少) / no report text in this Word file")
    return Converted(text)


def _blocks(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from planbook.formats.word_numbering import Numbering

    numbers = Numbering(document)
    out: list[str] = []
    for item in document.iter_inner_content():   # paragraphs and tables, in document order
        if isinstance(item, Paragraph):
            text = item.text
            out.append(numbers.label(item) + text if text.strip() else text)   # 一、 (一) drawn by Word
        elif isinstance(item, Table):
            out.extend(table_lines(_table_rows(item)))
    return out


def _table_rows(table) -> list[list[str]]:
    """Rows of cells from the table's XML: one cell per grid column, merged parts left empty."""
    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row: list[str] = []
        for tc in tr.tc_lst:
            continued = tc.vMerge == "continue"
            text = "" if continued else "\n".join(p.text for p in _paragraphs(tc, table))
            row.append(text)
            row.extend([""] * (tc.grid_span - 1))
        rows.append(row)
    return rows


def _paragraphs(tc, table):
    from docx.table import _Cell

    cell = _Cell(tc, table)
    out = list(cell.paragraphs)
    for inner in cell.tables:   # a table inside a cell: its cells' text in order
        for r in inner.rows:
            out.extend(p for c in r.cells for p in c.paragraphs)
    return out
