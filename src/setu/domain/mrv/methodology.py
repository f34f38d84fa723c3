"""A JCM methodology as data: parameters, default tables, equations and an eligibility checklist.

One methodology is one frozen `Methodology` value written in its own module under `setu.methodologies`.
The engine can print it (`setu methodology show`), check its equations dimensionally before any data is
seen (`check_dimensions`), and evaluate it (`setu.domain.mrv.calculation`). Equations for reference
emissions `RE` and project emissions `PE` are required; `ER = RE − PE` is the engine's, with its rounding.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from setu.domain.mrv.eligibility import Criterion, NdaiapaFit
from setu.domain.mrv.expressions import Choice, Expr, Scope
from setu.domain.mrv.units import Quantity, UnitError, describe_dimension, unit


class ParameterKind(Enum):
    """Monitored during the period, or fixed before it (ex ante)."""

    MONITORED = "monitored"
    EX_ANTE = "ex ante"


class MonitoringOption(Enum):
    """JCM monitoring options (`jcm.md` §2.5)."""

    A = "A: public data measured by others (statistics, specifications)"
    B = "B: transaction amounts measured with equipment (invoices)"
    C = "C: actual measurement with equipment (meter values)"


class ValueSource(Enum):
    """Where an ex-ante parameter's value comes from."""

    DEFAULT = "methodology default"
    PROJECT = "project design document"
    GRID_EF = "project's bound CEA grid emission factor"
    MONITORING = "monitoring data"


class MissingData(Enum):
    """How a monitored parameter's missing intervals are filled so that missing data never raises ER.

    ZERO suits a parameter that raises ER (electricity generated); CEILING fills each missing interval
    with the meter's declared maximum, for a parameter that lowers ER (grid electricity charged).
    """

    ZERO = "filled with zero"
    CEILING = "filled with the meter's declared maximum per interval"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of a methodology, as the methodology's parameter tables list it."""

    symbol: str
    description: str
    unit: str
    kind: ParameterKind
    source: ValueSource
    per_equipment: bool = True
    monitoring_option: MonitoringOption | None = None
    frequency: str = ""
    default: str | None = None
    default_source: str = ""
    overridable: bool = False
    missing_data: MissingData = MissingData.ZERO
    minimum: str | None = None
    maximum: str | None = None

    def range_problem(self, quantity: Quantity) -> str | None:
        """Why a value is outside the physically plausible range (inclusive, in the parameter's unit), or None."""
        value = quantity.to(self.unit)
        if self.minimum is not None and value < Quantity.of(self.minimum, self.unit).to(self.unit):
            return f"{self.symbol} is {quantity.format(self.unit)}, below the minimum {self.minimum} {self.unit}"
        if self.maximum is not None and value > Quantity.of(self.maximum, self.unit).to(self.unit):
            return f"{self.symbol} is {quantity.format(self.unit)}, above the maximum {self.maximum} {self.unit}"
        return None

    def default_quantity(self) -> Quantity | None:
        """The default as an exact quantity, if the methodology fixes one."""
        return None if self.default is None else Quantity.of(self.default, self.unit)


@dataclass(frozen=True, slots=True)
class Band:
    """One row of a banded default table: `lower <= key < upper` (upper None: no bound)."""

    lower: str
    upper: str | None
    value: str


@dataclass(frozen=True, slots=True)
class LookupTable:
    """A banded default table, e.g. the reference chiller COP by cooling capacity."""

    name: str
    description: str
    key_unit: str
    value_unit: str
    bands: tuple[Band, ...]
    source: str

    def find(self, key: Quantity) -> Quantity:
        """The value of the band holding `key`; a `UnitError` when no band does."""
        position = key.to(self.key_unit)
        for band in self.bands:
            if Quantity.of(band.lower, self.key_unit).to(self.key_unit) <= position and (
                band.upper is None or position < Quantity.of(band.upper, self.key_unit).to(self.key_unit)
            ):
                return Quantity.of(band.value, self.value_unit)
        raise UnitError(f"{self.name}: no band holds {key.format(self.key_unit)}")


@dataclass(frozen=True, slots=True)
class Equation:
    """`symbol = expr`, evaluated per equipment unit or once per monitoring period, in `unit`."""

    symbol: str
    expr: Expr
    unit: str
    description: str
    per_equipment: bool = False

    def render(self) -> str:
        return f"{self.symbol} = {self.expr.render()}"


@dataclass(frozen=True, slots=True)
class Option:
    """A per-equipment choice the project makes, e.g. which electricity the PV output displaces."""

    name: str
    description: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Methodology:
    """A versioned methodology. `id` follows the JCM pattern, `IN_AM###` for India."""

    id: str
    version: str
    title: str
    sectoral_scope: str
    summary: str
    status: str
    sources: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    equations: tuple[Equation, ...]
    eligibility: tuple[Criterion, ...]
    ndaiapa: NdaiapaFit
    options: tuple[Option, ...] = ()
    tables: tuple[LookupTable, ...] = field(default=())

    @property
    def reference(self) -> str:
        """`IN_AM001 v1.0`."""
        return f"{self.id} v{self.version}"

    def parameter(self, symbol: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.symbol == symbol:
                return parameter
        raise KeyError(symbol)

    def table(self, name: str) -> LookupTable:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def monitored(self) -> tuple[Parameter, ...]:
        """The parameters filled from monitoring data."""
        return tuple(p for p in self.parameters if p.kind is ParameterKind.MONITORED)


class _DimensionScope:
    """Evaluates equations on stand-in values, to check dimensions before any data exists."""

    def __init__(self, methodology: Methodology, options: dict[str, str], equipment_level: bool) -> None:
        self._methodology = methodology
        self._options = options
        self._equipment_level = equipment_level
        self._values: dict[str, Quantity] = {}
        for prime, parameter in zip(itertools.count(2), methodology.parameters, strict=False):
            self._values[parameter.symbol] = Quantity.of(prime, parameter.unit)

    def value(self, symbol: str) -> Quantity:
        try:
            return self._values[symbol]
        except KeyError:
            raise UnitError(f"unknown symbol {symbol}") from None

    def set(self, symbol: str, quantity: Quantity) -> None:
        self._values[symbol] = quantity

    def option(self, name: str) -> str:
        return self._options[name]

    def lookup(self, table: str, key: Quantity) -> Quantity:
        found = self._methodology.table(table)
        key.to(found.key_unit)
        return Quantity.of(found.bands[0].value, found.value_unit)

    def equipment(self) -> Sequence[tuple[str, Scope]]:
        return [("unit", self)]

    def label(self, symbol: str) -> str:
        return symbol


def check_dimensions(methodology: Methodology) -> list[str]:
    """Every problem with a methodology's definition: units, unknown symbols, missing RE/PE, option names.

    Each equation is evaluated on stand-in values under every combination of option values, and its
    result must have the dimension of its declared unit. An empty list means the definition is sound.
    """
    problems: list[str] = []
    symbols = [p.symbol for p in methodology.parameters] + [e.symbol for e in methodology.equations]
    problems += [f"symbol {s} is defined twice" for s in set(symbols) if symbols.count(s) > 1]
    for required in ("RE", "PE"):
        if required not in {e.symbol for e in methodology.equations}:
            problems.append(f"no equation for {required}")
    for parameter in methodology.parameters:
        try:
            unit(parameter.unit)
        except UnitError as error:
            problems.append(f"parameter {parameter.symbol}: {error}")
        if parameter.source is ValueSource.DEFAULT and parameter.default is None:
            problems.append(f"parameter {parameter.symbol}: source is the methodology default but none is given")
    if problems:
        return problems
    option_names = [o.name for o in methodology.options]
    for equation in methodology.equations:
        for choice in _choices(equation.expr):
            if choice.option not in option_names:
                problems.append(f"{equation.symbol}: option {choice.option} is not declared")
    combinations = itertools.product(*(o.values for o in methodology.options)) if methodology.options else [()]
    for combination in combinations:
        scope = _DimensionScope(methodology, dict(zip(option_names, combination, strict=True)), True)
        for equation in methodology.equations:
            try:
                result, _ = equation.expr.evaluate(scope)
                result.to(equation.unit)
            except (UnitError, KeyError) as error:
                problems.append(f"{equation.symbol}: {error} (expected {describe_dimension(unit(equation.unit).dimension)})")
                continue
            scope.set(equation.symbol, result)
    return sorted(set(problems))


def _choices(expr: Expr) -> list[Choice]:
    found = [expr] if isinstance(expr, Choice) else []
    for child in vars(expr).values():
        if isinstance(child, Expr):
            found += _choices(child)
        elif isinstance(child, tuple):
            found += [c for _, e in child if isinstance(e, Expr) for c in _choices(e)]
    return found
