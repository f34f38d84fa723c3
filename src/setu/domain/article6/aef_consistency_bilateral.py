"""X13: one Party's first transfers and transfers to the other match the other's acquisitions, both ways.

Rows are matched as interval sets per (serial space, Authorization ID), never row by row: one side may
split or merge its blocks differently. A row is a discrepancy when some of its serials are missing from
the other side's rows of the same key; equal interval sets with unequal quantities are one discrepancy
per key. Both reports must be for the same reported year. A warning while the year is open, an error
at finalization (`article6.md` §8.3).
"""

from __future__ import annotations

from setu.domain.article6.aef_consistency_context import (
    CheckContext,
    SpaceKey,
    action_label,
    serials,
)
from setu.domain.article6.aef_consistency_intervals import IntervalSet
from setu.domain.article6.aef_findings import AefFinding, Severity
from setu.domain.article6.aef_model import ActionRow, AefReport
from setu.domain.article6.vocabulary import ActionType

MatchKey = tuple[SpaceKey, str]

_SENDING = frozenset({ActionType.FIRST_TRANSFER, ActionType.TRANSFER})


def check_bilateral(ctx: CheckContext) -> list[AefFinding]:
    """X13 findings against the counterpart's report, when one is given."""
    counterpart = ctx.counterpart
    if counterpart is None:
        return []
    severity = Severity.ERROR if ctx.finalization else Severity.WARNING
    theirs = counterpart.submission
    if theirs.reported_year != ctx.year:
        return [ctx.finding("X13", f"the counterpart report of {theirs.party} is for {theirs.reported_year},"
                            f" not {ctx.year}: nothing can be matched", severity=severity)]
    return [*_direction(ctx, ctx.report, counterpart, severity), *_direction(ctx, counterpart, ctx.report, severity)]


def _direction(ctx: CheckContext, sender: AefReport, receiver: AefReport, severity: Severity) -> list[AefFinding]:
    giver, taker = sender.submission.party, receiver.submission.party
    sent = [i for i, row in enumerate(sender.actions) if row.action_type in _SENDING and row.acquiring_party == taker]
    taken = [i for i, row in enumerate(receiver.actions)
             if row.action_type is ActionType.ACQUISITION and row.transferring_party == giver]
    sent_spans, sent_tonnes = _by_key(ctx, sender.actions, sent)
    taken_spans, taken_tonnes = _by_key(ctx, receiver.actions, taken)
    sent_sets, taken_sets = _sets(sent_spans), _sets(taken_spans)
    findings = []
    for spans_by_key, mine_sets, report, other_sets, other in (
            (sent_spans, sent_sets, sender, taken_sets, f"Acquisition by {taker}"),
            (taken_spans, taken_sets, receiver, sent_sets, f"first transfer or transfer by {giver}")):
        unmatched = []
        for key, spans in spans_by_key.items():
            other_set = other_sets.get(key)
            if other_set is not None and _same(mine_sets[key], other_set):
                continue
            for first, last, i in spans:
                missing = _missing(first, last, other_set)
                if missing:
                    unmatched.append((i, f"{missing} have no matching {other}"))
        findings += [_finding(ctx, report, report.actions[i], text, severity) for i, text in sorted(unmatched)]
    for key, mine in sent_sets.items():
        theirs = taken_sets.get(key)
        if theirs is not None and _same(mine, theirs) and sent_tonnes[key] != taken_tonnes[key]:
            row = sender.actions[sent_spans[key][0][2]]
            findings.append(_finding(ctx, sender, row, f"{giver} reports {sent_tonnes[key]} t sent under"
                                     f" {key[1]}, {taker} reports {taken_tonnes[key]} t acquired", severity))
    return findings


def _by_key(ctx: CheckContext, rows: tuple[ActionRow, ...], indices: list[int]
            ) -> tuple[dict[MatchKey, list[tuple[int, int, int]]], dict[MatchKey, int]]:
    index = ctx.index(rows)
    spans: dict[MatchKey, list[tuple[int, int, int]]] = {}
    tonnes: dict[MatchKey, int] = {}
    for i in indices:
        if index.usable[i]:
            row = rows[i]
            key = (index.spaces[i], row.authorization_id)
            spans.setdefault(key, []).append((index.firsts[i], index.lasts[i], i))
            quantity = row.block.quantity  # `tonnes`, without a property call per row
            tonnes[key] = tonnes.get(key, 0) + (
                quantity if quantity is not None else index.lasts[i] - index.firsts[i] + 1)
    return spans, tonnes


def _sets(spans: dict[MatchKey, list[tuple[int, int, int]]]) -> dict[MatchKey, IntervalSet]:
    return {key: IntervalSet((first, last) for first, last, _ in found) for key, found in spans.items()}


def _same(one: IntervalSet, other: IntervalSet) -> bool:
    return one.starts == other.starts and one.ends == other.ends


def _missing(first: int, last: int, other: IntervalSet | None) -> str | None:
    if other is None:
        return serials(first, last)
    if other.covers(first, last):
        return None
    return ", ".join(serials(*gap) for gap in other.gaps(first, last))


def _finding(ctx: CheckContext, report: AefReport, row: ActionRow, text: str, severity: Severity) -> AefFinding:
    if report is ctx.report:
        return ctx.finding("X13", f"{action_label(row)}: {text}", row.source, severity)
    where = f" ({row.source})" if row.source else ""
    return ctx.finding("X13", f"{report.submission.party}'s {action_label(row)}{where}: {text}", None, severity)
