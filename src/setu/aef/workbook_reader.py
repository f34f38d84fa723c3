"""Read any AEF workbook, made by setu or not, into an `AefReport` and the findings that locate every
layout and syntax problem (`article6.md` §4.2, §8.2).

openpyxl reads in read-only mode, sheet by sheet and row by row. The report is None when the workbook
cannot be read at all, when a table sheet is missing, when a table's fields cannot all be found, or when
Table 1 is unusable; otherwise it holds every row that passed its syntax rules (rows with errors are
reported and left out), so the cross-record checks can still run over the rest. No workbook, however
broken, raises: a file that is not an xlsx workbook is one `WORKBOOK_UNREADABLE` finding.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from setu.aef import row_parsers
from setu.aef.label_blocks import check_summary, read_label_block, rows_until_blank_after
from setu.aef.sheet_scan import L_FIELD, NumberedRows, cell_ref, heading_finding
from setu.aef.syntax import check_cell
from setu.aef.table_reader import TableReader
from setu.aef.workbook_layout import SHEETS, SUMMARY_SHEET, TABLE_1, Template, template
from setu.domain.article6.aef_findings import AefCode, AefFinding
from setu.domain.article6.aef_model import AefReport, IdStyle, Submission


@dataclass(frozen=True, slots=True)
class AefReading:
    report: AefReport | None
    findings: tuple[AefFinding, ...]
    generation: IdStyle | None
    """The generation the identifiers follow; None when Tables 3 and 4 have no readable identifier."""


def read_aef(path: Path | str, expected: IdStyle | None = None) -> tuple[AefReport | None, list[AefFinding]]:
    """The report in the workbook at `path` and every layout and syntax finding, in reading order.

    `expected` asks for one template generation: a workbook of the other one gets `MESSAGE_VERSION`
    (and is still read). Without it, either generation is read as it comes.
    """
    reading = read_aef_workbook(path, expected)
    return reading.report, list(reading.findings)


def read_aef_workbook(path: Path | str, expected: IdStyle | None = None) -> AefReading:
    """As `read_aef`, also telling which generation the workbook follows."""
    path = Path(path)
    try:
        handle = path.open("rb")  # a handle, not a name: openpyxl refuses names not ending in .xlsx
    except OSError as error:
        return _unreadable(path, error)
    # openpyxl warns about what it cannot represent (a date serial out of range becomes '#VALUE!', an
    # unsupported extension is dropped); the cells concerned become findings, and under `-W error` a
    # warning must not turn a readable workbook into an unreadable one.
    with handle, warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False)
        except Exception as error:  # noqa: BLE001 - whatever a foreign file makes openpyxl raise, it is unreadable
            return _unreadable(path, error)
        try:
            return _Reader(workbook, expected).read()
        except Exception as error:  # noqa: BLE001 - a broken sheet's XML surfaces only when that sheet is parsed
            return _unreadable(path, error)
        finally:
            workbook.close()


def _unreadable(path: Path, error: BaseException) -> AefReading:
    message = f"{path.name} cannot be read as an xlsx workbook ({type(error).__name__}: {error})"
    return AefReading(None, (AefFinding(AefCode.WORKBOOK_UNREADABLE, "L1", message, None),), None)


class _Reader:
    def __init__(self, workbook: Any, expected: IdStyle | None) -> None:
        self.workbook = workbook
        self.findings: list[AefFinding] = []
        self.tables = TableReader(expected, self.findings)
        self.layout: Template = template(IdStyle.V1)  # names and places are the same in both generations
        self.sheets = [name for name in workbook.sheetnames if hasattr(workbook[name], "iter_rows")]

    def read(self) -> AefReading:
        self._check_sheets()
        if SUMMARY_SHEET in self.sheets:
            self.findings.extend(check_summary(list(self._rows(SUMMARY_SHEET)()), self.layout))
        submission = self._submission()
        tables = [self._table(number) for number in (2, 3, 4, 5)]
        readable = submission is not None and all(rows is not None for rows in tables)
        report = None
        if readable:
            authorizations, actions, holdings, entities = (tuple(rows or ()) for rows in tables)
            report = AefReport(submission, authorizations, actions, holdings, entities)  # type: ignore[arg-type]
        return AefReading(report, tuple(self.findings), self.tables.generation)

    def _check_sheets(self) -> None:
        names = list(self.workbook.sheetnames)
        for name in SHEETS:
            if name not in self.sheets:
                self.findings.append(AefFinding(
                    AefCode.SHEETS_INVALID, "L2", f"the template's sheet '{name}' is missing (or is not a worksheet)", f"'{name}'"))
        for name in names:
            if name not in SHEETS:
                self.findings.append(AefFinding(
                    AefCode.SHEETS_INVALID, "L2",
                    f"sheet '{name}' is not one of the template's seven sheets ({', '.join(SHEETS)})",
                    f"'{name}'!A1"))

    def _rows(self, sheet: str) -> Callable[[], NumberedRows]:
        worksheet = self.workbook[sheet]

        def rows() -> NumberedRows:
            worksheet.reset_dimensions()  # trust the cells, not a dimension tag some writers get wrong
            return enumerate(worksheet.iter_rows(values_only=True), start=1)

        return rows

    def _table(self, number: int) -> list[Any] | None:
        table = self.layout.table(number)
        if table.sheet not in self.sheets:
            return None
        return self.tables.read(table.sheet, table, self._rows(table.sheet))

    def _submission(self) -> Submission | None:
        sheet = TABLE_1.sheet
        if sheet not in self.sheets:
            return None
        rows = rows_until_blank_after(self._rows(sheet)(), TABLE_1.heading, len(TABLE_1.fields) + 1)
        block = read_label_block(sheet, rows, TABLE_1)
        if block is None:
            self.findings.append(heading_finding(sheet, TABLE_1))
            block = read_label_block(sheet, rows, TABLE_1, without_heading=True)
        if block is None:
            self.findings.append(AefFinding(AefCode.FIELD_MISSING, L_FIELD,
                                            f"The field '{TABLE_1.fields[0].name}' cannot be found in worksheet '{sheet}'",
                                            cell_ref(sheet, 2, 1)))
            return None
        self.findings.extend(block.findings)
        if any(f.code is AefCode.FIELD_MISSING for f in block.findings):
            return None
        values: dict[str, Any] = {}
        failed = False
        for field in TABLE_1.fields:
            number, raw = block.labels[field.name]
            values[field.key], problems = check_cell(field, raw)
            for problem in problems:
                self.findings.append(AefFinding(problem.code, problem.rule, problem.message,
                                                cell_ref(sheet, number, block.column + 1), problem.severity))
                failed = failed or problem.skips_row
        if failed:
            return None
        return row_parsers.submission(values, cell_ref(sheet, block.labels[TABLE_1.fields[0].name][0], block.column))
