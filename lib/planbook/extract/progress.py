"""Reports on how a year's tasks went (2021年市政府重点工作完成情况表, 《政府工作报告》主要目标任务完成情况).
As lines, a task (its figures are the year's targets) and its progress (results) alternate, and each
line says which it is: a result label (完成情况:) or an opening in the months passed (1-9月, 上半年, 全年 …)
makes results; target words (确保, 以上, 左右 …) make a task. As a table (pipes, or one cell per line
under 序号 | 项目内容 | 完成情况 …), its columns say it: a column of tasks gives targets, one of what was
done results."""
from __future__ import annotations

import re

from planbook.extract.context import PART_OF_YEAR, RESULT_LABEL, DocInfo, Section
from planbook.extract.tables import SEQ, header_words
from planbook.extract.vocab import alternation

_SO_FAR = PART_OF_YEAR + "|" + alternation("page", "progress_so_far")   # the months passed, 截至, 已 …
_RESULTS_SAID = _SO_FAR + "|" + alternation("page", "progress_results")   # … and 全年
_SO_FAR_OPENING = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?(?:" + _SO_FAR + ")")
_RESULT_OPENING = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?(?:" + _RESULTS_SAID + ")")
_TARGET_WORDS = re.compile(alternation("page", "progress_targets"))
_RESULT_WORDS = re.compile(_RESULTS_SAID + "|" + alternation("page", "progress_outcomes"))
_TASK_COLUMN, _RESULT_COLUMN = header_words("task_column"), header_words("result_column")
_NAME_COLUMN = re.compile(r"指\s*标\s*名\s*称|^指\s*标$")   # a table of indicators, not of tasks


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


def column_modes(headers: list[str]) -> list[str | None]:
    """Per header of a table of tasks: "target" (a column of tasks), "actual" (what was done) or None."""
    return ["target" if _TASK_COLUMN.search(h) else "actual" if _RESULT_COLUMN.search(h) else None
            for h in headers]


def cell_section(text: str, mode: str, head: str, doc: DocInfo) -> Section:
    """A cell of a table of tasks as prose: a task's figures are the year's targets, unless the cell
    opens with the progress so far (截至9月底,已建成…: a task cell used for its progress)."""
    if mode == "target" and _SO_FAR_OPENING.match(text):
        mode = "actual"
    year = (doc.target_year or doc.actual_year) if mode == "target" else (doc.actual_year or doc.target_year)
    return Section(9, head, year, mode, None)


def flat_task_headers(cells: list[str]) -> list[str] | None:
    """序号, then short header cells up to row 1, a column of tasks among them and no column of
    indicators (指标名称) (序号 | 项目内容 | 当前进度 | 牵头单位): the headers after 序号, or None."""
    if not cells or cells[0] != "序号":
        return None
    heads: list[str] = []
    for c in cells[1:10]:
        if c == "1":
            modes = column_modes(heads)
            return heads if "target" in modes and not any(_NAME_COLUMN.search(h) for h in heads) else None
        if len(c) > 12 or SEQ.match(c):
            return None
        heads.append(c)
    return None


def flat_task_rows(cells: list[str], width: int) -> list[list[int]]:
    """The rows of a flattened table of tasks, ``cells`` starting at row 1's number: each row the
    indices of its cells, from its number to the next one. A progress cell may run over several
    lines (一是…, 二是…); the table ends where the next number is not found within a few lines, its
    last row then taking ``width`` cells."""
    rows: list[list[int]] = []
    pos, expect = 0, 1
    while pos < len(cells) and cells[pos] == str(expect):
        reach = min(pos + width + 6, len(cells) - 1)
        nxt = next((k for k in range(pos + 1, reach + 1) if cells[k] == str(expect + 1)), None)
        end = nxt if nxt is not None else min(pos + 1 + width, len(cells))
        rows.append(list(range(pos + 1, end)))
        pos, expect = end, expect + 1
    return rows


_SHORT_NAME = re.compile(r"^[^\d]{1,16}$")   # a unit or a person (*区城管局, (市国资委)): no figures


def row_groups(texts: list[str], width: int) -> list[list[int]]:
    """The cells of a row grouped one group per column: a column of units or leaders may run over
    several lines (*区城管局 / *区农业农村局), so short cells without figures after another such cell
    join it while the row has more cells than the table has columns."""
    groups = [[k] for k in range(len(texts))]
    k = 1
    while len(groups) > width and k < len(groups):
        if _SHORT_NAME.match(texts[groups[k][0]]) and _SHORT_NAME.match(texts[groups[k - 1][-1]]):
            groups[k - 1].extend(groups.pop(k))
        else:
            k += 1
    return groups


def row_modes(n_cells: int, heads: list[str]) -> list[tuple[str, str | None]]:
    """(header, mode) of each cell of a row. A row one cell short under a first column of names (项目名称
    over several tasks, printed on its first row only) is aligned on the right; cells past the last
    column of tasks or results (its text run over more lines, a category printed as a header) are
    that column's."""
    modes = column_modes(heads)
    shift = 1 if n_cells < len(heads) and modes[0] is None else 0
    last = max(m for m, mode in enumerate(modes) if mode)
    return [(heads[min(k + shift, last)], modes[min(k + shift, last)]) for k in range(n_cells)]
