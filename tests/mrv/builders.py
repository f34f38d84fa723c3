"""Small projects, meters and a two-parameter methodology for the MRV adapter tests, built from the domain."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from setu.domain.mrv.eligibility import NdaiapaFit, NdaiapaStatus
from setu.domain.mrv.expressions import Sym
from setu.domain.mrv.methodology import (
    Equation,
    Methodology,
    MissingData,
    Parameter,
    ParameterKind,
    ValueSource,
    check_dimensions,
)
from setu.domain.mrv.project import Meter, MonitoringPeriod, Project, ReadingKind, TimestampMarks

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def methodology() -> Methodology:
    """EG raises ER (missing → zero); EC lowers it (missing → the meter's ceiling)."""
    parameters = (
        Parameter("EG", "electricity generated", "MWh", ParameterKind.MONITORED, ValueSource.MONITORING),
        Parameter("EC", "grid electricity consumed", "MWh", ParameterKind.MONITORED, ValueSource.MONITORING,
                  missing_data=MissingData.CEILING),
        Parameter("EF", "emission factor", "tCO2/MWh", ParameterKind.EX_ANTE, ValueSource.DEFAULT, default="0.7"),
    )
    equations = (
        Equation("RE", Sym("EG") * Sym("EF"), "tCO2", "reference emissions"),
        Equation("PE", Sym("EC") * Sym("EF"), "tCO2", "project emissions"),
    )
    made = Methodology("IN_AM999", "1.0", "test", "1", "test", "draft", (), parameters, equations, (),
                       NdaiapaFit(NdaiapaStatus.LISTED, (), ""))
    assert check_dimensions(made) == []
    return made


def meter(id: str = "PV-1", parameter: str = "EG", reading: ReadingKind = ReadingKind.INTERVAL,
          interval: timedelta = HOUR, unit: str = "kWh", equipment: str = "pv-1",
          marks: TimestampMarks = TimestampMarks.END, register_rollover: str | None = None,
          ceiling: str | None = None) -> Meter:
    return Meter(id, equipment, parameter, unit, reading, interval, marks,
                 None if register_rollover is None else Decimal(register_rollover),
                 None if ceiling is None else Decimal(ceiling))


def period(start: date, end: date, id: str = "MP1") -> MonitoringPeriod:
    return MonitoringPeriod(id, start, end)


def project(*meters: Meter, periods: tuple[MonitoringPeriod, ...] = (), timezone: str = "Asia/Kolkata") -> Project:
    return Project("IN-TEST-1", "test project", "IN_AM999", "1.0", timezone, (), (), meters, (), periods)


def write_csv(directory: Path, rows: list[tuple[str, ...]], name: str = "readings.csv",
              header: str = "meter_id,timestamp,value,unit") -> Path:
    path = directory / name
    path.write_text(header + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path
