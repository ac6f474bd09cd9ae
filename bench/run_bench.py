"""`make bench`: every benchmark of the project, each printing its figures.

bench_ingest.py (ingestion MB/s), bench_scenario.py (scenario slider update time) and
bench_build.py (full `planbook build` wall time). Each module's ``run()`` returns a dict of
figures; a benchmark file that does not exist (yet) is reported as skipped. Exit code 1 when a
benchmark that exists fails.
"""
from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ("bench_ingest", "读取报告 ingestion"),
    ("bench_parallel", "多核读取 ingestion on all cores"),
    ("bench_scenario", "情景滑块 scenario slider"),
    ("bench_build", "完整构建 full build"),
]


def _load(name: str):
    path = HERE / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _fmt(key: str, value) -> str:
    if isinstance(value, dict):  # e.g. one row per corpus size
        return "  ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in value.items())
    if isinstance(value, float):
        unit = " ms" if key.endswith("_ms") else " s" if key.endswith("_s") else ""
        unit = " MB/s" if "mb_per_s" in key.lower() or "mbps" in key.lower() else unit
        return f"{value:10.2f}{unit}"
    return f"{value!s:>10}"


def _find(figures, key: str):
    """The last value of ``key`` in (possibly nested) figures."""
    found = None
    if isinstance(figures, dict):
        for k, v in figures.items():
            if k == key and isinstance(v, (int, float)):
                found = v
            elif isinstance(v, dict):
                inner = _find(v, key)
                found = inner if inner is not None else found
    return found


HEADLINES = [  # (bench, key, label, unit)
    ("bench_ingest", "mb_per_s", "读取速度 ingestion throughput", "MB/s"),
    ("bench_parallel", "one_core_mb_per_s", "单核读取 one core", "MB/s"),
    ("bench_parallel", "all_cores_mb_per_s", "多核读取 all cores", "MB/s"),
    ("bench_parallel", "speedup", "多核加速 wall speed-up (goal ≥ 1.8 on two cores)", "×"),
    ("bench_parallel", "speedup_cpu_estimate", "多核加速 CPU-time speed-up (cores to itself)", "×"),
    ("bench_scenario", "slider_update_total_ms", "滑块更新 scenario slider update", "ms"),
    ("bench_build", "build_wall_s", "完整构建 full planbook build", "s"),
]


def main() -> int:
    failed = 0
    results: dict[str, object] = {}
    for name, label in BENCHES:
        print(f"== {label} ({name}.py)", flush=True)
        try:
            module = _load(name)
        except Exception as exc:
            print(f"  FAILED to load: {type(exc).__name__}: {exc}")
            failed += 1
            continue
        if module is None:
            print("  skipped: bench file not present yet")
            continue
        if not hasattr(module, "run"):
            print("  skipped: no run() in the module")
            continue
        t0 = time.perf_counter()
        try:
            figures = module.run()
        except Exception as exc:
            print(f"  FAILED: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
            traceback.print_exc(limit=3, file=sys.stderr)
            failed += 1
            continue
        results[name] = figures
        if isinstance(figures, dict):
            for key, value in figures.items():
                print(f"  {key:<36} {_fmt(key, value)}")
        elif figures is not None:
            print(f"  {figures}")
        print(f"  (bench took {time.perf_counter() - t0:.1f} s)", flush=True)
    parallel = results.get("bench_parallel")
    if isinstance(parallel, dict) and parallel.get("outputs_identical") is False:
        print("  FAILED: all-core output differs from one-core output")
        failed += 1
    print("== 汇总 summary")
    for bench, key, label, unit in HEADLINES:
        value = _find(results.get(bench), key)
        shown = f"{value:.2f} {unit}" if value is not None else "n/a"
        print(f"  {label:<34} {shown}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
