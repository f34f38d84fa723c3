"""Evaluate a methodology for one monitoring period, vintage by vintage, keeping every step for the verifier.

Arithmetic is exact (`Fraction`) from the monitored totals to ER. The only rounding is the last step:
`ER_v = floor(max(0, RE_v − PE_v))` whole tCO2 for each vintage year `v`, so ER is never negative and
never rounded up, and a period's ER is the sum of its vintages' whole tonnes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from setu.domain.mrv.grid_ef import SelectedGridEf
from setu.domain.mrv.methodology import Methodology, ParameterKind, ValueSource
from setu.domain.mrv.project import Equipment, MonitoringPeriod, Project
from setu.domain.mrv.units import Quantity, UnitError, format_fraction


class CalculationError(ValueError):
    """The project does not give what the methodology needs (a value, a meter, an option)."""


@dataclass(frozen=True, slots=True)
class InputValue:
    """A value the calculation read: which symbol, for which equipment (or the project), and from where."""

    symbol: str
    scope: str
    quantity: Quantity
    unit: str
    source: str


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One evaluated equation: its text, the same with numbers substituted, and the exact result."""

    symbol: str
    scope: str
    equation: str
    substituted: str
    result: Quantity
    unit: str


@dataclass(frozen=True, slots=True)
class VintageResult:
    """RE, PE and ER of one vintage year of a period; `er_t` is the whole tonnes credited."""

    vintage: int
    re: Quantity
    pe: Quantity
    er_exact: Fraction
    er_t: int
    inputs: tuple[InputValue, ...]
    steps: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True)
class PeriodResult:
    """The result of a monitoring period: one `VintageResult` per calendar year it touches."""

    period: MonitoringPeriod
    vintages: tuple[VintageResult, ...]
    grid_ef: SelectedGridEf | None

    @property
    def er_t(self) -> int:
        return sum(v.er_t for v in self.vintages)


MonitoredTotals = Mapping[tuple[str, str, int], Quantity]
"""Monitored parameter totals by (equipment id, symbol, vintage year), in exact quantities."""


class _Resolver:
    """Finds each symbol's value for one vintage: equation results, monitoring, project values, defaults."""

    def __init__(self, methodology: Methodology, project: Project, grid_ef: SelectedGridEf | None,
                 totals: MonitoredTotals, vintage: int) -> None:
        self.methodology = methodology
        self.project = project
        self.grid_ef = grid_ef
        self.totals = totals
        self.vintage = vintage
        self.results: dict[tuple[str, str], Quantity] = {}
        self.inputs: dict[tuple[str, str], InputValue] = {}
        self.units = {p.symbol: p.unit for p in methodology.parameters} | {e.symbol: e.unit for e in methodology.equations}

    def resolve(self, symbol: str, equipment: Equipment | None) -> Quantity:
        scope = equipment.id if equipment else "project"
        for key in ((scope, symbol), ("project", symbol)):
            if key in self.results:
                return self.results[key]
        try:
            parameter = self.methodology.parameter(symbol)
        except KeyError:
            raise CalculationError(f"{symbol} is used before it is calculated") from None
        if parameter.per_equipment and equipment is None:
            raise CalculationError(f"{symbol} is per equipment and can only be used inside Σ_i")
        owner = equipment.id if parameter.per_equipment and equipment else "project"
        if (owner, symbol) not in self.inputs:
            quantity, source = self._read(parameter, equipment if parameter.per_equipment else None)
            self.inputs[(owner, symbol)] = InputValue(symbol, owner, quantity, parameter.unit, source)
        return self.inputs[(owner, symbol)].quantity

    def _read(self, parameter, equipment: Equipment | None) -> tuple[Quantity, str]:  # noqa: ANN001
        where = f"equipment {equipment.id}" if equipment else f"project {self.project.id}"
        given = dict(equipment.values if equipment else self.project.values)
        if parameter.kind is ParameterKind.MONITORED:
            key = (equipment.id if equipment else "project", parameter.symbol, self.vintage)
            if key not in self.totals:
                raise CalculationError(f"{where}: no meter measures {parameter.symbol} ({parameter.description})")
            return self.totals[key], f"monitoring, option {parameter.monitoring_option.name if parameter.monitoring_option else '-'}"
        if parameter.source is ValueSource.GRID_EF:
            if self.grid_ef is None:
                raise CalculationError(f"{where}: {parameter.symbol} needs a grid emission factor but the project binds none")
            factor = self.grid_ef.factor
            return Quantity.of(factor.tco2_per_mwh, "tCO2/MWh"), factor.key
        if parameter.symbol in given:
            if parameter.source is ValueSource.DEFAULT and not parameter.overridable:
                raise CalculationError(
                    f"{where}: {parameter.symbol} is fixed by the methodology ({parameter.default} {parameter.unit}) "
                    "and may not be overridden"
                )
            label = "project override of the default" if parameter.source is ValueSource.DEFAULT else "project"
            return self._checked(given[parameter.symbol], parameter, where), label
        if parameter.default is not None:
            return Quantity.of(parameter.default, parameter.unit), f"default: {parameter.default_source}"
        raise CalculationError(f"{where}: {parameter.symbol} ({parameter.description}, {parameter.unit}) is not given")

    @staticmethod
    def _checked(quantity: Quantity, parameter, where: str) -> Quantity:  # noqa: ANN001
        try:
            problem = parameter.range_problem(quantity)
        except UnitError as error:
            raise CalculationError(f"{where}: {parameter.symbol}: {error}") from None
        if problem:
            raise CalculationError(f"{where}: {problem}")
        return quantity


class _Scope:
    """The `Scope` an expression sees: the resolver, narrowed to one equipment unit or the project."""

    def __init__(self, resolver: _Resolver, equipment: Equipment | None) -> None:
        self._resolver = resolver
        self._equipment = equipment

    def value(self, symbol: str) -> Quantity:
        return self._resolver.resolve(symbol, self._equipment)

    def option(self, name: str) -> str:
        if self._equipment is None:
            raise CalculationError(f"option {name} is per equipment and can only be used inside Σ_i")
        chosen = dict(self._equipment.options).get(name)
        if chosen is None:
            raise CalculationError(f"equipment {self._equipment.id}: option {name} is not set")
        return chosen

    def lookup(self, table: str, key: Quantity) -> Quantity:
        return self._resolver.methodology.table(table).find(key)

    def equipment(self) -> Sequence[tuple[str, _Scope]]:
        return [(e.id, _Scope(self._resolver, e)) for e in self._resolver.project.equipment]

    def label(self, symbol: str) -> str:
        return self.value(symbol).format(self._resolver.units.get(symbol))


PERIOD = 0
"""The vintage key under which the whole period's totals are evaluated, for the cap below."""


def calculate_period(
    methodology: Methodology,
    project: Project,
    period: MonitoringPeriod,
    grid_ef: SelectedGridEf | None,
    totals: MonitoredTotals,
) -> PeriodResult:
    """RE, PE and ER of every vintage of `period`; a `CalculationError` names what the project lacks.

    A methodology that is not linear in its monitored totals (IN_AM002's `max(discharge − grid charging, 0)`)
    could credit more, vintage by vintage, than the period as a whole: grid charging in December does not
    offset discharge in January. So when a period has several vintages, it is also evaluated whole, and if
    the vintages' positive ER exceeds the whole period's, each vintage is scaled down in proportion before
    it is rounded down. For linear methodologies the two agree exactly and nothing changes.
    """
    vintages = [_evaluate(methodology, project, grid_ef, totals, v) for v in period.vintages()]
    if len(vintages) > 1:
        whole: dict[tuple[str, str, int], Quantity] = {}
        for (scope, symbol, _), quantity in totals.items():
            key = (scope, symbol, PERIOD)
            whole[key] = whole[key] + quantity if key in whole else quantity
        cap = max(Fraction(0), _evaluate(methodology, project, grid_ef, whole, PERIOD).er_exact)
        claimed = sum((max(Fraction(0), v.er_exact) for v in vintages), Fraction(0))
        if claimed > cap:
            vintages = [_capped(v, cap, claimed) for v in vintages]
    return PeriodResult(period, tuple(vintages), grid_ef)


def _capped(vintage: VintageResult, cap: Fraction, claimed: Fraction) -> VintageResult:
    credited = max(Fraction(0), vintage.er_exact) * cap / claimed
    er_t = math.floor(credited)
    step = TraceStep(
        "ER", "project", "ER_v = floor(max(0, RE_v − PE_v) × ER_period / Σ_v max(0, RE_v − PE_v))",
        f"floor({format_fraction(max(Fraction(0), vintage.er_exact))} × {format_fraction(cap)} / "
        f"{format_fraction(claimed)}): the vintages together exceed the whole period",
        Quantity.of(er_t, "tCO2"), "tCO2",
    )
    return replace(vintage, er_t=er_t, steps=vintage.steps[:-1] + (step,))


def _evaluate(methodology: Methodology, project: Project, grid_ef: SelectedGridEf | None,
              totals: MonitoredTotals, vintage: int) -> VintageResult:
    resolver = _Resolver(methodology, project, grid_ef, totals, vintage)
    steps: list[TraceStep] = []
    for equation in methodology.equations:
        scopes = [(e.id, e) for e in project.equipment] if equation.per_equipment else [("project", None)]
        for scope_id, equipment in scopes:
            try:
                result, substituted = equation.expr.evaluate(_Scope(resolver, equipment))
                result.to(equation.unit)
            except UnitError as error:
                raise CalculationError(f"{scope_id}: {equation.symbol}: {error}") from None
            resolver.results[(scope_id, equation.symbol)] = result
            steps.append(TraceStep(equation.symbol, scope_id, equation.render(), substituted, result, equation.unit))
    re = resolver.results[("project", "RE")]
    pe = resolver.results[("project", "PE")]
    er_exact = re.to("tCO2") - pe.to("tCO2")
    er_t = max(0, math.floor(er_exact))
    steps.append(TraceStep(
        "ER", "project", "ER = floor(max(0, RE − PE))",
        f"floor(max(0, {re.format('tCO2')} − {pe.format('tCO2')}))", Quantity.of(er_t, "tCO2"), "tCO2",
    ))
    return VintageResult(vintage, re, pe, er_exact, er_t, tuple(resolver.inputs.values()), tuple(steps))
