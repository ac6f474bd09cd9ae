"""planbook: an analyst workbook for Hangzhou development-plan reports.

The package holds all logic; notebooks and the ``planbook`` command call the same functions.
Data flows one way: ``data/raw`` -> ``data/processed`` -> notebooks and ``exports``.
"""
from planbook.paths import project_paths  # noqa: F401

__version__ = "0.1.0"
