"""Corresponding adjustments: every number of the worked example (`article6.md` §7.3), then properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from setu.domain.article6.adjustments import FirstTransfer, NdcUse, corresponding_adjustments
from setu.domain.article6.ndc import (
    AveragingDenominator,
    CaMethod,
    Direction,
    Indicator,
    Inventory,
    NdcDefinition,
    NdcKind,
    Target,
)
from setu.domain.article6.vocabulary import Metric, Purpose
from tests.article6.ca_worked_example import (
    E_2030_IND,
    INDIA_FIRST_TRANSFERS,
    JAPAN_USES,
    india,
    inventory,
    japan,
    read_table,
)

INDIA_AGGREGATIONS = read_table("""
                                2026     2027     2028      2029      2030
first_transferred_by_vintage  60,000   80,000   60,000    70,000         0
row7_ndc_first_transferred         0   60,000   80,000    50,000    70,000
row8_oimp_first_transferred        0        0        0    10,000         0
row9_used                          0        0        0         0         0
row10_net                          0   60,000   80,000    60,000    70,000
row13_cumulative                   0   60,000  140,000   200,000   270,000
""")

ROW11_ELAPSED = read_table("""
                 2026     2027     2028      2029     2030
row11_averaging     0  60000/7   17,500  200000/9   27,000
""")["row11_averaging"]

ROW11_FULL_PERIOD = read_table("""
                 2026     2027     2028      2029     2030
row11_averaging     0    6,000   14,000    20,000   27,000
""")["row11_averaging"]


def india_report(denominator: AveragingDenominator | None = None, **inventory_values: int):
    options = {} if denominator is None else {"averaging_denominator": denominator}
    return corresponding_adjustments(india(**options), inventory(**inventory_values), INDIA_FIRST_TRANSFERS)


@pytest.mark.parametrize("row", sorted(INDIA_AGGREGATIONS))
def test_india_aggregations_by_vintage_and_by_first_transfer_year(row):
    report = india_report()
    assert {y: getattr(report.year(y), row) for y in INDIA_AGGREGATIONS[row]} == INDIA_AGGREGATIONS[row]
    assert all(getattr(report.year(y), row) == 0 for y in range(2021, 2026))


def test_india_period_sums():
    years = india_report().years
    assert sum(r.first_transferred_by_vintage for r in years) == 270_000
    assert sum(r.row7_ndc_first_transferred for r in years) == 260_000
    assert sum(r.row8_oimp_first_transferred for r in years) == 10_000
    assert sum(r.row10_net for r in years) == 270_000


def test_b1_is_in_row7_under_2027_but_in_the_adjustment_under_2026():
    report = corresponding_adjustments(india(CaMethod.TRAJECTORY), inventory(), INDIA_FIRST_TRANSFERS[:1])
    assert report.year(2026).row12_total_ca == 60_000 and report.year(2026).row7_ndc_first_transferred == 0
    assert report.year(2027).row12_total_ca == 0 and report.year(2027).row7_ndc_first_transferred == 60_000


@pytest.mark.parametrize(
    ("denominator", "expected"),
    [(None, ROW11_ELAPSED), (AveragingDenominator.ELAPSED_YEARS, ROW11_ELAPSED),
     (AveragingDenominator.FULL_PERIOD, ROW11_FULL_PERIOD)],
)
def test_row11_with_each_denominator(denominator, expected):
    report = india_report(denominator)
    assert {y: report.year(y).row11_averaging for y in expected} == expected
    assert {y: report.year(y).row12_total_ca for y in expected} == expected  # averaging: row 12 = row 11


def test_row11_interim_values_are_exact_fractions():
    report = india_report()
    assert report.year(2027).row11_averaging == Fraction(60_000, 7)
    assert report.year(2029).row11_averaging == Fraction(200_000, 9)
    assert report.ndc.averaging_denominator is AveragingDenominator.ELAPSED_YEARS  # stored, never implicit


@pytest.mark.parametrize("denominator", list(AveragingDenominator))
def test_india_averaging_final_balance_2030(denominator):
    report = india_report(denominator, y2030=E_2030_IND)
    final = report.averaging_final
    assert final is not None
    assert (final.year, final.period_years, final.by_vintage, final.row11_end_year) == (2030, 10, 27_000, 27_000)
    assert final.first_transferred_by_vintage == 270_000 and final.used == 0
    assert final.balance == report.year(2030).balance == 3_500_027_000


def test_india_intensity_is_balance_over_gdp():
    gdp = Inventory(values={2030: E_2030_IND}, gdp={2030: 350_000_000}, gdp_unit="INR crore (2011-12 prices)")
    report = corresponding_adjustments(india(), gdp, INDIA_FIRST_TRANSFERS)
    assert report.averaging_final.intensity == Fraction(3_500_027_000, 350_000_000)
    assert report.target_test.achieved == Fraction(3_500_027_000, 350_000_000)


def test_india_intensity_target_is_open_without_gdp():
    test = india_report(y2030=E_2030_IND).target_test
    assert (test.achieved, test.met, test.missing_years) == (None, None, (2030,))


def test_india_trajectory_balances():
    e = {2026: 3_100_000_000, 2027: 3_200_000_000, 2028: 3_300_000_000, 2029: 3_400_000_000, 2030: E_2030_IND}
    report = corresponding_adjustments(india(CaMethod.TRAJECTORY), Inventory(values=e), INDIA_FIRST_TRANSFERS)
    added = {2026: 60_000, 2027: 80_000, 2028: 60_000, 2029: 70_000, 2030: 0}
    assert {y: report.year(y).balance for y in e} == {y: e[y] + added[y] for y in e}
    assert {y: report.year(y).row12_total_ca for y in e} == added
    assert report.year(2025).balance is None  # not reported yet: unknown, never zero
    assert report.year(2026).row11_averaging is None and report.averaging_final is None


def test_japan_trajectory_subtracts_its_uses():
    report = corresponding_adjustments(japan(), inventory(y2030=1_000_000_000), uses=JAPAN_USES)
    row = report.year(2030)
    assert (row.row9_used, row.row10_net, row.row12_total_ca) == (260_000, -260_000, -260_000)
    assert row.balance == 1_000_000_000 - 260_000


@pytest.mark.parametrize("denominator", list(AveragingDenominator))
def test_japan_averaging_applies_a_tenth_in_2030(denominator):
    ndc = NdcDefinition(party="JPN", first_year=2021, last_year=2030, kind=NdcKind.SINGLE_YEAR,
                        method=CaMethod.AVERAGING, target=Target(760_000_000), averaging_denominator=denominator)
    report = corresponding_adjustments(ndc, inventory(y2030=1_000_000_000), uses=JAPAN_USES)
    assert report.year(2030).row11_averaging == report.averaging_final.by_vintage == -26_000
    assert report.year(2030).balance == 1_000_000_000 - 26_000


def test_oimp_first_transfer_is_added_to_india_by_vintage_and_never_used_by_japan():
    b4 = INDIA_FIRST_TRANSFERS[3]
    report = corresponding_adjustments(india(CaMethod.TRAJECTORY), inventory(y2028=0), (b4,))
    assert report.year(2028).balance == 10_000 and report.year(2029).row8_oimp_first_transferred == 10_000
    japan_report = corresponding_adjustments(japan(), inventory(), uses=JAPAN_USES)
    assert sum(r.row9_used for r in japan_report.years) == 260_000  # B4 is in no NdcUse of Japan's


MT = 1_000_000


def budget_ndc() -> NdcDefinition:
    return NdcDefinition(party="IND", first_year=2021, last_year=2030, kind=NdcKind.MULTI_YEAR,
                         method=CaMethod.BUDGET, budget=10_000 * MT)


def test_multi_year_budget_is_met():
    emissions = Inventory(values={y: 995 * MT for y in range(2021, 2031)})  # Σ E = 9,950 Mt
    transfers = [FirstTransfer(vintage=y, year=y, quantity=3 * MT, purpose=Purpose.NDC) for y in range(2021, 2031)]
    test = corresponding_adjustments(budget_ndc(), emissions, transfers).budget_test
    assert (test.limit, test.achieved, test.met, test.missing_years) == (10_000 * MT, 9_980 * MT, True, ())


def test_multi_year_budget_is_open_while_a_year_is_unreported():
    emissions = Inventory(values={y: 995 * MT for y in range(2021, 2030)})
    test = corresponding_adjustments(budget_ndc(), emissions).budget_test
    assert (test.achieved, test.met, test.missing_years) == (None, None, (2030,))


RENEWABLES = Indicator("Renewable electricity generation", "MWh", Direction.MORE_IS_BETTER)


def renewables_ndc(party: str) -> NdcDefinition:
    return NdcDefinition(party=party, first_year=2021, last_year=2030, kind=NdcKind.MULTI_YEAR,
                         method=CaMethod.ANNUAL, metric=Metric.NON_GHG, indicator=RENEWABLES,
                         trajectory={y: 4_000_000 for y in range(2021, 2031)})


def test_non_ghg_adjusted_indicator_flips_the_signs():
    ind = Inventory(values={2028: 5_000_000})
    transfer = FirstTransfer(vintage=2028, year=2028, quantity=20_000, purpose=Purpose.NDC)
    host = corresponding_adjustments(renewables_ndc("IND"), ind, [transfer])
    assert host.year(2028).balance == 4_980_000 and host.year(2028).trajectory_met is True
    user = corresponding_adjustments(renewables_ndc("JPN"), ind, uses=[NdcUse(year=2028, quantity=20_000)])
    assert user.year(2028).balance == 5_020_000
    assert host.measure.unit == "MWh"


def test_flows_outside_the_period_are_counted_apart():
    late = FirstTransfer(vintage=2030, year=2031, quantity=5, purpose=Purpose.NDC)
    report = corresponding_adjustments(india(), inventory(), [late], [NdcUse(year=2031, quantity=2)])
    assert report.outside_period.first_transferred_year_outside == 5
    assert report.outside_period.used_year_outside == 2
    assert report.averaging_final.by_vintage == Fraction(5, 10) and report.averaging_final.row11_end_year == 0


# --- properties ---------------------------------------------------------------------------------------------

YEARS = st.integers(2021, 2032)
transfer_records = st.builds(
    lambda v, lag, q, p: FirstTransfer(vintage=v, year=v + lag, quantity=q, purpose=p),
    YEARS, st.integers(0, 3), st.integers(1, 10**9), st.sampled_from(list(Purpose)),
)
use_records = st.builds(NdcUse, year=YEARS, quantity=st.integers(1, 10**9))


@st.composite
def ghg_ndcs(draw, method=None):
    method = draw(st.sampled_from(list(CaMethod))) if method is None else method
    first = draw(st.integers(2021, 2026))
    last = draw(st.integers(first, first + 9))
    kind = NdcKind.SINGLE_YEAR if method in (CaMethod.TRAJECTORY, CaMethod.AVERAGING) else NdcKind.MULTI_YEAR
    extra = {}
    if method in (CaMethod.TRAJECTORY, CaMethod.ANNUAL):
        extra["trajectory"] = {y: draw(st.integers(0, 10**10)) for y in range(first, last + 1)}
    if method is CaMethod.BUDGET:
        extra["budget"] = draw(st.integers(1, 10**11))
    if method is CaMethod.AVERAGING:
        extra["averaging_denominator"] = draw(st.sampled_from(list(AveragingDenominator)))
    if kind is NdcKind.SINGLE_YEAR:
        extra["target"] = Target(draw(st.integers(0, 10**10)))
    return NdcDefinition(party="IND", first_year=first, last_year=last, kind=kind, method=method, **extra)


inventories = st.dictionaries(YEARS, st.integers(0, 10**10)).map(lambda v: Inventory(values=v))
FIRST_TRANSFERS = st.lists(transfer_records, max_size=8)
USES = st.lists(use_records, max_size=8)


def balances(report):
    return {row.year: row.balance for row in report.years}


@settings(max_examples=200, deadline=None)
@given(ghg_ndcs(), inventories, transfer_records, FIRST_TRANSFERS, USES)
def test_adding_a_first_transfer_never_lowers_the_hosts_balance(ndc, inv, extra, first_transfers, uses):
    before = balances(corresponding_adjustments(ndc, inv, first_transfers, uses))
    after = balances(corresponding_adjustments(ndc, inv, [*first_transfers, extra], uses))
    assert all(after[y] >= before[y] for y in before if before[y] is not None)


@settings(max_examples=200, deadline=None)
@given(ghg_ndcs(), inventories, use_records, FIRST_TRANSFERS, USES)
def test_adding_a_use_never_raises_the_users_balance(ndc, inv, extra, first_transfers, uses):
    before = balances(corresponding_adjustments(ndc, inv, first_transfers, uses))
    after = balances(corresponding_adjustments(ndc, inv, first_transfers, [*uses, extra]))
    assert all(after[y] <= before[y] for y in before if before[y] is not None)


@settings(max_examples=200, deadline=None)
@given(ghg_ndcs(CaMethod.AVERAGING), inventories, FIRST_TRANSFERS, USES)
def test_both_denominators_agree_in_the_end_year(ndc, inv, first_transfers, uses):
    reports = [
        corresponding_adjustments(
            NdcDefinition(party=ndc.party, first_year=ndc.first_year, last_year=ndc.last_year, kind=ndc.kind,
                          method=ndc.method, target=ndc.target, averaging_denominator=d),
            inv, first_transfers, uses)
        for d in AveragingDenominator
    ]
    elapsed, full = (r.years[-1] for r in reports)
    assert elapsed.row11_averaging == full.row11_averaging
    assert elapsed.balance == full.balance
    assert reports[0].averaging_final == reports[1].averaging_final


@settings(max_examples=200, deadline=None)
@given(ghg_ndcs(), inventories, FIRST_TRANSFERS, USES)
def test_row13_is_the_cumulative_sum_of_row10_and_the_balance_is_e_plus_ft_minus_u(ndc, inv, first_transfers, uses):
    report = corresponding_adjustments(ndc, inv, first_transfers, uses)
    running = Fraction(0)
    for row in report.years:
        running += row.row10_net
        assert row.row13_cumulative == running
        assert row.row10_net == row.row7_ndc_first_transferred + row.row8_oimp_first_transferred - row.row9_used
        if ndc.method is not CaMethod.AVERAGING and row.inventory is not None:
            assert row.balance == row.inventory + row.first_transferred_by_vintage - row.row9_used
    in_period = range(ndc.first_year, ndc.last_year + 1)
    assert sum(r.first_transferred_by_vintage for r in report.years) == sum(
        f.quantity for f in first_transfers if f.vintage in in_period)


@settings(max_examples=100, deadline=None)
@given(st.integers(2021, 2030), st.integers(0, 10**9), transfer_records, FIRST_TRANSFERS, USES)
def test_more_is_better_indicators_mirror_the_signs(year, value, extra, first_transfers, uses):
    inv = Inventory(values={year: value})
    before = corresponding_adjustments(renewables_ndc("IND"), inv, first_transfers, uses).year(year).balance
    after = corresponding_adjustments(renewables_ndc("IND"), inv, [*first_transfers, extra], uses).year(year).balance
    with_use = corresponding_adjustments(renewables_ndc("IND"), inv, first_transfers, [*uses, NdcUse(year, 1)])
    assert after <= before < with_use.year(year).balance
