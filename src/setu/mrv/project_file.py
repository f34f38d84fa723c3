"""Read a project file (YAML) into a domain `Project`, with errors that name the file and the field.

Numbers stay exact: the YAML loader hands every float-looking scalar over as `Decimal` of its text, so
`6.1` is 6.1 and not 6.0999999999999996. A value is written either as a number in the parameter's own
unit or as text with its unit (`"5000 W"`, `"500 USRt"`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from setu.domain.mrv.grid_ef import GridEfBinding, GridEfDecision, GridEfError, select_grid_ef
from setu.domain.mrv.methodology import Methodology, ValueSource
from setu.domain.mrv.project import Equipment, Meter, MonitoringPeriod, Project, ReadingKind, TimestampMarks
from setu.domain.mrv.project_checks import check_project
from setu.domain.mrv.units import Quantity, UnitError
from setu.exact_yaml import ExactLoader
from setu.methodologies import UnknownMethodology, find_methodology
from setu.mrv.emission_factors import load_grid_emission_factors


class ProjectFileError(ValueError):
    """The project file cannot be used; the message names the file and every field at fault."""


_Strict = ConfigDict(extra="forbid", frozen=True)
Scalar = str | int | Decimal
_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|min|h|d)\s*$")
_INTERVAL_UNITS = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days"}


class _Binding(BaseModel):
    model_config = _Strict
    effective_from: date
    database_version: str
    fiscal_year: str
    variant: str
    includes_imports: bool = False
    source_url: str | None = None
    decided_by: str
    reason: str


class _Equipment(BaseModel):
    model_config = _Strict
    id: str
    description: str = ""
    options: dict[str, str] = Field(default_factory=dict)
    values: dict[str, Scalar] = Field(default_factory=dict)


class _Meter(BaseModel):
    model_config = _Strict
    id: str
    equipment: str
    parameter: str
    unit: str
    reading: Literal["cumulative", "interval"]
    interval: str
    marks: Literal["end", "start"] = "end"
    register_rollover: Decimal | None = None
    ceiling: Decimal | None = None

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: str) -> str:
        if not _INTERVAL.match(value):
            raise ValueError("must be a whole number and s, min, h or d, e.g. 15min or 1h")
        return value


class _Period(BaseModel):
    model_config = _Strict
    id: str
    start: date
    end: date


class _ProjectFile(BaseModel):
    model_config = _Strict
    id: str
    name: str
    methodology: str
    methodology_version: str
    timezone: str
    facts: dict[str, bool | int | Decimal | str] = Field(default_factory=dict)
    grid_emission_factor: list[_Binding] = Field(default_factory=list)
    values: dict[str, Scalar] = Field(default_factory=dict)
    equipment: Annotated[list[_Equipment], Field(min_length=1)]
    meters: list[_Meter] = Field(default_factory=list)
    monitoring_periods: Annotated[list[_Period], Field(min_length=1)]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Asia/Kolkata") from None
        return value


def load_project(path: Path) -> tuple[Project, Methodology]:
    """Parse `path` and find the methodology it binds; values without a unit take their parameter's unit."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=ExactLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as error:
        raise ProjectFileError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ProjectFileError(f"{path}: not valid YAML: {error}") from None
    except ValueError as error:  # PyYAML's own date reading, e.g. 2026-02-30
        raise ProjectFileError(f"{path}: {error} (a date must be a real calendar date, YYYY-MM-DD)") from None
    try:
        parsed = _ProjectFile.model_validate(raw)
    except ValidationError as error:
        lines = [f"{path}: {_field(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise ProjectFileError("\n".join(lines)) from None
    try:
        methodology = find_methodology(parsed.methodology, parsed.methodology_version)
    except UnknownMethodology as error:
        raise ProjectFileError(f"{path}: methodology: {error}") from None
    return _to_domain(path, parsed, methodology), methodology


def _field(location: tuple) -> str:
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in location).replace(".[", "[")


def _quantity(path: Path, where: str, symbol: str, value: Scalar, methodology: Methodology) -> Quantity:
    text = str(value).strip()
    number, _, written_unit = text.partition(" ")
    if not written_unit:
        try:
            written_unit = methodology.parameter(symbol).unit
        except KeyError:
            raise ProjectFileError(f"{path}: {where}.{symbol}: not a parameter of {methodology.reference}") from None
    try:
        amount = Decimal(number)
    except ArithmeticError:
        raise ProjectFileError(f"{path}: {where}.{symbol}: {text!r}: not a number") from None
    if not amount.is_finite():
        raise ProjectFileError(f"{path}: {where}.{symbol}: {text!r}: not a finite number")
    try:
        return Quantity.of(amount, written_unit.strip())
    except UnitError as error:
        raise ProjectFileError(f"{path}: {where}.{symbol}: {text!r}: {error}") from None


def _interval(text: str) -> timedelta:
    amount, unit = _INTERVAL.match(text).groups()  # type: ignore[union-attr]  # validated above
    return timedelta(**{_INTERVAL_UNITS[unit]: int(amount)})


def _to_domain(path: Path, parsed: _ProjectFile, methodology: Methodology) -> Project:
    equipment = tuple(
        Equipment(
            e.id, e.description,
            tuple((s, _quantity(path, f"equipment[{n}].values", s, v, methodology)) for s, v in e.values.items()),
            tuple(e.options.items()),
        )
        for n, e in enumerate(parsed.equipment)
    )
    meters = tuple(
        Meter(m.id, m.equipment, m.parameter, m.unit, ReadingKind(m.reading), _interval(m.interval),
              TimestampMarks(m.marks), m.register_rollover, m.ceiling)
        for m in parsed.meters
    )
    decisions = tuple(
        GridEfDecision(
            GridEfBinding(b.database_version, b.fiscal_year, b.variant, b.includes_imports, b.source_url),
            b.effective_from, b.decided_by, b.reason,
        )
        for b in parsed.grid_emission_factor
    )
    return Project(
        id=parsed.id,
        name=parsed.name,
        methodology_id=parsed.methodology.upper(),
        methodology_version=parsed.methodology_version,
        timezone=parsed.timezone,
        facts=tuple(parsed.facts.items()),
        equipment=equipment,
        meters=meters,
        grid_ef=decisions,
        periods=tuple(MonitoringPeriod(p.id, p.start, p.end) for p in parsed.monitoring_periods),
        values=tuple((s, _quantity(path, "values", s, v, methodology)) for s, v in parsed.values.items()),
    )


def load_checked_project(path: Path, methodology_id: str | None = None) -> tuple[Project, Methodology]:
    """The project and its methodology, refused with every problem listed when they do not fit together."""
    project, methodology = load_project(path)
    if methodology_id is not None and methodology_id.upper() != methodology.id:
        raise ProjectFileError(f"{path}: the project binds {methodology.reference}, not {methodology_id}")
    problems = check_project(methodology, project) + _binding_problems(methodology, project)
    if problems:
        raise ProjectFileError("\n".join(f"{path}: {p}" for p in problems))
    return project, methodology


def _binding_problems(methodology: Methodology, project: Project) -> list[str]:
    """Every period must resolve to a CEA record now, not halfway through a calculation."""
    if not any(p.source is ValueSource.GRID_EF for p in methodology.parameters):
        return []
    records = load_grid_emission_factors()
    problems = []
    for period in project.periods:
        try:
            select_grid_ef(records, project.grid_ef, period.start)
        except GridEfError as error:
            problems.append(f"grid_emission_factor: monitoring period {period.id}: {error}")
    return problems
