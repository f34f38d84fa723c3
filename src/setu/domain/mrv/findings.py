"""What is wrong with a monitoring data file, as data: a code, a severity, a location and a message.

Importers collect every finding over the whole file and report them together (`file:row:column: CODE
message`). Errors stop a calculation; warnings are handled by a stated conservative rule and appear in the
QA/QC report. A finding that repeats (10,000 readings outside the period) is one finding with a count and
the location of its first occurrence, so a large file cannot drown its own report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@unique
class FindingCode(Enum):
    """Every monitoring-data finding. Values are (stable number, severity); numbers are never reused."""

    FILE_UNREADABLE = (1, Severity.ERROR)
    COLUMN_MISSING = (2, Severity.ERROR)
    TIMESTAMP_INVALID = (3, Severity.ERROR)
    TIMESTAMP_AMBIGUOUS = (4, Severity.ERROR)
    VALUE_INVALID = (5, Severity.ERROR)
    METER_UNKNOWN = (6, Severity.ERROR)
    UNIT_MISMATCH = (7, Severity.ERROR)
    DUPLICATE_CONFLICT = (8, Severity.ERROR)
    NEGATIVE_INTERVAL = (9, Severity.ERROR)
    ABOVE_CEILING = (10, Severity.ERROR)
    READINGS_SHARE_INTERVAL = (18, Severity.ERROR)
    DUPLICATE_READING = (11, Severity.WARNING)
    REGISTER_ROLLOVER = (12, Severity.WARNING)
    REGISTER_RESET = (13, Severity.WARNING)
    GAP = (14, Severity.WARNING)
    OUTSIDE_PERIOD = (15, Severity.WARNING)
    BOUNDARY_EXCLUDED = (16, Severity.WARNING)
    NO_DATA = (17, Severity.WARNING)

    @property
    def number(self) -> int:
        return self.value[0]

    @property
    def severity(self) -> Severity:
        return self.value[1]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located as precisely as the file allows (`readings.csv:17:value`, `data.xlsx!Sheet1!C17`)."""

    code: FindingCode
    location: str
    message: str
    count: int = 1

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def __str__(self) -> str:
        more = f" ({self.count} occurrences; the first is shown)" if self.count > 1 else ""
        return f"{self.location}: {self.code.name} {self.message}{more}"


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)
