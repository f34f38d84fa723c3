"""Project-level checks of usable readings: the period, gaps, register steps and silent meters.

An interval meter's reading belongs to the period when the interval it covers starts inside it (`[t −
interval, t)` for END marks, `[t, t + interval)` for START). A cumulative reading belongs to it when
`start ≤ t ≤ end`; the last reading before and the first after are kept too, because they bound the
first and last register differences. Every other reading is set aside with one OUTSIDE_PERIOD warning
per meter. Gaps: an interval meter's grid intervals (from the period start; from the epoch without a
period) with no reading, counted and reported from the first missing one; a register's readings more
than 1.5 intervals apart. A meter of the project with no reading in the period is a NO_DATA warning.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.domain.mrv.project import MonitoringPeriod, Project
from setu.mrv.grid import SAME_AFTER, SAME_BEFORE, Timeline, attach_meters, by_code, local_text, zone
from setu.mrv.problems import findings_for, meter_name
from setu.mrv.readings import ReadingsFile
from setu.mrv.registers import duration_text, register_findings, register_steps


def check(frame: pl.DataFrame, source: ReadingsFile, project: Project, period: MonitoringPeriod | None
          ) -> tuple[pl.DataFrame, list[Finding]]:
    """Set aside readings outside `period` and report; `frame` is in `grid.in_order` with the cheap meter columns.

    Without a project time zone the period's local days have no instants: only the gaps are checked.
    """
    where = zone(project.timezone) if project.timezone else None
    timeline = Timeline.of(project, period) if period is not None and where is not None else None
    frame = frame.with_columns(in_period=pl.lit(True))
    findings: list[Finding] = []
    if timeline is not None and period is not None:
        frame, findings = _outside(frame, source, timeline, period)
    cumulative = attach_meters(frame.filter(pl.col("m_cumulative")), project, ("m_register_rollover",))
    if not cumulative.is_empty():
        findings += register_findings(register_steps(cumulative), source, where)
    findings += _interval_gaps(frame.filter(~pl.col("m_cumulative")), source, timeline, where)
    # By meter code, not id: ten million integers are distinct far sooner than ten million strings.
    ids = [m.id for m in by_code(project)]
    codes = frame.lazy().select(pl.col("m_code").filter(pl.col("in_period")).unique()).collect().to_series()
    heard = {ids[code] for code in codes.to_list() if code is not None}
    scope = f"in period {period.id} ({period.start} to {period.end})" if timeline and period else "in the file"
    findings += [Finding(FindingCode.NO_DATA, source.location(), f"meter {m.id} has no usable readings {scope}")
                 for m in project.meters if m.id not in heard]
    return frame, findings


def _outside(frame: pl.DataFrame, source: ReadingsFile, timeline: Timeline, period: MonitoringPeriod
             ) -> tuple[pl.DataFrame, list[Finding]]:
    start, end, t = timeline.start_us, timeline.end_us, pl.col("ts_us")
    cumulative = pl.col("m_cumulative")
    covered = t - pl.col("m_shift_us")
    interval_in = (covered >= start) & (covered < end)
    last_before = (t < start) & (~SAME_AFTER | (t.shift(-1) >= start).fill_null(True))
    first_after = (t > end) & (~SAME_BEFORE | (t.shift(1) <= end).fill_null(True))
    in_period = pl.when(cumulative).then((t >= start) & (t <= end)).otherwise(interval_in)
    if frame.lazy().select(in_period.fill_null(False).all()).collect().item():
        return frame.with_columns(in_period=pl.lit(True)), []  # the usual file: asked in one pass, nothing to copy
    frame = frame.with_columns(in_period=in_period, bound=cumulative & (last_before | first_after))
    outside = frame.filter(~pl.col("in_period") & ~pl.col("bound"))

    def describe(r: dict) -> str:
        return (f"{meter_name(r)}: reading at {local_text(r['ts_us'], timeline.where)} is outside period {period.id} "
                f"({period.start} to {period.end}, {timeline.where.key}) and is not used")

    findings = findings_for(outside, FindingCode.OUTSIDE_PERIOD, "timestamp", source, describe)
    return frame.filter(pl.col("in_period") | pl.col("bound")).drop("bound"), findings


def _interval_gaps(frame: pl.DataFrame, source: ReadingsFile, timeline: Timeline | None, where: ZoneInfo | None
                   ) -> list[Finding]:
    """One GAP finding per interval meter, counting its missing grid intervals."""
    if frame.is_empty():
        return []
    anchor = timeline.start_us if timeline else 0
    size = pl.col("m_interval_us")
    k = (pl.col("ts_us") - pl.col("m_shift_us") - anchor) // size
    count = (timeline.end_us - timeline.start_us + size - 1) // size if timeline is not None else None
    # Whether there is any gap at all, in one pass that makes no column: a complete file has none.
    kinds = [SAME_BEFORE & (k - k.shift(1) > 1)]
    if count is not None:
        kinds += [~SAME_BEFORE & (k > 0), ~SAME_AFTER & (k < count - 1)]
    if not any(frame.lazy().select(pl.any_horizontal(kind.fill_null(False).any() for kind in kinds)).collect().row(0)):
        return []
    frame = frame.with_columns(k=k).with_columns(before=pl.when(SAME_BEFORE).then(pl.col("k").shift(1)))
    inner = frame.filter(pl.col("k") - pl.col("before") > 1).select(
        "meter_id", "row", "m_interval_us", missing=pl.col("k") - pl.col("before") - 1,
        first_us=anchor + (pl.col("before") + 1) * size)
    events = [inner]
    if count is not None:
        leading = frame.filter(~SAME_BEFORE & (pl.col("k") > 0)).select(
            "meter_id", "row", "m_interval_us", missing=pl.col("k"), first_us=pl.lit(anchor, pl.Int64))
        trailing = frame.filter(~SAME_AFTER & (pl.col("k") < count - 1)).select(
            "meter_id", "row", "m_interval_us", missing=count - 1 - pl.col("k"), first_us=anchor + (pl.col("k") + 1) * size)
        events += [leading, trailing]
    def describe(r: dict) -> str:
        return (f"{meter_name(r)}: {r['_count']} intervals of {duration_text(r['m_interval_us'])} have no reading; "
                f"the first starts {local_text(r['first_us'], where)}")

    gaps = pl.concat([e.cast({"missing": pl.Int64, "first_us": pl.Int64}) for e in events])
    return findings_for(gaps, FindingCode.GAP, "timestamp", source, describe, weight="missing", first_by="first_us")
