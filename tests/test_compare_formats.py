"""tools/compare_formats.py, the check of reports written apart from planbook, on two of the seed
reports: its python-docx and web-page forms give the facts of the .txt (LibreOffice left out here,
so that the test runs wherever the tests run)."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("compare_formats", ROOT / "tools" / "compare_formats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_comparison_of_formats_runs_and_counts_every_fact(tmp_path, monkeypatch):
    tool = _tool()
    monkeypatch.setattr(tool, "soffice", lambda: None)
    monkeypatch.setenv("PLANBOOK_HOME", str(tmp_path / "unused"))   # the tool sets its own scratch project
    src = tmp_path / "txt"
    src.mkdir()
    for p in sorted((ROOT / "data" / "raw").glob("*.txt"))[:2]:
        shutil.copy(p, src / p.name)
    made = tool.make_files(sorted(src.glob("*.txt")), tmp_path / "work")
    assert sorted(next(iter(made.values()))) == ["docx", "html", "txt"]
    result = tool.compare(made, tmp_path / "work", show=False)
    for fmt in ("docx", "html"):
        same, total, extra = result[fmt]
        assert total > 100 and same == total and extra == 0, fmt
    assert tool.blocks("标题\n| 指标 | 2023年 |\n| GDP | 1 | 2 |\n正文") == [
        ("p", "标题"), ("table", [["指标", "2023年", ""], ["GDP", "1", "2"]]), ("p", "正文")]
