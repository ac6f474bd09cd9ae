"""Every case of tests/corpus/tables*.yml read by the ingestion entry (read_report + extract_text):
the facts each case lists must come out of its text with the fields it gives."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from planbook.catalog import load_catalog
from planbook.ingest import TABLE_COLUMNS, _region_aliases, extract_text, read_report

CORPUS = Path(__file__).parent / "corpus"
FIELDS = ("region", "year", "value", "unit", "measure", "status", "period")


def _cases() -> list:
    out = []
    for path in sorted(CORPUS.glob("tables*.yml")):   # prose*.yml: tests/test_corpus.py
        for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            out.append(pytest.param(case, id=f"{path.stem}:{n}:{case.get('rule', '')}"))
    return out


def _rows(case: dict, tmp_path: Path) -> list[dict]:
    """The rows ingestion gives for the case's text, read from a file as a report is."""
    path = tmp_path / "case.txt"
    path.write_text(case["text"], encoding="utf-8")
    aliases, names = _region_aliases()
    manifest = {"region": case["region"]} if case.get("region") else None
    res = extract_text(read_report(path), "zz", path.name, load_catalog(), aliases, names, manifest)
    return [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in res.rows]


def _same(field: str, want, got) -> bool:
    if field == "value":
        return got is not None and not (isinstance(got, float) and math.isnan(got)) and \
            math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    if field == "year":
        return got is not None and int(got) == int(want)
    return str(got or "") == str(want)


def _matches(want: dict, row: dict, rule: str) -> bool:
    label = want.get("indicator", want.get("label"))
    if label not in (row["indicator_raw"], row["indicator"]):
        return False
    if rule and not str(row["rule"]).startswith(rule):
        return False
    return all(_same(f, want[f], row[f]) for f in FIELDS if f in want)


@pytest.mark.parametrize("case", _cases())
def test_corpus_case(case, tmp_path):
    rows = _rows(case, tmp_path)
    rule = case.get("rule", "")
    assert case.get("facts"), "a case lists the facts it expects"
    for want in case["facts"]:
        found = [r for r in rows if _matches(want, r, rule)]
        assert found, (f"{case.get('name', '')}: no fact {want} with rule {rule!r}; got:\n" + "\n".join(
            f"  {r['indicator_raw']} | {r['region']} | {r['year']} | {r['value']} {r['unit']} | {r['measure']} | "
            f"{r['status']} | {r['rule']}" for r in rows))
