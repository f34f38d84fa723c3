"""Reading a monitoring data file into raw strings, each row with the place it came from.

A file holds one reading per row with columns `meter_id`, `timestamp`, `value` and `unit` (header names are
matched case-insensitively with surrounding spaces ignored; an optional `kind` column says `interval` or
`cumulative` when no project is known; other columns are ignored). Nothing is interpreted here: every cell
stays text, so a value is never rounded through a binary float before `validation` parses it as a decimal.

Locations follow each format's own numbering: `name.csv:17:value` (file line, header = line 1; a quoted
field spanning lines shifts later numbers), `name.xlsx!Sheet1!C17` (the real cell) and
`name.parquet:row 17:value` (1-based data row). A file that cannot be read is a FILE_UNREADABLE finding and
a header without the required columns a COLUMN_MISSING finding, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from zipfile import BadZipFile

import polars as pl
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from setu.domain.mrv.findings import Finding, FindingCode

REQUIRED = ("meter_id", "timestamp", "value", "unit")
OPTIONAL = ("kind",)


class FileFormat(Enum):
    CSV = ".csv"
    XLSX = ".xlsx"
    PARQUET = ".parquet"


@dataclass(frozen=True, slots=True)
class ReadingsFile:
    """A file's readings as raw text: `frame` has `row` (source row number) and the known columns, all String.

    When the file could not be read or lacks a column, `frame` is empty and `findings` says why.
    `letters` maps a column name to its spreadsheet column letter (XLSX only).
    """

    name: str
    format: FileFormat | None
    frame: pl.DataFrame
    findings: tuple[Finding, ...] = ()
    sheet: str = ""
    letters: tuple[tuple[str, str], ...] = ()

    def location(self, row: int | None = None, column: str | None = None) -> str:
        """Where a cell is: `name.csv:17:value`, `name.xlsx!Sheet1!C17`, `name.parquet:row 17:value`."""
        if row is None:
            return self.name
        if self.format is FileFormat.XLSX:
            letter = dict(self.letters).get(column or "", "A")
            return f"{self.name}!{self.sheet}!{letter}{row}"
        if self.format is FileFormat.PARQUET:
            return f"{self.name}:row {row}" + (f":{column}" if column else "")
        return f"{self.name}:{row}" + (f":{column}" if column else "")


def load_readings(path: Path) -> ReadingsFile:
    """Read a CSV, XLSX or Parquet monitoring data file; problems become findings, not exceptions."""
    path = Path(path)
    formats = {f.value: f for f in FileFormat}
    chosen = formats.get(path.suffix.lower())
    if chosen is None:
        return _unreadable(path.name, None, f"unsupported file type {path.suffix or '(none)'!r}; give .csv, .xlsx or .parquet")
    try:
        if chosen is FileFormat.CSV:
            # All columns as text: polars' own CSV reader keeps ten million rows fast; offset 2 = file line.
            frame = pl.read_csv(path, infer_schema=False, row_index_name="row", row_index_offset=2)
            return _finish(path.name, chosen, frame)
        if chosen is FileFormat.PARQUET:
            return _finish(path.name, chosen, _as_text(pl.read_parquet(path).with_row_index("row", offset=1)))
        return _read_xlsx(path)
    except (OSError, pl.exceptions.PolarsError, BadZipFile, InvalidFileException, ValueError, KeyError) as error:
        # A corrupt workbook surfaces as BadZipFile, InvalidFileException, ValueError or KeyError from openpyxl.
        return _unreadable(path.name, chosen, f"cannot read the file: {error}")


def _unreadable(name: str, chosen: FileFormat | None, message: str) -> ReadingsFile:
    finding = Finding(FindingCode.FILE_UNREADABLE, name, message)
    return ReadingsFile(name, chosen, _empty(), (finding,))


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={"row": pl.Int64, **{c: pl.String for c in REQUIRED}})


def _finish(name: str, chosen: FileFormat, frame: pl.DataFrame, sheet: str = "", letters: dict[str, str] | None = None,
            header_row: int = 1) -> ReadingsFile:
    """Match the header, keep the known columns, drop blank rows (all four cells empty)."""
    found = [c for c in frame.columns if c != "row"]
    by_name: dict[str, str] = {}
    for column in found:
        by_name.setdefault(column.strip().lower(), column)
    missing = [c for c in REQUIRED if c not in by_name]
    letters_by_name = {key: (letters or {}).get(original, "") for key, original in by_name.items()}
    if missing:
        header = {FileFormat.CSV: f"{name}:1", FileFormat.XLSX: f"{name}!{sheet}!A{header_row}"}.get(chosen, name)
        message = f"missing column(s) {', '.join(missing)}; the columns found are {', '.join(repr(c) for c in found) or 'none'}"
        return ReadingsFile(name, chosen, _empty(), (Finding(FindingCode.COLUMN_MISSING, header, message),), sheet)
    kept = [c for c in REQUIRED + OPTIONAL if c in by_name]
    frame = frame.select(pl.col("row").cast(pl.Int64), *(pl.col(by_name[c]).cast(pl.String).alias(c) for c in kept))
    # Empty CSV fields and cells arrive as null; a line of spaces is not blank and gets its findings.
    # A column without nulls (known without a pass) means no row is blank, and copying every column is saved.
    if all(frame.get_column(c).null_count() for c in REQUIRED):
        frame = frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in REQUIRED))
    return ReadingsFile(name, chosen, frame, (), sheet, tuple((c, letters_by_name[c]) for c in kept))


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Parquet columns as text: datetimes in ISO 8601 (aware ones in UTC with `+00:00`), numbers as written.

    A float column is already binary: its shortest repr is the decimal the writer meant (as for XLSX).
    Polars writes that repr, in exponent form for very small or large numbers; those few are rewritten.
    """
    texts = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.String or name == "row":  # text already; the row number stays a number
            continue
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            column = column.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S%.f") + "+00:00"
        elif isinstance(dtype, pl.Datetime):
            column = column.dt.strftime("%Y-%m-%dT%H:%M:%S%.f")
        texts.append(column.cast(pl.String).alias(name))
    text = frame.with_columns(texts) if texts else frame
    for name, dtype in frame.schema.items():
        exponent = pl.col(name).str.contains("e", literal=True) & pl.col(name).str.contains(r"^[-+0-9.e]+$")
        if dtype.is_float() and text.select(exponent.any()).item():
            fixed = text.filter(exponent).select("row", pl.col(name).map_elements(
                lambda v: format(Decimal(v), "f"), return_dtype=pl.String))
            text = text.update(fixed, on="row")
    return text


def _read_xlsx(path: Path) -> ReadingsFile:
    """The sheet named `readings` if there is one, else the first; the first non-empty row is the header."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {n.strip().lower(): n for n in book.sheetnames}
        sheet = book[names.get("readings", book.sheetnames[0])]
        positions: dict[str, int] = {}  # header title -> its first column
        columns: dict[str, list[str | None]] = {}
        rows: list[int] = []
        header_row = 1
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            if not positions and not rows:
                header_row = number
                for position, title in enumerate("" if c is None else str(c) for c in cells):
                    if title and title not in positions:
                        positions[title] = position
                columns = {title: [] for title in positions}
                continue
            rows.append(number)
            for title, position in positions.items():
                columns[title].append(_cell_text(cells[position] if position < len(cells) else None))
        letters = {title: get_column_letter(position + 1) for title, position in positions.items()}
        frame = pl.DataFrame({"row": rows, **columns}, schema={"row": pl.Int64, **{t: pl.String for t in columns}})
        return _finish(path.name, FileFormat.XLSX, frame, sheet.title, letters, header_row)
    finally:
        book.close()


def _cell_text(value: object) -> str | None:
    """A cell as text. Excel datetimes are naive local times; numbers keep the digits Excel shows."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        # openpyxl returns numeric cells as float: str() is the shortest repr, i.e. the decimal Excel stored.
        return format(Decimal(str(value)), "f")
    return str(value)
