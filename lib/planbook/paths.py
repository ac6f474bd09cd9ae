"""Where the project's data lives.

The package is installed (editable) from the repository, so the repository root is found from the
package location; ``PLANBOOK_HOME`` overrides it (tests use a temporary copy).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.csv"

    @property
    def interim(self) -> Path:
        """Text extracted from PDF/Word/web reports, and each report's cached facts (generated)."""
        return self.root / "data" / "interim"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def catalog(self) -> Path:
        return self.root / "data" / "catalog"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def scenarios(self) -> Path:
        return self.root / "data" / "scenarios"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def indicators_csv(self) -> Path:
        return self.processed / "indicators.csv"

    @property
    def quality_csv(self) -> Path:
        return self.processed / "quality.csv"

    @property
    def reviews_csv(self) -> Path:
        return self.processed / "reviews.csv"

    @property
    def comparison_csv(self) -> Path:
        return self.processed / "comparison.csv"


def _find_root() -> Path:
    env = os.environ.get("PLANBOOK_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    # installed elsewhere: fall back to the working directory
    return Path.cwd()


def project_paths() -> Paths:
    return Paths(_find_root())
