"""Web pages (.html, .htm) with BeautifulSoup: the page's report text and its tables, without the
site's navigation, breadcrumbs, header, footer, share and print links.

Page furniture is found three ways: by element (nav, header, footer, aside, form, script …), by the
names sites give it in class/id (nav, menu, crumb, position, footer, share, print, related …; an
element holding most of the page's Chinese text is never dropped this way), and by what it says
(当前位置…, 打印本页, 关闭窗口, 分享到, and short blocks that are mostly links). Everything else is
kept in reading order, every paragraph and every line of every table (merged cells: text in the
first cell, the others left empty, as the extractor reads a two-row header). The page heading
(<h1>, else <title> without the site name) opens the text; a publication date the page declares
is kept for the manifest.
"""
from __future__ import annotations

import re

from planbook.fileio import PlanbookError
from planbook.formats.common import Converted, has_report_text, join_text, table_lines

_DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
              "select", "input", "textarea", "svg", "object", "embed", "template", "menu"]
_DROP_NAMES = {"nav", "navbar", "navigation", "menu", "crumb", "crumbs", "breadcrumb", "breadcrumbs", "position",
               "location", "weizhi", "dqwz", "footer", "foot", "bottom", "copyright", "share", "bdshare", "fenxiang",
               "print", "dayin", "close", "tool", "tools", "toolbar", "related", "xglj", "links", "sidebar", "side",
               "search", "login", "header", "banner", "logo", "comment", "comments", "top", "gotop", "backtop"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
           "article", "main", "blockquote", "pre", "center", "tr", "tbody", "thead", "hr", "figure", "figcaption",
           "address", "body", "html"}
_FURNITURE = re.compile(r"^(?:当前位置|您的位置|你的位置|所在位置)\s*[::]|^首页\s*[>›»]|"
                        r"^(?:版权所有|主办单位|承办单位|技术支持|网站标识码)|ICP备\s*\d+号|"
                        r"^(?:[\[【]?(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|字号|大|中|小|默认|分享到?|微信|微博)[\]】]?[\s::|/]*)+$")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]*(?:人民政府|门户网站|政府网|政府|网站|发展和改革委员会|发改委|统计局)"
                          r"[^_|｜\-—–]*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])")
_DATE_META = ("pubdate", "publishdate", "publish_date", "article:published_time", "dc.date", "dc.date.issued",
              "firstpublishedtime", "date")
_DATE_TEXT = re.compile(r"(?:发布|发表|成文|公开)(?:日期|时间)\s*[::]?\s*((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")


def convert(data: bytes, name: str) -> Converted:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:   # lxml on a broken page
        raise PlanbookError(f"{name}: 网页无法解析 / cannot parse the web page ({type(exc).__name__})") from None
    title = _title(soup)
    date = _declared_date(soup)
    body = soup.body or soup
    _drop_furniture(body)
    lines: list[str] = []
    _walk(body, lines, [])
    lines = [ln for ln in lines if not _FURNITURE.search(ln)]
    if title and not any(title in ln for ln in lines[:3]):
        lines.insert(0, title)
    text = join_text(lines)
    if not has_report_text(text):
        raise PlanbookError(f"{name}: 网页中没有找到报告正文(中文或数字太少) / no report text found in the web page")
    return Converted(text, title=title, date=date or _date_in_text(text))


def _drop_furniture(body) -> None:
    for el in body.find_all(_DROP_TAGS):
        el.decompose()
    total = len(_CJK.findall(body.get_text()))
    for el in body.find_all(True):
        if el.decomposed or el.attrs is None:
            continue
        names = " ".join([*(el.get("class") or []), el.get("id") or ""]).lower()
        tokens = set(re.split(r"[-_\s]+|(?<=[a-z])(?=\d)", names)) if names else set()
        if tokens & _DROP_NAMES and len(_CJK.findall(el.get_text())) < 0.5 * total:
            el.decompose()


def _walk(el, out: list[str], cur: list[str]) -> None:
    """Lines of ``el`` in reading order: a block ends a line, a table becomes pipe rows."""
    from bs4 import Comment, NavigableString, Tag

    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            cur.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "table" and _is_layout(child):
                for cell in child.find_all(["td", "th"]):   # a page laid out with a table: its cells as blocks
                    if cell.find_parent("table") is child and not _mostly_links(cell):
                        _flush(out, cur)
                        _walk(cell, out, cur)
                        _flush(out, cur)
            elif child.name == "table":
                _flush(out, cur)
                out.extend(table_lines(_table_rows(child)))
            elif child.name == "br":
                _flush(out, cur)
            elif child.name in _BLOCKS:
                _flush(out, cur)
                if not _mostly_links(child):
                    _walk(child, out, cur)
                _flush(out, cur)
            else:
                _walk(child, out, cur)


def _flush(out: list[str], cur: list[str]) -> None:
    text = _CJK_SPACE.sub("", " ".join("".join(cur).split()))
    cur.clear()
    if text:
        out.append(text)


def _mostly_links(el) -> bool:
    """A short block whose text is mostly links (a menu or a list of related pages without a class)."""
    if el.find("table") is not None:
        return False
    text = "".join(el.get_text().split())
    if not text or len(text) > 200:
        return False
    linked = sum(len("".join(a.get_text().split())) for a in el.find_all("a"))
    return linked >= 0.7 * len(text) and len(el.find_all("a")) >= 2


def _is_layout(table) -> bool:
    """A table used to lay out the page (tables inside it, or a cell holding paragraphs of text), not
    a table of figures."""
    if table.find("table") is not None:
        return True
    return any(len(_CJK.findall(cell.get_text())) > 150 for cell in table.find_all(["td", "th"]))


def _table_rows(table) -> list[list[str]]:
    """The table's own rows as cells; a cell spanning columns or rows leaves the others empty."""
    rows: list[list[str]] = []
    below: dict[int, int] = {}   # column -> rows still covered by a cell from above
    for tr in (tr for tr in table.find_all("tr") if tr.find_parent("table") is table):
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            while below.get(len(row), 0) > 0:
                below[len(row)] -= 1
                row.append("")
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            start = len(row)
            row.append(cell.get_text("\n"))
            row.extend([""] * (span - 1))
            if down > 1:
                for c in range(start, start + span):
                    below[c] = down - 1
        while below.get(len(row), 0) > 0:
            below[len(row)] -= 1
            row.append("")
        rows.append(row)
    return rows


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 50))
    except (TypeError, ValueError):
        return 1


def _title(soup) -> str:
    """The page's heading (<h1>), else its <title> without the site name."""
    h1 = soup.find("h1")
    # its pieces joined as the page shows them: LibreOffice splits a heading into <font>/<span> runs
    # at each change of script (2023 | 年杭州市), which are no word breaks
    heading = " ".join(h1.get_text().split()) if h1 else ""
    if len(heading) >= 6:
        return _CJK_SPACE.sub("", heading)
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    return _SITE_SUFFIX.sub("", title)


def _declared_date(soup) -> str:
    for meta in soup.find_all("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key in _DATE_META:
            m = re.match(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})", (meta.get("content") or "").strip())
            if m:
                return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return ""


def _date_in_text(text: str) -> str:
    m = _DATE_TEXT.search(text[:3000])
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""
