"""Ingestion on every core next to one core, and the check that both write the same bytes.

The corpus is bench_ingest's (jittered copies of the seed reports); each run reads every report
(no fact cache) and writes the indicator and quality tables. Printed: MB/s on one core and on all
cores, the speed-up measured and the one the CPU times imply when the cores are not shared with other
work (this process's serial CPU time plus the workers' CPU time divided among the cores), the load
average before the runs (the machine's other work makes the measured speed-up smaller), and whether
the two runs wrote identical files.

    python bench/bench_parallel.py          # 12 MB
    python bench/bench_parallel.py 30       # size in MB
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


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed_ingest(files: list[Path], out: Path, jobs: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, CPU seconds of the pool's workers)."""
    from planbook.ingest import ingest

    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    res = ingest(files, out=out, jobs=jobs, cache=False)
    wall, cpu, workers = time.perf_counter() - t0, time.process_time() - c0, _children_cpu() - k0
    if res.errors:
        raise RuntimeError(f"{len(res.errors)} report(s) failed: {res.errors[0]}")
    return wall, cpu, workers


def run(size_mb: float = SIZE_MB) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_ingest import build_corpus

    from planbook.ingest_pool import cores

    folder = Path(tempfile.mkdtemp(prefix="planbook-bench-parallel-"))
    try:
        files, total = build_corpus(folder, size_mb)
        n = cores()
        load = os.getloadavg()[0]
        one, one_cpu, _ = _timed_ingest(files, folder / "one" / "indicators.csv", 1)
        many, serial_cpu, workers_cpu = _timed_ingest(files, folder / "many" / "indicators.csv", n)
        same = all((folder / "one" / f).read_bytes() == (folder / "many" / f).read_bytes()
                   for f in ("indicators.csv", "indicators_quality.csv"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    mb = total / 1e6
    # what the pool would reach with its cores to itself: this process's own (serial) CPU time plus
    # the workers' CPU time shared among the cores
    free = one_cpu / (serial_cpu + workers_cpu / n)
    return {"corpus_mb": round(mb, 1), "reports": len(files), "cores": n, "load_before": round(load, 2),
            "one_core_mb_per_s": mb / one, "all_cores_mb_per_s": mb / many,
            "speedup": one / many, "speedup_cpu_estimate": free,
            "one_core_cpu_s": one_cpu, "all_cores_serial_cpu_s": serial_cpu, "all_cores_workers_cpu_s": workers_cpu,
            "outputs_identical": same}


if __name__ == "__main__":
    figures = run(float(sys.argv[1]) if len(sys.argv) > 1 else SIZE_MB)
    for k, v in figures.items():
        print(f"{k:<22} {v:.2f}" if isinstance(v, float) else f"{k:<22} {v}")
    if not figures["outputs_identical"]:
        raise SystemExit("outputs differ between one core and all cores")
