"""Validating monitoring readings: typed, usable rows plus every finding over the whole file.

Without a project only structural checks run: syntax of timestamps and values, known unit symbols,
duplicates, negative interval values when the file has a `kind` column; a timestamp without a UTC offset
is then ambiguous. With a project each row is checked against its meter (known meter, declared unit,
interval values neither negative nor above the meter's ceiling), and with a period too, readings outside
it are set aside, gaps and register rollovers or resets are found and silent meters named
(`setu.mrv.coverage`).

A row with an error is not usable and is left out of `frame`; warnings leave their rows in. Two readings
of one meter at one instant (after conversion to UTC) are a DUPLICATE_READING warning when they agree,
and one is kept, or a DUPLICATE_CONFLICT error naming both rows when they differ, and neither is kept.
Everything is vectorized in polars; Python only builds one message per finding code and meter.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.domain.mrv.project import MonitoringPeriod, Project
from setu.mrv import coverage
from setu.mrv.grid import (
    DECIMAL,
    SAME_BEFORE,
    attach_meters,
    by_code,
    in_order,
    local_text,
    meter_codes,
    meter_ids,
    meter_text,
    unit_codes,
    unit_text,
    zone,
)
from setu.mrv.parsing import parse_cells
from setu.mrv.problems import findings_for, meter_name, number, shown
from setu.mrv.readings import ReadingsFile

OUTPUT_SCHEMA = {"meter_id": pl.String, "ts": pl.Datetime("us", "UTC"), "value": DECIMAL, "unit": pl.String,
                 "row": pl.Int64}


@dataclass(frozen=True, slots=True)
class ValidatedReadings:
    """The usable readings and the findings. `frame` has `OUTPUT_SCHEMA`, each meter's rows together in time order.

    The readings of a period's registers include the last one before it and the first one after it.
    `source` locates rows for findings raised later (`aggregation`'s BOUNDARY_EXCLUDED).
    """

    source: ReadingsFile
    frame: pl.DataFrame
    findings: tuple[Finding, ...]


def validate(readings: ReadingsFile, project: Project | None, period: MonitoringPeriod | None) -> ValidatedReadings:
    """Check every reading of a file, against a project and one of its periods when given.

    A project whose time zone is not an IANA name is a `ValueError` (a project-definition error);
    everything wrong with the data is a finding.
    """
    time_zone = project.timezone if project is not None and project.timezone else None
    if time_zone:
        zone(time_zone)
    text = readings.frame
    ids = meter_ids(text, project)
    extra = [unit_codes(text), meter_codes(text, project, ids)]
    if project is None and "kind" in text.columns:
        extra.append((pl.col("kind").str.strip_chars().str.to_lowercase() == "interval").alias("kind_interval"))
    # The typed columns only: the raw text stays in `readings` and is looked up for the rows with a finding.
    frame = parse_cells(text, time_zone, tuple(extra))
    frame = attach_meters(frame, project, ("m_unit", "m_cumulative"))
    findings, bad = _row_checks(frame, readings, project, time_zone)
    # The check columns stay behind: moving them through a sort would cost more than the sort. A usable row's
    # meter id and unit are the texts its codes were given for, written again here in one piece each.
    frame = frame.filter(~bad).select("m_code", "ts_us", "amount", "u_code", "row")
    frame = frame.select(meter_text(ids), "m_code", "ts_us", "amount", unit_text(frame), "row")
    frame = attach_meters(in_order(frame), project)
    frame, duplicates = _duplicates(frame, readings, zone(time_zone) if time_zone else None)
    findings += duplicates
    if project is not None:
        frame, more = coverage.check(frame, readings, project, period)
        findings += more
    usable = frame.select(pl.col("meter_id"), pl.col("ts_us").cast(pl.Datetime("us", "UTC")).alias("ts"),
                          pl.col("amount").alias("value"), pl.col("unit"), pl.col("row"))
    order = {code: i for i, code in enumerate(FindingCode)}
    findings.sort(key=lambda f: order[f.code])  # stable: within a code, by first row as built
    return ValidatedReadings(readings, usable, tuple(findings))


def _row_checks(frame: pl.DataFrame, source: ReadingsFile, project: Project | None, time_zone: str | None
                ) -> tuple[list[Finding], pl.Series]:
    """Findings of the checks that need only the row itself (and its meter), and the mask of rows with an error."""
    checks: list[tuple[FindingCode, str, pl.Expr]] = [
        (FindingCode.VALUE_INVALID, "value", ~pl.col("value_ok")),
        (FindingCode.TIMESTAMP_INVALID, "timestamp", ~pl.col("iso")),
        (FindingCode.TIMESTAMP_AMBIGUOUS, "timestamp", pl.col("iso") & pl.col("ts_us").is_null()),
        (FindingCode.METER_UNKNOWN, "meter_id", pl.col("m_code").is_null()),
    ]
    if project is None:
        interval = pl.col("kind_interval") if "kind_interval" in frame.columns else pl.lit(False)
        checks.append((FindingCode.UNIT_MISMATCH, "unit", pl.col("u_code").is_null()))
        checks.append((FindingCode.NEGATIVE_INTERVAL, "value", pl.col("value_ok") & interval & (pl.col("amount") < 0)))
    else:
        known = pl.col("m_code").is_not_null()
        interval = known & ~pl.col("m_cumulative") & pl.col("value_ok")
        checks += [
            (FindingCode.UNIT_MISMATCH, "unit", known & (pl.col("u_code") != pl.col("m_unit")).fill_null(True)),
            (FindingCode.NEGATIVE_INTERVAL, "value", interval & (pl.col("amount") < 0)),
        ]
        frame, above = _above_ceiling(frame, project, interval)
        checks.append((FindingCode.ABOVE_CEILING, "value", above))
    masks = frame.select(*(expr.fill_null(False).alias(code.name) for code, _, expr in checks))
    declared = {m.id: m.unit for m in project.meters} if project is not None else {}
    findings: list[Finding] = []
    for code, column, _ in checks:
        mask = masks.get_column(code.name)
        if mask.any():
            # The raw cells of these rows, for the messages: by row number (`findings_for` ignores row order).
            rows = frame.filter(mask).join(source.frame, on="row", how="left")
            findings += findings_for(rows, code, column, source, _describe(code, time_zone, declared))
    bad = masks.select(pl.any_horizontal(pl.all())).to_series()
    return findings, bad


def _above_ceiling(frame: pl.DataFrame, project: Project, interval: pl.Expr) -> tuple[pl.DataFrame, pl.Expr]:
    """The mask of interval values above their meter's ceiling, looking row by row only at meters whose maximum is."""
    ceilings = {code: m.ceiling for code, m in enumerate(by_code(project)) if m.ceiling is not None}
    if not ceilings:
        return frame, pl.lit(False)
    maxima = frame.filter(interval).group_by("m_code").agg(pl.col("amount").max())
    over = [code for code, top in maxima.iter_rows() if code in ceilings and top > ceilings[code]]
    if not over:
        return frame, pl.lit(False)
    frame = attach_meters(frame, project, ("m_ceiling",))
    return frame, interval & pl.col("m_code").is_in(over) & (pl.col("amount") > pl.col("m_ceiling"))


def _describe(code: FindingCode, time_zone: str | None, declared: dict[str, str]):  # noqa: ANN202 - one builder per code
    def describe(r: dict) -> str:
        who = meter_name(r)
        if code is FindingCode.VALUE_INVALID:
            return f"{who}: value {shown(r['value'])} is not a decimal number with at most 15 digits before the point and 9 after"
        if code is FindingCode.TIMESTAMP_INVALID:
            return f"{who}: timestamp {shown(r['timestamp'])} is not ISO 8601 (e.g. 2026-01-01T00:00:00+05:30)"
        if code is FindingCode.TIMESTAMP_AMBIGUOUS and not time_zone:
            return (f"{who}: timestamp {shown(r['timestamp'])} has no UTC offset and no project time zone is known; "
                    "add an offset such as +05:30")
        if code is FindingCode.TIMESTAMP_AMBIGUOUS:
            return (f"{who}: local time {shown(r['timestamp'])} is ambiguous or does not exist in {time_zone} "
                    "(a daylight-saving change); add a UTC offset")
        if code is FindingCode.METER_UNKNOWN and r["meter_id"] in (None, ""):
            return "the row has no meter id"
        if code is FindingCode.METER_UNKNOWN:
            return f"meter id {shown(r['meter_id'])} is not a meter of the project"
        if code is FindingCode.UNIT_MISMATCH and r["meter_id"] in declared:
            return f"{who} is declared in {declared[r['meter_id']]}, row says {shown(r['unit'])}"
        if code is FindingCode.UNIT_MISMATCH:
            return f"{who}: unit {shown(r['unit'])} is not a known unit symbol (symbols are case-sensitive)"
        if code is FindingCode.NEGATIVE_INTERVAL:
            return f"{who}: interval value {shown(r['value'])} is negative"
        return f"{who}: interval value {shown(r['value'])} is above the meter's ceiling {number(r['m_ceiling'])}"
    return describe


def _duplicates(frame: pl.DataFrame, source: ReadingsFile, where_: ZoneInfo | None) -> tuple[pl.DataFrame, list[Finding]]:
    """Readings of one meter at one instant: keep one when they agree, none when they conflict.

    `frame` is in `grid.in_order`, so a duplicate is a row whose meter and instant equal the previous row's.
    """
    same = SAME_BEFORE & (pl.col("ts_us") == pl.col("ts_us").shift(1)).fill_null(False)
    frame = frame.with_columns(_same=same)
    involved = frame.filter(pl.col("_same") | pl.col("_same").shift(-1).fill_null(False))
    frame = frame.drop("_same")
    if involved.is_empty():
        return frame, []
    first = {name: pl.when(~pl.col("_same")).then(pl.col(name)).forward_fill() for name in ("row", "amount", "unit")}
    involved = involved.with_columns(
        group=(~pl.col("_same")).cum_sum(), first_row=first["row"], first_value=first["amount"], first_unit=first["unit"],
    ).with_columns(differs=(pl.col("amount") != pl.col("first_value")) | (pl.col("unit") != pl.col("first_unit")))
    involved = involved.with_columns(conflict=pl.col("differs").any().over("group"))
    conflicts = involved.filter(pl.col("differs"))
    repeats = involved.filter(pl.col("_same") & ~pl.col("conflict"))

    def conflict(r: dict) -> str:
        where = source.location(r["first_row"], "value")
        return (f"{meter_name(r)}: two different readings at {local_text(r['ts_us'], where_)}: {number(r['amount'])} {r['unit']} "
                f"in row {r['row']} and {number(r['first_value'])} {r['first_unit']} in row {r['first_row']} ({where}); "
                "neither is used")

    def repeat(r: dict) -> str:
        where = source.location(r["first_row"], "value")
        return f"{meter_name(r)}: the reading at {local_text(r['ts_us'], where_)} repeats row {r['first_row']} ({where}); one is kept"

    findings = findings_for(conflicts, FindingCode.DUPLICATE_CONFLICT, "value", source, conflict)
    findings += findings_for(repeats, FindingCode.DUPLICATE_READING, "timestamp", source, repeat)
    dropped = pl.concat([involved.filter(pl.col("conflict")).get_column("row"), repeats.get_column("row")])
    return frame.filter(~pl.col("row").is_in(dropped.implode())), findings
