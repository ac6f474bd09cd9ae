"""The region a report is about, read from where reports name themselves.

Evidence, strongest first: the title area and the speaker line (——2024年1月10日在X区第N届人民代表大会
第N次会议上 区长 XXX), the footer (来源:X区发改局, 主办单位 …), then the body. Scope words (全县, 我区,
本市 …) and the speaker's office (县长, 区长) say what level the region is: a county's report that
cites a city programme keeps the county. A city named together with one of its districts or counties
(杭州市余杭区) names the district. A region that cannot be decided is left blank with a finding.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from planbook import regions as R
from planbook.extract.numbers import _trie_regex
from planbook.extract.vocab import alternation

SPEAKER = re.compile(r"第[一二三四五六七八九十\d]+届人民代表大会|人民代表大会第[一二三四五六七八九十\d]+次会议|"
                     r"(?:区|县|市)(?:人民政府)?(?:代|副)?(?:区|县|市)长")
FOOTER = re.compile(r"来源[:：]|稿源|主办|承办|版权所有|发布机构|发布单位|编制单位|供稿")
# 全县/我区/本市 …: the level of the document's own region (全区域 and 本区域 are no scope words)
# (全省第一, 居全市前列: a ranking among the larger area, not the report's own scope)
SCOPE_WORD = re.compile(r"(?:全|我|本)(县|区|市|省|镇|乡)(?!" + alternation("page", "scope_not_own") + ")")
_COMPARED_BEFORE = re.compile("(?:" + alternation("page", "scope_compared") + ")$")   # 高于全省: no scope word
OWN_GOVERNMENT = re.compile(r"(?<![各、县区市省])(县|区|市)(?:委|人民政府|政府)(?![和与及、])")
# the speaker's office and the government the report speaks for: 县长, 受区政府委托, 代表市人民政府
# (an office opens a line, follows a space, a government or a region name: not the 区长 of 地区长期)
OFFICE = re.compile(r"(?:^|(?<=[\s政府代副市县区]))(县|区|市)长|(?:受|代表)(县|区|市)(?:人民)?政府|"
                    r"在(县|区|市)第[一二三四五六七八九十\d]+届", re.M)
ZONE_WEIGHT = {"head": 10, "speaker": 10, "footer": 4}
CONTACT = re.compile(r"^\s*(?:通讯|联系)?(?:地址|电话|邮箱|邮编|传真|手机)\s*[:：]")
_SENTENCE = re.compile(r"[。;,!?]")
_SENTENCE_CLOSED = re.compile(r"[。!?”」)》]\s*$")
FOOTER_LINES = 12
TITLE_LINES = 3
# a line that is no longer the title: a sentence, a numbered heading, the address to the deputies
BODY_START = re.compile(r"[。;,,]|^(?:[一二三四五六七八九十]+、|[\(（][一二三四五六七八九十]+[\)）]|各位代表)")


def _allowed(level: str, name: str, scope: str | None) -> bool:
    """Whether a region of ``level`` can be the region of a document whose scope words say ``scope``."""
    if scope is None:
        return True
    if scope == "县":
        return level == "county" and not name.endswith("市")
    if scope == "区":
        return level in ("district", "functional_area")
    if scope == "省":
        return level == "province"
    if scope in ("镇", "乡"):
        return False   # a town's report: the catalog has no towns, and its district is not its region
    return level == "city" or (level == "county" and name.endswith("市"))   # 市: a city or a county-level city


def scope_of(text: str, head: str) -> str | None:
    """县 | 区 | 市 | 省 from the scope words of the text and the office in the title area (None: no sign)."""
    votes = {"县": 0, "区": 0, "市": 0, "省": 0, "镇": 0, "乡": 0}
    for m in SCOPE_WORD.finditer(text):
        if not _COMPARED_BEFORE.search(text, max(0, m.start() - 2), m.start()):
            votes[m.group(1)] += 1
    for m in OWN_GOVERNMENT.finditer(text):   # 区委、区政府: the government a report speaks for (weighs more)
        votes[m.group(1)] += 2
    for m in OFFICE.finditer(head):
        votes[next(g for g in m.groups() if g)] += 20
    best = max(votes, key=votes.get)
    if votes[best] == 0:
        return None
    # 全市 in a district's report ranks it in its city; a district or county report says 全区/全县 more
    if best == "市" and max(votes["县"], votes["区"]) >= 0.5 * votes["市"] and votes["市"] < 20:
        return max(("县", "区"), key=votes.get)
    return best


@lru_cache(maxsize=4)
def _name_pattern(aliases: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    """One pattern finding any region name or alias (longest first), and alias -> canonical."""
    canon = dict(aliases)
    if not canon:
        return None, canon
    return re.compile(_trie_regex(list(canon))), canon   # a trie: ~460 names tried at the cost of a few


def _zones(head_lines: list[str], raw: str | None) -> dict[str, list[str]]:
    """The lines of each strong zone: title area, speaker lines, footer."""
    raw = raw or ""
    opening = [t for t in (ln.strip() for ln in raw[:6000].split("\n")[:40]) if t]
    # (a page whose first line is already a long sentence has no title: that line is body)
    # (a contact line, 地址:台州市黄岩区…, is where the site's publisher sits; a cut-off page ends in body)
    head = list(dict.fromkeys([ln for ln in head_lines + opening[:12] if len(ln) <= 80 and not CONTACT.match(ln)]))
    speaker = [ln for ln in (opening or head_lines) if len(ln) <= 120 and SPEAKER.search(ln)]
    tail = [t for t in (ln.strip() for ln in raw[-4000:].split("\n")) if t][-FOOTER_LINES:]
    if tail and _SENTENCE.search(tail[-1]) and not _SENTENCE_CLOSED.search(tail[-1]):
        tail = tail[:-1]   # a page cut off in a sentence: its last line is body, not a footer
    footer = [ln for ln in tail if len(ln) <= 80 and not CONTACT.match(ln)]
    for m in FOOTER.finditer(raw):   # 来源:…, 主办单位:… wherever the page put them
        a, b = raw.rfind("\n", 0, m.start()) + 1, raw.find("\n", m.end())
        line = raw[a:b if b >= 0 else len(raw)].strip()
        if len(line) <= 80:
            footer.append(line)
    lead = [ln for ln in head_lines[:1] if len(ln) > 80]   # a long first line: the page has no title
    return {"head": head, "speaker": speaker, "footer": footer, "lead": lead}


def _title_lines(lines: list[str]) -> int:
    """How many of the opening lines are the title (at most TITLE_LINES, none once the body starts)."""
    n = 0
    for ln in lines[:TITLE_LINES]:
        if BODY_START.search(ln) and not SPEAKER.search(ln):
            break
        n += 1
    return n


def _evidence(zones: dict[str, list[str]], pattern, canon) -> dict[str, float]:
    """Weighted mentions in the strong zones, per canonical region."""
    strong: dict[str, float] = {}
    for zone, zlines in zones.items():
        named: dict[str, float] = {}
        title = _title_lines(zlines) if zone == "head" else len(zlines)
        for i, ln in enumerate(zlines):
            # the title's lines weigh most; later lines of the opening may already be the body
            if zone == "head" and i >= max(title, 3) and _SENTENCE.search(ln):
                continue   # a sentence of the body after the title, not where the page names itself
            w = ZONE_WEIGHT[zone] if i < title else ZONE_WEIGHT["footer"]
            for m in pattern.finditer(ln):
                c = canon[m.group(0)]
                named[c] = max(named.get(c, 0), w)
        for c, w in named.items():
            strong[c] = strong.get(c, 0) + w
    return strong


def _body_counts(body: str, pattern, canon) -> dict[str, int]:
    """Mentions of each region in the body (one scan; only when the strong zones do not decide)."""
    counts: dict[str, int] = {}
    for m in pattern.finditer(body):
        c = canon[m.group(0)]
        counts[c] = counts.get(c, 0) + 1
    return counts


def _without_ancestors(strong: dict[str, float], table: dict[str, tuple[str, str]]) -> set[str]:
    """The strong candidates less a region named together with one of its own districts or counties
    as prominently (杭州市 in 杭州市余杭区); a city's title keeps the city when a district is named
    only in a later line."""
    dropped = set()
    for n, w in strong.items():
        p = table.get(n, ("", ""))[1]
        seen = set()
        while p and p not in seen:
            seen.add(p)
            if strong.get(p, 0) <= w:
                dropped.add(p)
            p = table.get(p, ("", ""))[1]
    return set(strong) - dropped


def _clear_winner(counts: dict[str, int]) -> str | None:
    """The region mentioned at least twice and at least twice as often as any other, else None."""
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return best if n >= 2 and n >= 2 * second else None


def _short_name_winner(text: str, scope: str, table: dict[str, tuple[str, str]]) -> str | None:
    """A short name (上城 for 上城区, 宁波 for 宁波市) of a region of the scope's level clearly the
    most mentioned, when no full name decides."""
    counts: dict[str, int] = {}
    for short in R.short_region_names(None):
        n = text.count(short)
        if n:
            c = R.canonical_region(short)
            if c and _allowed(table.get(c, ("", ""))[0], c, scope):
                counts[c] = counts.get(c, 0) + n
    return _clear_winner(counts)


_SUPERIOR = re.compile(r"上级(?:党委|政府|部门)|在上级")


def _named_below(city: str, text: str, counts: dict[str, int], table: dict[str, tuple[str, str]]) -> str | None:
    """The one region under ``city`` the text names (full or short name), if exactly one."""
    named = {c for c, n in counts.items() if n and table.get(c, ("", ""))[1] == city}
    for short in R.short_region_names(city):
        c = R.canonical_region(short)
        if c and c != city and short in text and table.get(c, ("", ""))[1] == city:
            named.add(c)
    return next(iter(named)) if len(named) == 1 else None


def _short_name_in(zlines: list[str], scope: str | None, table: dict[str, tuple[str, str]]) -> str | None:
    """The one region a page's source or publisher line names by its short name (来源:中国临安,
    主办:富阳区融媒体中心), of a level the scope words allow."""
    text = "\n".join(zlines)
    named = set()
    for short in R.short_region_names(None) if text else ():
        if short in text:
            c = R.canonical_region(short)
            if c and _allowed(table.get(c, ("", ""))[0], c, scope):
                named.add(c)
    return next(iter(named)) if len(named) == 1 else None


_PLACE = r"[\u4e00-\u9fff]{2,8}?(?:" + alternation("page", "place_suffixes") + ")"
_TITLE_PLACE = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}年度?)?(" + _PLACE + r")(?:办事处|管委会)?(?="
                          + alternation("page", "place_title_next") + ")")
_LABEL_PLACE = re.compile(r"(?:发布机构|发布单位|来源)\s*[:：]?\s*(" + _PLACE + r")(?![\u4e00-\u9fff])")
# the place a report speaks for: its speaker line (在界首乡第四届人民代表大会…上; 我代表界首乡人民政府向大会报告工作)
# or the subject of its opening sentence (2022年,文新街道坚持以…)
_SPEAKER_PLACE = re.compile(r"在(" + _PLACE + r")第[一二三四五六七八九十\d]+届|我代表(" + _PLACE + r")人民政府"
                            r"|(?:19|20)\d{2}年[,,](" + _PLACE + r")(?=坚持|围绕|紧紧|聚焦|全面|深入)")
_NOT_A_NAME = re.compile(r"^(?:[全我本各该两三四五十市区县镇乡]|今年|明年|去年|上年)|某某")   # (某某镇: a name blanked out)


def uncatalogued_place(head: list[str], footer: list[str], canon: dict[str, str]) -> str:
    """A place the catalog lacks that a page names as its own: the title opens with it (亭旁镇2022年度
    工作总结, 2019年南通市通州区国民经济…: 通州区, the city before it taken off) or the page's
    publisher line names it (来源:宁波大榭开发区); "" when none."""
    found = [m.group(1) for ln in head[:TITLE_LINES + 2] for m in [_TITLE_PLACE.match(ln.strip())] if m]
    found += [m.group(1) for ln in head + footer for m in _LABEL_PLACE.finditer(ln)]
    found += [next(g for g in m.groups() if g) for ln in head for m in _SPEAKER_PLACE.finditer(ln[:300])]
    for place in found:
        names = [a for a in canon if place.startswith(a)] + [a for a in R.short_region_names(None) if place.startswith(a)]
        for alias in sorted(names, key=len, reverse=True)[:1]:
            place = place[len(alias):]   # the city it lies in (南通市通州区, 宁波大榭开发区)
        if len(place) >= 3 and not _NOT_A_NAME.match(place) and R.canonical_region(place) is None:
            return place
    return ""


def _sole_region(counts: dict[str, int], text: str, scope: str, table: dict[str, tuple[str, str]]) -> str | None:
    """The one region the text names at all (once is enough when no other is named), of a level its
    scope words allow (杭州持续放大亚运效应 … 全市: 杭州市)."""
    if scope in ("镇", "乡"):
        return None

    def fits(c: str) -> bool:   # (a province only where the scope words say 全省: 浙江省经济开发区考评 is no region)
        level = table.get(c, ("", ""))[0]
        return _allowed(level, c, scope) and (level != "province" or scope == "省")
    named = {c for c, n in counts.items() if n and fits(c)}
    for short in R.short_region_names(None):
        if short in text:
            c = R.canonical_region(short)
            if c and fits(c):
                named.add(c)
    return next(iter(named)) if len(named) == 1 else None


def _place_under_city(text: str, canon: dict[str, str], table: dict[str, tuple[str, str]]) -> str:
    """A district or county the catalog lacks that the text names at least twice after its city
    (深圳市南山区, 南通市通州区); "" when none."""
    cities = [a for a, c in canon.items() if a == c and table.get(c, ("", ""))[0] == "city" and a in text]
    if not cities:
        return ""
    under = re.compile("(?:" + "|".join(map(re.escape, cities)) + r")([\u4e00-\u9fff]{1,4}?(?:新区|区|县|市))"
                       r"(?![\u4e00-\u9fff]{0,1}[委长])")
    said = Counter(m.group(1) for m in under.finditer(text) if R.canonical_region(m.group(1)) is None)
    best = said.most_common(2)
    return best[0][0] if best and best[0][1] >= 2 and (len(best) == 1 or best[1][1] < best[0][1]) else ""


RANK = {"functional_area": 3, "district": 3, "county": 3, "city": 2, "province": 1}   # most specific first


def decide_region(head_lines: list[str], body: str, aliases: list[tuple[str, str]],
                  raw: str | None = None) -> tuple[str, str]:
    """(region, how it was decided: title | body | short_name) — region "" (how: scope_only | none)
    when the evidence does not decide it."""
    pattern, canon = _name_pattern(tuple(aliases))
    if pattern is None:
        return "", "none"
    zones = _zones(head_lines, raw)
    scope = scope_of(body, "\n".join(head_lines + zones["speaker"]))
    table = R.levels_and_parents()

    def _level(c: str) -> str:
        return table.get(c, ("", ""))[0]

    lead_lines = zones.pop("lead")
    lead = _evidence({"footer": lead_lines}, pattern, canon)
    strong = _evidence(zones, pattern, canon)
    # a region the title area names is the document's unless the scope words say it is too large
    # (a county's report naming its city); 全市 words do not overrule a district's title
    too_large = {"县": ("city", "province"), "区": ("city", "province"), "市": ("province",),
                 "镇": tuple(RANK), "乡": tuple(RANK)}.get(scope, ())
    fits = {c for c in _without_ancestors(strong, table) if _level(c) not in too_large}
    if fits:
        def mentions(c: str) -> int:   # ties only: how often the body names the region
            return sum(body.count(a) for a, cc in canon.items() if cc == c) if len(fits) > 1 else 0

        def first(c: str) -> int:      # still tied: the region named first (never the order of a set)
            at = [body.find(a) for a, cc in canon.items() if cc == c and a in body]
            return -min(at) if at else -len(body)
        return max(sorted(fits), key=lambda c: (strong[c], RANK.get(_level(c), 0), mentions(c), first(c))), "title"
    place = uncatalogued_place(lead_lines + zones["head"], zones["footer"], canon)
    if place:
        return place, "uncatalogued"
    footer = _short_name_in([ln for ln in zones["footer"] if FOOTER.search(ln)], scope, table)
    if footer:
        return footer, "title"
    named = [c for c in _without_ancestors(lead, table) if _level(c) not in too_large
             and (_level(c) != "province" or scope == "省")]
    if len(named) == 1:
        return named[0], "title"   # the one region a long opening line names (中国义乌网讯…义乌市统计局)
    counts = _body_counts(body, pattern, canon)
    best = _clear_winner({c: n for c, n in counts.items() if _allowed(_level(c), c, scope)
                          and (_level(c) != "province" or scope == "省")})
    if best and _SUPERIOR.search(body):
        # 在上级党委、政府和市委的领导下: the report speaks from below the city it names most
        below = _named_below(best, "\n".join(head_lines) + "\n" + body, counts, table)
        best = below or best
    if best:
        return best, "body"
    short = _short_name_winner("\n".join(head_lines) + "\n" + body, scope, table) \
        if scope and scope not in ("镇", "乡") else None
    if short:
        return short, "short_name"
    sole = _sole_region(counts, "\n".join(head_lines) + "\n" + body, scope, table)
    if sole:
        return sole, "short_name"
    place = _place_under_city("\n".join(head_lines) + "\n" + body, canon, table)
    if place:
        return place, "uncatalogued"
    return "", {"县": "scope_only", "区": "scope_only", "镇": "town", "乡": "town"}.get(scope, "none")


_LAST: dict[str, object] = {}   # the alias list of the last call and what was made of it (one per ingestion)


def _text_aliases(region_aliases) -> list[tuple[str, str]]:
    """(alias, canonical) pairs safe to find in text: full names and aliases of three characters or more."""
    if _LAST.get("src") is not region_aliases:
        _LAST["src"] = region_aliases
        _LAST["pairs"] = [(a, c) for a, c, *_ in region_aliases if len(a) >= 3 or a == c]
        _LAST["local"] = {}
    return _LAST["pairs"]


def infer_region(lines: list[str], head_lines: list[str], region_aliases, manifest_region: str | None,
                 raw: str | None = None) -> tuple[str, list[str], list[tuple[str, str]]]:
    """(region, notes, findings): the manifest's region when it gives one (with a note when the text
    says otherwise), else the region the text decides; a ``region_unknown`` finding when none."""
    aliases = _text_aliases(region_aliases)
    body = "\n".join(lines[:400])
    region, how = decide_region(head_lines, body, aliases, raw)
    notes: list[str] = []
    findings: list[tuple[str, str]] = []
    if manifest_region:
        if region and region != manifest_region:
            notes.append(f"正文推断的地区({region})与清单不同({manifest_region}),按清单处理")
        return manifest_region, notes, findings
    if not region:
        why = {"scope_only": "正文只有“全县/全区”等用语,未写明是哪个区县",
               "town": "报告说的是一个乡镇(全镇/全乡),地区目录不含乡镇"}.get(
            how, "标题、发言人行、页脚和正文都未明确写出地区")
        findings.append(("region_unknown", f"无法确定报告所属地区({why});数据的地区列留空,请在清单(manifest)中填写地区"))
    elif how == "uncatalogued":
        findings.append(("region_uncatalogued", f"报告所属地区{region}不在地区目录中(乡镇、街道、开发区或省外区县),"
                                                f"按标题或来源行定为{region};区县比较不含此地区"))
    elif how in ("body", "short_name"):
        said = "全称" if how == "body" else "简称"
        findings.append(("region_inferred", f"标题、发言人行和页脚未写明地区,按正文中最常出现的地区{said}定为{region};"
                                            f"如有误请在清单(manifest)中填写地区"))
    return region, notes, findings


def local_region_names(region: str, names: list[str]) -> list[str]:
    """The full region names a report of ``region`` may tag its figures with: its own city's family
    (the city, its districts and counties, abolished ones too) and the current regions of its
    province (宁波市 in a 嘉兴 report), in the order of ``names``. A report that names a place
    further away (对口支援的恩施州) keeps its figures; a report of unknown region gets Hangzhou's."""
    key = (region, id(names))
    cache = _LAST.setdefault("local", {})
    if key not in cache or cache[key][0] is not names:
        family = set(R.family_names(region)) | set(R.province_names(region or R.HOME_CITY))
        cache[key] = (names, [n for n in names if n in family] if family else names)
    return cache[key][1]
