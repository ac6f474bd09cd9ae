"""A report's own tally of its plan (38项指标 in 8个方面; 30 expected met; 4 lagging; 4 not
assessable, named), read from the report text so it can stand beside the computed review.

The patterns are vocabulary (``plan_tally`` in resources/vocab.yml). Each tally keeps the
sentence it was read from (``quote``) and the document (``doc_id``), so it is traceable.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from planbook import vocab as V

TALLY_COLUMNS = ["region", "plan", "doc_id", "areas", "indicators", "expected_met", "lagging",
                 "not_assessable", "not_assessable_names", "lagging_names", "quote"]
_PLAN = re.compile(r"十[一二三四五六]五")


def _patterns() -> dict[str, re.Pattern]:
    return {k: re.compile(v) for k, v in (V._data().get("plan_tally") or {}).items()}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。\n])", text) if s.strip()]


def read_tally(text: str, region: str, doc_id: str) -> list[dict]:
    """The tallies a document states (one per plan named in a tally sentence)."""
    pats = _patterns()
    out: list[dict] = []
    lines = _sentences(text)
    for n, sentence in enumerate(lines):
        m = pats["total"].search(sentence)
        if not m:
            continue
        plan = next(iter(_PLAN.findall(sentence[: m.start()] or sentence)), "")
        row = {"region": region, "plan": plan, "doc_id": doc_id, "areas": int(m["areas"]),
               "indicators": int(m["indicators"]), "expected_met": None, "lagging": None,
               "not_assessable": None, "not_assessable_names": "", "lagging_names": "",
               "quote": sentence}
        met = pats["met"].search(sentence, m.end())
        if met:
            row["expected_met"] = int(met["met"])
        na = pats["not_assessable"].search(sentence)
        if na:
            row["not_assessable"] = int(na["not_assessable"])
            row["not_assessable_names"] = "|".join(x.strip() for x in re.split(r"[、,，]", na["names"]) if x.strip())
        # the lagging list may follow in the next sentences of the same passage
        for follow in lines[n: n + 4]:
            lg = pats["lagging"].search(follow)
            if lg:
                row["lagging"] = int(lg["lagging"])
                names = [x["name"].strip() for x in pats["lagging_item"].finditer(lg["items"])]
                row["lagging_names"] = "|".join(names)
                if follow != sentence:
                    row["quote"] += follow
                break
        out.append(row)
    return out


def tallies_from_documents(raw_dir: Path, manifest: pd.DataFrame) -> pd.DataFrame:
    """Every tally stated by the documents of the manifest (columns ``TALLY_COLUMNS``)."""
    rows: list[dict] = []
    for rec in manifest.to_dict("records"):
        path = Path(raw_dir) / str(rec.get("file", ""))
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rows += read_tally(text, str(rec.get("region", "")), str(rec.get("file", "")).split("_")[0])
    return pd.DataFrame(rows, columns=TALLY_COLUMNS)


def tally_line(t: dict) -> str:
    """One Chinese line for a tally, as the report states it."""
    def n(x):
        return "—" if x is None or pd.isna(x) else str(int(x))
    line = (f"报告自述:{V.label('plan', t['plan'])}规划{n(t['areas'])}个方面{n(t['indicators'])}项指标,预计完成{n(t['expected_met'])}项,"
            f"进度滞后{n(t['lagging'])}项,无法评估{n(t['not_assessable'])}项")
    if t.get("not_assessable_names"):
        line += f"(无法评估:{'、'.join(str(t['not_assessable_names']).split('|'))})"
    return line + f"〔文档{t['doc_id']}〕"
