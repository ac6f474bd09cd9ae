"""Reading many reports: from the fact cache when unchanged, the others on every core.

``read_documents`` returns, in the order of ``paths``, each report's DocResult or the one-line
message of a report that could not be read. Reports are independent, so a process pool (one
worker per core, each holding the catalog and region tables) reads them in any order and the
results are put back in input order: the output is the same as on one core (``make bench``
checks it byte for byte). A worker also writes each report's rows as CSV lines
(planbook.ingest_table), so that little is left for this process once the pool returns. Small
batches are read in this process, where a pool costs more than it saves.
"""
from __future__ import annotations

import gc
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from planbook.fileio import PlanbookError

POOL_MIN_BYTES = 200_000   # below this much text to read, one process is faster than starting a pool
_CONTEXT: tuple | None = None   # (catalog, aliases, names) in a pool worker


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def read_documents(paths: list[Path], manifest: dict[str, dict], context: tuple, jobs: int | None = None,
                   cache=None, log=None, progress: bool = False,
                   ids: dict[str, str] | None = None) -> tuple[list, list[str]]:
    """(DocResult or error message per path, in order; the files read rather than taken from the cache).
    ``ids``: file name -> doc_id (distinct ids made by planbook.manifest); else from the file name."""
    from planbook.ingest import doc_id_for
    from planbook.ingest_cache import file_sha256

    ids = ids or {}
    doc_id = {i: ids.get(p.name) or doc_id_for(p) for i, p in enumerate(paths)}
    out: list = [None] * len(paths)
    todo: list[int] = []
    keys: dict[int, tuple[str | None, str]] = {}
    for i, path in enumerate(paths):
        if cache is not None:
            sha = file_sha256(path)
            key = cache.key(doc_id[i], path.name, manifest.get(path.name))
            keys[i] = (sha, key)
            out[i] = cache.get(sha, key)
        if out[i] is None:
            todo.append(i)
    jobs = cores() if jobs is None else max(1, jobs)
    size = sum(_size(paths[i]) for i in todo)
    if jobs > 1 and len(todo) > 1 and size >= POOL_MIN_BYTES:
        results = _in_pool([(paths[i], manifest.get(paths[i].name), doc_id[i]) for i in todo], context, jobs, progress)
    else:
        results = [_read(paths[i], manifest.get(paths[i].name), context, doc_id[i]) for i in _bar(todo, progress)]
    for i, res in zip(todo, results):
        out[i] = res
        if cache is not None and not isinstance(res, str):
            cache.put(*keys[i], res)
    if cache is not None:
        cache.prune({sha for sha, _ in keys.values() if sha})
        reread = [paths[i].name for i in todo]
        (log or _print)(_log_line(reread, len(paths) - len(todo)))
    return out, [paths[i].name for i in todo]


def _log_line(reread: list[str], cached: int) -> str:
    if not reread:
        return f"读取报告:{cached} 份均未改动,沿用已存结果 / all {cached} report(s) unchanged, facts from the cache"
    names = "、".join(reread[:6]) + (f" 等{len(reread)}份" if len(reread) > 6 else "")
    return (f"读取报告:重新读取 {len(reread)} 份新增或改动的报告({names}),{cached} 份未改动沿用已存结果 / "
            f"read {len(reread)} new or changed report(s), {cached} unchanged from the cache")


def _print(line: str) -> None:
    print(line, file=sys.stderr)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read(path: Path, manifest_row: dict | None, context: tuple, doc_id: str):
    """One report's DocResult (with notes on what decoding repaired), or its one-line message."""
    from planbook.ingest import extract_text, read_report_notes

    catalog, aliases, names = context
    try:
        text, repaired = read_report_notes(path)
        res = extract_text(text, doc_id, path.name, catalog, aliases, names, manifest_row)
    except PlanbookError as exc:
        return str(exc)
    res.quality += [{"doc_id": doc_id, "file": path.name, "kind": "decoding", "location": "全文", "message": n}
                    for n in repaired]
    return res


def _init(context: tuple) -> None:
    global _CONTEXT
    _CONTEXT = context
    gc.disable()   # as in the parent: extraction makes no reference cycles (see ingest._cyclic_gc_paused)


def _work(chunk: list[tuple]) -> list:
    from planbook.ingest import TABLE_COLUMNS
    from planbook.ingest_table import tabulate

    out = []
    for task in chunk:
        res = _read(task[0], task[1], _CONTEXT, task[2])
        if not isinstance(res, str):
            tabulate(res, TABLE_COLUMNS)   # its CSV lines made here, on a worker's core
        out.append(res)
    return out


def _chunks(order: list[int], jobs: int) -> list[list[int]]:
    """``order`` cut into chunks that shrink as the work left does (a quarter of each worker's share
    of it, then single reports at the end): few round trips, and the workers finish together."""
    out, k = [], 0
    while k < len(order):
        n = max(1, (len(order) - k) // (4 * jobs))
        out.append(order[k:k + n])
        k += n
    return out


def _bar(items, progress: bool, total: int | None = None):
    """``items`` (each a report, or a list of reports when ``total`` counts the reports) with a
    progress bar (tqdm) when asked for and there are more than three reports."""
    n = total if total is not None else len(items)
    if not progress or n <= 3:
        return items
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return items
    if total is None:
        return tqdm(items, total=n, desc="ingest", unit="report")
    return _counted(items, tqdm(total=n, desc="ingest", unit="report"))


def _counted(chunks, bar):
    with bar:
        for chunk in chunks:
            bar.update(len(chunk))
            yield chunk


def _in_pool(tasks: list[tuple], context: tuple, jobs: int, progress: bool = False) -> list:
    """Read ``tasks`` on ``jobs`` worker processes, largest first, in chunks (``_chunks``); results
    in the order of ``tasks``."""
    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
    # fork: the workers start with this process's modules and catalog (and its string hashing)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=get_context("fork"),
                             initializer=_init, initargs=(context,)) as pool:
        futures = {pool.submit(_work, [tasks[i] for i in chunk]): chunk for chunk in _chunks(order, jobs)}
        for _ in _bar((futures[f] for f in as_completed(futures)), progress, len(tasks)):
            pass
        out: list = [None] * len(tasks)
        for future, chunk in futures.items():
            for i, res in zip(chunk, future.result()):
                out[i] = res
        return out
