"""A Party's NDC as the corresponding-adjustment engine needs it, and its inventory: values, validated.

The method is fixed per Party per NDC period (D2 para 7, "applied consistently"; `article6.md` §7.2):
a single-year NDC uses the indicative trajectory or averaging; a multi-year NDC accounts annually against
a trajectory or against a budget. The averaging denominator is stored on the definition, so a report
always says which one it used (§9 row 11). Amounts are exact `Fraction`s; a float is refused, since a
binary float cannot say 0.1 t exactly. Every refusal is a `ValueError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from types import MappingProxyType

from setu.domain.article6.vocabulary import Metric

FIRST_ARTICLE6_YEAR = 2021
"""Decision 2/CMA.3 applies to NDC periods and vintages from 2021 on."""


class NdcKind(Enum):
    """Single-year NDC (a target for the end year) or multi-year NDC (a target for every year)."""

    SINGLE_YEAR = "single-year"
    MULTI_YEAR = "multi-year"


class CaMethod(Enum):
    """How corresponding adjustments are applied (D2 para 7)."""

    TRAJECTORY = "trajectory"  # single-year NDC, indicative multi-year trajectory, para 7(a)(i)
    AVERAGING = "averaging"  # single-year NDC, average annual amount, para 7(a)(ii)
    ANNUAL = "annual"  # multi-year NDC, annual trajectory, para 7(b)
    BUDGET = "budget"  # multi-year NDC, budget for the period, para 7(b)


METHODS_BY_KIND: dict[NdcKind, frozenset[CaMethod]] = {
    NdcKind.SINGLE_YEAR: frozenset({CaMethod.TRAJECTORY, CaMethod.AVERAGING}),
    NdcKind.MULTI_YEAR: frozenset({CaMethod.ANNUAL, CaMethod.BUDGET}),
}


class AveragingDenominator(Enum):
    """The divisor of the averaging method in an interim year Y (§9 row 11; both agree in the end year)."""

    ELAPSED_YEARS = "elapsed-years"  # Y − first year + 1: D2 para 7(a)(ii), the default
    FULL_PERIOD = "full-period"  # years in the whole NDC period: the Swiss bilateral agreements, art. 10


class Direction(Enum):
    """Which way an indicator improves; it sets the sign of a first transfer in the balance."""

    MORE_IS_BETTER = "more is better"
    LESS_IS_BETTER = "less is better"

    @property
    def sign(self) -> int:
        """+1 when a first transfer raises the balance (emissions), −1 when it lowers it (D2 para 9)."""
        return 1 if self is Direction.LESS_IS_BETTER else -1


class TargetBasis(Enum):
    """What the NDC target is stated in: the balance itself, or the balance per unit of GDP."""

    ABSOLUTE = "absolute"
    INTENSITY = "intensity"  # India: emissions per unit of GDP; the CA applies to absolute emissions


@dataclass(frozen=True, slots=True)
class Indicator:
    """A non-GHG metric (D2 para 9): name, unit and direction."""

    name: str
    unit: str
    direction: Direction

    def __post_init__(self) -> None:
        for field_name in ("name", "unit"):
            if not getattr(self, field_name).strip():
                raise ValueError(f"indicator.{field_name}: must not be blank")


GHG_INDICATOR = Indicator("GHG emissions covered by the NDC", "t CO2 eq", Direction.LESS_IS_BETTER)


@dataclass(frozen=True, slots=True)
class Target:
    """The NDC target value, in the metric's unit (or that unit per GDP unit for an intensity target)."""

    value: Fraction
    basis: TargetBasis = TargetBasis.ABSOLUTE

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", exact(self.value, field="target.value"))


def exact(value: object, *, field: str) -> Fraction:
    """`value` as an exact Fraction; floats (inexact) and booleans are refused, naming `field`."""
    if isinstance(value, bool | float):
        raise ValueError(f"{field}: {value!r} is a {type(value).__name__}; give an int, Fraction, Decimal or string")
    try:
        if isinstance(value, int | Fraction | Decimal | str):
            return Fraction(value)
    except (ValueError, ZeroDivisionError, ArithmeticError):
        pass
    raise ValueError(f"{field}: {value!r} is not an exact number")


def year_series(values: Mapping[int, object], *, field: str) -> Mapping[int, Fraction]:
    """A read-only year → exact amount mapping in year order, checking each key is a year."""
    if not isinstance(values, Mapping):
        raise ValueError(f"{field}: expected a mapping of year to amount, got {type(values).__name__}")
    series: dict[int, Fraction] = {}
    for year in sorted(values):
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            raise ValueError(f"{field}: {year!r} is not a calendar year")
        series[year] = exact(values[year], field=f"{field}[{year}]")
    return MappingProxyType(series)


@dataclass(frozen=True, slots=True)
class NdcDefinition:
    """One Party's NDC for one period, with the CA method it applies throughout that period.

    `trajectory` (year → level) is required for TRAJECTORY and ANNUAL and must cover every year of the
    period; `budget` for BUDGET only. A single-year NDC needs a `target` (its end-year level). A non-GHG
    NDC names its `indicator`; a GHG NDC has none (emissions, "less is better"). `averaging_denominator`
    applies to AVERAGING only: left None there it is stored as ELAPSED_YEARS, so the definition always
    says which divisor it uses; given for any other method it is refused.
    """

    party: str
    first_year: int
    last_year: int
    kind: NdcKind
    method: CaMethod
    metric: Metric = Metric.GHG
    indicator: Indicator | None = None
    target: Target | None = None
    trajectory: Mapping[int, Fraction] | None = None
    budget: Fraction | None = None
    averaging_denominator: AveragingDenominator | None = None

    def __post_init__(self) -> None:
        if not (len(self.party) == 3 and self.party.isascii() and self.party.isalpha() and self.party.isupper()):
            raise ValueError(f"party: {self.party!r} is not an ISO 3166 alpha-3 code")
        for name in ("first_year", "last_year"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not FIRST_ARTICLE6_YEAR <= value <= 2200:
                raise ValueError(f"{name}: {value!r} is not a year from {FIRST_ARTICLE6_YEAR} on")
        if self.last_year < self.first_year:
            raise ValueError(f"last_year: {self.last_year} is before first_year {self.first_year}")
        if self.method not in METHODS_BY_KIND[self.kind]:
            allowed = ", ".join(sorted(m.value for m in METHODS_BY_KIND[self.kind]))
            raise ValueError(f"method: {self.method.value} does not apply to a {self.kind.value} NDC (use {allowed})")
        self._check_metric()
        self._check_levels()
        self._check_denominator()

    def _check_metric(self) -> None:
        if self.metric is Metric.NON_GHG and self.indicator is None:
            raise ValueError("indicator: a non-GHG NDC must name its indicator, unit and direction")
        if self.metric is Metric.GHG and self.indicator is not None:
            raise ValueError("indicator: a GHG NDC is measured in t CO2 eq; give no indicator")
        if self.target is not None and self.target.basis is TargetBasis.INTENSITY and self.metric is not Metric.GHG:
            raise ValueError("target.basis: an intensity target is defined for GHG NDCs only")
        if self.kind is NdcKind.SINGLE_YEAR and self.target is None:
            raise ValueError(f"target: a single-year NDC needs its {self.last_year} target")

    def _check_levels(self) -> None:
        wants_trajectory = self.method in (CaMethod.TRAJECTORY, CaMethod.ANNUAL)
        if wants_trajectory != (self.trajectory is not None):
            need = "needs" if wants_trajectory else "takes no"
            raise ValueError(f"trajectory: the {self.method.value} method {need} a trajectory")
        if self.trajectory is not None:
            series = year_series(self.trajectory, field="trajectory")
            if tuple(series) != self.years:
                raise ValueError(f"trajectory: must give exactly the years {self.first_year}-{self.last_year}, got {tuple(series)}")
            object.__setattr__(self, "trajectory", series)
        if (self.method is CaMethod.BUDGET) != (self.budget is not None):
            need = "needs" if self.method is CaMethod.BUDGET else "takes no"
            raise ValueError(f"budget: the {self.method.value} method {need} a budget")
        if self.budget is not None:
            object.__setattr__(self, "budget", exact(self.budget, field="budget"))

    def _check_denominator(self) -> None:
        if self.method is CaMethod.AVERAGING:
            if self.averaging_denominator is None:
                object.__setattr__(self, "averaging_denominator", AveragingDenominator.ELAPSED_YEARS)
            elif not isinstance(self.averaging_denominator, AveragingDenominator):
                raise ValueError(f"averaging_denominator: {self.averaging_denominator!r} is not an AveragingDenominator")
        elif self.averaging_denominator is not None:
            raise ValueError(f"averaging_denominator: applies to the averaging method only, not {self.method.value}")

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years of the NDC period, in order."""
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def period_length(self) -> int:
        """n_P: the number of years in the NDC period."""
        return self.last_year - self.first_year + 1

    @property
    def measure(self) -> Indicator:
        """What the balance is measured in: the indicator, or GHG emissions."""
        return self.indicator if self.indicator is not None else GHG_INDICATOR

    def denominator(self, year: int) -> int:
        """The averaging divisor for `year` under this definition's option (elapsed years or the full period)."""
        if self.averaging_denominator is AveragingDenominator.FULL_PERIOD:
            return self.period_length
        return year - self.first_year + 1


@dataclass(frozen=True, slots=True)
class Inventory:
    """Reported inventory values per year (row 5: emissions covered by the NDC, or the indicator).

    Years not yet reported are simply absent: their balance is unknown, never zero. `secondary` is the
    structured summary's row 6 (e.g. with LULUCF), for display only; `gdp` (per year, in `gdp_unit`)
    turns a balance into an intensity.
    """

    values: Mapping[int, Fraction]
    secondary: Mapping[int, Fraction] = field(default_factory=dict)
    secondary_label: str = ""
    gdp: Mapping[int, Fraction] = field(default_factory=dict)
    gdp_unit: str = ""

    def __post_init__(self) -> None:
        for name in ("values", "secondary", "gdp"):
            object.__setattr__(self, name, year_series(getattr(self, name), field=f"inventory.{name}"))
        for year, value in self.gdp.items():
            if value <= 0:
                raise ValueError(f"inventory.gdp[{year}]: {value} must be positive")
        if self.gdp and not self.gdp_unit.strip():
            raise ValueError("inventory.gdp_unit: name the GDP unit when GDP is given")
        if self.secondary and not self.secondary_label.strip():
            raise ValueError("inventory.secondary_label: name the second inventory line when it is given")

    @property
    def latest_year(self) -> int | None:
        """The latest reported inventory year, None before the first."""
        return max(self.values) if self.values else None
