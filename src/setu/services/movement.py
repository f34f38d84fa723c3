"""Move units between accounts of one registry: transfer, retirement, cancellation.

The three share one use case; the transaction type decides which account types may send and receive
(`MOVEMENT_RULES`). Order of work: check the request and its accounts, lock and plan the blocks, apply
the plan, append to the journal. Nothing is written until every rule has passed.
"""

from __future__ import annotations

from setu.domain.accounts import Account, TransactionType
from setu.domain.blocks import UnitBlock
from setu.domain.checks import check_move
from setu.domain.journal import range_to_json
from setu.domain.movement_plan import MovePlan, plan_by_quantity, plan_by_serials
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, Rejection, RejectionCode, reject
from setu.domain.requests import BySerials, Move
from setu.services.execution import execute
from setu.services.journaling import append_event
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


def move(new_uow: UnitOfWorkFactory, request: Move) -> Outcome:
    """Run a transfer, retirement or cancellation (by `request.transaction_type`)."""
    if request.transaction_type is TransactionType.ISSUANCE:
        raise ValueError("issuance is not a movement; use setu.services.issuance.issue")
    return execute(new_uow, request, _move)


def _move(uow: UnitOfWork, request: Move) -> Outcome:
    ledger = uow.ledger
    # Lock both accounts in id order (no deadlock between A->B and B->A): the source exclusively, so
    # debits from one account run one at a time and each pick sees every committed block; the
    # destination shared, so it cannot be closed or suspended under us while others credit it too.
    accounts = {}
    for account_id in sorted({request.source, request.destination}):
        accounts |= ledger.accounts([account_id], lock=True, exclusive=account_id == request.source)
    source, destination = accounts.get(request.source), accounts.get(request.destination)
    # Two accounts found in the request's registry prove it exists (foreign key); else look it up.
    registry_exists = (source is not None and source.registry == request.registry) or (
        ledger.registry(request.registry) is not None
    )
    if (rejection := check_move(request, registry_exists, source, destination)) is not None:
        raise Rejected(rejection)
    assert source is not None and destination is not None
    plan = _plan(uow, request, source, destination)
    if isinstance(plan, Rejection):
        raise Rejected(plan)
    if destination.type.is_terminal and (authorized := _authorized_piece(plan, destination)) is not None:
        raise reject(
            RejectionCode.FIRST_TRANSFER_STATE,
            f"serials {authorized.serials} are authorized under {authorized.attributes.authorization_id}; they are"
            " used or cancelled through Article 6 actions (`setu a6 use` / `setu a6 cancel`) so the AEF records them",
        )
    ledger.apply_changes(plan.changes)
    entry = append_event(
        uow, request.registry, request.idempotency_key,
        {
            "event": request.transaction_type.value,
            "source": source.id,
            "destination": destination.id,
            "ranges": [range_to_json(r) for r in plan.moved],
        },
    )
    return Outcome(request.idempotency_key, transaction_id=entry.transaction_id, ranges=plan.moved)


def _authorized_piece(plan: MovePlan, destination: Account) -> UnitBlock | None:
    """A moved piece under an Article 6 authorization, if any."""
    return next((p for c in plan.changes for p in c.pieces
                 if p.account_id == destination.id and p.attributes.authorization_id is not None), None)


def _plan(uow: UnitOfWork, request: Move, source: Account, destination: Account) -> MovePlan | Rejection:
    """Lock the candidate blocks and plan the movement, or say which unit rule refuses it."""
    ledger, selection = uow.ledger, request.selection
    if isinstance(selection, BySerials):
        blocks = ledger.blocks_overlapping(selection.serials, lock=True)
        holders = ledger.accounts({b.account_id for b in blocks} - {source.id}, lock=False)
        holders[source.id] = source
        return plan_by_serials(blocks, selection, source.id, destination.id, lambda a: holders[a].type.is_terminal)
    blocks = ledger.blocks_for_quantity(source.id, selection, lock=True)
    return plan_by_quantity(blocks, selection.quantity, source.id, destination.id)
