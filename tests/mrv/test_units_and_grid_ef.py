"""Units convert exactly and refuse to mix; grid factors are chosen by binding, conservatively on conflict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from setu.domain.mrv.grid_ef import GridEfBinding, GridEfDecision, GridEfError, select_grid_ef
from setu.domain.mrv.units import Quantity, UnitError
from setu.mrv.emission_factors import load_grid_emission_factors

RECORDS = load_grid_emission_factors()


def test_kwh_and_mwh_convert_exactly_and_add_only_within_a_dimension():
    total = Quantity.of("1234.567", "kWh") + Quantity.of("1", "MWh")
    assert total.to("MWh") == Fraction("2.234567")
    assert total.to("Wh") == 2_234_567
    with pytest.raises(UnitError, match="cannot add MWh and tCO2"):
        Quantity.of("1", "MWh") + Quantity.of("1", "tCO2")
    with pytest.raises(UnitError, match="cannot express MWh in tCO2"):
        Quantity.of("1", "MWh").to("tCO2")


def test_binary_floats_and_unknown_units_are_refused():
    with pytest.raises(UnitError, match="binary float"):
        Quantity.of(0.1, "MWh")  # type: ignore[arg-type]
    with pytest.raises(UnitError, match="unknown unit 'mwh'"):
        Quantity.of("1", "mwh")


def test_power_times_time_is_energy_and_efficacy_ratios_are_dimensionless():
    energy = Quantity.of("2640", "W") * Quantity.of("313", "d") * Quantity.of("12", "h/d")
    assert energy.to("MWh") == Fraction("9.91584")
    assert (Quantity.of("105", "lm/W") / Quantity.of("65", "lm/W")).to("1") == Fraction(21, 13)


def decision(variant: str, fiscal_year: str = "2024-25", version: str = "V21.0", source: str | None = None,
             effective: date = date(2026, 1, 1)) -> GridEfDecision:
    return GridEfDecision(GridEfBinding(version, fiscal_year, variant, False, source), effective, "PPs", "PDD")


def test_a_binding_selects_exactly_its_record():
    chosen = select_grid_ef(RECORDS, (decision("CM"),), date(2026, 4, 1))
    assert chosen.factor.tco2_per_mwh == Decimal("0.7383")
    assert chosen.note == ""


def test_conflicting_sources_give_the_lower_value_and_say_so():
    chosen = select_grid_ef(RECORDS, (decision("WA_RE", "2023-24", "V20.0"),), date(2026, 4, 1))
    assert chosen.factor.tco2_per_mwh == Decimal("0.727")  # press figure 0.727 beats the lookup's 0.7290
    assert "the lowest, 0.727, is used because it is conservative" in chosen.note


def test_a_binding_may_pick_one_source_of_a_conflict():
    lookup = "https://batchwise.ai/tools/cea-grid-emission-factor-lookup/"
    chosen = select_grid_ef(RECORDS, (decision("WA_RE", "2023-24", "V20.0", lookup),), date(2026, 4, 1))
    assert chosen.factor.tco2_per_mwh == Decimal("0.7290")


def test_a_later_decision_applies_to_periods_starting_after_it():
    history = (decision("CM"), decision("OM", effective=date(2027, 4, 1)))
    assert select_grid_ef(RECORDS, history, date(2027, 3, 31)).factor.variant == "CM"
    chosen = select_grid_ef(RECORDS, history, date(2027, 4, 1))
    assert (chosen.factor.variant, chosen.decision.effective_from) == ("OM", date(2027, 4, 1))


def test_unknown_bindings_and_uncovered_dates_are_explained():
    with pytest.raises(GridEfError, match="no CEA record for version V99.0.*CM exists for: .*V21.0/2024-25"):
        select_grid_ef(RECORDS, (decision("CM", version="V99.0"),), date(2026, 4, 1))
    with pytest.raises(GridEfError, match="no grid emission factor decision is in force on 2025-12-31"):
        select_grid_ef(RECORDS, (decision("CM"),), date(2025, 12, 31))
    with pytest.raises(GridEfError, match="variant 'XM' is not one of"):
        select_grid_ef(RECORDS, (decision("XM"),), date(2026, 4, 1))


def test_the_shipped_table_is_the_reference_data():
    assert len(RECORDS) == 34
    combined = {r.fiscal_year: r.tco2_per_mwh for r in RECORDS if r.variant == "CM" and r.source_url.startswith("https://batchwise")
                and not r.includes_imports}
    assert combined == {"2020-21": Decimal("0.9073"), "2021-22": Decimal("0.9181"), "2022-23": Decimal("0.9218"),
                        "2023-24": Decimal("0.7582"), "2024-25": Decimal("0.7383")}
