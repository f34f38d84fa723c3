"""Pure rule checks for each request, one `if` per rule, in `RejectionCode` precedence order.

Each function sees the request and the state it needs, already loaded (and locked) by the service, and
returns the first rule broken, or `None` when every rule passes. Nothing is written before these pass.
Rules that need the unit blocks themselves live in `movement_plan.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from setu.domain.accounts import (
    MOVEMENT_RULES,
    Account,
    AccountStatus,
    AccountType,
    Registry,
    TransactionType,
)
from setu.domain.blocks import FIRST_VINTAGE_YEAR, LAST_VINTAGE_YEAR, UnitKind
from setu.domain.codes import (
    SERIAL_MAX,
    AccountId,
    RegistryCode,
    cooperative_approach_id,
    free_identifier,
    party_code,
)
from setu.domain.decisions import DecisionRecord
from setu.domain.rejections import Rejection, RejectionCode
from setu.domain.requests import BySerials, ChangeAccountStatus, CreateRegistry, Issue, Move, OpenAccount, Selection

R = RejectionCode


def is_positive_quantity(value: object) -> bool:
    """A tonne count: a true integer (not a bool, not a float) from 1 to 2**63 - 1."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SERIAL_MAX


def vintage_in_range(year: object) -> bool:
    return isinstance(year, int) and not isinstance(year, bool) and FIRST_VINTAGE_YEAR <= year <= LAST_VINTAGE_YEAR


def _account_gate(
    role: str, account_id: AccountId, account: Account | None, registry: RegistryCode
) -> Rejection | None:
    """Existence, registry and status rules shared by every account a request names."""
    if account is None:
        return Rejection(R.ACCOUNT_NOT_FOUND, f"{role} account {account_id} does not exist")
    if account.registry != registry:
        return Rejection(
            R.CROSS_REGISTRY_RULE, f"{role} account {account_id} is in {account.registry}, not in {registry}"
        )
    return None


def _status_gate(role: str, account: Account) -> Rejection | None:
    if account.status is AccountStatus.CLOSED:
        return Rejection(R.ACCOUNT_CLOSED, f"{role} account {account.id} is closed")
    if account.status is AccountStatus.SUSPENDED:
        return Rejection(R.ACCOUNT_SUSPENDED, f"{role} account {account.id} is suspended")
    return None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _type_gate(transaction: TransactionType, role: str, account: Account) -> Rejection | None:
    rule = MOVEMENT_RULES[transaction]
    sending = role == "source"
    allowed = rule.senders if sending else rule.receivers
    if account.type in allowed:
        return None
    verb = "send" if sending else "receive"
    why = " (its units are used or cancelled and never move again)" if sending and account.type.is_terminal else ""
    names = ", ".join(sorted(t.value for t in allowed)) or "none"
    return Rejection(
        R.ACCOUNT_TYPE_NOT_ALLOWED,
        f"{_article(account.type.value)} {account.type.value} account ({account.id}) may not {verb} in"
        f" {_article(transaction.value)} {transaction.value}{why};"
        f" account types that may {verb}: {names}",
    )


def _field_problem(parse: Callable[..., object], value: object, field: str) -> Rejection | None:
    """FIELD_INVALID with the parser's message when `value` does not parse as `field`."""
    try:
        parse(value, field=field)
    except (ValueError, TypeError) as exc:
        return Rejection(R.FIELD_INVALID, str(exc))
    return None


def _name_problem(field: str, value: object) -> Rejection | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 200 or not value.isprintable():
        return Rejection(R.FIELD_INVALID, f"{field} must be 1-200 printable characters, got {value!r}")
    return None


def check_create_registry(request: CreateRegistry) -> Rejection | None:
    """Shape rules for a new registry: its Party and its name.

    The registry code itself is checked by the idempotent runner, before anything is stored under it.
    """
    return _field_problem(party_code, request.party, "party") or _name_problem("name", request.name)


def check_open_account(request: OpenAccount) -> Rejection | None:
    """Shape rules for a new account."""
    return _name_problem("holder", request.holder)


def check_issue_request(request: Issue) -> Rejection | None:
    """The rules an issuance request must meet on its own, before any state is read."""
    problem = (
        _field_problem(free_identifier, request.project_id, "project_id")
        or _field_problem(free_identifier, request.monitoring_period_id, "monitoring_period_id")
        or _field_problem(free_identifier, request.decision_id, "decision_id")
        or _field_problem(cooperative_approach_id, request.cooperative_approach_id, "cooperative_approach_id")
        or (_field_problem(party_code, request.first_transferring_party, "first_transferring_party")
            if request.first_transferring_party is not None else None)
    )
    if problem is not None:
        return problem
    if not is_positive_quantity(request.quantity):
        return Rejection(R.QTY_INVALID, f"quantity {request.quantity!r} is not a positive whole number of tonnes")
    if not is_positive_quantity(request.decided_quantity):
        return Rejection(
            R.QTY_INVALID, f"decided_quantity {request.decided_quantity!r} is not a positive whole number of tonnes"
        )
    if not vintage_in_range(request.vintage_year):
        return Rejection(
            R.UNIT_TYPE_INVALID,
            f"vintage_year {request.vintage_year!r} is outside {FIRST_VINTAGE_YEAR}-{LAST_VINTAGE_YEAR}",
        )
    if request.unit_kind is UnitKind.ITMO:
        return Rejection(
            R.UNIT_TYPE_INVALID, "units cannot be issued as ITMOs: a unit becomes an ITMO at its first transfer"
        )
    return None


def check_issue(
    request: Issue, registry: Registry | None, account: Account | None, decision: DecisionRecord | None,
    next_serial: int,
) -> Rejection | None:
    """Rules for issuing new units into a holding account under a decision.

    `decision` is the stored record of the decision (None before its first issuance).
    """
    if (shape := check_issue_request(request)) is not None:
        return shape
    if registry is None:
        return Rejection(R.REGISTRY_NOT_FOUND, f"registry {request.registry} does not exist")
    if (gate := _account_gate("destination", request.account, account, request.registry)) is not None:
        return gate
    assert account is not None  # narrowed by _account_gate
    if (gate := _status_gate("destination", account)) is not None:
        return gate
    if (gate := _type_gate(TransactionType.ISSUANCE, "destination", account)) is not None:
        return gate
    if decision is not None and (
        decision.decided_quantity != request.decided_quantity or decision.project_id != request.project_id
    ):
        return Rejection(
            R.REFERENCE_INVALID,
            f"decision {request.decision_id} was recorded for project {decision.project_id} with"
            f" {decision.decided_quantity} t; this request says project {request.project_id} with"
            f" {request.decided_quantity} t",
        )
    issued = decision.issued_quantity if decision is not None else 0
    if issued + request.quantity > request.decided_quantity:
        return Rejection(
            R.LIMIT_EXCEEDED,
            f"issuing {request.quantity} t under decision {request.decision_id} would make"
            f" {issued + request.quantity} t, above the {request.decided_quantity} t decided"
            f" ({request.decided_quantity - issued} t remain)",
        )
    if next_serial + request.quantity > SERIAL_MAX:  # the stored next serial must fit in 64 bits too
        return Rejection(R.LIMIT_EXCEEDED, f"serial space {request.registry}/{request.vintage_year} is exhausted")
    return None


def check_selection(selection: Selection) -> Rejection | None:
    """Shape rules for the units a request picks: a positive range or quantity, a vintage in range."""
    if isinstance(selection, BySerials):
        s = selection.serials
        if not (is_positive_quantity(s.first) and is_positive_quantity(s.last) and s.first <= s.last):
            return Rejection(R.QTY_INVALID, f"serial range {s.first!r}-{s.last!r} is not a range of positive serials")
    elif not is_positive_quantity(selection.quantity):
        return Rejection(R.QTY_INVALID, f"quantity {selection.quantity!r} is not a positive whole number of tonnes")
    if isinstance(selection, BySerials):
        if not vintage_in_range(selection.serials.space.vintage_year):
            return Rejection(R.UNIT_TYPE_INVALID, f"vintage_year {selection.serials.space.vintage_year!r} is out of range")
    elif selection.vintage_year is not None and not vintage_in_range(selection.vintage_year):
        return Rejection(R.UNIT_TYPE_INVALID, f"vintage_year {selection.vintage_year!r} is out of range")
    return None


def check_move(
    request: Move, registry_exists: bool, source: Account | None, destination: Account | None
) -> Rejection | None:
    """Rules on the request and its two accounts for a transfer, retirement or cancellation."""
    if (problem := check_selection(request.selection)) is not None:
        return problem
    if not registry_exists:
        return Rejection(R.REGISTRY_NOT_FOUND, f"registry {request.registry} does not exist")
    named = (("source", request.source, source), ("destination", request.destination, destination))
    # Rule by rule across both accounts: existence of both before registry membership of either.
    for role, account_id, account in named:
        if account is None:
            return _account_gate(role, account_id, account, request.registry)
    for role, account_id, account in named:
        if (gate := _account_gate(role, account_id, account, request.registry)) is not None:
            return gate
    assert source is not None and destination is not None  # narrowed above
    if source.id == destination.id:
        return Rejection(R.SAME_ACCOUNT, f"source and destination are the same account ({source.id})")
    return _pair_gates(request.transaction_type, source, destination)


def _pair_gates(transaction: TransactionType, source: Account, destination: Account) -> Rejection | None:
    """Status, then account-type rules across both accounts of a movement, source first."""
    pair = (("source", source), ("destination", destination))
    for status in (AccountStatus.CLOSED, AccountStatus.SUSPENDED):  # closed outranks suspended
        for role, account in pair:
            if account.status is status:
                return _status_gate(role, account)
    for role, account in pair:
        if (gate := _type_gate(transaction, role, account)) is not None:
            return gate
    return None


_STATUS_MOVES = {
    AccountStatus.OPEN: {AccountStatus.SUSPENDED, AccountStatus.CLOSED},
    AccountStatus.SUSPENDED: {AccountStatus.OPEN, AccountStatus.CLOSED},
    AccountStatus.CLOSED: set(),
}


def check_status_change(
    request: ChangeAccountStatus, account: Account | None, holds_units: bool, awaited_by: str | None = None
) -> Rejection | None:
    """Rules for suspending, reinstating and closing an account.

    A holding account closes only when empty; a terminal account may close with its consumed units in it
    (closing only stops it receiving more). No account closes while a recorded issuance decision
    (`awaited_by` describes it) is still to issue into it: the decision could never be issued.
    """
    if (gate := _account_gate("the", request.account, account, request.registry)) is not None:
        return gate
    assert account is not None
    if account.status is AccountStatus.CLOSED:
        return Rejection(R.ACCOUNT_CLOSED, f"account {account.id} is closed; a closed account never reopens")
    if request.status not in _STATUS_MOVES[account.status]:
        return Rejection(R.ACCOUNT_STATUS_UNCHANGED, f"account {account.id} is already {account.status.value}")
    if request.status is AccountStatus.CLOSED and holds_units and account.type in (
        AccountType.PARTY_HOLDING, AccountType.ENTITY_HOLDING
    ):
        return Rejection(R.ACCOUNT_NOT_EMPTY, f"account {account.id} still holds units; transfer them before closing")
    if request.status is AccountStatus.CLOSED and awaited_by is not None:
        return Rejection(R.ACCOUNT_NOT_EMPTY, f"account {account.id} is to receive the credits of {awaited_by}, not yet"
                         " issued; close it after the issuance")
    return None


def check_transfer_between_registries(
    selection: Selection, registry: RegistryCode, registry_exists: bool,
    named: tuple[tuple[AccountId, Account | None], tuple[AccountId, Account | None]],
) -> Rejection | None:
    """Rules on the request and its two accounts for a transfer from `registry` to another registry.

    `named` is ((source id, source), (destination id, destination)). The same rules as `check_move`, except
    that the destination must be in a different registry.
    """
    if (problem := check_selection(selection)) is not None:
        return problem
    if not registry_exists:
        return Rejection(R.REGISTRY_NOT_FOUND, f"registry {registry} does not exist")
    roles = (("source", *named[0]), ("destination", *named[1]))
    for role, account_id, account in roles:
        if account is None:
            return _account_gate(role, account_id, account, registry)
    (_, source), (_, destination) = named
    assert source is not None and destination is not None
    if (gate := _account_gate("source", source.id, source, registry)) is not None:
        return gate
    if destination.registry == registry:
        return Rejection(R.CROSS_REGISTRY_RULE, f"destination account {destination.id} is in {registry} too; a"
                         " transfer within one registry is `setu transfer`, not a transfer between Parties")
    return _pair_gates(TransactionType.TRANSFER, source, destination)


def check_holding_account(registry: RegistryCode, account_id: AccountId, account: Account | None) -> Rejection | None:
    """An account units are acted on in place (an Article 6 authorization): exists, in `registry`, open,
    and of a type that holds units."""
    if (gate := _account_gate("the", account_id, account, registry)) is not None:
        return gate
    assert account is not None
    return _status_gate("the", account) or _type_gate(TransactionType.TRANSFER, "source", account)
