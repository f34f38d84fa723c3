"""ISSUE: every share of a period's JC decision issued through the registry core, in one transaction.

Each share is an ordinary registry-core issuance (`issuance.issue_within`): JCM credits of the
cooperative approach, first-transferring Party India, the project and period as attributes, the JC
decision id with the registry's total under it as the decided quantity, and a ledger idempotency key
derived from (project, period, vintage, form position), under which its outcome is stored as if it had
been sent alone. Any refusal, for any share, refuses the whole ISSUE (`ISSUANCE_REFUSED`, naming the
share and the ledger's code) and the caller's transaction rolls back: every share is issued or none.

Lock order, so that issuing many shares never deadlocks with single issuances, transfers or another
period's ISSUE: the project row (taken by the caller), then every destination account (shared, in id
order), then per registry in code order its decision row and its serial spaces in vintage order, and
only then, share by share, the registries' journal heads (in code order too, as the plan is sorted).
A single issuance takes account, decision, space, head; a transfer accounts, blocks, head: neither
ever waits for a lock this transaction takes earlier while holding one it takes later.
"""

from __future__ import annotations

from datetime import datetime

from setu.domain.blocks import SerialSpace, UnitKind
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.cycle.history import ProjectHistory
from setu.domain.cycle.issuance_plan import (
    COOPERATIVE_APPROACH,
    HOST_PARTY,
    IssuedShare,
    PlannedShare,
    jcm_credit_serial,
    plan_issuance,
)
from setu.domain.cycle.rejections import CycleCode
from setu.domain.journal import format_instant
from setu.domain.rejections import Rejected
from setu.domain.requests import Issue
from setu.services.cycle_execution import refuse
from setu.services.issuance import issue_within
from setu.services.ports import UnitOfWork


def issue_period(uow: UnitOfWork, history: ProjectHistory, period_id: str, now: datetime) -> tuple[IssuedShare, ...]:
    """Issue every share of the period's recorded decision inside `uow`; raise `CycleRejected` on any refusal."""
    project_id = history.record.id
    stored = uow.cycle.period_issuance(project_id, period_id, lock=True)
    if stored is None:  # the period is ISSUANCE_DECIDED only through DECIDE_ISSUANCE, which records it
        raise RuntimeError(f"period {period_id} of {project_id} is decided but its decision is not recorded")
    if stored.issued_at is not None:
        raise refuse(CycleCode.PERIOD_ALREADY_ISSUED, f"period {period_id} of {project_id} was issued at {stored.issued_at}")
    decision = stored.decision
    plan = plan_issuance(project_id, period_id, decision)
    _lock_in_order(uow, plan, decision.decision_id, project_id)
    issued: list[IssuedShare] = []
    for share in plan:
        request = Issue(
            share.idempotency_key, RegistryCode(share.registry), AccountId(share.account), share.quantity_t,
            UnitKind.JCM_CREDIT, COOPERATIVE_APPROACH, share.vintage_year, project_id, period_id,
            decision.decision_id, share.decided_in_registry_t, HOST_PARTY,
        )
        try:
            outcome = issue_within(uow, request)
        except Rejected as refused:
            raise refuse(CycleCode.ISSUANCE_REFUSED,
                         f"{share.recipient}'s {share.vintage_year} share of {share.quantity_t} t into {share.account}:"
                         f" {refused.rejection}") from None
        serials = outcome.ranges[0]
        issued.append(IssuedShare(
            share.recipient, share.registry, share.account, share.vintage_year, share.quantity_t,
            outcome.transaction_id or "", serials.first, serials.last,
            jcm_credit_serial(project_id, period_id, share.registry, share.vintage_year, serials.first, serials.last),
        ))
    uow.cycle.mark_issued(project_id, period_id, format_instant(now), issued)
    return tuple(issued)


def _lock_in_order(uow: UnitOfWork, plan: tuple[PlannedShare, ...], decision_id: str, project_id: str) -> None:
    ledger = uow.ledger
    ledger.accounts([AccountId(s.account) for s in plan], lock=True)
    for registry in sorted({s.registry for s in plan}):
        code = RegistryCode(registry)
        if ledger.registry(code) is None:
            continue  # the share's issuance will say REGISTRY_NOT_FOUND; there is nothing to lock
        shares = [s for s in plan if s.registry == registry]
        ledger.lock_decision(code, decision_id, project_id, shares[0].decided_in_registry_t)
        for vintage in sorted({s.vintage_year for s in shares}):
            ledger.lock_serial_space(SerialSpace(code, vintage))
