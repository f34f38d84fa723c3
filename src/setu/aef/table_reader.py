"""Read one horizontal table (Tables 2-5) of an AEF workbook into model rows, with located findings.

Each data row goes through three gates: every cell's syntax rule (`syntax`), the row's own coherence
(`row_parsers`: identifier strings that agree with their row), and the conditional matrix and subtype
rules (`conditions`). A row failing any gate with an error is reported and left out; warnings keep it.
Tables 3 and 4 also settle the template generation: the first `First ID` read decides it (a full
identifier string is v1, a serial v2), and every later row is read by that generation's rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from setu.aef import conditions, row_parsers
from setu.aef.sheet_scan import (
    L_FIELD,
    LocatedTable,
    NumberedRows,
    RowValues,
    cell_ref,
    check_header,
    data_rows,
    find_heading,
    heading_finding,
    locate_header,
    spacer_finding,
    stray_data_row,
    value_at,
)
from setu.aef.syntax import RULE_VOCABULARY, check_cell, identifier_generation
from setu.aef.workbook_layout import Field, Table, template
from setu.domain.article6.aef_findings import AefCode, AefFinding
from setu.domain.article6.aef_model import ActionRow, IdStyle
from setu.domain.article6.vocabulary import V1_ACTION_TYPES

Build = Callable[[dict[str, Any], str], tuple[Any, list[conditions.Problem]]]
L_VERSION = "L7"


def _authorization(values: dict[str, Any], source: str) -> tuple[Any, list[conditions.Problem]]:
    row = row_parsers.authorization(values, source)
    return row, conditions.authorization_problems(row)


def _action(values: dict[str, Any], source: str) -> tuple[Any, list[conditions.Problem]]:
    row, problems = row_parsers.action(values, source)
    return row, problems if row is None else conditions.action_problems(row)


def _holding(values: dict[str, Any], source: str) -> tuple[Any, list[conditions.Problem]]:
    row, problems = row_parsers.holding(values, source)
    return row, problems if row is None else conditions.block_problems(row.block)


def _entity(values: dict[str, Any], source: str) -> tuple[Any, list[conditions.Problem]]:
    return row_parsers.entity(values, source), []


BUILDERS: dict[int, Build] = {2: _authorization, 3: _action, 4: _holding, 5: _entity}


class TableReader:
    """Reads Tables 2-5 of one workbook, remembering the generation its identifiers follow."""

    def __init__(self, expected: IdStyle | None, findings: list[AefFinding]) -> None:
        self.expected = expected
        self.generation: IdStyle | None = None
        self.findings = findings

    def read(self, sheet: str, table: Table, rows: Callable[[], NumberedRows]) -> list[Any] | None:
        """The table's rows, or None when its fields cannot all be found (the table cannot be read)."""
        scan = rows()
        heading = find_heading(scan, table.heading)
        if heading is None:
            self.findings.append(heading_finding(sheet, table))
            scan = rows()  # look for the header row from the top instead
        header = locate_header(scan, table)
        if header is None:
            row, column = (heading[0] + 1, heading[1]) if heading else (2, 1)
            self.findings.extend(
                AefFinding(AefCode.FIELD_MISSING, L_FIELD, f"The field '{f.name}' cannot be found in worksheet '{sheet}'",
                           cell_ref(sheet, row, column + offset))
                for f, offset in zip(table.fields, table.offsets, strict=True))
            return None
        located = check_header(sheet, table, *header)
        self.findings.extend(located.findings)
        if not located.complete:
            return None
        parsed = (self._row(sheet, table, located, number, values) for number, values in data_rows(scan, located, table))
        rows = [row for row in parsed if row is not None]
        stray = stray_data_row(sheet, scan, located, table)  # `scan` resumes after the table's first empty row
        if stray is not None:
            self.findings.append(stray)
        return rows

    def _row(self, sheet: str, table: Table, located: LocatedTable, number: int, values: RowValues) -> Any:
        for column in located.spacers:
            if value_at(values, column) is not None:
                self.findings.append(spacer_finding(sheet, number, column, value_at(values, column)))
        parsed: dict[str, Any] = {}
        failed = False
        for field in self._fields(sheet, table, located, number, values):
            column = located.columns[field.key]
            parsed[field.key], problems = check_cell(field, value_at(values, column))
            for problem in problems:
                self.findings.append(AefFinding(problem.code, problem.rule, problem.message,
                                                cell_ref(sheet, number, column), problem.severity))
                failed = failed or problem.skips_row
        if failed:
            return None
        row, problems = BUILDERS[table.number](parsed, cell_ref(sheet, number, located.anchor))
        if isinstance(row, ActionRow) and self.generation is IdStyle.V1 and row.action_type not in V1_ACTION_TYPES:
            problems = [*problems, ("action_type", AefCode.FIELD_VOCABULARY, RULE_VOCABULARY,
                                    f"action type {row.action_type.value!r} is not accepted by the 2024 template (v1, "
                                    "full identifier strings); it takes First transfer, Transfer, Acquisition, Use, "
                                    "Cancellation")]
        for key, code, rule, message in problems:
            self.findings.append(AefFinding(code, rule, message, cell_ref(sheet, number, located.columns[key])))
        return None if problems else row

    def _fields(self, sheet: str, table: Table, located: LocatedTable, number: int,
                values: RowValues) -> tuple[Field, ...]:
        """The table's fields under the workbook's generation, which the first identifier read decides."""
        if "first_id" not in located.columns:
            return table.fields
        if self.generation is None:
            column = located.columns["first_id"]
            seen = identifier_generation(value_at(values, column))
            if seen is not None:
                self.generation = seen
                if self.expected is not None and seen is not self.expected:
                    self.findings.append(_version_finding(seen, self.expected, cell_ref(sheet, number, column)))
        return template(self.generation or IdStyle.V1).table(table.number).fields


def _version_finding(seen: IdStyle, expected: IdStyle, location: str) -> AefFinding:
    forms = {IdStyle.V1: "v1, the 2024 template: full identifier strings in First ID/Last ID",
             IdStyle.V2: "v2, 4/CMA.6: integer serials in First ID/Last ID"}
    return AefFinding(AefCode.MESSAGE_VERSION, L_VERSION,
                      f"the workbook follows {forms[seen]}; {forms[expected]} was asked for", location)
