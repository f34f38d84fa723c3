"""Article 6 actions on units as use cases: authorize, transfer to another Party, use or cancel.

Each is one transaction, once per idempotency key. Order of work, as in `movement.py`: check the request
and its accounts, lock and plan the blocks, decide with `unit_rules` (which may refuse), apply, update
the authorization's running totals, and journal. A transfer between Parties appends two entries in one
transaction: the sending registry's (`First transfer` or `Transfer`) and the receiving registry's
`Acquisition`, which names the sending entry. Journal heads are locked in registry-code order, so two
transfers in opposite directions cannot deadlock.
"""

from __future__ import annotations

from typing import Any

from setu.domain.accounts import Account, AccountType, TransactionType
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.participation import Standing
from setu.domain.article6.requests import AuthorizeUnits, ConsumeUnits, TransferUnits
from setu.domain.article6.settlement import SELECTED, selected_pieces, settle
from setu.domain.article6.unit_rules import (
    Article6State,
    AuthorizationTotals,
    Consumption,
    Effect,
    UnitsInHand,
    decide_authorize,
    decide_consume,
    decide_transfer,
    uniform,
)
from setu.domain.checks import (
    check_holding_account,
    check_move,
    check_selection,
    check_transfer_between_registries,
)
from setu.domain.codes import AccountId, RegistryCode, free_identifier
from setu.domain.journal import range_to_json
from setu.domain.movement_plan import MovePlan, plan_by_quantity, plan_by_serials
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, Rejection, RejectionCode, reject
from setu.domain.requests import BySerials, Move, Selection
from setu.services.execution import execute
from setu.services.journaling import append_event
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

R = RejectionCode
LAST_NDC_YEAR = 2100


def authorize_units(new_uow: UnitOfWorkFactory, request: AuthorizeUnits) -> Outcome:
    """Authorize mitigation outcomes (AEF `Authorization`; with OIMP `Authorisation`, also their first transfer)."""
    return execute(new_uow, request, _authorize)  # type: ignore[arg-type]


def transfer_units(new_uow: UnitOfWorkFactory, request: TransferUnits) -> Outcome:
    """Transfer units to another Party's registry (first transfer or transfer, and the acquisition)."""
    return execute(new_uow, request, _transfer)  # type: ignore[arg-type]


def consume_units(new_uow: UnitOfWorkFactory, request: ConsumeUnits) -> Outcome:
    """Use units towards the NDC or for OIMP, cancel them, or transfer them as a share of proceeds (the
    destination account's type says which)."""
    return execute(new_uow, request, _consume)  # type: ignore[arg-type]


# -- authorize ---------------------------------------------------------------------------------------
def _authorize(uow: UnitOfWork, r: AuthorizeUnits) -> Outcome:
    if (problem := _id_problem(r.authorization_id, "authorization_id") or check_selection(r.selection)) is not None:
        raise Rejected(problem)
    ledger = uow.ledger
    registry = ledger.registry(r.registry)
    if registry is None:
        raise reject(R.REGISTRY_NOT_FOUND, f"registry {r.registry} does not exist")
    account = ledger.accounts([r.account], lock=True, exclusive=True).get(r.account)
    if (gate := check_holding_account(r.registry, r.account, account)) is not None:
        raise Rejected(gate)
    assert account is not None
    if uow.article6.authorization(r.authorization_id, lock=False) is None:
        raise reject(R.AUTH_NOT_FOUND, f"authorization {r.authorization_id} does not exist")
    plan, units = _plan(uow, r.selection, account, authorized=False)
    # The authorization row is locked after the blocks, as transfers and uses lock them: a selection by
    # serials locks blocks other accounts hold, so the other order could deadlock with their first transfers.
    found = uow.article6.authorization(r.authorization_id, lock=True)
    assert found is not None  # authorizations are never deleted
    auth, totals = found
    effect = decide_authorize(
        units, auth, holding_party=registry.party, approaches=_parties(uow, [r.registry]), registry=r.registry,
        totals=totals, day=uow.now().date(), standings=_standings(uow, units),
    )
    if isinstance(effect, Rejection):
        raise Rejected(effect)
    ledger.apply_changes(settle(plan, account.id, effect))
    _add_totals(uow, auth, totals, units.quantity, effect, authorizing=True)
    entry = append_event(uow, r.registry, r.idempotency_key, _event("a6-authorization", account.id, account.id,
                                                                     plan, auth, effect, units))
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id, ranges=plan.moved)


# -- transfer between Parties ------------------------------------------------------------------------
def _transfer(uow: UnitOfWork, r: TransferUnits) -> Outcome:
    if r.authorization_id is not None and (problem := _id_problem(r.authorization_id, "authorization_id")):
        raise Rejected(problem)
    ledger = uow.ledger
    source, destination = _lock_pair(uow, r.source, r.destination)
    sending = ledger.registry(r.registry)
    gate = check_transfer_between_registries(
        r.selection, r.registry, sending is not None, ((r.source, source), (r.destination, destination)))
    if gate is not None:
        raise Rejected(gate)
    assert source is not None and destination is not None and sending is not None
    receiving = ledger.registry(destination.registry)
    assert receiving is not None
    plan, units = _plan(uow, r.selection, source, authorized=True, authorization_id=r.authorization_id)
    auth, totals = _authorization_of(uow, units)
    effect = decide_transfer(
        units, auth, sending_party=sending.party, acquiring_party=receiving.party,
        approaches=_parties(uow, [sending.code, receiving.code]), registries=(sending.code, receiving.code),
        totals=totals, day=uow.now().date(), standings=_standings(uow, units, receiving.party),
    )
    if isinstance(effect, Rejection):
        raise Rejected(effect)
    assert auth is not None  # unit_rules refuses units without one
    ledger.apply_changes(settle(plan, destination.id, effect))
    _add_totals(uow, auth, totals, units.quantity, effect, authorizing=False)
    for code in sorted({sending.code, receiving.code}):  # head locks in one global order
        ledger.journal_head(code, lock=True)
    event = _event("a6-transfer", source.id, destination.id, plan, auth, effect, units)
    event |= {"transferring_party": sending.party, "acquiring_party": receiving.party,
              "acquiring_registry": receiving.code}
    sent = append_event(uow, sending.code, r.idempotency_key, event)
    append_event(uow, receiving.code, f"acquisition:{sent.transaction_id}", {
        "event": "a6-acquisition", "sent_in": sent.transaction_id, "source": source.id,
        "destination": destination.id, "ranges": event["ranges"], "authorization_id": auth.authorization_id,
        "cooperative_approach_id": event["cooperative_approach_id"],
        "first_transferring_party": event["first_transferring_party"],
        "transferring_party": sending.party, "acquiring_party": receiving.party,
    })
    return Outcome(r.idempotency_key, transaction_id=sent.transaction_id, ranges=plan.moved)


# -- use and cancellation ----------------------------------------------------------------------------
_CONSUMING = {
    AccountType.RETIREMENT: TransactionType.RETIREMENT,
    AccountType.OIMP_USE: TransactionType.RETIREMENT,
    AccountType.SHARE_OF_PROCEEDS: TransactionType.SHARE_OF_PROCEEDS,
}


def _consume(uow: UnitOfWork, r: ConsumeUnits) -> Outcome:
    if (problem := _consume_shape(r)) is not None:
        raise Rejected(problem)
    ledger = uow.ledger
    source, destination = _lock_pair(uow, r.source, r.destination)
    registry = ledger.registry(r.registry)
    kind = _CONSUMING.get(destination.type, TransactionType.CANCELLATION) if destination else TransactionType.CANCELLATION
    probe = Move(r.idempotency_key, r.registry, kind, r.source, r.destination, r.selection)
    if (gate := check_move(probe, registry is not None, source, destination)) is not None:
        raise Rejected(gate)
    assert source is not None and destination is not None and registry is not None
    if (problem := _consume_fields(r, destination.type)) is not None:
        raise Rejected(problem)
    plan, units = _plan(uow, r.selection, source, authorized=True, authorization_id=r.authorization_id)
    auth, totals = _authorization_of(uow, units)
    # An entity acts under the Party that authorized it (its Table 5): another Party's entity is unknown here.
    entity = uow.article6.entity(units.attributes.cooperative_approach_id, r.using_entity) if r.using_entity else None
    entity_known = r.using_entity is None or (entity is not None and entity.party == registry.party)
    how = Consumption(destination.type, registry.party, r.ndc_year, r.oimp_purpose, r.using_entity, entity_known)
    effect = decide_consume(units, auth, how, totals=totals, day=uow.now().date(), standings=_standings(uow, units))
    if isinstance(effect, Rejection):
        raise Rejected(effect)
    assert auth is not None  # unit_rules refuses units without one
    ledger.apply_changes(settle(plan, destination.id, effect))
    _add_totals(uow, auth, totals, units.quantity, effect, authorizing=False)
    event = _event("a6-consumption", source.id, destination.id, plan, auth, effect, units)
    event |= {"account_type": destination.type.value, "ndc_year": r.ndc_year, "oimp_purpose": r.oimp_purpose,
              "using_entity": r.using_entity, "using_party": registry.party}
    entry = append_event(uow, r.registry, r.idempotency_key, event)
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id, ranges=plan.moved)


def _consume_shape(r: ConsumeUnits) -> Rejection | None:
    if r.authorization_id is not None and (problem := _id_problem(r.authorization_id, "authorization_id")):
        return problem
    if r.using_entity is not None and (problem := _id_problem(r.using_entity, "using_entity")):
        return problem
    if r.oimp_purpose is not None and (not isinstance(r.oimp_purpose, str) or not r.oimp_purpose.strip()
                                       or len(r.oimp_purpose) > 200):
        return Rejection(R.FIELD_INVALID, "oimp_purpose: 1-200 characters (for example CORSIA)")
    if r.ndc_year is not None and (isinstance(r.ndc_year, bool) or not isinstance(r.ndc_year, int)
                                   or not 2021 <= r.ndc_year <= LAST_NDC_YEAR):
        return Rejection(R.FIELD_INVALID, f"ndc_year: {r.ndc_year!r} is not a year from 2021 to {LAST_NDC_YEAR}")
    return None


def _consume_fields(r: ConsumeUnits, kind: AccountType) -> Rejection | None:
    """Which fields each kind of consumption needs, once the destination account says what it is."""
    if kind is AccountType.RETIREMENT and r.ndc_year is None:
        return Rejection(R.FIELD_INVALID, "ndc_year: use towards an NDC names the calendar year it is used for")
    if kind is AccountType.RETIREMENT and r.using_entity is not None:
        return Rejection(R.FIELD_INVALID, "using_entity: a use towards the NDC is the Party's own; entities use"
                         " or cancel for OIMP")
    if kind is not AccountType.RETIREMENT and r.ndc_year is not None:
        return Rejection(R.FIELD_INVALID, f"ndc_year: only a use towards the NDC has one (the destination is"
                         f" {kind.value})")
    if kind is AccountType.OIMP_USE and r.oimp_purpose is None:
        return Rejection(R.FIELD_INVALID, "oimp_purpose: a use for OIMP names the purpose (for example CORSIA)")
    if kind is not AccountType.OIMP_USE and r.oimp_purpose is not None:
        return Rejection(R.FIELD_INVALID, f"oimp_purpose: only a use for OIMP has one (the destination is"
                         f" {kind.value})")
    return None


# -- shared steps ------------------------------------------------------------------------------------
def _lock_pair(uow: UnitOfWork, source: AccountId, destination: AccountId) -> tuple[Account | None, Account | None]:
    """Lock both accounts in id order (no deadlock between A->B and B->A): the source exclusively, so its
    debits run one at a time, the destination shared (as `movement._move` does)."""
    accounts: dict[AccountId, Account] = {}
    for account_id in sorted({source, destination}):
        accounts |= uow.ledger.accounts([account_id], lock=True, exclusive=account_id == source)
    return accounts.get(source), accounts.get(destination)


def _id_problem(value: str, field: str) -> Rejection | None:
    try:
        free_identifier(value, field=field)
    except (ValueError, TypeError) as exc:
        return Rejection(R.FIELD_INVALID, str(exc))
    return None


def _plan(
    uow: UnitOfWork, selection: Selection, source: Account, *, authorized: bool, authorization_id: str | None = None,
) -> tuple[MovePlan, UnitsInHand]:
    """Lock and cut out the selected units for `SELECTED`; refuse unless they are all of one kind."""
    ledger = uow.ledger
    if authorization_id is not None and uow.article6.authorization(authorization_id, lock=False) is None:
        # Before the pick (AUTH_NOT_FOUND precedes the unit rules): filtering by it would find no units.
        raise reject(R.AUTH_NOT_FOUND, f"authorization_id: authorization {authorization_id} does not exist")
    if isinstance(selection, BySerials):
        blocks = ledger.blocks_overlapping(selection.serials, lock=True)
        holders = ledger.accounts({b.account_id for b in blocks} - {source.id}, lock=False)
        holders[source.id] = source
        plan = plan_by_serials(blocks, selection, source.id, SELECTED, lambda a: holders[a].type.is_terminal)
    else:
        blocks = ledger.blocks_for_quantity(source.id, selection, lock=True, authorized=authorized,
                                            authorization_id=authorization_id)
        plan = plan_by_quantity(blocks, selection.quantity, source.id, SELECTED)
    if isinstance(plan, Rejection):
        raise Rejected(plan)
    units = uniform(selected_pieces(plan), plan.quantity)
    if isinstance(units, Rejection):
        raise Rejected(units)
    if authorization_id is not None and units.attributes.authorization_id != authorization_id:
        # By quantity the pick only takes units under it; by serials the units named must be under it.
        raise reject(R.FIRST_TRANSFER_STATE, f"the units asked for are {units.state.value}"
                     f"{f' under {units.attributes.authorization_id}' if units.attributes.authorization_id else ''},"
                     f" not under authorization {authorization_id}")
    return plan, units


def _authorization_of(uow: UnitOfWork, units: UnitsInHand) -> tuple[Authorization | None, AuthorizationTotals]:
    """The units' authorization and its totals (None for mitigation outcomes: `unit_rules` refuses them, after
    the rules that come first). Locked only when this action may be the units' first transfer (they are
    authorized, not yet ITMOs): that is when the totals can change, so actions on ITMOs under one
    authorization do not queue behind each other."""
    authorization_id = units.attributes.authorization_id
    if authorization_id is None:
        return None, AuthorizationTotals()
    found = uow.article6.authorization(authorization_id, lock=units.state is Article6State.AUTHORIZED)
    if found is None:
        raise reject(R.AUTH_NOT_FOUND, f"authorization {authorization_id} of the units is not recorded")
    return found


def _standings(uow: UnitOfWork, units: UnitsInHand, *others: str) -> dict[str, list[Standing]]:
    """The recorded standing of the Parties a first transfer of `units` would involve (none are needed
    once the units are ITMOs)."""
    if units.state is Article6State.ITMO:
        return {}
    parties = dict.fromkeys((units.attributes.first_transferring_party, *others))
    return {p: uow.article6.standings(p) for p in parties}


def _parties(uow: UnitOfWork, registries: list[RegistryCode]) -> dict[str, tuple[str, ...]]:
    """Cooperative approaches every one of `registries` takes part in, with their Parties."""
    known = [uow.article6.approaches(code) for code in registries]
    shared = set.intersection(*(set(k) for k in known))
    return {ca: known[0][ca].parties for ca in shared}


def _add_totals(
    uow: UnitOfWork, auth: Authorization, totals: AuthorizationTotals, quantity: int, effect: Effect, *,
    authorizing: bool,
) -> None:
    new = AuthorizationTotals(
        totals.authorized + (quantity if authorizing else 0),
        totals.first_transferred + (quantity if effect.first_transfer is not None else 0),
    )
    if new != totals:
        uow.article6.set_totals(auth.authorization_id, new)


def _event(kind: str, source: AccountId, destination: AccountId, plan: MovePlan, auth: Authorization,
           effect: Effect, units: UnitsInHand) -> dict[str, Any]:
    """The journal event of a unit action: what moved, under which authorization, and what it became.

    The units' cooperative approach and first-transferring Party are recorded so the AEF rows of the
    action can be written from the journal alone."""
    return {
        "event": kind,
        "cooperative_approach_id": units.attributes.cooperative_approach_id,
        "first_transferring_party": units.attributes.first_transferring_party,
        "source": source,
        "destination": destination,
        "ranges": [range_to_json(r) for r in plan.moved],
        "authorization_id": auth.authorization_id,
        "authorization_version": auth.version,
        "first_transfer": effect.first_transfer.value if effect.first_transfer else None,
        "changes": effect.changes(),
    }
