"""The extractor's vocabulary, kept as data in ``extract/rules/*.yml`` and loaded once.

Each entry of a rules file has ``words`` (alternatives, some of them short regular expressions) and
an ``example``. ``alternation`` joins an entry's words into one regular-expression alternation;
``pairs`` and ``mapping`` give entries whose words carry a second field (a measure, a code).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).with_name("rules")


@lru_cache(maxsize=None)
def rules(name: str) -> dict:
    """The entries of ``rules/NAME.yml``."""
    path = RULES_DIR / f"{name}.yml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for key, entry in data.items():
        if not isinstance(entry, dict) or "words" not in entry:
            raise ValueError(f"{path}: entry {key!r} has no words")
    return data


def words(name: str, key: str) -> list:
    return rules(name)[key]["words"]


def alternation(name: str, key: str) -> str:
    """The entry's words as one alternation (in their order: put longer words first)."""
    return "|".join(words(name, key))


def pairs(name: str, key: str) -> list[tuple]:
    """The entry's [word, second] pairs as tuples, in order."""
    return [tuple(p) for p in words(name, key)]


def mapping(name: str, key: str) -> dict:
    return dict(words(name, key))
