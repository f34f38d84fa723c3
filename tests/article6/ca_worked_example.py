"""The worked example of `article6.md` §7.3 as values, and a reader for its tables in their own layout."""

from __future__ import annotations

from fractions import Fraction

from setu.domain.article6.adjustments import FirstTransfer, NdcUse
from setu.domain.article6.ndc import CaMethod, Inventory, NdcDefinition, NdcKind, Target, TargetBasis
from setu.domain.article6.vocabulary import Purpose

E_2030_IND = 3_500_000_000

INDIA_FIRST_TRANSFERS = (
    FirstTransfer(vintage=2026, year=2027, quantity=60_000, purpose=Purpose.NDC),  # B1 (B1r never first transferred)
    FirstTransfer(vintage=2027, year=2028, quantity=80_000, purpose=Purpose.NDC),  # B2
    FirstTransfer(vintage=2028, year=2029, quantity=50_000, purpose=Purpose.NDC),  # B3
    FirstTransfer(vintage=2028, year=2029, quantity=10_000, purpose=Purpose.OIMP),  # B4: first transfer = authorization
    FirstTransfer(vintage=2029, year=2030, quantity=70_000, purpose=Purpose.NDC),  # B5
)

JAPAN_USES = (NdcUse(year=2030, quantity=260_000),)


def india(method: CaMethod = CaMethod.AVERAGING, **options) -> NdcDefinition:
    """India's NDC 2021-2030: single-year, an emissions-intensity target (placeholder value)."""
    extra = {"trajectory": {y: 4_000_000_000 for y in range(2021, 2031)}} if method is CaMethod.TRAJECTORY else {}
    return NdcDefinition(
        party="IND", first_year=2021, last_year=2030, kind=NdcKind.SINGLE_YEAR, method=method,
        target=Target(Fraction(1, 1000), TargetBasis.INTENSITY), **extra, **options,
    )


def japan(method: CaMethod = CaMethod.TRAJECTORY) -> NdcDefinition:
    """Japan's NDC 2021-2030: single-year, an absolute target (placeholder values)."""
    extra = {"trajectory": {y: 1_000_000_000 for y in range(2021, 2031)}} if method is CaMethod.TRAJECTORY else {}
    return NdcDefinition(
        party="JPN", first_year=2021, last_year=2030, kind=NdcKind.SINGLE_YEAR, method=method,
        target=Target(760_000_000), **extra,
    )


def inventory(**values: int) -> Inventory:
    """`inventory(y2026=..., y2030=...)`: an inventory with only the given years reported."""
    return Inventory(values={int(k[1:]): v for k, v in values.items()})


def read_table(text: str) -> dict[str, dict[int, Fraction]]:
    """A table whose header row is years and whose rows are `name v1 v2 ...`; `-` means None.

    Numbers may carry thousands separators (`60,000`) or be fractions (`60000/7`), as the reference prints them.
    """
    lines = [line.split() for line in text.strip().splitlines()]
    years = [int(y) for y in lines[0]]
    table: dict[str, dict[int, Fraction]] = {}
    for name, *cells in lines[1:]:
        if len(cells) != len(years):
            raise ValueError(f"row {name}: {len(cells)} cells for {len(years)} years")
        table[name] = {y: None if c == "-" else Fraction(c.replace(",", "")) for y, c in zip(years, cells, strict=True)}
    return table
