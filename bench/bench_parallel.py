"""Ingestion on every core next to one core, and the check that both write the same bytes.

The corpus is bench_ingest's (jittered copies of the seed reports); each run reads every report
(no fact cache) and writes the indicator and quality tables. Printed: MB/s on one core and on all
cores, the speed-up, and whether the two runs wrote identical files.

    python bench/bench_parallel.py          # 12 MB
    python bench/bench_parallel.py 30       # size in MB
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE_MB = 12.0


def _timed_ingest(files: list[Path], out: Path, jobs: int) -> float:
    from planbook.ingest import ingest

    t0 = time.perf_counter()
    res = ingest(files, out=out, jobs=jobs, cache=False)
    seconds = time.perf_counter() - t0
    if res.errors:
        raise RuntimeError(f"{len(res.errors)} report(s) failed: {res.errors[0]}")
    return seconds


def run(size_mb: float = SIZE_MB) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_ingest import build_corpus

    from planbook.ingest_pool import cores

    folder = Path(tempfile.mkdtemp(prefix="planbook-bench-parallel-"))
    try:
        files, total = build_corpus(folder, size_mb)
        n = cores()
        one = _timed_ingest(files, folder / "one" / "indicators.csv", 1)
        many = _timed_ingest(files, folder / "many" / "indicators.csv", n)
        same = all((folder / "one" / f).read_bytes() == (folder / "many" / f).read_bytes()
                   for f in ("indicators.csv", "indicators_quality.csv"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    mb = total / 1e6
    return {"corpus_mb": round(mb, 1), "reports": len(files), "cores": n,
            "one_core_mb_per_s": mb / one, "all_cores_mb_per_s": mb / many,
            "speedup": one / many, "outputs_identical": same}


if __name__ == "__main__":
    figures = run(float(sys.argv[1]) if len(sys.argv) > 1 else SIZE_MB)
    for k, v in figures.items():
        print(f"{k:<22} {v:.2f}" if isinstance(v, float) else f"{k:<22} {v}")
    if not figures["outputs_identical"]:
        raise SystemExit("outputs differ between one core and all cores")
