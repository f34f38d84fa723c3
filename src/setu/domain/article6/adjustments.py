"""Corresponding adjustments of one Party for one NDC period (`article6.md` §7), exactly.

The engine takes one Party's flows and knows nothing of the ledger: the host contributes its first
transfers, the acquirer its uses, and each Party runs the engine on its own. Signs follow D2 para 8 and
MPG para 77(d): a first transfer is *added* to the first-transferring Party's emissions for its vintage
year, a use is *subtracted* for the year of use. A non-GHG "more is better" indicator flips both (para 9).
Authorized units never first transferred are not flows at all, so they never reach the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from setu.domain.article6.adjustment_results import (
    AveragingFinal,
    CaReport,
    CaYear,
    LevelTest,
    OutsidePeriod,
    meets,
)
from setu.domain.article6.ndc import FIRST_ARTICLE6_YEAR, CaMethod, Inventory, NdcDefinition, TargetBasis
from setu.domain.article6.vocabulary import Metric, Purpose

ZERO = Fraction(0)


def _check_year(value: object, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_ARTICLE6_YEAR <= value <= 2200:
        raise ValueError(f"{field}: {value!r} is not a year from {FIRST_ARTICLE6_YEAR} on")


def _check_quantity(value: object, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{field}: {value!r} is not a positive whole number of units")


@dataclass(frozen=True, slots=True)
class FirstTransfer:
    """Units first transferred: their vintage, the calendar year of the first-transfer event, how many.

    `purpose` is the authorization's: one that allows NDC use counts in row 7, an OIMP-only one (OIMP,
    IMP, OP) in row 8. Both are added to the balance by vintage.
    """

    vintage: int
    year: int
    quantity: int
    purpose: Purpose

    def __post_init__(self) -> None:
        _check_year(self.vintage, "first_transfer.vintage")
        _check_year(self.year, "first_transfer.year")
        _check_quantity(self.quantity, "first_transfer.quantity")
        if self.year < self.vintage:
            raise ValueError(f"first_transfer.year: {self.year} is before the vintage {self.vintage}")
        if not isinstance(self.purpose, Purpose):
            raise ValueError(f"first_transfer.purpose: {self.purpose!r} is not a Purpose")

    @property
    def ndc_authorized(self) -> bool:
        """Row 7 (authorized for NDC use, alone or with OIMP) rather than row 8 (OIMP only)."""
        return self.purpose.allows_ndc


@dataclass(frozen=True, slots=True)
class NdcUse:
    """Units used towards the NDC, for calendar year `year` (the AEF "year for which ... used")."""

    year: int
    quantity: int

    def __post_init__(self) -> None:
        _check_year(self.year, "use.year")
        _check_quantity(self.quantity, "use.quantity")


def corresponding_adjustments(
    ndc: NdcDefinition,
    inventory: Inventory,
    first_transfers: Sequence[FirstTransfer] = (),
    uses: Sequence[NdcUse] = (),
) -> CaReport:
    """Rows 3-13, the adjustment and the balance for every year of `ndc`'s period, and the period tests."""
    for i, record in enumerate(first_transfers):
        if not isinstance(record, FirstTransfer):
            raise ValueError(f"first_transfers[{i}]: {record!r} is not a FirstTransfer")
    for i, record in enumerate(uses):
        if not isinstance(record, NdcUse):
            raise ValueError(f"uses[{i}]: {record!r} is not an NdcUse")
    period = range(ndc.first_year, ndc.last_year + 1)
    by_vintage, row7, row8, used = ({y: ZERO for y in period} for _ in range(4))
    outside_vintage = outside_ft_year = outside_use = ZERO
    for f in first_transfers:  # one pass: a year's report may carry a million records
        if f.vintage in period:
            by_vintage[f.vintage] += f.quantity
        else:
            outside_vintage += f.quantity
        if f.year in period:
            (row7 if f.ndc_authorized else row8)[f.year] += f.quantity
        else:
            outside_ft_year += f.quantity
    for u in uses:
        if u.year in period:
            used[u.year] += u.quantity
        else:
            outside_use += u.quantity
    years = _years(ndc, inventory, by_vintage, row7, row8, used)
    outside = OutsidePeriod(outside_vintage, outside_ft_year, outside_use)
    return CaReport(
        ndc=ndc,
        years=years,
        averaging_final=_averaging_final(ndc, years),
        budget_test=_budget_test(ndc, years),
        trajectory_test=_trajectory_test(ndc, years),
        target_test=_target_test(ndc, years),
        outside_period=outside,
        latest_inventory_year=inventory.latest_year,
    )


def _years(
    ndc: NdcDefinition,
    inventory: Inventory,
    by_vintage: Mapping[int, Fraction],
    row7: Mapping[int, Fraction],
    row8: Mapping[int, Fraction],
    used: Mapping[int, Fraction],
) -> tuple[CaYear, ...]:
    averaging = ndc.method is CaMethod.AVERAGING
    sign = ndc.measure.direction.sign
    rows: list[CaYear] = []
    cumulative = ZERO
    vintage_to_date = ZERO
    used_to_date = ZERO
    for year in ndc.years:
        net = row7[year] + row8[year] - used[year]
        cumulative += net
        vintage_to_date += by_vintage[year]
        used_to_date += used[year]
        row11 = cumulative / ndc.denominator(year) if averaging else None
        avg_vintage = (vintage_to_date - used_to_date) / ndc.denominator(year) if averaging else None
        adjustment = avg_vintage if avg_vintage is not None else by_vintage[year] - used[year]
        emissions = inventory.values.get(year)
        balance = None if emissions is None else emissions + sign * adjustment
        level = ndc.trajectory.get(year) if ndc.trajectory is not None else None
        rows.append(CaYear(
            year=year,
            trajectory=level,
            inventory=emissions,
            inventory_secondary=inventory.secondary.get(year),
            first_transferred_by_vintage=by_vintage[year],
            row7_ndc_first_transferred=row7[year],
            row8_oimp_first_transferred=row8[year],
            row9_used=used[year],
            row10_net=net,
            row11_averaging=row11,
            row12_total_ca=row11 if row11 is not None else by_vintage[year] - used[year],
            row13_cumulative=cumulative,
            averaging_by_vintage=avg_vintage,
            adjustment=adjustment,
            balance=balance,
            intensity=_intensity(ndc, inventory, year, balance),
            trajectory_met=None if balance is None or level is None else meets(balance, level, ndc.measure.direction),
        ))
    return tuple(rows)


def _intensity(ndc: NdcDefinition, inventory: Inventory, year: int, balance: Fraction | None) -> Fraction | None:
    gdp = inventory.gdp.get(year)
    if ndc.metric is not Metric.GHG or balance is None or gdp is None:
        return None
    return balance / gdp


def _averaging_final(ndc: NdcDefinition, years: tuple[CaYear, ...]) -> AveragingFinal | None:
    if ndc.method is not CaMethod.AVERAGING:
        return None
    first_transferred = sum((row.first_transferred_by_vintage for row in years), ZERO)
    used = sum((row.row9_used for row in years), ZERO)
    final = (first_transferred - used) / ndc.period_length
    end = years[-1]  # its by-vintage average divides by elapsed(end) = n_P, so its balance is the final one
    return AveragingFinal(
        year=ndc.last_year,
        period_years=ndc.period_length,
        first_transferred_by_vintage=first_transferred,
        used=used,
        by_vintage=final,
        row11_end_year=end.row11_averaging if end.row11_averaging is not None else ZERO,
        balance=end.balance,
        intensity=end.intensity,
    )


def _period_test(name: str, limit: Fraction, ndc: NdcDefinition, years: tuple[CaYear, ...]) -> LevelTest:
    missing = tuple(row.year for row in years if row.balance is None)
    if missing:
        return LevelTest(name, limit, None, None, missing)
    achieved = sum((row.balance for row in years if row.balance is not None), ZERO)
    return LevelTest(name, limit, achieved, meets(achieved, limit, ndc.measure.direction), ())


def _budget_test(ndc: NdcDefinition, years: tuple[CaYear, ...]) -> LevelTest | None:
    """EB_P = Σ E + Σ FT_v − Σ U against the budget (multi-year NDC, budget method)."""
    if ndc.method is not CaMethod.BUDGET or ndc.budget is None:
        return None
    return _period_test("budget", ndc.budget, ndc, years)


def _trajectory_test(ndc: NdcDefinition, years: tuple[CaYear, ...]) -> LevelTest | None:
    """Σ_P EB against Σ_P T at the end of the period (trajectory and annual methods)."""
    if ndc.trajectory is None:
        return None
    return _period_test("trajectory (period sum)", sum(ndc.trajectory.values(), ZERO), ndc, years)


def _target_test(ndc: NdcDefinition, years: tuple[CaYear, ...]) -> LevelTest | None:
    """The end-year balance (averaging: with the final figure), or its intensity, against the target."""
    if ndc.target is None:
        return None
    end = years[-1]
    achieved = end.intensity if ndc.target.basis is TargetBasis.INTENSITY else end.balance
    if achieved is None:
        return LevelTest("target", ndc.target.value, None, None, (ndc.last_year,))
    return LevelTest("target", ndc.target.value, achieved, meets(achieved, ndc.target.value, ndc.measure.direction), ())
