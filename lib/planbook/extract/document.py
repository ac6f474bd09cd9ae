"""One document: hygiene, context, then tables and prose in reading order."""
from __future__ import annotations

import re

from planbook.extract.text import rx as _rx

from planbook.extract.context import DocInfo, Section, heading_of, section_for
from planbook.extract.hygiene import Hygiene, Line
from planbook.extract.model import Fact
from planbook.extract.progress import (cell_section, column_modes, flat_task_headers, flat_task_rows, progress_line,
                                      row_groups, row_modes)
from planbook.extract.prose import ProseParser
from planbook.regions import canonical_region
from planbook.extract.tables import (ATTR, CATEGORY, KNOWN_UNIT, MISSING, SEQ, Table, clean_cell, detect_plan, is_header_row, is_separator_row,
                                     header_words, is_region_subheader_row, looks_like_data_row, region_header,
                                     region_of_cell, classify_header,
                                     region_table_kind, statistical_table, title_region,
                                     is_measure_subheader_row, is_pipe_row, merge_header_rows, parse_value_cell, pipe_cells,
                                     with_merged_first_cell,
                                     resolve_columns, table_facts, is_sub_header, spread_sub_headers)

TABLE_TITLE = re.compile(r"^\s*(?:表\s*\d+|附表\s*\d*|续表|表\d*[\(（]续[\)）])|"
                         r"^\s*(?:附件\s*\d*)?.*(?:主要指标|指标体系|完成情况|指标表|主要经济指标|经济社会发展指标)")
NOTE_LINE = re.compile(r"^\s*(?:注|备注|说明)\s*[:：]|^\s*\d[\.、．]\s*(?:“|\[|〔|带|标|[^\d])")


_SPACED_OUT = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_UNTITLED_START = re.compile(r"^(?:序号|指标名称|指标)$")   # the first header cell of a table with no title line
_REGION_HEAD = header_words("region_head")   # 地区, 县(市、区): the first header cell of a table of regions
_UNIT_CELL = KNOWN_UNIT   # a unit cell in a table row
_ANNUAL_KINDS = ("annual_plan", "work_report")   # documents about one year and its plan
_SPACED = re.compile(r"\t+| {2,}|\u3000+")


def _as_pipe(text: str) -> str:
    """A row whose cells are separated by tabs or runs of spaces, rewritten with pipes; other lines
    unchanged. Sentences (with 。,;) are never split."""
    if "\t" not in text and "  " not in text and "\u3000" not in text:
        return text   # no cell separators at all (most lines)
    t = text.strip(" \t\u3000")
    if not t or _rx(r"[。;,]").search(t) or len(t) > 240:
        return text
    if "\t" in t:
        cells = [c.strip() for c in _rx(r"\t+").split(t)]
    elif _rx(r"\S(?: {2,}|\u3000+)\S").search(t):
        cells = [c.strip() for c in _SPACED.split(t)]
    else:
        return text
    cells = [c for c in cells if c != ""]
    if all(len(c) == 1 for c in cells):
        return text   # 指  标  名  称: one word spaced out to fill a column, not a row of cells
    return " | ".join(cells) if len(cells) >= 3 else text


_NO_DOC = DocInfo("", "", "", "report", "", None, None, None, None)   # (a file not yet read)


def table_only_text(data: bytes) -> str | None:
    """The text of a file that is only a table (a title line and rows: 2021年各区县主要经济指标 then
    | 地区 | 地区生产总值(亿元) | …), which holds too little prose to pass as a report; else None."""
    if b"\x00" in data[:4096]:
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc).replace("\r\n", "\n").replace("\r", "\n")
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    rows = [pipe_cells(t) for t in (ln if "|" in ln else _as_pipe(ln) for ln in text.split("\n")) if is_pipe_row(t)]
    rows = [r for r in rows if not is_separator_row(r)]
    if len(rows) < 3 or not (is_header_row(rows[0]) or region_header(rows[0], rows[1:], _NO_DOC) is not None):
        return None
    with_figures = sum(1 for r in rows[1:] if any(parse_value_cell(c) for c in r[1:]))
    return text if with_figures >= 2 else None


MISSING_CELL = MISSING
_DIGIT = re.compile(r"\d")
_HEADER_FRAGMENT = re.compile(
    r"^(?:类别|一级类别|二级类别|类型|指标类型|实际完成(?:值|情况)?|完成值|预计完成值|(?:全年|年度)(?:实绩|完成|预计|目标|实际|预计完成)|领域|序号|编号|指标名称|指标|名称|单位|属性|指标属性|备注|说明|一级指标|二级指标|年均/?|累计|年均/累计|"
    r"(?:19|20)\d{2}\s*年?(?:预计完成|预计|目标值|目标|完成值|完成|实际值|实际|实绩|计划|执行|基数|基期)?|预计|目标|完成|实际|规划目标|计划|"
    r"执行|完成情况|实绩|预期目标|计划目标|预计完成|年均增长|年均增速|年均增长率|年均|进度评价|评价)$")


# a column header naming a status and a rate: 2019年目标增长(%), 实际增速, 2023年预计增长(%)
_STATUS_RATE_HEADER = re.compile(r"^(?:(?:19|20)\d{2}\s*年?)?(?:全年)?(?:目标|计划|预期|实际|完成|执行|预计)(?:值|数)?"
                                 r"(?:增长率?|增速|增幅)?(?:[\(（][^()（）]{1,6}[\)）])?$")


_RATE_FRAGMENT = re.compile(r"^(?:增长|增速|增幅)率?(?:[\(（][^()（）]{1,6}[\)）])?$")   # 增长(%) under 2019年目标


def _is_header_fragment(c: str) -> bool:
    c = c.strip()
    return bool(_HEADER_FRAGMENT.match(c)) or bool(_STATUS_RATE_HEADER.match(c)) or bool(_RATE_FRAGMENT.match(c)) \
        or bool(_rx(r"^(?:完成情况|完成)?评价$").match(c))


def _names_rows(header: list[str]) -> bool:
    """A header row whose first cell heads the column of row names (指 标, 序号, 地区): one that starts a table."""
    first = next((c for c in header if clean_cell(c)), "")
    return classify_header(first).role in ("seq", "name", "category", "region")


class DocumentParser:
    def __init__(self, doc: DocInfo, hyg: Hygiene, raw: str, region_names: list[str]):
        self.doc = doc
        self.lines: list[Line] = hyg.lines
        self.raw = raw
        self.prose = ProseParser(doc, region_names)
        self.sections: list[Section] = []
        self._current: tuple[Section | None] | None = None   # current_section(), until the next heading
        self.findings: list[tuple[str, str, str]] = []
        self.n_tables = 0
        self._consumed = 0  # lines after a table (title, notes) already read with it
        self._last_table = None  # (table, end line) of the last pipe table, for continuations
        self.ttext: list[str] = []
        self.head = next((ln.text.strip() for ln in self.lines[:5] if ln.text.strip()), "")   # the report's first line

    def current_section(self) -> Section | None:
        # the innermost section that says something about time or mode, else the innermost;
        # worked out again only after a heading changed the stack (callers only read it)
        if self._current is None:
            self._current = (self._current_section(),)
        return self._current[0]

    def _current_section(self) -> Section | None:
        for s in reversed(self.sections):
            if s.year or s.mode:
                merged = Section(s.level, s.text, s.year, s.mode, s.plan)
                for outer in reversed(self.sections):
                    if outer is s or outer.level >= s.level:
                        continue
                    merged.mode = merged.mode or outer.mode
                    if merged.year is None and not (merged.mode == "actual" and outer.year and self.doc.actual_year
                                                    and outer.year > self.doc.actual_year):
                        merged.year = outer.year   # (a review section does not take the title's target year)
                    merged.plan = merged.plan or outer.plan
                return merged
        return self.sections[-1] if self.sections else None

    def push_heading(self, level: int, text: str):
        while self.sections and self.sections[-1].level >= level:
            self.sections.pop()
        self.sections.append(section_for(level, text, self.doc))
        self._current = None
        self.prose.heading = text

    # ------------------------------------------------------------------ driver
    def parse(self) -> list[Fact]:
        facts: list[Fact] = []
        lines = self.lines
        # rows of tables laid out with tabs or runs of spaces read like pipe rows
        self.ttext = [ln.text if "|" in ln.text else _as_pipe(ln.text) for ln in lines]
        i = 0
        while i < len(lines):
            ln = lines[i]
            if is_pipe_row(self.ttext[i]):
                j = i
                while j < len(lines) and is_pipe_row(self.ttext[j]):
                    j += 1
                facts.extend(self.pipe_block(i, j))
                i = j + self._consumed
                continue
            if ln.text.strip() == "序号" and (task := self.flat_task_block(i)) is not None:
                facts.extend(task[0])
                i = task[1]
                continue
            flat_end = self.flattened_table_at(i)
            if flat_end:
                facts.extend(self.flattened_block(i, flat_end))
                i = flat_end + self._consumed
                continue
            h = heading_of(ln.text)
            if h:
                self.push_heading(*h)
            text, section = progress_line(ln.text, self.doc) if self.doc.progress else (ln.text, None)
            facts.extend(self.prose.parse_line(text, ln.start, self.raw, section or self.current_section()))
            i += 1
        return facts

    # ------------------------------------------------------------------ pipe tables
    def _title_and_notes(self, i: int, j: int) -> tuple[str, list[str], list[int]]:
        title = ""
        for k in (i - 1, i - 2):
            if 0 <= k < len(self.lines) and TABLE_TITLE.search(self.lines[k].text) and len(self.lines[k].text) < 60:
                title = self.lines[k].text.strip()
                break
        notes: list[str] = []
        used: list[int] = []
        k = j
        while k < len(self.lines) and k < j + 8:
            t = self.lines[k].text.strip()
            if not title and TABLE_TITLE.search(t) and len(t) < 60 and not notes:
                title = t
                used.append(k)
            elif NOTE_LINE.search(t) and len(t) < 160 and (notes or _rx(r"^\s*(注|备注|说明)").match(t)):
                notes.append(t)
                used.append(k)
            else:
                break
            k += 1
        return title, notes, used

    def _region_table_title(self, i: int) -> str:
        """A short line just above a table (各区2021年经济运行情况, 各区县地区生产总值(亿元)): the title a
        table of regions takes its year, or its indicator, from."""
        for k in range(i - 1, max(i - 4, -1), -1):
            t = self.lines[k].text.strip()
            if t:
                return t if len(t) <= 40 and not _rx(r"[。;,]").search(t) else ""
        return ""

    def pipe_block(self, i: int, j: int) -> list[Fact]:
        """Rows i..j-1 with cell separators: a table with its header, a continued table, or text in boxes."""
        rows = [(pipe_cells(self.ttext[k]), k) for k in range(i, j)]
        rows = [(r, k) for r, k in rows if not is_separator_row(r)]
        starts = [n for n in range(1, len(rows)) if is_header_row(rows[n][0]) and not is_header_row(rows[n - 1][0])
                  and _names_rows(rows[n][0]) and (any(looks_like_data_row(r) for r, _ in rows[:n])
                                                   or all(sum(1 for c in r if clean_cell(c)) <= 1 for r, _ in rows[:n]))]
        if starts:   # a page of small tables, each under its own header (工业经济 / 指标 | 单位 | 1-3月 | ±%)
            bounds = [0] + starts + [len(rows)]
            return [f for a, b in zip(bounds, bounds[1:]) for f in self.pipe_block(rows[a][1], rows[b - 1][1] + 1)]
        header_rows = []
        k = 0
        while k < len(rows) and len(header_rows) < 2 and (
                is_header_row(rows[k][0]) or k == 1 and (is_region_subheader_row(rows[0][0], rows[1][0])
                                                         or is_measure_subheader_row(rows[1][0]))):
            header_rows.append(rows[k][0])
            k += 1
        if len(rows) > 2 and len(header_rows) < 2:
            # rows of regions under a header whose first cell is empty or says 指标/名称
            named = region_header(rows[0][0], [r for r, _ in rows[1:]], self.doc)
            if named is not None:
                header_rows, k = [named], 1
        long_cells = any(len(clean_cell(c)) > 40 for r, _ in rows for c in r)
        self._consumed = 0
        prev = self._last_table
        if not header_rows and prev is not None and not long_cells and i - prev[1] <= 12 and \
                abs(max(len(r) for r, _ in rows) - len(prev[0].columns)) <= 1:
            return self._continued_table(prev[0], rows, i, j)
        if not header_rows or long_cells:
            # (a table of tasks with long progress notes: its task and progress columns read apart)
            return (header_rows and self._task_table(header_rows[0], rows[k:])) or self._cells_as_prose(rows)
        data = [(r, idx) for r, idx in rows[k:] if not is_header_row(r)]
        width = max((len(r) for r, _ in data), default=0)
        header_lines = [self.ttext[idx] for _, idx in rows[:len(header_rows)]]
        headers = merge_header_rows(header_rows, width, header_lines)
        title, notes, used = self._title_and_notes(i, j)
        self._consumed = (max(used) - j + 1) if used else 0
        years = [int(y) for h in headers for y in _rx(r"((?:19|20)\d{2})").findall(h)]
        plan = detect_plan([title] + notes + [self.current_section().text if self.current_section() else ""], years,
                           annual=self.doc.kind in _ANNUAL_KINDS)
        if not title:
            title = self._region_table_title(i)
        cols = resolve_columns(headers, plan, self.doc, title, self.head)
        region_kind = region_table_kind(cols)
        if region_kind and not any(looks_like_data_row(r) for r, _ in data):
            return self._cells_as_prose(rows)   # regions with tasks or remarks, no figures: a box of text
        self.n_tables += 1
        table = Table(f"T{self.n_tables}", cols, [], notes, title, plan, rule=self._rule_of(rows, region_kind),
                      statistical=statistical_table(cols, title, self.doc, self.head), region=title_region(title))
        for cells, idx in data:
            ln = self.lines[idx]
            table.rows.append((with_merged_first_cell(cells, headers), self.raw[ln.start:ln.start + len(ln.raw)].strip(),
                               ln.start, ln.start + len(ln.raw)))
        self._last_table = (table, j)
        facts = table_facts(table, self.doc) or self._task_table(headers, data)
        if not facts and data:
            self.findings.append(("table_unread", f"表{table.table_id} 第{i + 1}行起",
                                  f"表格({len(data)}行)未能读出数值,请核对表头:{' | '.join(headers)[:80]}"))
        return facts

    def _rule_of(self, rows: list[tuple[list[str], int]], region_kind: str | None) -> str:
        """The reading a table with a header gets: rows of regions or region columns, rows laid out
        with tabs or runs of spaces (rewritten with pipes), or a pipe table."""
        if region_kind:
            return "table.district_rows" if region_kind == "rows" else "table.district_columns"
        return "table.pipe" if all("|" in self.lines[idx].text for _, idx in rows) else "table.aligned"

    def _continued_table(self, t0: Table, rows: list[tuple[list[str], int]], i: int, j: int) -> list[Fact]:
        """A table continued after a page break (表1(续)): the header was not repeated here. Under a
        title of its own (表2 富阳区…, its repeated header dropped as page furniture) it is the next
        table, laid out as the one before."""
        title = next((self.lines[k].text.strip() for k in (i - 1, i - 2) if k > 0 and TABLE_TITLE.search(
            self.lines[k].text) and len(self.lines[k].text) < 60 and not _rx(r"续").search(self.lines[k].text)), "")
        if title and title != t0.title:
            self.n_tables += 1
            table = Table(f"T{self.n_tables}", t0.columns, [], [], title, t0.plan, t0.rule, title_region(title),
                          t0.statistical)
        else:
            table = Table(t0.table_id, t0.columns, [], t0.notes, t0.title, t0.plan, t0.rule, t0.region, t0.statistical)
        for cells, idx in rows:
            ln = self.lines[idx]
            table.rows.append((cells, self.raw[ln.start:ln.start + len(ln.raw)].strip(), ln.start,
                               ln.start + len(ln.raw)))
        self._last_table = (t0 if table.table_id == t0.table_id else table, j)
        return table_facts(table, self.doc)

    def _task_table(self, headers: list[str], data: list[tuple[list[str], int]]) -> list[Fact]:
        """A table of tasks and their progress (序号 | 项目内容 | 年度完成情况 | 责任单位): a task cell read as
        prose of the year's targets, a progress cell as prose of results, the other cells left out."""
        heads = [_rx(r"\s+").sub("", h) for h in headers]
        modes = column_modes(heads)
        if "target" not in modes:
            return []
        numbered = classify_header(heads[0]).role == "seq"
        out: list[Fact] = []
        for _, idx in data:
            ln = self.lines[idx]
            t = ln.text
            bars = [k for k, ch in enumerate(t) if ch == "|"]
            spans = list(zip([-1] + bars, bars + [len(t)]))
            if t.strip().startswith("|"):
                spans = spans[1:]   # (the border bar before the first cell)
            filled = [n for n, (a, b) in enumerate(spans) if t[a + 1:b].strip()]
            row_modes, row_heads = list(modes), heads
            first = t[spans[0][0] + 1:spans[0][1]].strip() if spans else ""
            if numbered and first and not SEQ.match(first):
                # 新增托位500个。 | 新增托位600个。 | |: a task's next line, without a number of its own
                row_modes, row_heads = modes[1:], heads[1:]
            elif filled == [0] and modes[0] is None:
                row_modes[0] = "target"   # (新增学位810个 | | |: a task's second line, spilled into the first cell)
            for (a, b), mode, head in zip(spans, row_modes, row_heads):
                if mode is not None and _DIGIT.search(t, a + 1, b):
                    cell = " " * (a + 1) + t[a + 1:b] + " " * (len(t) - b)
                    out.extend(self.prose.parse_line(cell, ln.start, self.raw, cell_section(cell, mode, head, self.doc)))
        return out

    def _task_table_below(self, i: int) -> bool:
        """A flattened table of tasks starts on one of the next lines (its title is line i)."""
        return any(self.lines[k].text.strip() == "序号" and self._flat_task_heads(k)
                   for k in range(i + 1, min(i + 4, len(self.lines))))

    def _flat_task_heads(self, i: int) -> list[str] | None:
        return flat_task_headers([self._cell(k) for k in range(i, min(i + 11, len(self.lines)))])

    def flat_task_block(self, i: int) -> tuple[list[Fact], int] | None:
        """A table of tasks flattened to one cell per line (序号 | 项目名称 | 主要工作内容 | 牵头单位 |
        完成情况, then 1, its cells, 2 …): each task or progress cell read as prose of targets or results.
        The facts and the index after the table, or None when line i starts no such table."""
        heads = self._flat_task_heads(i)
        if heads is None:
            return None
        first = i + 1 + len(heads)
        rows = flat_task_rows([self._cell(k) for k in range(first, len(self.lines))], len(heads))
        out: list[Fact] = []
        end = first
        for row in rows:
            groups = row_groups([self._cell(first + k) for k in row], len(heads))
            for group, (head, mode) in zip(groups, row_modes(len(groups), heads)):
                for ln in (self.lines[first + row[g]] for g in group):
                    if mode is not None and _DIGIT.search(ln.text):
                        out.extend(self.prose.parse_line(ln.text, ln.start, self.raw,
                                                         cell_section(ln.text, mode, head, self.doc)))
            end = first + row[-1] + 1 if row else end
        return out, end

    def _cells_as_prose(self, rows: list[tuple[list[str], int]]) -> list[Fact]:
        """Not an indicator table (a box of text laid out with pipes): each cell read as prose."""
        out: list[Fact] = []
        for cells, idx in rows:
            ln = self.lines[idx]
            out.extend(self.prose.parse_line(ln.text.replace("|", "。"), ln.start, self.raw, self.current_section()))
        return out

    # ------------------------------------------------------------------ flattened tables
    def _cell(self, k: int) -> str:
        """Line k as a cell of a flattened table: stripped, and a short cell's blanks between Chinese
        characters taken out (地  区, 全  市: spaced out to fill a column)."""
        t = self.lines[k].text.strip()
        return _SPACED_OUT.sub("", t) if len(t) <= 16 and " " in t else t

    def flattened_table_at(self, i: int) -> int | None:
        """If a table flattened to one cell per line starts at line i (its title), return the
        index after its last line. A table may also start at its first header cell (指标名称) with
        no title of its own."""
        t = self._cell(i)
        if _UNTITLED_START.match(t):
            return self._untitled_flat_end(i)
        if len(t) <= 8 and _REGION_HEAD.search(t):
            return self._flat_region_end(i)
        if not (len(t) < 60 and ("表" in t or "指标" in t or "完成情况" in t) and TABLE_TITLE.search(t)) \
                or t.endswith((":", "：")) or "如下" in t:   # (every title pattern holds 表, 指标 or 完成情况)
            return None
        if self._titled_region_rows(i):
            return self._flat_end(i)
        if self._task_table_below(i):
            return None   # (read from its 序号 line on)
        if i + 1 < len(self.lines) and TABLE_TITLE.search(self._cell(i + 1)) \
                and len(self._cell(i + 1)) < 60:
            return None   # the title is the next line
        window = [self._cell(k) for k in range(i + 1, min(i + 16, len(self.lines)))]
        if any(is_pipe_row(self.ttext[k]) for k in range(i + 1, min(i + 6, len(self.lines)))):
            return None   # a table with separators follows: read it as rows
        if not any(_rx(r"指标名称|指标$").search(w) for w in window) or not all(len(w) <= 40 for w in window[:8]):
            return None
        return self._flat_end(i)

    def _flat_end(self, i: int) -> int | None:
        """The index after the last cell line of a flattened table that starts at line i."""
        k = i + 1
        while k < len(self.lines):
            s = self._cell(k)
            if _rx(r"^(?:备注|注)\s*[:：]").match(s) or _rx(r"^附件\s*\d").match(s) or len(s) > 60:
                break
            h = heading_of(s)
            nxt = self._cell(k + 1) if k + 1 < len(self.lines) else ""
            if h and h[0] in (1, 2) and k > i + 3 and (len(s) > 12 or len(nxt) > 40):
                break   # the next section starts (一、综合发展 over short cells is a category of the table)
            k += 1
        return k if k - i > 8 else None

    def _untitled_flat_end(self, i: int) -> int | None:
        """A flattened table with no title line: 指标名称 then at least two more header cells, one
        of them a value column (a year or a status: 2019年目标增长(%), 实际完成)."""
        heads = [self._cell(k) for k in range(i + 1, min(i + 7, len(self.lines)))]
        n = next((j for j, h in enumerate(heads) if not _is_header_fragment(h)), len(heads))
        if n < 2 or not any(_rx(r"(?:19|20)\d{2}|目标|实际|完成|预计|计划|执行").search(h) for h in heads[:n]):
            return None
        if any(is_pipe_row(self.ttext[k]) for k in range(i, min(i + 6, len(self.lines)))):
            return None
        return self._flat_end(i)

    def _flat_region_end(self, i: int) -> int | None:
        """A table of regions flattened to one cell per line: 地区, its header cells (no figures), then
        a region and its figures, the next region and its figures …"""
        cells = [self._cell(k) for k in range(i + 1, min(i + 12, len(self.lines)))]
        n = next((j for j, c in enumerate(cells) if region_of_cell(c, self.doc) or parse_value_cell(c)), len(cells))
        if n < 1 or n >= len(cells) or not region_of_cell(cells[n], self.doc) or n + 1 >= len(cells) \
                or parse_value_cell(cells[n + 1]) is None:
            return None
        return self._flat_end(i)

    def _row_start(self, c: str) -> bool:
        return bool(region_of_cell(c, self.doc)) or c in _OTHER_SCOPES

    def _titled_region_rows(self, i: int) -> list[str] | None:
        """表1 2023年主要经济指标增幅横向比较(%): a title, header cells (one header may run over two
        lines: 规上工业 / 增加值), then a region (全国, 浙江, 宁波 …) and its figures per row. The headers,
        one per figure of a row, or None when the lines are not laid out so."""
        cells = [self._cell(k) for k in range(i + 1, min(i + 40, len(self.lines)))]
        n = len(cells)
        for j, c in enumerate(cells):
            if len(c) > 12 or "|" in c:
                return None   # (a sentence or a pipe row before any region: not this layout)
            if self._row_start(c) or parse_value_cell(c):
                n = j
                break
        if n < 2 or n >= len(cells) or not self._row_start(cells[n]):
            return None
        width = next((j for j, c in enumerate(cells[n + 1:]) if parse_value_cell(c) is None), len(cells) - n - 1)
        return _joined_headers(cells[:n], width) if width >= 2 else None

    def flat_region_block(self, i: int, end: int) -> list[Fact]:
        """The rows of a flattened table of regions: each region cell starts a row of figures."""
        heads = [self._cell(i)]
        k = i + 1
        while k < end and not self._row_start(self._cell(k)):
            heads.append(self._cell(k))
            k += 1
        titled = self._titled_region_rows(i) if len(heads[0]) > 8 else None
        if titled:
            heads = ["地区"] + titled   # the title line is the table's title, not its first header
        title = self._region_table_title(i) if not titled else self._cell(i)
        cols = resolve_columns(heads, None, self.doc, title, self.head)
        self.n_tables += 1
        table = Table(f"T{self.n_tables}", cols, [], [], title, None, rule="table.flattened_district_rows",
                      statistical=statistical_table(cols, title, self.doc, self.head))
        self._consumed = 0
        row: list[int] = []
        for k in range(k, end + 1):
            c = self._cell(k) if k < end else ""
            if k == end or (self._row_start(c) and len(row) >= 1):
                if row:
                    first, last = self.lines[row[0]], self.lines[row[-1]]
                    cells = [self._cell(x) for x in row][: len(cols)]
                    table.rows.append((cells, " | ".join(cells), first.start, last.start + len(last.raw)))
                row = []
            if k < end:
                row.append(k)
        return table_facts(table, self.doc)

    def flattened_block(self, i: int, end: int) -> list[Fact]:
        """A table flattened to one cell per line: its header cells, then its rows, as a table."""
        title = self._cell(i)
        if (len(title) <= 8 and _REGION_HEAD.search(title)) or self._titled_region_rows(i):
            return self.flat_region_block(i, end)
        first = i + 1
        if _UNTITLED_START.match(title):
            title, first = "", i     # no title line: the table starts with its header
        cells = [(self._cell(k), k) for k in range(first, end)]
        start = next((n for n, (c, _) in enumerate(cells[:5]) if _UNTITLED_START.match(c)), 0)
        if start:   # …主要目标安排如下: / …主要目标建议 / 序号 …: a lead sentence and the table's own title first
            title, cells = cells[start - 1][0], cells[start:]
        h_end, headers = flat_headers(cells)
        years = [int(y) for h in headers for y in _rx(r"((?:19|20)\d{2})").findall(h)]
        plan = detect_plan([title], years, annual=self.doc.kind in _ANNUAL_KINDS)
        cols = resolve_columns(headers, plan, self.doc, title, self.head)
        notes_after = self._notes_after(end)
        self._consumed = len(notes_after)
        self.n_tables += 1
        statuses = {c.status for c in cols if c.role == "value"}
        rule = "table.flattened_target_actual" if {"target", "actual"} <= statuses else "table.flattened"
        if region_table_kind(cols) == "columns":
            rule = "table.flattened_district_columns"
        table = Table(f"T{self.n_tables}", cols, [], notes_after, title, plan, rule=rule,
                      statistical=statistical_table(cols, title, self.doc, self.head), region=title_region(title))
        reader = FlatRows(cols)
        for pos, (c, idx) in enumerate(cells[h_end:]):
            reader.feed(c, cells[h_end + pos + 1][0] if h_end + pos + 1 < len(cells) else "", idx)
        for r in reader.rows:
            self._add_flat_row(table, reader, r)
        return table_facts(table, self.doc)

    def _notes_after(self, end: int) -> list[str]:
        """Notes (备注: …, 注: 1. …) right below a flattened table."""
        notes_after: list[str] = []
        k = end
        while k < len(self.lines) and k < end + 4:
            s = self.lines[k].text.strip()
            if _rx(r"^(?:备注|注)\s*[:：]").match(s) or (notes_after and NOTE_LINE.search(s)):
                notes_after.append(s)
                k += 1
            else:
                break
        return notes_after

    def _add_flat_row(self, table: Table, reader: "FlatRows", r: dict) -> None:
        """One gathered row as cells in the table's column order, with its quote and span."""
        name = "".join(r["names"]) if len(r["names"]) > 1 else (r["names"][0] if r["names"] else "")
        if not name:
            return
        cols = table.columns
        fixed = {"seq": r["seq"], "name": name, "category": r["category"], "attr": r["attr"], "note": r["note"],
                 "unit": r["unit"]}
        cells_out = [fixed.get(c.role, "") for c in cols]
        vals = r["values"]
        value_cols, cum_cols = reader.value_cols, reader.cum_cols
        in_order = sorted(value_cols + cum_cols)
        if cum_cols and not r["cum"] and len(vals) == len(in_order):
            # plain figures in every value column (2025年预计 | 2030年目标 | 年均增速): in header order
            for n, v in zip(in_order, vals):
                cells_out[n] = v
        elif len(vals) == 1 and len(value_cols) >= 2:
            # one value for two year columns: read as the target column, and say so
            cells_out[value_cols[-1]] = vals[0]
            r["note"] = (r["note"] + ";" if r["note"] else "") + "仅一列有值,按目标列读取"
            self.findings.append(("table_ambiguity", f"表{table.table_id} 第{r['seq']}行 {name}",
                                  "两个年份列只有一个数值,按目标列读取"))
        else:
            for n, v in zip(value_cols, vals):
                cells_out[n] = v
        for n, v in zip(cum_cols, r["cum"]):
            cells_out[n] = v
        first = self.lines[r["lines"][0]]
        last = self.lines[max(r["lines"])]
        quote_cells = [x for x in ([r["seq"]] if reader.has_seq else []) + [name, r["unit"]] + vals + r["cum"]
                       + [r["attr"], r["note"]] if x]
        table.rows.append((cells_out, " | ".join(quote_cells), first.start, last.start + len(last.raw)))


_OTHER_SCOPES = frozenset({"全国"})   # a comparison row of a scope outside the regions catalog
# the second line of a header broken over two lines (规上工业 / 增加值, 社会消费品 / 零售总额)
_HEADER_TAIL = re.compile(r"^(?:增加值|零售总额|可支配收入|总额|总值|产值|收入|投资|支出|利润|营业收入)(?:\(%\))?$")


def _joined_headers(frags: list[str], width: int) -> list[str] | None:
    """Header fragments joined into ``width`` headers: a fragment that is only a header's tail
    (增加值, 零售总额, 可支配收入) joins the one before it, as long as there are too many."""
    heads = list(frags)
    k = 1
    while len(heads) > width and k < len(heads):
        if _HEADER_TAIL.match(heads[k]):
            heads[k - 1:k + 1] = [heads[k - 1] + heads[k]]
        else:
            k += 1
    return heads if len(heads) == width else None


def _region_header_end(cells: list[tuple[str, int]], h_end: int) -> int:
    """After 指标 (and 单位), region names as header cells (全市 / 上城区 / 拱墅区: one column per
    region) belong to the header too; the end of the header so extended."""
    if not any(header_words("indicator_name").search(c) for c, _ in cells[:h_end]):
        return h_end
    end, regions = h_end, 0
    while end < len(cells) and (canonical_region(cells[end][0]) or _is_header_fragment(cells[end][0])):
        regions += bool(canonical_region(cells[end][0]))
        end += 1
    return end if regions >= 2 else h_end


def flat_headers(cells: list[tuple[str, int]]) -> tuple[int, list[str]]:
    """(index of the first body cell, header texts) of a flattened table: the header fragments run up
    to the first category line, sequence number or other cell; 2022年 + 目标 join into one header."""
    h_end = next((n for n, (c, _) in enumerate(cells) if CATEGORY.match(c) or SEQ.match(c)
                  or not _is_header_fragment(c)), len(cells))
    h_end = _region_header_end(cells, h_end)
    run = 0
    while h_end + run < len(cells) and is_sub_header(cells[h_end + run][0]):
        run += 1
    if run >= 2 and any(header_words("growth").search(c) for c, _ in cells[h_end:h_end + run]):
        h_end += run   # a second header row of sub-columns (比上年增长(%) | 总量 | 比上年增长(%))
    headers: list[str] = []
    for f, _ in cells[:h_end]:
        if headers and (headers[-1].endswith("/") or
                        (_rx(r"(?:19|20)\d{2}年").fullmatch(headers[-1]) and
                         _rx(r"预计|目标|完成|实际|规划目标|计划|执行|完成情况|实绩|预期目标|计划目标|预计完成").fullmatch(f)) or
                        (_RATE_FRAGMENT.match(f) and _rx(r"(?:预计|目标|完成|实际|计划|执行)$").search(headers[-1]))):
            headers[-1] += f
        elif headers and _rx(r"指标(?:类型|类别|属性)").fullmatch(headers[-1] + f):
            headers[-1] += f   # 指标 / 类型: one header broken over two lines
        else:
            headers.append(f)
    k = len(headers)
    while k > 2 and is_sub_header(headers[k - 1]):
        k -= 1
    if len(headers) - k >= 2:   # a second header row of sub-columns, flattened after the first
        headers = spread_sub_headers(headers[:k], headers[k:]) or headers
    return h_end, headers


class FlatRows:
    """Gathers the cells of a flattened table into rows, a cell at a time: a sequence number or a
    name starts a row, then come its unit, values, attribute and note."""

    def __init__(self, cols: list):
        roles = [c.role for c in cols]
        self.value_cols = [n for n, c in enumerate(cols) if c.role == "value" and c.measure is None]
        self.cum_cols = [n for n, c in enumerate(cols) if c.role == "value" and c.measure is not None]
        self.has_attr, self.has_note_col = "attr" in roles, "note" in roles
        self.has_seq, self.has_unit = "seq" in roles, "unit" in roles
        self.n_values = len(self.value_cols) + len(self.cum_cols)
        # 序号 | 指标名称 | 属性 | 完成情况 | 年度目标: the attribute printed before the figures
        self.attr_first = self.has_attr and roles.index("attr") < min(self.value_cols + self.cum_cols, default=0)
        self.rows: list[dict] = []
        self.cur: dict | None = None
        self.category = ""
        self.parent = ""

    def new_row(self, seq: str, idx: int) -> dict:
        row = {"seq": seq, "names": [], "values": [], "cum": [], "attr": "", "note": "", "lines": [idx],
               "category": self.category, "unit": ""}
        self.rows.append(row)
        self.cur = row
        return row

    def feed(self, c: str, nxt: str, idx: int) -> None:
        if self.has_seq:
            self._feed_numbered(c, nxt, idx)
        else:
            self._feed_plain(c, nxt, idx)

    def _complete(self) -> bool:
        cur = self.cur
        return cur is not None and (len(cur["values"]) + len(cur["cum"]) >= self.n_values
                                    or (bool(cur["attr"]) and not self.attr_first))

    def _attr_done(self) -> bool:
        """The row's attribute is said and, where it comes before the figures, so are they."""
        return bool(self.cur and self.cur["attr"]) and (not self.attr_first or self._complete())

    def _feed_plain(self, c: str, nxt: str, idx: int) -> None:
        """No sequence column: names are recognised by the unit cell that follows them, and a text
        cell after a complete row is its note (备注) or the next category."""
        cur = self.cur
        pv0 = parse_value_cell(c)
        is_value = pv0 is not None or bool(MISSING_CELL.match(c))
        if cur is not None and self.has_unit and not cur["unit"] and not (cur["values"] or cur["cum"]) \
                and _UNIT_CELL.match(c):
            cur["unit"] = c
            cur["lines"].append(idx)
            return
        if ATTR.match(c) and cur is not None:
            cur["attr"] = c
            cur["lines"].append(idx)
            return
        complete = self._complete()
        # (a row whose unit cell was left empty: its name, then its figures)
        unit_left_out = cur is not None and cur["names"] and not (cur["values"] or cur["cum"]) and is_value \
            and parse_value_cell(nxt) is not None
        if is_value and cur is not None and not complete and (cur["unit"] or not self.has_unit or unit_left_out
                                                              or cur["values"]):
            if pv0 is not None and "qualitative" not in pv0 and pv0.get("kind") in ("square", "lenticular"):
                cur["cum"].append(c)
            else:
                cur["values"].append("" if pv0 is None else c)
            cur["lines"].append(idx)
            return
        starts_row = (_UNIT_CELL.match(nxt) is not None or (complete or cur is None) and parse_value_cell(nxt) is not None
                      and not _rx(r"^\d").match(c)) if self.has_unit else (
            cur is None or complete or not (cur["values"] or cur["cum"]))
        if starts_row and not is_value:
            self.new_row(str(len(self.rows) + 1), idx)["names"].append(c)
            return
        if cur is not None and complete and self.has_note_col and not cur["note"]:
            cur["note"] = c
            cur["lines"].append(idx)
            return
        if not is_value:
            self.category = c     # 经济发展, 总量: a label that is not followed by a unit

    def _feed_numbered(self, c: str, nxt: str, idx: int) -> None:
        """A sequence column: a bare integer starts a row when the previous row is complete (has its
        attribute) or when no row is open, or when it is the next number and a name follows it (a row
        that left a figure out); otherwise it is a value (35, 86 ...)."""
        cur = self.cur
        if CATEGORY.match(c):
            self.category = CATEGORY.match(c).group(1)
            self.cur = None
            return
        following = cur is not None and cur["seq"].isdigit() and SEQ.match(c) and int(c) == int(cur["seq"]) + 1
        if SEQ.match(c) and (cur is None or self._attr_done() or (not self.has_attr and not cur["values"] and not cur["names"])
                             or (following and self._complete())
                             or (following and cur["values"] and parse_value_cell(nxt) is None and not ATTR.match(nxt)
                                 and not MISSING_CELL.match(nxt))):
            self.new_row(c, idx)
            self.parent = ""
            return
        if cur is None:
            return
        pv = parse_value_cell(c)
        if (pv is None or "qualitative" in pv) and self.has_note_col and not cur["note"] and self._complete():
            cur["note"] = c   # 超额完成 under 完成情况评价, after the row's figures
            cur["lines"].append(idx)
            return
        if self.has_unit and not cur["unit"] and not cur["values"] and cur["names"] and _UNIT_CELL.match(c):
            cur["unit"] = c
            cur["lines"].append(idx)
            return
        is_name_like = bool(_rx(r"[\(（][^)）]*[\)）]$").search(c)) and pv is None or (
            pv is not None and "qualitative" in pv and _rx(r"[\(（](?:%|人|件|亿元|年|岁)[\)）]$").search(c))
        if self._attr_done():
            self._after_attribute(c, idx, pv, is_name_like)
            return
        if ATTR.match(c):
            cur["attr"] = c
            cur["lines"].append(idx)
            return
        if not cur["names"] or (not cur["values"] and not cur["cum"] and pv is None and len(cur["names"]) < 2
                                and not is_name_like is False):
            if cur["names"]:
                self.parent = cur["names"][0]
            cur["names"].append(c)
            cur["lines"].append(idx)
            return
        if pv is None and c in ("未出", "--", "—", "-"):
            cur["values"].append("")
        elif pv is not None and "qualitative" not in pv and pv.get("kind") in ("square", "lenticular"):
            cur["cum"].append(c)
        else:
            cur["values"].append(c)
        cur["lines"].append(idx)

    def _after_attribute(self, c: str, idx: int, pv: dict | None, is_name_like) -> None:
        """After the attribute: a note, or the name of a sub-row (注册护士数(人))."""
        cur = self.cur
        if is_name_like or (pv is None and not cur["note"] and _rx(r"数$|率$|比重$").search(c)
                            and not self.has_note_col):
            sub = self.new_row(cur["seq"], idx)
            sub["names"] = ([self.parent] if self.parent else []) + [c]
            return
        if not cur["note"]:
            cur["note"] = c
            cur["lines"].append(idx)
