"""Decoding and one-to-one character normalisation (offsets into the text stay valid)."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from planbook.extract.text import char_table, codepoints
from planbook.fileio import PlanbookError

# one-to-one replacements: full-width ASCII, odd percent/comparison signs, dash variants
_PAIRS = {
    "％": "%", "﹪": "%", "．": ".", "，": ",", "：": ":", "；": ";", "（": "(", "）": ")",
    "﹥": ">", "＞": ">", "﹤": "<", "＜": "<", "≧": "≥", "≦": "≤", "＋": "+", "－": "-",
    "—": "—", "–": "-", "−": "-", "～": "~", "〜": "~", "　": " ", "\u00a0": " ", "\u3000": " ",
    "∗": "*", "＊": "*", "×": "×", "／": "/", "［": "[", "］": "]", "【": "[", "】": "]",
    "〖": "〔", "〗": "〕", "﹝": "〔", "﹞": "〕", "∶": ":", "︰": ":", "｜": "|",
}
_PAIRS["﹕"] = ":"   # the small colon of ratios copied from some sites (9.5﹕46.8﹕43.7)
for _i in range(10):
    _PAIRS[chr(0xFF10 + _i)] = str(_i)
for _i in range(26):
    _PAIRS[chr(0xFF21 + _i)] = chr(0x41 + _i)
    _PAIRS[chr(0xFF41 + _i)] = chr(0x61 + _i)
_PAIRS = {a: b for a, b in _PAIRS.items() if a != b}
# normalize_text replaces each form that occurs with str.replace (much faster than str.translate with
# a dict); that equals translating because no replacement is itself replaced
assert not set(_PAIRS) & set(_PAIRS.values())
_TO_REPLACE = char_table(_PAIRS)

CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"[二一][〇○零Ｏ〇O一二三四五六七八九]{3}(?=年)")
_YEAR_CHAR, _YEAR_FIRST = ord("年"), (ord("二"), ord("一"))


def _year_sub(m: re.Match) -> str:
    return "".join(CN_DIGITS.get(c, c) for c in m.group(0))


_CTRL = char_table("".join(map(chr, [*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20)])))
_DIGITS = re.compile(r"\d")


_WU_FOR_YUAN = re.compile(r"(?<=[\d万亿])兀")
# HTML space entities left by copying from web pages; replaced by as many spaces (length kept)
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüɑ]{1,6}\))+")   # 增(zeng)(zeng)長 too
_PINYIN_HINT = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüɑ]{1,6}\)")   # (a quick first test)
# a run of characters with pinyin annotations among them (錢(qián)塘區)
# (from the start of a run only, its characters taken at once: one pass over each run)
_ANNOTATED_RUN = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]++" + _PINYIN.pattern
                            + r"(?:[\u4e00-\u9fff]|" + _PINYIN.pattern + ")*")


def _drop_pinyin(m: re.Match) -> str:
    """The run without its annotations, the blanks they leave moved to the run's end: 钱塘区 stays one
    word, and the run keeps its length, so every offset outside it still holds."""
    run = m.group(0)
    bare = _PINYIN.sub("", run)
    return bare + " " * (len(run) - len(bare))
_HTML_SPACE = re.compile(r"&(?:nbsp|ensp|emsp|#160|#12288);")
# a space a PDF copy put inside a year or a heading's numbering (2021 年, 一 、): moved after the word
_SPACED = re.compile(r"((?<!\d)(?:19|20)\d{2}|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,2})( +)(年|、)")


_SAME_BELOW = re.compile(r"\((?:[^()]{0,12}[,,])?下同\)")


def _close_up(m: re.Match) -> str:
    return m.group(1) + m.group(3) + m.group(2) if (m.group(3) == "年") == m.group(1)[0].isdigit() else m.group(0)


# characters met in almost every report written in traditional script and never in simplified text:
# a cheap test whether a text needs converting at all
_TRADITIONAL = char_table("這個們來會對時過說當為與後還進動問開關點區產總億長經濟發實現劃設務業國際資財稅縣農")


@lru_cache(maxsize=1)
def _t2s():
    import opencc   # pinned in requirements.txt; loaded only for a text in traditional script
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Text in traditional script (地區生產總值…億元) converted to simplified, character for character:
    every offset into the result is an offset into ``text``. Text with no traditional character is
    returned as it is."""
    if not np.take(_TRADITIONAL, codepoints(text)).any():
        return text
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        src, dst = text.split("\n"), out.split("\n")
        if len(src) == len(dst) and all(len(a) == len(b) for a, b in zip(src, dst)):
            return out
    # a phrase conversion changed a length: convert character by character (OpenCC maps every
    # character of the CJK block to one character)
    table: dict[str, str] = {}
    for ch in set(text):
        if ord(ch) > 0x2e7f:
            conv = cc.convert(ch)
            if len(conv) == 1 and conv != ch:
                table[ch] = conv
    return text.translate(str.maketrans(table))


def normalize_text(text: str) -> str:
    """Map characters one to one (so offsets survive): traditional script to simplified, full-width
    forms, Chinese-numeral years, and 兀 standing for 元 after a figure (a common substitution in
    copied text; logged by hygiene); a space inside a year or a heading's numbering (2021 年, 一 、)
    moves after it."""
    text = to_simplified(text)
    cp = codepoints(text)
    for a in np.unique(cp[np.take(_TO_REPLACE, cp)]).tolist():   # which forms occur at all
        a = chr(a)
        text = text.replace(a, _PAIRS[a])
    if "兀" in text:
        text = _WU_FOR_YUAN.sub("元", text)
    if "&" in text:
        text = _HTML_SPACE.sub(lambda m: " " * len(m.group(0)), text)
    if " 年" in text or " 、" in text:
        text = _SPACED.sub(_close_up, text)
    if "下同" in text:   # 比上年同期(下同)增长12.09%: an editor's note inside the sentence, blanked
        text = _SAME_BELOW.sub(lambda m: " " * len(m.group(0)), text)
    if "(" in text:   # 生产(chǎn)总值, 报(bào)告: pinyin a page annotated its characters with, taken out
        if _PINYIN_HINT.search(text) and _PINYIN.search(text):
            text = _ANNOTATED_RUN.sub(_drop_pinyin, text)
    # Chinese-numeral years: _CN_YEAR.sub, tried only where 二/一 stands four characters before
    # 年 (the replacements above keep every character in its place and leave 二, 一, 年 alone)
    head = cp[:-4]
    out, pos = [], 0
    for i in np.flatnonzero((cp[4:] == _YEAR_CHAR) & ((head == _YEAR_FIRST[0]) | (head == _YEAR_FIRST[1]))).tolist():
        m = _CN_YEAR.match(text, i)
        if m:
            out += [text[pos:i], _year_sub(m)]
            pos = m.end()
    return "".join(out) + text[pos:] if out else text


# characters that never belong in a report's text: C0 controls but tab and line feed, DEL, C1 controls;
# the ones other tools read as line breaks become line breaks, the others spaces (one for one)
_BAD_CHARS = char_table("".join(map(chr, [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0)])))
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # the same set, for a fast first test
_AS_NEWLINE = "\x0b\x0c\x1c\x1d\x1e\x85"
# a figure with more digits than any report figure (and than a float holds exactly)
_LONG_NUMBER = re.compile(r"\d(?:,?\d){15,}")


def scrub_text(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Control characters (a NUL anywhere, form feeds, C1 codes) replaced one for one, so offsets stay,
    and runs of digits too long to be a figure; each kind reported once as (kind, location,
    message) with the positions of the first few."""
    findings: list[tuple[str, str, str]] = []
    where = np.flatnonzero(np.take(_BAD_CHARS, codepoints(text))) if _BAD_CHAR.search(text) else ()
    if len(where):
        chars = sorted(set(text[i] for i in where.tolist()))
        table = {ord(c): ("\n" if c in _AS_NEWLINE else " ") for c in chars}
        text = text.translate(table)
        shown = "、".join(f"第{i}字" for i in where[:5].tolist())
        findings.append(("control_chars", f"第{int(where[0])}字",
                         f"{len(where)}个控制字符已替换为空格或换行(如{shown};{', '.join(f'U+{ord(c):04X}' for c in chars[:5])}) / "
                         f"{len(where)} control character(s) replaced by spaces or line breaks"))
    if len(text) > 15:
        long = [m for _, m in zip(range(5), _LONG_NUMBER.finditer(text))]
        if long:
            findings.append(("number_refused", f"第{long[0].start()}字",
                             f"数字位数过多({len(long[0].group())}位),不作为数值读取(如第{long[0].start()}字) / "
                             "a run of digits too long to be a figure is not read as a value"))
    return text, findings


def _decode_utf8_mostly(data: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 text with a few undecodable bytes (a damaged copy): decoded with U+FFFD in their place,
    with their character positions; None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8-sig", errors="replace")
    already = data.count(b"\xef\xbf\xbd")   # replacement characters written in the file itself
    bad = text.count("\ufffd") - already
    if bad <= 0 or bad > 16 or bad * 100 > len(data):
        return None
    return text, [m.start() for m in re.finditer("\ufffd", text)][:5]


# a figure as reports print them: with decimals or a unit (5.2, 6%, 120亿元), not a date or a phone number;
# a short page (under 50 Chinese characters) is read only when it holds three of them
_FIGURE = re.compile(r"\d+\.\d+|\d+(?:%|‰|亿|万|个百分点)")


def decode_report(data: bytes, name: str) -> tuple[str, list[str]]:
    """``decode_bytes`` and notes on what decoding had to repair (for the quality log)."""
    notes: list[str] = []
    text = decode_bytes(data, name, notes)
    return text, notes


def decode_bytes(data: bytes, name: str, notes: list[str] | None = None) -> str:
    """Decode a report; raise PlanbookError for binary, empty or undecodable files."""
    if not data or not data.strip():
        raise PlanbookError(f"{name}: 空文件 / empty file")
    head = data[:4096]
    if b"\x00" in head:
        raise PlanbookError(f"{name}: 二进制文件(含NUL字节),不是文本报告 / binary file (contains NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        mostly = _decode_utf8_mostly(data)
        if mostly is not None:   # a damaged UTF-8 copy: keep the report, mark the bad bytes
            text = mostly[0]
            if notes is not None:
                notes.append(f"个别字节无法按UTF-8解码,已替换为U+FFFD(第{'、'.join(map(str, mostly[1]))}字) / "
                             "a few bytes were not UTF-8 and were replaced by U+FFFD")
        else:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise PlanbookError(f"{name}: 无法按UTF-8或GB18030解码,可能是Big5等其他编码,请另存为UTF-8 / cannot decode as "
                                    "UTF-8 or GB18030 (Big5 or another encoding?); save the report as UTF-8") from None
    ctrl = int(np.count_nonzero(np.take(_CTRL, codepoints(text)[:20000])))
    if ctrl > 0.01 * min(len(text), 20000):
        raise PlanbookError(f"{name}: 二进制或已损坏的文件(含控制字符) / binary or corrupted file (control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = text[:50000]
    cp = codepoints(head)
    latin = int(np.count_nonzero((cp >= 0x80) & (cp <= 0xFF)))
    if latin > 50 and latin > np.count_nonzero((cp >= 0x4E00) & (cp <= 0x9FFF)):
        raise PlanbookError(f"{name}: 乱码(UTF-8文字被当作西文编码保存过),请找原文件或另存为UTF-8 / mojibake (UTF-8 text "
                            "saved through a Western encoding); find the original or save it as UTF-8")
    cjk = (len(head.encode("utf-8")) - len(head)) // 2   # wide characters, roughly the Chinese ones
    digits = sum(1 for _ in zip(range(3), _DIGITS.finditer(text)))
    common, need = 0, 0.01 * cjk
    # characters every Chinese report uses, most frequent first, then those of a report that is only
    # tables (指标 | 单位 | 1-3月: 亿元, 增长 …; random bytes decoded as GB18030 almost never hold
    # them); stop counting once there are enough
    for c in "的,。、年和发展是在亿元万增长月区县市":
        common += head.count(c)
        if common >= need:
            break
    if cjk >= 50 and digits >= 3 and common < need:
        raise PlanbookError(f"{name}: 不像中文报告,可能编码不对(如Big5或乱码),请另存为UTF-8 / no common Chinese "
                            "characters: wrong encoding (Big5, mojibake)? save the report as UTF-8")
    short_of_figures = cjk < 50 and sum(1 for _ in zip(range(3), _FIGURE.finditer(head))) < 3
    if cjk < 20 or short_of_figures or digits < 3 or common < need:
        raise PlanbookError(f"{name}: 不是规划报告(中文太少或没有数字) / not a plan report (too little Chinese text or no figures)")
    return text
