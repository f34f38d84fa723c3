"""Raw cells to typed columns, vectorized: decimal values and ISO 8601 timestamps.

Values are decimal text with at most 15 digits before the point, 9 after it, and an optional sign
(bounded so that sums in Decimal(38, 9) cannot overflow); they become polars
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

VALUE_PATTERN = r"^[+-]?(\d{1,15}(\.\d{0,9})?|\.\d{1,9})$"  # bounded, so sums of Decimal(38, 9) never overflow

_NAIVE = 1 << 62  # stands for "no offset" among the offsets, which are all far smaller
_ZONE = re.compile(r"^(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?$")
_LOOSE = (r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2})?(\.\d{1,9})?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$")


def parse_cells(text: pl.DataFrame, time_zone: str | None, extra: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """The typed columns of a file's cells `text`, row for row: `row`, `amount` (Decimal, null unless valid),
    `value_ok`, `iso` (whether the timestamp is ISO 8601), `ts_us` (the instant in epoch microseconds, null
    unless parsed; null with `iso` when the local time is ambiguous) and `extra` (expressions over `text`).

    The file's usual spellings are read in one pass; the rest (a value with spaces around it, a timestamp
    spelt unlike the file's first) is read again on those rows only. Each full-length column costs ten
    million writes, so no column is made that a later step could derive.
    """
    local, offset = _fast_timestamp(text)
    columns = [pl.col("row"), *_value_columns(pl.col("value")), *extra]
    query = text.lazy()
    if offset is None:  # no timestamp has the usual spelling: all are read below
        query = query.select(*columns, iso=pl.lit(False), ts_us=pl.lit(None, pl.Int64))
    elif offset != _NAIVE:
        # Every timestamp has the file's usual spelling, unless shown otherwise below: one offset for all rows.
        # Then a time is ISO 8601 exactly when it has an instant.
        query = query.select(*columns, ts_us=local.dt.epoch("us") - offset).with_columns(iso=pl.col("ts_us").is_not_null())
    else:
        placed = pl.lit(None, pl.Int64)
        if time_zone:
            placed = pl.col("_local").dt.replace_time_zone(time_zone, ambiguous="null", non_existent="null").dt.epoch("us")
        query = query.select(*columns, _local=local).with_columns(
            iso=pl.col("_local").is_not_null(), ts_us=placed).drop("_local")
    # Lazily, so that polars splits the rows between threads (eagerly, each column is parsed on one thread).
    # The columns come back in pieces cut at different rows; every eager step that adds a column to such a
    # frame first copies all of it to line the pieces up, so they are put in one piece once, here.
    frame = query.with_columns(VALUE_OK).drop("_pattern").collect().rechunk()
    # Asking first: filtering a wide frame costs even when nothing matches.
    redo_value, redo_time = frame.select(~pl.col("value_ok").all(), ~pl.col("iso").all()).row(0)
    # Rows are matched to the text by position only here, before any `update` (a join) could move them.
    if redo_time:
        failed = text.filter(~frame.get_column("iso"))
        frame = frame.hstack([text.with_columns(_local=local).get_column("_local").rechunk()])
    if redo_value:
        retried = text.filter(~frame.get_column("value_ok")).select(
            "row", *_value_columns(pl.col("value").str.strip_chars())).with_columns(VALUE_OK).drop("_pattern")
        frame = frame.update(retried, on="row", include_nulls=True)
    if redo_time:
        frame = frame.with_columns(_offset=pl.lit(offset, pl.Int64))
        frame = _instants(frame.update(_loose(failed), on="row", include_nulls=True), time_zone)
        frame = frame.with_columns(iso=pl.col("_local").is_not_null()).drop("_local")
    return frame


def _value_columns(text: pl.Expr) -> list[pl.Expr]:
    """`amount` and `_pattern`, computed side by side; `VALUE_OK` then combines them."""
    # The cast alone accepts `1e3` and rounds extra places; the pattern refuses both, the cast refuses overflow.
    return [text.cast(DECIMAL, strict=False).alias("amount"), text.str.contains(VALUE_PATTERN).fill_null(False).alias("_pattern")]


VALUE_OK = (pl.col("_pattern") & pl.col("amount").is_not_null()).alias("value_ok")


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
        pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S" + suffix.replace("%", "%%"), strict=False, cache=False)
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
