"""What the corresponding-adjustment engine returns: one row per NDC year, the final figures and the tests.

Row numbers are those of the BTR structured summary (`article6.md` §6.1). Rows 7/8 count first transfers
by the year the first transfer happened; the adjustment that enters the balance counts them by vintage
(D2 para 8(a)). They are different populations and both are kept. All amounts are exact `Fraction`s in
the NDC's measure (t CO2 eq, or the non-GHG indicator's unit); None means "not known" (no inventory
yet) or "not applicable" (row 11 outside averaging), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from setu.domain.article6.ndc import Direction, Indicator, NdcDefinition


@dataclass(frozen=True, slots=True)
class CaYear:
    """One year of the NDC period: structured-summary rows 3-13, the adjustment and the balance.

    `adjustment` is what enters the balance: `first_transferred_by_vintage − row9_used` under
    trajectory/annual/budget accounting, `averaging_by_vintage` under averaging. `balance` is
    `inventory + sign × adjustment` (sign +1 for emissions and "less is better" indicators, −1 for
    "more is better"): EB = E + FT − U for a GHG NDC, never row 5 − row 12 (§9 row 13).
    """

    year: int
    trajectory: Fraction | None  # row 3
    inventory: Fraction | None  # row 5
    inventory_secondary: Fraction | None  # row 6
    first_transferred_by_vintage: Fraction  # FT_v for v = year, NDC-authorized and OIMP-only
    row7_ndc_first_transferred: Fraction  # by year of first transfer
    row8_oimp_first_transferred: Fraction  # by year of first transfer
    row9_used: Fraction  # by year of use
    row10_net: Fraction  # row 7 + row 8 − row 9
    row11_averaging: Fraction | None  # averaging only: row 13 ÷ the chosen denominator
    row12_total_ca: Fraction  # averaging: row 11; otherwise FT by vintage − row 9
    row13_cumulative: Fraction  # Σ row 10 from the first NDC year
    averaging_by_vintage: Fraction | None  # averaging only: (Σ FT_v − Σ U to date) ÷ the chosen denominator
    adjustment: Fraction
    balance: Fraction | None
    intensity: Fraction | None  # balance ÷ GDP, when GDP is given
    trajectory_met: bool | None  # balance against row 3 in the NDC's direction


@dataclass(frozen=True, slots=True)
class AveragingFinal:
    """The averaging method's figure applied in the NDC end year (§9 row 12: both populations shown).

    `by_vintage` is the final corresponding adjustment: first transfers of vintages inside the period,
    less uses for years inside the period, over the period's length. `row11_end_year` is the structured
    summary's row 11 for the end year (first-transfer years). They differ when an in-period vintage is
    first transferred after the end year, or an earlier period's vintage is first transferred in this one.
    """

    year: int
    period_years: int
    first_transferred_by_vintage: Fraction
    used: Fraction
    by_vintage: Fraction
    row11_end_year: Fraction
    balance: Fraction | None
    intensity: Fraction | None


@dataclass(frozen=True, slots=True)
class LevelTest:
    """A balance against its limit in the NDC's direction; `met` is None while some year is unreported."""

    name: str  # "budget", "trajectory (period sum)", "target"
    limit: Fraction
    achieved: Fraction | None
    met: bool | None
    missing_years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OutsidePeriod:
    """Flows the Party recorded that fall outside this NDC period, shown so nothing is dropped silently."""

    first_transferred_vintage_outside: Fraction  # vintage outside the period: in no adjustment here
    first_transferred_year_outside: Fraction  # first-transfer year outside the period: in no row 7/8 here
    used_year_outside: Fraction  # used for a year outside the period


@dataclass(frozen=True, slots=True)
class CaReport:
    """The corresponding adjustments of one Party for one NDC period."""

    ndc: NdcDefinition
    years: tuple[CaYear, ...]
    averaging_final: AveragingFinal | None
    budget_test: LevelTest | None
    trajectory_test: LevelTest | None
    target_test: LevelTest | None
    outside_period: OutsidePeriod
    latest_inventory_year: int | None

    @property
    def measure(self) -> Indicator:
        """What the amounts are measured in."""
        return self.ndc.measure

    def year(self, year: int) -> CaYear:
        """The row of `year`; a ValueError outside the NDC period."""
        for row in self.years:
            if row.year == year:
                return row
        raise ValueError(f"year: {year} is outside the NDC period {self.ndc.first_year}-{self.ndc.last_year}")


def meets(achieved: Fraction, limit: Fraction, direction: Direction) -> bool:
    """Whether `achieved` is on the right side of `limit` ("less is better": at most; otherwise at least)."""
    return achieved <= limit if direction is Direction.LESS_IS_BETTER else achieved >= limit
