"""The workbook and its paper: A4 print setup by printed width (text kept at 9 pt or more),
row heights for wrapped text, workbook properties and the atomic, lock-aware save."""
from __future__ import annotations

import math
import os
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planbook.export.cells import FOOTER, display_width
from planbook.fileio import PlanbookError, atomic_path


def printed_span(ws: Worksheet, ncol: int) -> tuple[int, int]:
    """The first and last printed (not hidden) of the columns 1..``ncol`` (1, ncol when none)."""
    visible = [j for j in range(1, ncol + 1) if not ws.column_dimensions[get_column_letter(j)].hidden]
    return (visible[0], visible[-1]) if visible else (1, ncol)


def _total_width(ws: Worksheet, ncol: int) -> float:
    return sum((ws.column_dimensions[get_column_letter(j)].width or 8) for j in range(1, ncol + 1))


# printable width of an A4 page in Excel column-width units at 100% (0.4" side margins): a unit is
# about 5.56 pt = 1.96 mm with Calibri 11 as the default font (measured in LibreOffice with Carlito,
# Calibri's metric twin: 100 units print 556 pt wide); the smallest print scale keeps 10-point body
# text at 9 points or more
PRINT_UNITS = {"portrait": 96.0, "landscape": 141.0}


MIN_SCALE = 0.9


def printed_width(ws: Worksheet) -> float:
    """The summed width of the visible columns (what prints across a page)."""
    total = 0.0
    for j in range(1, (ws.max_column or 1) + 1):
        dim = ws.column_dimensions[get_column_letter(j)]
        if not dim.hidden:
            total += dim.width or 8.43
    return total


def print_layout(width: float) -> tuple[str, bool]:
    """(orientation, fit to one page wide) for a table ``width`` units wide: portrait when it fits
    at 90% or more, else landscape; fitted to the page width only when that keeps 90% or more."""
    if width <= PRINT_UNITS["portrait"] / MIN_SCALE:
        return "portrait", True
    return "landscape", width <= PRINT_UNITS["landscape"] / MIN_SCALE


def setup_print(ws: Worksheet, title_rows: tuple[int, int] | None = None) -> None:
    """A4, portrait or landscape by the printed width, one page wide only when the text keeps 9 pt
    or more (else printed at 90% over more pages), repeated header rows, page numbers in the footer."""
    orientation, fit = print_layout(printed_width(ws))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = int(MIN_SCALE * 100)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3   # (the page number prints whole below the table)
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.evenFooter.center.text = FOOTER


def _fit_row_heights(ws: Worksheet, first: int, last: int, line_height: float = 14.5) -> None:
    """Explicit heights for rows with wrapped text (merged cells are not auto-fitted by Excel): a
    line per started width of the cell in each of its paragraphs, 14.5 pt a line at 10 pt (the
    line spacing of the CJK fonts, Noto Sans CJK 1.45 em)."""
    merged = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == rng.max_row and first <= rng.min_row <= last:
            dims = [ws.column_dimensions[get_column_letter(j)] for j in range(rng.min_col, rng.max_col + 1)]
            merged[(rng.min_row, rng.min_col)] = sum(d.width or 8.43 for d in dims if not d.hidden)
    if last < first:
        return
    widths = {}
    for r, cells in enumerate(ws.iter_rows(min_row=first, max_row=last), start=first):
        lines, height = 1, line_height
        for cell in cells:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            if ws.column_dimensions[cell.column_letter].hidden:   # hidden text does not print
                continue
            if cell.column_letter not in widths:
                widths[cell.column_letter] = ws.column_dimensions[cell.column_letter].width or 8.43
            width = merged.get((r, cell.column)) or widths[cell.column_letter]
            size = (cell.font.sz or 11) if cell.font else 11
            per_unit = size / 10.0  # a CJK glyph is ~2 width units at 10 points
            n = sum(max(1, math.ceil(display_width(part) * per_unit / max(4.0, width - 1)))
                    for part in cell.value.split("\n"))
            if n * line_height * size / 10 > lines * height:
                lines, height = n, line_height * size / 10
        if lines > 1:
            ws.row_dimensions[r].height = min(409, height * lines + 3)
        elif ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = 18  # uniform single-line rows (Excel and LibreOffice alike)


def new_workbook(title: str, subject: str = "") -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.title = title
    props.subject = subject or "杭州市规划报告指标分析"
    props.creator = "planbook"
    props.lastModifiedBy = "planbook"
    props.created = datetime.now().replace(microsecond=0)
    props.modified = props.created
    props.keywords = "planbook;规划;指标"
    props.description = "由 planbook 根据规划报告原文生成;每个数值均可追溯至来源报告及原文摘录。"
    return wb


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (~$name) or LibreOffice (.~lock.name#) leave beside an open file."""
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    return [p for p in candidates if p.exists()]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save through a temporary file beside ``path``; a locked target stays intact."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise PlanbookError(f"{path}: 是文件夹,应为 .xlsx 文件名 / is a folder, expected an .xlsx file name")
    locks = lock_files(path)
    if locks:
        raise PlanbookError(f"{path}: 文件正被其他程序打开(发现锁文件 {locks[0].name}),请关闭后重试;原文件未改动")
    try:
        with atomic_path(path, suffix=".xlsx") as tmp:
            wb.save(tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
    except PermissionError:
        raise PlanbookError(f"{path}: 无法写入(文件被占用或没有写权限),请关闭后重试;原文件未改动") from None
    except OSError as exc:
        raise PlanbookError(f"{path}: 无法写入:{exc.strerror or exc}") from None
    return path
