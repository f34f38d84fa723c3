"""The interval algorithms agree with serial-by-serial brute force on small random inputs."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from setu.domain.article6.aef_consistency_intervals import (
    AttributeIndex,
    Envelope,
    IntervalSet,
    overlapping_pairs,
    range_maxima,
    range_minima,
)

spans = st.lists(st.tuples(st.integers(1, 40), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)
timed = st.lists(st.tuples(st.integers(1, 40), st.integers(0, 8), st.integers(-1, 9)).map(
    lambda p: (p[0], p[0] + p[1], p[2])), max_size=12)
query = st.tuples(st.integers(1, 45), st.integers(0, 10)).map(lambda p: (p[0], p[0] + p[1]))


def _serials(intervals) -> set[int]:
    return {s for first, last, *_ in intervals for s in range(first, last + 1)}


@settings(max_examples=300)
@given(spans)
def test_overlapping_pairs_flags_every_span_that_shares_a_serial_with_an_earlier_one(intervals):
    indexed = [(first, last, i) for i, (first, last) in enumerate(intervals)]
    pairs = overlapping_pairs(indexed)
    for later, earlier in pairs:
        assert _serials([intervals[later]]) & _serials([intervals[earlier]])
    flagged = {later for later, _ in pairs}
    for i, j in combinations(range(len(intervals)), 2):
        if _serials([intervals[i]]) & _serials([intervals[j]]):
            assert i in flagged or j in flagged


@settings(max_examples=300)
@given(spans, query)
def test_interval_set_answers_like_a_set_of_serials(intervals, q):
    members, wanted = _serials(intervals), set(range(q[0], q[1] + 1))
    s = IntervalSet(intervals)
    assert s.overlaps(*q) == bool(members & wanted)
    assert s.covers(*q) == (wanted <= members)
    assert s.covered_length(*q) == len(members & wanted)
    assert _serials(s.gaps(*q, limit=100)) == wanted - members
    overlap = s.first_overlap(*q)
    assert (overlap is None) == (not members & wanted)
    if overlap:
        assert overlap[0] == min(members & wanted)


@settings(max_examples=300)
@given(timed, st.lists(query, max_size=6))
def test_envelope_and_range_extrema_give_the_earliest_time_per_serial(intervals, queries):
    earliest: dict[int, int] = {}
    for first, last, time in intervals:
        for s in range(first, last + 1):
            earliest[s] = min(time, earliest.get(s, time))
    envelope = Envelope(intervals)
    for start, end, time in zip(envelope.starts, envelope.ends, envelope.times, strict=True):
        assert all(earliest[s] == time for s in range(start, end + 1))
    assert _serials(zip(envelope.starts, envelope.ends, strict=True)) == set(earliest)
    ranges = [envelope.segment_range(*q) for q in queries]
    for q, low, high in zip(queries, range_minima(envelope.times, ranges), range_maxima(envelope.times, ranges),
                            strict=True):
        times = [earliest[s] for s in range(q[0], q[1] + 1) if s in earliest]
        assert (low, high) == ((min(times), max(times)) if times else (None, None))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 5), st.sampled_from("ab")), max_size=10), query,
       st.sampled_from("ab"))
def test_attribute_index_finds_a_differing_block_when_there_is_one(blocks, q, attributes):
    kept: list[tuple[int, int, str]] = []
    for first, width, attr in sorted(blocks, key=lambda b: (b[0], b[0] + b[1])):
        if not kept or first > kept[-1][1]:
            kept.append((first, first + width, attr))
    index = AttributeIndex((first, last, attr, (first, last, attr)) for first, last, attr in kept)
    found = index.first_mismatch(q[0], q[1], attributes)
    differing = [k for k in kept if k[2] != attributes and k[0] <= q[1] and q[0] <= k[1]]
    assert (found is None) == (not differing)
    assert found is None or found in differing
