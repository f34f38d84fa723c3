"""What `setu aef check` reports: one finding per problem, with a stable code and the cell it concerns.

Codes are the validation vocabulary of `article6.md` §8.4, shared with the ledger's real-time checks, plus
layout codes for the workbook itself. Every finding also names the rule that raised it (`rule`): a layout
or syntax rule (`L…`, `S…`) or a cross-record check `X1`…`X18` from §8.3, so two checks that share a
vocabulary code (X3 and X10 both say `QTY_INVALID`) stay distinguishable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@unique
class AefCode(Enum):
    """Stable codes of AEF findings. Values are stable numbers; never renumbered or reused."""

    # Workbook layout (the template's structure, §4.2).
    WORKBOOK_UNREADABLE = 1
    SHEETS_INVALID = 2
    HEADING_MISSING = 3
    FIELD_MISSING = 4
    FIELD_COUNT = 5
    SPACER_NOT_EMPTY = 6
    MESSAGE_VERSION = 7
    """The workbook follows another template generation than the one asked for."""
    FIELD_POSITION = 8
    """A field is found by its name but not at its template offset from the first field (§4.2)."""
    DATA_AFTER_TABLE = 9
    """A row that looks like data follows the table's first empty row, where the table ends (§4.2)."""
    # Cell syntax (per column rules, §8.2).
    FIELD_SYNTAX = 10
    FIELD_VOCABULARY = 11
    FIELD_CONDITION = 12
    FIELD_RESERVED = 13
    DATE_NOT_DATE = 14
    # Cross-record consistency (§8.3, §8.4).
    AUTH_NOT_FOUND = 20
    ENTITY_NOT_AUTHORIZED = 21
    QTY_INVALID = 22
    UNIT_MULTIPLE_HOLDINGS = 23
    UNIT_ALREADY_CONSUMED = 24
    UNIT_TYPE_INVALID = 25
    FIRST_TRANSFER_STATE = 26
    RECONCILIATION_DISCREPANCY = 27
    PERIOD_INVALID = 28
    AUTHORIZED_LIMIT_EXCEEDED = 29
    UNIT_NOT_HELD = 30
    FIRST_TRANSFER_DEFINITION = 31


@dataclass(frozen=True, slots=True)
class AefFinding:
    """One problem found in an AEF report or workbook."""

    code: AefCode
    rule: str
    """`X1`…`X18` for cross-record checks; `L…`/`S…` for layout and syntax rules."""
    message: str
    location: str | None = None
    """`'Table 3 Actions'!H12`, or a sheet, or None for the whole workbook."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity.value} {self.code.name} [{self.rule}] {self.message}"
