"""Each report's facts as a table, made where the report is read, and the whole indicator table from them.

A pool worker reads a report and also turns its rows into the table's columns (``tabulate``: a
DataFrame with the column types the whole table has, and its lines of CSV written by pandas), so
that after the pool the parent process only puts the tables one after another (``concat``) and
writes the CSV lines it was given (``write_indicators``). That work done in the workers is what lets
ingestion on two cores approach twice the speed of one (``make bench``).

Both paths (one core, many) make the table the same way, so the output is the same byte for byte.
The CSV lines of the reports are joined only when they are what pandas writes for the whole table:
when every report's columns have the whole table's types (a report whose years are all known has
integer years; one with a year missing makes the whole column float) and the analyst's decisions
changed nothing; otherwise the whole table is written with pandas.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planbook.data import VERIFICATION_COLUMNS
from planbook.fileio import atomic_path

FLOAT_COLUMNS = ("value", "base_year", "value_high")   # None is a missing number
INT_COLUMNS = ("year", "char_start", "char_end")       # float when a value is missing, as pandas infers
# the verification columns as planbook.verify.apply_decisions adds them to a table without decisions
_VERIFICATION_BLANK = {"verified": "", "value_extracted": float("nan")}


def tabulate(doc, columns: list[str]) -> None:
    """Give a DocResult its ``table`` (its rows under ``columns``, then the verification columns
    blank) and ``csv`` (the table's lines as pandas writes them, no header); its ``rows`` are dropped."""
    table = pd.DataFrame(doc.rows, columns=columns)
    types = {c: "float64" for c in FLOAT_COLUMNS}
    types.update({c: "float64" for c in INT_COLUMNS if table[c].dtype == object})
    table = table.astype(types)
    for name in VERIFICATION_COLUMNS:
        table[name] = _VERIFICATION_BLANK[name]
    doc.table = table
    doc.csv = table.to_csv(index=False, header=False).encode("utf-8") if len(table) else b""
    doc.rows = []


def concat(docs: list, columns: list[str]) -> pd.DataFrame:
    """The whole indicator table: the documents' tables one after another (an empty table when none
    holds a fact)."""
    tables = [d.table for d in docs if len(d.table)]
    if not tables:
        return pd.DataFrame(columns=columns + VERIFICATION_COLUMNS)
    if len(tables) == 1:
        return tables[0].reset_index(drop=True)
    return pd.concat(tables, ignore_index=True)


def joinable(docs: list, table: pd.DataFrame) -> bool:
    """True when the documents' CSV lines joined are what pandas writes for ``table``: it is their
    concatenation (not changed since) and each of their tables has its column types."""
    return all(d.table.dtypes.equals(table.dtypes) for d in docs if len(d.table))


def write_indicators(table: pd.DataFrame, docs: list, target: Path, joined: bool) -> None:
    """Write the indicator table atomically with pandas; ``joined``: from the documents' CSV lines."""
    with atomic_path(target) as tmp:
        if joined:
            with open(tmp, "wb") as f:
                f.write(table.iloc[:0].to_csv(index=False).encode("utf-8"))
                for d in docs:
                    f.write(d.csv)
        else:
            table.to_csv(tmp, index=False, encoding="utf-8")
