"""Crediting cumulative registers to vintages, with the rules that keep missing data from raising ER.

Each difference between consecutive usable readings covers `[earlier, later)`:

- Inside the period, it counts to the vintage in which it starts; one that crosses a year boundary is
  split pro rata by time between the years (exact fractions). That split is the one place where removing
  a reading can move energy between vintages; the period total is still monotone.
- Straddling the period start or end: a ZERO parameter (one that raises ER) leaves it out
  (BOUNDARY_EXCLUDED, counted in `excluded_intervals`); a CEILING parameter (one that lowers ER) counts it
  whole, capped at `ceiling × in-period time / interval` when the meter declares a ceiling: the most that
  could physically fall inside the period. The cap is what keeps the total monotone when the reading
  outside the period is removed.
- Across a reset: ZERO leaves it out; CEILING counts `ceiling × time spanned / interval` (within the
  period), or without a ceiling the register value after the reset.
- Period time before the first or after the last reading is missing data: nothing for ZERO; for CEILING
  `ceiling × time / interval`, and without a ceiling a `ValueError`, since no conservative value exists.

"Time / interval" is an exact fraction, not rounded up to whole intervals: rounding up would make the
fill shrink when two short spans merge, i.e. when a reading is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.domain.mrv.methodology import MissingData
from setu.domain.mrv.project import Meter, ReadingKind
from setu.mrv.grid import Timeline, in_order, local_text
from setu.mrv.readings import ReadingsFile
from setu.mrv.registers import register_steps


@dataclass(frozen=True, slots=True)
class Contribution:
    """Part of one meter's vintage: amounts in the meter's unit, and counts for its QA/QC line."""

    meter_id: str
    vintage: int
    measured: Fraction = Fraction(0)
    filled: Fraction = Fraction(0)
    readings: int = 0
    expected: int | None = None
    missing: int = 0
    excluded: int = 0
    rollovers: int = 0
    resets: int = 0


def credit_registers(frame: pl.DataFrame, timeline: Timeline, meters: dict[str, Meter], rules: dict[str, MissingData],
                     source: ReadingsFile) -> tuple[list[Contribution], list[Finding]]:
    """Contributions of cumulative meters; `frame` has `meter_id`, `m_code`, `ts_us`, `amount`, `row`,
    `m_interval_us` and `m_register_rollover`."""
    start, end = timeline.start_us, timeline.end_us
    frame = in_order(frame)
    steps = register_steps(frame)
    a, b = pl.col("a_us"), pl.col("ts_us")
    inside = (a >= start) & (b <= end)
    outside = (b <= start) | (a >= end)
    simple = inside & ~pl.col("reset") & (timeline.vintage_of(a) == timeline.vintage_of(b - 1))
    sums = steps.filter(simple).group_by("meter_id", vintage=timeline.vintage_of(a)).agg(
        pl.col("delta").sum(), pl.col("rollover").sum())
    used = frame.filter((b >= start) & (b <= end)).group_by(
        "meter_id", vintage=timeline.vintage_of(pl.min_horizontal(b, end - 1))).len()
    found = [Contribution(m, v, Fraction(d), rollovers=int(r)) for m, v, d, r in sums.iter_rows()]
    found += [Contribution(m, v, readings=int(n)) for m, v, n in used.iter_rows()]
    special = steps.filter(~outside & ~simple).sort("meter_id", "a_us")
    excluded: dict[str, list[dict]] = {}
    for step in special.iter_rows(named=True):
        meter = meters[step["meter_id"]]
        contribution = _special(step, meter, rules[meter.id], timeline)
        found += contribution
        straddles = step["a_us"] < start or step["ts_us"] > end
        if straddles and rules[meter.id] is MissingData.ZERO and not step["reset"]:
            excluded.setdefault(meter.id, []).append(step)
    found += _uncovered(frame, timeline, meters, rules)
    findings = [_boundary_finding(steps_of, source, timeline) for steps_of in excluded.values()]
    return found, findings + _impossible_steps(steps, meters, source, timeline)


def _impossible_steps(steps: pl.DataFrame, meters: dict[str, Meter], source: ReadingsFile,
                      timeline: Timeline) -> list[Finding]:
    """ABOVE_CEILING for a register difference larger than the meter's ceiling allows over its time span.

    A meter swap or a misread register would otherwise be credited (or, for a parameter that lowers ER,
    swallowed by the straddle cap). A float pre-filter finds candidates; each is confirmed exactly.
    """
    ceilings = {m.id: m.ceiling for m in meters.values() if m.ceiling is not None}
    if not ceilings or steps.is_empty():
        return []
    limit = pl.col("meter_id").replace_strict(
        {k: float(v) for k, v in ceilings.items()}, default=None, return_dtype=pl.Float64)
    span = (pl.col("ts_us") - pl.col("a_us")).cast(pl.Float64) / pl.col("meter_id").replace_strict(
        {k: float(_interval_us(meters[k])) for k in ceilings}, default=None, return_dtype=pl.Float64)
    candidates = steps.filter(~pl.col("reset") & (pl.col("delta").cast(pl.Float64) > limit * span * 0.999999))
    over: dict[str, list[dict]] = {}
    for step in candidates.sort("meter_id", "a_us").iter_rows(named=True):
        meter = meters[step["meter_id"]]
        allowed = Fraction(meter.ceiling) * Fraction(step["ts_us"] - step["a_us"], _interval_us(meter))
        if Fraction(step["delta"]) > allowed:
            over.setdefault(meter.id, []).append(step)
    findings = []
    for meter_id, found in over.items():
        first = found[0]
        message = (f"meter {meter_id}: the register rose by {first['delta']} {meters[meter_id].unit} from "
                   f"{local_text(first['a_us'], timeline.where)} to {local_text(first['ts_us'], timeline.where)}, more than "
                   f"its ceiling of {meters[meter_id].ceiling} per {meters[meter_id].interval} allows")
        findings.append(Finding(FindingCode.ABOVE_CEILING, source.location(first["row"], "value"), message, len(found)))
    return findings


def _special(step: dict, meter: Meter, rule: MissingData, timeline: Timeline) -> list[Contribution]:
    """A difference that crosses a year, straddles the period edge, or spans a reset."""
    a, b = step["a_us"], step["ts_us"]
    first_vintage = timeline.vintage_at(max(a, timeline.start_us))
    interval = _interval_us(meter)
    inside_us = min(b, timeline.end_us) - max(a, timeline.start_us)
    straddles = a < timeline.start_us or b > timeline.end_us
    if step["reset"]:
        if rule is MissingData.ZERO:
            return [Contribution(meter.id, first_vintage, excluded=1, resets=1)]
        amount = (Fraction(meter.ceiling) * Fraction(inside_us, interval) if meter.ceiling is not None
                  else Fraction(step["amount"]))
        return _spread(meter.id, timeline, a, b, filled=amount) + [Contribution(meter.id, first_vintage, resets=1)]
    count = Contribution(meter.id, first_vintage, rollovers=int(step["rollover"]))
    if straddles and rule is MissingData.ZERO:
        return [Contribution(meter.id, first_vintage, excluded=1)]
    amount = Fraction(step["delta"])
    if straddles and meter.ceiling is not None:
        amount = min(amount, Fraction(meter.ceiling) * Fraction(inside_us, interval))
    return _spread(meter.id, timeline, a, b, measured=amount) + [count]


def _spread(meter_id: str, timeline: Timeline, a: int, b: int, measured: Fraction = Fraction(0),
            filled: Fraction = Fraction(0)) -> list[Contribution]:
    """Amounts over `[a, b)` split between vintages pro rata by in-period time."""
    return [Contribution(meter_id, year, measured * share, filled * share) for year, share in timeline.shares(a, b)]


def _uncovered(frame: pl.DataFrame, timeline: Timeline, meters: dict[str, Meter], rules: dict[str, MissingData]
               ) -> list[Contribution]:
    """CEILING meters: fill period time before the first and after the last reading."""
    spans = {m: (lo, hi) for m, lo, hi in frame.group_by("meter_id").agg(
        pl.col("ts_us").min().alias("lo"), pl.col("ts_us").max().alias("hi")).iter_rows()}
    start, end = timeline.start_us, timeline.end_us
    found: list[Contribution] = []
    for meter in meters.values():
        if meter.reading is not ReadingKind.CUMULATIVE or rules[meter.id] is not MissingData.CEILING:
            continue
        lo, hi = spans.get(meter.id, (end, end))
        gaps = [(start, min(max(lo, start), end)), (max(min(hi, end), start), end)]
        if meter.id not in spans:
            gaps = [(start, end)]
        for gap_start, gap_end in gaps:
            if gap_end <= gap_start:
                continue
            if meter.ceiling is None:
                raise ValueError(
                    f"meter {meter.id}: {meter.parameter} fills missing data with the meter's ceiling, but the meter "
                    f"declares none, and there is no reading from {local_text(gap_start, timeline.where)} to "
                    f"{local_text(gap_end, timeline.where)}; declare a ceiling for the meter")
            amount = Fraction(meter.ceiling) * Fraction(gap_end - gap_start, _interval_us(meter))
            found += _spread(meter.id, timeline, gap_start, gap_end, filled=amount)
    return found


def _interval_us(meter: Meter) -> int:
    return meter.interval // timedelta(microseconds=1)


def _boundary_finding(steps: list[dict], source: ReadingsFile, timeline: Timeline) -> Finding:
    """One BOUNDARY_EXCLUDED warning per meter, at the reading inside the period of its first such difference."""
    first = min(steps, key=lambda s: s["a_us"])
    row = first["row"] if first["a_us"] < timeline.start_us else first["row_a"]
    edge = "start" if first["a_us"] < timeline.start_us else "end"
    message = (f"meter {first['meter_id']}: the register difference from {local_text(first['a_us'], timeline.where)} "
               f"to {local_text(first['ts_us'], timeline.where)} straddles the period {edge} and is not credited "
               "(its parameter fills missing data with zero)")
    return Finding(FindingCode.BOUNDARY_EXCLUDED, source.location(row, "timestamp"), message, len(steps))
