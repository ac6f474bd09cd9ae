"""Small text utilities shared by the prose and table parsers."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np



_WS = re.compile(r"[ \t]+")


def squeeze(text: str) -> tuple[str, "list[int] | range"]:
    """Remove white space next to Chinese characters or digits (PDF/web copy artefacts such as
    '2025 年' or '突破 280 亿元'); return the new text and, for each kept character, its index
    in ``text``. A run of spaces between two latin letters stays as one space."""
    if " " not in text and "\t" not in text:
        return text, range(len(text))
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    n = len(text)
    for m in _WS.finditer(text):
        s, e = m.span()
        out.append(text[pos:s])
        idx.extend(range(pos, s))
        prev = text[s - 1] if s else ""
        nxt = text[e] if e < n else ""
        if prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha():
            out.append(" ")
            idx.append(s)
        pos = e
    out.append(text[pos:])
    idx.extend(range(pos, n))
    return "".join(out), idx


_SPLIT_CACHE: dict[str, re.Pattern] = {}


def split_keep(text: str, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text`` split after each separator character (separator kept in the span)."""
    if (seps not in text) if len(seps) == 1 else not any(c in text for c in seps):
        return [(0, len(text))] if text and not text.isspace() else []
    pat = _SPLIT_CACHE.get(seps)
    if pat is None:
        pat = _SPLIT_CACHE[seps] = re.compile("[^" + re.escape(seps) + "]*(?:[" + re.escape(seps) + "]|$)")
    return [m.span() for m in pat.finditer(text) if m.end() > m.start() and not m.group().isspace()]


@lru_cache(maxsize=None)
def rx(pattern: str) -> re.Pattern:
    """A compiled regular expression, compiled once (hot paths call this many times)."""
    return re.compile(pattern)


def squeeze_text(text: str) -> str:
    """``squeeze`` without the index map."""
    return squeeze(text)[0] if (" " in text or "\t" in text) else text


_LAST_CODEPOINTS: list = [None, None]   # (text, its code points): hygiene asks twice for one text


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (read-only), for whole-text character tests
    that numpy does far faster than a regular-expression scan."""
    if _LAST_CODEPOINTS[0] is not text:
        _LAST_CODEPOINTS[:] = [text, np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
    return _LAST_CODEPOINTS[1]


def char_table(chars) -> np.ndarray:
    """A lookup table over all code points, true for ``chars``: ``char_table(s)[codepoints(t)]``
    marks where t holds a character of s."""
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table

