"""Use cases that set up the ledger: create a registry, open an account, change an account's status."""

from __future__ import annotations

from setu.domain.accounts import Account, AccountStatus, Registry
from setu.domain.checks import check_create_registry, check_open_account, check_status_change
from setu.domain.codes import AccountId, account_id
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, Rejection, RejectionCode
from setu.domain.requests import ChangeAccountStatus, CreateRegistry, OpenAccount
from setu.services.execution import execute
from setu.services.journaling import append_event
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


def create_registry(new_uow: UnitOfWorkFactory, request: CreateRegistry) -> Outcome:
    """Create a national registry with an empty journal; its first entry records the creation."""
    return execute(new_uow, request, _create_registry)


def _create_registry(uow: UnitOfWork, request: CreateRegistry) -> Outcome:
    if (rejection := check_create_registry(request)) is not None:
        raise Rejected(rejection)
    if not uow.ledger.add_registry(Registry(request.registry, request.party, request.name)):
        raise Rejected(Rejection(RejectionCode.REGISTRY_ALREADY_EXISTS, f"registry {request.registry} already exists"))
    entry = append_event(
        uow, request.registry, request.idempotency_key,
        {"event": "registry-created", "party": request.party, "name": request.name},
    )
    return Outcome(request.idempotency_key, transaction_id=entry.transaction_id)


def open_account(new_uow: UnitOfWorkFactory, request: OpenAccount) -> Outcome:
    """Open an account; the registry numbers it (`IND01-1`, `IND01-2`, ...)."""
    return execute(new_uow, request, _open_account)


def _open_account(uow: UnitOfWork, request: OpenAccount) -> Outcome:
    if (rejection := check_open_account(request)) is not None:
        raise Rejected(rejection)
    if uow.ledger.registry(request.registry) is None:
        raise Rejected(Rejection(RejectionCode.REGISTRY_NOT_FOUND, f"registry {request.registry} does not exist"))
    number = uow.ledger.allocate_account_number(request.registry)
    account = Account(account_id(request.registry, number), request.registry, request.account_type,
                      AccountStatus.OPEN, request.holder)
    uow.ledger.add_account(account)
    entry = append_event(
        uow, request.registry, request.idempotency_key,
        {"event": "account-opened", "account": account.id, "account_type": account.type.value,
         "holder": account.holder},
    )
    return Outcome(request.idempotency_key, transaction_id=entry.transaction_id, account_id=account.id)


def change_account_status(new_uow: UnitOfWorkFactory, request: ChangeAccountStatus) -> Outcome:
    """Suspend, reinstate or close an account (a closed account never reopens)."""
    return execute(new_uow, request, _change_account_status)


def _change_account_status(uow: UnitOfWork, request: ChangeAccountStatus) -> Outcome:
    if uow.ledger.registry(request.registry) is None:
        raise Rejected(Rejection(RejectionCode.REGISTRY_NOT_FOUND, f"registry {request.registry} does not exist"))
    # An update lock: transfers into the account (which take shared locks) wait, so "empty" stays true.
    account = uow.ledger.accounts([request.account], lock=True, exclusive=True).get(request.account)
    holds = account is not None and uow.ledger.holds_units(account.id)
    if (rejection := check_status_change(request, account, holds, _awaited_by(uow, request.account))) is not None:
        raise Rejected(rejection)
    assert account is not None
    uow.ledger.set_account_status(account.id, request.status)
    entry = append_event(
        uow, request.registry, request.idempotency_key,
        {"event": "account-status-changed", "account": account.id, "from": account.status.value,
         "status": request.status.value},
    )
    return Outcome(request.idempotency_key, transaction_id=entry.transaction_id, account_id=account.id)


def _awaited_by(uow: UnitOfWork, account: AccountId) -> str | None:
    """The Joint Committee decision, recorded by the project cycle and not yet issued, that names the account.

    DECIDE_ISSUANCE reads the accounts it names under a shared lock and this runs under the account's
    update lock, so a decision and a closure cannot pass each other."""
    for pending in uow.cycle.period_issuances():
        if pending.issued_at is None and any(s.account == account for s in pending.decision.allocation.shares):
            return f"decision {pending.decision.decision_id} ({pending.project_id}, {pending.period_id})"
    return None
