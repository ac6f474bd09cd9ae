"""Unit scaling: compare 16106亿元 with 1.6万亿元, 43.6万人 with 436000人."""
from __future__ import annotations

from functools import lru_cache

SCALE = {
    "万亿元": ("元", 1e12), "亿元": ("元", 1e8), "万元": ("元", 1e4), "元": ("元", 1.0),
    "亿美元": ("美元", 1e8), "万美元": ("美元", 1e4), "美元": ("美元", 1.0), "亿美元/年": ("美元", 1e8),
    "万人": ("人", 1e4), "人": ("人", 1.0), "万人次": ("人次", 1e4), "人次": ("人次", 1.0),
    "万件": ("件", 1e4), "件": ("件", 1.0), "万户": ("户", 1e4), "户": ("户", 1.0),
    "万家": ("家", 1e4), "家": ("家", 1.0), "万亩": ("亩", 1e4), "亩": ("亩", 1.0),
    "万平方米": ("平方米", 1e4), "平方米": ("平方米", 1.0), "万立方米": ("立方米", 1e4), "立方米": ("立方米", 1.0),
    "亿斤": ("斤", 1e8), "万斤": ("斤", 1e4), "斤": ("斤", 1.0),
    "万吨标煤": ("吨标煤", 1e4), "吨标煤": ("吨标煤", 1.0), "万吨": ("吨", 1e4), "吨": ("吨", 1.0),
    "万千瓦": ("千瓦", 1e4), "千瓦": ("千瓦", 1.0), "公里": ("米", 1e3), "千米": ("米", 1e3), "米": ("米", 1.0),
}


def to_base(value, unit):
    """(base unit, value in base unit); unknown units are their own base."""
    u, base, k = scale_of(unit)
    if value is None:
        return u, None
    return base, float(value) * k   # k is 1.0 for a unit of its own: the value unchanged


@lru_cache(maxsize=1024)
def scale_of(unit) -> tuple[str, str, float]:
    """(the unit as written, its base unit, the factor to the base)."""
    u = (unit or "").strip()
    return (u,) + SCALE.get(u, (u, 1.0))


def convert(value, unit, to_unit):
    """``value`` in ``unit`` expressed in ``to_unit``; None when the units are not comparable."""
    b1, v = to_base(value, unit)
    b2, k = to_base(1.0, to_unit)
    if v is None or b1 != b2 or not k:
        return None
    return v / k
