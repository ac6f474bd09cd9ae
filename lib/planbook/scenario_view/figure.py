"""The scenario panel's figure, drawn from a ``Projection``: the path against the target, the fan of
outcomes and per-capita 美元 against a threshold, under a title strip with the panel's one name.

Each panel is its own matplotlib figure with its static part (axes, ticks, titles, legends) drawn
once and cached per axis layout; a slider move redraws only the data artists on the cached
background unless the axis limits had to change, and the composite is one PNG (independent of the
matplotlib backend, no flicker)."""
from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from planbook import charts
from planbook import scenario as S

COLOUR_PATH = "#1565c0"
COLOUR_REAL = "#90a4ae"
COLOUR_TARGET = charts.STATUS_COLOURS["not_achieved"]
COLOUR_OK = charts.STATUS_COLOURS["achieved"]
COLOUR_FAN = "#42a5f5"
EMPTY = ([], [])


def _panel(dpi: int):
    f = Figure(figsize=(4.0, 3.4), dpi=dpi)
    FigureCanvasAgg(f)
    f.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.17)
    return f.subplots()


class ScenarioFigure:
    """Three panels and a title strip; ``draw(p, title)`` returns the PNG bytes."""

    def __init__(self, dpi: int = 100):
        charts.use_chinese_font()
        self.ax_path, self.ax_fan, self.ax_pc = (_panel(dpi) for _ in range(3))
        self.panel_figs = [ax.figure for ax in (self.ax_path, self.ax_fan, self.ax_pc)]
        self.title_fig = Figure(figsize=(12.0, 0.3), dpi=dpi)
        FigureCanvasAgg(self.title_fig)
        self.title_text = self.title_fig.text(0.5, 0.5, "", ha="center", va="center", fontsize=11)
        self._title_drawn = None
        self._path_artists()
        self._fan_artists()
        self._per_capita_artists()
        for ax in (self.ax_path, self.ax_fan, self.ax_pc):
            ax.grid(alpha=0.3)
        self._dynamic = [self.l_nominal, self.l_real, self.l_required, self.l_target, self.m_target,
                         self.l_median, self.l_sim_lo, self.l_sim_hi, self.l_target_fan, self.fan_text,
                         self.l_thr, self.pc_text]
        for artist in self._dynamic:
            artist.set_animated(True)
        self._backgrounds: list[dict] = [{}, {}, {}]   # per panel: axis limits -> cached background
        self.full_redraws = 0                           # panel backgrounds drawn from scratch

    # -- artists -------------------------------------------------------------------------------
    def _path_artists(self) -> None:
        ax = self.ax_path
        (self.l_nominal,) = ax.plot([], [], "-o", color=COLOUR_PATH, ms=3, label="情景路径(现价)")
        (self.l_real,) = ax.plot([], [], "--", color=COLOUR_REAL, label="不变价(基期价)")
        (self.l_required,) = ax.plot([], [], ":", color="#6d4c41", label="达标所需路径")
        (self.l_target,) = ax.plot([], [], "-", color=COLOUR_TARGET, lw=1.2, label="目标")
        (self.m_target,) = ax.plot([], [], "*", color=COLOUR_TARGET, ms=11)
        ax.set_title("地区生产总值路径与目标")
        ax.set_ylabel("亿元")
        ax.legend(loc="lower right", fontsize=8, frameon=False)

    def _fan_artists(self) -> None:
        ax = self.ax_fan
        self.fan_outer = None
        self.fan_inner = None
        (self.l_median,) = ax.plot([], [], "-", color=COLOUR_PATH, lw=1.5, label="中位数")
        (self.l_sim_lo,) = ax.plot([], [], "x", color="#37474f", ms=4, label="模拟P5/P95")
        (self.l_sim_hi,) = ax.plot([], [], "x", color="#37474f", ms=4)
        (self.l_target_fan,) = ax.plot([], [], "-", color=COLOUR_TARGET, lw=1.2, label="目标")
        self.fan_text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, linespacing=1.5)
        ax.set_title("增速波动下的区间(扇形图)")
        ax.set_ylabel("亿元")
        ax.plot([], [], color=COLOUR_FAN, alpha=0.25, lw=6, label="P5–P95")
        ax.plot([], [], color=COLOUR_FAN, alpha=0.5, lw=6, label="P25–P75")
        ax.legend(loc="lower right", fontsize=8, frameon=False)

    def _per_capita_artists(self) -> None:
        ax = self.ax_pc
        self.bars = []
        (self.l_thr,) = ax.plot([], [], "--", color=COLOUR_TARGET, lw=1.2)
        self.pc_text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9)
        ax.set_title("人均GDP(美元)与门槛")
        ax.set_ylabel("美元")

    # -- limits --------------------------------------------------------------------------------
    @staticmethod
    def _ylim(ax, lo: float, hi: float, floor_zero: bool = False, fill: float = 0.4) -> tuple[float, float]:
        """Nice y-limits that change only when the data leave them or fill under 40% of them, so that
        most slider moves reuse the cached background (ticks, labels, titles)."""
        cur = ax.get_ylim() if getattr(ax, "_pb_set", False) else None
        if floor_zero:
            lo = 0.0
        if cur and cur[0] <= lo and hi <= cur[1] and (hi - lo) >= fill * (cur[1] - cur[0]):
            return cur
        span = max(hi - lo, abs(hi) * 0.02, 1e-9)
        lo2 = 0.0 if floor_zero else lo - 0.08 * span
        ticks = MaxNLocator(5).tick_values(lo2, hi + 0.25 * span)
        new = (float(ticks[0]), float(ticks[-1]))
        ax.set_ylim(*new)
        ax._pb_set = True
        return new

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, p: S.Projection, title: str) -> bytes:
        """Move the artists to ``p``, re-render what changed and return the composite PNG."""
        xlim = (p.years[0] - 0.5, p.years[-1] + 0.5)
        lim_path, (lo, hi) = self._draw_path(p, xlim)
        lim_fan = self._draw_fan(p, xlim, lo, hi)
        lim_pc = self._draw_per_capita(p, xlim)
        self._draw_title(title)
        self._blit(p.years, xlim, (lim_path, lim_fan, lim_pc))
        return self.png()

    def _draw_path(self, p: S.Projection, xlim) -> tuple[tuple, tuple[float, float]]:
        a, yrs, target = p.assumptions, p.years, p.assumptions.target_value
        self.l_nominal.set_data(yrs, p.nominal)
        self.l_real.set_data(yrs, p.real) if a.deflator_pct else self.l_real.set_data(*EMPTY)
        tops = [float(p.nominal.max())]
        if target and p.required_growth_pct is not None:
            k = np.arange(len(yrs))
            self.l_required.set_data(yrs, a.base_value * (1 + p.required_nominal_growth_pct / 100) ** k)
            self.l_target.set_data(xlim, [target, target])
            self.m_target.set_data([p.target_year], [target])
            tops.append(float(target))
        else:
            for line in (self.l_required, self.l_target, self.m_target):
                line.set_data(*EMPTY)
        lo, hi = min(a.base_value, float(p.real.min())), max(tops)
        return self._ylim(self.ax_path, lo, hi), (lo, hi)

    def _draw_fan(self, p: S.Projection, xlim, lo: float, hi: float) -> tuple:
        a, yrs, f = p.assumptions, p.years, p.fan
        if f is None:
            for band in (self.fan_outer, self.fan_inner):
                if band is not None:
                    band.set_visible(False)
            self.l_median.set_data(yrs, p.nominal)
            self.fan_text.set_text("σ=0:无波动,只有一条路径")
        else:
            self._move_bands(yrs, f)
            self.l_median.set_data(yrs, f[50])
            hi, lo = max(hi, float(f[95].max())), min(lo, float(f[5].min()))
            text = f"σ={a.sigma_pct:.1f}个百分点"
            if p.probability is not None:
                text += f"\n达标概率 {p.probability * 100:.1f}%"
            self.fan_text.set_text(text)
        sim = p.fan_sim if f is not None else None
        self.l_sim_lo.set_data(*((yrs[1:], sim[5][1:]) if sim is not None else EMPTY))
        self.l_sim_hi.set_data(*((yrs[1:], sim[95][1:]) if sim is not None else EMPTY))
        target = a.target_value
        self.l_target_fan.set_data(*((xlim, [target, target]) if target else EMPTY))
        return self._ylim(self.ax_fan, lo, hi)

    def _move_bands(self, yrs, f: dict) -> None:
        """The P5–P95 and P25–P75 bands: made once, then moved (no new artists on a slider move)."""
        if self.fan_outer is None:
            self.fan_outer = self.ax_fan.fill_between(yrs, f[5], f[95], color=COLOUR_FAN, alpha=0.25,
                                                      lw=0, animated=True)
            self.fan_inner = self.ax_fan.fill_between(yrs, f[25], f[75], color=COLOUR_FAN, alpha=0.5,
                                                      lw=0, animated=True)
            return
        self.fan_outer.set_data(yrs, f[5], f[95])
        self.fan_inner.set_data(yrs, f[25], f[75])
        self.fan_outer.set_visible(True)
        self.fan_inner.set_visible(True)

    def _draw_per_capita(self, p: S.Projection, xlim) -> tuple:
        ax, yrs, vals = self.ax_pc, p.years, p.per_capita_usd
        if vals is None or len(self.bars) != len(yrs) or \
                (self.bars and self.bars[0].get_x() + self.bars[0].get_width() / 2 != yrs[0]):
            for bar in self.bars:
                bar.remove()
            self.bars = []
        if vals is None:
            self.l_thr.set_data(*EMPTY)
            self.pc_text.set_text("缺少人口数据:输入基期人口后显示")
            return self._ylim(ax, 0.0, 1.0, floor_zero=True)
        thr = p.assumptions.usd_threshold or 0
        colours = [COLOUR_OK if thr and v >= thr else COLOUR_PATH for v in vals]
        if not self.bars:
            self.bars = list(ax.bar(yrs, vals, color=colours, width=0.7, animated=True))
        else:   # same years: move the bars
            for bar, v, c in zip(self.bars, vals, colours):
                bar.set_height(v)
                bar.set_facecolor(c)
        self.l_thr.set_data(*((xlim, [thr, thr]) if thr else EMPTY))
        ty = p.target_year
        self.pc_text.set_text(f"{ty}年约{p.at(ty, vals):,.0f}美元" + (f"(门槛{thr:,.0f})" if thr else ""))
        return self._ylim(ax, 0.0, max(float(vals.max()), thr), floor_zero=True, fill=0.7)

    def _draw_title(self, title: str) -> None:
        if title != self._title_drawn:
            self.title_text.set_text(title)
            self.title_fig.canvas.draw()
            self._title_drawn = title

    def _blit(self, yrs, xlim, limits) -> None:
        """Each panel: its cached background for these limits (drawn once), then the data artists."""
        for i, (ax, lim) in enumerate(zip((self.ax_path, self.ax_fan, self.ax_pc), limits)):
            canvas = ax.figure.canvas
            key = (xlim, lim)
            background = self._backgrounds[i].get(key)
            ax.set_xlim(*xlim)
            ax.set_ylim(*lim)   # the limits the cached background was drawn with
            if background is None:
                ax.xaxis.set_major_locator(MaxNLocator(min(len(yrs), 7), integer=True))
                canvas.draw()   # static part only: data artists are animated
                background = canvas.copy_from_bbox(ax.figure.bbox)
                self._backgrounds[i][key] = background
                while len(self._backgrounds[i]) > 12:   # a few axis layouts dragged back and forth
                    self._backgrounds[i].pop(next(iter(self._backgrounds[i])))
                self.full_redraws += 1
            else:
                canvas.restore_region(background)
        for artist in [self.fan_outer, self.fan_inner, *self.bars, *self._dynamic]:
            if artist is not None:
                artist.axes.draw_artist(artist)

    def png(self) -> bytes:
        """The title strip over the three panels, as one PNG."""
        from PIL import Image

        panels = np.hstack([np.asarray(f.canvas.buffer_rgba())[..., :3] for f in self.panel_figs])
        strip = np.asarray(self.title_fig.canvas.buffer_rgba())[..., :3]
        width = min(strip.shape[1], panels.shape[1])
        im = Image.fromarray(np.ascontiguousarray(np.vstack([strip[:, :width], panels[:, :width]])))
        buf = io.BytesIO()
        im.save(buf, format="png", compress_level=1)
        return buf.getvalue()
