"""Does a project give what its methodology asks for? Every mismatch, named, before any data is read."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from setu.domain.mrv.methodology import Methodology, MissingData, ParameterKind, ValueSource
from setu.domain.mrv.project import Project
from setu.domain.mrv.units import Quantity, UnitError, unit

LARGEST = Decimal(10) ** 18


def check_project(methodology: Methodology, project: Project) -> list[str]:
    """Problems with `project` under `methodology`, each naming the equipment, meter or value at fault.

    Checks: the methodology reference, unique ids, values only for ex-ante symbols of the methodology (and
    only overridable defaults), option names and values, meters on monitored parameters of existing
    equipment (or of the project for project-level parameters) in a unit of the right dimension, a ceiling
    on every meter of a parameter whose missing data is filled with it, and
    periods that start before they end and do not overlap.
    """
    problems: list[str] = []
    if (project.methodology_id, project.methodology_version) != (methodology.id, methodology.version):
        problems.append(
            f"project binds {project.methodology_id} v{project.methodology_version}, not {methodology.reference}"
        )
    equipment_ids = [e.id for e in project.equipment]
    problems += [f"equipment id {i} is used twice" for i in sorted(set(equipment_ids)) if equipment_ids.count(i) > 1]
    meter_ids = [m.id for m in project.meters]
    problems += [f"meter id {i} is used twice" for i in sorted(set(meter_ids)) if meter_ids.count(i) > 1]
    if "project" in equipment_ids:
        problems.append("equipment id 'project' is reserved for project-level meters")
    for equipment in project.equipment:
        problems += _value_problems(methodology, f"equipment {equipment.id}", equipment.values, per_equipment=True)
        problems += _option_problems(methodology, equipment.id, dict(equipment.options))
    problems += _value_problems(methodology, "project values", project.values, per_equipment=False)
    for meter in project.meters:
        problems += _meter_problems(methodology, project, meter)
    problems += _period_problems(project)
    dates = [d.effective_from for d in project.grid_ef]
    problems += [f"grid_emission_factor: two decisions take effect on {d}; one date, one decision"
                 for d in sorted(set(dates)) if dates.count(d) > 1]
    return problems


def _value_problems(methodology: Methodology, where: str, values, per_equipment: bool) -> list[str]:  # noqa: ANN001
    problems = []
    for symbol, quantity in values:
        try:
            parameter = methodology.parameter(symbol)
        except KeyError:
            problems.append(f"{where}: {symbol} is not a parameter of {methodology.reference}")
            continue
        if parameter.kind is ParameterKind.MONITORED:
            problems.append(f"{where}: {symbol} is monitored; it comes from meter data, not a fixed value")
        elif parameter.source is ValueSource.GRID_EF:
            problems.append(f"{where}: {symbol} comes from the project's grid emission factor binding")
        elif parameter.source is ValueSource.DEFAULT and not parameter.overridable:
            problems.append(f"{where}: {symbol} is fixed by the methodology at {parameter.default} {parameter.unit}")
        elif parameter.per_equipment != per_equipment:
            level = "each equipment unit" if parameter.per_equipment else "the project"
            problems.append(f"{where}: {symbol} is given per {level}")
        else:
            try:
                problem = parameter.range_problem(quantity)
            except UnitError as error:
                problem = f"{symbol}: {error}"
            if problem:
                problems.append(f"{where}: {problem}")
    return problems


def _option_problems(methodology: Methodology, equipment_id: str, chosen: dict[str, str]) -> list[str]:
    problems = []
    declared = {o.name: o for o in methodology.options}
    for name, value in chosen.items():
        if name not in declared:
            problems.append(f"equipment {equipment_id}: option {name} is not an option of {methodology.reference}")
        elif value not in declared[name].values:
            problems.append(f"equipment {equipment_id}: option {name}={value!r} must be one of {', '.join(declared[name].values)}")
    problems += [
        f"equipment {equipment_id}: option {name} is not set ({', '.join(option.values)})"
        for name, option in declared.items()
        if name not in chosen
    ]
    return problems


def _meter_problems(methodology: Methodology, project: Project, meter) -> list[str]:  # noqa: ANN001
    where = f"meter {meter.id}"
    try:
        parameter = methodology.parameter(meter.parameter)
    except KeyError:
        return [f"{where}: {meter.parameter} is not a parameter of {methodology.reference}"]
    if parameter.kind is not ParameterKind.MONITORED:
        return [f"{where}: {meter.parameter} is fixed ex ante, not monitored"]
    problems = []
    if parameter.per_equipment and meter.equipment not in {e.id for e in project.equipment}:
        problems.append(f"{where}: equipment {meter.equipment!r} is not declared")
    if not parameter.per_equipment and meter.equipment != "project":
        problems.append(f"{where}: {meter.parameter} is measured for the whole project; set equipment: project")
    try:
        if unit(meter.unit).dimension != unit(parameter.unit).dimension:
            problems.append(f"{where}: unit {meter.unit} cannot measure {meter.parameter} ({parameter.unit})")
    except UnitError as error:
        problems.append(f"{where}: {error}")
    if meter.interval.total_seconds() <= 0:
        problems.append(f"{where}: interval must be positive")
    if parameter.missing_data is MissingData.CEILING and meter.ceiling is None:
        problems.append(
            f"{where}: {meter.parameter} lowers ER, so missing data is filled with the meter's maximum per interval; "
            "declare ceiling"
        )
    for name, value in (("ceiling", meter.ceiling), ("register_rollover", meter.register_rollover)):
        if value is not None and not (value.is_finite() and 0 < value < LARGEST and value.as_tuple().exponent >= -9):
            problems.append(f"{where}: {name} {value} must be positive, below 10^18 and have at most 9 decimal places")
    if unit(parameter.unit).dimension == unit("d").dimension:
        longest = Quantity.of(Fraction(int(meter.interval.total_seconds()), 3600), "h")
        if meter.ceiling is None or Quantity.of(meter.ceiling, meter.unit).compare(longest) > 0:
            problems.append(f"{where}: {meter.parameter} counts time, so declare a ceiling of at most one interval "
                            f"({longest.format(meter.unit)}) per reading")
    return problems


def _period_problems(project: Project) -> list[str]:
    problems = []
    ordered = sorted(project.periods, key=lambda p: p.start)
    for period in ordered:
        if period.end < period.start:
            problems.append(f"monitoring period {period.id} ends ({period.end}) before it starts ({period.start})")
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.start <= earlier.end:
            problems.append(f"monitoring periods {earlier.id} and {later.id} overlap")
    ids = [p.id for p in project.periods]
    problems += [f"monitoring period id {i} is used twice" for i in sorted(set(ids)) if ids.count(i) > 1]
    return problems
