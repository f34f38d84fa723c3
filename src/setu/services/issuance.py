"""Issue new units into a holding account, numbered from the registry's next free serials.

`issue` is the use case: its own unit of work, idempotent per key. `issue_within` runs the same issuance
inside a caller's unit of work (the project cycle issues every share of a period in one transaction) and
records its outcome under its key, exactly as `issue` would have; the caller commits or rolls back.
"""

from __future__ import annotations

import json

from setu.domain.blocks import SerialSpace, UnitAttributes, UnitBlock
from setu.domain.checks import check_issue, check_issue_request
from setu.domain.codes import SerialNumber
from setu.domain.decisions import DecisionRecord
from setu.domain.journal import attributes_to_json
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, Rejection, RejectionCode
from setu.domain.requests import Issue
from setu.services.execution import check_idempotency_key, execute, request_hash
from setu.services.journaling import append_event
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


def issue(new_uow: UnitOfWorkFactory, request: Issue) -> Outcome:
    """Issue `request.quantity` units as one block; refuse anything above the decided amount, and any
    decision id that names a Joint Committee decision the project cycle recorded (its `ISSUE` issues it)."""
    return execute(new_uow, request, _issue_by_hand)


def _issue_by_hand(uow: UnitOfWork, request: Issue) -> Outcome:
    if isinstance(request.decision_id, str):  # a malformed id is check_issue_request's to refuse
        uow.ledger.claim_decision_id(request.decision_id)
        if uow.cycle.decision_recorded(request.decision_id):
            raise Rejected(Rejection(RejectionCode.REFERENCE_INVALID, (
                f"decision {request.decision_id} is a Joint Committee decision recorded in the project cycle;"
                " its shares are issued by the cycle's ISSUE action (`setu cycle act ... ISSUE`), not by hand")))
    return _issue(uow, request)


def issue_within(uow: UnitOfWork, request: Issue) -> Outcome:
    """Issue inside `uow` and remember the outcome under the request's key; raise `Rejected` on any broken
    rule (including a key already used), leaving the rollback to the caller. Never commits."""
    key = check_idempotency_key(request.idempotency_key, setu_made=True)
    used = Rejected(Rejection(RejectionCode.DUPLICATE_TRANSACTION_ID,
                              f"idempotency key {key!r} was already used in {request.registry}"))
    if uow.ledger.find_outcome(request.registry, key) is not None:
        raise used
    outcome = _issue(uow, request)
    if not uow.ledger.record_outcome(request.registry, key, request_hash(request), json.dumps(outcome.to_json())):
        raise used  # taken by a concurrent transaction since we looked
    return outcome


def _issue(uow: UnitOfWork, request: Issue) -> Outcome:
    if (shape := check_issue_request(request)) is not None:
        raise Rejected(shape)
    ledger = uow.ledger
    registry = ledger.registry(request.registry)
    account = ledger.accounts([request.account], lock=True).get(request.account)
    space = SerialSpace(request.registry, request.vintage_year)
    decision, next_serial = None, 1
    if registry is not None:
        # Created on first use and locked, so two issuances under one decision or in one serial space
        # serialize here. A rejection rolls the creation back.
        decision = ledger.lock_decision(registry.code, request.decision_id, request.project_id, request.decided_quantity)
        next_serial = ledger.lock_serial_space(space)
    if (rejection := check_issue(request, registry, account, decision, next_serial)) is not None:
        raise Rejected(rejection)
    assert registry is not None and account is not None
    attributes = UnitAttributes(
        unit_kind=request.unit_kind,
        cooperative_approach_id=request.cooperative_approach_id,
        originating_registry=registry.code,
        first_transferring_party=request.first_transferring_party or registry.party,
        vintage_year=request.vintage_year,
        project_id=request.project_id,
        monitoring_period_id=request.monitoring_period_id,
    )
    block = UnitBlock(account.id, attributes, SerialNumber(next_serial), SerialNumber(next_serial + request.quantity - 1))
    ledger.set_next_serial(space, block.serial_last + 1)
    ledger.add_block(block)
    assert decision is not None
    issued = decision.issued_quantity + request.quantity
    ledger.save_decision(
        DecisionRecord(registry.code, request.decision_id, request.project_id, request.decided_quantity, issued)
    )
    entry = append_event(
        uow, registry.code, request.idempotency_key,
        {
            "event": "issuance",
            "account": account.id,
            "decision_id": request.decision_id,
            "decided_quantity": request.decided_quantity,
            "attributes": attributes_to_json(attributes),
            "first": block.serial_first,
            "last": block.serial_last,
        },
    )
    return Outcome(request.idempotency_key, transaction_id=entry.transaction_id, ranges=(block.serials,))
