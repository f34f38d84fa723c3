"""What is wrong with a monitoring data file, as data: a code, a severity, a location and a message.

Importers collect every finding over the whole file and report them together (`file:row:column: CODE
message`). Errors stop a calculation; warnings are handled by a stated conservative rule and appear in the
QA/QC report. A finding that repeats (10,000 readings outside the period) is one finding with a count and
the location of its first occurrence, so a large file cannot drown its own report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


class FindingCode(Enum):
    """Every monitoring-data finding. Names are stable; the value is the default severity."""

    FILE_UNREADABLE = Severity.ERROR
    COLUMN_MISSING = Severity.ERROR
    TIMESTAMP_INVALID = Severity.ERROR
    TIMESTAMP_AMBIGUOUS = Severity.ERROR
    VALUE_INVALID = Severity.ERROR
    METER_UNKNOWN = Severity.ERROR
    UNIT_MISMATCH = Severity.ERROR
    DUPLICATE_CONFLICT = Severity.ERROR
    NEGATIVE_INTERVAL = Severity.ERROR
    ABOVE_CEILING = Severity.ERROR
    DUPLICATE_READING = Severity.WARNING
    REGISTER_ROLLOVER = Severity.WARNING
    REGISTER_RESET = Severity.WARNING
    GAP = Severity.WARNING
    OUTSIDE_PERIOD = Severity.WARNING
    BOUNDARY_EXCLUDED = Severity.WARNING
    NO_DATA = Severity.WARNING

    @property
    def severity(self) -> Severity:
        return self.value


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
