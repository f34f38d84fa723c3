"""Write an `AefReport` as the secretariat's AEF workbook (`article6.md` §4.2), whole or not at all.

XlsxWriter in constant-memory mode streams each row to disk as soon as the next one starts, so a year
with a million actions needs no more memory than the report itself. The layout comes from
`workbook_layout`, the cell values from `cell_values`; this module only places them: headings, field
names, spacer columns left without any cell, integers as numbers, dates as real date cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from setu.aef.cell_values import (
    Cell,
    action_values,
    authorization_values,
    entity_values,
    holding_values,
    submission_values,
)
from setu.aef.summary_sheets import write_index, write_summary
from setu.aef.workbook_layout import MAX_ROWS, SHEETS, Table, Template, template
from setu.domain.article6.aef_model import AefReport, IdStyle
from setu.domain.article6.vocabulary import party_name
from setu.workbook_file import write_whole

HEADING_ROW = 0
"""Where each table's heading goes; the field names follow on the next row, the data after them."""
EXCEL_EPOCH = date(1899, 12, 30).toordinal()
Row = TypeVar("Row")


def write_aef(report: AefReport, path: Path | str, id_style: IdStyle) -> None:
    """Write `report` to `path` in the template generation `id_style`.

    The file is written beside `path` under a temporary name and renamed over it, so a failure never
    leaves a half-written workbook. Raises `ValueError` before writing anything when the report cannot
    be expressed in the template: an action type that v1 does not accept, a Party or country without a
    known name, a table longer than a worksheet; and when `path` cannot be written.
    """
    path = Path(path)
    layout = template(id_style)
    _refuse_what_the_template_cannot_hold(report, layout)
    write_whole(path, lambda temporary: _write(report, layout, temporary), what="AEF workbook")


def _refuse_what_the_template_cannot_hold(report: AefReport, layout: Template) -> None:
    """Every check that could fail, run before the first byte is written."""
    party_name(report.submission.party)
    accepted = layout.action_types
    for number, action in enumerate(report.actions, start=1):
        if action.action_type not in accepted:
            allowed = ", ".join(sorted(t.value for t in accepted))
            raise ValueError(
                f"Table 3 action {number} ({action.action_date}, {action.authorization_id}): action type "
                f"{action.action_type.value!r} is not accepted by the {layout.generation.value} template "
                f"(accepted: {allowed}); use id_style v2 or leave the action out"
            )
    for entity in report.entities:
        entity_values(entity)  # the country name
    for name, rows in (("Table 2", report.authorizations), ("Table 3", report.actions),
                       ("Table 4", report.holdings), ("Table 5", report.entities)):
        if HEADING_ROW + 2 + len(rows) > MAX_ROWS:
            raise ValueError(f"{name}: {len(rows):,} rows do not fit in one worksheet ({MAX_ROWS:,} rows)")


def _write(report: AefReport, layout: Template, path: Path) -> None:
    big = len(report.actions) + len(report.holdings) > 500_000
    options = {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "use_zip64": big,  # a sheet's XML passes 4 GB near two million rows
    }
    # As a context manager the workbook is closed (its per-sheet temporary files too) even when a row fails.
    with Workbook(str(path), options) as workbook:
        submission = report.submission
        workbook.set_properties(
            {"title": f"AEF annual information {submission.party} {submission.reported_year} v{submission.version}"})
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheets = {name: workbook.add_worksheet(name) for name in SHEETS}
        write_index(sheets[SHEETS[0]], bold, report, layout)
        write_summary(sheets[SHEETS[1]], bold, layout)
        t1, t2, t3, t4, t5 = layout.tables
        _write_vertical(sheets[t1.sheet], t1, submission_values(submission), bold, day)
        full = layout.generation is IdStyle.V1
        _write_table(sheets[t2.sheet], t2, report.authorizations, authorization_values, header, day)
        _write_table(sheets[t3.sheet], t3, report.actions, lambda row: action_values(row, full), header, day)
        _write_table(sheets[t4.sheet], t4, report.holdings, lambda row: holding_values(row, full), header, day)
        _write_table(sheets[t5.sheet], t5, report.entities, entity_values, header, day)


def _write_vertical(sheet: Worksheet, table: Table, values: Sequence[Cell], bold: Format, day: Format) -> None:
    """Table 1: the heading, then each label with its value in the cell to its right."""
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 1, 52)
    sheet.write_string(HEADING_ROW, 0, table.heading, bold)
    for offset, (field, value) in enumerate(zip(table.fields, values, strict=True), start=1):
        sheet.write_string(HEADING_ROW + offset, 0, field.name)
        _write_cell(sheet, HEADING_ROW + offset, 1, value, day)


def _write_table(sheet: Worksheet, table: Table, rows: Iterable[Row], values: Callable[[Row], Sequence[Cell]],
                 header: Format, day: Format) -> None:
    """A horizontal table: heading, field names at their offsets (spacers left without a cell), rows."""
    sheet.write_string(HEADING_ROW, 0, table.heading, header)
    columns = table.offsets
    for spacer in table.spacers:
        sheet.set_column(spacer, spacer, 2)
    for column, field in zip(columns, table.fields, strict=True):
        sheet.set_column(column, column, min(max(len(field.name) * 0.8, 12), 40))
        sheet.write_string(HEADING_ROW + 1, column, field.name, header)
    sheet.freeze_panes(HEADING_ROW + 2, 0)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    epoch = EXCEL_EPOCH
    for number, row in enumerate(rows, start=HEADING_ROW + 2):
        for column, value in zip(columns, values(row), strict=True):
            kind = type(value)
            if kind is str:
                if value and write_string(number, column, value):
                    raise ValueError(f"{table.sheet}: the text in row {number + 1} column {column + 1} is longer "
                                     "than a cell holds (32,767 characters)")
            elif kind is int:
                write_number(number, column, value)
            elif value is None:
                continue
            elif kind is date and value.year > 1900:  # type: ignore[union-attr]
                write_number(number, column, value.toordinal() - epoch, day)  # type: ignore[union-attr]
            else:
                write_datetime(number, column, value, day)


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell, day: Format) -> None:
    if isinstance(value, str):
        if value:
            sheet.write_string(row, column, value)
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, day)
