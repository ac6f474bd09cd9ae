"""Reports on how a year's tasks went (2021年市政府重点工作完成情况表, 《政府工作报告》主要目标任务完成情况):
a task (its figures are the year's targets) and its progress (results) alternate, flattened to lines
(a pipe table of them is still read as boxes of text). Each line says which it is: a result label (完成情况:) or an opening in the months
passed (1-9月, 上半年, 全年 …) makes results; target words (确保, 以上, 左右 …) make a task."""
from __future__ import annotations

import re

from planbook.extract.context import PART_OF_YEAR, RESULT_LABEL, DocInfo, Section
from planbook.extract.vocab import alternation

_RESULTS_SAID = PART_OF_YEAR + "|" + alternation("page", "progress_results")   # the months passed, 全年, 截至 …
_RESULT_OPENING = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?(?:" + _RESULTS_SAID + ")")
_TARGET_WORDS = re.compile(alternation("page", "progress_targets"))
_RESULT_WORDS = re.compile(_RESULTS_SAID + "|" + alternation("page", "progress_outcomes"))


def progress_line(text: str, doc: DocInfo) -> tuple[str, Section | None]:
    """The line with its result label blanked (offsets kept), and the section its figures take: results,
    a task's targets, or None (the report's own sections decide)."""
    year = doc.actual_year or doc.target_year
    m = RESULT_LABEL.match(text)
    if m:
        return " " * m.end() + text[m.end():], Section(9, "完成情况", year, "actual", None)
    if _RESULT_OPENING.match(text):
        return text, Section(9, "完成情况", year, "actual", None)
    if _TARGET_WORDS.search(text) or not _RESULT_WORDS.search(text):
        return text, Section(9, "目标任务", year, "target", None)   # (a task: 新建公办园5所)
    return text, None
