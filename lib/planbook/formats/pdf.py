"""PDF reports with pdfplumber: text lines in reading order, ruled tables as rows of cells, page
starts kept.

Lines a page wrapped inside a paragraph are joined again (a figure and its label often sit on two
lines); a wide gap inside a line (an unruled table) becomes a tab, which the extractor reads as a
cell border; a line holding only a page number is dropped. A PDF with no text layer (a scan) or one
that needs a password is refused with a one-line message."""
from __future__ import annotations

import io
import re

from planbook.fileio import PlanbookError
from planbook.formats.common import Converted, has_report_text, join_wrapped, table_lines

_DIGITS = re.compile(r"\d+")
_NO_LINE_START = "%‰、。，,；;：:！？）)」』”’》〉】∶︰"   # (∶ ︰: the ratio sign of 2.1∶40.4∶57.5)
_WORDS = re.compile(r"[^\d\s.,%#\-—–+]")   # a running header or footer has words, not only a number
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–\s]*$")


def convert(data: bytes, name: str) -> Converted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            items = [it for i, page in enumerate(pdf.pages) for it in _page_items(page, i)]
            n_pages, n_images = len(pdf.pages), sum(len(page.images) for page in pdf.pages)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower() or "encrypt" in str(inner).lower():
            raise PlanbookError(f"{name}: PDF已加密(需要密码),请提供未加密的文件 / encrypted PDF (needs a password); "
                                f"provide an unencrypted copy") from None
        raise PlanbookError(f"{name}: PDF文件已损坏,无法打开 / damaged PDF ({type(inner).__name__})") from None
    except Exception as exc:   # pdfminer raises many kinds on a broken file
        raise PlanbookError(f"{name}: PDF文件已损坏,无法读取 / damaged PDF ({type(exc).__name__})") from None
    text, pages = _assemble(_without_running_lines(items))
    if not text.strip() or (not has_report_text(text) and n_images >= n_pages):
        # no text, or (a scan with a stamped page number or title) little text beside a picture per page
        raise PlanbookError(f"{name}: PDF中没有文字层(可能是扫描件{'/图片' if n_images else ''}),需要OCR识别,本工具不支持 / "
                            f"no text layer (a scanned PDF?); OCR would be needed and is not supported")
    if not has_report_text(text):
        raise PlanbookError(f"{name}: PDF中没有找到报告正文(中文或数字太少) / no report text in this PDF")
    return Converted(text, pages)


def _page_items(page, index: int) -> list[tuple]:
    """(page, top, kind, payload) for the page's text lines and tables, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    body = page.filter(outside) if boxes else page
    items: list[tuple] = []
    # blank characters kept: a space the text holds is a space (公报 2023年), where a layout's own gap
    # between Chinese and a number is none; the line's extent is that of its visible characters
    for line in body.extract_text_lines(return_chars=True, strip=True, keep_blank_chars=True):
        shown = [c for c in line["chars"] if not c["text"].isspace()]
        text = _line_text(line["chars"])
        if not text.strip() or not shown:
            continue
        edge = line["top"] < page.height * 0.08 or line["bottom"] > page.height * 0.9
        if edge and _PAGE_NUMBER.match(text):
            continue
        items.append((index, line["top"], "edge" if edge else "line",
                      (text, shown[0]["x0"], shown[-1]["x1"], line["top"], line["bottom"], _lead_width(shown))))
    for t in tables:
        items.append((index, t.bbox[1], "table", table_lines(t.extract())))
    items.sort(key=lambda it: it[1])
    return _without_page_header(items)


def _without_page_header(items: list[tuple]) -> list[tuple]:
    """A page's first line dropped when it sits in the top margin, set apart from the text below by
    more than two and a half of its own heights: a word processor's page header (政府信息公开), even
    on a report of one page, where it cannot be seen to repeat."""
    if len(items) >= 2 and items[0][2] == "edge" and items[0][3][3] < items[1][1]:
        top, bottom = items[0][3][3], items[0][3][4]
        if items[1][1] - bottom > 2.5 * (bottom - top):
            return items[1:]
    return items


def _without_running_lines(items: list[tuple]) -> list[tuple]:
    """Lines at the top or bottom edge of a page that repeat on many pages (a running header or footer
    such as 某区人民政府公报 2024年第3期, its numbers aside) dropped; the other edge lines kept as text."""
    pages = len({it[0] for it in items}) or 1
    seen: dict[str, set[int]] = {}
    for it in items:
        if it[2] == "edge":
            seen.setdefault(_DIGITS.sub("#", it[3][0]), set()).add(it[0])
    running = {k for k, on in seen.items() if len(on) >= max(2, 0.4 * pages) and _WORDS.search(k)}
    return [it if it[2] != "edge" else (*it[:2], "line", it[3]) for it in items
            if not (it[2] == "edge" and _DIGITS.sub("#", it[3][0]) in running)]


def _lead_width(chars: list[dict]) -> float:
    """The width of the run a line starts with that a layout cannot break: Latin letters, digits and
    their signs (1270.39, GDP, 6.5%) with the punctuation no line may start with (1.9%、); the line
    above may end that much short of the margin."""
    end = None
    for c in chars:
        if not (c["text"].isascii() and not c["text"].isspace()) and c["text"] not in _NO_LINE_START:
            break
        end = c["x1"]
    return end - chars[0]["x0"] if end is not None else 0.0


def _line_text(chars: list[dict]) -> str:
    """A line from its characters: a wide gap is a tab (a cell border), a word gap one space.

    Between Chinese and Latin text (2023年, 总量1270.39亿元) a layout adds about a fifth of a character
    (autospace), which is no space; a written space there is wider (a third). Gaps are measured
    beyond the spacing a justified line adds between all its Chinese characters."""
    out: list[str] = []
    prev = None
    spaced = False   # a blank character since the last visible one
    shown = [c for c in chars if not c["text"].isspace()]
    cjk_gaps = sorted(b["x0"] - a["x1"] for a, b in zip(shown, shown[1:])
                      if not a["text"].isascii() and not b["text"].isascii())
    spread = max(cjk_gaps[len(cjk_gaps) // 2], 0.0) if cjk_gaps else 0.0
    for c in chars:
        t = c["text"]
        if t.isspace():
            spaced = prev is not None
            continue
        if prev is not None:
            size = max(prev["size"], c["size"], 1.0)
            gap = c["x0"] - prev["x1"]
            words = t.isascii() and prev["text"].isascii()
            if gap > 1.5 * size:
                out.append("\t")
            elif spaced or (words and gap > 0.15 * size) or (not words and gap - spread > 0.27 * size and
                                                              (t.isascii() or prev["text"].isascii())):
                out.append(" ")
        out.append(t)
        prev, spaced = c, False
    return "".join(out).strip()


def _assemble(items: list[tuple]) -> tuple[str, list[int]]:
    """The document text and the offset where each page starts (wrapped lines joined)."""
    lines = [it for it in items if it[2] == "line"]
    left = min((it[3][1] for it in lines), default=0.0)
    ends = sorted(it[3][2] for it in lines) or [0.0]
    right = ends[int(len(ends) * 0.9)]   # the right margin (a few lines overflow it)
    sizes = sorted(it[3][4] - it[3][3] for it in lines) or [10.0]
    size = sizes[len(sizes) // 2]
    out: list[str] = []
    pages: list[int] = []
    length = 0
    prev = None
    for it in items:
        page, _, kind, payload = it
        while len(pages) <= page:
            pages.append(length)
        if kind == "table":
            if not payload:
                continue
            block = "\n".join(payload)
            piece = ("\n" if out else "") + block
            prev = None
        else:
            text, x0 = payload[0], payload[1]
            # a line that reaches the margin (less up to two characters moved on by line-breaking
            # rules, or a number or word that could not be broken) and is followed by a line that is
            # not indented: one paragraph
            short = max(2.5 * size, payload[5] + 1.2 * size)
            wraps = prev is not None and prev[2] >= right - short and x0 <= left + 0.6 * size \
                and "\t" not in text and "\t" not in prev[0] and (page != prev[6] or payload[3] - prev[4] < 1.2 * size)
            if wraps:
                joined = join_wrapped(out[-1], text)
                length += len(joined) - len(out[-1])
                out[-1] = joined
                prev = (*payload, page)
                continue
            piece = ("\n" if out else "") + text
            prev = (*payload, page)
        out.append(piece.lstrip("\n") if not out else piece)
        length += len(out[-1])
    text = "".join(out)
    return (text + "\n" if text else ""), pages
