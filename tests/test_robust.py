"""Nothing lost, nothing silently wrong: bad files, bad data, bad arguments and faults (issue 17).

Every test works on a private copy of the project (PLANBOOK_HOME), runs the command line as an
analyst would and checks the one-line message, the exit code and that no table lost rows. The
figures in invented sentences are made up for the tests."""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planbook.fileio import PlanbookError

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
A_REPORT = RAW / "000_fdda7306a232af25.txt"
# what a temporary file of an interrupted write looks like (.name.XXXXXXXX.ext)
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.[A-Za-z0-9]{1,6})?$")


# --------------------------------------------------------------------------- helpers
@pytest.fixture()
def home(project_copy):
    """A private copy of the project (tests/conftest.py)."""
    return project_copy


def run(home: Path, *args: str, timeout: int = 300, wrapper: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    cmd = [sys.executable, wrapper] if wrapper else [sys.executable, "-m", "planbook"]
    return subprocess.run(cmd + list(args), env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def one_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    """The run failed with exactly one planbook line naming ``words``, and no traceback."""
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("planbook:")]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def ingested(home: Path) -> pd.DataFrame:
    proc = run(home, "ingest")
    assert proc.returncode == 0, proc.stderr
    return pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)


REPORT_TEXT = ("杭州市某区2023年国民经济和社会发展计划执行情况\n"
               "一、2023年计划执行情况\n"
               "全区实现地区生产总值1234.5亿元,增长6.1%。城镇居民人均可支配收入71234元,增长4.8%。"
               "全年新增城镇就业2.3万人,发展的成果和经验是在实践中取得的。\n") * 3


# --------------------------------------------------------------------------- 1 ingest FILE never shrinks the table
def test_ingest_of_a_file_without_figures_keeps_the_table(home, tmp_path):
    before = ingested(home)
    notice = tmp_path / "notice.txt"
    # a Big5 copy read as something else: plenty of wide characters, none of the common ones
    notice.write_bytes(("杭州市发展和改革委员会关于做好相关工作的通知" * 30 + "2023年1月3日").encode("big5", "ignore"))
    proc = run(home, "ingest", str(notice))
    assert proc.returncode != 0 and "notice.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert "Big5" in proc.stderr or "编码" in proc.stderr   # a hint about the encoding
    after = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert len(after) == len(before) and after.equals(before)


def test_ingest_of_one_file_merges_into_the_table(home, tmp_path):
    before = ingested(home)
    new = tmp_path / "007_newreport.txt"
    new.write_text(REPORT_TEXT, encoding="utf-8")
    proc = run(home, "ingest", str(new))
    assert proc.returncode == 0, proc.stderr
    after = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert set(after.doc_id) == set(before.doc_id) | {"007"}
    assert len(after[after.doc_id != "007"]) == len(before)
    gdp = after[(after.doc_id == "007") & (after.indicator == "地区生产总值") & (after.measure == "level")]
    assert gdp.value.astype(float).tolist() == [1234.5]
    # ingesting it again replaces its own rows, never doubles them
    assert run(home, "ingest", str(new)).returncode == 0
    again = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert len(again) == len(after)
    # --replace asks for the table of that file alone
    assert run(home, "ingest", str(new), "--replace").returncode == 0
    only = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert set(only.doc_id) == {"007"}


# --------------------------------------------------------------------------- 3 scenario files
@pytest.mark.parametrize("name, content", [
    ("truncated.json", '{"kind": "planbook-scenario", "name": "截断", "growth_pct": 5.'),
    ("empty.json", ""),
    ("array.json", "[1, 2, 3]"),
])
def test_an_unreadable_scenario_file_is_named(home, name, content):
    from planbook import scenario as S

    (home / "data" / "scenarios" / name).write_text(content, encoding="utf-8")
    with pytest.warns(UserWarning, match=name.replace(".", r"\.")):
        names = [n for n, _ in S.default_scenarios()]
    assert names[:3] == ["保守", "基准", "冲刺"]


@pytest.mark.parametrize("field, value", [("growth_pct", -100), ("growth_pct", float("nan")),
                                          ("base_value", 1e308), ("deflator_pct", 1e9)])
def test_a_scenario_with_absurd_values_is_refused_naming_the_file(home, field, value):
    from planbook import scenario as S

    data = {"kind": "planbook-scenario", "name": "坏值", "region": "杭州市", "base_value": 20000.0,
            "base_year": 2025, "target_value": 26000.0, "target_year": 2030, "growth_pct": 5.0, field: value}
    path = home / "data" / "scenarios" / "bad_values.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")   # NaN written as NaN
    with pytest.raises(PlanbookError) as exc:
        S.load_scenario(path)
    assert "bad_values.json" in str(exc.value) and field.split("_")[0] in str(exc.value) and "\n" not in str(exc.value)


def test_build_says_which_scenario_file_was_skipped(home):
    (home / "data" / "scenarios" / "broken.json").write_text('{"name": "坏', encoding="utf-8")
    proc = run(home, "build", "--skip-notebooks", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert "broken.json" in proc.stderr and "警告" in proc.stdout


# --------------------------------------------------------------------------- 4, 5 figures and characters
def test_a_run_of_309_digits_is_not_a_figure(home, tmp_path):
    text = REPORT_TEXT + "全区专利授权量" + "9" * 320 + "件,增长3.2%。\n"
    f = tmp_path / "008_digits.txt"
    f.write_text(text, encoding="utf-8")
    assert run(home, "ingest", str(f)).returncode == 0
    facts = pd.read_csv(home / "data" / "processed" / "indicators.csv")
    assert np.isfinite(facts.value.dropna()).all() and facts.value.abs().max() < 1e15
    q = pd.read_csv(home / "data" / "processed" / "quality.csv", dtype=str, keep_default_na=False)
    (row,) = q[q.kind == "number_refused"].itertuples()
    assert row.location == f"第{text.index('9' * 20)}字"


def test_control_characters_after_4_kib_never_reach_the_table(home, tmp_path):
    ingested(home)
    body = REPORT_TEXT * 12
    assert len(body.encode("utf-8")) > 4096
    pos = len(body) - 40
    text = body[:pos] + "\x00\x07" + body[pos:]
    f = tmp_path / "009_nul.txt"
    f.write_text(text, encoding="utf-8")
    assert run(home, "ingest", str(f)).returncode == 0
    raw = (home / "data" / "processed" / "indicators.csv").read_text(encoding="utf-8")
    assert not any(ord(c) < 32 and c not in "\n" for c in raw)
    facts = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert set(facts.doc_id) >= {"000", "009"} and (facts.columns == pd.read_csv(
        home / "data" / "processed" / "indicators.csv", nrows=0).columns).all()
    q = pd.read_csv(home / "data" / "processed" / "quality.csv", dtype=str, keep_default_na=False)
    (row,) = q[q.kind == "control_chars"].itertuples()
    assert row.location == f"第{pos}字" and "U+0000" in row.message


def test_a_table_holding_inf_is_refused_by_its_reader(home):
    from planbook.data import load_indicators

    facts = ingested(home)
    facts.loc[3, "value"] = "inf"
    path = home / "data" / "processed" / "indicators.csv"
    facts.to_csv(path, index=False)
    with pytest.raises(PlanbookError, match="第5行"):
        load_indicators(path)
    one_line(run(home, "review"), "indicators.csv", "第5行")


# --------------------------------------------------------------------------- 6 doc_ids
def test_two_reports_with_one_prefix_get_distinct_doc_ids(home):
    shutil.copy(A_REPORT, home / "data" / "raw" / "000_another_copy.txt")
    proc = run(home, "ingest")
    assert "000_another_copy.txt" in proc.stderr and "000-2" in proc.stderr
    facts = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    assert {"000", "000-2"} <= set(facts.doc_id)
    assert (facts.doc_id == "000").sum() == (facts.doc_id == "000-2").sum()


# --------------------------------------------------------------------------- 7, 8 paths and faults
@pytest.mark.parametrize("verb", ["ingest", "review", "compare"])
@pytest.mark.parametrize("where", ["dir", "proc"])
def test_out_onto_a_folder_or_proc_is_one_line(home, tmp_path, verb, where):
    if verb != "ingest":
        ingested(home)
    out = str(tmp_path) if where == "dir" else "/proc/planbook_out.csv"
    one_line(run(home, verb, "--out", out), "--out")


_FULL_DISK = """
import os, sys, tempfile
real = tempfile.mkstemp
def mkstemp(*a, **k):   # every temporary file the project writes goes to /dev/full
    fd, name = real(*a, **k)
    os.close(fd); os.unlink(name); os.symlink("/dev/full", name)
    return os.open(name, os.O_WRONLY), name
tempfile.mkstemp = mkstemp
from planbook.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("verb", ["ingest", "review", "compare", "export", "build"])
def test_a_full_disk_is_one_line_and_old_outputs_stay(home, tmp_path, verb):
    assert run(home, "build", "--skip-notebooks", "--no-progress").returncode == 0
    outputs = sorted(p for p in (home / "data" / "processed").glob("*.csv")) + \
        sorted((home / "exports").glob("*.xlsx"))
    before = {p: p.read_bytes() for p in outputs}
    wrapper = tmp_path / "full_disk.py"
    wrapper.write_text(_FULL_DISK, encoding="utf-8")
    args = [verb] + (["--skip-notebooks", "--no-progress"] if verb == "build" else [])
    proc = run(home, *args, wrapper=str(wrapper))
    line = one_line(proc)
    assert "No space left" in line or "磁盘已满" in line
    assert {p: p.read_bytes() for p in outputs} == before
    assert not [p for p in home.rglob(".*") if TEMP_NAME.match(p.name)]


def test_output_into_a_closed_pipe_is_quiet(home):
    ingested(home)
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    for args in (["compare"], ["project", "--base", "20000", "--base-year", "2025", "--target", "26000",
                               "--target-year", "2030", "--json"]):
        proc = subprocess.Popen([sys.executable, "-m", "planbook", *args], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        proc.stdout.close()   # the reader (head) went away before anything was written
        err = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=300) != 0
        assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err


# --------------------------------------------------------------------------- 9 broken project data
def test_official_stats_without_value_is_one_line_naming_the_file(home):
    path = home / "data" / "reference" / "official_stats.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.drop(columns=["value"]).to_csv(path, index=False)
    one_line(run(home, "build", "--skip-notebooks", "--no-progress"), "official_stats.csv", "value")
    assert not (home / "data" / "processed" / "indicators.csv").exists()   # stopped before any table
    for verb in ("ingest", "review", "compare", "export"):   # each verb on its own says the same
        one_line(run(home, verb), "official_stats.csv", "value")


def test_official_stats_row_with_a_bad_value_names_its_line(home):
    path = home / "data" / "reference" / "official_stats.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[3] = "1e400"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one_line(run(home, "build", "--skip-notebooks", "--no-progress"), "official_stats.csv", "第4行")


def test_a_stray_quote_in_regions_stops_the_build_before_any_table_is_rewritten(home):
    ingested(home)
    table = home / "data" / "processed" / "indicators.csv"
    kept = table.read_bytes()
    path = home / "data" / "catalog" / "regions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",", ',"', 1)   # a stray quote after the code
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one_line(run(home, "build", "--skip-notebooks", "--no-progress"), "regions.csv", "第6行")
    one_line(run(home, "ingest"), "regions.csv")
    assert table.read_bytes() == kept


def test_a_manifest_without_its_file_column_is_one_line(home):
    path = home / "data" / "raw" / "manifest.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.rename(columns={"file": "filename"}).to_csv(path, index=False)
    one_line(run(home, "ingest"), "manifest.csv", "file")


# --------------------------------------------------------------------------- 11 project arguments
BASE_ARGS = ["project", "--base", "20000", "--base-year", "2025", "--target", "26000", "--target-year", "2030"]


@pytest.mark.parametrize("extra, flag", [
    (["--growth", "1e300"], "--growth"),
    (["--growth", "-60"], "--growth"),
    (["--population", "1000", "--population-change", "-5000"], "--population-change"),
    (["--deflator", "1e9"], "--deflator"),
    (["--population", "1000", "--fx", "1e-320"], "--fx"),
    (["--growth-by-year", "2026=80"], "--growth-by-year"),
])
def test_absurd_project_arguments_are_refused_naming_the_argument(home, extra, flag):
    one_line(run(home, *BASE_ARGS, *extra), flag)


def test_a_base_year_before_1949_is_refused(home):
    args = ["project", "--base", "20000", "--base-year", "-5", "--target", "26000", "--target-year", "2030"]
    one_line(run(home, *args), "--base-year", "1949")


def test_plausible_project_arguments_still_work(home):
    proc = run(home, *BASE_ARGS, "--growth", "5", "--deflator", "1.5", "--population", "1250",
               "--population-change", "-20", "--fx", "7.1", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["path"][-1]["value"] > 20000


# --------------------------------------------------------------------------- 12 temporary files, lock, names
def test_leftover_temporary_files_are_removed_by_the_next_build(home):
    stale = [home / "exports" / ".规划指标分析汇总.xlsx.k2j3h4g5.xlsx",
             home / "data" / "processed" / ".indicators.csv.ab_c1234.csv"]
    for p in stale:
        p.write_bytes(b"PK\x03\x04 half a workbook")
    assert run(home, "build", "--skip-notebooks", "--no-progress").returncode == 0
    assert not any(p.exists() for p in stale)
    assert (home / "exports" / "规划指标分析汇总.xlsx").exists()   # the real outputs are not mistaken for debris


def test_a_second_build_waits_for_no_one_and_says_so(home):
    (home / "data" / "processed").mkdir(exist_ok=True)
    with open(home / "data" / "processed" / ".build.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        one_line(run(home, "build", "--skip-notebooks", "--no-progress"), "another build")
    assert not (home / "data" / "processed" / "indicators.csv").exists()


def test_build_names_the_bad_files(home):
    (home / "data" / "raw" / "broken_copy.txt").write_bytes(b"\x00\x01PK\x03\x04" * 50)
    proc = run(home, "build", "--skip-notebooks", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert "broken_copy.txt" in proc.stdout


# --------------------------------------------------------------------------- 13 encodings
def test_utf32_is_called_utf32(tmp_path):
    from planbook.ingest import read_report

    p = tmp_path / "u32.txt"
    p.write_bytes(REPORT_TEXT.encode("utf-32"))
    with pytest.raises(PlanbookError, match="UTF-32"):
        read_report(p)


def test_a_utf8_report_with_one_bad_byte_is_kept_and_logged(home, tmp_path):
    data = bytearray(REPORT_TEXT.encode("utf-8"))
    cut = REPORT_TEXT.index("城镇居民")
    at = len(REPORT_TEXT[:cut].encode("utf-8")) + 1   # inside the three bytes of 城
    data[at] = 0xFF
    f = tmp_path / "010_badbyte.txt"
    f.write_bytes(bytes(data))
    proc = run(home, "ingest", str(f))
    assert proc.returncode == 0, proc.stderr
    facts = pd.read_csv(home / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    mine = facts[facts.doc_id == "010"]
    assert "1234.5" in set(mine.value)
    q = pd.read_csv(home / "data" / "processed" / "quality.csv", dtype=str, keep_default_na=False)
    (row,) = q[(q.kind == "decoding") & (q.file == "010_badbyte.txt")].itertuples()
    assert f"第{cut}" in row.message


def test_mojibake_gets_an_encoding_hint(tmp_path):
    from planbook.ingest import read_report

    p = tmp_path / "moji.txt"
    p.write_bytes(REPORT_TEXT.encode("utf-8").decode("latin-1").encode("utf-8"))
    with pytest.raises(PlanbookError, match="编码"):
        read_report(p)


# --------------------------------------------------------------------------- kills
def _whole(home: Path) -> None:
    """Every table and workbook there is whole (a CSV parses with its header, an xlsx is a sound zip);
    the temporary file a kill interrupted is not one of them (the next build removes it)."""
    for p in (home / "data" / "processed").glob("*.csv"):
        if TEMP_NAME.match(p.name):
            continue
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        assert len(df.columns) >= 3, p
    for p in (home / "exports").rglob("*.xlsx"):
        if TEMP_NAME.match(p.name):
            continue
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None, p


def test_a_kill_at_any_moment_leaves_everything_whole(home):
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    cmd = [sys.executable, "-m", "planbook", "build", "--skip-notebooks", "--no-progress"]
    for delay in (0.6, 1.2, 2.0, 3.0, 4.5, 6.0):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        _whole(home)
    assert run(home, "build", "--skip-notebooks", "--no-progress").returncode == 0
    _whole(home)
    assert not [p for p in home.rglob(".*") if TEMP_NAME.match(p.name)]


def test_a_kill_while_notebooks_run_leaves_them_whole(home):
    """The whole of `make run` (notebooks included) killed with its kernels mid-way: the executed
    notebooks there are whole JSON, and the next build leaves no temporary file."""
    assert run(home, "build", "--skip-notebooks", "--no-progress").returncode == 0
    env = dict(os.environ, PLANBOOK_HOME=str(home))
    proc = subprocess.Popen([sys.executable, "-m", "planbook", "build", "--no-progress"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(14)
    os.killpg(proc.pid, signal.SIGKILL)   # the build and the kernels it started
    proc.wait(timeout=60)
    _whole(home)
    for nb in (home / "exports" / "notebooks").glob("*.ipynb"):
        if TEMP_NAME.match(nb.name):
            continue   # (the temporary file a kill interrupted mid-write: never a notebook; the next build removes it)
        json.loads(nb.read_text(encoding="utf-8"))
    assert run(home, "build", "--skip-notebooks", "--no-progress").returncode == 0
    assert not [p for p in home.rglob(".*") if TEMP_NAME.match(p.name)]


# --------------------------------------------------------------------------- mutated reports
_SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))
_MUTATIONS = st.lists(st.tuples(
    st.sampled_from(["insert", "delete", "duplicate", "flip"]),
    st.integers(0, 10 ** 6),
    st.one_of(st.binary(min_size=1, max_size=6),
              st.sampled_from([b"\x00", b"\x0c", b"\x1b[0m", b"\xc2\x85", b"9" * 330, b"1,234,567,890,123,456,789",
                               b"\xef\xbf\xbd", b"\xe4\xb8", "亿元".encode(), "%".encode(), b"|", b"\n"]))),
    max_size=6)
_CATALOG: list = []


def _mutate(data: bytes, mutations) -> bytes:
    b = bytearray(data)
    for kind, pos, piece in mutations:
        pos = pos % (len(b) + 1)
        if kind == "insert":
            b[pos:pos] = piece
        elif kind == "delete":
            del b[pos:pos + len(piece) * 7]
        elif kind == "duplicate":
            b[pos:pos] = b[pos:pos + 200]
        elif b:
            b[min(pos, len(b) - 1)] ^= piece[0] or 1
    return bytes(b)


@settings(max_examples=6000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(start=st.integers(0, len(_SEED_TEXT)), size=st.integers(0, 1500), mutations=_MUTATIONS)
def test_mutated_reports_never_crash_nor_give_bad_values(start, size, mutations):
    """Slices of the seed reports, damaged at the byte level, through decoding and extraction."""
    from planbook.catalog import load_catalog
    from planbook.extract.normalize import decode_report
    from planbook.ingest import TABLE_COLUMNS, _region_aliases, extract_text

    if not _CATALOG:
        _CATALOG.extend([load_catalog(), *_region_aliases()])
    cat, aliases, names = _CATALOG
    data = _mutate(_SEED_TEXT[start:start + size].encode("utf-8"), mutations)
    try:
        text, _ = decode_report(data, "m.txt")
    except PlanbookError as exc:
        assert "\n" not in str(exc)
        return
    res = extract_text(text, "m", "m.txt", cat, aliases, names)
    for r in res.rows:
        row = dict(zip(TABLE_COLUMNS, r, strict=True))
        for k in ("value", "value_high"):
            assert row[k] is None or (np.isfinite(row[k]) and abs(row[k]) < 1e15)
        for k, v in row.items():
            if isinstance(v, str):
                assert not any(ord(c) < 32 and c not in "\n\t" for c in v), (k, v)
                assert not any(0x7F <= ord(c) <= 0x9F for c in v), (k, v)
