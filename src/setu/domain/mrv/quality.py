"""The QA/QC summary of one meter in one vintage of a monitoring period.

It says how much data there was, how much was missing, and what conservative rule filled the gap, so a
verifier can see at a glance what the monitored total rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.mrv.methodology import MissingData
from setu.domain.mrv.units import Quantity


@dataclass(frozen=True, slots=True)
class MeterQuality:
    """Data coverage of one meter for one vintage year of one period.

    For interval meters `expected_intervals` counts the intervals that start in the vintage's part of the
    period and `missing_intervals` those without a reading. For cumulative registers `excluded_intervals`
    counts register differences not credited (they straddle the period boundary, or span a reset).
    `total = measured + filled` is what the calculation uses.
    """

    meter_id: str
    equipment: str
    parameter: str
    vintage: int
    unit: str
    readings_used: int
    expected_intervals: int | None
    missing_intervals: int
    excluded_intervals: int
    rollovers: int
    resets: int
    rule: MissingData
    measured: Quantity
    filled: Quantity
    total: Quantity

    @property
    def missing_share(self) -> str:
        """Missing intervals as a percentage of expected ones, for the report (display only)."""
        if not self.expected_intervals:
            return "-"
        return f"{100 * self.missing_intervals / self.expected_intervals:.2f}%"
