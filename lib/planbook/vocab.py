"""The one vocabulary: every code list of planbook with its Chinese label, colour and order.

Data lives in ``lib/planbook/resources/vocab.yml`` (review status, data status, measure, qualifier
with its bound, plan with its years, plan kind, pace band, target kind, direction, source kind,
population, price basis, and the words that decide a target's kind). Engines, views, notebooks
and Excel read labels here; ``check_facts`` checks an extracted fact table against the lists.

>>> label("data_status", "actual")
'实绩'
>>> plan_period("十四五")
(2020, 2025)
>>> qualifier_bound("以内"), qualifier_bound("不低于")
('ceiling', 'floor')
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from planbook.fileio import PlanbookError

VOCAB_PATH = Path(__file__).resolve().parent / "resources" / "vocab.yml"


@lru_cache(maxsize=1)
def _data() -> dict:
    try:
        with open(VOCAB_PATH, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"{VOCAB_PATH}:{line + 1}" if line is not None else str(VOCAB_PATH)
        raise PlanbookError(f"词表无法读取 vocabulary unreadable: {where}: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise PlanbookError(f"词表格式错误 vocabulary malformed: {VOCAB_PATH}")
    return data


def code_list(name: str) -> dict[str, dict]:
    """The entries of one code list, in their order (code -> entry)."""
    lst = _data().get(name)
    if not isinstance(lst, dict):
        raise PlanbookError(f"词表无此代码表 no such code list: {name} ({VOCAB_PATH})")
    return lst


def codes(name: str) -> list[str]:
    """The codes of a list in their order."""
    return list(code_list(name))


def labels(name: str) -> dict[str, str]:
    """code -> Chinese label for one list (a fresh dict; callers may extend it)."""
    return {code: str(e.get("label", code)) for code, e in code_list(name).items()}


def label(name: str, code, default: str | None = None) -> str:
    """The Chinese label of ``code`` in list ``name``; ``default`` (else the code) when unknown."""
    key = "" if code is None else str(code)
    e = code_list(name).get(key)
    if e is None:
        return key if default is None else default
    return str(e.get("label", key))


def colours(name: str, default: str = "#9e9e9e") -> dict[str, str]:
    """code -> colour (#rrggbb) for a list; codes without one get ``default``."""
    return {code: str(e.get("colour", default)) for code, e in code_list(name).items()}


def attribute(name: str, attr: str) -> dict:
    """code -> value of one attribute (e.g. ``rank`` of data statuses) where it is set."""
    return {code: e[attr] for code, e in code_list(name).items() if attr in e}


def order(name: str) -> dict[str, int]:
    """code -> position in its list (for sorting)."""
    return {code: n for n, code in enumerate(code_list(name))}


def code_of_label(name: str, text: str) -> str | None:
    """The code whose label is ``text`` (reverse lookup), else None."""
    for code, lab in labels(name).items():
        if lab == text:
            return code
    return None


# ---------------------------------------------------------------------------------------------
# qualifiers


def qualifier_code(text) -> str | None:
    """The qualifier code a written qualifier stands for (以内, 不超过 -> 以内), else None."""
    q = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text).strip()
    if not q:
        return None
    quals = code_list("qualifier")
    if q in quals:
        return q
    # the longest word found in the text wins (不低于 before 低于)
    best = None
    for code, e in quals.items():
        for w in e.get("words", []):
            if w and w in q and (best is None or len(w) > best[0]):
                best = (len(w), code)
    return best[1] if best else None


def qualifier_bound(text) -> str:
    """floor, above, ceiling, about, near or range for a written qualifier; '' when none."""
    code = qualifier_code(text)
    return str(code_list("qualifier")[code].get("bound", "")) if code else ""


def is_stretch(text) -> bool:
    """Is the qualifier an aspiration (力争, 冲刺) rather than a commitment?"""
    code = qualifier_code(text)
    return bool(code and code_list("qualifier")[code].get("stretch"))


def qualifier_position(text) -> str:
    """'prefix' (突破100) or 'suffix' (100以上) for writing a value with its qualifier."""
    code = qualifier_code(text)
    return str(code_list("qualifier")[code].get("position", "suffix")) if code else "suffix"


# ---------------------------------------------------------------------------------------------
# plans


def plan_years(plan: str) -> tuple[int, int] | None:
    """(first year, last year) of a five-year plan (十四五 -> (2021, 2025)), else None."""
    e = code_list("plan").get(str(plan or ""))
    return (int(e["start"]), int(e["end"])) if e else None


def plan_period(plan: str) -> tuple[int, int] | None:
    """(base year, end year) of a plan: the base year is the year before the first."""
    y = plan_years(plan)
    return (y[0] - 1, y[1]) if y else None


def plan_periods() -> dict[str, tuple[int, int]]:
    """plan -> (base year, end year) for every plan, in order (extract/context.py PLANS form)."""
    return {p: plan_period(p) for p in code_list("plan")}


def plan_span_text(plan: str) -> str:
    """'2021—2025年' for 十四五, '' for an unknown plan."""
    y = plan_years(plan)
    return f"{y[0]}—{y[1]}年" if y else ""


# ---------------------------------------------------------------------------------------------
# words and checks


def words(key: str) -> list[str]:
    """A word list of ``target_words`` (e.g. 'flow', 'cumulative')."""
    lst = (_data().get("target_words") or {}).get(key)
    if lst is None:
        raise PlanbookError(f"词表无此词组 no such word list: target_words.{key} ({VOCAB_PATH})")
    return [str(w) for w in lst]


def check_facts(facts: pd.DataFrame) -> list[str]:
    """Codes in an extracted fact table that the vocabulary does not know (one message each)."""
    problems = []
    for col, lst in (("status", "data_status"), ("measure", "measure"), ("qualifier", "qualifier"),
                     ("plan", "plan"), ("source_kind", "source_kind")):
        if col not in facts.columns:
            continue
        known = set(code_list(lst))
        seen = {str(v) for v in facts[col].dropna().unique() if str(v).strip()}   # each distinct value once
        for v in sorted(seen - known):
            problems.append(f"词表未收录的{col}代码 code not in vocabulary: {col}={v}")
    return problems
