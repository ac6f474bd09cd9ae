"""The numbers Word draws in front of auto-numbered paragraphs (一、 (一) 1. 第一章 …), which
python-docx's paragraph text leaves out; the extractor finds section headings by these numbers.

``Numbering(document)`` reads the document's numbering definitions; ``label(paragraph)`` gives the
text Word shows for a paragraph's number, counting as Word does (a level restarts after a higher
level), or "" for a paragraph without one (and for bullets)."""
from __future__ import annotations

from docx.oxml.ns import qn

_CN = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """1..99 as 一, 十, 十一, 二十一."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "chineseLegalSimplified",
               "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n) if n < 100 else str(n)
    if fmt == "ideographDigital":
        return "".join(_CN[int(d)] for d in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    return str(n)   # decimal, decimalZero and anything else


class Numbering:
    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            a = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if a is None:
                continue
            self.levels[num.get(qn("w:numId"))] = {
                int(lvl.get(qn("w:ilvl"))): (_val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", ""),
                                             int(_val(lvl, "w:start", "1") or 1))
                for lvl in a.findall(qn("w:lvl"))}

    def label(self, paragraph) -> str:
        num_id, ilvl = _num_pr(paragraph)
        levels = self.levels.get(num_id) if num_id else None
        if not levels or ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]   # a lower level starts again under a new higher-level number
        text = levels[ilvl][1]
        for k in range(ilvl, -1, -1):
            if k in levels:
                n = counts.get(k, levels[k][2])
                text = text.replace(f"%{k + 1}", format_number(n, levels[k][0]))
        return text


def _val(el, tag: str, default: str) -> str:
    child = el.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _num_pr(paragraph) -> tuple[str | None, int]:
    """The paragraph's list (numId, level): its own, else its style's."""
    for holder in (paragraph._p.pPr, _style_ppr(paragraph)):
        num_pr = holder.find(qn("w:numPr")) if holder is not None else None
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is not None and num_id.get(qn("w:val")) != "0":
                return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    return None, 0


def _style_ppr(paragraph):
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None
