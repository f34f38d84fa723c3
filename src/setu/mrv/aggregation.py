"""Monitored totals per equipment, parameter and vintage, from validated readings, with their QA/QC.

Rules, chosen so that missing data never raises ER:

- Local time. The period runs from `period.start` 00:00 to `period.end + 1 day` 00:00 in the project's
  time zone; a vintage is the local calendar year in which an interval starts.
- Interval meters. A reading covers `[t − interval, t)` when the meter stamps interval ends (END) and
  `[t, t + interval)` when it stamps starts. The expected intervals are the meter's grid, `interval` apart
  from the period start, that start inside the period; a reading off the grid counts in the grid interval
  its own interval starts in (several readings in one interval are added). A grid interval without a
  reading is missing and filled by the parameter's rule: ZERO adds 0, CEILING adds the meter's `ceiling`
  (a CEILING parameter with missing intervals and no ceiling is a `ValueError` naming the meter). Removing
  a reading can therefore only lower a ZERO total and, with at most one reading per interval, only raise
  a CEILING one.
- Cumulative meters: the differences between consecutive readings (`setu.mrv.cumulative`).
- Several meters of one equipment and parameter are added; every meter's (equipment, parameter) has a
  total for every vintage of the period, zero when it has no data. Values are converted exactly to the
  methodology parameter's dimension (`Quantity.of(value, meter.unit)`).

Sums run in polars on `Decimal(38, 9)`; Python sees one decimal per meter and vintage, plus the few
register differences that cross a year or the period edge. Row order never matters: shuffling the file
gives the same totals and quality.

Errors among the validation findings are the caller's to stop on: `aggregate` uses the usable rows it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.domain.mrv.methodology import Methodology, MissingData, ParameterKind
from setu.domain.mrv.project import Meter, MonitoringPeriod, Project, ReadingKind
from setu.domain.mrv.quality import MeterQuality
from setu.domain.mrv.units import Quantity, UnitError
from setu.mrv.cumulative import Contribution, credit_registers
from setu.mrv.grid import SAME_BEFORE, Timeline, attach_meters, by_code, in_order, local_text
from setu.mrv.validation import ValidatedReadings


@dataclass(frozen=True, slots=True)
class Aggregation:
    """Totals by (equipment id or "project", parameter symbol, vintage); one quality line per meter and vintage."""

    totals: dict[tuple[str, str, int], Quantity]
    quality: tuple[MeterQuality, ...]
    findings: tuple[Finding, ...]


def aggregate(validated: ValidatedReadings, project: Project, methodology: Methodology, period: MonitoringPeriod
              ) -> Aggregation:
    """Sum one period's usable readings per equipment, parameter and vintage, filling missing data conservatively.

    A meter whose parameter the methodology does not monitor, or whose unit has another dimension, is a
    `ValueError` (a project-definition error, which the project file check should have caught).
    """
    timeline = Timeline.of(project, period)
    meters = {m.id: m for m in project.meters}
    rules = {m.id: _rule(m, methodology) for m in project.meters}
    frame = attach_meters(validated.frame, project).filter(pl.col("m_code").is_not_null()).with_columns(
        ts_us=pl.col("ts").dt.epoch("us"), amount=pl.col("value"))
    frame = in_order(frame)
    found = _interval_contributions(frame.filter(~pl.col("m_cumulative")), timeline, project, rules)
    cumulative = attach_meters(frame.filter(pl.col("m_cumulative")), project, ("m_register_rollover",))
    credited, findings = credit_registers(cumulative, timeline, meters, rules, validated.source)
    findings = list(findings) + _shared_intervals(found, meters, validated)
    return _assemble(found + credited, project, period, rules, tuple(findings))


def _shared_intervals(found: list[Contribution], meters: dict[str, Meter], validated: ValidatedReadings) -> list[Finding]:
    """An interval meter gives one reading per interval: more would be added up, so a repeat a second off
    the grid (or a meter declared with too long an interval) would count twice. That is an error."""
    findings = []
    for part in found:
        covered = (part.expected or 0) - part.missing
        if part.readings > covered:
            meter = meters[part.meter_id]
            findings.append(Finding(
                FindingCode.READINGS_SHARE_INTERVAL, validated.source.location(),
                f"meter {meter.id}: {part.readings - covered} reading(s) in {part.vintage} fall into an interval of "
                f"{meter.interval} that already has one; each interval takes one reading (check for repeats, or "
                "declare the meter's real interval)",
            ))
    return findings


def _rule(meter: Meter, methodology: Methodology) -> MissingData:
    try:
        parameter = methodology.parameter(meter.parameter)
    except KeyError:
        raise ValueError(f"meter {meter.id} measures {meter.parameter}, which {methodology.reference} does not define") from None
    if parameter.kind is not ParameterKind.MONITORED:
        raise ValueError(f"meter {meter.id} measures {meter.parameter}, which {methodology.reference} fixes ex ante")
    try:
        Quantity.of(0, meter.unit).to(parameter.unit)
    except UnitError as error:
        raise ValueError(f"meter {meter.id} is in {meter.unit}, {meter.parameter} is in {parameter.unit}: {error}") from None
    return parameter.missing_data


def _interval_contributions(frame: pl.DataFrame, timeline: Timeline, project: Project,
                            rules: dict[str, MissingData]) -> list[Contribution]:
    """Measured sums, readings and covered grid intervals per meter and vintage, then the fill of the rest."""
    start, end = timeline.start_us, timeline.end_us
    begins = pl.col("ts_us") - pl.col("m_shift_us")
    k = (begins - start) // pl.col("m_interval_us")
    grid_start = start + k * pl.col("m_interval_us")
    # In meter and time order a grid interval is newly covered where k differs from the row before's.
    covers = (~SAME_BEFORE | (pl.col("k") != pl.col("k").shift(1))).fill_null(True)
    # One lazy query: polars makes no full-length column it can avoid and splits the rows between threads.
    sums = (frame.lazy().select("m_code", "ts_us", "amount", "m_shift_us", "m_interval_us")
            .filter((begins >= start) & (begins < end)).with_columns(k=k, vintage=timeline.vintage_of(grid_start))
            .with_columns(covers=covers).group_by("m_code", "vintage").agg(pl.col("amount").sum(), pl.len(),
                                                                            pl.col("covers").sum()).collect())
    ids = [m.id for m in by_code(project)]
    seen = {(ids[code], v): (amount, n, covered) for code, v, amount, n, covered in sums.iter_rows()}
    found: list[Contribution] = []
    for meter in project.meters:
        if meter.reading is not ReadingKind.INTERVAL:
            continue
        size = meter.interval // timedelta(microseconds=1)
        for year, lo, hi in timeline.vintages:
            amount, n, covered = seen.get((meter.id, year), (0, 0, 0))
            expected = timeline.grid_count(size, lo, hi)
            missing = expected - covered
            fill = Fraction(0)
            if missing and rules[meter.id] is MissingData.CEILING:
                if meter.ceiling is None:
                    raise ValueError(
                        f"meter {meter.id}: {meter.parameter} fills missing intervals with the meter's ceiling, but the "
                        f"meter declares none, and {missing} intervals from {local_text(lo, timeline.where)} have no "
                        "reading; declare a ceiling for the meter")
                fill = Fraction(meter.ceiling) * missing
            found.append(Contribution(meter.id, year, Fraction(amount), fill, n, expected, missing))
    return found


def _assemble(found: list[Contribution], project: Project, period: MonitoringPeriod, rules: dict[str, MissingData],
              findings: tuple[Finding, ...]) -> Aggregation:
    """Add contributions per meter and vintage, then meters per (equipment, parameter)."""
    by_key: dict[tuple[str, int], list[Contribution]] = {}
    for contribution in found:
        by_key.setdefault((contribution.meter_id, contribution.vintage), []).append(contribution)
    totals: dict[tuple[str, str, int], Quantity] = {}
    quality: list[MeterQuality] = []
    for meter in project.meters:
        for year in period.vintages():
            mine = by_key.get((meter.id, year), [])
            measured = Quantity.of(sum((c.measured for c in mine), Fraction(0)), meter.unit)
            filled = Quantity.of(sum((c.filled for c in mine), Fraction(0)), meter.unit)
            expected = next((c.expected for c in mine if c.expected is not None), None)
            quality.append(MeterQuality(
                meter.id, meter.equipment, meter.parameter, year, meter.unit,
                readings_used=sum(c.readings for c in mine), expected_intervals=expected,
                missing_intervals=sum(c.missing for c in mine), excluded_intervals=sum(c.excluded for c in mine),
                rollovers=sum(c.rollovers for c in mine), resets=sum(c.resets for c in mine), rule=rules[meter.id],
                measured=measured, filled=filled, total=measured + filled,
            ))
            key = (meter.equipment, meter.parameter, year)
            totals[key] = totals[key] + measured + filled if key in totals else measured + filled
    return Aggregation(totals, tuple(quality), findings)

