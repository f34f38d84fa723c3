"""Find a table in a worksheet by cell text, as the staff checker does, and stream its data rows.

Nothing is found by position: the heading is the cell whose text is the table's heading (any case),
the header row is the first row below it that holds any of the table's field names, and the table's
first field fixes where every other field and spacer should be. A block moved to other rows or
columns therefore reads the same; what breaks the template (a missing or moved field, an extra one,
a value in a spacer) becomes a finding. Rows are read one at a time, so a million-row table is never
held in memory as cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from setu.aef.syntax import is_empty
from setu.aef.workbook_layout import Table
from setu.domain.article6.aef_findings import AefCode, AefFinding

RowValues = Sequence[object]
NumberedRows = Iterator[tuple[int, RowValues]]
L_HEADING, L_FIELD, L_COUNT, L_SPACER, L_POSITION, L_END = "L3", "L4", "L5", "L6", "L8", "L9"


def cell_ref(sheet: str, row: int, column: int) -> str:
    """`'Table 3 Actions'!H12` (row and column count from 1)."""
    return f"'{sheet}'!{get_column_letter(column)}{row}"


def value_at(values: RowValues, column: int) -> object:
    """The value in 1-based `column`; rows read from a file may be shorter than the table."""
    return values[column - 1] if 0 < column <= len(values) else None


def is_heading(value: object, heading: str) -> bool:
    return isinstance(value, str) and value.strip().casefold() == heading.casefold()


def find_heading(rows: NumberedRows, heading: str) -> tuple[int, int] | None:
    """(row, column) of the first cell holding `heading`, consuming `rows` up to it."""
    for number, values in rows:
        for column, value in enumerate(values, start=1):
            if is_heading(value, heading):
                return number, column
    return None


@dataclass(frozen=True, slots=True)
class LocatedTable:
    """Where a horizontal table's fields are, and what is wrong with its header row."""

    header_row: int
    anchor: int
    """The column where the first field belongs (offset 0)."""
    columns: dict[str, int]
    """Field key to the column where its name was found."""
    spacers: tuple[int, ...]
    """Spacer columns to keep empty: those not holding a field that was found elsewhere."""
    findings: tuple[AefFinding, ...]

    @property
    def complete(self) -> bool:
        return not any(f.code is AefCode.FIELD_MISSING for f in self.findings)


def locate_header(rows: NumberedRows, table: Table) -> tuple[int, RowValues] | None:
    """The first row holding any of `table`'s field names, consuming `rows` up to it."""
    names = {f.name for f in table.fields}
    for number, values in rows:
        if any(isinstance(v, str) and v in names for v in values):
            return number, values
    return None


def check_header(sheet: str, table: Table, number: int, values: RowValues) -> LocatedTable:
    """Map each field to its column and compare the header row with the template."""
    found: dict[str, int] = {}
    for column, value in enumerate(values, start=1):
        for template_field in table.fields:
            if value == template_field.name and template_field.key not in found:
                found[template_field.key] = column
                break
    first = table.fields[0].key
    offsets = dict(zip((f.key for f in table.fields), table.offsets, strict=True))
    if first in found:
        anchor = found[first]
    elif found:
        anchor = min(column - offsets[key] for key, column in found.items())
    else:
        anchor = 1
    anchor = max(anchor, 1)
    findings: list[AefFinding] = []
    for template_field in table.fields:
        expected = anchor + offsets[template_field.key]
        column = found.get(template_field.key)
        if column is None:
            findings.append(AefFinding(
                AefCode.FIELD_MISSING, L_FIELD,
                f"The field '{template_field.name}' cannot be found in worksheet '{sheet}'",
                cell_ref(sheet, number, expected)))
        elif column != expected:
            findings.append(AefFinding(
                AefCode.FIELD_POSITION, L_POSITION,
                f"The field '{template_field.name}' is in column {get_column_letter(column)}; the template has it "
                f"{offsets[template_field.key]} columns right of the first field, in column {get_column_letter(expected)}",
                cell_ref(sheet, number, column)))
    taken = set(found.values())
    spacers = tuple(anchor + s for s in table.spacers if anchor + s not in taken)
    findings.extend(spacer_finding(sheet, number, column, value_at(values, column))
                    for column in spacers if value_at(values, column) is not None)
    count = sum(1 for v in values[anchor - 1:] if not is_empty(v))
    if count != len(table.fields):
        findings.append(AefFinding(
            AefCode.FIELD_COUNT, L_COUNT,
            f"Number of fields in '{sheet}' worksheet is incorrect: {count} found, {len(table.fields)} expected",
            cell_ref(sheet, number, anchor)))
    return LocatedTable(number, anchor, found, spacers, tuple(findings))


def spacer_finding(sheet: str, row: int, column: int, value: object) -> AefFinding:
    return AefFinding(AefCode.SPACER_NOT_EMPTY, L_SPACER,
                      f"spacer column {get_column_letter(column)} must hold no value at all, not {value!r}",
                      cell_ref(sheet, row, column))


def data_rows(rows: NumberedRows, located: LocatedTable, table: Table) -> NumberedRows:
    """The rows after the header, up to the first row with nothing in the table's columns."""
    window = sorted({*range(located.anchor, located.anchor + table.width), *located.columns.values()})
    for number, values in rows:
        if all(is_empty(value_at(values, column)) for column in window):
            return
        yield number, values


def stray_data_row(sheet: str, rows: NumberedRows, located: LocatedTable, table: Table) -> AefFinding | None:
    """The first row after the table's end (`rows` resumes after its first empty row) that fills at least
    half of the table's fields: data the template's readers never see. Notes under a table are fine."""
    columns = list(located.columns.values())
    for number, values in rows:
        if 2 * sum(1 for column in columns if not is_empty(value_at(values, column))) >= len(table.fields):
            return AefFinding(AefCode.DATA_AFTER_TABLE, L_END,
                              f"row {number} holds data below the first empty row, where '{table.heading}' ends:"
                              " the template's readers stop there, so this row and any below it are not read;"
                              " remove the empty row", cell_ref(sheet, number, located.anchor))
    return None


def heading_finding(sheet: str, table: Table) -> AefFinding:
    return AefFinding(AefCode.HEADING_MISSING, L_HEADING,
                      f"The heading '{table.heading}' cannot be found in worksheet '{sheet}'", cell_ref(sheet, 1, 1))
