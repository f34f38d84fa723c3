"""Serial-interval algorithms behind the AEF cross-record checks: sort, merge, sweep, envelope.

Every function here is O(n log n) in the number of intervals (a sort, then linear sweeps with
binary searches or a heap), so the checks stay fast on a report of a million action rows. Intervals
are inclusive serial ranges `(first, last)` inside one serial space (`article6.md` §3.4); callers
group them per space first. A "time" is any integer that orders actions (see `action_time`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Sequence
from heapq import heappop, heappush
from operator import itemgetter
from typing import Generic, TypeVar

R = TypeVar("R")
_FIRST_LAST = itemgetter(0, 1)


def overlapping_pairs(spans: Iterable[tuple[int, int, R]]) -> list[tuple[R, R]]:
    """Each span that overlaps a span starting at or before it, with that span: `(later, earlier)`.

    One sort by first serial, then a sweep that keeps the furthest last serial seen so far: a span
    starting at or before it overlaps the span that reached it. Every span involved in an overlap,
    except the earliest-starting one of a group, is reported once.
    """
    pairs: list[tuple[R, R]] = []
    reach = -1
    reacher: R | None = None
    for first, last, ref in sorted(spans, key=_FIRST_LAST):
        if first <= reach:
            pairs.append((ref, reacher))  # type: ignore[arg-type]
        if last > reach:
            reach, reacher = last, ref
    return pairs


class IntervalSet:
    """A union of serial intervals, kept as sorted, disjoint, non-adjacent runs."""

    __slots__ = ("starts", "ends", "_before")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for first, last in sorted(spans):
            if ends and first <= ends[-1] + 1:
                if last > ends[-1]:
                    ends[-1] = last
            else:
                starts.append(first)
                ends.append(last)
        self.starts, self.ends = starts, ends
        before = [0]
        for first, last in zip(starts, ends, strict=True):
            before.append(before[-1] + last - first + 1)
        self._before = before

    def __bool__(self) -> bool:
        return bool(self.starts)

    def overlaps(self, first: int, last: int) -> bool:
        """Some serial of `first..last` is in the set."""
        k = bisect_left(self.ends, first)
        return k < len(self.starts) and self.starts[k] <= last

    def covers(self, first: int, last: int) -> bool:
        """Every serial of `first..last` is in the set."""
        k = bisect_left(self.ends, first)
        return k < len(self.starts) and self.starts[k] <= first and last <= self.ends[k]

    def first_overlap(self, first: int, last: int) -> tuple[int, int] | None:
        """The lowest sub-range of `first..last` inside the set, or None."""
        k = bisect_left(self.ends, first)
        if k < len(self.starts) and self.starts[k] <= last:
            return max(first, self.starts[k]), min(last, self.ends[k])
        return None

    def run_overlapping(self, first: int, last: int) -> tuple[int, int] | None:
        """The whole lowest run of the set that overlaps `first..last`, or None."""
        k = bisect_left(self.ends, first)
        if k < len(self.starts) and self.starts[k] <= last:
            return self.starts[k], self.ends[k]
        return None

    def covered_length(self, first: int, last: int) -> int:
        """How many serials of `first..last` are in the set."""
        lo, hi = bisect_left(self.ends, first), bisect_right(self.starts, last)
        if lo >= hi:
            return 0
        total = self._before[hi] - self._before[lo]
        return total - max(0, first - self.starts[lo]) - max(0, self.ends[hi - 1] - last)

    def gaps(self, first: int, last: int, limit: int = 3) -> list[tuple[int, int]]:
        """Up to `limit` sub-ranges of `first..last` outside the set, lowest first."""
        found: list[tuple[int, int]] = []
        at = first
        k = bisect_left(self.ends, first)
        while at <= last and len(found) < limit:
            if k >= len(self.starts) or self.starts[k] > last:
                found.append((at, last))
                break
            if self.starts[k] > at:
                found.append((at, self.starts[k] - 1))
            at = self.ends[k] + 1
            k += 1
        return found


K = TypeVar("K", bound=Hashable)


def interval_sets(grouped: dict[K, list[tuple[int, int]]]) -> dict[K, IntervalSet]:
    """One `IntervalSet` per key."""
    return {key: IntervalSet(spans) for key, spans in grouped.items()}


class Envelope:
    """The earliest time at which each serial entered a set: a step function over the covered serials.

    Built from `(first, last, time)` spans by a sweep over first serials with a heap of the spans
    covering the sweep position (lazy deletion), so O(n log n). Segments are disjoint and sorted;
    adjacent segments with equal times are merged; uncovered serials have no segment.
    """

    __slots__ = ("starts", "ends", "times")

    def __init__(self, spans: Iterable[tuple[int, int, int]]) -> None:
        ordered = sorted(spans)
        starts: list[int] = []
        ends: list[int] = []
        times: list[int] = []
        heap: list[tuple[int, int]] = []
        i, n, at = 0, len(ordered), 0
        while i < n or heap:
            if not heap:
                at = ordered[i][0]
            while i < n and ordered[i][0] <= at:
                heappush(heap, (ordered[i][2], ordered[i][1]))
                i += 1
            while heap and heap[0][1] < at:
                heappop(heap)
            if not heap:
                continue
            time, end = heap[0]
            upto = end if i >= n else min(end, ordered[i][0] - 1)
            if ends and ends[-1] == at - 1 and times[-1] == time:
                ends[-1] = upto
            else:
                starts.append(at)
                ends.append(upto)
                times.append(time)
            at = upto + 1
        self.starts, self.ends, self.times = starts, ends, times

    def segment_range(self, first: int, last: int) -> tuple[int, int]:
        """The half-open index range of the segments that overlap `first..last`."""
        return bisect_left(self.ends, first), bisect_right(self.starts, last)


def range_minima(values: Sequence[int], ranges: Sequence[tuple[int, int]]) -> list[int | None]:
    """The minimum of `values[lo:hi]` for each `(lo, hi)`, None for an empty range; offline, O((n + q) log n).

    Queries are answered in order of `hi` while a stack keeps the positions below `hi` whose value is
    smaller than every later value; the minimum over `lo:hi` is the first stack entry at or after `lo`.
    """
    answers: list[int | None] = [None] * len(ranges)
    positions: list[int] = []
    minima: list[int] = []
    p = 0
    ends = [hi for _, hi in ranges]
    for q in sorted(range(len(ranges)), key=ends.__getitem__):
        lo, hi = ranges[q]
        while p < hi:
            value = values[p]
            while minima and minima[-1] >= value:
                minima.pop()
                positions.pop()
            positions.append(p)
            minima.append(value)
            p += 1
        if lo < hi:
            answers[q] = minima[bisect_left(positions, lo)]
    return answers


def earliest_overlapping(spans: Iterable[tuple[int, int, int]], queries: Sequence[tuple[int, int]]
                         ) -> list[int | None]:
    """For each query range, the smallest time of the spans that overlap it (None if none does)."""
    envelope = Envelope(spans)
    return range_minima(envelope.times, [envelope.segment_range(first, last) for first, last in queries])


def range_maxima(values: Sequence[int], ranges: Sequence[tuple[int, int]]) -> list[int | None]:
    """The maximum of `values[lo:hi]` for each `(lo, hi)`, None for an empty range."""
    return [None if m is None else -m for m in range_minima([-v for v in values], ranges)]


A = TypeVar("A")


class AttributeIndex(Generic[A, R]):
    """Blocks' invariant attributes by serial, to find a block whose attributes differ from a row's.

    Built from non-overlapping `(first, last, attributes, ref)` spans (an overlapping span is dropped:
    overlaps are X4's finding, not this one's). `next_other[k]` is the next segment whose attributes
    differ from segment k's, so a query costs two binary searches whatever the number of segments.
    """

    __slots__ = ("starts", "ends", "attributes", "refs", "next_other")

    def __init__(self, spans: Iterable[tuple[int, int, A, R]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.attributes: list[A] = []
        self.refs: list[R] = []
        for first, last, attributes, ref in sorted(spans, key=_FIRST_LAST):
            if self.ends and first <= self.ends[-1]:
                continue
            self.starts.append(first)
            self.ends.append(last)
            self.attributes.append(attributes)
            self.refs.append(ref)
        n = len(self.starts)
        self.next_other = [n] * n
        for k in range(n - 2, -1, -1):
            same = self.attributes[k + 1] == self.attributes[k]
            self.next_other[k] = self.next_other[k + 1] if same else k + 1

    def first_mismatch(self, first: int, last: int, attributes: A) -> R | None:
        """A block overlapping `first..last` whose attributes differ from `attributes`, or None."""
        lo, hi = bisect_left(self.ends, first), bisect_right(self.starts, last)
        if lo >= hi:
            return None
        if self.attributes[lo] != attributes:
            return self.refs[lo]
        other = self.next_other[lo]
        return self.refs[other] if other < hi else None
