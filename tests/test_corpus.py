"""The prose rules' example corpus (tests/corpus/prose*.yml): each case is a snippet of a district work
report, written in our own words with invented figures, and the facts it must give. A new way reports
write something is a vocabulary line (lib/planbook/extract/rules/prose.yml) and two cases here."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planbook.catalog import load_catalog
from planbook.extract.vocab import rules
from planbook.ingest import TABLE_COLUMNS, _region_aliases, extract_text

CORPUS = Path(__file__).parent / "corpus"
CASES = [(path.name, i, case) for path in sorted(CORPUS.glob("prose*.yml"))
         for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")))]


def _rows(case: dict) -> list[dict]:
    """The case's snippet inside a 西湖区 2024 work report; a case with ``page: true`` is a whole page
    of its own (its title, posting line, body) read with no manifest line, as a file added bare."""
    if case.get("page"):
        text, manifest = case["text"], {}
    else:
        heading = case.get("heading", "一、2023年工作回顾")
        text = f"西湖区2024年政府工作报告\n{heading}\n{case['text']}\n"
        manifest = {"region": "西湖区", "published": "2024-01-15"}
    aliases, names = _region_aliases()
    res = extract_text(text, "zz", "zz.txt", load_catalog(), aliases, names, manifest)
    return [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in res.rows]


def _same(row: dict, fact: list) -> bool:
    label, region, year, value, unit, measure, status = fact
    got = row["value"]
    same_value = (value is None and (got is None or got != got)) or (
        value is not None and got is not None and abs(got - value) < 1e-9)
    return (str(label) in row["indicator_raw"] or str(label) in row["indicator"]) and row["region"] == region \
        and row["year"] == year and same_value and row["unit"] == unit and row["measure"] == measure \
        and row["status"] == status


@pytest.mark.parametrize("case", [c for _, _, c in CASES], ids=[f"{f}:{i}:{c['rule']}" for f, i, c in CASES])
def test_corpus_case(case):
    rows = _rows(case)
    for fact in case["facts"]:
        assert any(_same(r, fact) for r in rows), (fact, [(r["indicator_raw"], r["region"], r["year"], r["value"],
                                                          r["measure"], r["status"]) for r in rows])
    assert len(rows) == len(case["facts"]), "facts the case does not list"
    if case["rule"].startswith("prose."):
        assert case["rule"] in {r["rule"] for r in rows}


def test_every_rule_and_vocabulary_entry_has_two_examples():
    counts: dict[str, int] = {}
    for _, _, case in CASES:
        counts[case["rule"]] = counts.get(case["rule"], 0) + 1
    assert all(n >= 2 for n in counts.values()), counts
    # every prose rule a fact can name is exercised
    made = {"prose.label", "prose.subject", "prose.list_each", "prose.list_all", "prose.share_of_subject",
            "prose.flow_of_subject", "prose.head_of_subject", "prose.target_progress", "prose.stock_of_subject",
            "prose.other_region_target", "prose.structure_ratio", "prose.qualitative_target", "prose.from_to"}
    assert made <= set(counts), made - set(counts)
    assert {"estimate", "target", "continues_subject", "threshold_nouns"} <= set(counts)
    assert {"estimate", "target", "continues_subject", "threshold_nouns"} <= set(rules("prose"))


def test_figures_that_ran_together_are_flagged_not_read():
    # copied text lost the separators between three amounts: no fact of 46 trillion, a quality row instead
    aliases, names = _region_aliases()
    res = extract_text("西湖区2024年政府工作报告\n一、2023年工作回顾\n第一、二、三产业增加值分别为1852390046125亿元。\n",
                       "zz", "zz.txt", load_catalog(), aliases, names, {"region": "西湖区", "published": "2024-01-15"})
    assert not res.rows
    assert [q["kind"] for q in res.quality if q["kind"] == "run_together_figures"] == ["run_together_figures"]


def test_each_fact_names_its_rule_and_the_quality_log_counts_them():
    from planbook.ingest import ingest
    from planbook.ingest_view import filter_facts

    res = ingest(write=False)   # the seed reports
    facts = res.indicators
    assert facts["rule"].str.match(r"^(?:prose|table)\.\w+$").all(), facts["rule"].unique()
    counts = res.quality[res.quality.kind == "rule_counts"]
    assert len(counts) == facts["doc_id"].nunique()
    # 萧山's plan (004) holds indicator tables and prose: both kinds of rule, counted in its row
    msg = counts[counts.doc_id == "004"].message.iloc[0]
    n_label = int(facts[(facts.doc_id == "004") & (facts.rule == "prose.label")].shape[0])
    assert f"prose.label {n_label}" in msg and "table." in msg
    lists = filter_facts(facts, rule="prose.list_each")
    assert len(lists) and set(lists["rule"]) == {"prose.list_each"}
