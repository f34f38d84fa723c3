"""Bad rows to findings: one finding per code and meter, counted, located at its first occurrence.

A check marks its bad rows in a polars frame; `findings_for` groups them by meter in polars, so ten
thousand readings outside the period cost one `Finding` and one message, built from the first bad row
(the lowest source row) only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from setu.domain.mrv.findings import Finding, FindingCode
from setu.mrv.readings import ReadingsFile

Describe = Callable[[dict[str, Any]], str]


def findings_for(bad: pl.DataFrame, code: FindingCode, column: str, source: ReadingsFile, describe: Describe,
                 weight: str | None = None, first_by: str = "row") -> list[Finding]:
    """One finding per meter of `bad` (which has `meter_id` and `row`), at its row with the least `first_by`.

    The count is the number of rows, or the sum of the `weight` column (missing intervals per gap).
    """
    if bad.is_empty():
        return []
    count = pl.col(weight).sum() if weight else pl.len()
    first = bad.group_by("meter_id").agg(
        count.alias("_count"), pl.all().exclude("meter_id").get(pl.col(first_by).arg_min())
    )
    return [
        Finding(code, source.location(record["row"], column), describe(record), int(record["_count"]))
        for record in first.sort("row").iter_rows(named=True)
    ]


def meter_name(record: dict[str, Any]) -> str:
    """`meter PV-1`, or `a row without a meter id`."""
    meter = record.get("meter_id")
    return f"meter {meter}" if meter not in (None, "") else "a row without a meter id"


def shown(text: object) -> str:
    """A raw cell quoted for a message; an empty cell says so."""
    return "an empty cell" if text in (None, "") else repr(str(text).strip() if isinstance(text, str) else text)


def number(value: object) -> str:
    """A Decimal without its trailing zeros (`5.000000000` → `5`), for messages."""
    if value is None:
        return "-"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
