"""The NDC definition and inventory refuse what the engine cannot use, naming the field."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

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
    TargetBasis,
    exact,
)
from setu.domain.article6.vocabulary import Metric, Purpose

TRAJECTORY = {y: 100 for y in range(2021, 2031)}
SINGLE = {"party": "IND", "first_year": 2021, "last_year": 2030, "kind": NdcKind.SINGLE_YEAR, "target": Target(1)}
MULTI = {"party": "IND", "first_year": 2021, "last_year": 2030, "kind": NdcKind.MULTI_YEAR}


def test_averaging_stores_the_default_denominator_explicitly():
    ndc = NdcDefinition(**SINGLE, method=CaMethod.AVERAGING)
    assert ndc.averaging_denominator is AveragingDenominator.ELAPSED_YEARS
    assert (ndc.denominator(2027), ndc.period_length, ndc.years[0], ndc.years[-1]) == (7, 10, 2021, 2030)
    full = NdcDefinition(**SINGLE, method=CaMethod.AVERAGING, averaging_denominator=AveragingDenominator.FULL_PERIOD)
    assert full.denominator(2027) == 10


def test_amounts_are_stored_exactly():
    ndc = NdcDefinition(**MULTI, method=CaMethod.BUDGET, budget=Decimal("10000.5"))
    assert ndc.budget == Fraction(20001, 2)
    traj = NdcDefinition(**SINGLE, method=CaMethod.TRAJECTORY, trajectory={**TRAJECTORY, 2030: "99.25"})
    assert traj.trajectory[2030] == Fraction(397, 4)
    assert exact("60000/7", field="x") == Fraction(60000, 7)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"party": "India"}, "party"),
        ({"first_year": 2020}, "first_year"),
        ({"last_year": 2019 + 1}, "last_year"),
        ({"first_year": 2030, "last_year": 2025}, "last_year"),
        ({"method": CaMethod.BUDGET, "budget": 1}, "method"),
        ({"target": None}, "target"),
        ({"trajectory": TRAJECTORY}, "trajectory"),
        ({"budget": 1}, "budget"),
        ({"averaging_denominator": "elapsed"}, "averaging_denominator"),
        ({"metric": Metric.NON_GHG}, "indicator"),
        ({"indicator": Indicator("x", "MWh", Direction.MORE_IS_BETTER)}, "indicator"),
        ({"metric": Metric.NON_GHG, "indicator": Indicator("x", "MWh", Direction.MORE_IS_BETTER),
          "target": Target(1, TargetBasis.INTENSITY)}, "target.basis"),
    ],
)
def test_single_year_averaging_refusals_name_the_field(changes, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        NdcDefinition(**{**SINGLE, "method": CaMethod.AVERAGING, **changes})


@pytest.mark.parametrize(
    ("method", "changes", "field"),
    [
        (CaMethod.TRAJECTORY, {}, "trajectory"),
        (CaMethod.TRAJECTORY, {"trajectory": {2021: 1}}, "trajectory"),
        (CaMethod.TRAJECTORY, {"trajectory": {**TRAJECTORY, 2030: 1.5}}, r"trajectory\[2030\]"),
        (CaMethod.TRAJECTORY, {"trajectory": TRAJECTORY, "averaging_denominator": AveragingDenominator.FULL_PERIOD},
         "averaging_denominator"),
        (CaMethod.ANNUAL, {}, "method"),
    ],
)
def test_trajectory_refusals_name_the_field(method, changes, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        NdcDefinition(**{**SINGLE, "method": method, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [({}, "budget"), ({"budget": 0.5}, "budget"), ({"budget": 1, "trajectory": TRAJECTORY}, "trajectory")],
)
def test_budget_refusals_name_the_field(changes, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        NdcDefinition(**{**MULTI, "method": CaMethod.BUDGET, **changes})


def test_multi_year_needs_no_target_but_its_levels():
    assert NdcDefinition(**MULTI, method=CaMethod.ANNUAL, trajectory=TRAJECTORY).target is None
    assert NdcDefinition(**MULTI, method=CaMethod.BUDGET, budget=1).budget == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"values": {2021: 1.0}}, r"inventory.values\[2021\]"),
        ({"values": {"2021": 1}}, "inventory.values"),
        ({"values": [1, 2]}, "inventory.values"),
        ({"values": {}, "gdp": {2030: 0}, "gdp_unit": "INR"}, r"inventory.gdp\[2030\]"),
        ({"values": {}, "gdp": {2030: 5}}, "inventory.gdp_unit"),
        ({"values": {}, "secondary": {2030: 5}}, "inventory.secondary_label"),
    ],
)
def test_inventory_refusals_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=rf"^{field}"):
        Inventory(**kwargs)


def test_missing_inventory_years_stay_missing():
    inv = Inventory(values={2023: 5, 2021: 3})
    assert tuple(inv.values) == (2021, 2023) and inv.latest_year == 2023
    assert Inventory(values={}).latest_year is None


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: FirstTransfer(vintage=2020, year=2021, quantity=1, purpose=Purpose.NDC), "first_transfer.vintage"),
        (lambda: FirstTransfer(vintage=2026, year=2025, quantity=1, purpose=Purpose.NDC), "first_transfer.year"),
        (lambda: FirstTransfer(vintage=2026, year=2027, quantity=0, purpose=Purpose.NDC), "first_transfer.quantity"),
        (lambda: FirstTransfer(vintage=2026, year=2027, quantity=1, purpose="NDC"), "first_transfer.purpose"),
        (lambda: NdcUse(year=2030, quantity=True), "use.quantity"),
        (lambda: NdcUse(year="2030", quantity=1), "use.year"),
        (lambda: corresponding_adjustments(NdcDefinition(**MULTI, method=CaMethod.BUDGET, budget=1),
                                           Inventory(values={}), [NdcUse(2030, 1)]), r"first_transfers\[0\]"),
    ],
)
def test_flow_refusals_name_the_field(make, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        make()


def test_oimp_only_purposes_go_to_row8_and_ndc_combinations_to_row7():
    ndc_rows = {p: FirstTransfer(vintage=2026, year=2026, quantity=1, purpose=p).ndc_authorized for p in Purpose}
    assert {p for p, ndc in ndc_rows.items() if not ndc} == {Purpose.OIMP, Purpose.IMP, Purpose.OP}
