"""A monitoring period as UTC microseconds, its vintages, and a project's meters as a polars frame.

Local time decides: the period runs from `period.start` 00:00 to `period.end + 1 day` 00:00 in the
project's IANA time zone, and a vintage is the local calendar year in which an interval starts. Instants
are compared as integer microseconds since the Unix epoch, so polars does integer arithmetic only. An
interval meter's grid is absolute time from the period start (an hourly grid stays hourly across a
daylight-saving change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from setu.domain.mrv.project import Meter, MonitoringPeriod, Project, ReadingKind, TimestampMarks
from setu.domain.mrv.units import UNITS

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DECIMAL = pl.Decimal(38, 9)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; a `ValueError` when it is not one (a project-definition error)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; give an IANA name such as Asia/Kolkata") from None


def micros(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime, exactly."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def local_midnight_us(day: date, where: ZoneInfo) -> int:
    return micros(datetime.combine(day, time(0), tzinfo=where))


def local_text(us: int, where: ZoneInfo | None) -> str:
    """An instant as local ISO 8601 with its offset, for messages."""
    moment = EPOCH + timedelta(microseconds=us)
    return (moment.astimezone(where) if where else moment).isoformat()


@dataclass(frozen=True, slots=True)
class Timeline:
    """A period `[start_us, end_us)` and its vintages `(year, start_us, end_us)`, clipped to the period."""

    where: ZoneInfo
    start_us: int
    end_us: int
    vintages: tuple[tuple[int, int, int], ...]

    @classmethod
    def of(cls, project: Project, period: MonitoringPeriod) -> Timeline:
        where = zone(project.timezone)
        start = local_midnight_us(period.start, where)
        end = local_midnight_us(period.end + timedelta(days=1), where)
        bounds = [start] + [local_midnight_us(date(y, 1, 1), where) for y in period.vintages()[1:]] + [end]
        return cls(where, start, end, tuple(zip(period.vintages(), bounds, bounds[1:], strict=False)))

    def vintage_of(self, us: pl.Expr) -> pl.Expr:
        """The vintage year of each instant (instants outside the period go to the first or last vintage)."""
        expr: pl.Expr | pl.When | pl.Then = pl
        for year, _, end in self.vintages[:-1]:
            expr = expr.when(us < end).then(pl.lit(year, pl.Int32))  # type: ignore[union-attr]
        last = pl.lit(self.vintages[-1][0], pl.Int32)
        return last if expr is pl else expr.otherwise(last)  # type: ignore[union-attr]

    def vintage_at(self, us: int) -> int:
        for year, _, end in self.vintages[:-1]:
            if us < end:
                return year
        return self.vintages[-1][0]

    def shares(self, start_us: int, end_us: int) -> list[tuple[int, Fraction]]:
        """How `[start_us, end_us)` clipped to the period splits between vintages, as exact time shares summing to 1.

        Pro rata by time is the one split that is not monotone under removal of readings: a longer
        difference spreads differently over the years. The period total stays monotone.
        """
        lo, hi = max(start_us, self.start_us), min(end_us, self.end_us)
        if hi <= lo:
            return []
        parts = [(y, min(hi, e) - max(lo, s)) for y, s, e in self.vintages if min(hi, e) > max(lo, s)]
        return [(year, Fraction(length, hi - lo)) for year, length in parts]

    def grid_count(self, interval_us: int, lo: int, hi: int) -> int:
        """How many grid starts `start_us + k·interval` (k ≥ 0) lie in `[lo, hi)`."""
        def first_at_or_after(t: int) -> int:
            return max(0, -((self.start_us - t) // interval_us))
        return max(0, first_at_or_after(hi) - first_at_or_after(lo))


CHEAP_COLUMNS = ("m_cumulative", "m_interval_us", "m_shift_us")
"""Meter columns that cost little on ten million rows; gather the decimal ones (`m_ceiling`, `m_register_rollover`)
on the few rows that need them: a Decimal gather costs as much as parsing the file's values."""
UNIT_SYMBOLS = tuple(UNITS)


def attach_meters(frame: pl.DataFrame, project: Project | None, names: tuple[str, ...] = CHEAP_COLUMNS) -> pl.DataFrame:
    """Add `m_code` (the meter's rank among meter ids; null for a meter the project lacks) and meter columns.

    Ranking the few distinct ids in Python and gathering meter attributes by rank is much cheaper on ten
    million rows than a join on strings. `m_unit` is the declared unit's index in `UNIT_SYMBOLS`. An
    attribute all meters share is a constant when every row has a meter: polars keeps it as one value.
    """
    if "m_code" not in frame.columns:
        # Lazily, so that polars splits the rows between threads; then in one piece, like a validated frame's columns.
        frame = frame.hstack(frame.lazy().select(meter_codes(frame, project)).collect().rechunk())
    if project is None or not names:
        return frame
    meters = by_code(project)
    step = timedelta(microseconds=1)
    columns = {
        "m_unit": ([_unit_index(m.unit) for m in meters], pl.Int16),
        "m_cumulative": ([m.reading is ReadingKind.CUMULATIVE for m in meters], pl.Boolean),
        "m_interval_us": ([m.interval // step for m in meters], pl.Int64),
        # An END-stamped value covers the interval before its timestamp.
        "m_shift_us": ([m.interval // step if m.marks is TimestampMarks.END else 0 for m in meters], pl.Int64),
        "m_ceiling": ([m.ceiling for m in meters], DECIMAL),
        "m_register_rollover": ([m.register_rollover for m in meters], DECIMAL),
    }
    every_row_known = frame.get_column("m_code").null_count() == 0

    def column(name: str) -> pl.Expr:
        values, dtype = columns[name]
        if every_row_known and len(set(values)) == 1:
            return pl.lit(values[0], dtype).alias(name)
        return pl.lit(pl.Series(values, dtype=dtype)).gather(pl.col("m_code")).alias(name)

    return frame.with_columns(column(name) for name in names)


def meter_ids(frame: pl.DataFrame, project: Project | None) -> list[str]:
    """The meter ids in `m_code` order: the project's (by id), or without a project the file's, sorted."""
    if project is None:
        return sorted(i for i in frame.get_column("meter_id").unique().to_list() if i is not None)
    return [m.id for m in by_code(project)]


def meter_codes(frame: pl.DataFrame, project: Project | None, ids: list[str] | None = None) -> pl.Expr:
    """`m_code`: each row's meter as its rank among the project's meter ids (or the file's, without a project)."""
    return _index_in(pl.col("meter_id"), meter_ids(frame, project) if ids is None else ids, pl.UInt32).alias("m_code")


def meter_text(ids: list[str]) -> pl.Expr:
    """`meter_id` again from `m_code`: the very text each code was given for, written afresh in one piece."""
    return pl.lit(pl.Series(ids, dtype=pl.String)).gather(pl.col("m_code")).alias("meter_id")


def unit_text(frame: pl.DataFrame) -> pl.Expr:
    """`unit` again from `u_code`; one unit on every row is a constant, which polars keeps as one value."""
    codes = frame.get_column("u_code")
    first = codes[0] if codes.len() else None
    if first is not None and codes.null_count() == 0 and frame.select((pl.col("u_code") == first).all()).item():
        return pl.lit(UNIT_SYMBOLS[first], pl.String).alias("unit")
    return pl.lit(pl.Series(UNIT_SYMBOLS, dtype=pl.String)).gather(pl.col("u_code")).alias("unit")


def by_code(project: Project) -> list[Meter]:
    """The project's meters in `m_code` order (by id)."""
    return sorted(project.meters, key=lambda m: m.id)


def unit_codes(frame: pl.DataFrame) -> pl.Expr:
    """Each row's unit as its index in `UNIT_SYMBOLS` (null for an unknown symbol): integers compare cheaply.

    A file usually names one unit on every row: one comparison finds that, and the code is then a constant.
    """
    units = frame.get_column("unit")
    first = units[0] if units.len() else None
    if first is not None and units.null_count() == 0 and frame.select((pl.col("unit") == first).all()).item():
        return pl.lit(_unit_index(first), pl.Int16).alias("u_code")
    return _index_in(pl.col("unit"), list(UNIT_SYMBOLS), pl.Int16).alias("u_code")


def _index_in(text: pl.Expr, symbols: list[str], dtype: pl.DataType) -> pl.Expr:
    """Each text's index in `symbols`, null when it is not one: an Enum cast does it far faster than replace_strict."""
    if len(set(symbols)) < len(symbols):
        return text.replace_strict(symbols, list(range(len(symbols))), default=None, return_dtype=dtype)
    return text.cast(pl.Enum(symbols), strict=False).to_physical().cast(dtype)


def _unit_index(symbol: str) -> int | None:
    return UNIT_SYMBOLS.index(symbol) if symbol in UNIT_SYMBOLS else None


SAME_BEFORE = (pl.col("m_code") == pl.col("m_code").shift(1)).fill_null(False)
"""True where a row's meter is that of the row before (in a frame ordered by `in_order`)."""
SAME_AFTER = (pl.col("m_code") == pl.col("m_code").shift(-1)).fill_null(False)


def in_order(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with each meter's rows together and in time order (ties in row order).

    Files usually come that way, and checking costs far less than sorting; such a file keeps its order of
    meters, any other is sorted by meter id. No total depends on the order of meters.
    """
    code, t = pl.col("m_code"), pl.col("ts_us")
    blocks = (code != code.shift(1)).fill_null(True).sum() == code.n_unique()
    ascending = (~SAME_BEFORE | (t > t.shift(1)) | ((t == t.shift(1)) & (pl.col("row") > pl.col("row").shift(1)))).all()
    if frame.is_empty() or frame.select(blocks & ascending).item():
        return frame
    # A stable sort on two integer keys keeps ties in row order: rows arrive in file order.
    return frame.sort("m_code", "ts_us", maintain_order=True)
