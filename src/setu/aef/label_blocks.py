"""Vertical blocks: a heading with labels below it in the same column (Table 1, Summary information).

Table 1 is read as label → the value in the cell to its right; the Summary information sheet only has
to list each table's field names under its heading, in consecutive rows (§4.2). In both the labels are
the block of consecutive non-empty cells under the heading: a label found outside it does not count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from setu.aef.sheet_scan import (
    L_COUNT,
    L_FIELD,
    NumberedRows,
    RowValues,
    cell_ref,
    heading_finding,
    is_heading,
    value_at,
)
from setu.aef.syntax import is_empty
from setu.aef.workbook_layout import CHECKED_SUMMARY_TABLES, SUMMARY_SHEET, Table, Template
from setu.domain.article6.aef_findings import AefCode, AefFinding


@dataclass
class LabelBlock:
    """The labels found under a heading: label text → (row, value to its right)."""

    column: int
    labels: dict[str, tuple[int, object]]
    findings: list[AefFinding] = field(default_factory=list)


def read_label_block(sheet: str, rows: list[tuple[int, RowValues]], table: Table,
                     *, without_heading: bool = False) -> LabelBlock | None:
    """The block under `table.heading` in `rows`, checked against the table's fields; None if no heading.

    With `without_heading`, a block whose heading is missing is still found: it then starts at the first
    cell holding the table's first label.
    """
    start = _find(rows, lambda value: is_heading(value, table.heading))
    if start is not None:
        first_index, column = start[0] + 1, start[1]
        heading_row = rows[start[0]][0]
    else:
        first_label = table.fields[0].name
        start = _find(rows, lambda value: value == first_label) if without_heading else None
        if start is None:
            return None
        first_index, column = start
        heading_row = rows[first_index][0] - 1
    labels: dict[str, tuple[int, object]] = {}
    count = 0
    for number, values in rows[first_index:]:
        label = value_at(values, column)
        if is_empty(label):
            break
        count += 1
        if isinstance(label, str) and label not in labels:
            labels[label] = (number, value_at(values, column + 1))
    block = LabelBlock(column, labels)
    for offset, template_field in enumerate(table.fields, start=1):
        if template_field.name not in labels:
            block.findings.append(AefFinding(
                AefCode.FIELD_MISSING, L_FIELD,
                f"The field '{template_field.name}' cannot be found in worksheet '{sheet}'",
                cell_ref(sheet, heading_row + offset, column)))
    if count != len(table.fields):
        block.findings.append(AefFinding(
            AefCode.FIELD_COUNT, L_COUNT,
            f"Number of fields in '{sheet}' worksheet is incorrect: {count} found under '{table.heading}', "
            f"{len(table.fields)} expected", cell_ref(sheet, heading_row, column)))
    return block


def _find(rows: list[tuple[int, RowValues]], wanted: Callable[[object], bool]) -> tuple[int, int] | None:
    """(index in `rows`, column) of the first cell `wanted`."""
    for index, (_, values) in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if wanted(value):
                return index, column
    return None


def rows_until_blank_after(rows: NumberedRows, heading: str, spare: int) -> list[tuple[int, RowValues]]:
    """Rows up to the heading and `spare` rows after it (all of them if the heading never comes).

    Table 1 needs only its heading and the nine rows below; a sheet with a million rows below is not read.
    """
    kept: list[tuple[int, RowValues]] = []
    after: int | None = None
    for number, values in rows:
        kept.append((number, values))
        if after is None and any(is_heading(v, heading) for v in values):
            after = 0
        elif after is not None:
            after += 1
            if after >= spare:
                break
    return kept


def check_summary(rows: list[tuple[int, RowValues]], layout: Template) -> list[AefFinding]:
    """Tables 1-4 listed on the Summary information sheet, each under its heading (Table 5 is not checked)."""
    findings: list[AefFinding] = []
    for number in CHECKED_SUMMARY_TABLES:
        table = layout.table(number)
        block = read_label_block(SUMMARY_SHEET, rows, table)
        if block is None:
            findings.append(heading_finding(SUMMARY_SHEET, table))
        else:
            findings.extend(block.findings)
    return findings
