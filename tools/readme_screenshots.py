"""README images from the browser tests' screenshots: exports/screenshots/*.png (``make test-browser``)
to docs/screenshots/*.jpg, 900 px wide, cut to the top of the page (what an analyst sees first)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 900
# README image <- screenshot, and the height kept (px at 900 wide; None: the whole image)
IMAGES = {
    "01_ingestion.jpg": ("01_ingestion.png", 1290),
    "01_search_rd.jpg": ("01_search_rd.png", None),
    "02_five_year_reviews.jpg": ("02_five_year_reviews.png", 1410),
    "03_district_comparison.jpg": ("03_district_comparison.png", 1540),
    "03_comparison_rd.jpg": ("03_comparison_rd.png", None),
    "04_scenario_projection_panel.jpg": ("04_scenario_projection_panel.png", None),
    "04_scenario_custom.jpg": ("04_scenario_custom.png", None),
    "app_tabs.jpg": ("app_01.png", 640),
}


STATUS_BAR = 16   # JupyterLab's status bar above a clipped element's grey tail (px at 900 wide)


def without_clipped_tail(im: Image.Image) -> Image.Image:
    """An element screenshot taller than JupyterLab's panel ends in flat grey under the status bar:
    cut both off."""
    a = np.asarray(im.convert("L")).astype(int)
    flat = (np.abs(a - a.mean(axis=1, keepdims=True)).max(axis=1) < 6) & (a.mean(axis=1) > 170) & (a.mean(axis=1) < 210)
    for y in range(len(flat) - 50):
        if flat[y:y + 50].all():
            return im.crop((0, 0, im.width, max(y - STATUS_BAR, 1)))
    return im


def main(names: list[str]) -> int:
    src, dst = ROOT / "exports" / "screenshots", ROOT / "docs" / "screenshots"
    for out, (name, height) in IMAGES.items():
        if names and out not in names:
            continue
        im = Image.open(src / name).convert("RGB")
        im = im.resize((WIDTH, round(im.height * WIDTH / im.width)), Image.LANCZOS)
        if height and im.height > height:
            im = im.crop((0, 0, WIDTH, height))
        im = without_clipped_tail(im)
        im.save(dst / out, quality=82, optimize=True)
        print(f"{out}: {im.width}x{im.height}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
