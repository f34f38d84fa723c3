"""X15 and X17: actions stay inside their authorization, and OIMP first transfers follow its definition.

The authorization of a row is the Table 2 version in force on the action date (the highest version
dated on or before it). The quantity cap is the latest version's `Authorized quantity`, as a new
version replaces the old cap. Cumulative quantities count this report and, when given, the previous
one: a lower bound of the true cumulative total, so a finding is never wrong, but first transfers of
earlier years are only seen one year back.
"""

from __future__ import annotations

from setu.domain.article6.aef_consistency_context import CheckContext, action_label, given
from setu.domain.article6.aef_consistency_rows import OIMP_EVENTS
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import ActionRow, AuthorizationRow
from setu.domain.article6.vocabulary import ActionSubtype, ActionType


def check_authorized_use(ctx: CheckContext) -> list[AefFinding]:
    """X15: first transfers and uses within the purposes, Parties, dates and quantity the authorization allows."""
    findings = []
    for row in ctx.report.actions:
        if row.action_type not in (ActionType.FIRST_TRANSFER, ActionType.USE):
            continue
        auth = ctx.authorization(row, row.action_date)
        if auth is None:
            continue
        index = ctx.authorizations if row.authorization_id in ctx.authorizations else ctx.index_for(row.block)
        first_date = index.first_date(row.authorization_id) if index is not None else None
        problems = _purpose_problems(row, auth)
        parties = [p for p in auth.authorized_parties if given(p)]
        if row.action_type is ActionType.USE and given(row.ndc_use_year) and parties and ctx.party not in parties:
            problems.append(f"{ctx.party} uses the units towards its NDC, but the authorized Parties are"
                            f" {', '.join(parties)}")
        if first_date is not None and row.action_date < first_date:
            problems.append(f"dated before the authorization of {first_date:%d/%m/%Y}")
        problems += _timeframe_problems(row, auth)
        if problems:
            findings.append(ctx.finding("X15", f"{action_label(row)}: {'; '.join(problems)}", row.source))
    findings += _cap_findings(ctx, ActionType.AUTHORIZATION, "authorized")
    findings += _cap_findings(ctx, ActionType.FIRST_TRANSFER, "first transferred")
    return findings


def _purpose_problems(row: ActionRow, auth: AuthorizationRow) -> list[str]:
    purposes, problems = auth.purposes, []
    if row.action_type is ActionType.FIRST_TRANSFER:
        if row.subtype in OIMP_EVENTS and not purposes.allows_oimp:
            problems.append(f"an OIMP first-transfer event ({row.subtype.value}) under purpose {purposes.value}")
        parties = [p for p in auth.authorized_parties if given(p)]
        if parties and given(row.acquiring_party) and row.acquiring_party not in parties:
            problems.append(f"acquiring Party {row.acquiring_party} is not among the authorized Parties"
                            f" {', '.join(parties)}")
    elif given(row.ndc_use_year) and not purposes.allows_ndc:
        problems.append(f"use towards an NDC under purpose {purposes.value}")
    elif given(row.oimp_purpose) and not purposes.allows_oimp:
        problems.append(f"use for OIMP ({row.oimp_purpose}) under purpose {purposes.value}")
    return problems


def _timeframe_problems(row: ActionRow, auth: AuthorizationRow) -> list[str]:
    frame = auth.timeframe
    if frame is None:
        return []
    problems = []
    if not frame.occurred_from.year <= row.block.vintage <= frame.occurred_to.year:
        problems.append(f"vintage {row.block.vintage} is outside the authorized timeframe"
                        f" {frame.occurred_from:%d/%m/%Y}-{frame.occurred_to:%d/%m/%Y}")
    if row.action_type is ActionType.USE and (
            (frame.use_from is not None and row.action_date < frame.use_from)
            or (frame.use_to is not None and row.action_date > frame.use_to)):
        problems.append("used outside the authorized use period")
    return problems


def _cap_findings(ctx: CheckContext, kind: ActionType, what: str) -> list[AefFinding]:
    """The first row, per own authorization, at which the cumulative quantity passes the latest cap."""
    totals: dict[str, int] = {}
    if ctx.previous is not None:
        for row in ctx.previous.actions:
            if row.action_type is kind:
                totals[row.authorization_id] = totals.get(row.authorization_id, 0) + row.block.tonnes
    actions, findings, flagged = ctx.report.actions, [], set()
    for i in sorted((i for i, row in enumerate(actions) if row.action_type is kind), key=ctx.times.__getitem__):
        row = actions[i]
        key = row.authorization_id
        totals[key] = totals.get(key, 0) + row.block.tonnes
        auth = ctx.authorizations.latest(key)
        cap = auth.authorized_quantity if auth is not None else None
        if cap is not None and totals[key] > cap and key not in flagged:
            flagged.add(key)
            findings.append(ctx.finding(
                "X15", f"{action_label(row)}: {totals[key]} t {what} under {key} so far, above its authorized"
                f" quantity of {cap} t (version {auth.version})", row.source))
    return findings


def check_first_transfer_definitions(ctx: CheckContext) -> list[AefFinding]:
    """X17: an OIMP authorization names its first-transfer event, and its first-transfer rows record that event."""
    findings = []
    for auth in ctx.report.authorizations:
        purposes, definition = auth.purposes, auth.first_transfer_definition
        label = f"authorization {auth.authorization_id} version {auth.version} ({purposes.value})"
        if purposes.allows_oimp and definition is None:
            findings.append(ctx.finding("X17", f"{label} has no first-transfer definition for OIMP: its first"
                                        " transfers cannot be counted", auth.source))
        elif purposes.allows_oimp and not definition.is_oimp_choice:  # alongside NDC too (D6 note p)
            findings.append(ctx.finding("X17", f"{label}: {definition.value!r} is not an OIMP first-transfer event"
                                        " (authorization, issuance, or use or cancellation)", auth.source))
    for row in ctx.report.actions:
        if row.action_type is not ActionType.FIRST_TRANSFER:
            continue
        auth = ctx.authorization(row, row.action_date)
        if auth is None or not auth.purposes.allows_oimp:
            continue
        problem = _subtype_problem(row, auth)
        if problem:
            findings.append(ctx.finding("X17", f"{action_label(row)}: {problem}", row.source))
    return findings


def _subtype_problem(row: ActionRow, auth: AuthorizationRow) -> str | None:
    definition = auth.first_transfer_definition
    subtype = None if row.subtype is ActionSubtype.NOT_YET_DEFINED else row.subtype
    named = f"authorization {auth.authorization_id} version {auth.version}"
    if subtype in OIMP_EVENTS:
        if definition is None:
            return f"{named} has no first-transfer definition for OIMP"
        if subtype is not definition.action_subtype:
            return f"subtype {subtype.value!r}, but {named} defines the first transfer as {definition.value!r}"
        return None
    if auth.purposes.allows_ndc:
        return None
    defined = f"{definition.value!r}" if definition is not None else "undefined"
    if subtype is None:
        return f"the subtype must name the OIMP first-transfer event ({named}: {defined})"
    return f"subtype {subtype.value!r}, but {named} is for OIMP only, with first transfer {defined}"
