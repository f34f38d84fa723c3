"""Loading and validating monitoring data: every finding from a small bad file, located to the row and column."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from setu.domain.mrv.findings import Finding, FindingCode, Severity, has_errors
from setu.domain.mrv.project import ReadingKind
from setu.mrv.readings import FileFormat, load_readings
from setu.mrv.validation import OUTPUT_SCHEMA, validate
from tests.mrv.builders import DAY, HOUR, meter, period, project, write_csv

JAN = period(date(2026, 1, 1), date(2026, 1, 1))
"""One local day in Asia/Kolkata: 2025-12-31T18:30Z to 2026-01-01T18:30Z."""


def only(findings: tuple[Finding, ...], code: FindingCode) -> Finding:
    matching = [f for f in findings if f.code is code]
    assert len(matching) == 1, findings
    return matching[0]


def codes(findings: tuple[Finding, ...]) -> set[FindingCode]:
    return {f.code for f in findings}


def hourly(hours: range, meter_id: str = "PV-1", value: str = "1", unit: str = "kWh") -> list[tuple[str, ...]]:
    """Readings stamped at the end of each local hour of 2026-01-01."""
    return [(meter_id, f"2026-01-01T{h:02d}:00:00+05:30" if h < 24 else "2026-01-02T00:00:00+05:30", value, unit)
            for h in hours]


# --- loading ---------------------------------------------------------------------------------------------------

def test_csv_header_is_case_insensitive_extra_columns_ignored_rows_numbered_by_line(tmp_path: Path):
    path = write_csv(tmp_path, [("PV-1", "2026-01-01T01:00:00Z", "1.5", "kWh", "x")],
                     header=" Meter_ID ,TIMESTAMP,Value , unit,comment")
    readings = load_readings(path)
    assert readings.findings == () and readings.format is FileFormat.CSV
    assert readings.frame.columns == ["row", "meter_id", "timestamp", "value", "unit"]
    assert readings.frame.row(0) == (2, "PV-1", "2026-01-01T01:00:00Z", "1.5", "kWh")
    assert readings.location(2, "value") == "readings.csv:2:value"


def test_blank_lines_are_skipped_and_do_not_shift_line_numbers(tmp_path: Path):
    path = tmp_path / "r.csv"
    path.write_text("meter_id,timestamp,value,unit\n\nPV-1,2026-01-01T01:00:00Z,x,kWh\n")
    finding = only(validate(load_readings(path), None, None).findings, FindingCode.VALUE_INVALID)
    assert finding.location == "r.csv:3:value"


def test_unsupported_suffix_missing_file_and_corrupt_workbook_are_unreadable_findings(tmp_path: Path):
    (tmp_path / "r.txt").write_text("x")
    (tmp_path / "r.xlsx").write_text("not a zip")
    for path in (tmp_path / "r.txt", tmp_path / "absent.csv", tmp_path / "r.xlsx"):
        readings = load_readings(path)
        assert [f.code for f in readings.findings] == [FindingCode.FILE_UNREADABLE]
        assert readings.findings[0].location == path.name and readings.frame.height == 0


def test_missing_columns_are_named_with_the_columns_found(tmp_path: Path):
    path = write_csv(tmp_path, [("PV-1", "x", "1")], header="meter,time,value")
    finding = only(load_readings(path).findings, FindingCode.COLUMN_MISSING)
    assert finding.location == "readings.csv:1"
    assert "meter_id, timestamp, unit" in finding.message and "'meter', 'time', 'value'" in finding.message


def test_parquet_rows_are_located_by_data_row_and_aware_datetimes_become_utc(tmp_path: Path):
    path = tmp_path / "r.parquet"
    pl.DataFrame({
        "meter_id": ["PV-1", "PV-1"],
        "timestamp": [dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, 2, tzinfo=dt.UTC)],
        "value": ["1.5", "1.1234567891"],
        "unit": ["kWh", "kWh"],
    }).write_parquet(path)
    validated = validate(load_readings(path), None, None)
    assert only(validated.findings, FindingCode.VALUE_INVALID).location == "r.parquet:row 2:value"
    assert validated.frame.row(0)[1] == dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC)


def test_parquet_float_values_are_read_as_the_decimal_they_print_as(tmp_path: Path):
    path = tmp_path / "r.parquet"
    pl.DataFrame({"meter_id": ["PV-1"] * 3, "timestamp": ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z"],
                  "value": [1e-7, 2.5, 0.1 + 0.2], "unit": ["kWh"] * 3}).write_parquet(path)
    validated = validate(load_readings(path), None, None)
    assert validated.frame.get_column("value").to_list() == [Decimal("0.0000001"), Decimal("2.5")]
    # 0.1 + 0.2 is the binary 0.30000000000000004: seventeen places, refused rather than rounded.
    assert only(validated.findings, FindingCode.VALUE_INVALID).location == "r.parquet:row 3:value"


def _workbook(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_findings_name_the_real_cell_and_excel_datetimes_are_project_local(tmp_path: Path):
    path = _workbook(tmp_path / "data.xlsx", [
        ["Note", "Meter_ID", "Timestamp", "Value", "Unit"],
        ["", "PV-1", dt.datetime(2026, 1, 1, 1), 2.5, "kWh"],
        ["", "PV-1", dt.datetime(2026, 1, 1, 2), -3, "kWh"],
    ])
    validated = validate(load_readings(path), project(meter()), JAN)
    finding = only(validated.findings, FindingCode.NEGATIVE_INTERVAL)
    assert finding.location == "data.xlsx!Sheet1!D3" and "-3" in finding.message
    # 01:00 in Asia/Kolkata is 19:30 UTC the day before; the float 2.5 is read as the decimal 2.5.
    assert validated.frame.row(0)[1:3] == (dt.datetime(2025, 12, 31, 19, 30, tzinfo=dt.UTC), Decimal("2.5"))


def test_xlsx_prefers_a_sheet_named_readings(tmp_path: Path):
    path = _workbook(tmp_path / "data.xlsx", [["about this file"]], title="Cover")
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.create_sheet("Readings")
    for row in (["meter_id", "timestamp", "value", "unit"], ["PV-1", "2026-01-01T01:00:00+05:30", 0.1, "kWh"]):
        sheet.append(row)
    book.save(path)
    readings = load_readings(path)
    assert readings.findings == () and readings.sheet == "Readings"
    assert readings.frame.row(0) == (2, "PV-1", "2026-01-01T01:00:00+05:30", "0.1", "kWh")


# --- syntax ------------------------------------------------------------------------------------------------------

def test_unparseable_timestamps_are_invalid(tmp_path: Path):
    path = write_csv(tmp_path, hourly(range(1, 3)) + [("PV-1", "2026-02-30T00:00:00Z", "1", "kWh"),
                                                      ("PV-1", "yesterday", "1", "kWh")])
    finding = only(validate(load_readings(path), None, None).findings, FindingCode.TIMESTAMP_INVALID)
    assert finding.location == "readings.csv:4:timestamp" and finding.count == 2
    assert "'2026-02-30T00:00:00Z'" in finding.message


def test_other_iso_spellings_are_accepted(tmp_path: Path):
    rows = [("PV-1", t, "1", "kWh") for t in ("2026-01-01 01:00:00+05:30", "2026-01-01T02:00+0530",
                                                "2026-01-01T03:00:00.5Z", " 2026-01-01T04:00:00-01:00 ")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), None, None)
    assert validated.findings == ()
    assert validated.frame.get_column("ts").to_list() == [
        dt.datetime(2025, 12, 31, 19, 30, tzinfo=dt.UTC), dt.datetime(2025, 12, 31, 20, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 1, 3, 0, 0, 500000, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, 5, tzinfo=dt.UTC)]


@pytest.mark.parametrize("text", ["1.1234567891", "1e3", "abc", "\"1,5\"", "", "1234567890123456"])
def test_unparseable_or_too_precise_values_are_invalid(tmp_path: Path, text: str):
    path = write_csv(tmp_path, [("PV-1", "2026-01-01T01:00:00Z", "1", "kWh"), ("PV-1", "2026-01-01T02:00:00Z", text, "kWh")])
    finding = only(validate(load_readings(path), None, None).findings, FindingCode.VALUE_INVALID)
    assert finding.location == "readings.csv:3:value"
    assert "at most 15 digits before the point and 9 after" in finding.message


def test_values_keep_nine_places_exactly_and_a_sign_and_spaces_are_allowed(tmp_path: Path):
    rows = [("PV-1", "2026-01-01T01:00:00Z", "+0.123456789", "kWh"), ("PV-1", "2026-01-01T02:00:00Z", " 123456789012345.5 ", "kWh")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), None, None)
    assert validated.findings == ()
    assert validated.frame.get_column("value").to_list() == [Decimal("0.123456789"), Decimal("123456789012345.5")]
    assert validated.frame.schema == pl.Schema(OUTPUT_SCHEMA)


def test_naive_timestamps_without_a_project_are_ambiguous(tmp_path: Path):
    path = write_csv(tmp_path, [("PV-1", "2026-01-01T01:00:00Z", "1", "kWh"), ("PV-1", "2026-01-01T02:00:00", "1", "kWh")])
    finding = only(validate(load_readings(path), None, None).findings, FindingCode.TIMESTAMP_AMBIGUOUS)
    assert finding.location == "readings.csv:3:timestamp" and "no UTC offset" in finding.message


def test_naive_local_times_in_a_daylight_saving_fold_or_gap_are_ambiguous(tmp_path: Path):
    berlin = project(meter(), timezone="Europe/Berlin")
    rows = [("PV-1", "2026-03-29T01:00:00", "1", "kWh"),   # fine: CET
            ("PV-1", "2026-03-29T02:30:00", "1", "kWh"),   # does not exist: clocks jump 02:00 -> 03:00
            ("PV-1", "2026-10-25T02:30:00", "1", "kWh"),   # happens twice: clocks go back 03:00 -> 02:00
            ("PV-1", "2026-10-25T04:00:00", "1", "kWh")]   # fine: CET again
    validated = validate(load_readings(write_csv(tmp_path, rows)), berlin, None)
    finding = only(validated.findings, FindingCode.TIMESTAMP_AMBIGUOUS)
    assert finding.location == "readings.csv:3:timestamp" and finding.count == 2
    assert "Europe/Berlin" in finding.message
    assert validated.frame.get_column("ts").to_list() == [dt.datetime(2026, 3, 29, 0, tzinfo=dt.UTC),
                                                          dt.datetime(2026, 10, 25, 3, tzinfo=dt.UTC)]


def test_naive_timestamps_are_project_local_time(tmp_path: Path):
    path = write_csv(tmp_path, [("PV-1", "2026-01-01T01:00:00", "1", "kWh")])
    validated = validate(load_readings(path), project(meter()), None)
    assert validated.findings == ()
    assert validated.frame.item(0, "ts") == dt.datetime(2025, 12, 31, 19, 30, tzinfo=dt.UTC)


# --- meters and units --------------------------------------------------------------------------------------------

def test_unknown_meters_are_errors_one_per_meter(tmp_path: Path):
    rows = hourly(range(1, 3)) + hourly(range(1, 4), meter_id="PV-9")
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(meter()), None)
    finding = only(validated.findings, FindingCode.METER_UNKNOWN)
    assert finding.location == "readings.csv:4:meter_id" and finding.count == 3 and "'PV-9'" in finding.message
    assert validated.frame.height == 2


def test_a_unit_other_than_the_meters_is_a_mismatch(tmp_path: Path):
    rows = hourly(range(1, 3)) + hourly(range(3, 4), unit="MWh")
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(meter()), None).findings,
                   FindingCode.UNIT_MISMATCH)
    assert finding.location == "readings.csv:4:unit"
    assert finding.message == "meter PV-1 is declared in kWh, row says 'MWh'"


def test_an_unknown_unit_symbol_is_a_mismatch_even_without_a_project(tmp_path: Path):
    rows = hourly(range(1, 2)) + hourly(range(2, 3), unit="kwh")
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), None, None).findings, FindingCode.UNIT_MISMATCH)
    assert finding.location == "readings.csv:3:unit" and "'kwh' is not a known unit" in finding.message


# --- values against the meter ------------------------------------------------------------------------------------

def test_negative_interval_values_are_errors(tmp_path: Path):
    rows = hourly(range(1, 2)) + hourly(range(2, 3), value="-0.5")
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(meter()), JAN)
    finding = only(validated.findings, FindingCode.NEGATIVE_INTERVAL)
    assert finding.location == "readings.csv:3:value" and "'-0.5'" in finding.message
    assert has_errors(validated.findings) and validated.frame.height == 1


def test_negative_values_with_a_kind_column_are_errors_without_a_project(tmp_path: Path):
    rows = [("PV-1", "2026-01-01T01:00:00Z", "-1", "kWh", "interval"),
            ("REG", "2026-01-01T01:00:00Z", "-1", "kWh", "cumulative")]
    path = write_csv(tmp_path, rows, header="meter_id,timestamp,value,unit,kind")
    finding = only(validate(load_readings(path), None, None).findings, FindingCode.NEGATIVE_INTERVAL)
    assert finding.location == "readings.csv:2:value" and finding.count == 1


def test_interval_values_above_the_ceiling_are_errors(tmp_path: Path):
    rows = hourly(range(1, 3), value="5") + hourly(range(3, 4), value="5.000000001")
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(meter(ceiling="5")), JAN).findings,
                   FindingCode.ABOVE_CEILING)
    assert finding.location == "readings.csv:4:value" and "ceiling 5" in finding.message


# --- duplicates --------------------------------------------------------------------------------------------------

def test_identical_duplicates_after_utc_normalisation_are_a_warning_and_one_is_kept(tmp_path: Path):
    rows = hourly(range(1, 3), value="2") + [("PV-1", "2025-12-31T20:30:00Z", "2.0", "kWh")]  # = 02:00+05:30
    validated = validate(load_readings(write_csv(tmp_path, rows)), None, None)
    finding = only(validated.findings, FindingCode.DUPLICATE_READING)
    assert finding.severity is Severity.WARNING
    assert finding.location == "readings.csv:4:timestamp" and "row 3 (readings.csv:3:value)" in finding.message
    assert validated.frame.get_column("row").to_list() == [2, 3]


def test_conflicting_duplicates_are_an_error_naming_both_rows_and_neither_is_kept(tmp_path: Path):
    rows = hourly(range(1, 4), value="2") + [("PV-1", "2026-01-01T02:00:00+05:30", "2.5", "kWh")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), None, None)
    finding = only(validated.findings, FindingCode.DUPLICATE_CONFLICT)
    assert finding.location == "readings.csv:5:value"
    assert "2.5 kWh in row 5 and 2 kWh in row 3 (readings.csv:3:value)" in finding.message
    assert validated.frame.get_column("row").to_list() == [2, 4]


# --- gaps, registers, period -------------------------------------------------------------------------------------

def test_missing_intervals_are_one_gap_warning_with_how_many_and_the_first(tmp_path: Path):
    rows = hourly(range(1, 5)) + hourly(range(8, 24))  # 04:00-07:00 missing (3 intervals), and the last hour
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(meter()), JAN).findings, FindingCode.GAP)
    assert finding.count == 4 and finding.location == "readings.csv:6:timestamp"
    assert "4 intervals of 1h have no reading; the first starts 2026-01-01T04:00:00+05:30" in finding.message


def test_a_meter_missing_from_the_period_start_has_a_leading_gap(tmp_path: Path):
    rows = hourly(range(3, 25))
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(meter()), JAN).findings, FindingCode.GAP)
    assert finding.count == 2 and finding.location == "readings.csv:2:timestamp"
    assert "the first starts 2026-01-01T00:00:00+05:30" in finding.message


def test_register_readings_more_than_one_and_a_half_intervals_apart_are_a_gap(tmp_path: Path):
    register = meter("REG", reading=ReadingKind.CUMULATIVE, interval=DAY)
    rows = [("REG", "2026-01-01T00:00:00+05:30", "10", "kWh"), ("REG", "2026-01-02T00:00:00+05:30", "20", "kWh"),
            ("REG", "2026-01-03T12:00:01+05:30", "35", "kWh")]
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(register), None).findings, FindingCode.GAP)
    assert finding.location == "readings.csv:4:timestamp"
    assert "between 2026-01-02T00:00:00+05:30 (row 3) and 2026-01-03T12:00:01+05:30" in finding.message


def test_a_register_wrapping_near_its_maximum_is_a_rollover(tmp_path: Path):
    register = meter("REG", reading=ReadingKind.CUMULATIVE, interval=HOUR, register_rollover="1000")
    rows = [("REG", "2026-01-01T01:00:00+05:30", "950", "kWh"), ("REG", "2026-01-01T02:00:00+05:30", "980", "kWh"),
            ("REG", "2026-01-01T03:00:00+05:30", "20", "kWh")]
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(register), None).findings,
                   FindingCode.REGISTER_ROLLOVER)
    assert finding.location == "readings.csv:4:value" and "a difference of 40" in finding.message


@pytest.mark.parametrize(("register_rollover", "before", "after"), [(None, "980", "20"), ("1000", "800", "20"), ("1000", "980", "500")])
def test_any_other_register_decrease_is_a_reset(tmp_path: Path, register_rollover: str | None, before: str, after: str):
    register = meter("REG", reading=ReadingKind.CUMULATIVE, interval=HOUR, register_rollover=register_rollover)
    rows = [("REG", "2026-01-01T01:00:00+05:30", before, "kWh"), ("REG", "2026-01-01T02:00:00+05:30", after, "kWh")]
    finding = only(validate(load_readings(write_csv(tmp_path, rows)), project(register), None).findings,
                   FindingCode.REGISTER_RESET)
    assert finding.location == "readings.csv:3:value" and f"from {before} (row 2) to {after}" in finding.message


def test_readings_outside_the_period_are_one_warning_per_meter_with_a_count(tmp_path: Path):
    rows = [("PV-1", "2025-12-31T23:00:00+05:30", "1", "kWh"), ("PV-1", "2026-01-01T00:00:00+05:30", "1", "kWh")]
    rows += hourly(range(1, 25)) + [("PV-1", "2026-01-02T01:00:00+05:30", "1", "kWh")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(meter()), JAN)
    finding = only(validated.findings, FindingCode.OUTSIDE_PERIOD)
    # An END-stamped reading at 00:00 covers 23:00-24:00 of the day before: it is outside too.
    assert finding.count == 3 and finding.location == "readings.csv:2:timestamp" and "period MP1" in finding.message
    assert validated.frame.height == 24


def test_registers_keep_the_last_reading_before_and_the_first_after_the_period(tmp_path: Path):
    register = meter("REG", reading=ReadingKind.CUMULATIVE, interval=HOUR)
    times = ["2025-12-31T22:00", "2025-12-31T23:30", "2026-01-01T12:00", "2026-01-02T00:30", "2026-01-02T02:00"]
    rows = [("REG", f"{t}:00+05:30", str(10 * i), "kWh") for i, t in enumerate(times)]
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(register), JAN)
    assert only(validated.findings, FindingCode.OUTSIDE_PERIOD).count == 2
    assert validated.frame.get_column("row").to_list() == [3, 4, 5]


def test_meters_without_readings_in_the_period_are_no_data(tmp_path: Path):
    rows = hourly(range(1, 25))
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(meter(), meter("PV-2")), JAN)
    finding = only(validated.findings, FindingCode.NO_DATA)
    assert finding.location == "readings.csv" and "meter PV-2" in finding.message and "period MP1" in finding.message


def test_a_clean_file_has_no_findings_and_every_row_usable(tmp_path: Path):
    validated = validate(load_readings(write_csv(tmp_path, hourly(range(1, 25)))), project(meter()), JAN)
    assert validated.findings == () and validated.frame.height == 24


def test_many_repeats_of_one_problem_are_one_finding_located_at_the_first(tmp_path: Path):
    rows = [("PV-1", f"2026-01-01T{h:02d}:00:00+05:30", "x", "kWh") for h in range(1, 24)]
    rows += [("PV-2", "2026-01-01T05:00:00+05:30", "y", "kWh"), ("PV-2", "2026-01-01T04:00:00+05:30", "z", "kWh")]
    findings = validate(load_readings(write_csv(tmp_path, rows)), None, None).findings
    assert [(f.location, f.count) for f in findings] == [("readings.csv:2:value", 23), ("readings.csv:25:value", 2)]
    assert str(findings[0]).startswith("readings.csv:2:value: VALUE_INVALID meter PV-1: value 'x'")
    assert str(findings[0]).endswith("(23 occurrences; the first is shown)")


def test_rows_in_any_order_give_the_same_frame_and_findings_apart_from_row_numbers(tmp_path: Path):
    rows = hourly(range(1, 5)) + hourly(range(8, 25)) + hourly(range(1, 2), meter_id="PV-2")
    first = validate(load_readings(write_csv(tmp_path, rows, "a.csv")), project(meter(), meter("PV-2")), JAN)
    second = validate(load_readings(write_csv(tmp_path, rows[::-1], "b.csv")), project(meter(), meter("PV-2")), JAN)
    assert first.frame.drop("row").sort("meter_id", "ts").equals(second.frame.drop("row").sort("meter_id", "ts"))
    assert sorted((f.code.number, f.count, f.message) for f in first.findings) == sorted(
        (f.code.number, f.count, f.message) for f in second.findings)


def test_a_project_without_a_time_zone_finds_naive_timestamps_ambiguous(tmp_path: Path):
    rows = hourly(range(1, 3)) + [("PV-1", "2026-01-01T03:00:00", "1", "kWh")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), project(meter(), timezone=""), JAN)
    assert only(validated.findings, FindingCode.TIMESTAMP_AMBIGUOUS).location == "readings.csv:4:timestamp"
    assert validated.frame.height == 2


def test_a_file_of_many_odd_offsets_is_read_all_the_same(tmp_path: Path):
    # Past a thousand distinct spellings the offsets are read by a vectorized regex instead of one by one.
    rows = [("PV-1", f"2026-01-01 {h % 24:02d}:{h // 24:02d}:00+{h % 24:02d}:{h // 24:02d}", "1", "kWh") for h in range(1440)]
    rows += [("PV-2", "2026-01-01 01:00:00+24:00", "1", "kWh"), ("PV-2", "2026-01-01 02:00:00+05:60", "1", "kWh")]
    validated = validate(load_readings(write_csv(tmp_path, rows)), None, None)
    assert only(validated.findings, FindingCode.TIMESTAMP_INVALID).count == 2
    # Every local time minus its own offset is 2026-01-01T00:00Z, so all 1440 readings are duplicates of the first.
    assert only(validated.findings, FindingCode.DUPLICATE_READING).count == 1439


def test_an_unreadable_first_timestamp_is_a_finding_even_when_later_ones_read(tmp_path: Path):
    path = write_csv(tmp_path, [("PV-1", "yesterday", "1", "kWh"), ("PV-1", "2026-01-01T02:00:00Z", "2", "kWh")])
    validated = validate(load_readings(path), None, None)
    finding = only(validated.findings, FindingCode.TIMESTAMP_INVALID)
    assert finding.location == "readings.csv:2:timestamp"
    assert validated.frame.height == 1
