"""What every format reader shares: the result type, table rows as pipe rows, the report-text check,
and the messages for files that cannot be read."""
from __future__ import annotations

import re
from dataclasses import dataclass, field


_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_CJK_CHARS = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK_CHARS}])\\s*\\n\\s*(?=[{_CJK_CHARS}])")
# formats that are saved again as .docx or PDF (old Word, WPS, rich text)
RESAVE = {".doc": "Word 97-2003", ".wps": "WPS", ".rtf": "RTF", ".odt": "OpenDocument", ".et": "WPS表格"}


@dataclass
class Converted:
    text: str
    pages: list[int] = field(default_factory=list)   # character offset where each PDF page starts
    title: str = ""                                   # a title the file declares (web page metadata)
    date: str = ""                                    # a publication date the file declares (YYYY-MM-DD)


def unsupported_message(name: str, suffix: str) -> str:
    if suffix in RESAVE:
        return (f"{name}: 不支持{RESAVE[suffix]}格式({suffix}),请在Word或WPS中另存为.docx或PDF后再添加 / "
                f"{suffix} files are not supported; save the report as .docx or PDF and add that file")
    return (f"{name}: 不支持的文件格式({suffix or '无扩展名'}),可添加 .txt、.pdf、.docx、.html / "
            f"unsupported format {suffix or '(no extension)'}; planbook reads .txt, .pdf, .docx, .html")


def clean_cell(text: str | None) -> str:
    """A table cell on one line: line breaks and runs of spaces become one space, a bar becomes /."""
    if not text:
        return ""
    text = _CJK_BREAK.sub("", text.replace("\r", ""))   # a line wrapped inside a cell between Chinese characters
    return _SPACE.sub(" ", text.replace("\n", " ")).strip().replace("|", "/")


def pipe_row(cells: list[str | None]) -> str:
    """A table row as the extractor reads it: ``| a | b | c |`` (empty cells kept in place)."""
    return "| " + " | ".join(clean_cell(c) for c in cells) + " |"


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """The pipe rows of a table; rows with no text at all are left out."""
    return [pipe_row(r) for r in rows if any(clean_cell(c) for c in r)]


def has_report_text(text: str) -> bool:
    """True when ``text`` holds enough Chinese prose and figures to be a report (not a bare page)."""
    return len(_CJK.findall(text[:100000])) >= 60 and len(_DIGIT.findall(text[:100000])) >= 3


def join_text(blocks: list[str]) -> str:
    """Blocks (paragraphs, table rows) one per line; blank blocks dropped."""
    return "\n".join(b for b in (x.strip() for x in blocks) if b) + "\n"


def join_wrapped(a: str, b: str) -> str:
    """Two parts of a line wrapped by the page: no space between Chinese text, one between words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b

