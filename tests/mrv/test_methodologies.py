"""Each methodology against cases computed by hand from its equations (the arithmetic is written out)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from setu.domain.mrv.calculation import CalculationError, calculate_period
from setu.domain.mrv.methodology import check_dimensions
from setu.domain.mrv.units import Quantity, UnitError
from setu.methodologies import METHODOLOGIES, find_methodology
from tests.mrv.factories import FY_2026_27, equipment, grid, project, totals

PV = find_methodology("IN_AM001")
STORAGE = find_methodology("IN_AM002")
CHILLER = find_methodology("IN_AM003")
LED = find_methodology("IN_AM004")
WHR = find_methodology("IN_AM005")


def er(methodology, units, monitored, ef="0.7383", variant="CM", period=None, values=()):  # noqa: ANN001, ANN201
    built = project(methodology, *units, values=values, **({"period": period} if period else {}))
    return calculate_period(methodology, built, built.periods[0], grid(ef, variant), monitored)


@pytest.mark.parametrize("methodology", METHODOLOGIES, ids=lambda m: m.id)
def test_every_methodology_is_dimensionally_sound(methodology):
    assert check_dimensions(methodology) == []


def test_solar_pv_grid_and_captive():
    result = er(PV, [equipment("pv-1"), equipment("pv-2", {"displaced": "grid_and_captive"})],
                totals(**{"pv-1/EG": "1000.5 MWh", "pv-2/EG": "400000 kWh"}))
    # pv-1: 1000.5 MWh × 0.7383 = 738.66915 t; pv-2: 400 MWh × min(0.7383, 0.533) = 213.2 t
    vintage = result.vintages[0]
    assert vintage.re.to("tCO2") == F("738.66915") + F("213.2")
    assert vintage.pe.to("tCO2") == 0
    assert vintage.er_exact == F("951.86915")
    assert vintage.er_t == 951


def test_solar_pv_captive_only_uses_the_diesel_default():
    result = er(PV, [equipment("pv-1", {"displaced": "captive"})], totals(**{"pv-1/EG": "10 MWh"}))
    assert result.vintages[0].er_exact == F("5.33")  # 10 × 0.533
    assert result.er_t == 5


def test_an_exact_whole_tonne_is_not_lost_to_rounding():
    result = er(PV, [equipment("pv-1")], totals(**{"pv-1/EG": "10000 MWh"}))
    assert result.er_t == 7383  # 10000 × 0.7383 exactly; binary floats would give 7382.999…


def test_rounding_is_down_and_zero_output_gives_zero():
    assert er(PV, [equipment("pv-1")], totals(**{"pv-1/EG": "1.3544 MWh"})).er_t == 0  # 0.99995352 t
    assert er(PV, [equipment("pv-1")], totals(**{"pv-1/EG": "0 MWh"})).er_t == 0


def test_storage_credits_only_discharge_net_of_grid_charging():
    result = er(STORAGE, [equipment("bess-1")], totals(**{"bess-1/EG_dis": "1500 MWh", "bess-1/EG_ch_grid": "200 MWh"}),
                ef="0.851", variant="CM_intermittent")
    assert result.vintages[0].er_exact == F("1106.3")  # (1500 − 200) × 0.851
    assert result.er_t == 1106


def test_storage_charged_more_from_grid_than_discharged_earns_nothing():
    result = er(STORAGE, [equipment("bess-1")], totals(**{"bess-1/EG_dis": "100 MWh", "bess-1/EG_ch_grid": "150 MWh"}))
    assert result.vintages[0].re.to("tCO2") == 0
    assert result.er_t == 0


def chillers():  # noqa: ANN201
    return [
        equipment("ch-1", COP_PJ="6.4 1", T_cool_out="37 degC", T_chill_out="7 degC", Q_cap="500 USRt"),
        equipment("ch-2", COP_PJ="6.6 1", T_cool_out="35 degC", T_chill_out="7 degC", Q_cap="800 USRt"),
    ]


def test_chiller_cop_ratio_with_temperature_standardisation():
    result = er(CHILLER, chillers(), totals(**{"ch-1/EC_PJ": "1000 MWh", "ch-2/EC_PJ": "2000000 kWh"}))
    # ch-1 rated at 37/7: COP_tc = 6.4 × (37 − 7 + 1.5 + 1.5) / (37 − 7 + 1.5 + 1.5) = 6.4; band 500–700 → 5.75
    #   RE = 1000 × 6.4 / 5.75 × 0.7383 = 821.76; PE = 738.3
    # ch-2 rated at 35/7: COP_tc = 6.6 × 31 / 33 = 6.2; band 700–1250 → 5.95
    #   RE = 2000 × 6.2 / 5.95 × 0.7383 = 9154.92 / 5.95; PE = 1476.6
    re = F("821.76") + F("9154.92") / F("5.95")
    pe = F("738.3") + F("1476.6")
    vintage = result.vintages[0]
    assert vintage.re.to("tCO2") == re
    assert vintage.pe.to("tCO2") == pe
    assert vintage.er_exact == re - pe  # 145.50168…
    assert vintage.er_t == 145
    cop = {(s.scope, s.symbol): s.result.to(s.unit) for s in vintage.steps}
    assert cop[("ch-2", "COP_PJ_tc")] == F("6.2") and cop[("ch-2", "COP_RE")] == F("5.95")


def test_chiller_worse_than_reference_gives_zero_not_negative():
    worse = equipment("ch-1", COP_PJ="5.0 1", T_cool_out="37 degC", T_chill_out="7 degC", Q_cap="500 USRt")
    result = er(CHILLER, [worse], totals(**{"ch-1/EC_PJ": "1000 MWh"}))
    assert result.vintages[0].er_exact < 0
    assert result.er_t == 0


def test_chiller_outside_the_methodology_capacity_range_is_an_error():
    big = equipment("ch-1", COP_PJ="6.4 1", T_cool_out="37 degC", T_chill_out="7 degC", Q_cap="1300 USRt")
    with pytest.raises(CalculationError, match="equipment ch-1: Q_cap is 1300 USRt, above the maximum 1250 USRt"):
        er(CHILLER, [big], totals(**{"ch-1/EC_PJ": "1000 MWh"}))


def test_a_band_table_refuses_keys_below_its_first_band():
    with pytest.raises(UnitError, match="COP_RE_band: no band holds 250 USRt"):
        CHILLER.table("COP_RE_band").find(Quantity.of("250", "USRt"))


def test_led_metered_and_rated_groups():
    groups = [
        equipment("L1", {"displaced": "grid", "ec_basis": "metered"}, LE_PJ="105 lm/W"),
        equipment("L2", {"displaced": "grid", "ec_basis": "rated"}, LE_PJ="98 lm/W", P_rated="2640 W", H_daily="12 h/d"),
    ]
    result = er(LED, groups, totals(**{"L1/EC_meter": "100 MWh", "project/D_open": "313 d"}))
    # L1: ER = 100 × 0.7383 × (105/65 − 1)
    # L2: EC = 2640 W × 313 d × 12 h/d = 9,915,840 Wh = 9.91584 MWh; ER = 9.91584 × 0.7383 × (98/65 − 1)
    expected = F(100) * F("0.7383") * (F(105, 65) - 1) + F("9.91584") * F("0.7383") * (F(98, 65) - 1)
    vintage = result.vintages[0]
    assert vintage.er_exact == expected
    assert vintage.er_t == 49  # 45.43… + 3.71… = 49.15…
    ec = {(s.scope, s.symbol): s.result for s in vintage.steps}
    assert ec[("L2", "EC_PJ")].to("MWh") == F("9.91584")


def test_led_rated_group_without_rated_power_names_what_is_missing():
    group = equipment("L2", {"displaced": "grid", "ec_basis": "rated"}, LE_PJ="98 lm/W", H_daily="12 h/d")
    with pytest.raises(CalculationError, match="equipment L2: P_rated .* is not given"):
        er(LED, [group], totals(**{"project/D_open": "300 d"}))


def test_cement_whr_grid_and_captive():
    whr = er(WHR, [equipment("whr-1", {"displaced": "grid_and_captive"})], totals(**{"whr-1/EG_WHR": "60000 MWh"}))
    assert whr.er_t == 31980  # 60000 × min(0.7383, 0.533)
    grid_only = er(WHR, [equipment("whr-1")], totals(**{"whr-1/EG_WHR": "60000 MWh"}))
    assert grid_only.er_t == 44298  # 60000 × 0.7383


def test_a_year_crossing_period_rounds_each_vintage_down():
    monitored = totals(2026, **{"pv-1/EG": "1.219 MWh"}) | totals(2027, **{"pv-1/EG": "1.219 MWh"})
    result = er(PV, [equipment("pv-1")], monitored, period=FY_2026_27)
    # each vintage: 1.219 × 0.7383 = 0.8999877 t → 0; together they would be 1.8 t, but tonnes are per vintage
    assert [(v.vintage, v.er_t) for v in result.vintages] == [(2026, 0), (2027, 0)]
    assert result.er_t == 0


def test_a_fixed_default_cannot_be_overridden_by_the_project():
    with pytest.raises(CalculationError, match="EF_captive is fixed by the methodology"):
        er(PV, [equipment("pv-1", {"displaced": "captive"})], totals(**{"pv-1/EG": "10 MWh"}),
           values=(("EF_captive", Quantity.of("0.9", "tCO2/MWh")),))


def test_missing_grid_binding_is_an_error_only_when_the_grid_factor_is_used():
    built = project(PV, equipment("pv-1", {"displaced": "captive"}))
    result = calculate_period(PV, built, built.periods[0], None, totals(**{"pv-1/EG": "10 MWh"}))
    assert result.er_t == 5
    built = project(PV, equipment("pv-1"))
    with pytest.raises(CalculationError, match="needs a grid emission factor but the project binds none"):
        calculate_period(PV, built, built.periods[0], None, totals(**{"pv-1/EG": "10 MWh"}))


def test_the_trace_shows_each_equation_with_its_numbers():
    result = er(PV, [equipment("pv-1")], totals(**{"pv-1/EG": "1000.5 MWh"}))
    lines = {(s.scope, s.symbol): s for s in result.vintages[0].steps}
    assert lines[("pv-1", "EF_RE")].substituted == "0.7383 tCO2/MWh [displaced=grid]"
    assert lines[("project", "RE")].equation == "RE = Σ_i (EG × EF_RE)"
    assert lines[("project", "RE")].substituted == "738.66915 tCO2 [pv-1]"
    assert lines[("project", "ER")].substituted == "floor(max(0, 738.66915 tCO2 − 0 tCO2))"


def test_storage_grid_charging_in_one_vintage_offsets_discharge_in_the_next():
    # 100 MWh charged from the grid in December, 100 MWh discharged in January: no PV electricity was stored.
    # Vintage by vintage the max(·, 0) would credit January's 73.83 t; the whole period's ER is 0, so the cap wins.
    monitored = totals(2026, **{"bess-1/EG_dis": "0 MWh", "bess-1/EG_ch_grid": "100 MWh"}) | totals(
        2027, **{"bess-1/EG_dis": "100 MWh", "bess-1/EG_ch_grid": "0 MWh"})
    result = er(STORAGE, [equipment("bess-1")], monitored, period=FY_2026_27)
    assert [(v.vintage, v.er_t) for v in result.vintages] == [(2026, 0), (2027, 0)]
    assert "exceed the whole period" in result.vintages[1].steps[-1].substituted


def test_the_cap_scales_vintages_in_proportion_when_the_period_still_earns():
    # Dec: 0 discharged, 40 charged; Jan: 100 discharged, 0 charged. Whole period: (100 − 40) × 0.7383 = 44.298 t.
    # Vintages alone: 0 and 73.83 t; scaled: 73.83 × 44.298 / 73.83 = 44.298 → 44.
    monitored = totals(2026, **{"bess-1/EG_dis": "0 MWh", "bess-1/EG_ch_grid": "40 MWh"}) | totals(
        2027, **{"bess-1/EG_dis": "100 MWh", "bess-1/EG_ch_grid": "0 MWh"})
    result = er(STORAGE, [equipment("bess-1")], monitored, period=FY_2026_27)
    assert [(v.vintage, v.er_t) for v in result.vintages] == [(2026, 0), (2027, 44)]


def test_linear_methodologies_are_not_touched_by_the_cap():
    monitored = totals(2026, **{"pv-1/EG": "1000 MWh"}) | totals(2027, **{"pv-1/EG": "500 MWh"})
    result = er(PV, [equipment("pv-1")], monitored, period=FY_2026_27)
    assert [(v.vintage, v.er_t) for v in result.vintages] == [(2026, 738), (2027, 369)]  # 738.3 and 369.15
    assert all(s.equation == "ER = floor(max(0, RE − PE))" for v in result.vintages for s in v.steps[-1:])
