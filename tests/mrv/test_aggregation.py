"""Aggregating usable readings into totals per equipment, parameter and vintage, with numbers worked by hand.

Every project here is in Asia/Kolkata (UTC+05:30, no daylight saving); readings are stamped in local time.
The test methodology's EG fills missing data with zero, EC with the meter's ceiling.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setu.domain.mrv.findings import FindingCode, has_errors
from setu.domain.mrv.methodology import MissingData
from setu.domain.mrv.project import MonitoringPeriod, Project, ReadingKind, TimestampMarks
from setu.domain.mrv.quality import MeterQuality
from setu.domain.mrv.units import Quantity
from setu.mrv.aggregation import Aggregation, aggregate
from setu.mrv.readings import load_readings
from setu.mrv.validation import validate
from tests.mrv.builders import DAY, meter, methodology, period, project, write_csv

DAY_ONE = period(date(2026, 1, 1), date(2026, 1, 1))
CUMULATIVE = ReadingKind.CUMULATIVE


def kwh(value: str | int | Fraction) -> Quantity:
    return Quantity.of(value, "kWh")


def run(tmp_path: Path, rows: list[tuple[str, str, str]], subject: Project, chosen: MonitoringPeriod = DAY_ONE,
        name: str = "readings.csv") -> Aggregation:
    """Readings `(meter, local time, value)` in kWh, through load, validate (no errors allowed) and aggregate."""
    path = write_csv(tmp_path, [(m, f"{t}+05:30", v, "kWh") for m, t, v in rows], name)
    validated = validate(load_readings(path), subject, chosen)
    assert not has_errors(validated.findings), validated.findings
    return aggregate(validated, subject, methodology(), chosen)


def at(hour: int, day: int = 1, month: int = 1, year: int = 2026, minute: int = 0, second: int = 0) -> str:
    """Local time `hour` o'clock of the day (hour 24 is the next midnight)."""
    moment = date(year, month, day).toordinal() + hour // 24
    day_of = date.fromordinal(moment)
    return f"{day_of.isoformat()}T{hour % 24:02d}:{minute:02d}:{second:02d}"


def quality(result: Aggregation, meter_id: str, vintage: int = 2026) -> MeterQuality:
    return next(q for q in result.quality if q.meter_id == meter_id and q.vintage == vintage)


# --- interval meters ---------------------------------------------------------------------------------------------

def test_ceiling_fills_each_missing_hour_with_the_meters_ceiling(tmp_path: Path):
    grid = meter("GRID", parameter="EC", ceiling="5")
    rows = [("GRID", at(h), "2") for h in range(1, 25) if h not in (5, 6, 7)]  # 21 hours of 2 kWh; 3 missing
    result = run(tmp_path, rows, project(grid))
    q = quality(result, "GRID")
    assert (q.readings_used, q.expected_intervals, q.missing_intervals, q.rule) == (21, 24, 3, MissingData.CEILING)
    assert (q.measured, q.filled, q.total) == (kwh(42), kwh(15), kwh(57))  # 21 × 2 + 3 × 5
    assert result.totals == {("pv-1", "EC", 2026): kwh(57)}


def test_zero_fills_missing_hours_with_nothing(tmp_path: Path):
    rows = [("PV-1", at(h), "2.5") for h in range(1, 25) if h not in (5, 6, 7)]
    result = run(tmp_path, rows, project(meter()))
    q = quality(result, "PV-1")
    assert (q.missing_intervals, q.measured, q.filled) == (3, kwh("52.5"), kwh(0))  # 21 × 2.5
    assert result.totals[("pv-1", "EG", 2026)] == Quantity.of("0.0525", "MWh")


def test_start_marked_readings_cover_the_hour_after_their_timestamp(tmp_path: Path):
    starts = meter(marks=TimestampMarks.START)
    rows = [("PV-1", at(h), "1") for h in range(0, 25)]  # 00:00 … 24:00; the 24:00 one covers the next day
    result = run(tmp_path, rows, project(starts))
    q = quality(result, "PV-1")
    assert (q.readings_used, q.expected_intervals, q.missing_intervals, q.total) == (24, 24, 0, kwh(24))


def test_readings_off_the_grid_count_in_the_interval_they_start_in(tmp_path: Path):
    rows = [("PV-1", at(h, minute=0, second=30), "1") for h in range(1, 25)]  # each covers hh-1:00:30 … hh:00:30
    q = quality(run(tmp_path, rows, project(meter())), "PV-1")
    assert (q.readings_used, q.missing_intervals, q.total) == (24, 0, kwh(24))


def test_a_single_reading(tmp_path: Path):
    result = run(tmp_path, [("PV-1", at(13), "7.25")], project(meter()))
    q = quality(result, "PV-1")
    assert (q.readings_used, q.missing_intervals, q.total) == (1, 23, kwh("7.25"))


def test_zero_output_is_a_zero_total_with_nothing_missing(tmp_path: Path):
    result = run(tmp_path, [("PV-1", at(h), "0") for h in range(1, 25)], project(meter()))
    assert quality(result, "PV-1").missing_intervals == 0 and result.totals[("pv-1", "EG", 2026)] == kwh(0)


def test_a_leap_day_is_an_expected_interval(tmp_path: Path):
    leap = period(date(2028, 2, 28), date(2028, 3, 1))
    daily = meter(interval=DAY)
    rows = [("PV-1", at(0, 29, 2, 2028), "10"), ("PV-1", at(0, 2, 3, 2028), "12")]  # Feb 28 and Mar 1; Feb 29 missing
    path = write_csv(tmp_path, [(m, f"{t}+05:30", v, "kWh") for m, t, v in rows])
    validated = validate(load_readings(path), project(daily), leap)
    gap = next(f for f in validated.findings if f.code is FindingCode.GAP)
    assert gap.count == 1 and "the first starts 2028-02-29T00:00:00+05:30" in gap.message
    q = quality(aggregate(validated, project(daily), methodology(), leap), "PV-1", 2028)
    assert (q.expected_intervals, q.missing_intervals, q.total) == (3, 1, kwh(22))


def test_an_hourly_meter_over_a_year_boundary_splits_by_the_hour_each_interval_starts(tmp_path: Path):
    new_year = period(date(2026, 12, 31), date(2027, 1, 1))
    rows = [("PV-1", at(h, 31, 12), "1") for h in range(1, 49)]  # 48 hours; the 00:00 Jan 1 reading covers 23:00 Dec 31
    result = run(tmp_path, rows, project(meter()), new_year)
    assert result.totals == {("pv-1", "EG", 2026): kwh(24), ("pv-1", "EG", 2027): kwh(24)}
    assert [(q.vintage, q.readings_used, q.expected_intervals) for q in result.quality] == [(2026, 24, 24), (2027, 24, 24)]


def test_meters_of_one_equipment_and_parameter_add_up_across_units(tmp_path: Path):
    subject = project(meter("A"), meter("B", unit="Wh"), meter("DAYS", parameter="EG", equipment="project", unit="MWh"))
    path = write_csv(tmp_path, [("A", f"{at(1)}+05:30", "1.5", "kWh"), ("B", f"{at(1)}+05:30", "250", "Wh"),
                                ("DAYS", f"{at(1)}+05:30", "0.001", "MWh")])
    result = aggregate(validate(load_readings(path), subject, DAY_ONE), subject, methodology(), DAY_ONE)
    assert result.totals == {("pv-1", "EG", 2026): kwh("1.75"), ("project", "EG", 2026): kwh(1)}


def test_every_meter_has_a_total_and_a_quality_line_for_every_vintage_even_without_data(tmp_path: Path):
    new_year = period(date(2026, 12, 31), date(2027, 1, 1))
    subject = project(meter(), meter("REG", equipment="pv-2", reading=CUMULATIVE))
    result = run(tmp_path, [("PV-1", at(1, 31, 12), "1")], subject, new_year)
    assert result.totals == {("pv-1", "EG", 2026): kwh(1), ("pv-1", "EG", 2027): kwh(0),
                             ("pv-2", "EG", 2026): kwh(0), ("pv-2", "EG", 2027): kwh(0)}
    assert [(q.meter_id, q.vintage, q.readings_used) for q in result.quality] == [
        ("PV-1", 2026, 1), ("PV-1", 2027, 0), ("REG", 2026, 0), ("REG", 2027, 0)]


def test_a_ceiling_parameter_without_a_ceiling_and_a_missing_interval_is_a_value_error(tmp_path: Path):
    grid = meter("GRID", parameter="EC")
    assert run(tmp_path, [("GRID", at(h), "1") for h in range(1, 25)], project(grid)).totals[("pv-1", "EC", 2026)] == kwh(24)
    with pytest.raises(ValueError, match="meter GRID: EC fills missing intervals with the meter's ceiling"):
        run(tmp_path, [("GRID", at(h), "1") for h in range(1, 24)], project(grid), name="b.csv")


def test_a_meter_of_a_parameter_the_methodology_lacks_is_a_value_error(tmp_path: Path):
    with pytest.raises(ValueError, match="meter PV-1 measures XX"):
        run(tmp_path, [], project(meter(parameter="XX")))


# --- cumulative meters -------------------------------------------------------------------------------------------

def test_register_differences_inside_the_period_add_up(tmp_path: Path):
    register = meter("REG", reading=CUMULATIVE)
    rows = [("REG", at(0), "1000.5"), ("REG", at(6), "1010.5"), ("REG", at(24), "1040")]
    q = quality(run(tmp_path, rows, project(register)), "REG")
    assert (q.readings_used, q.expected_intervals, q.excluded_intervals, q.total) == (3, None, 0, kwh("39.5"))


def test_a_single_register_reading_credits_nothing(tmp_path: Path):
    q = quality(run(tmp_path, [("REG", at(12), "500")], project(meter("REG", reading=CUMULATIVE))), "REG")
    assert (q.readings_used, q.total) == (1, kwh(0))


def test_a_register_difference_over_new_year_is_split_pro_rata_by_time(tmp_path: Path):
    new_year = period(date(2026, 12, 31), date(2027, 1, 1))
    register = meter("REG", reading=CUMULATIVE, interval=DAY)
    rows = [("REG", at(0, 31, 12), "0"), ("REG", at(18, 31, 12), "10"),   # 10 in 2026
            ("REG", at(12, 1, 1, 2027), "35"),                          # 25 over 18 h: 6 h in 2026, 12 h in 2027
            ("REG", at(24, 1, 1, 2027), "41")]                          # 6 in 2027
    result = run(tmp_path, rows, project(register), new_year)
    assert result.totals == {("pv-1", "EG", 2026): kwh(10 + Fraction(25, 3)),   # 55/3 kWh
                             ("pv-1", "EG", 2027): kwh(Fraction(50, 3) + 6)}    # 68/3 kWh


def test_a_leap_day_register_difference(tmp_path: Path):
    leap = period(date(2028, 2, 28), date(2028, 3, 1))
    rows = [("REG", at(0, 28, 2, 2028), "100"), ("REG", at(12, 29, 2, 2028), "180"), ("REG", at(0, 2, 3, 2028), "400")]
    assert run(tmp_path, rows, project(meter("REG", reading=CUMULATIVE)), leap).totals == {("pv-1", "EG", 2028): kwh(300)}


STRADDLING = [("REG", at(23, 31, 12, 2025), "100"),  # outside, bounds the first difference
              ("REG", at(1), "110"), ("REG", at(12), "150"),
              ("REG", at(26), "200")]                 # 02:00 next day: outside, bounds the last difference


def test_zero_parameters_leave_out_differences_straddling_the_period_edges(tmp_path: Path):
    result = run(tmp_path, STRADDLING, project(meter("REG", reading=CUMULATIVE)))
    q = quality(result, "REG")
    assert (q.readings_used, q.excluded_intervals, q.total) == (2, 2, kwh(40))  # only 110 → 150
    (finding,) = result.findings
    assert finding.code is FindingCode.BOUNDARY_EXCLUDED and finding.count == 2
    assert finding.location == "readings.csv:3:timestamp" and "straddles the period start" in finding.message


def test_ceiling_parameters_count_straddling_differences_whole(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE)
    result = run(tmp_path, STRADDLING, project(register))
    assert result.findings == () and result.totals[("pv-1", "EC", 2026)] == kwh(100)  # 10 + 40 + 50


def test_with_a_ceiling_a_straddling_difference_counts_at_most_what_the_period_part_can_hold(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE, ceiling="4")
    q = quality(run(tmp_path, STRADDLING, project(register)), "REG")
    # 23:00 → 01:00 has 1 h inside: min(10, 4); 12:00 → 02:00 has 12 h inside: min(50, 48)
    assert (q.measured, q.filled, q.total) == (kwh(4 + 40 + 48), kwh(0), kwh(92))


def test_a_rollover_counts_the_wrap(tmp_path: Path):
    register = meter("REG", reading=CUMULATIVE, register_rollover="1000")
    rows = [("REG", at(0), "950"), ("REG", at(2), "990"), ("REG", at(3), "30"), ("REG", at(24), "31")]
    q = quality(run(tmp_path, rows, project(register)), "REG")
    assert (q.rollovers, q.resets, q.total) == (1, 0, kwh(81))  # 40 + (1000 − 990 + 30) + 1


RESET = [("REG", at(0), "100"), ("REG", at(6), "150"), ("REG", at(8), "15"), ("REG", at(24), "50")]


def test_zero_parameters_leave_out_a_difference_across_a_reset(tmp_path: Path):
    q = quality(run(tmp_path, RESET, project(meter("REG", reading=CUMULATIVE))), "REG")
    assert (q.resets, q.excluded_intervals, q.total) == (1, 1, kwh(85))  # 50 + 35


def test_ceiling_parameters_fill_a_reset_with_the_ceiling_per_interval_it_spans(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE, ceiling="10")
    q = quality(run(tmp_path, RESET, project(register)), "REG")
    assert (q.resets, q.excluded_intervals, q.measured, q.filled) == (1, 0, kwh(85), kwh(20))  # 06:00 → 08:00: 2 × 10


def test_ceiling_parameters_without_a_ceiling_fill_a_reset_with_the_register_after_it(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE)
    q = quality(run(tmp_path, RESET, project(register)), "REG")
    assert (q.measured, q.filled, q.total) == (kwh(85), kwh(15), kwh(100))


def test_ceiling_parameters_fill_period_time_before_the_first_and_after_the_last_reading(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE, ceiling="2")
    q = quality(run(tmp_path, [("REG", at(6), "0"), ("REG", at(18), "24")], project(register)), "REG")
    assert (q.measured, q.filled, q.total) == (kwh(24), kwh(24), kwh(48))  # 00:00–06:00 and 18:00–24:00 at 2 kWh/h


def test_ceiling_parameters_without_a_ceiling_cannot_fill_uncovered_time(tmp_path: Path):
    register = meter("REG", parameter="EC", reading=CUMULATIVE)
    with pytest.raises(ValueError, match="meter REG: EC fills missing data with the meter's ceiling"):
        run(tmp_path, [("REG", at(6), "0"), ("REG", at(24), "24")], project(register))


# --- properties --------------------------------------------------------------------------------------------------

PROPERTY_METERS = (
    meter("G", parameter="EG", equipment="a"),
    meter("C", parameter="EC", equipment="a", ceiling="5"),
    meter("RG", parameter="EG", equipment="b", reading=CUMULATIVE, register_rollover="1000"),
    meter("RC", parameter="EC", equipment="b", reading=CUMULATIVE, register_rollover="1000", ceiling="5"),
)
ZERO_KEYS = (("a", "EG", 2026), ("b", "EG", 2026))
CEILING_KEYS = (("a", "EC", 2026), ("b", "EC", 2026))


@st.composite
def readings(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """Physically possible hourly readings around 2026-01-01: at most 5 kWh an hour, one reading an hour.

    Registers may roll over at 1000; the ZERO register may also reset. Some readings fall outside the day.
    """
    rows = []
    for meter_id in ("G", "C"):
        for hour in sorted(draw(st.sets(st.integers(-2, 27), max_size=30))):
            rows.append((meter_id, at(hour), str(Decimal(draw(st.integers(0, 50))) / 10)))
    for meter_id in ("RG", "RC"):
        register = draw(st.integers(0, 999))
        hours = sorted(draw(st.sets(st.integers(-4, 28), max_size=20)))
        for previous, hour in zip([hours[0] if hours else 0, *hours], hours, strict=False):
            register = (register + draw(st.integers(0, 5 * (hour - previous)))) % 1000
            if meter_id == "RG" and draw(st.integers(0, 9)) == 0:
                register = draw(st.integers(0, 50))  # a reset
            rows.append((meter_id, at(hour), str(register)))
    return rows


def _totals(tmp_path: Path, rows: list[tuple[str, str, str]], name: str) -> Aggregation:
    return run(tmp_path, rows, project(*PROPERTY_METERS), name=name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=readings(), seed=st.integers(0, 2**32 - 1))
def test_shuffling_the_rows_changes_nothing(tmp_path: Path, rows: list[tuple[str, str, str]], seed: int):
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    first, second = _totals(tmp_path, rows, "a.csv"), _totals(tmp_path, shuffled, "b.csv")
    assert first.totals == second.totals and first.quality == second.quality
    assert [(f.code, f.count) for f in first.findings] == [(f.code, f.count) for f in second.findings]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=readings(), data=st.data())
def test_removing_readings_never_raises_a_zero_total_nor_lowers_a_ceiling_total(tmp_path: Path, rows, data):
    kept = [row for row in rows if data.draw(st.booleans())]
    whole, fewer = _totals(tmp_path, rows, "a.csv"), _totals(tmp_path, kept, "b.csv")
    for key in ZERO_KEYS:
        assert fewer.totals[key].compare(whole.totals[key]) <= 0, key
    for key in CEILING_KEYS:
        assert fewer.totals[key].compare(whole.totals[key]) >= 0, key


def test_the_quality_line_of_a_meter_is_consistent(tmp_path: Path):
    for q in _totals(tmp_path, [("G", at(3), "1"), ("RC", at(2), "5"), ("RC", at(4), "9")], "a.csv").quality:
        assert q.total == q.measured + q.filled
        assert q.rule is (MissingData.CEILING if q.parameter == "EC" else MissingData.ZERO)
        assert q.unit == "kWh"
