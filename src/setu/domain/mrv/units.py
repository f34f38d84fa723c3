"""Units of measure with exact conversion, so MWh and kWh can never be mixed silently.

A `Quantity` keeps its value as an exact `Fraction` in the base unit of its dimension (MWh for energy,
tCO2 for emissions, hour for time, lumen, °C for temperature, USRt for cooling capacity) and its
dimension as exponents over those bases. Adding quantities of different dimensions is an error;
multiplying combines dimensions. Every conversion factor is a terminating decimal, so a conversion is
exact: units whose factor to the base is not (GJ to MWh is 1/3.6) are deliberately absent.

Temperature is only ever °C and only used in differences (the chiller's temperature correction), so the
affine Kelvin offset never arises.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

BASES = ("energy", "co2", "time", "flux", "temperature", "cooling")
"""Base dimensions; the base unit of each is MWh, tCO2, h, lm, °C and USRt."""

Dimension = tuple[int, int, int, int, int, int]
DIMENSIONLESS: Dimension = (0, 0, 0, 0, 0, 0)


class UnitError(ValueError):
    """A quantity was combined with or converted to an incompatible unit, or a unit is unknown."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A named unit: its symbol, dimension and exact factor to the base unit of that dimension."""

    symbol: str
    dimension: Dimension
    factor: Fraction


def _dim(**exponents: int) -> Dimension:
    return tuple(exponents.get(base, 0) for base in BASES)  # type: ignore[return-value]


_ENERGY = _dim(energy=1)
_POWER = _dim(energy=1, time=-1)
_CO2 = _dim(co2=1)

_UNITS = (
    Unit("1", DIMENSIONLESS, Fraction(1)),
    Unit("%", DIMENSIONLESS, Fraction(1, 100)),
    Unit("Wh", _ENERGY, Fraction(1, 1_000_000)),
    Unit("kWh", _ENERGY, Fraction(1, 1000)),
    Unit("MWh", _ENERGY, Fraction(1)),
    Unit("GWh", _ENERGY, Fraction(1000)),
    Unit("W", _POWER, Fraction(1, 1_000_000)),
    Unit("kW", _POWER, Fraction(1, 1000)),
    Unit("MW", _POWER, Fraction(1)),
    Unit("kgCO2", _CO2, Fraction(1, 1000)),
    Unit("tCO2", _CO2, Fraction(1)),
    Unit("tCO2/MWh", _dim(co2=1, energy=-1), Fraction(1)),
    Unit("kgCO2/kWh", _dim(co2=1, energy=-1), Fraction(1)),
    Unit("h", _dim(time=1), Fraction(1)),
    Unit("d", _dim(time=1), Fraction(24)),
    Unit("h/d", DIMENSIONLESS, Fraction(1, 24)),
    Unit("lm", _dim(flux=1), Fraction(1)),
    Unit("lm/W", _dim(flux=1, energy=-1, time=1), Fraction(1_000_000)),
    Unit("degC", _dim(temperature=1), Fraction(1)),
    Unit("USRt", _dim(cooling=1), Fraction(1)),
)
UNITS: dict[str, Unit] = {unit.symbol: unit for unit in _UNITS}
"""Every unit setu accepts, by symbol. Symbols are case-sensitive: `mWh` is not `MWh`."""


def unit(symbol: str) -> Unit:
    """The unit with this symbol, or a `UnitError` listing the known ones."""
    try:
        return UNITS[symbol]
    except KeyError:
        raise UnitError(f"unknown unit {symbol!r}; known units: {', '.join(UNITS)}") from None


def describe_dimension(dimension: Dimension) -> str:
    """A readable name for a dimension, e.g. `energy` or `co2·energy^-1`; the unit symbol when one fits."""
    for candidate in _UNITS:
        if candidate.dimension == dimension and candidate.factor == 1:
            return candidate.symbol
    parts = [base if exp == 1 else f"{base}^{exp}" for base, exp in zip(BASES, dimension, strict=True) if exp]
    return "·".join(parts) or "1"


@dataclass(frozen=True, slots=True)
class Quantity:
    """An exact amount in the base unit of `dimension`. Build one with `Quantity.of`."""

    base_value: Fraction
    dimension: Dimension

    @classmethod
    def of(cls, value: Decimal | int | str | Fraction, symbol: str) -> Quantity:
        """`Quantity.of("12.5", "kWh")`: exact; a float is refused because it is not exact."""
        if isinstance(value, float):
            raise UnitError(f"{value!r} is a binary float; give quantities as Decimal, int or str")
        chosen = unit(symbol)
        return cls(Fraction(value) * chosen.factor, chosen.dimension)

    def to(self, symbol: str) -> Fraction:
        """The exact value in `symbol`; a `UnitError` when the dimensions differ."""
        target = unit(symbol)
        if target.dimension != self.dimension:
            raise UnitError(
                f"cannot express {describe_dimension(self.dimension)} in {symbol} ({describe_dimension(target.dimension)})"
            )
        return self.base_value / target.factor

    def _same_dimension(self, other: Quantity, operation: str) -> None:
        if self.dimension != other.dimension:
            raise UnitError(
                f"cannot {operation} {describe_dimension(self.dimension)} and {describe_dimension(other.dimension)}"
            )

    def __add__(self, other: Quantity) -> Quantity:
        self._same_dimension(other, "add")
        return Quantity(self.base_value + other.base_value, self.dimension)

    def __sub__(self, other: Quantity) -> Quantity:
        self._same_dimension(other, "subtract")
        return Quantity(self.base_value - other.base_value, self.dimension)

    def __mul__(self, other: Quantity) -> Quantity:
        dimension = tuple(a + b for a, b in zip(self.dimension, other.dimension, strict=True))
        return Quantity(self.base_value * other.base_value, dimension)  # type: ignore[arg-type]

    def __truediv__(self, other: Quantity) -> Quantity:
        if other.base_value == 0:
            raise ZeroDivisionError("division by a zero quantity")
        dimension = tuple(a - b for a, b in zip(self.dimension, other.dimension, strict=True))
        return Quantity(self.base_value / other.base_value, dimension)  # type: ignore[arg-type]

    def compare(self, other: Quantity) -> int:
        """-1, 0 or 1; a `UnitError` when the dimensions differ."""
        self._same_dimension(other, "compare")
        return (self.base_value > other.base_value) - (self.base_value < other.base_value)

    def format(self, symbol: str | None = None, places: int = 6) -> str:
        """`1234.5 MWh`: the value in `symbol` (default: the base unit) shown with at most `places` decimals.

        Display only: the stored value stays exact. Trailing zeros are trimmed.
        """
        shown = symbol or describe_dimension(self.dimension)
        value = self.to(shown) if shown in UNITS else self.base_value
        number = format_fraction(value, places)
        return number if shown == "1" else f"{number} {shown}"


def format_fraction(value: Fraction, places: int = 6) -> str:
    """A fraction as a decimal string rounded half-even to `places` (display only), trailing zeros trimmed.

    Integer arithmetic throughout, so no magnitude is too large to show.
    """
    scale = 10**places
    quotient, remainder = divmod(abs(value.numerator) * scale, value.denominator)
    if 2 * remainder > value.denominator or (2 * remainder == value.denominator and quotient % 2):
        quotient += 1
    whole, fraction = divmod(quotient, scale)
    text = f"{whole}.{fraction:0{places}d}".rstrip("0").rstrip(".") if places else str(whole)
    return f"-{text}" if value < 0 and quotient else text
