"""Eligibility explains each failed condition; project files keep numbers exact and name bad fields."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from setu.domain.mrv.eligibility import NdaiapaStatus, check_criteria
from setu.domain.mrv.ndaiapa import check_ndaiapa
from setu.methodologies import find_methodology
from setu.mrv.project_file import ProjectFileError, load_checked_project, load_project

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "setu" / "data" / "samples"
CHILLER = find_methodology("IN_AM003")


def test_every_failed_condition_is_explained_and_missing_facts_are_named():
    facts = {"technology": "Centrifugal Chiller", "cooling_capacity_usrt": 1500, "compressor_drive": "inverter",
             "refrigerant_recovery_plan": "yes"}
    results = {r.criterion.id: r for r in check_criteria(CHILLER.eligibility, facts)}
    assert results["C1"].passed  # case-insensitive match
    assert results["C2"].explanation() == "cooling_capacity_usrt is 1500, must be at most 1250"
    assert results["C3"].explanation() == "compressor_drive is 'inverter', must be one of: non-inverter"
    assert results["C4"].explanation() == "refrigerant_odp_zero is not declared"
    assert results["C5"].explanation() == "refrigerant_recovery_plan is 'yes', must be true"


def test_ndaiapa_flags_listing_and_the_end_of_the_initial_window():
    storage = check_ndaiapa(find_methodology("IN_AM002").ndaiapa, date(2026, 1, 1))
    assert storage.eligible and storage.status is NdaiapaStatus.CONDITIONAL
    assert not any("renewed" in line for line in storage.lines)
    plain_pv = check_ndaiapa(find_methodology("IN_AM001").ndaiapa, date(2026, 11, 22))
    assert not plain_pv.eligible
    assert any("to 2026-06-26); confirm it was renewed" in line for line in plain_pv.lines)


@pytest.mark.parametrize("name", ["solar_pv", "solar_storage", "chiller", "led", "cement_whr"])
def test_every_sample_project_loads_and_fits_its_methodology(name):
    project, methodology = load_checked_project(SAMPLES / f"{name}.yaml")
    assert project.methodology_id == methodology.id
    assert all(r.passed for r in check_criteria(methodology.eligibility, dict(project.facts)))


def test_yaml_numbers_stay_exact_and_take_the_parameter_unit():
    project, _ = load_project(SAMPLES / "chiller.yaml")
    values = dict(project.equipment[0].values)
    assert values["COP_PJ"].to("1") == Fraction("6.4")  # a float would be 6.4000000000000003552713678800500929355621337890625
    assert values["Q_cap"].to("USRt") == 500


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text(text)
    return path


def test_schema_errors_name_the_file_and_field(tmp_path):
    path = write(tmp_path, (SAMPLES / "solar_pv.yaml").read_text().replace("timezone: Asia/Kolkata", "timezone: Mars/Olympus")
                 .replace("interval: 1h", "interval: hourly").replace("monitoring_periods:", "colour: blue\nmonitoring_periods:"))
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    message = str(caught.value)
    assert f"{path}: timezone: Value error, 'Mars/Olympus' is not an IANA time zone" in message
    assert f"{path}: meters[0].interval: Value error, must be a whole number and s, min, h or d" in message
    assert f"{path}: colour: Extra inputs are not permitted" in message


def test_project_that_does_not_fit_its_methodology_lists_every_problem(tmp_path):
    text = (SAMPLES / "chiller.yaml").read_text()
    text = text.replace('Q_cap: "500 USRt"', 'Q_cap: "500 kW"').replace("parameter: EC_PJ, unit: kWh", "parameter: EC_PJ, unit: tCO2", 1)
    text = text.replace("options: {displaced: grid}", "options: {displaced: sun}", 1)
    with pytest.raises(ProjectFileError) as caught:
        load_checked_project(write(tmp_path, text))
    message = str(caught.value)
    assert "equipment ch-1: Q_cap: cannot express MW in USRt (USRt)" in message
    assert "equipment ch-1: option displaced='sun' must be one of grid, captive, grid_and_captive" in message
    assert "meter CH1-KWH: unit tCO2 cannot measure EC_PJ (MWh)" in message


def test_unknown_methodology_is_named(tmp_path):
    path = write(tmp_path, (SAMPLES / "led.yaml").read_text().replace("methodology: IN_AM004", "methodology: IN_AM099"))
    with pytest.raises(ProjectFileError, match="methodology: no methodology IN_AM099 v1.0; known: IN_AM001 v1.0"):
        load_project(path)


def test_a_meter_that_lowers_er_must_declare_its_ceiling(tmp_path):
    text = (SAMPLES / "solar_storage.yaml").read_text().replace(', ceiling: "2400"', "")
    with pytest.raises(ProjectFileError, match="meter BESS1-GRID: EG_ch_grid lowers ER, .* declare ceiling"):
        load_checked_project(write(tmp_path, text))


def test_implausible_ex_ante_values_and_time_meters_without_a_ceiling_are_refused(tmp_path):
    text = (SAMPLES / "led.yaml").read_text().replace('H_daily: "12 h/d"', 'H_daily: "48 h/d"').replace(', ceiling: "1"', "")
    with pytest.raises(ProjectFileError) as caught:
        load_checked_project(write(tmp_path, text))
    message = str(caught.value)
    assert "equipment L2: H_daily is 48 h/d, above the maximum 24 h/d" in message
    assert "meter OPEN-DAYS: D_open counts time, so declare a ceiling of at most one interval (1 d) per reading" in message


def test_two_grid_factor_decisions_on_one_date_are_refused(tmp_path):
    text = (SAMPLES / "chiller.yaml").read_text()
    start = text.index("  - effective_from")
    end = text.index("equipment:")
    text = text[:start] + text[start:end] * 2 + text[end:]
    with pytest.raises(ProjectFileError, match="two decisions take effect on 2026-04-01; one date, one decision"):
        load_checked_project(write(tmp_path, text))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("cooling_capacity_usrt: 500", "cooling_capacity_usrt: .nan", "'.nan' is not a finite number"),
    ("start: 2026-04-01", "start: 2026-02-30", "day is out of range for month (a date must be a real calendar date"),
    ("COP_PJ: 6.4,", 'COP_PJ: "NaN",', "equipment[0].values.COP_PJ: 'NaN': not a finite number"),
    ("variant: CM", "variant: XM", "grid_emission_factor: monitoring period MP1: grid EF variant 'XM' is not one of"),
])
def test_non_numbers_impossible_dates_and_unknown_bindings_name_the_file(tmp_path, old, new, expected):
    path = write(tmp_path, (SAMPLES / "chiller.yaml").read_text().replace(old, new, 1))
    with pytest.raises(ProjectFileError) as caught:
        load_checked_project(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_a_non_finite_fact_fails_its_criterion_instead_of_crashing():
    results = {r.criterion.id: r for r in check_criteria(CHILLER.eligibility, {"cooling_capacity_usrt": "NaN"})}
    assert results["C2"].explanation().startswith("cooling_capacity_usrt is 'NaN', must be a finite number")
