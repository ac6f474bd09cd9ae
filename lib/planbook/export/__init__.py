"""Excel tables for officials (openpyxl).

Two entry points:

* ``export_view(df, kind, path=None, **meta)`` writes the table a notebook shows (filtered as its
  widgets are set) as one official-style sheet; the notebooks' 导出Excel buttons call it.
* ``export_all(out_dir=None)`` writes the main workbook ``exports/规划指标分析汇总.xlsx`` from
  ``data/processed/*.csv`` (whatever exists; missing tables are listed on the 说明 sheet) and, when
  reviews.csv exists, one workbook per region ``exports/规划目标完成情况_<地区>.xlsx``.
* ``planbook export [--out DIR]`` runs ``export_all`` and prints the paths.

Every sheet follows the conventions of tables a planning bureau hands upward: a merged title row, a
line with the unit and the data date, a bold filled header, frozen panes below it, widths that fit
Chinese text, numbers stored as numbers with formats by unit, statuses coloured by conditional
formatting, thin borders, A4 with the header rows repeated and page numbers in the footer, text at
9 pt or more. Files are written to a temporary file beside the target and renamed; a target that is
open elsewhere (lock file or PermissionError) raises ``PlanbookError`` and stays as it was.

What each sheet holds and prints is its spec in ``planbook.sheet_specs``; the words of the 说明
sheet and the notes under the tables are in ``resources/readme_zh.yml``. The modules, by idea:

* ``labels``: Chinese column headers and value labels, status colours;
* ``cells``: values, number formats, widths of Chinese text, cell styles;
* ``printing``: A4 print setup, row heights, workbook properties, the atomic save;
* ``table``: the table writer (title lines, header, body, widths, notes) and the 来源摘录 sheet;
* ``charts``: chart sheets (comparison bars, scenario lines with the target line);
* ``kinds``: one sheet per table kind through its spec; ``scenario_sheet``: the scenario sheet;
* ``readme``: the 说明 sheet; ``documents``: manifest, data dates, scope notes;
* ``workbooks``: ``export_view``, ``export_all`` and the ``planbook export`` command.
"""
from __future__ import annotations

from planbook.export.cells import display_width, sheet_title, unit_decimals
from planbook.export.labels import (
    _STATUS_COLOURS, COLUMN_LABELS, STATUS_STYLE, VALUE_LABELS, column_label, status_label,
)
from planbook.export.printing import (
    MIN_SCALE, PRINT_UNITS, lock_files, new_workbook, print_layout, printed_width, save_workbook, setup_print,
)
from planbook.export.readme import readme_text, write_readme_sheet
from planbook.export.table import SheetLayout, add_status_formatting, note_number, write_sources_sheet, write_table
from planbook.export.workbooks import (
    KIND_INFO, KINDS, MAIN_WORKBOOK, add_cli, export_all, export_view, safe_file_stem,
)

__all__ = [
    "COLUMN_LABELS", "KINDS", "KIND_INFO", "MAIN_WORKBOOK", "MIN_SCALE", "PRINT_UNITS", "STATUS_STYLE",
    "VALUE_LABELS", "SheetLayout", "add_cli", "add_status_formatting", "column_label", "display_width",
    "export_all", "export_view", "lock_files", "new_workbook", "note_number", "print_layout", "printed_width",
    "readme_text", "safe_file_stem", "save_workbook", "setup_print", "sheet_title", "status_label",
    "unit_decimals", "write_readme_sheet", "write_sources_sheet", "write_table",
]
