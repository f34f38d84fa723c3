"""Cross-record checks that look at one row at a time: X1, X2, X3, X7, X8, X10, X14 (`article6.md` §8.3).

Each function returns its findings in row order (Table 2, then Table 3, then Table 4).
"""

from __future__ import annotations

from collections.abc import Iterator

from setu.domain.article6.aef_consistency_context import (
    CheckContext,
    action_label,
    given,
    has_range,
    holding_label,
    row_label,
)
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import ActionRow, AuthorizationRow, HoldingRow, ItmoBlock
from setu.domain.article6.vocabulary import ALLOWED_SUBTYPES, ActionSubtype, ActionType, Metric

FIRST_ARTICLE6_VINTAGE = 2021
"""Mitigation outcomes from 2021 onwards (decision 2/CMA.3 annex para 1(g))."""

OIMP_EVENTS = frozenset({ActionSubtype.AUTHORIZATION, ActionSubtype.ISSUANCE, ActionSubtype.USE_OR_CANCELLATION})
"""`First transfer` subtypes that record an OIMP first-transfer event rather than a transfer to a Party (§2.2)."""

_OIMP_GROUP_ALLOWED = frozenset({
    ActionType.FIRST_TRANSFER, ActionType.USE, ActionType.CANCELLATION, ActionType.VOLUNTARY_CANCELLATION,
})


def check_authorizations_exist(ctx: CheckContext) -> list[AefFinding]:
    """X1: every Actions/Holdings `Authorization ID` is in Table 2 (own, or the first-transferring counterpart's)."""
    findings = []
    for row in _blocks(ctx):
        index = ctx.index_for(row.block)
        if row.authorization_id in ctx.authorizations or index is None or row.authorization_id in index:
            continue
        where = "Table 2" if index is ctx.authorizations else f"{row.block.first_transferring_party}'s Table 2"
        findings.append(ctx.finding("X1", f"{row_label(row)}: authorization {row.authorization_id} is not in {where}",
                                    row.source))
    return findings


def check_entities_exist(ctx: CheckContext) -> list[AefFinding]:
    """X2: every using/cancelling entity and every Table 2 authorized entity is in Table 5 for that approach."""
    known = {(e.cooperative_approach_id, e.identification_number) for e in ctx.report.entities}
    findings = []
    for auth in ctx.report.authorizations:
        missing = [e for e in auth.authorized_entities if given(e) and (auth.cooperative_approach_id, e) not in known]
        if missing:
            findings.append(ctx.finding(
                "X2", f"authorization {auth.authorization_id} version {auth.version} names entities"
                f" {', '.join(missing)} that Table 5 does not list for {auth.cooperative_approach_id}", auth.source))
    for row in ctx.report.actions:
        entity = row.using_entity
        if given(entity) and (row.block.cooperative_approach_id, entity) not in known:
            findings.append(ctx.finding(
                "X2", f"{action_label(row)}: entity {entity} is not in Table 5 for"
                f" {row.block.cooperative_approach_id}", row.source))
    return findings


def check_ranges(ctx: CheckContext) -> list[AefFinding]:
    """X3: First ID <= Last ID, both positive."""
    bad = [row for row, usable in zip(ctx.report.actions, ctx.actions.usable, strict=True) if not usable]
    bad += [row for row, usable in zip(ctx.report.holdings, ctx.holdings.usable, strict=True) if not usable]
    return [ctx.finding("X3", f"{row_label(row)}: First ID {row.block.first_serial} and Last ID"
                        f" {row.block.last_serial} do not form a range of positive serials", row.source)
            for row in bad]


def check_quantities(ctx: CheckContext) -> list[AefFinding]:
    """X10: a GHG block's quantity (t CO2 eq) is Last ID - First ID + 1."""
    findings = []
    for row in _blocks(ctx):
        block = row.block
        if block.metric is Metric.GHG and has_range(block) and block.quantity is not None:
            expected = block.last_serial - block.first_serial + 1
            if block.quantity != expected:
                findings.append(ctx.finding(
                    "X10", f"{row_label(row)}: quantity {block.quantity} t CO2 eq, but the range holds {expected}",
                    row.source))
    return findings


def check_subtypes(ctx: CheckContext) -> list[AefFinding]:
    """X8: the action subtype is one the action type may carry (§5.4)."""
    return [
        ctx.finding("X8", f"{action_label(row)}: subtype {row.subtype.value!r} is not allowed for"
                    f" {row.action_type.value!r}", row.source)
        for row in ctx.report.actions
        if row.subtype is not None and row.subtype not in ALLOWED_SUBTYPES[row.action_type]
    ]


def check_periods(ctx: CheckContext) -> list[AefFinding]:
    """X14: action date in the reported year; 2021 <= vintage <= action year; NDC use year in the NDC period."""
    findings = []
    submission = ctx.report.submission
    for row in ctx.report.actions:
        vintage, action_year = row.block.vintage, row.action_date.year
        if action_year == ctx.year and FIRST_ARTICLE6_VINTAGE <= vintage <= action_year and row.ndc_use_year is None:
            continue
        problems = _vintage_problems(row.block, action_year, "the action year")
        if row.action_date.year != ctx.year:
            problems.insert(0, f"action date {row.action_date:%d/%m/%Y} is outside reported year {ctx.year}")
        use_year = row.ndc_use_year
        if row.action_type is ActionType.USE and isinstance(use_year, int) and not (
                submission.ndc_first_year <= use_year <= submission.ndc_last_year):
            problems.append(f"NDC use year {use_year} is outside the NDC period"
                            f" {submission.ndc_first_year}-{submission.ndc_last_year}")
        if problems:
            findings.append(ctx.finding("X14", f"{action_label(row)}: {'; '.join(problems)}", row.source))
    for holding in ctx.report.holdings:
        problems = _vintage_problems(holding.block, ctx.year, "the reported year")
        if problems:
            findings.append(ctx.finding("X14", f"{holding_label(holding)}: {'; '.join(problems)}", holding.source))
    return findings


def _vintage_problems(block: ItmoBlock, year: int, what: str) -> list[str]:
    if block.vintage < FIRST_ARTICLE6_VINTAGE:
        return [f"vintage {block.vintage} is before {FIRST_ARTICLE6_VINTAGE}"]
    if block.vintage > year:
        return [f"vintage {block.vintage} is after {what} {year}"]
    return []


def check_conditional_fields(ctx: CheckContext) -> list[AefFinding]:
    """X7: the conditional fields of Tables 2, 3 and 4 are filled exactly when their condition holds (§4.4)."""
    findings = []
    for auth in ctx.report.authorizations:
        problems = _authorization_problems(auth)
        if problems:
            findings.append(ctx.finding("X7", f"authorization {auth.authorization_id} version {auth.version}: "
                                        + "; ".join(problems), auth.source))
    for row in ctx.report.actions:
        if _plainly_fine(row):
            continue
        problems = _action_problems(ctx, row) + _non_ghg_problems(row.block)
        if problems:
            findings.append(ctx.finding("X7", f"{action_label(row)}: {'; '.join(problems)}", row.source))
    for holding in ctx.report.holdings:
        problems = _non_ghg_problems(holding.block)
        if problems:
            findings.append(ctx.finding("X7", f"{holding_label(holding)}: {'; '.join(problems)}", holding.source))
    return findings


def _authorization_problems(auth: AuthorizationRow) -> list[str]:
    problems = []
    if (auth.metric is Metric.NON_GHG) != given(auth.non_ghg_metric):
        problems.append("the non-GHG metric is given exactly when the metric is non-GHG")
    if auth.purposes.allows_oimp and not given(auth.oimp_authorized):
        problems.append(f"purpose {auth.purposes.value} authorizes OIMP but does not say which (OIMP authorized)")
    if not auth.purposes.allows_oimp:
        if given(auth.oimp_authorized):
            problems.append(f"OIMP authorized ({auth.oimp_authorized}) without an OIMP purpose")
        if auth.first_transfer_definition is not None and auth.first_transfer_definition.is_oimp_choice:
            problems.append(f"first-transfer definition for OIMP {auth.first_transfer_definition.value!r}"
                            " without an OIMP purpose")
    return problems


_PLAIN: dict[ActionType, frozenset[tuple[bool, ...]]] = {
    ActionType.AUTHORIZATION: frozenset({(False,) * 6}),
    ActionType.FIRST_TRANSFER: frozenset({(False, True, False, False, False, False)}),
    ActionType.TRANSFER: frozenset({(False, True, False, False, False, False)}),
    ActionType.ACQUISITION: frozenset({(True, False, False, False, False, False)}),
    ActionType.USE: frozenset({(False, False, True, False, False, False)}),
    ActionType.CANCELLATION: frozenset({(False,) * 6}),
    ActionType.VOLUNTARY_CANCELLATION: frozenset({(False,) * 6}),
}
"""Which conditional fields (transferring, acquiring, NDC use year, OIMP purpose, using Party, using entity)
a row of each type may carry with nothing more to look at: the common rows, passed without further work."""


def _plainly_fine(row: ActionRow) -> bool:
    """A fast path for X7: a GHG row whose filled conditional fields are one of its type's plain patterns."""
    block = row.block
    if block.metric is not Metric.GHG or block.non_ghg_metric is not None or block.quantity_non_ghg is not None:
        return False
    if row.subtype in OIMP_EVENTS:
        return False  # an OIMP first transfer: its OIMP purpose is looked at below
    values = (row.transferring_party, row.acquiring_party, row.ndc_use_year, row.oimp_purpose, row.using_party,
              row.using_entity)
    if tuple(v is not None for v in values) not in _PLAIN[row.action_type]:
        return False
    return all(v is None or given(v) for v in values)


def _action_problems(ctx: CheckContext, row: ActionRow) -> list[str]:
    kind = row.action_type
    problems = []
    if (kind is ActionType.ACQUISITION) != given(row.transferring_party):
        problems.append("the transferring Party is given only for an Acquisition, and always for one")
    acquiring_required = kind is ActionType.TRANSFER or (
        kind is ActionType.FIRST_TRANSFER and row.subtype not in OIMP_EVENTS)
    acquiring_allowed = kind in (ActionType.TRANSFER, ActionType.FIRST_TRANSFER)
    if given(row.acquiring_party) and not acquiring_allowed:
        problems.append(f"an acquiring Party on a {kind.value!r} row")
    elif acquiring_required and not given(row.acquiring_party):
        problems.append(f"a {kind.value!r} row needs the acquiring Party")
    if given(row.ndc_use_year) and kind is not ActionType.USE:
        problems.append(f"an NDC use year on a {kind.value!r} row")
    oimp_group = [name for name, value in (("OIMP purpose", row.oimp_purpose), ("using Party", row.using_party),
                                           ("using entity", row.using_entity)) if given(value)]
    if oimp_group and kind not in _OIMP_GROUP_ALLOWED:
        problems.append(f"{', '.join(oimp_group)} on a {kind.value!r} row")
    elif kind is ActionType.USE:
        if given(row.ndc_use_year) == given(row.oimp_purpose):
            problems.append("a Use is towards the NDC (use year) or for OIMP (OIMP purpose): exactly one")
        elif given(row.ndc_use_year) and oimp_group:
            problems.append(f"{', '.join(oimp_group)} on a use towards the NDC")
        elif given(row.oimp_purpose) and not (given(row.using_party) or given(row.using_entity)):
            problems.append("a use for OIMP names the using Party or the using authorized entity")
    elif oimp_group and (auth := ctx.authorization(row, row.action_date)) is not None \
            and not auth.purposes.allows_oimp:
        problems.append(f"{', '.join(oimp_group)} although authorization {auth.authorization_id} has no OIMP purpose")
    if kind is ActionType.FIRST_TRANSFER and row.subtype in OIMP_EVENTS and not given(row.oimp_purpose):
        problems.append(f"a first transfer by an OIMP event ({row.subtype.value}) names the OIMP purpose")
    return problems


def _non_ghg_problems(block: ItmoBlock) -> list[str]:
    non_ghg = block.metric is Metric.NON_GHG
    if non_ghg != given(block.non_ghg_metric) or non_ghg != (block.quantity_non_ghg is not None):
        return ["the non-GHG metric and quantity are given exactly when the metric is non-GHG"]
    return []


def _blocks(ctx: CheckContext) -> Iterator[ActionRow | HoldingRow]:
    yield from ctx.report.actions
    yield from ctx.report.holdings
