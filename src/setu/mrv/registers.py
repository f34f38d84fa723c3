"""Cumulative registers: the differences between consecutive readings, and when a register went down.

A register that decreases has either rolled over or been reset. It rolled over when the meter declares a
`register_rollover`, the earlier value lies in its top 10% and the later one in its bottom 10%: the difference
is then `register_rollover − earlier + later` (REGISTER_ROLLOVER). Any other decrease is a reset
(REGISTER_RESET): its difference is unknown and the parameter's missing-data rule decides what counts.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.mrv.grid import SAME_BEFORE, local_text
from setu.mrv.problems import findings_for, meter_name, number
from setu.mrv.readings import ReadingsFile


def register_steps(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per pair of consecutive readings of a cumulative meter.

    `frame` holds cumulative readings in `grid.in_order`, with `meter_id`, `m_code`, `ts_us`, `amount`, `row`
    and `m_register_rollover`. The result adds `a_us`, `before`, `row_a` (the earlier reading), `rollover`, `reset`
    and `delta` (the register difference; null for a reset); `ts_us`, `amount` and `row` are the later one.
    """
    same = SAME_BEFORE
    steps = frame.with_columns(
        a_us=pl.when(same).then(pl.col("ts_us").shift(1)),
        before=pl.when(same).then(pl.col("amount").shift(1)),
        row_a=pl.when(same).then(pl.col("row").shift(1)),
    ).filter(pl.col("a_us").is_not_null())
    top, register = pl.col("m_register_rollover"), pl.col("amount")
    drop = register < pl.col("before")
    # Exact thresholds: 10·earlier ≥ 9·max and 10·later ≤ max, with no rounded 90% of max in between.
    rolled = drop & top.is_not_null() & (pl.col("before") * 10 >= top * 9) & (register * 10 <= top)
    return steps.with_columns(
        rollover=rolled.fill_null(False),
        reset=(drop & ~rolled.fill_null(False)),
        delta=pl.when(~drop).then(register - pl.col("before")).when(rolled).then(top - pl.col("before") + register),
    )


def register_findings(steps: pl.DataFrame, source: ReadingsFile, where: ZoneInfo | None) -> list[Finding]:
    """REGISTER_ROLLOVER, REGISTER_RESET and GAP (readings more than 1.5 intervals apart) for register steps."""

    def rollover(r: dict) -> str:
        return (f"{meter_name(r)}: register went from {number(r['before'])} to {number(r['amount'])} at "
                f"{local_text(r['ts_us'], where)}; taken as a rollover at {number(r['m_register_rollover'])}, "
                f"a difference of {number(r['delta'])}")

    def reset(r: dict) -> str:
        return (f"{meter_name(r)}: register fell from {number(r['before'])} (row {r['row_a']}) to "
                f"{number(r['amount'])} at {local_text(r['ts_us'], where)}, too far from its maximum for a rollover; "
                "a reset: that difference is filled by the parameter's missing-data rule")

    def gap(r: dict) -> str:
        return (f"{meter_name(r)}: no reading between {local_text(r['a_us'], where)} (row {r['row_a']}) and "
                f"{local_text(r['ts_us'], where)}, more than 1.5 × its {duration_text(r['m_interval_us'])} interval")

    far = 2 * (pl.col("ts_us") - pl.col("a_us")) > 3 * pl.col("m_interval_us")
    return (findings_for(steps.filter(pl.col("rollover")), FindingCode.REGISTER_ROLLOVER, "value", source, rollover)
            + findings_for(steps.filter(pl.col("reset")), FindingCode.REGISTER_RESET, "value", source, reset)
            + findings_for(steps.filter(far), FindingCode.GAP, "timestamp", source, gap, first_by="a_us"))


def duration_text(us: int) -> str:
    """`1h`, `1d`, `15min`, `30s`: an interval for messages."""
    for size, name in ((86_400_000_000, "d"), (3_600_000_000, "h"), (60_000_000, "min"), (1_000_000, "s")):
        if us % size == 0:
            return f"{us // size}{name}"
    return f"{us}µs"
