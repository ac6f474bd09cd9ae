"""Fixtures shared by several test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def project_copy(tmp_path, monkeypatch):
    """A private copy of the project (data and notebooks, nothing processed yet), made the workbook
    the planbook functions use (PLANBOOK_HOME)."""
    from planbook.notebook_exec import make_workbook_copy

    root = make_workbook_copy(tmp_path / "proj", ROOT)
    (root / "pyproject.toml").write_text("[project]\nname='copy'\n", encoding="utf-8")
    monkeypatch.setenv("PLANBOOK_HOME", str(root))
    return root
