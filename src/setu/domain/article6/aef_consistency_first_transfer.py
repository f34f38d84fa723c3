"""X12 and X18: a unit is first transferred once, and only first-transferred units move or are used.

Judged on serials, never on row identity (`article6.md` §1.1, AUD finding F15): a `Transfer` or `Use`
of serials `30-50` is fine after a first transfer of `1-100`, and a `Transfer` of `60001-70000` is not
after a first transfer of `1-60000`, even though both came from the authorized block `1-100000`.

A Transfer or Use needs every serial to be an ITMO in this Party's hands before the action: first
transferred in this report, acquired in this report, or held at 31 December of the previous year
(holdings hold ITMOs only, §7.4 item 2). Where it is not:
- X18 when part of the row, or part of the authorized block it comes from, had been first transferred
  by then: a split part that lost its "not yet first transferred" state;
- X12 otherwise: nothing of it had been first transferred.
Cancellations need no first transfer: mitigation outcomes may be cancelled (e.g. towards OMGE).
"""

from __future__ import annotations

from collections.abc import Collection

from setu.domain.article6.aef_consistency_context import (
    BEFORE_THE_YEAR,
    CheckContext,
    SpaceKey,
    action_label,
    rows_of_type,
    serials,
)
from setu.domain.article6.aef_consistency_intervals import (
    Envelope,
    IntervalSet,
    earliest_overlapping,
    range_maxima,
    range_minima,
)
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import ActionRow
from setu.domain.article6.vocabulary import ActionType

_MOVING = frozenset({ActionType.TRANSFER, ActionType.USE})
_MAKING_ITMOS = frozenset({ActionType.FIRST_TRANSFER, ActionType.ACQUISITION})


def check_first_transfer_state(ctx: CheckContext, consumed: Collection[int]) -> list[AefFinding]:
    """X12 and X18 findings. Rows in `consumed` (X11's) are left to X11: their units are gone anyway."""
    messages: dict[int, tuple[str, str]] = {}
    _first_transfers_once(ctx, messages)
    _moves_after_first_transfer(ctx, consumed, messages)
    actions = ctx.report.actions
    return [ctx.finding(rule, f"{action_label(actions[i])}: {text}", actions[i].source)
            for i, (rule, text) in sorted(messages.items())]


def _first_transfers_once(ctx: CheckContext, messages: dict[int, tuple[str, str]]) -> None:
    """X12: only the first-transferring Party first transfers, and each unit at most once."""
    actions, index = ctx.report.actions, ctx.actions
    first_transfers = rows_of_type(actions, ActionType.FIRST_TRANSFER)
    for i in first_transfers:
        if index.spaces[i][2] != ctx.party:
            messages[i] = ("X12", f"{ctx.party} reports a first transfer of units whose first-transferring"
                                  f" Party is {index.spaces[i][2]}")
    grouped = index.spans(i for i in first_transfers if i not in messages)
    for spans in grouped.values():
        keys = [(first, last, ctx.order(i)) for first, last, i in spans]
        for (_, _, i), earliest in zip(spans, earliest_overlapping(keys, [s[:2] for s in spans]), strict=True):
            if earliest < ctx.order(i):
                earlier = actions[earliest % ctx.ordinal_base]
                messages[i] = ("X12", f"units already first transferred by {action_label(earlier)}")
    if ctx.previous is None:
        return
    done = _sets(ctx.index(ctx.previous.holdings).spans(range(len(ctx.previous.holdings))),
                 ctx.index(ctx.previous.actions).spans(rows_of_type(ctx.previous.actions, ActionType.FIRST_TRANSFER)))
    for key, spans in grouped.items():
        before = done.get(key)
        for first, last, i in spans if before else ():
            shared = before.first_overlap(first, last)
            if shared is not None:
                messages.setdefault(i, ("X12", f"{serials(*shared)} were first transferred before {ctx.year}"))


def _moves_after_first_transfer(ctx: CheckContext, consumed: Collection[int],
                                messages: dict[int, tuple[str, str]]) -> None:
    """X12 / X18: every serial of a Transfer or Use was an ITMO held by this Party before the action."""
    actions, times, index = ctx.report.actions, ctx.times, ctx.actions
    queries = index.spans(i for i in rows_of_type(actions, *_MOVING) if i not in consumed and i not in messages)
    if not queries:
        return
    sources = index.spans(rows_of_type(actions, *_MAKING_ITMOS), times.__getitem__)
    if ctx.previous is not None:
        held = ctx.index(ctx.previous.holdings).spans(range(len(ctx.previous.holdings)), lambda i: BEFORE_THE_YEAR)
        for key, spans in held.items():
            sources.setdefault(key, []).extend(spans)
    parents = _authorized_blocks(ctx)
    for key, spans in queries.items():
        made = sources.get(key, [])
        envelope, ever = Envelope(made), IntervalSet((first, last) for first, last, _ in made)
        ranges = [envelope.segment_range(first, last) for first, last, _ in spans]
        earliest, latest = range_minima(envelope.times, ranges), range_maxima(envelope.times, ranges)
        undecided: list[tuple[int, tuple[int, int]]] = []
        for (first, last, i), low, high in zip(spans, earliest, latest, strict=True):
            when = times[i]
            if high is not None and high < when and ever.covers(first, last):
                continue
            if low is not None and low < when:
                messages[i] = ("X18", _missing(actions[i], ever))
                continue
            parent = parents[key].run_overlapping(first, last) if key in parents else None
            if parent is None:
                messages[i] = ("X12", _never(ctx, actions[i], ever))
            else:
                undecided.append((i, envelope.segment_range(*parent)))
        parent_earliest = range_minima(envelope.times, [r for _, r in undecided])
        for (i, _), low in zip(undecided, parent_earliest, strict=True):
            if low is not None and low < times[i]:
                messages[i] = ("X18", _missing(actions[i], ever) + " (part of the same authorized block was)")
            else:
                messages[i] = ("X12", _never(ctx, actions[i], ever))


def _sets(*grouped: dict[SpaceKey, list[tuple[int, int, int]]]) -> dict[SpaceKey, IntervalSet]:
    merged: dict[SpaceKey, list[tuple[int, int]]] = {}
    for spans_by_key in grouped:
        for key, spans in spans_by_key.items():
            merged.setdefault(key, []).extend((first, last) for first, last, _ in spans)
    return {key: IntervalSet(spans) for key, spans in merged.items()}


def _authorized_blocks(ctx: CheckContext) -> dict[SpaceKey, IntervalSet]:
    """The blocks of this and the previous report's `Authorization` rows: the parents of later splits."""
    reports = [r for r in (ctx.report, ctx.previous) if r is not None]
    return _sets(*(ctx.index(r.actions).spans(rows_of_type(r.actions, ActionType.AUTHORIZATION)) for r in reports))


def _missing(row: ActionRow, ever: IntervalSet) -> str:
    gaps = ever.gaps(row.block.first_serial, row.block.last_serial)
    which = ", ".join(serials(*gap) for gap in gaps) if gaps else "some of these units"
    return (f"{which} had not been first transferred (nor acquired or held as ITMOs) by"
            f" {row.action_date:%d/%m/%Y}: a split part keeps its parent's 'not yet first transferred' state")


def _never(ctx: CheckContext, row: ActionRow, ever: IntervalSet) -> str:
    if ever.covers(row.block.first_serial, row.block.last_serial):
        return f"the units became ITMOs held by {ctx.party} only after this action"
    return f"none of these units had been first transferred, acquired or held as ITMOs by {ctx.party} before"

