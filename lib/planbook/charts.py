"""Chart setup shared by every notebook: a CJK font so Chinese labels render on a fresh machine.

``use_chinese_font()`` is called on import of any chart function; it picks an installed CJK
font (Noto Sans CJK SC first, from Debian's fonts-noto-cjk) and tells matplotlib to use it.
Missing glyphs make matplotlib warn "Glyph ... missing from font"; tests turn that into a failure.
"""
from __future__ import annotations

import warnings
from functools import lru_cache

import matplotlib
from matplotlib import font_manager

from planbook import vocab as V

PREFERRED_FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
]

# colours used for statuses everywhere (charts, tables, Excel)
STATUS_COLOURS = V.colours("review_status")


@lru_cache(maxsize=1)
def chinese_font_name() -> str | None:
    """The family name of an installed CJK font, or None."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED_FONTS:
        if name in names:
            return name
    # the font may have been installed after matplotlib built its cache
    try:
        font_manager._load_fontmanager(try_read_cache=False)  # noqa: SLF001 (rebuild cache)
        names = {f.name for f in font_manager.fontManager.ttflist}
    except Exception:  # pragma: no cover - best effort
        return None
    for name in PREFERRED_FONTS:
        if name in names:
            return name
    return None


def use_chinese_font() -> str | None:
    """Configure matplotlib for Chinese labels; returns the font used (None with a warning)."""
    name = chinese_font_name()
    if name is None:
        warnings.warn("planbook: no CJK font installed; run `make fonts` (fonts-noto-cjk)", stacklevel=2)
        return None
    families = list(matplotlib.rcParams.get("font.sans-serif", []))
    if not families or families[0] != name:
        matplotlib.rcParams["font.sans-serif"] = [name] + [f for f in families if f != name]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    # readable on screen and paper: 100 dpi or more, ticks and legends at 9 points
    matplotlib.rcParams["figure.dpi"] = max(100, matplotlib.rcParams.get("figure.dpi", 100))
    matplotlib.rcParams["savefig.dpi"] = 150
    for key in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize"):
        matplotlib.rcParams[key] = 9
    return name


def empty_chart(message: str, ax=None, title: str | None = None, figsize=(7, 1.6)):
    """A figure (or the given axes) that says in Chinese why there is nothing to plot."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax.figure


use_chinese_font()
