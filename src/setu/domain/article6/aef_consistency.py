"""The AEF cross-record checks X1-X18 (`article6.md` §8.3) on report values, with no workbook in sight.

`check_consistency(report)` checks one Party's annual information; `previous` (the same Party's report
of the year before) adds the roll-forward and the checks that need last year's holdings and actions
(X5, X6, X11, X12, X15, X16); `counterpart` (the other Party's report of the same year) adds the
bilateral match X13, the counterpart's Table 2 for the authorizations of units it first transferred
(X1, X7, X15, X17), and units held by both Parties at 31 December (X4).

Checks that cannot be decided from the given reports are skipped, never guessed: an action on units
another Party first transferred is checked against that Party's Table 2 only when it is the counterpart.
X9 (CARP placeholders) is a property of the workbook and is reported by its reader.

The interval checks sort and sweep per serial space, so a report of a million action rows is checked in
O(n log n). Where the checks live: `aef_consistency_rows` (X1-X3, X7, X8, X10, X14), `…_blocks` (X4-X6,
X11), `…_first_transfer` (X12, X18), `…_bilateral` (X13), `…_authorizations` (X15, X17),
`…_holdings` (X16, with the conservation rule).
"""

from __future__ import annotations

from setu.domain.article6.aef_consistency_authorizations import (
    check_authorized_use,
    check_first_transfer_definitions,
)
from setu.domain.article6.aef_consistency_bilateral import check_bilateral
from setu.domain.article6.aef_consistency_blocks import (
    check_block_invariants,
    check_consumed_not_held,
    check_overlapping_holdings,
    consumption_conflicts,
    consumption_findings,
)
from setu.domain.article6.aef_consistency_context import RULE_CODES, CheckContext
from setu.domain.article6.aef_consistency_first_transfer import check_first_transfer_state
from setu.domain.article6.aef_consistency_holdings import (
    HoldingsBalance,
    HoldingsKey,
    check_roll_forward,
    roll_forward,
)
from setu.domain.article6.aef_consistency_rows import (
    check_authorizations_exist,
    check_conditional_fields,
    check_entities_exist,
    check_periods,
    check_quantities,
    check_ranges,
    check_subtypes,
)
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import AefReport

__all__ = ["RULE_CODES", "HoldingsBalance", "HoldingsKey", "check_consistency", "roll_forward"]


def check_consistency(
    report: AefReport,
    *,
    previous: AefReport | None = None,
    counterpart: AefReport | None = None,
    finalization: bool = False,
) -> list[AefFinding]:
    """Every cross-record inconsistency of `report`, ordered by rule (X1 … X18), then by row.

    `previous` must be the same Party's report for the year before and `counterpart` another Party's
    report (a ValueError otherwise: passing the wrong report is a caller's mistake, not a finding).
    X13 findings are warnings unless `finalization`, when they are errors. Each finding carries the
    vocabulary code of its rule (`RULE_CODES`), a message naming the row's identifiers, and the row's
    `source` as its location.
    """
    _check_companions(report, previous, counterpart)
    ctx = CheckContext.build(report, previous, counterpart, finalization)
    consumed = consumption_conflicts(ctx)
    findings = [
        *check_authorizations_exist(ctx),
        *check_entities_exist(ctx),
        *check_ranges(ctx),
        *check_overlapping_holdings(ctx),
        *check_consumed_not_held(ctx),
        *check_block_invariants(ctx),
        *check_conditional_fields(ctx),
        *check_subtypes(ctx),
        *check_quantities(ctx),
        *consumption_findings(ctx, consumed),
        *check_first_transfer_state(ctx, consumed),
        *check_bilateral(ctx),
        *check_periods(ctx),
        *check_authorized_use(ctx),
        *check_roll_forward(ctx),
        *check_first_transfer_definitions(ctx),
    ]
    return sorted(findings, key=lambda finding: int(finding.rule[1:]))


def _check_companions(report: AefReport, previous: AefReport | None, counterpart: AefReport | None) -> None:
    party, year = report.submission.party, report.submission.reported_year
    if previous is not None and (previous.submission.party, previous.submission.reported_year) != (party, year - 1):
        raise ValueError(f"previous: expected {party}'s report for {year - 1}, got"
                         f" {previous.submission.party}'s for {previous.submission.reported_year}")
    if counterpart is not None and counterpart.submission.party == party:
        raise ValueError(f"counterpart: expected another Party's report than {party}'s")
