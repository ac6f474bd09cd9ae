"""The indicator table from the reports' facts, and its CSV, with the CSV lines of each report made
where the report is read.

A pool worker reads a report and also writes its rows as CSV lines (``tabulate``: each value as
pandas writes it in the whole table, by the csv module as pandas does), and its rows as one array
per column (``arrays``), so that after the pool the parent process joins the arrays into the table
(``frame``) and writes the lines it was given
(``write_indicators``) instead of formatting the whole table on one core (``make bench``). Reports
read in this process (one core, or a few small reports) have no lines; the table is then written by
``write_csv_atomic`` (the same bytes as pandas), as before: the one-core path is not made slower.

The lines are joined only when they are what the whole table's CSV holds: every report was
tabulated, the integer columns are integers in all of them or in none (a report whose years are all
known writes 2023; a year missing anywhere makes the whole column float, 2023.0) and the analyst's
decisions changed nothing; otherwise the whole table is written. Either way the bytes are those of
``DataFrame.to_csv`` (tests/test_incremental.py and test_ingest.py check both).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from planbook.data import VERIFICATION_COLUMNS
from planbook.fileio import atomic_path, write_csv_atomic

FLOAT_COLUMNS = ("value", "base_year", "value_high")   # None is a missing number
INT_COLUMNS = ("year", "char_start", "char_end")       # float when a value is missing, as pandas infers
# the verification columns as planbook.verify.apply_decisions adds them to a table without decisions
_VERIFICATION_BLANK = {"verified": "", "value_extracted": float("nan")}


def arrays(rows: list, columns: list[str]) -> dict[str, np.ndarray]:
    """Rows (lists in ``columns`` order) as one array per column, each of its type: a float column,
    or an integer column with a missing value, as float64 (NaN for None), an integer column as int64,
    the others as objects. A DataFrame of the rows converted afterwards costs three times as much."""
    n = len(rows)
    data = {}
    for name, values in zip(columns, zip(*rows) if n else [()] * len(columns)):
        if name in FLOAT_COLUMNS or (name in INT_COLUMNS and None in values):
            data[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        elif name in INT_COLUMNS:
            data[name] = np.array(values, dtype=np.int64)
        else:
            data[name] = np.array(values, dtype=object)
    return data


def frame(parts: list[dict[str, np.ndarray]], columns: list[str]) -> pd.DataFrame:
    """The table of documents' column arrays, one after another, then the verification columns
    blank. An integer column that is float in any part is float in all (NumPy's concatenation
    promotes int64 to float64, as pandas infers the type of a column with a missing value)."""
    parts = [p for p in parts if len(p[columns[0]])] or [arrays([], columns)]
    data = {name: np.concatenate([p[name] for p in parts]) for name in columns}
    n = len(data[columns[0]])
    for name in VERIFICATION_COLUMNS:
        data[name] = np.full(n, _VERIFICATION_BLANK[name], dtype=object if name == "verified" else np.float64)
    return pd.DataFrame(data)


def tabulate(doc, columns: list[str]) -> None:
    """In a pool worker: give a DocResult its ``csv`` (its rows as CSV lines, no header, each value
    as pandas writes it in the whole table), ``csv_floats`` (the integer columns written as floats
    because a value is missing) and ``arrays`` (its rows as column arrays), and drop its rows: the
    arrays are what the parent joins, and cheaper to send back."""
    doc.arrays, doc.count = arrays(doc.rows, columns), len(doc.rows)
    if not doc.rows:
        doc.csv, doc.csv_floats = b"", None
        return
    cells = []
    floats = []
    for name, values in zip(columns, zip(*doc.rows)):
        if name in INT_COLUMNS and None not in values:
            cells.append([int(v) for v in values])   # as in an int64 column
        elif name in FLOAT_COLUMNS or name in INT_COLUMNS:
            floats += [name] if name in INT_COLUMNS else []
            cells.append(["" if v is None or v != v else repr(float(v)) for v in values])
        else:
            cells.append(["" if v is None or (type(v) is float and v != v) else v for v in values])
    cells += [[_csv_blank(_VERIFICATION_BLANK[name])] * len(doc.rows) for name in VERIFICATION_COLUMNS]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(zip(*cells))   # QUOTE_MINIMAL, as DataFrame.to_csv
    doc.csv, doc.csv_floats = buf.getvalue().encode("utf-8"), tuple(floats)
    doc.rows = []


def _csv_blank(value) -> str:
    return "" if value != value else value


def records(doc, columns: list[str]) -> list[list]:
    """A document's rows as lists in ``columns`` order, also after a pool worker turned them into
    arrays (a missing number None again, an integer column's values int)."""
    if doc.arrays is None:
        return doc.rows
    cols = []
    for name in columns:
        values = doc.arrays[name].tolist()
        if name in FLOAT_COLUMNS or name in INT_COLUMNS:
            values = [None if v != v else (int(v) if name in INT_COLUMNS else v) for v in values]
        cols.append(values)
    return [list(r) for r in zip(*cols)]


def concat(docs: list, columns: list[str]) -> pd.DataFrame:
    """The whole indicator table: the documents' rows in order, as one table (each document's
    columns as a pool worker made them, or made here from its rows)."""
    return frame([d.arrays if d.arrays is not None else arrays(d.rows, columns) for d in docs], columns)


def joinable(docs: list) -> bool:
    """True when the documents' CSV lines joined are the CSV of the table of their rows: every one
    was tabulated, and each integer column is written alike in all that hold facts (as integers, or
    as floats)."""
    if not docs or any(d.csv is None for d in docs):
        return False
    return len({d.csv_floats for d in docs if d.csv}) <= 1


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
