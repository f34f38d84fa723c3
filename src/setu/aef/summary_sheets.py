"""The two sheets around the tables: `Index` (free content) and `Summary information` (§4.2).

The staff checker reads `Summary information` as a list: each table's heading and, directly below it in
the same column, its field names in consecutive rows, spacers omitted; one blank row between tables.
"""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from setu.aef.workbook_layout import SHEETS, SUMMARY_TABLES, Template
from setu.domain.article6.aef_model import AefReport, IdStyle
from setu.domain.article6.vocabulary import party_name


def summary_rows(layout: Template) -> list[tuple[str, bool]]:
    """The Summary information column, top to bottom: (text, is a heading); '' for the blank rows."""
    rows: list[tuple[str, bool]] = []
    for number in SUMMARY_TABLES:
        table = layout.table(number)
        if rows:
            rows.append(("", False))
        rows.append((table.heading, True))
        rows.extend((field.name, False) for field in table.fields)
    return rows


def write_summary(sheet: Worksheet, bold: Format, layout: Template) -> None:
    sheet.set_column(0, 0, 80)
    for row, (text, heading) in enumerate(summary_rows(layout)):
        if text:
            sheet.write_string(row, 0, text, bold if heading else None)


def write_index(sheet: Worksheet, bold: Format, report: AefReport, layout: Template) -> None:
    """A title, who reports which year, and the sheets; the template leaves this sheet's content free."""
    submission = report.submission
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.write_string(0, 0, "Agreed electronic format (AEF): annual information", bold)
    lines = (
        ("Party", party_name(submission.party)),
        ("Reported year", str(submission.reported_year)),
        ("Version", submission.version),
        ("Identifier form", "full identifier strings (2024 template)" if layout.generation is IdStyle.V1
         else "split columns, integer serials (4/CMA.6)"),
    )
    for row, (label, value) in enumerate(lines, start=2):
        sheet.write_string(row, 0, label, bold)
        sheet.write_string(row, 1, value)
    sheet.write_string(len(lines) + 3, 0, "Sheets", bold)
    for row, name in enumerate(SHEETS[1:], start=len(lines) + 4):
        sheet.write_string(row, 0, name)
        table = next((t for t in layout.tables if t.sheet == name), None)
        if table is not None:
            sheet.write_string(row, 1, table.heading)
