"""Ingestion on every core next to one core, and the check that both write the same bytes.

The corpus is bench_ingest's (jittered copies of the seed reports); each run reads every report
(no fact cache) and writes the indicator and quality tables. One core and all cores are run in turn,
``REPEAT`` times each; the least time of each is kept (the run the machine's other work disturbed
least). Printed, so that a shared machine cannot hide how the figure was made:

- wall: MB/s on one core and on all cores, and their ratio ``speedup`` (what a user sees; on a
  machine whose cores are busy with other work it stays low whatever ingestion does);
- CPU: the CPU seconds of the one-core run, of this process while the pool ran (``serial``: the
  work left on one core) and of the pool's workers; ``speedup_cpu_estimate`` is the one-core CPU
  time over serial + workers / cores, the speed-up with the cores to itself (the workers' CPU time,
  not the one-core time, carries the cost of running in parallel: sending results back, and the
  cores' caches shared). It counts all of this process's CPU time as serial, although the part
  spent receiving results while the pool runs (``receiving``) runs beside the workers;
  ``speedup_cpu_overlapped`` shares that part among the cores with the workers' (an upper figure:
  the last result received is not overlapped);
- the load average before and after, and whether the runs wrote identical files.

    python bench/bench_parallel.py          # 12 MB, 3 runs of each
    python bench/bench_parallel.py 30 5     # size in MB, runs of each
"""
from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE_MB = 12.0
REPEAT = 3


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed_ingest(files: list[Path], out: Path, jobs: int) -> tuple[float, float, float, float]:
    """(wall seconds, CPU seconds of this process, CPU seconds of the pool's workers, CPU seconds of
    this process while the pool ran: receiving the results, alongside the workers)."""
    from planbook import ingest_pool
    from planbook.ingest import ingest

    during = [0.0]
    real = ingest_pool._in_pool

    def timed_pool(*args, **kwargs):
        c = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            during[0] += time.process_time() - c

    ingest_pool._in_pool = timed_pool
    try:
        t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
        res = ingest(files, out=out, jobs=jobs, cache=False)
        wall, cpu, workers = time.perf_counter() - t0, time.process_time() - c0, _children_cpu() - k0
    finally:
        ingest_pool._in_pool = real
    if res.errors:
        raise RuntimeError(f"{len(res.errors)} report(s) failed: {res.errors[0]}")
    return wall, cpu, workers, during[0]


def run(size_mb: float = SIZE_MB, repeat: int = REPEAT) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_ingest import build_corpus

    from planbook.ingest_pool import cores

    folder = Path(tempfile.mkdtemp(prefix="planbook-bench-parallel-"))
    try:
        files, total = build_corpus(folder, size_mb)
        n = cores()
        load = os.getloadavg()[0]
        ones, manys = [], []
        for _ in range(repeat):
            ones.append(_timed_ingest(files, folder / "one" / "indicators.csv", 1))
            manys.append(_timed_ingest(files, folder / "many" / "indicators.csv", n))
        same = all((folder / "one" / f).read_bytes() == (folder / "many" / f).read_bytes()
                   for f in ("indicators.csv", "indicators_quality.csv"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    mb = total / 1e6
    one, one_cpu = min(r[0] for r in ones), min(r[1] for r in ones)
    many = min(r[0] for r in manys)
    serial_cpu, workers_cpu = min(r[1] for r in manys), min(r[2] for r in manys)
    in_pool = min(r[3] for r in manys)   # of serial_cpu: receiving results while the workers ran
    return {"corpus_mb": round(mb, 1), "reports": len(files), "cores": n, "runs_each": repeat,
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            "one_core_mb_per_s": mb / one, "all_cores_mb_per_s": mb / many, "speedup": one / many,
            "speedup_cpu_estimate": one_cpu / (serial_cpu + workers_cpu / n),
            "speedup_cpu_overlapped": one_cpu / (serial_cpu - in_pool + (workers_cpu + in_pool) / n),
            "one_core_cpu_s": one_cpu, "all_cores_serial_cpu_s": serial_cpu,
            "all_cores_receiving_cpu_s": in_pool, "all_cores_workers_cpu_s": workers_cpu,
            "outputs_identical": same}


if __name__ == "__main__":
    figures = run(float(sys.argv[1]) if len(sys.argv) > 1 else SIZE_MB, int(sys.argv[2]) if len(sys.argv) > 2 else REPEAT)
    for k, v in figures.items():
        print(f"{k:<22} {v:.2f}" if isinstance(v, float) else f"{k:<22} {v}")
    if not figures["outputs_identical"]:
        raise SystemExit("outputs differ between one core and all cores")
