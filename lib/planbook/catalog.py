"""The indicator catalog (data/catalog/indicators.csv), editable by analysts.

Each indicator has a code, a canonical Chinese name, an English name, its usual unit, a category,
a direction (higher or lower is better) and every wording met for it (``synonyms``, separated by |).
``Catalog.match(label)`` maps a label as written to an indicator, conservatively: a label that
adds meaning the wording lacks (a share, a per-capita, another sector) stays unmatched and is
listed for the analyst.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from planbook.fileio import PlanbookError
from planbook.paths import project_paths

REQUIRED = ["code", "name_zh", "name_en", "unit", "category", "direction", "synonyms"]

# words that add nothing to an indicator's identity when they wrap a label
_SCOPE = re.compile(r"^(?:全市|全区|全县|全省|本市|我市|我区|我县|本区|本县|市区|全社会|其中|全年|实现|完成|累计完成|年末|当年|共|"
                    r"五年累计|三年累计|两年累计|五年|三年|两年|累计|十[三四五]五期间|十[三四五]五时期|期间)+")
_TRAIL = re.compile(r"(?:总量|总额|规模|水平|指标|(?<!总)数|数量|五年|五年累计|累计)$")
_PAREN = re.compile(r"[\(（][^\)）]*[\)）]")
_NOISE = re.compile(r"[\s▲★☆※*“”\"'‘’《》<>〈〉、·]")
# markers that make a label a different indicator from a wording that lacks them
_DISTINCT = ["占", "比重", "比例", "之比", "率", "人均", "每万人", "每千人", "万人", "单位", "倍差", "增量",
             "密度", "强度", "亩均", "平均", "份额", "指数", "覆盖", "营收", "营业收入", "贷款", "投资",
             "出口", "进口", "农村", "城镇", "城乡", "户籍", "规上", "规模以上", "服务业", "工业", "金融",
             "数字", "文化", "高新", "民营", "民间", "制造业", "外资", "第一", "第二", "第三", "新增", "总数", "累计"]


_LOCAL_SCOPE = re.compile(r"全市|全区|全县|本市|本区|本县|年末")
# adverbs left at a label's end by the verb after them (社会消费品零售总额首次突破…, 城镇登记失业率始终控制在…)
_ADVERB_TAIL = re.compile(r"(?:首次|仅|始终|仍然|仍|已经|已|再次|继续|持续|率先)+$")
# what is left of a year span whose years were read (2021—累计完成固定资产投资)
_YEAR_REMNANT = re.compile(r"^(?:(?:19|20)\d{2}\s*)?[—\-~至到]+")
# scope words wrapping an unmatched label (全区接待游客 is 接待游客 of the document's region)
_LISTED_SCOPE = re.compile(r"^(?:全市|全区|全县|本市|本区|本县|我市|我区|我县|全年|其中)+")


def norm_label(label: str) -> str:
    """A label reduced for matching: no parentheses, markers, spaces, 的, or local scope words
    (占全市GDP比重 is 占GDP比重; 占全省 stays, it is another denominator)."""
    s = _PAREN.sub("", label or "")
    s = _NOISE.sub("", s)
    s = _LOCAL_SCOPE.sub("", s.replace("的", ""))
    return _YEAR_REMNANT.sub("", _ADVERB_TAIL.sub("", s))


@lru_cache(maxsize=1 << 16)
def listed_name(label: str) -> str:
    """The name an unmatched label is listed under: the label without wrapping scope words,
    trailing adverbs or a year remnant (全区接待游客 and 接待游客, 社会消费品零售总额首次 and
    社会消费品零售总额 are one name); the label itself when nothing else would be left."""
    s = _LISTED_SCOPE.sub("", _YEAR_REMNANT.sub("", _ADVERB_TAIL.sub("", label)))
    return s if len(s) >= 2 else label


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    category: str
    direction: str


class Catalog:
    def __init__(self, df: pd.DataFrame, path: Path | None = None):
        missing = [c for c in REQUIRED if c not in df.columns]
        if missing:
            raise PlanbookError(f"{path or 'indicator catalog'}: missing column(s) {', '.join(missing)}")
        self.df = df
        self.by_code: dict[str, Indicator] = {}
        self.wordings: dict[str, str] = {}  # normalised wording -> code
        for row in df.itertuples(index=False):
            code = str(row.code).strip()
            if not code:
                continue
            if code in self.by_code:
                raise PlanbookError(f"{path or 'indicator catalog'}: duplicate code {code}")
            ind = Indicator(code, str(row.name_zh).strip(), str(row.name_en).strip(),
                            "" if pd.isna(row.unit) else str(row.unit).strip(),
                            str(row.category).strip(), str(row.direction).strip() or "higher")
            self.by_code[code] = ind
            for w in [ind.name_zh] + [s for s in str(row.synonyms or "").split("|") if s.strip()]:
                key = norm_label(w.strip())
                if key and key not in self.wordings:
                    self.wordings[key] = code
        # longest wordings first for substring search
        self._ordered = sorted(self.wordings, key=len, reverse=True)
        # wordings by their first two characters: a wording can only lie in a key that holds them
        self._by_bigram: dict[str, list[int]] = {}
        for n, w in enumerate(self._ordered):
            if len(w) >= 2:
                self._by_bigram.setdefault(w[:2], []).append(n)
        self._cache: dict[str, Indicator | None] = {}

    def get(self, code: str) -> Indicator | None:
        return self.by_code.get(code)

    def match(self, label: str) -> Indicator | None:
        """The indicator a label names, or None."""
        if label in self._cache:
            return self._cache[label]
        ind = self._match(label)
        self._cache[label] = ind
        return ind

    def _match(self, label: str) -> Indicator | None:
        key = norm_label(label)
        if not key:
            return None
        code = self.wordings.get(key)
        if code is None:
            scoped = _SCOPE.sub("", key)
            code = self.wordings.get(scoped)
            if code is None:
                stripped = _TRAIL.sub("", scoped)
                code = self.wordings.get(stripped)
                key = stripped or key
        if code is None:
            code = self._substring_match(key)
        return self.by_code.get(code) if code else None

    def _substring_match(self, key: str) -> str | None:
        found = {n for i in range(len(key) - 1) for n in self._by_bigram.get(key[i:i + 2], ())}
        for n in sorted(found):
            w = self._ordered[n]
            if w not in key:
                continue
            rest = key.replace(w, "", 1)
            rest = _TRAIL.sub("", _SCOPE.sub("", rest))
            if not rest:
                return self.wordings[w]
            # the remainder must not change what is measured
            if any(d in rest and d not in w for d in _DISTINCT):
                return None
            if len(rest) <= 4 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]*", rest):
                # short qualifiers such as 市区, 全年, 总 are harmless; anything else is a new indicator
                if rest in ("市区", "全年", "总", "年度", "本年", "当年", "全口径", "地区", "城市", "环境"):
                    return self.wordings[w]
            return None
        return None


@lru_cache(maxsize=4)
def _load(path_str: str, mtime: float) -> Catalog:
    path = Path(path_str)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:
        raise PlanbookError(f"{path}: cannot read indicator catalog: {exc}") from None
    return Catalog(df, path)


def load_catalog(path: Path | str | None = None) -> Catalog:
    path = Path(path) if path else project_paths().catalog / "indicators.csv"
    if not path.exists():
        raise PlanbookError(f"{path}: indicator catalog not found")
    return _load(str(path), path.stat().st_mtime)


def add_to_catalog(label: str, code: str, *, new: dict | None = None, path: Path | str | None = None) -> Path:
    """Write a wording into the catalog file (atomically), as editing it by hand would.

    Without ``new``: ``label`` becomes a synonym of the indicator ``code``. With ``new`` (name_en,
    unit, category, direction): a new indicator ``code`` named ``label``. Raises PlanbookError with a
    one-line message when the code is unknown (synonym) or taken (new), or the label is empty."""
    import csv

    from planbook.fileio import atomic_path

    path = Path(path) if path else project_paths().catalog / "indicators.csv"
    label, code = (label or "").strip(), (code or "").strip()
    if not label or not code:
        raise PlanbookError(f"{path}: 指标名和代码不能为空 / label and code are required")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or REQUIRED), list(reader)
    codes = [r.get("code", "").strip() for r in rows]
    if new is None:
        if code not in codes:
            raise PlanbookError(f"{path}: 指标目录中没有代码 {code} / unknown indicator code")
        row = rows[codes.index(code)]
        words = [s for s in (row.get("synonyms") or "").split("|") if s.strip()]
        if label not in words and label != row.get("name_zh"):
            row["synonyms"] = "|".join(words + [label])
    else:
        if code in codes:
            raise PlanbookError(f"{path}: 代码 {code} 已被使用 / indicator code already taken")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            raise PlanbookError(f"{path}: 代码 {code} 应为小写字母、数字和下划线 / code must be lower_snake_case")
        rows.append({**{k: "" for k in fields}, "code": code, "name_zh": label, "synonyms": "",
                     "direction": new.get("direction") or "higher",
                     **{k: str(new.get(k) or "") for k in ("name_en", "unit", "category")}})
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return path
