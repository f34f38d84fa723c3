"""`setu methodology` and `setu mrv` as a person uses them: exit codes, clear lines, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "setu" / "data" / "samples"
PAIRS = {
    "solar_pv": "solar_pv_readings.csv",
    "solar_storage": "solar_storage_readings.csv",
    "chiller": "chiller_readings.csv",
    "led": "led_readings.csv",
    "cement_whr": "cement_whr_readings.xlsx",
}


def setu(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "setu", *map(str, args)], capture_output=True, text=True, timeout=120)


def test_methodology_list_and_show():
    listing = setu("methodology", "list")
    assert listing.returncode == 0
    assert all(f"IN_AM00{n}" in listing.stdout for n in range(1, 6))
    shown = setu("methodology", "show", "IN_AM004")
    assert shown.returncode == 0
    assert "EC_PJ = EC_meter [ec_basis=metered] | P_rated × D_open × H_daily [ec_basis=rated]" in shown.stdout
    assert "LE_RE" in shown.stdout and "65" in shown.stdout
    unknown = setu("methodology", "show", "IN_AM099")
    assert unknown.returncode == 2
    assert "no methodology IN_AM099; known: IN_AM001 v1.0" in unknown.stderr
    assert "Traceback" not in unknown.stderr


@pytest.mark.parametrize("sample", sorted(PAIRS))
def test_every_sample_calculates_to_json_consistent_with_its_vintages(sample):
    result = setu("mrv", "calc", "--project", SAMPLES / f"{sample}.yaml", "--data", SAMPLES / PAIRS[sample], "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    vintages = report["periods"][0]["vintages"]
    assert [v["vintage"] for v in vintages] == [2026, 2027]
    assert report["totals"]["er_t"] == sum(v["er_t"] for v in vintages) > 0
    assert report["data_files"][0]["name"] == PAIRS[sample]


def test_calc_writes_the_workbook_and_refuses_a_mismatched_methodology(tmp_path):
    out = tmp_path / "report.xlsx"
    ok = setu("mrv", "calc", "--project", SAMPLES / "led.yaml", "--data", SAMPLES / "led_readings.csv", "--report", out)
    assert ok.returncode == 0, ok.stderr
    assert "monitoring report written" in ok.stdout
    assert "MRS(calc_process)" in openpyxl.load_workbook(out).sheetnames
    wrong = setu("mrv", "calc", "--methodology", "IN_AM001", "--project", SAMPLES / "led.yaml", "--data", SAMPLES / "led_readings.csv")
    assert wrong.returncode == 2
    assert "the project binds IN_AM004 v1.0, not IN_AM001" in wrong.stderr
    bad_out = setu("mrv", "calc", "--project", SAMPLES / "led.yaml", "--data", SAMPLES / "led_readings.csv", "--report", tmp_path / "r.pdf")
    assert bad_out.returncode == 2 and "--report" in bad_out.stderr


def test_data_errors_are_listed_with_their_location_and_nothing_is_written(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text(
        "meter_id,timestamp,value,unit\n"
        "L1-KWH,2026-04-02T00:00:00+05:30,310.5,MWh\n"
        "GHOST,2026-04-02T00:00:00+05:30,1,kWh\n"
        "L1-KWH,2026-04-03T00:00:00+05:30,-4,kWh\n"
    )
    out = tmp_path / "report.xlsx"
    result = setu("mrv", "calc", "--project", SAMPLES / "led.yaml", "--data", data, "--report", out)
    assert result.returncode == 1
    assert "bad.csv:2:unit: UNIT_MISMATCH" in result.stderr
    assert "bad.csv:3:meter_id: METER_UNKNOWN" in result.stderr
    assert "bad.csv:4:value: NEGATIVE_INTERVAL" in result.stderr
    assert "nothing was calculated" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_check_validates_structure_alone_or_against_a_project(tmp_path):
    alone = setu("mrv", "check", SAMPLES / "chiller_readings.csv")
    assert alone.returncode == 0, alone.stderr
    assert "structure only" in alone.stdout
    against = setu("mrv", "check", SAMPLES / "chiller_readings.csv", "--project", SAMPLES / "led.yaml")
    assert against.returncode == 1
    assert "METER_UNKNOWN" in against.stderr
    missing_column = tmp_path / "short.csv"
    missing_column.write_text("meter_id,timestamp\nA,2026-01-01T00:00:00Z\n")
    short = setu("mrv", "check", missing_column)
    assert short.returncode == 1 and "COLUMN_MISSING" in short.stderr


def test_eligibility_exit_code_follows_the_checklist(tmp_path):
    assert setu("mrv", "eligibility", "--project", SAMPLES / "chiller.yaml").returncode == 0
    failing = tmp_path / "chiller.yaml"
    failing.write_text((SAMPLES / "chiller.yaml").read_text().replace("cooling_capacity_usrt: 500", "cooling_capacity_usrt: 1500"))
    result = setu("mrv", "eligibility", "--project", failing)
    assert result.returncode == 1
    assert "cooling_capacity_usrt is 1500, must be at most 1250" in result.stdout


def test_two_readings_in_one_interval_are_an_error_not_a_double_count(tmp_path):
    data = tmp_path / "repeat.csv"
    data.write_text(
        "meter_id,timestamp,value,unit\n"
        "WHR1-NET,2026-04-02T00:00:00+05:30,180,MWh\n"
        "WHR1-NET,2026-04-02T00:00:01+05:30,180,MWh\n"  # the same day again, one second later
        "WHR1-NET,2026-04-03T00:00:00+05:30,181,MWh\n"
    )
    result = setu("mrv", "calc", "--project", SAMPLES / "cement_whr.yaml", "--data", data)
    assert result.returncode == 1
    assert "READINGS_SHARE_INTERVAL meter WHR1-NET: 1 reading(s) in 2026 fall into an interval" in result.stderr
    assert "nothing was calculated" in result.stderr


def test_a_register_jump_beyond_the_meter_ceiling_is_an_error(tmp_path):
    project = tmp_path / "storage.yaml"
    project.write_text((SAMPLES / "solar_storage.yaml").read_text().replace(
        "{id: BESS1-DIS, equipment: bess-1, parameter: EG_dis, unit: kWh, reading: interval, interval: 1d}",
        '{id: BESS1-DIS, equipment: bess-1, parameter: EG_dis, unit: kWh, reading: cumulative, interval: 1d, ceiling: "6000"}'))
    data = tmp_path / "jump.csv"
    data.write_text(
        "meter_id,timestamp,value,unit\n"
        "BESS1-DIS,2026-04-01T00:00:00+05:30,1000,kWh\n"
        "BESS1-DIS,2026-04-02T00:00:00+05:30,5000,kWh\n"
        "BESS1-DIS,2026-04-03T00:00:00+05:30,90000,kWh\n"  # 85,000 kWh in one day: a meter swap, not 6,000 at most
        "BESS1-GRID,2026-04-02T00:00:00+05:30,10,kWh\n"
    )
    result = setu("mrv", "calc", "--project", project, "--data", data)
    assert result.returncode == 1
    assert "jump.csv:4:value: ABOVE_CEILING meter BESS1-DIS: the register rose by 85000" in result.stderr
