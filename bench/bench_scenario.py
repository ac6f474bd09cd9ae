"""Benchmark of the scenario slider's hot path (issue 5): compute, simulation and redraw times.

Run as a script (``.venv/bin/python bench/bench_scenario.py``) or call ``run()`` (bench/run_bench.py
does): it returns a dict of figures in milliseconds. Figures are medians over repeated runs; the
machine is shared, so treat single numbers with care.
"""
from __future__ import annotations

import statistics
import time

import numpy as np


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def run(repeat: int = 30) -> dict:
    """Time the engine, the 10,000-path x 10-year simulation and the panel's redraw."""
    from planbook import scenario as S
    from planbook.scenario_view import ScenarioView

    a = S.Assumptions(base_value=23000.0, base_year=2025, target_value=30000.0, target_year=2030,
                      growth_pct=5.0, population_base=1270.4, population_change=40.0, fx=7.12,
                      sigma_pct=1.0, usd_threshold=30000.0)
    out: dict[str, float] = {}
    S.project(a)  # warm up
    out["engine_project_ms"] = _median_ms(lambda: S.project(a), repeat)
    out["engine_project_with_10k_sim_ms"] = _median_ms(lambda: S.project(a, simulate=10_000, seed=0), repeat)
    growth10 = np.full(10, 5.0)
    out["simulation_10000x10_ms"] = _median_ms(
        lambda: S.simulate_paths(23000.0, growth10, 0.0, 1.0, n_paths=10_000, seed=0), repeat)

    view = ScenarioView("杭州市", "基准")
    out["panel_compute_ms"] = _median_ms(view.compute, repeat)

    # a slider drag: small steps that keep the axes (cached background, artists redrawn)
    values = [round(5.0 + 0.1 * (i % 10), 1) for i in range(repeat)]   # the slider's own step (smaller moves are echoes)
    full_before = view.full_redraws
    steps, cpu_steps, redraws, cpu_redraws = [], [], [], []
    for v in values:
        t0, c0 = time.perf_counter(), time.process_time()
        view.growth.value = v if v != view.growth.value else round(v + 0.1, 1)
        steps.append((time.perf_counter() - t0) * 1e3)
        cpu_steps.append((time.process_time() - c0) * 1e3)
        redraws.append(view.timings.get("redraw_ms", float("nan")))
        c0 = time.process_time()
        view.redraw()
        cpu_redraws.append((time.process_time() - c0) * 1e3)
    out["slider_update_total_ms"] = statistics.median(steps)
    out["slider_update_cpu_ms"] = statistics.median(cpu_steps)
    out["redraw_ms"] = statistics.median(redraws)
    out["redraw_cpu_ms"] = statistics.median(cpu_redraws)
    out["full_redraws_during_drag"] = float(view.full_redraws - full_before)

    # a redraw that must rebuild the static part (axis limits change)
    fulls = []
    for i in range(max(3, repeat // 6)):
        view.figure._backgrounds[0].clear()   # the path panel's axis limits changed
        t0 = time.perf_counter()
        view.redraw()
        fulls.append((time.perf_counter() - t0) * 1e3)
    out["full_redraw_ms"] = statistics.median(fulls)

    # a wide sweep of the growth slider (0%..12% and back): how many moves needed a full redraw
    sweep = [x / 10 for x in range(0, 121, 5)]
    sweep += sweep[::-1]
    before = view.full_redraws
    moves = []
    for v in sweep:
        t0 = time.perf_counter()
        view.growth.value = v
        moves.append((time.perf_counter() - t0) * 1e3)
    out["full_redraws_in_wide_sweep"] = float(view.full_redraws - before)
    out["slowest_move_in_wide_sweep_ms"] = max(moves)
    out["p90_move_in_wide_sweep_ms"] = float(np.percentile(moves, 90))
    out["moves_in_wide_sweep"] = float(len(sweep))
    return out


def main() -> None:
    figures = run()
    labels = {
        "engine_project_ms": "单次情景计算(闭式近似)",
        "engine_project_with_10k_sim_ms": "单次情景计算+10000条模拟",
        "panel_compute_ms": "面板单次更新计算",
        "simulation_10000x10_ms": "模拟 10000条路径×10年",
        "redraw_ms": "滑块移动重绘(缓存背景)",
        "slider_update_total_ms": "滑块移动总耗时(计算+表格+重绘)",
        "full_redraw_ms": "单个面板完整重绘(其坐标轴变化时)",
        "slider_update_cpu_ms": "滑块移动总耗时(CPU时间)",
        "redraw_cpu_ms": "滑块移动重绘(CPU时间)",
        "full_redraws_during_drag": "拖动中面板完整重绘次数",
        "full_redraws_in_wide_sweep": "0%→12%→0%大范围拖动中面板完整重绘次数",
        "slowest_move_in_wide_sweep_ms": "大范围拖动中最慢一次移动(计算+重绘)",
        "p90_move_in_wide_sweep_ms": "大范围拖动中移动耗时P90",
        "moves_in_wide_sweep": "大范围拖动的移动次数",
    }
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"scenario bench (median, ms; load average {load:.2f} on {os.cpu_count()} cores)")
    for key, value in figures.items():
        unit = " ms" if key.endswith("_ms") else ""
        print(f"  {labels.get(key, key):<28} {key:<32} {value:8.2f}{unit}")


if __name__ == "__main__":
    main()
