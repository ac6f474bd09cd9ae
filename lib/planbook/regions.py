"""The regions catalog (data/catalog/regions.csv): Hangzhou, its districts and counties (hand-kept,
with the 2021 boundary changes), every other county-level division of Zhejiang, every
prefecture-level division of China (the four municipalities as cities) and the provinces, built
from an administrative-division dataset by ``tools/build_regions.py``.

Facts keep the region as written in the report; this module says which region a name means
(``canonical_region``), which boundary a figure for a given year uses (``boundary_notes``) and
what happened to a region in the 2021-04-09 boundary changes (下城 into 拱墅, 江干 into 上城,
临平 split from 余杭, 钱塘 created from 下沙/白杨 and 萧山's 大江东).

Catalog columns
---------------
code, name (canonical), aliases (``|``-separated, safe to match in running text),
ambiguous_aliases (short forms such as 钱塘 or 西湖 that also occur in non-region words like
钱塘江; resolved by ``canonical_region`` but left out of ``region_names_and_aliases()`` unless asked),
alias_notes (``alias=what it means`` pairs, ``|``-separated, e.g. 老余杭=…含今临平区),
level (province | city | district | county | functional_area), parent (code), valid_from / valid_to (ISO dates,
blank = open), successor (name of the region an abolished one went into), boundary_change (ISO date of
a change of territory), note_before_change / note_after_change (boundary of figures for years before /
from the change), note (general remark).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.paths import project_paths

REGION_COLUMNS = [
    "code", "name", "aliases", "ambiguous_aliases", "alias_notes", "level", "parent", "valid_from", "valid_to",
    "successor", "boundary_change", "note_before_change", "note_after_change", "note",
]
LEVELS = {"province", "city", "district", "county", "functional_area"}
# levels above the districts: never ranked among them, shown as reference lines
UPPER_LEVELS = {"province", "city"}


@lru_cache(maxsize=8)
def _default_catalog_path(home: str | None) -> Path:
    return project_paths().catalog / "regions.csv"


def _catalog_path(path: Path | str | None) -> Path:
    # project_paths() walks the file system; resolve it once per PLANBOOK_HOME
    return Path(path) if path else _default_catalog_path(os.environ.get("PLANBOOK_HOME"))


def _split(cell: str) -> list[str]:
    return [p.strip() for p in str(cell or "").split("|") if p.strip()]


def _parse_date(value: str, path: Path, what: str) -> _dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise PlanbookError(f"{path}: {what} {value!r} is not a date (YYYY-MM-DD)") from None


@lru_cache(maxsize=8)
def _load(path_str: str, mtime: float) -> pd.DataFrame:
    path = Path(path_str)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: cannot read regions catalog: {exc}") from None
    missing = [c for c in ("code", "name", "level") if c not in df.columns]
    if missing:
        raise PlanbookError(f"{path}: regions catalog lacks column(s) {', '.join(missing)}")
    for col in REGION_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[REGION_COLUMNS + [c for c in df.columns if c not in REGION_COLUMNS]].copy()
    for col in df.columns:
        df[col] = df[col].astype(str).str.strip()
    if (df["name"] == "").any():
        raise PlanbookError(f"{path}: a region row has no name")
    dup = df["name"][df["name"].duplicated()]
    if len(dup):
        raise PlanbookError(f"{path}: region name {dup.iloc[0]!r} appears twice")
    bad = sorted(set(df["level"]) - LEVELS)
    if bad:
        raise PlanbookError(f"{path}: unknown level {bad[0]!r} (use {', '.join(sorted(LEVELS))})")
    for col in ("valid_from", "valid_to", "boundary_change"):
        for v in df[col]:
            _parse_date(v, path, col)
    # an alias must point to one region only
    seen: dict[str, str] = {}
    for row in df[["name", "aliases", "ambiguous_aliases"]].to_dict("records"):
        for alias in [row["name"]] + _split(row["aliases"]) + _split(row["ambiguous_aliases"]):
            if alias in seen and seen[alias] != row["name"]:
                raise PlanbookError(
                    f"{path}: alias {alias!r} names both {seen[alias]} and {row['name']}")
            seen[alias] = row["name"]
    return df


def load_regions(path: Path | str | None = None) -> pd.DataFrame:
    """The regions catalog as a DataFrame (all columns text; blank = not applicable)."""
    path = _catalog_path(path)
    if not path.exists():
        raise PlanbookError(f"{path}: regions catalog not found")
    return _load(str(path), path.stat().st_mtime).copy()


@lru_cache(maxsize=8)
def _alias_map(path_str: str, mtime: float) -> dict[str, tuple[str, bool]]:
    """alias -> (canonical name, ambiguous?)"""
    df = _load(path_str, mtime)
    out: dict[str, tuple[str, bool]] = {}
    for row in df[["name", "aliases", "ambiguous_aliases"]].to_dict("records"):
        out[row["name"]] = (row["name"], False)
        for alias in _split(row["aliases"]):
            out.setdefault(alias, (row["name"], False))
        for alias in _split(row["ambiguous_aliases"]):
            out.setdefault(alias, (row["name"], True))
    return out


def _aliases(path: Path | str | None = None) -> dict[str, tuple[str, bool]]:
    p = _catalog_path(path)
    if not p.exists():
        raise PlanbookError(f"{p}: regions catalog not found")
    return _alias_map(str(p), p.stat().st_mtime)


def _normalise(name: str) -> str:
    s = str(name or "").strip()
    # full-width brackets and stray spaces as copied from web pages
    return s.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")


def canonical_region(name, default=None, path: Path | str | None = None):
    """The canonical region name for ``name`` (a name or alias such as 原下城区, 老余杭, 萧山),
    or ``default`` when the catalog does not know it."""
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return default
    key = _normalise(name)
    if not key:
        return default
    hit = _aliases(path).get(key)
    return hit[0] if hit else default


def region_names_and_aliases(include_ambiguous: bool = False,
                             path: Path | str | None = None) -> list[tuple[str, str]]:
    """(alias, canonical) pairs, longest alias first, for recognising region names in text.

    Canonical names are included (paired with themselves). Ambiguous short forms (钱塘 as in 钱塘江,
    全市, 杭州 in 杭州西站 ...) are left out unless ``include_ambiguous``."""
    pairs = [(a, c) for a, (c, amb) in _aliases(path).items() if include_ambiguous or not amb]
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


@dataclass(frozen=True)
class RegionMatch:
    name_as_written: str
    canonical: str
    code: str
    level: str
    parent: str          # canonical name of the parent region ("" for the city)
    successor: str       # region an abolished one went into ("" when still valid)
    note: str            # what the name means (merge/split notes)


@lru_cache(maxsize=8)
def _rows_by_name(path_str: str, mtime: float) -> dict[str, dict]:
    df = _load(path_str, mtime)
    rows = {r["name"]: dict(r) for r in df.to_dict("records")}
    by_code = {r["code"]: r["name"] for r in rows.values() if r["code"]}
    for r in rows.values():
        r["parent_name"] = by_code.get(r["parent"], "")
    return rows


def _row(name, path: Path | str | None = None) -> dict | None:
    canon = canonical_region(name, path=path)
    if canon is None:
        return None
    p = _catalog_path(path)
    return _rows_by_name(str(p), p.stat().st_mtime).get(canon)


def region_row(name, path: Path | str | None = None) -> pd.Series | None:
    """The catalog row of a region (any name or alias), or None."""
    row = _row(name, path)
    return None if row is None else pd.Series({k: v for k, v in row.items() if k != "parent_name"})


def resolve_region(name, path: Path | str | None = None) -> RegionMatch | None:
    """Resolve a name or alias with the notes an analyst needs (None when unknown).

    ``resolve_region("原下城区")`` -> 下城区, successor 拱墅区, note on the 2021 merge."""
    row = _row(name, path)
    if row is None:
        return None
    notes = [row["note"]]
    written = _normalise(name)
    for pair in _split(row["alias_notes"]):
        alias, _, meaning = pair.partition("=")
        if alias.strip() == written and meaning.strip():
            notes.insert(0, f"{written}:{meaning.strip()}")
    return RegionMatch(
        name_as_written=str(name),
        canonical=row["name"],
        code=row["code"],
        level=row["level"],
        parent=row["parent_name"],
        successor=row["successor"],
        note=";".join(n for n in notes if n),
    )


def region_code(name, default=None, path: Path | str | None = None):
    row = _row(name, path)
    return row["code"] if row is not None else default


def region_level(name, default=None, path: Path | str | None = None):
    row = _row(name, path)
    return row["level"] if row is not None else default


def parent_region(name, default=None, path: Path | str | None = None):
    """The canonical name of the region's parent (杭州市 for a district), or ``default``."""
    row = _row(name, path)
    if row is None or not row["parent_name"]:
        return default
    return row["parent_name"]


def city_of(name, default=None, path: Path | str | None = None):
    """The city a region belongs to (itself for the city)."""
    seen = set()
    current = canonical_region(name, path=path)
    while current and current not in seen:
        seen.add(current)
        if region_level(current, path=path) == "city":
            return current
        current = parent_region(current, path=path)
    return default


def is_city(name, path: Path | str | None = None) -> bool:
    return region_level(name, path=path) == "city"


def boundary_notes(name, year=None, path: Path | str | None = None) -> list[str]:
    """Boundary notes for figures of region ``name`` in ``year`` (annual figures).

    A change dated in year Y (2021-04-09) affects annual figures of Y and later; figures of
    earlier years use the old boundary. Unknown regions get no notes."""
    row = _row(name, path)
    if row is None:
        return []
    p = _catalog_path(path)
    year = None if year is None or (isinstance(year, float) and pd.isna(year)) else int(year)
    notes: list[str] = []
    change = _parse_date(row["boundary_change"], p, "boundary_change")
    if change is not None:
        if year is None:
            notes.append(row["note"])
        elif year < change.year:
            notes.append(row["note_before_change"])
        else:
            notes.append(row["note_after_change"])
    valid_from = _parse_date(row["valid_from"], p, "valid_from")
    valid_to = _parse_date(row["valid_to"], p, "valid_to")
    if valid_from is not None and year is not None and year < valid_from.year:
        notes.append(f"{row['name']}于{valid_from.isoformat()}设立,{year}年数据为追溯口径")
    if valid_to is not None and year is not None and year >= valid_to.year:
        succ = f",并入{row['successor']}" if row["successor"] else ""
        notes.append(f"{row['name']}已于{valid_to.isoformat()}撤销{succ}")
    out: list[str] = []
    for n in notes:
        if n and n not in out:
            out.append(n)
    return out


def boundary_note(name, year=None, path: Path | str | None = None) -> str:
    """``boundary_notes`` joined with ';' (blank when none)."""
    return ";".join(boundary_notes(name, year, path))


# ---------------------------------------------------------------------------------------------
# regions near a document: short names, a city's family

HOME_CITY = "杭州市"   # the city the workbook is about: its family is the default for a document of unknown region


@lru_cache(maxsize=8)
def _families(path_str: str, mtime: float) -> dict[str, tuple[str, ...]]:
    """city -> names of the city, its districts/counties/functional areas, and its province."""
    rows = _rows_by_name(path_str, mtime)

    def city(name: str) -> str:
        seen = set()
        while name and name not in seen:
            seen.add(name)
            if rows[name]["level"] == "city":
                return name
            name = rows[name]["parent_name"]
        return ""

    out: dict[str, list[str]] = {}
    for name in rows:
        c = city(name)
        if c:
            out.setdefault(c, []).append(name)
    for c, names in out.items():
        province = rows[c]["parent_name"]
        if province:
            names.append(province)
    order = {name: i for i, name in enumerate(rows)}   # catalog order among names of one length
    return {c: tuple(sorted(sorted(n, key=order.get), key=len, reverse=True)) for c, n in out.items()}


def family_names(region: str | None, path: Path | str | None = None) -> tuple[str, ...]:
    """Full names of the regions a document of ``region`` speaks of as its own: its city, the city's
    districts, counties and functional areas (abolished ones included) and its province, longest
    first; a province's: the province and its cities. A document of unknown region gets the family
    of ``HOME_CITY``."""
    p = _catalog_path(path)
    fam = _families(str(p), p.stat().st_mtime)
    if region and region_level(region, path=path) == "province":
        # a province's report: the province and its cities
        province = canonical_region(region, path=path)
        rows = _rows_by_name(str(p), p.stat().st_mtime)
        cities = [n for n, r in rows.items() if r["level"] == "city" and r["parent_name"] == province]
        return tuple(sorted([province] + cities, key=len, reverse=True))
    city = city_of(region, path=path) if region else None
    return fam.get(city or HOME_CITY, ())


def province_names(region: str | None, path: Path | str | None = None) -> tuple[str, ...]:
    """Full names of the current regions of ``region``'s province (the province, its cities, their
    districts and counties), longest first: the places a report of that province compares itself
    with (宁波市 in a 嘉兴 report). Empty for a region outside the catalog or without a province."""
    p = _catalog_path(path)
    return _province_names(str(p), p.stat().st_mtime, city_of(region, path=path) if region else None)


@lru_cache(maxsize=64)
def _province_names(path_str: str, mtime: float, city: str | None) -> tuple[str, ...]:
    rows = _rows_by_name(path_str, mtime)
    province = rows[city]["parent_name"] if city in rows else ""
    if not province:
        return ()
    cities = {n for n, r in rows.items() if r["parent_name"] == province and r["level"] == "city"}
    names = [n for n, r in rows.items() if not r["valid_to"] and (n == province or n in cities or r["parent_name"] in cities)]
    return tuple(sorted(names, key=len, reverse=True))


def province_short_names(region: str | None, path: Path | str | None = None) -> dict[str, str]:
    """Short name -> full name (宁波 -> 宁波市, 余杭 -> 余杭区) of the current regions of ``region``'s
    province, from the catalog's aliases that are a name without its level word; a short name two
    regions share is left out."""
    p = _catalog_path(path)
    return _province_shorts(str(p), p.stat().st_mtime, city_of(region, path=path) if region else None)


@lru_cache(maxsize=64)
def _province_shorts(path_str: str, mtime: float, city: str | None) -> dict[str, str]:
    rows = _rows_by_name(path_str, mtime)
    out: dict[str, str] = {}
    for name in _province_names(path_str, mtime, city):
        row = rows[name]
        for alias in _short_aliases(name, row) if row["level"] != "province" else ():
            out[alias] = "" if out.get(alias, name) != name else name
    return {a: n for a, n in out.items() if n}


def short_region_names(within: str | None = HOME_CITY, current_only: bool = True,
                       path: Path | str | None = None) -> list[str]:
    """Short names of known regions as the catalog lists them (西湖 for 西湖区, 杭州 for 杭州市):
    the aliases that are the region's name without its level word, longest first.

    ``within`` limits them to one city and its districts and counties (``None``: every region, provinces
    too); ``current_only`` leaves out
    abolished regions (下城, 江干)."""
    p = _catalog_path(path)
    return list(_short_names(str(p), p.stat().st_mtime, within, current_only))


@lru_cache(maxsize=32)
def _short_names(path_str: str, mtime: float, within: str | None, current_only: bool) -> tuple[str, ...]:
    rows = _rows_by_name(path_str, mtime)
    names = set(family_names(within, path_str)) if within else set(rows)
    out = set()
    for name in names:
        row = rows[name]
        if (current_only and row["valid_to"]) or (within and row["level"] == "province"):
            continue
        out.update(_short_aliases(name, row))
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


def _short_aliases(name: str, row: dict) -> list[str]:
    """A region's aliases that are its name without its level word (西湖 for 西湖区)."""
    return [a for a in _split(row["aliases"]) + _split(row["ambiguous_aliases"])
            if len(a) >= 2 and name.startswith(a) and len(a) < len(name)]


def comparison_scope(regions: pd.Series, doc_ids: pd.Series, path: Path | str | None = None) -> pd.Series:
    """Which facts a comparison takes by default (a boolean Series on the facts' index).

    The documents' city is the city most documents are about (a document is about the region most of
    its facts carry). Compared are that city, its districts and counties, the provinces (reference
    lines), and a peer city only when a document is about it: a Hangzhou report's 宁波市 figure or a
    Ningbo district's figure is not ranked among Hangzhou's districts unless asked for by name."""
    if regions.empty:
        return pd.Series(True, index=regions.index)
    doc_region = pd.DataFrame({"d": doc_ids.astype(str), "r": regions.astype(str)}).groupby("d")["r"].agg(
        lambda s: s.value_counts().index[0])
    doc_cities = [city_of(r, path=path) for r in doc_region]
    counts = pd.Series([c for c in doc_cities if c]).value_counts()
    home = HOME_CITY if counts.empty or (HOME_CITY in counts and counts[HOME_CITY] == counts.iloc[0]) \
        else counts.index[0]
    own = {r for r in doc_region if r}
    keep = {}
    for r in regions.unique():
        level = region_level(r, default="", path=path)
        keep[r] = level == "province" or city_of(r, path=path) == home or (level == "city" and r in own)
    return regions.map(keep).astype(bool)


def levels_and_parents(path: Path | str | None = None) -> dict[str, tuple[str, str]]:
    """canonical name -> (level, parent's canonical name): one look-up table for code that asks
    about many regions per document."""
    p = _catalog_path(path)
    return _levels_and_parents(str(p), p.stat().st_mtime)


@lru_cache(maxsize=8)
def _levels_and_parents(path_str: str, mtime: float) -> dict[str, tuple[str, str]]:
    return {n: (r["level"], r["parent_name"]) for n, r in _rows_by_name(path_str, mtime).items()}
