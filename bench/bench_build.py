"""Benchmark: wall time of the full ``planbook build`` (ingest, review, compare, scenarios, every
notebook executed, Excel files), as `make run` runs it after the install.

Runs on a throw-away copy of the workbook (PLANBOOK_HOME), so the repository is untouched. Call
``run()`` (bench/run_bench.py does) or run this file; figures are seconds.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEP_LINE = re.compile(r"^\s+✓ (\S+) (\S+): .*\((\d+(?:\.\d+)?) s\)")


def run() -> dict:
    from planbook.notebook_exec import discover_notebooks, make_workbook_copy

    with tempfile.TemporaryDirectory(prefix="planbook-bench-") as tmp:
        home = make_workbook_copy(Path(tmp) / "home", ROOT)
        env = dict(os.environ, PLANBOOK_HOME=str(home))
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "planbook", "build", "--no-progress"], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"planbook build failed ({proc.returncode}): {tail}")
    out: dict[str, float] = {"build_wall_s": wall,
                             "notebooks": float(len(discover_notebooks(ROOT / "notebooks")))}
    for line in proc.stdout.splitlines():
        m = STEP_LINE.match(line)
        if m:
            out[f"step_{m.group(2)}_s"] = float(m.group(3))
    return out


def main() -> None:
    figures = run()
    print("build bench (planbook build on a fresh copy, seconds)")
    for key, value in figures.items():
        print(f"  {key:<24} {value:8.2f}")


if __name__ == "__main__":
    main()
