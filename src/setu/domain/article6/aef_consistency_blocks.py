"""Cross-record checks on where units are: X4 (held once), X5 and X11 (consumed once), X6 (same block, same attributes).

Blocks are compared on serial intervals within their serial space (`article6.md` §3.4), never on row
identity: a holding may merge or split the action rows' blocks in any way.
"""

from __future__ import annotations

from setu.domain.article6.aef_consistency_context import (
    CONSUMING,
    CheckContext,
    SpaceKey,
    action_label,
    holding_label,
    row_label,
    rows_of_type,
    serials,
)
from setu.domain.article6.aef_consistency_intervals import (
    AttributeIndex,
    IntervalSet,
    earliest_overlapping,
    overlapping_pairs,
)
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import ActionRow, AefReport, HoldingRow, ItmoBlock


def consumed_sets(ctx: CheckContext, *reports: AefReport | None) -> dict[SpaceKey, IntervalSet]:
    """The serials the reports' Use / Cancellation / Voluntary Cancellation rows consumed, per serial space."""
    grouped: dict[SpaceKey, list[tuple[int, int, int]]] = {}
    for report in reports:
        if report is not None:
            spans = ctx.index(report.actions).spans(rows_of_type(report.actions, *CONSUMING))
            for key, found in spans.items():
                grouped.setdefault(key, []).extend(found)
    return {key: IntervalSet((first, last) for first, last, _ in spans) for key, spans in grouped.items()}


def check_overlapping_holdings(ctx: CheckContext) -> list[AefFinding]:
    """X4: no unit is in two holding rows, nor held at 31 December by both this Party and the counterpart."""
    holdings, index = ctx.report.holdings, ctx.holdings
    messages: dict[int, str] = {}
    for spans in index.spans(range(len(holdings))).values():
        for later, earlier in overlapping_pairs(spans):
            messages.setdefault(later, f"overlaps {holding_label(holdings[earlier])}")
    counterpart = ctx.counterpart
    if counterpart is not None and counterpart.submission.reported_year == ctx.year:
        theirs = ctx.index(counterpart.holdings).spans(range(len(counterpart.holdings)))
        sets = {key: IntervalSet((first, last) for first, last, _ in spans) for key, spans in theirs.items()}
        for key, spans in index.spans(range(len(holdings))).items():
            other = sets.get(key)
            for first, last, i in spans if other else ():
                shared = other.first_overlap(first, last)
                if shared is not None:
                    messages.setdefault(i, f"{serials(*shared)} are also held by {counterpart.submission.party}"
                                           f" at 31/12/{ctx.year}")
    return [ctx.finding("X4", f"{holding_label(holdings[i])} {messages[i]}", holdings[i].source)
            for i in sorted(messages)]


def check_consumed_not_held(ctx: CheckContext) -> list[AefFinding]:
    """X5: units used or cancelled (this year or, when given, the year before) are absent from the holdings."""
    consumed = consumed_sets(ctx, ctx.report, ctx.previous)
    holdings = ctx.report.holdings
    findings = []
    for key, spans in ctx.holdings.spans(range(len(holdings))).items():
        gone = consumed.get(key)
        for first, last, i in spans if gone else ():
            shared = gone.first_overlap(first, last)
            if shared is not None:
                findings.append((i, ctx.finding(
                    "X5", f"{holding_label(holdings[i])}: {serials(*shared)} were used or cancelled",
                    holdings[i].source)))
    return [finding for _, finding in sorted(findings, key=lambda pair: pair[0])]


def _attributes(row: ActionRow | HoldingRow) -> tuple[object, ...]:
    block = row.block
    return (block.metric, block.mitigation_type, row.authorization_id, block.non_ghg_metric)


def _attribute_indexes(ctx: CheckContext, holdings: tuple[HoldingRow, ...]) -> dict[SpaceKey, AttributeIndex]:
    spans = ctx.index(holdings).spans(range(len(holdings)), lambda i: holdings[i])
    return {key: AttributeIndex((first, last, _attributes(row), row) for first, last, row in found)
            for key, found in spans.items()}


def _differences(mine: ItmoBlock, mine_auth: str, theirs: HoldingRow) -> str:
    pairs = (("metric", mine.metric, theirs.block.metric),
             ("mitigation type", mine.mitigation_type, theirs.block.mitigation_type),
             ("authorization", mine_auth, theirs.authorization_id),
             ("non-GHG metric", mine.non_ghg_metric, theirs.block.non_ghg_metric))
    return ", ".join(f"{name} {getattr(a, 'value', a)} vs {getattr(b, 'value', b)}" for name, a, b in pairs if a != b)


def check_block_invariants(ctx: CheckContext) -> list[AefFinding]:
    """X6: a unit's metric, mitigation type and authorization are the same in every action and holding.

    CA, first-transferring Party and vintage are part of the serial space, so a row that changes them
    names other units (and fails X12, X13 or X16 instead).
    """
    current = _attribute_indexes(ctx, ctx.report.holdings)
    previous = _attribute_indexes(ctx, ctx.previous.holdings) if ctx.previous is not None else {}
    findings = []
    for rows, index, references in ((ctx.report.actions, ctx.actions, (current, previous)),
                                    (ctx.report.holdings, ctx.holdings, (previous,))):
        for i, row in enumerate(rows):
            if not index.usable[i]:
                continue
            key, attributes = index.spaces[i], _attributes(row)
            for reference in references:
                found = reference.get(key)
                other = found.first_mismatch(index.firsts[i], index.lasts[i], attributes) if found else None
                if other is not None:
                    year = ctx.year if reference is current else ctx.year - 1
                    findings.append(ctx.finding(
                        "X6", f"{row_label(row)} differs from 31/12/{year} {holding_label(other)}:"
                        f" {_differences(row.block, row.authorization_id, other)}", row.source))
                    break
    return findings


def consumption_conflicts(ctx: CheckContext) -> dict[int, str]:
    """X11: the actions (by index) that touch a unit already used or cancelled, with why.

    A consumption of serials an earlier consumption of this report consumed, any action on serials the
    previous report consumed, and any other action dated after a consumption of the same serials.
    """
    actions, times, index, base = ctx.report.actions, ctx.times, ctx.actions, ctx.ordinal_base
    consuming = index.spans(rows_of_type(actions, *CONSUMING), ctx.order)
    conflicts: dict[int, str] = {}
    for spans in consuming.values():
        for (_, _, key), earliest in zip(spans, earliest_overlapping(spans, [s[:2] for s in spans]), strict=True):
            if earliest < key:
                conflicts[key % base] = f"these units were already consumed by {action_label(actions[earliest % base])}"
    before = consumed_sets(ctx, ctx.previous)
    for key, spans in index.spans(range(len(actions))).items() if before else ():
        gone = before.get(key)
        for first, last, i in spans if gone else ():
            if gone.overlaps(first, last):
                conflicts.setdefault(i, f"units were used or cancelled in {ctx.year - 1}")
    others = index.spans(i for i, row in enumerate(actions) if row.action_type not in CONSUMING) if consuming else {}
    for key, spans in others.items():
        if key in consuming:
            found = earliest_overlapping(consuming[key], [s[:2] for s in spans])
            for (_, _, i), earliest in zip(spans, found, strict=True):
                if earliest is not None and earliest < times[i] * base:
                    conflicts.setdefault(i, f"units were consumed earlier by {action_label(actions[earliest % base])}")
    return conflicts


def consumption_findings(ctx: CheckContext, conflicts: dict[int, str]) -> list[AefFinding]:
    """X11 findings, in row order."""
    actions = ctx.report.actions
    return [ctx.finding("X11", f"{action_label(actions[i])}: {conflicts[i]}", actions[i].source)
            for i in sorted(conflicts)]
