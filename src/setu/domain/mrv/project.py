"""A project as the MRV engine sees it: equipment, meters, ex-ante values, periods and its EF binding.

Built by the project-file adapter (`setu.mrv.project_file`); issue-4's project cycle will own the same
facts in the database. Timestamps are compared in the project's time zone: a vintage is the calendar
year in which an interval starts, local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from setu.domain.mrv.eligibility import FactValue
from setu.domain.mrv.grid_ef import GridEfDecision
from setu.domain.mrv.units import Quantity


class ReadingKind(Enum):
    """A cumulative register (energy since installation) or one value per interval."""

    CUMULATIVE = "cumulative"
    INTERVAL = "interval"


class TimestampMarks(Enum):
    """Whether an interval value is stamped with the end (most meter exports) or the start of its interval."""

    END = "end"
    START = "start"


@dataclass(frozen=True, slots=True)
class Meter:
    """A meter measuring one monitored parameter of one equipment unit.

    `interval` is the expected spacing of readings; `register_rollover` the count at which a cumulative
    register returns to zero (1000000 for a six-digit register, so 999999 is followed by 0); `ceiling`
    the most one interval can physically hold, used to fill missing intervals of parameters that lower
    ER and to reject impossible readings.
    """

    id: str
    equipment: str
    parameter: str
    unit: str
    reading: ReadingKind
    interval: timedelta
    marks: TimestampMarks = TimestampMarks.END
    register_rollover: Decimal | None = None
    ceiling: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Equipment:
    """One equipment unit `i`: its ex-ante values and per-equipment options."""

    id: str
    description: str
    values: tuple[tuple[str, Quantity], ...] = ()
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MonitoringPeriod:
    """A monitoring period `p`, from `start` to `end` inclusive, as local dates."""

    id: str
    start: date
    end: date

    def vintages(self) -> tuple[int, ...]:
        return tuple(range(self.start.year, self.end.year + 1))

    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the MRV engine needs about a project."""

    id: str
    name: str
    methodology_id: str
    methodology_version: str
    timezone: str
    facts: tuple[tuple[str, FactValue], ...]
    equipment: tuple[Equipment, ...]
    meters: tuple[Meter, ...]
    grid_ef: tuple[GridEfDecision, ...]
    periods: tuple[MonitoringPeriod, ...]
    values: tuple[tuple[str, Quantity], ...] = ()

    def meter(self, meter_id: str) -> Meter | None:
        for meter in self.meters:
            if meter.id == meter_id:
                return meter
        return None

    def period(self, period_id: str) -> MonitoringPeriod:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise KeyError(period_id)
