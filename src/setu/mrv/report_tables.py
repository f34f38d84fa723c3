"""Tables on XlsxWriter worksheets: bold frozen headers, widths, autofilter, and numbers that stay exact.

A column of kind `EXACT` takes a `Fraction` and becomes two sheet columns: the value as an Excel
number, for sorting and charts, and the exact decimal as text beside it (`value (exact)`). Because the
pair is one column here, no sheet can show a float without the exact copy a verifier needs. Cells are
always written with the typed `write_*` methods, never `write`, so text such as `=…` or `0012` can
never turn into a formula or a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from setu.mrv.report_json import exact_text


class Kind(Enum):
    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    EXACT = "exact"


@dataclass(frozen=True, slots=True)
class Column:
    """One logical column; `EXACT` columns take two sheet columns."""

    header: str
    width: int
    kind: Kind = Kind.TEXT

    def headers(self) -> tuple[str, ...]:
        return (self.header, f"{self.header} (exact)") if self.kind is Kind.EXACT else (self.header,)


class Styles:
    """The workbook's few cell formats, made once per workbook as XlsxWriter requires."""

    def __init__(self, workbook: Workbook) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = workbook.add_format({"valign": "top"})
        self.wrap = workbook.add_format({"valign": "top", "text_wrap": True})
        # At least three decimals so 0.7383 and 738.669 line up; up to six, like the report's display rounding.
        self.number = workbook.add_format({"num_format": "#,##0.000###", "valign": "top"})
        self.integer = workbook.add_format({"num_format": "#,##0", "valign": "top"})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"})


def write_cell(sheet: Worksheet, styles: Styles, row: int, col: int, kind: Kind, value: Any) -> int:
    """Write one logical cell at (row, col); return how many sheet columns it took."""
    if kind is Kind.EXACT:
        if value is None:
            sheet.write_blank(row, col, None, styles.number)
            sheet.write_blank(row, col + 1, None, styles.text)
            return 2
        exact = Fraction(value)
        sheet.write_number(row, col, float(exact), styles.number)
        sheet.write_string(row, col + 1, exact_text(exact), styles.text)
        return 2
    if value is None or value == "":
        sheet.write_blank(row, col, None, styles.text)
    elif kind is Kind.INT:
        sheet.write_number(row, col, int(value), styles.integer)
    elif kind is Kind.BOOL:
        sheet.write_boolean(row, col, bool(value), styles.text)
    elif kind is Kind.DATE:
        if not isinstance(value, date):
            raise TypeError(f"a date column needs a date, not {value!r}")
        sheet.write_datetime(row, col, value, styles.date)
    else:
        sheet.write_string(row, col, str(value), styles.wrap if len(str(value)) > 60 else styles.text)
    return 1


def write_table(
    sheet: Worksheet,
    styles: Styles,
    first_row: int,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    freeze: bool = True,
    autofilter: bool = True,
    widths: bool = True,
) -> int:
    """Write a header row and `rows` from `first_row`; return the next free row.

    By default sets the column widths, freezes the panes below the header and puts an autofilter over the
    table; a sheet holding several tables turns these off for all but one (Excel allows one autofilter
    per sheet, and a freeze below a lower table would pin everything above it).
    """
    col = 0
    for column in columns:
        for offset, header in enumerate(column.headers()):
            sheet.write_string(first_row, col + offset, header, styles.header)
            if widths:
                sheet.set_column(col + offset, col + offset, column.width)
        col += len(column.headers())
    last_col = col - 1
    row = first_row
    for values in rows:
        row += 1
        if len(values) != len(columns):
            raise ValueError(f"row {values!r} has {len(values)} values for {len(columns)} columns")
        col = 0
        for column, value in zip(columns, values, strict=True):
            col += write_cell(sheet, styles, row, col, column.kind, value)
    if freeze:
        sheet.freeze_panes(first_row + 1, 0)
    if autofilter:
        sheet.autofilter(first_row, 0, row, last_col)
    return row + 1


def write_pairs(sheet: Worksheet, styles: Styles, first_row: int, pairs: Iterable[tuple[str, Kind, Any]]) -> int:
    """Write `label | value` lines (bold label in column A); return the next free row."""
    row = first_row
    for label, kind, value in pairs:
        sheet.write_string(row, 0, label, styles.bold)
        write_cell(sheet, styles, row, 1, kind, value)
        row += 1
    return row
