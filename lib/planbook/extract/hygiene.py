"""Document hygiene: repeated page content, site boilerplate, corrupted characters, truncation.

Works on lines and keeps each kept line's offset in the decoded text, so quotes and offsets
stay true to the file. Every finding goes to the quality log as (kind, location, message).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from planbook.extract.numbers import _trie_regex
from planbook.extract.text import codepoints
from planbook.extract.vocab import alternation, words

# site boilerplate: phrases met anywhere in a short line, and labels that open a line
_BOILER_ANYWHERE = words("page", "boiler_anywhere")
_BOILER_START = "(?:" + alternation("page", "boiler_start") + ")"
_BOILER_DATED = r"发布时间[:：]?\s*\d{4}-\d{1,2}-\d{1,2}"
BOILERPLATE = re.compile("(?:" + _trie_regex(_BOILER_ANYWHERE) + "|" + _BOILER_DATED
                         + "|^" + _BOILER_START + ")")
# a cheap first test: a line can only be boilerplate if it opens with a label's first character
# or holds the first two characters of a phrase met anywhere (发布时间 for the dated form)
_BOILER_FIRST = frozenset("信发备生公附分责【字hH首主来本联地[打")
_BOILER_PAIRS = re.compile("|".join(sorted({re.escape(w[:2]) for w in _BOILER_ANYWHERE} | {"发布"})))
PUBDATE = re.compile("(?:" + alternation("page", "posting_date_labels") + r")\s*[:：|]?\s*(\d{4})-(\d{1,2})-(\d{1,2})")
DECLARED_LEN = re.compile(r"全文\s*(\d{3,6})\s*字")
SENT_END = "。!?;:”」』)）…】.!?\"'|"

# corruption: replacement character, '?' standing between Chinese characters, a short Chinese
# string repeated three or more times in a row, latin-1 mojibake, dates with lost 年/月.
# Each rule's pattern opens with a literal or a small set of characters (so the regex engine can
# skip ahead fast); what its matches need around them is said by the rule and tested in Python.
_CJK = "\u4e00-\u9fff"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _not_digit(ch: str) -> bool:
    return not ch.isdecimal()   # also true at the start of the text ("")


def _after_figure(ch: str) -> bool:
    return ch != "" and (ch.isdecimal() or ch in "万亿")


def _repeat_starts(text: str) -> list[int]:
    """Where a 2-4 character string repeated three times can start: a[i] == a[i+p] == a[i+2p] for
    some p in 2..4 (checked on code points with numpy, so the back-reference regex runs only there)."""
    a = codepoints(text)
    hit = np.zeros(len(a), dtype=bool)
    for p in (2, 3, 4):
        if len(a) > 2 * p:
            same = a[:-p] == a[p:]              # a[i] == a[i+p]
            eq = same[:-p] & same[p:]           # ... and a[i+p] == a[i+2p]
            hit[:len(eq)] |= eq
    hit &= (a >= 0x4E00) & (a <= 0x9FFF)
    return np.flatnonzero(hit).tolist()


def _latin1_starts(text: str) -> list[int]:
    """Where mojibake can start: a Latin-1 letter (À…ÿ but × and ÷)."""
    a = codepoints(text)
    return [i for i in np.flatnonzero((a >= 0xC0) & (a <= 0xFF)).tolist() if text[i] not in "×÷"]


@dataclass(frozen=True)
class CorruptionRule:
    pattern: re.Pattern
    message: str
    prev_ok: Callable[[str], bool] | None = None   # what the character before a match must be
    on_raw: bool = False        # scan the text as decoded rather than normalised
    needles: str = ""           # every match holds one of these characters (a quick test first)
    end_char: str = ""          # every match is ``width`` characters ending in this one
    width: int = 0
    starts: Callable[[str], list[int]] | None = None   # the only places a match can start


_CJK_RUN = re.compile(f"[{_CJK}]+")

CORRUPT_RULES = [
    CorruptionRule(re.compile("\ufffd+"), "替换字符U+FFFD(原文字节无法解码)", needles="\ufffd"),
    CorruptionRule(re.compile(f"\\?+(?=[{_CJK}])"), "汉字之间出现“?”(字符被替换)", _is_cjk, needles="?"),
    CorruptionRule(re.compile(f"([{_CJK}]{{2,4}})\\1{{2,}}"), "同一串字连续重复三次以上(文字被替换)",
                   starts=_repeat_starts),
    CorruptionRule(re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff][\u0080-\u00d6\u00d8-\u00f6\u00f8-\u00ff]{1,}"),
                   "乱码(编码错误)", starts=_latin1_starts),
    CorruptionRule(re.compile(f"[□■◆�]+(?=[{_CJK}])"), "汉字之间出现占位符(字符被替换)", _is_cjk, needles="□■◆�"),
    CorruptionRule(re.compile(r"(?:19|20)\d{2}[01]\d[0-3]\d日"), "日期缺少“年/月”字", _not_digit,
                   end_char="日", width=9),
    CorruptionRule(re.compile("兀"), "数字后的“兀”疑为“元”(已按“元”读取)", _after_figure, on_raw=True, needles="兀"),
]


def corruption_matches(rule: CorruptionRule, text: str):
    """The matches of ``rule.pattern`` in ``text`` whose preceding character satisfies
    ``rule.prev_ok`` (the same matches a look-behind would give), looked for only where they can be."""
    pat, prev_ok = rule.pattern, rule.prev_ok
    if rule.needles and not any(c in text for c in rule.needles):
        return
    if rule.end_char:
        # fixed-width matches ending in one character: tried only that far before each of them
        for d in re.finditer(re.escape(rule.end_char), text):
            i = d.end() - rule.width
            if i >= 0:
                m = pat.match(text, i)
                if m and (prev_ok is None or prev_ok(text[i - 1] if i else "")):
                    yield m
        return
    if rule.starts:
        end = 0
        for i in rule.starts(text):
            if i < end:
                continue
            m = pat.match(text, i)
            if m:
                end = m.end()
                yield m
        return
    pos = 0
    while True:
        m = pat.search(text, pos)
        if m is None:
            return
        s = m.start()
        if prev_ok is None or prev_ok(text[s - 1] if s else ""):
            yield m
            pos = m.end() if m.end() > s else s + 1
        else:
            pos = s + 1


@dataclass
class Line:
    start: int  # offset of the line in the decoded text
    text: str   # normalised line text (same length as the raw line)
    raw: str


@dataclass
class Hygiene:
    lines: list[Line]
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, location, message)
    published: tuple[int, int, int] | None = None
    truncated: bool = False


def clean_lines(raw: str, norm: str) -> Hygiene:
    """Split into lines, drop boilerplate and repeated content, detect corruption and truncation."""
    kept = _kept_lines(raw, norm)
    findings = kept.findings + _corruption_findings(raw, norm, kept.lines, kept.line_no)
    if kept.boiler_lines:
        b = kept.boiler_lines
        findings.append(("boilerplate", f"第{'、'.join(map(str, b[:12]))}行" + (" …" if len(b) > 12 else ""),
                         f"剔除网站模板或元数据{len(b)}行"))
    truncation = _truncation_findings(raw, kept.lines, kept.declared)
    lines = _split_inline_headings(_join_wrapped(kept.lines))
    return Hygiene(lines, findings + truncation, kept.published, bool(truncation))


_PARAGRAPH_END = frozenset("。!?;:”」』)）…】.!?\"'|")
# a line opening a new paragraph, heading or table row (一、 (一) 第一章 1. 1、 |)
_NEW_BLOCK = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十\d]{1,3}[章节条]|"
                        r"\d{1,2}[、.．](?!\d)|\||各位代表|附表|附件|表\s?\d|[●•▪◆■□◇○◎★☆▲△►▶√])")
_NUMBERED_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)]")
_CELLS = re.compile(r"\t|\||(?<=\S)  +(?=\S)|\u3000")   # a table row's cells (tabs, pipes, runs of spaces)
_GAP_END = re.compile(r"[,,。;;:、!?()()\s]")


def _hard_wrapped(lines: list[Line]) -> bool:
    """Whether the text was broken into lines of a page's width (copied from a PDF): many of its
    longer lines stop in the middle of a sentence."""
    long = [t for t in (ln.text.rstrip() for ln in lines) if len(t) >= 15]
    open_ended = [t for t in long if t[-1] not in _PARAGRAPH_END]
    if len(open_ended) < 5 or len(open_ended) < 0.3 * len(long):
        return False   # (most texts: their lines end their sentences; no table test needed)
    cells = sum(1 for t in long if _CELLS.search(t))
    open_ended = [t for t in open_ended if not _CELLS.search(t)]
    return len(open_ended) >= 5 and len(open_ended) >= 0.3 * (len(long) - cells)


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """The lines of a hard-wrapped text joined back into paragraphs. The line break becomes a blank
    moved to the first break of the next line's words (其\n中地方财政收入17.1亿元, → 其中地方财政收入17.1亿元 ,),
    so a word or a figure and its label are whole again; offsets hold outside the moved words."""
    if len(lines) < 6 or not _hard_wrapped(lines):
        return lines
    out: list[Line] = [lines[0]]
    for ln in lines[1:]:
        a = out[-1]
        t = a.text.rstrip()
        if t and t[-1] not in _PARAGRAPH_END and len(t) >= 12 and ln.start == a.start + len(a.text) + 1 \
                and not _NEW_BLOCK.match(ln.text) and not _CELLS.search(a.text) and not _CELLS.search(ln.text):
            m = _GAP_END.search(ln.text, 0, 30)
            k = m.start() if m else 0
            out[-1] = Line(a.start, a.text + ln.text[:k] + " " + ln.text[k:], a.raw + "\n" + ln.raw)
        else:
            out.append(ln)
    return out


# a numbered heading inside a long line, after a sentence end or a space (or opening the line)
_INLINE_HEADING = re.compile(r"(?:^|(?<=[。!?;\s)]))(?:" + alternation("page", "inline_headings") + ")")


def _split_inline_headings(lines: list[Line]) -> list[Line]:
    """Long lines of a page that lost its line breaks, cut before and after each numbered heading
    run into them (一、2022年工作回顾2022年是…), every piece keeping its offset in the file."""
    out: list[Line] = []
    for ln in lines:
        cuts = sorted({c for m in _INLINE_HEADING.finditer(ln.text) for c in m.span()} - {0, len(ln.text)}) \
            if len(ln.text) > 150 and "、" in ln.text else []
        if not cuts:
            out.append(ln)
            continue
        for a, b in zip([0] + cuts, cuts + [len(ln.text)]):
            if ln.text[a:b].strip():
                out.append(Line(ln.start + a, ln.text[a:b], ln.raw[a:b]))
    return out


@dataclass
class _Kept:
    lines: list[Line]
    line_no: dict[int, int]                 # a kept line's start -> its line number
    findings: list[tuple[str, str, str]]     # repeated content
    boiler_lines: list[int]
    published: tuple[int, int, int] | None
    declared: int | None                     # 全文N字 near the top


def _kept_lines(raw: str, norm: str) -> _Kept:
    """The lines kept: not blank, not site boilerplate, not a repeat of an earlier long line; with the
    publication date and declared length the opening states."""
    kept = _Kept([], {}, [], [], None, None)
    seen: dict[str, int] = {}
    seen_at: dict[int, int] = {}
    dup_run: list[int] = []

    def flush_dups():
        if dup_run:
            first, last = dup_run[0], dup_run[-1]
            kept.findings.append(("repeated_content", f"第{first}-{last}行" if last != first else f"第{first}行",
                                  f"{len(dup_run)}行与前文重复(如第{seen_at[first]}行),只计一次"))
            dup_run.clear()

    pos = 0
    for no, (rl, nl) in enumerate(zip(raw.split("\n"), norm.split("\n")), start=1):
        start = pos
        pos += len(rl) + 1
        stripped = nl.strip()
        if not stripped:
            continue
        if kept.published is None and no <= 40:
            m = PUBDATE.search(nl)
            if m:
                kept.published = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if no <= 5:
            m = DECLARED_LEN.search(nl)
            if m:
                kept.declared = int(m.group(1))
        if len(nl) < 200 and (stripped[:1] in _BOILER_FIRST or _BOILER_PAIRS.search(nl)) \
                and BOILERPLATE.search(stripped):
            kept.boiler_lines.append(no)
            continue
        key = stripped.replace(" ", "") if " " in stripped else stripped
        if len(key) >= 15 and not (len(key) < 40 and _NUMBERED_HEADING.match(key)):
            # (a numbered heading said again is the body's heading after a table of contents: kept)
            if key in seen:
                seen_at[no] = seen[key]
                dup_run.append(no)
                continue
            seen[key] = no
        flush_dups()
        kept.lines.append(Line(start, nl, rl))
        kept.line_no[start] = no
    flush_dups()
    return kept


def _corruption_findings(raw: str, norm: str, out: list[Line], line_no: dict[int, int]) -> list[tuple[str, str, str]]:
    """Corrupted or substituted characters, searched once over the text, reported in kept lines only."""
    findings = []
    kept_starts = sorted(line_no)
    for rule in CORRUPT_RULES:
        for cm in corruption_matches(rule, raw if rule.on_raw else norm):
            k = bisect.bisect_right(kept_starts, cm.start()) - 1
            if k < 0:
                continue
            ls = kept_starts[k]
            if cm.start() > ls + len(out[k].text):
                continue  # inside a dropped line
            findings.append(("corrupted_text", f"第{line_no[ls]}行,第{cm.start()}字",
                             f"{rule.message}: «{norm[max(0, cm.start() - 8):cm.end() + 8].strip()}»"))
    return findings


def _truncation_findings(raw: str, out: list[Line], declared: int | None) -> list[tuple[str, str, str]]:
    """A copy that ends mid-sentence, or holds far fewer characters than the 全文N字 it declares."""
    findings = []
    if out:
        last = out[-1].text.strip()
        if last and last[-1] not in SENT_END and len(last) > 20:
            findings.append(("truncated", f"第{raw[:out[-1].start].count(chr(10)) + 1}行",
                             f"文档在句中结束,疑似被截断:«…{last[-20:]}»"))
    if declared:
        cjk = sum(len(run) for ln in out for run in _CJK_RUN.findall(ln.text))
        if cjk < 0.8 * declared:
            findings.append(("truncated", "全文", f"标明全文{declared}字,实际约{cjk}个汉字,疑似被截断"))
    return findings
