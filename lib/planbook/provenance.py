"""Which candidate fact wins, and how a fact is cited: one rule for review, compare and scenario.

``rank_key`` orders candidates for the same figure (higher is better): a stated figure before a
bound (突破2万亿元), an actual before an estimate before a target, a figure from the same table row
as the question, a later report, a table before prose, among bounds the tighter one, a report
before the reference statistics. Callers put their own context first (the year wanted).

``cite`` writes a source as ``[doc] role:quote`` everywhere (reviews, comparisons, scenarios,
Excel); quotes longer than ``QUOTE_LIMIT`` characters are shortened with an ellipsis.
"""
from __future__ import annotations

import math

from planbook import vocab as V

QUOTE_LIMIT = 160
#: the doc_id of the reference statistics (data/reference/official_stats.csv)
REFERENCE_DOC = "ref"


def _text(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x).strip()


STATUS_RANKS: dict[str, int] = {k: int(v) for k, v in V.attribute("data_status", "rank").items()}


def status_rank(status) -> int:
    """0 for actual, 1 for estimate, 2 for target (vocabulary data_status rank); 9 when unknown."""
    return int(V.attribute("data_status", "rank").get(_text(status), 9))


def is_bound(qualifier) -> bool:
    """Is a figure written with a lower bound (突破, 超, 以上) rather than stated exactly?"""
    return V.qualifier_bound(_text(qualifier)) in ("floor", "above")


def rank_key(row, *, same_place: bool = False, published: str = "", value: float | None = None) -> tuple:
    """Sort key of one candidate fact (a dict or Series); a larger key is a better candidate."""
    get = row.get
    qual = _text(get("qualifier"))
    bound = is_bound(qual)
    v = value if value is not None else get("value")
    try:
        v = float(v) if bound and v is not None and not (isinstance(v, float) and math.isnan(v)) else 0.0
    except (TypeError, ValueError):
        v = 0.0
    return (
        0 if qual else 1,                      # a stated figure before a bound or an approximation
        -status_rank(get("status")),           # actual > estimate > target
        1 if same_place else 0,                # the question's own table row
        _text(published),                      # a later report's revision
        1 if _text(get("source_kind")) == "table" else 0,
        v,                                     # among bounds, the tighter one
        0 if _text(get("doc_id")) in (REFERENCE_DOC, "") else 1,
    )


def cite(doc_id, quote, role: str = "", limit: int = QUOTE_LIMIT) -> str:
    """``[001] 目标:原文…`` — the one citation format."""
    q = _text(quote).replace("\n", " ")
    if limit and len(q) > limit:
        q = q[: limit - 3] + "…"
    d = _text(doc_id)
    head = f"[{d}]" if d else ""
    if role:
        return f"{head} {role}:{q}".strip()
    return f"{head} {q}".strip()
