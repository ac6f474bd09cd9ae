"""Incremental and parallel ingestion: an unchanged report comes from the fact cache, a new or
changed one is read again (and the log names it), a change to the extractor or the catalogs reads
everything again, and reading on several cores gives exactly the one-core output."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import report_files as rf
from planbook import ingest_pool
from planbook.add import add_files
from planbook.ingest import ingest
from planbook.ingest_cache import extractor_version
from planbook.paths import project_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A workbook with three of the seed reports and their manifest lines."""
    shutil.copytree(ROOT / "data" / "catalog", tmp_path / "data" / "catalog")
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    keep = sorted((ROOT / "data" / "raw").glob("*.txt"))[:3]
    for p in keep:
        shutil.copy(p, raw / p.name)
    lines = (ROOT / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (raw / "manifest.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    monkeypatch.setenv("PLANBOOK_HOME", str(tmp_path))
    return tmp_path


def test_only_new_or_changed_reports_are_read_again(home, tmp_path, capsys):
    first = ingest(write=False)
    names = sorted(p.name for p in (home / "data" / "raw").glob("*.txt"))
    assert first.reread == names and not first.errors
    again = ingest(write=False)
    assert again.reread == []
    assert again.indicators.equals(first.indicators) and again.quality.equals(first.quality)
    assert "3 份均未改动" in capsys.readouterr().err

    src = tmp_path / "new.docx"
    src.write_bytes(rf.report_docx())
    (prep, row), = add_files([src])[0]
    after_add = ingest(write=False)
    assert after_add.reread == [row["file"]]
    assert f"重新读取 1 份新增或改动的报告({row['file']})" in capsys.readouterr().err
    assert len(after_add.indicators) > len(first.indicators)

    changed = home / "data" / "raw" / names[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("增长", "增长", 1) + "\n附:本文件已修订。\n",
                       encoding="utf-8")
    assert ingest(write=False).reread == [names[1]]


def test_a_change_to_the_catalogs_or_the_extractor_reads_everything_again(home, monkeypatch):
    ingest(write=False)
    before = extractor_version(project_paths())
    with open(home / "data" / "catalog" / "regions.csv", "a", encoding="utf-8") as f:
        f.write("330199,测试新区,,,,district,杭州市,,,,,,,\n")
    assert extractor_version(project_paths()) != before
    assert len(ingest(write=False).reread) == 3
    monkeypatch.setattr("planbook.ingest_cache.EXTRACTOR_CODE", ["extract/context.py"])   # another code hash
    assert len(ingest(write=False).reread) == 3


def test_a_manifest_region_change_reads_that_report_again(home):
    ingest(write=False)
    m = home / "data" / "raw" / "manifest.csv"
    lines = m.read_text(encoding="utf-8").splitlines()
    name = lines[3].split(",")[0]
    lines[3] = lines[3].replace(",余杭区,", ",杭州市,", 1).replace(",拱墅区,", ",杭州市,", 1)
    m.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest(write=False).reread == [name]


def test_all_cores_give_the_one_core_output(monkeypatch):
    calls = []
    real = ingest_pool._in_pool
    monkeypatch.setattr(ingest_pool, "_in_pool", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    monkeypatch.setattr(ingest_pool, "POOL_MIN_BYTES", 0)
    one = ingest(write=False, cache=False, jobs=1)
    two = ingest(write=False, cache=False, jobs=2)
    assert calls == [2]   # the second read went through the pool
    assert len(one.indicators) > 500
    assert two.indicators.equals(one.indicators) and two.quality.equals(one.quality)
    assert [d.doc_id for d in two.documents] == [d.doc_id for d in one.documents]
    # a worker sends its rows back as column arrays; the documents' rows read back are the same
    assert [d.records() for d in two.documents] == [d.records() for d in one.documents]


def test_pool_chunks_shrink_to_single_reports_and_cover_each_report_once():
    order = list(range(200, -1, -1))   # any order: the chunks keep it
    chunks = ingest_pool._chunks(order, 2)
    assert [i for c in chunks for i in c] == order
    sizes = [len(c) for c in chunks]
    assert sizes[0] == 25 and sizes == sorted(sizes, reverse=True) and sizes[-6:] == [1] * 6
    assert len(chunks) < len(order) / 5   # few round trips
    assert ingest_pool._chunks([3, 1], 2) == [[3], [1]]


def test_entries_of_removed_reports_are_dropped_only_after_a_whole_read(home):
    ingest(write=False)
    facts = home / "data" / "interim" / "facts"
    assert len(list(facts.glob("*.pkl"))) == 3
    raw = sorted((home / "data" / "raw").glob("*.txt"))
    ingest([raw[0]], write=False, cache=True)          # a few files: the others' entries stay
    assert len(list(facts.glob("*.pkl"))) == 3
    raw[2].unlink()
    assert len(ingest(write=False).reread) == 0
    assert len(list(facts.glob("*.pkl"))) == 2


def test_the_written_table_is_the_same_on_all_cores_and_what_pandas_writes(tmp_path, monkeypatch):
    """The indicator CSV joined from each report's own lines (made in the workers) is byte for byte
    what pandas writes for the whole table, on one core and on two; with a report whose year is
    unknown (the year column turns float for every report) the whole table is written instead, and
    when every report's year is unknown the lines (years as floats) are joined again."""
    from planbook import ingest_table

    monkeypatch.setattr(ingest_pool, "POOL_MIN_BYTES", 0)
    joined = []
    real = ingest_table.write_indicators
    monkeypatch.setattr(ingest_table, "write_indicators", lambda *a: joined.append(a[3]) or real(*a))
    seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
    yearless = tmp_path / "900_简报.txt"
    yearless.write_text("某镇工作简报\n全镇实现地区生产总值12.5亿元,增长6.1%。\n固定资产投资3.2亿元,增长4%。\n"
                        "城镇居民人均可支配收入5.6万元,增长5.5%。农村居民人均可支配收入3.1万元,增长6.8%。\n"
                        "一般公共预算收入1.4亿元,增长3%。社会消费品零售总额7.7亿元,增长4.2%。\n", encoding="utf-8")
    other = tmp_path / "901_简报.txt"
    other.write_text(yearless.read_text(encoding="utf-8").replace("12.5", "13.6").replace("6.1", "7.2"), encoding="utf-8")
    for files, year_type in ((seeds, "int64"), (seeds + [yearless], "float64"), ([yearless, other], "float64")):
        written = {}
        for jobs in (1, 2):
            out = tmp_path / f"j{jobs}" / "indicators.csv"
            res = ingest(files, out=out, jobs=jobs, cache=False)
            assert str(res.indicators["year"].dtype) == year_type
            written[jobs] = out.read_bytes()
            assert written[jobs] == res.indicators.to_csv(index=False).encode("utf-8")
        assert written[1] == written[2]
        assert written[1].count(b"\n") == len(res.indicators) + 1 > 5
    # one core: the whole table written; two: the workers' lines joined, unless a year is missing in
    # some reports only (then the whole year column is float, as only those reports wrote it)
    assert joined == [False, True, False, False, False, True]
    assert res.indicators["year"].isna().all()   # the last case: no report names its year
