"""Web pages (.html, .htm) with trafilatura: the page's main text and its tables, without the site's
navigation, breadcrumbs, footer, share and print links.

The page's title (its heading, else the <title> without the site name) opens the text, as the first
line of a report does; the date the page declares is kept for the manifest."""
from __future__ import annotations

import re

from planbook.fileio import PlanbookError
from planbook.formats.common import Converted, has_report_text, join_text, table_lines

# what trafilatura may keep of a page's furniture: share/print/close links, view counters
_FURNITURE = re.compile(r"^(?:[\[【]?(?:打印本页|打印|关闭窗口|关闭|返回顶部|分享到|收藏)[\]】]?[\s:]*)+$|^分享到[:]")
_SITE_SUFFIX = re.compile(r"[_|｜\-—]+[^_|｜\-—]*(?:人民政府|门户网站|政府网|信息公开|发展和改革委员会|统计局)[^_|｜\-—]*$")


def convert(data: bytes, name: str) -> Converted:
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(data, output_format="xml", include_tables=True, include_comments=False,
                                  include_links=False, include_images=False, favor_recall=True,
                                  with_metadata=True, deduplicate=False)
    except Exception as exc:   # lxml/trafilatura on a broken page
        raise PlanbookError(f"{name}: 网页无法解析 / cannot parse the web page ({type(exc).__name__})") from None
    if not xml:
        raise PlanbookError(f"{name}: 网页中没有找到报告正文 / no report text found in the web page")
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    blocks = [] if main is None else _blocks(main)
    title = _title(doc, data)
    if title and not any(title in b for b in blocks[:3]):
        blocks.insert(0, title)
    text = join_text(blocks)
    if not has_report_text(text):
        raise PlanbookError(f"{name}: 网页中没有找到报告正文(中文或数字太少) / no report text found in the web page")
    return Converted(text, title=title, date=(doc.get("date") or "")[:10])


def _blocks(main) -> list[str]:
    out: list[str] = []
    for el in main:
        if el.tag == "table":
            rows = [["".join(cell.itertext()) for cell in row.iter("cell")] for row in el.iter("row")]
            out.extend(table_lines(rows))
            continue
        text = " ".join("".join(el.itertext()).split())
        if el.tag == "list":
            out.extend(" ".join("".join(item.itertext()).split()) for item in el.iter("item"))
        elif text and not _FURNITURE.search(text):
            out.append(text)
    return out


def _title(doc, data: bytes) -> str:
    """The page's heading (<h1>), else its <title> without the site name."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    h1 = soup.find("h1")
    heading = " ".join(h1.get_text(" ").split()) if h1 else ""
    if len(heading) >= 6:
        return heading
    title = doc.get("title") or (soup.title.get_text() if soup.title else "")
    return _SITE_SUFFIX.sub("", " ".join(title.split()))
