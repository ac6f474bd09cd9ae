"""The indicator table from the reports' facts, and its CSV, with the per-report work done where the
report is read.

A pool worker reads a report and also turns its rows into the table's columns (``tabulate``: a
DataFrame with the column types the whole table has, and its CSV lines written by pandas), so that
after the pool the parent process only puts the tables one after another (``concat``) and writes
the lines it was given (``write_indicators``): the work that stayed serial after the pool is done
on every core (``make bench``). Reports read in this process (one core, or a few small reports)
keep their rows, which become one table at once and are written by ``write_csv_atomic`` (the same
bytes as pandas), as before: the one-core path is not made slower for the comparison.

The CSV lines of the reports are joined only when they are what the whole table's CSV holds: every
report was tabulated, each report's columns have the whole table's types (a report whose years are
all known has integer years; one with a year missing makes the whole column float) and the
analyst's decisions changed nothing; otherwise the whole table is written. Either way the bytes are
those of ``DataFrame.to_csv`` (tests/test_incremental.py, test_ingest.py check both).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planbook.data import VERIFICATION_COLUMNS
from planbook.fileio import atomic_path, write_csv_atomic

FLOAT_COLUMNS = ("value", "base_year", "value_high")   # None is a missing number
INT_COLUMNS = ("year", "char_start", "char_end")       # float when a value is missing, as pandas infers
# the verification columns as planbook.verify.apply_decisions adds them to a table without decisions
_VERIFICATION_BLANK = {"verified": "", "value_extracted": float("nan")}


def frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """Rows (lists in ``columns`` order) as a table, each column built at once as an array of its
    type, then the verification columns blank (a DataFrame of the rows converted afterwards costs
    three times as much)."""
    n = len(rows)
    data = {}
    for name, values in zip(columns, zip(*rows) if n else [()] * len(columns)):
        if name in FLOAT_COLUMNS or (name in INT_COLUMNS and None in values):
            data[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        elif name in INT_COLUMNS:
            data[name] = np.array(values, dtype=np.int64)
        else:
            data[name] = np.array(values, dtype=object)
    for name in VERIFICATION_COLUMNS:
        data[name] = np.full(n, _VERIFICATION_BLANK[name], dtype=object if name == "verified" else np.float64)
    return pd.DataFrame(data)


def tabulate(doc, columns: list[str]) -> None:
    """In a pool worker: give a DocResult its ``table`` and ``csv`` (the table's lines as pandas
    writes them, no header); its ``rows`` are dropped (not sent back twice)."""
    doc.table = frame(doc.rows, columns)
    doc.csv = doc.table.to_csv(index=False, header=False).encode("utf-8") if doc.rows else b""
    doc.rows = []


def concat(docs: list, columns: list[str]) -> pd.DataFrame:
    """The whole indicator table, the documents' facts in order: their tables one after another, or
    one table of their rows when none was tabulated."""
    if all(d.table is None for d in docs):
        return frame([r for d in docs for r in d.rows], columns)
    tables = [d.table if d.table is not None else frame(d.rows, columns) for d in docs]
    tables = [t for t in tables if len(t)] or tables[:1] or [frame([], columns)]
    return pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0].reset_index(drop=True)


def joinable(docs: list, table: pd.DataFrame) -> bool:
    """True when the documents' CSV lines joined are the CSV of ``table`` (their concatenation, not
    changed since): every one was tabulated and has its column types."""
    return bool(docs) and all(d.table is not None and (not len(d.table) or d.table.dtypes.equals(table.dtypes))
                              for d in docs)


def write_indicators(table: pd.DataFrame, docs: list, target: Path, joined: bool) -> None:
    """Write the indicator table atomically; ``joined``: from the documents' CSV lines."""
    if not joined:
        write_csv_atomic(table, target)
        return
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as f:
            f.write(table.iloc[:0].to_csv(index=False).encode("utf-8"))
            for d in docs:
                f.write(d.csv)
