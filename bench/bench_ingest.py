"""Ingestion throughput on a synthetic corpus built from the seed reports.

The corpus is the five reports in data/raw copied many times with every figure jittered (so no
two documents are the same text), at 25, 50 and 100 MB, to show the cost is linear in size. Each
size runs in its own process so that its peak memory is its own. Printed per size: MB/s and
facts/s of `planbook.ingest.ingest` (one core, CSV written), peak resident memory, and the time a
bare regular-expression scan for numbers takes over the same text.

    python bench/bench_ingest.py            # 25, 50, 100 MB
    python bench/bench_ingest.py 10         # one size, in MB
"""
from __future__ import annotations

import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES_MB = (25, 50, 100)
NUM = re.compile(r"\d+(?:\.\d+)?")


def build_corpus(folder: Path, size_mb: float, seed: int = 7) -> tuple[list[Path], int]:
    """Write jittered copies of the seed reports until ``size_mb`` is reached."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    files, total, k = [], 0, 0
    target = int(size_mb * 1e6)

    def jitter(m: re.Match) -> str:
        s = m.group(0)
        if len(s) == 4 and s[:2] in ("19", "20"):
            return s  # keep years
        digits = list(s)
        i = rng.randrange(len(digits))
        if digits[i].isdigit() and not (i == 0 and digits[i] != "0" and len(s) > 1 and rng.random() < 0.5):
            digits[i] = str(rng.randrange(1, 10) if i == 0 else rng.randrange(10))
        return "".join(digits)

    while total < target:
        text = NUM.sub(jitter, seeds[k % len(seeds)])
        p = folder / f"{k:05d}_synthetic.txt"
        data = text.encode("utf-8")
        p.write_bytes(data)
        files.append(p)
        total += len(data)
        k += 1
    return files, total


def measure(size_mb: float) -> dict:
    """Run in a child process: build the corpus, ingest it, scan it."""
    from planbook.ingest import ingest

    tmp = Path(tempfile.mkdtemp(prefix="planbook-bench-"))
    try:
        (tmp / "raw").mkdir()
        files, nbytes = build_corpus(tmp / "raw", size_mb)
        text_bytes = [f.read_bytes() for f in files]
        t0 = time.perf_counter()
        c0 = time.process_time()
        res = ingest(files, out=tmp / "facts.csv", jobs=1)   # one core (bench_parallel: all cores)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        n_facts = len(res.indicators)
        del res
        t0 = time.perf_counter()
        n_numbers = sum(len(NUM.findall(b.decode("utf-8"))) for b in text_bytes)
        scan = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"size_mb": nbytes / 1e6, "documents": len(files), "seconds": wall, "cpu_seconds": cpu,
                "mb_per_s": nbytes / 1e6 / cpu, "facts": n_facts, "facts_per_s": n_facts / cpu,
                "peak_rss_mb": peak_mb, "regex_scan_s": scan, "numbers_seen": n_numbers}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(sizes=SIZES_MB) -> dict:
    """Each size in its own process; returns {size: figures} and prints a table."""
    results = {}
    print("ingestion throughput (one core; synthetic corpus of jittered seed reports)")
    print(f"{'size MB':>8} {'docs':>6} {'cpu s':>7} {'MB/s':>6} {'facts':>8} {'facts/s':>8} {'peak MB':>8} "
          f"{'regex scan s':>12}")
    for size in sizes:
        proc = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{size:>8}  failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results[size] = r
        print(f"{r['size_mb']:>8.1f} {r['documents']:>6} {r['cpu_seconds']:>7.1f} {r['mb_per_s']:>6.2f} "
              f"{r['facts']:>8} {r['facts_per_s']:>8.0f} {r['peak_rss_mb']:>8.0f} {r['regex_scan_s']:>12.2f}")
    if len(results) >= 2:
        first, last = results[min(results)], results[max(results)]
        ratio = (last["cpu_seconds"] / last["size_mb"]) / (first["cpu_seconds"] / first["size_mb"])
        print(f"cost per MB at {max(results)} MB vs {min(results)} MB: x{ratio:.2f} (1.00 = linear)")
    print("goal: >= 3 MB/s on one core")
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(float(sys.argv[2]))))
    elif len(sys.argv) >= 2:
        run(tuple(float(a) for a in sys.argv[1:]))
    else:
        run()
