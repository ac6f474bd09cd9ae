"""The one vocabulary (issue 15): every code list in lib/planbook/resources/vocab.yml, each Chinese
label of a code defined once in lib/, plans consistent with the extractor, facts checked."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from planbook import provenance as P
from planbook import vocab as V

LIB = Path(__file__).resolve().parents[1] / "lib" / "planbook"
LABELLED = ("review_status", "data_status", "measure", "target_kind", "pace_band", "plan_kind",
            "direction", "source_kind", "population", "price_basis")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_code_lists_have_labels_in_order():
    assert V.codes("review_status") == ["achieved", "on_track", "lagging", "not_achieved", "cannot_assess"]
    assert V.labels("data_status") == {"actual": "实绩", "estimate": "预计", "target": "目标"}
    assert V.label("measure", "pp_change") == "累计变动(百分点)"
    assert V.label("measure", "no_such_code") == "no_such_code"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in V.colours("review_status").values())
    for name in LABELLED:
        assert all(HAN.search(lab) for lab in V.labels(name).values()), name


def test_qualifier_bounds():
    assert V.qualifier_bound("以内") == "ceiling" and V.qualifier_bound("不超过") == "ceiling"
    assert V.qualifier_bound("以上") == "floor" and V.qualifier_bound("不低于") == "floor"
    assert V.qualifier_bound("突破") == "above" and V.qualifier_bound("迈上") == "above"
    assert V.qualifier_bound("左右") == "about" and V.qualifier_bound("") == ""
    assert V.is_stretch("力争") and V.is_stretch("冲刺") and not V.is_stretch("确保")
    assert V.qualifier_position("突破") == "prefix" and V.qualifier_position("以上") == "suffix"


def test_plans_agree_with_the_extractor():
    from planbook.extract.context import PLANS

    assert V.plan_years("十四五") == (2021, 2025) and V.plan_period("十四五") == (2020, 2025)
    assert V.plan_periods() == PLANS          # base year = first year - 1
    assert V.plan_span_text("十三五") == "2016—2020年"


def _label_dicts(tree: ast.AST):
    """Dict literals mapping two or more codes of one list to Chinese strings."""
    lists = {name: set(V.codes(name)) for name in LABELLED}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        pairs = [(k.value, v.value) for k, v in zip(node.keys, node.values)
                 if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
                 and isinstance(k.value, str) and isinstance(v.value, str) and HAN.search(v.value)]
        for name, codes in lists.items():
            hit = [p for p in pairs if p[0] in codes]
            if len(hit) >= 2:
                yield node.lineno, name, hit


def test_each_label_is_defined_once_in_lib():
    offenders = []
    for path in LIB.rglob("*.py"):
        if "extract" in path.parts:          # the extractor's own words live in extract/rules
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [(path.name, line, name, hit) for line, name, hit in _label_dicts(tree)]
    assert offenders == []


def test_no_qualifier_word_sets_outside_the_vocabulary():
    words = set()
    for code, e in V.code_list("qualifier").items():
        words |= {code, *e.get("words", [])}
    offenders = []
    for path in LIB.rglob("*.py"):
        if "extract" in path.parts or path.name in ("vocab.py", "ingest.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
                consts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if sum(c in words for c in consts) >= 3:
                    offenders.append((path.name, node.lineno, consts))
    assert offenders == []


def test_check_facts_names_unknown_codes():
    facts = pd.DataFrame({"status": ["actual", "projected"], "measure": ["level", "level"],
                          "qualifier": ["以上", "大约"], "plan": ["十四五", ""]})
    problems = V.check_facts(facts)
    assert len(problems) == 2
    assert any("status=projected" in p for p in problems) and any("qualifier=大约" in p for p in problems)


def test_seed_facts_use_only_vocabulary_codes(tmp_path):
    ingest = pytest.importorskip("planbook.ingest")
    out = tmp_path / "indicators.csv"
    ingest.ingest(out=out)
    facts = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(facts) > 500
    assert V.check_facts(facts) == []


def test_one_ranking_and_one_citation():
    exact = {"status": "actual", "qualifier": "", "value": 99.0, "doc_id": "004", "source_kind": "table"}
    bound = {"status": "actual", "qualifier": "突破", "value": 100.0, "doc_id": "004", "source_kind": "table"}
    estimate = {"status": "estimate", "qualifier": "", "value": 98.0, "doc_id": "004", "source_kind": "table"}
    assert P.rank_key(exact) > P.rank_key(bound) and P.rank_key(exact) > P.rank_key(estimate)
    assert P.rank_key({**exact, "doc_id": "ref"}) < P.rank_key(exact)
    assert P.cite("004", "全区生产总值增长6.1%", "实绩2020") == "[004] 实绩2020:全区生产总值增长6.1%"
    assert P.cite("001", "甲" * 200).endswith("…") and len(P.cite("001", "甲" * 200)) == len("[001] ") + 157 + 1


def test_ingestion_checks_the_codes_it_writes_against_the_vocabulary(monkeypatch):
    from planbook import ingest as I
    from planbook.ingest import ingest

    assert not (ingest(write=False, cache=False, jobs=1).quality.kind == "vocabulary").any()   # the seeds: all known
    real_row = I._fact_row

    def odd_status(f, doc_id, catalog):
        row = real_row(f, doc_id, catalog)
        row[I.STATUS] = "forecast"   # a code the vocabulary does not know
        return row

    monkeypatch.setattr(I, "_fact_row", odd_status)
    q = ingest(write=False, cache=False, jobs=1).quality
    assert q[q.kind == "vocabulary"].message.str.contains("status=forecast").any()
