"""A hand-edited manifest (data/raw/manifest.csv) is read as far as it can be (issue 14 item 5,
issue 17): an unquoted comma in the notes, a byte-order mark, optional columns left out, GB18030;
a line that cannot be read is named with its line number and the other reports still build; a
stray quote never makes a "region" of a whole line; sha256 and missing files are checked."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def home(project_copy):
    """A private copy of the project (tests/conftest.py)."""
    return project_copy


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "planbook", *args], env=env, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)


def manifest_lines(home: Path) -> list[str]:
    return (home / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8").splitlines()


def write_manifest(home: Path, lines: list[str], encoding: str = "utf-8") -> None:
    (home / "data" / "raw" / "manifest.csv").write_bytes(("\n".join(lines) + "\n").encode(encoding))


def regions_of(home: Path) -> dict[str, set[str]]:
    facts = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    return {d: set(g.region) for d, g in facts.groupby("doc_id")}


def build(home: Path) -> subprocess.CompletedProcess:
    proc = run(home, "build", "--skip-notebooks", "--no-progress")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_an_unquoted_comma_in_the_notes_belongs_to_the_notes(home):
    from planbook.data import load_manifest

    lines = manifest_lines(home)
    assert lines[2].startswith("001_") and not lines[2].endswith('"')
    lines[2] += ",另见附件2(示例)"
    write_manifest(home, lines)
    proc = build(home)
    assert proc.returncode == 0, proc.stderr
    man = load_manifest()
    assert len(man) == 5
    assert man.set_index("file").loc[lines[2].split(",")[0], "notes"].endswith("指标表(每格一行),另见附件2(示例)")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_byte_order_mark_or_gb18030_is_read(home, encoding):
    from planbook.data import load_manifest

    write_manifest(home, manifest_lines(home), encoding)
    proc = build(home)
    assert proc.returncode == 0, proc.stderr
    assert "manifest" not in proc.stderr
    man = load_manifest()
    assert list(man.columns[:2]) == ["file", "region"] and man.region.tolist()[:3] == ["杭州市", "杭州市", "拱墅区"]


def test_optional_columns_may_be_left_out(home):
    path = home / "data" / "raw" / "manifest.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df[["file", "region", "published"]].to_csv(path, index=False)
    proc = build(home)
    assert proc.returncode == 0, proc.stderr
    assert regions_of(home)["002"] >= {"拱墅区"}


def test_a_stray_quote_gives_no_535_character_region(home):
    lines = manifest_lines(home)
    assert lines[3].startswith("002_")
    lines[3] = lines[3].replace(",拱墅区,", ',"拱墅区,', 1)   # an opening quote never closed
    write_manifest(home, lines)
    proc = build(home)
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if "manifest.csv" in ln]
    assert len(warned) >= 1 and "第4行" in warned[0] and "region" in warned[0]
    regions = set().union(*regions_of(home).values())
    assert max(map(len, regions)) <= 10
    assert regions_of(home)["002"] >= {"拱墅区"}   # the report itself still says where it is from
    workbooks = sorted(p.name for p in (home / "exports").glob("规划目标完成情况_*.xlsx"))
    assert all(len(name) < 30 for name in workbooks) and len(workbooks) == 5


def test_an_unreadable_line_is_named_and_the_others_still_build(home):
    lines = manifest_lines(home)
    lines.insert(2, "这一行是随手写的备注")
    write_manifest(home, lines)
    proc = run(home, "ingest")
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if "manifest.csv" in ln]
    assert len(warned) == 1 and "第3行" in warned[0] and "file" in warned[0]
    assert set(regions_of(home)) == {"000", "001", "002", "003", "004"}
    assert build(home).returncode == 0


def test_a_region_outside_the_catalog_is_refused(home):
    from planbook.manifest import read_manifest

    lines = manifest_lines(home)
    lines[4] = lines[4].replace(",余杭区,", ",余航区,", 1)
    write_manifest(home, lines)
    man = read_manifest()
    assert len(man.rows) == 4 and "003_6f0d3471dae921c8.txt" not in man.rows
    (problem,) = man.problems
    assert "第5行" in problem and "余航区" in problem


def test_a_changed_report_and_a_missing_one_are_flagged(home):
    report = home / "data" / "raw" / "003_6f0d3471dae921c8.txt"
    report.write_bytes(report.read_bytes() + "\n补充一句:全年接待游客100万人次。\n".encode("utf-8"))
    lines = manifest_lines(home)
    lines.append("009_missing_report.txt,杭州市,政府工作报告,2024,2024-01-20,一份不存在的报告,,")
    write_manifest(home, lines)
    proc = run(home, "ingest")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if not ln.startswith("读取报告")]   # (not the fact-cache log)
    changed = [ln for ln in warned if "003_6f0d3471dae921c8.txt" in ln]
    assert len(changed) == 1 and "sha256" in changed[0] and "第5行" in changed[0]
    missing = [ln for ln in proc.stderr.splitlines() if "009_missing_report.txt" in ln]
    assert len(missing) == 1 and "第7行" in missing[0]
    q = pd.read_csv(home / "data" / "processed" / "quality.csv", dtype=str, keep_default_na=False)
    assert (q.kind == "warning").sum() == 2


def test_the_manifest_table_carries_the_doc_id_ingestion_gives(tmp_path):
    from planbook.data import load_manifest

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_a.txt", "000_b.txt", "001_c.txt"):
        (raw / name).write_text("全市生产总值增长5%。", encoding="utf-8")
    (raw / "manifest.csv").write_text("file,region,doc_type,period,published,title,sha256,notes\n"
                                      "000_b.txt,杭州市,,,,,,\n000_a.txt,杭州市,,,,,,\n001_c.txt,杭州市,,,,,,\n",
                                      encoding="utf-8")
    man = load_manifest(raw / "manifest.csv")
    # two files share 000: the first by name keeps it, the other is 000-2, as ingestion numbers them
    assert dict(zip(man.file, man.doc_id)) == {"000_b.txt": "000-2", "000_a.txt": "000", "001_c.txt": "001"}
