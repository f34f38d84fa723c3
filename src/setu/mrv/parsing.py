"""Raw cells to typed columns, vectorized: decimal values and ISO 8601 timestamps.

Values are decimal text with at most 9 decimal places and an optional sign; they become polars
`Decimal(38, 9)` straight from the text, never through a binary float. Text with more places is refused,
not rounded. Timestamps are ISO 8601 (`2026-01-01T00:00:00+05:30`, `…Z`, a space instead of `T`, seconds
and a fraction optional) and become UTC microseconds; digits beyond the microsecond are dropped. A
timestamp without a UTC offset is local time in the project's zone: without a zone, or when the local
time falls in a daylight-saving fold or gap, it is ambiguous rather than guessed.
"""

from __future__ import annotations

import re

import polars as pl

from setu.mrv.grid import DECIMAL

VALUE_PATTERN = r"^[+-]?(\d+\.?\d{0,9}|\.\d{1,9})$"

_NAIVE = 1 << 62  # stands for "no offset" among the offsets, which are all far smaller
_ZONE = re.compile(r"^(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?$")
_LOOSE = (r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2})?(\.\d{1,9})?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$")


def parse_cells(frame: pl.DataFrame, time_zone: str | None, extra: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """Add `amount` (Decimal, null unless valid), `value_ok`, `ts_us` (the instant in epoch microseconds, null
    unless parsed), `local` (the naive local time written, null unless the text is ISO 8601) and `extra`.

    The file's usual spellings are read in one pass; the rest (a value with spaces around it, a timestamp
    spelt unlike the file's first) is read again on those rows only. Each full-length column costs ten
    million writes, so no column is made that a later step could derive.
    """
    local, offset = _fast_timestamp(frame)
    frame = frame.with_columns(*_value_columns(pl.col("value")), local.alias("_local"), *extra)
    bad_value, bad_time = ~pl.col("value_ok"), pl.col("_local").is_null()
    # Asking first: filtering a wide frame costs even when nothing matches.
    redo_value, redo_time = frame.select(bad_value.any(), bad_time.any()).row(0)
    if redo_value:
        retried = frame.filter(bad_value).select("row", *_value_columns(pl.col("value").str.strip_chars()))
        frame = frame.update(retried, on="row", include_nulls=True)
    if not redo_time and offset is not None:
        # Every timestamp has the one spelling: a single offset for all rows.
        if offset != _NAIVE:
            ts_us = pl.col("_local").dt.epoch("us") - offset
        elif time_zone:
            ts_us = pl.col("_local").dt.replace_time_zone(time_zone, ambiguous="null", non_existent="null").dt.epoch("us")
        else:
            ts_us = pl.lit(None, pl.Int64)
        frame = frame.with_columns(ts_us=ts_us)
    else:
        frame = frame.with_columns(_offset=pl.lit(offset, pl.Int64))
        frame = _instants(frame.update(_loose(frame.filter(bad_time)), on="row", include_nulls=True), time_zone)
    return frame.rename({"_local": "local"})


def _value_columns(text: pl.Expr) -> list[pl.Expr]:
    # The cast alone accepts `1e3` and rounds extra places; the pattern refuses both, the cast refuses overflow.
    amount = text.cast(DECIMAL, strict=False)
    return [amount.alias("amount"), (text.str.contains(VALUE_PATTERN).fill_null(False) & amount.is_not_null()).alias("value_ok")]


def _fast_timestamp(frame: pl.DataFrame) -> tuple[pl.Expr, int | None]:
    """The naive local time of timestamps spelt like the file's first (`YYYY-MM-DDTHH:MM:SS` plus an
    offset), and that offset (µs east of UTC, `_NAIVE`, or None when the first is unreadable).

    The offset is part of the format, as literal text, so one strptime reads the whole cell; any other
    spelling is null and goes to `_loose`.
    """
    sample = frame.select(pl.col("timestamp").filter(pl.col("timestamp").str.len_bytes() >= 19).first()).item()
    suffix = sample[19:] if sample else ""
    offset = _offset(suffix)
    local = pl.col("timestamp").str.strptime(
        pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S" + suffix.replace("%", "%%"), strict=False)
    return (local if offset is not None else pl.lit(None, pl.Datetime("us"))), offset


def _instants(frame: pl.DataFrame, time_zone: str | None) -> pl.DataFrame:
    """`ts_us` from per-row `_local` and `_offset`; local times without an offset use `time_zone`.

    `_local` ends null where the offset was unreadable, so that it alone says whether the text was ISO 8601.
    """
    naive = pl.col("_offset") == _NAIVE
    local_us = pl.col("_local").dt.epoch("us")
    placed = pl.lit(None, pl.Int64)
    if time_zone:
        placed = pl.col("_local").dt.replace_time_zone(time_zone, ambiguous="null", non_existent="null").dt.epoch("us")
    return frame.with_columns(
        ts_us=pl.when(naive).then(placed).otherwise(local_us - pl.col("_offset")),
        _local=pl.when(pl.col("_offset").is_not_null()).then(pl.col("_local")),
    ).drop("_offset")


def _loose(failed: pl.DataFrame) -> pl.DataFrame:
    """`row`, `_local`, `_offset` for timestamps spelt otherwise: a space for `T`, no seconds, a fraction."""
    parts = failed.select("row", g=pl.col("timestamp").str.strip_chars().str.extract_groups(_LOOSE)).unnest("g")
    date, minutes, seconds, fraction, zone_text = parts.columns[1:]
    head = pl.concat_str(pl.col(date), pl.lit("T"), pl.col(minutes), pl.col(seconds).fill_null(":00"))
    micro = pl.concat_str(pl.col(fraction).str.slice(1), pl.lit("00000")).str.slice(0, 6).cast(pl.Int64).fill_null(0)
    local = head.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us") + pl.duration(microseconds=micro)
    zones = parts.get_column(zone_text).fill_null("").str.to_uppercase()
    matched = pl.col(date).is_not_null()
    return parts.with_columns(_z=_offsets(zones)).select("row", _local=local, _offset=pl.when(matched).then(pl.col("_z")))


def _offsets(zones: pl.Series) -> pl.Series:
    """Each offset spelling as µs east of UTC, `_NAIVE` for none, null when unreadable.

    A file uses one or two spellings, so each distinct one is read once in Python; past a thousand
    distinct spellings the text is garbage anyway and a vectorized regex reads it.
    """
    distinct = zones.unique()
    if distinct.len() <= 1000:
        mapping = {z: _offset(z) for z in distinct.to_list() if z is not None}
        return zones.replace_strict(mapping, default=None, return_dtype=pl.Int64)
    z = pl.col("z")
    groups = z.str.extract_groups(r"^([+-])(\d{2}):?(\d{2})?$")
    hours, minutes = groups.struct[1].cast(pl.Int64), groups.struct[2].cast(pl.Int64).fill_null(0)
    size = (hours * 60 + minutes) * 60_000_000
    offset = (pl.when(z == "").then(pl.lit(_NAIVE, pl.Int64)).when(z == "Z").then(pl.lit(0, pl.Int64))
              .when((hours > 23) | (minutes > 59)).then(None).when(groups.struct[0] == "-").then(-size).otherwise(size))
    return pl.DataFrame({"z": zones}).select(offset).to_series()


def _offset(text: str) -> int | None:
    match = _ZONE.match(text)
    if match is None:
        return None
    if text == "":
        return _NAIVE
    sign, hours, minutes = match.groups()
    if sign is None:
        return 0
    if int(hours) > 23 or int(minutes or 0) > 59:
        return None
    return (1 if sign == "+" else -1) * (int(hours) * 60 + int(minutes or 0)) * 60_000_000
