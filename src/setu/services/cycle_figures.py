"""The rules of the three actions that carry figures, run after `check_action` has passed.

- SUBMIT_MONITORING_REPORT claims its meters and facilities: the subjects are locked (one lock row each,
  in sorted order) before the stored claims on them are read, so of two reports racing for one meter
  the second waits, then sees the first's claim and is refused DOUBLE_CLAIM. A withdrawn project's
  claims on periods never issued are released.
- VERIFY may confirm at most the ER the report stated, vintage by vintage (VERIFIED_EXCEEDS_REPORTED).
- DECIDE_ISSUANCE may decide at most the verified ER (ISSUANCE_EXCEEDS_VERIFIED), with an allocation
  form that sums to 100 % and names existing holding accounts, none of them closed (ALLOCATION_INVALID:
  a decision is final, and one naming a closed account could never be issued), under a decision
  id no other period has used (DECISION_ALREADY_USED). The decision is recorded in `period_issuance`,
  the row ISSUE later fills in once.
"""

from __future__ import annotations

from datetime import datetime

from setu.domain.accounts import MOVEMENT_RULES, AccountStatus, TransactionType
from setu.domain.codes import AccountId
from setu.domain.cycle.allocation import AllocationError
from setu.domain.cycle.chain import project_stream
from setu.domain.cycle.claims import Claim, check_claims
from setu.domain.cycle.history import ProjectHistory, fold
from setu.domain.cycle.issuance_plan import PeriodIssuance
from setu.domain.cycle.issuance_rules import check_decided_amounts
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import IssuanceDecision, MonitoringDetails, VerificationDetails
from setu.domain.cycle.states import ProjectState
from setu.domain.journal import format_instant
from setu.services.cycle_execution import check, refuse
from setu.services.ports import UnitOfWork


def claim_monitoring(
    uow: UnitOfWork, project_id: str, period_id: str, details: MonitoringDetails, public_input_days: int
) -> None:
    """Record the report's claims, or refuse DOUBLE_CLAIM naming the claim it overlaps.

    Claims of a withdrawn project's periods that were never issued no longer count: no credit exists for
    them and none can (the project is terminal). An issued period's claims count for good.
    """
    claims = [Claim(project_id, period_id, c.subject, c.start, c.end) for c in details.claims]
    existing = uow.cycle.lock_claims(c.subject for c in claims)
    withdrawn: dict[str, bool] = {}
    live = [c for c in existing if not _released(uow, c, withdrawn, public_input_days)]
    check(check_claims(claims, live))
    uow.cycle.add_claims(claims)


def _released(uow: UnitOfWork, claim: Claim, withdrawn: dict[str, bool], public_input_days: int) -> bool:
    """True when `claim` belongs to a withdrawn project's period that was never issued.

    Read without locks: a withdrawal still in flight is not yet seen, so the claim still counts (the safe
    side), and a withdrawn project never becomes active again."""
    if claim.project_id not in withdrawn:
        record = uow.cycle.project(claim.project_id, lock=False)
        state = fold(record, uow.cycle.entries(project_stream(record.id)), public_input_days).view.state \
            if record is not None else None
        withdrawn[claim.project_id] = state is ProjectState.WITHDRAWN
    if not withdrawn[claim.project_id]:
        return False
    stored = uow.cycle.period_issuance(claim.project_id, claim.period_id, lock=False)
    return stored is None or stored.issued_at is None


def check_verification(history: ProjectHistory, period_id: str, details: VerificationDetails) -> None:
    """Each verified vintage was reported, and no higher than reported."""
    reported = dict(history.figures_for(period_id).reported_t)
    for vintage, tonnes in details.verified_t:
        if vintage not in reported:
            raise refuse(CycleCode.VERIFIED_EXCEEDS_REPORTED, f"vintage {vintage} is not in the monitoring report of {period_id}")
        if tonnes > reported[vintage]:
            raise refuse(CycleCode.VERIFIED_EXCEEDS_REPORTED,
                         f"vintage {vintage}: {tonnes} t verified, only {reported[vintage]} t reported")


def record_decision(
    uow: UnitOfWork, history: ProjectHistory, period_id: str, decision: IssuanceDecision, now: datetime
) -> None:
    """Check the decision against the verified ER and the ledger's accounts, then record it for ISSUE."""
    check(check_decided_amounts(dict(history.figures_for(period_id).verified_t), dict(decision.decided_t)))
    try:
        decision.allocation.check()
    except AllocationError as problem:
        raise refuse(CycleCode.ALLOCATION_INVALID, str(problem)) from None
    # Shared locks: an account being closed now (update lock) is read after its closure, and one not yet
    # being closed waits for this decision, which it then sees (registry_admin._awaited_by).
    accounts = uow.ledger.accounts([AccountId(s.account) for s in decision.allocation.shares], lock=True)
    receivers = MOVEMENT_RULES[TransactionType.ISSUANCE].receivers
    for share in decision.allocation.shares:
        account = accounts.get(AccountId(share.account))
        if account is None:
            raise refuse(CycleCode.ALLOCATION_INVALID, f"{share.recipient}: account {share.account} does not exist")
        if account.type not in receivers:
            raise refuse(CycleCode.ALLOCATION_INVALID,
                         f"{share.recipient}: {share.account} is a {account.type.value} account; credits are issued"
                         " into holding accounts")
        if account.status is AccountStatus.CLOSED:  # final: a decision naming it could never be issued
            raise refuse(CycleCode.ALLOCATION_INVALID, f"{share.recipient}: account {share.account} is closed")
    uow.ledger.claim_decision_id(decision.decision_id)
    if uow.ledger.decision_id_used(decision.decision_id):
        raise refuse(CycleCode.DECISION_ALREADY_USED, f"decision {decision.decision_id} already issued units in the"
                     " ledger outside the cycle (`setu issue`); a Joint Committee decision is issued by the cycle"
                     " alone")
    record = PeriodIssuance(history.record.id, period_id, decision, format_instant(now))
    if not uow.cycle.add_period_issuance(record):
        raise refuse(CycleCode.DECISION_ALREADY_USED, f"decision {decision.decision_id} is already recorded for another period")
