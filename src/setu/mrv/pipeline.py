"""From a project file and a monitoring data file to a `MonitoringReport`: the one path `setu mrv calc` runs.

Load and validate the data once over the span of the chosen periods, then for each period aggregate it,
select the grid emission factor in force on its first day and evaluate the methodology. Any error
finding stops the run before anything is written; warnings travel into the report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from setu import __version__
from setu.domain.mrv.calculation import calculate_period
from setu.domain.mrv.eligibility import check_criteria
from setu.domain.mrv.findings import Finding, has_errors
from setu.domain.mrv.grid_ef import SelectedGridEf, select_grid_ef
from setu.domain.mrv.methodology import Methodology, ValueSource
from setu.domain.mrv.ndaiapa import check_ndaiapa
from setu.domain.mrv.project import MonitoringPeriod, Project
from setu.domain.mrv.report import DataFile, MonitoringReport, PeriodReport
from setu.mrv.aggregation import aggregate
from setu.mrv.emission_factors import load_grid_emission_factors
from setu.mrv.project_file import load_checked_project
from setu.mrv.readings import load_readings
from setu.mrv.validation import validate


class MrvInputError(ValueError):
    """The inputs cannot produce a report; `findings` holds the data problems, if that is why."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `setu mrv check` reports: the findings and how many usable readings there were."""

    data_file: DataFile
    findings: tuple[Finding, ...]
    usable_rows: int


def _data_file(path: Path, rows: int) -> DataFile:
    return DataFile(path.name, hashlib.sha256(path.read_bytes()).hexdigest(), rows)


def _span(periods: tuple[MonitoringPeriod, ...]) -> MonitoringPeriod:
    return MonitoringPeriod("+".join(p.id for p in periods), min(p.start for p in periods), max(p.end for p in periods))


def check_data(data_path: Path, project: Project | None = None, periods: tuple[MonitoringPeriod, ...] = ()) -> CheckResult:
    """Validate a data file, against a project and its periods when given; never raises for bad data."""
    readings = load_readings(data_path)
    if has_errors(readings.findings):
        return CheckResult(_data_file(data_path, 0), tuple(readings.findings), 0)
    validated = validate(readings, project, _span(periods) if periods else None)
    findings = tuple(readings.findings) + tuple(validated.findings)
    return CheckResult(_data_file(data_path, readings.frame.height), findings, validated.frame.height)


def calculate(project_path: Path, data_path: Path, *, methodology_id: str | None = None,
              period_ids: tuple[str, ...] = (), today: date | None = None) -> MonitoringReport:
    """The monitoring report for the chosen periods (default: all of the project's periods)."""
    project, methodology = load_checked_project(project_path, methodology_id)
    try:
        periods = tuple(project.period(p) for p in period_ids) if period_ids else project.periods
    except KeyError as missing:
        known = ", ".join(p.id for p in project.periods)
        raise MrvInputError(f"--period: {project.id} has no monitoring period {missing}; it has {known}") from None
    readings = load_readings(data_path)
    if has_errors(readings.findings):
        raise MrvInputError(f"{data_path}: the data file cannot be read", tuple(readings.findings))
    validated = validate(readings, project, _span(periods))
    findings = list(readings.findings) + list(validated.findings)
    if has_errors(findings):
        raise MrvInputError(f"{data_path}: the data has errors; nothing was calculated", tuple(findings))
    records = load_grid_emission_factors()
    period_reports = []
    for period in periods:
        aggregation = aggregate(validated, project, methodology, period)
        findings += aggregation.findings
        if has_errors(aggregation.findings):
            raise MrvInputError(f"{data_path}: the data has errors; nothing was calculated", tuple(findings))
        result = calculate_period(methodology, project, period, _grid_ef(methodology, project, records, period), aggregation.totals)
        period_reports.append(PeriodReport(result, tuple(aggregation.quality)))
    return MonitoringReport(
        methodology=methodology,
        project=project,
        data_files=(_data_file(data_path, readings.frame.height),),
        periods=tuple(period_reports),
        eligibility=tuple(check_criteria(methodology.eligibility, dict(project.facts))),
        ndaiapa=check_ndaiapa(methodology.ndaiapa, today or date.today()),
        findings=tuple(findings),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        setu_version=__version__,
    )


def _grid_ef(methodology: Methodology, project: Project, records, period: MonitoringPeriod) -> SelectedGridEf | None:  # noqa: ANN001
    """The grid factor in force on the period's first day, when the methodology has one and the project binds one."""
    uses_grid = any(p.source is ValueSource.GRID_EF for p in methodology.parameters)
    if not uses_grid or not project.grid_ef:
        return None
    return select_grid_ef(records, project.grid_ef, period.start)
