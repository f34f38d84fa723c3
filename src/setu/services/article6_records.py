"""Article 6 records as use cases: register a cooperative approach, record or revoke an authorization,
register an authorized entity, record a Party's NDC or its standing. Each runs once per idempotency key, in one transaction, and is journaled
in the registry it names (the Party's own registry for authorizations and entities).
"""

from __future__ import annotations

from setu.domain.accounts import Registry
from setu.domain.article6.authorization import (
    AUTHORIZATION_ID,
    check_new_version,
    check_revocation,
    check_shape,
    is_day,
)
from setu.domain.article6.ndc_document import parse_ndc
from setu.domain.article6.participation import dating_problem, parse_standing
from setu.domain.article6.records import CooperativeApproach, approach_to_json, authorization_to_json, entity_to_json
from setu.domain.article6.requests import (
    RecordAuthorization,
    RecordNdc,
    RecordStanding,
    RegisterApproach,
    RegisterEntity,
    RevokeAuthorization,
)
from setu.domain.article6.vocabulary import PARTY_NAMES
from setu.domain.codes import free_identifier, is_cooperative_approach_id, is_party_code
from setu.domain.journal import canonical_json
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, RejectionCode, reject
from setu.services.execution import execute
from setu.services.journaling import append_event
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

R = RejectionCode


def _registry(uow: UnitOfWork, code: str) -> Registry:
    found = uow.ledger.registry(code)  # type: ignore[arg-type]
    if found is None:
        raise reject(R.REGISTRY_NOT_FOUND, f"registry {code} does not exist")
    return found


def register_approach(new_uow: UnitOfWorkFactory, request: RegisterApproach) -> Outcome:
    """Record that a registry takes part in a cooperative approach, with its participating Parties."""
    return execute(new_uow, request, _register_approach)  # type: ignore[arg-type]


def _register_approach(uow: UnitOfWork, r: RegisterApproach) -> Outcome:
    if not is_cooperative_approach_id(r.cooperative_approach_id):
        raise reject(R.FIELD_INVALID, f"cooperative_approach_id: {r.cooperative_approach_id!r} is not CA and four"
                     " digits (the id the CARP assigns, e.g. CA0123)")
    if not isinstance(r.name, str) or not r.name.strip() or len(r.name) > 200:
        raise reject(R.FIELD_INVALID, "name: 1-200 characters")
    bad = next((p for p in r.parties if not is_party_code(p)), None)
    if bad is not None or len(set(r.parties)) < 2 or len(set(r.parties)) != len(r.parties):
        raise reject(R.FIELD_INVALID, f"parties: {list(r.parties)!r} must be two or more distinct alpha-3 Party codes")
    registry = _registry(uow, r.registry)
    already = f"{r.cooperative_approach_id} is already registered in {r.registry}"
    if r.cooperative_approach_id in uow.article6.approaches(r.registry):
        raise reject(R.COOPERATIVE_APPROACH_INVALID, already)
    if registry.party not in r.parties:
        raise reject(R.PARTY_NOT_ELIGIBLE, f"registry {r.registry} belongs to {registry.party}, which is not among"
                     f" the parties {', '.join(r.parties)}")
    approach = CooperativeApproach(r.cooperative_approach_id, r.name, tuple(r.parties))
    if not uow.article6.add_approach(r.registry, approach):  # registered concurrently
        raise reject(R.COOPERATIVE_APPROACH_INVALID, already)
    entry = append_event(uow, r.registry, r.idempotency_key,
                         {"event": "a6-approach-registered", "approach": approach_to_json(approach)})
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)


def record_authorization(new_uow: UnitOfWorkFactory, request: RecordAuthorization) -> Outcome:
    """Record a new version of an authorization in its Party's registry."""
    return execute(new_uow, request, _record_authorization)  # type: ignore[arg-type]


def _record_authorization(uow: UnitOfWork, r: RecordAuthorization) -> Outcome:
    new = r.authorization
    if (shape := check_shape(new)) is not None:  # FIELD_INVALID and QTY_INVALID come before REGISTRY_NOT_FOUND
        raise Rejected(shape)
    registry = _registry(uow, r.registry)
    found = uow.article6.authorization(new.authorization_id, lock=True)
    latest, totals = found if found is not None else (None, None)
    approach = uow.article6.approaches(r.registry).get(new.cooperative_approach_id)
    problem = check_new_version(
        new, latest, first_transferred=totals.first_transferred if totals else 0,
        approach_parties=approach.parties if approach else None, recording_party=registry.party,
        today=uow.now().date(),
        authorized=totals.authorized if totals else 0,
    )
    if problem is not None:
        raise Rejected(problem)
    if not uow.article6.add_authorization_version(new):
        raise reject(R.REFERENCE_INVALID, f"version {new.version} of {new.authorization_id} was recorded concurrently;"
                     " read the authorization again")
    entry = append_event(uow, r.registry, r.idempotency_key,
                         {"event": "a6-authorization-recorded", "authorization": authorization_to_json(new)})
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)


def revoke_authorization(new_uow: UnitOfWorkFactory, request: RevokeAuthorization) -> Outcome:
    """Revoke an authorization from a date on; what happened under it before stays as it was."""
    return execute(new_uow, request, _revoke)  # type: ignore[arg-type]


def _revoke(uow: UnitOfWork, r: RevokeAuthorization) -> Outcome:
    if not isinstance(r.authorization_id, str) or not AUTHORIZATION_ID.fullmatch(r.authorization_id):
        raise reject(R.FIELD_INVALID, f"authorization_id: {r.authorization_id!r} is not an authorization id")
    if not is_day(r.revoked_on):
        raise reject(R.FIELD_INVALID, f"revoked_on: {r.revoked_on!r} is not a calendar date")
    if not isinstance(r.reason, str) or not r.reason.strip() or len(r.reason) > 2000:
        raise reject(R.FIELD_INVALID, "reason: a revocation says why (1-2000 characters)")
    registry = _registry(uow, r.registry)
    found = uow.article6.authorization(r.authorization_id, lock=True)
    problem = check_revocation(found[0] if found else None, r.authorization_id, r.revoked_on,
                               registry=r.registry, recording_party=registry.party, today=uow.now().date())
    if problem is not None:
        raise Rejected(problem)
    uow.article6.revoke(r.authorization_id, r.revoked_on)
    entry = append_event(uow, r.registry, r.idempotency_key, {
        "event": "a6-authorization-revoked", "authorization_id": r.authorization_id,
        "revoked_on": r.revoked_on.isoformat(), "reason": r.reason,
    })
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)


def register_entity(new_uow: UnitOfWorkFactory, request: RegisterEntity) -> Outcome:
    """Record an entity the Party authorizes to use or cancel ITMOs of a cooperative approach."""
    return execute(new_uow, request, _register_entity)  # type: ignore[arg-type]


def _register_entity(uow: UnitOfWork, r: RegisterEntity) -> Outcome:
    e = r.entity
    try:
        free_identifier(e.entity_id, field="entity_id")
        free_identifier(e.identification_number, field="identification_number")
    except ValueError as exc:
        raise reject(R.FIELD_INVALID, str(exc)) from None
    if not isinstance(e.name, str) or not e.name.strip() or len(e.name) > 200:
        raise reject(R.FIELD_INVALID, "name: 1-200 characters")
    if not all(is_party_code(v) for v in (e.country, e.party)):
        raise reject(R.FIELD_INVALID, f"country / party: {e.country!r} / {e.party!r} must be alpha-3 codes")
    if e.country not in PARTY_NAMES:  # recorded for good, it would make every later AEF export of the Party fail
        raise reject(R.FIELD_INVALID, f"country: {e.country!r} has no country name for AEF Table 5 (known:"
                     f" {', '.join(sorted(PARTY_NAMES))}; vocabulary.PARTY_NAMES lists them)")
    if not is_cooperative_approach_id(e.cooperative_approach_id):
        raise reject(R.FIELD_INVALID, f"cooperative_approach_id: {e.cooperative_approach_id!r} is not CA and four digits")
    if not is_day(e.authorization_date):
        raise reject(R.FIELD_INVALID, f"authorization_date: {e.authorization_date!r} is not a calendar date")
    for name in ("conditions", "change_conditions"):
        value = getattr(e, name)
        if value is not None and (not isinstance(value, str) or len(value) > 4000):
            raise reject(R.FIELD_INVALID, f"{name}: {value!r} is not text of at most 4000 characters")
    registry = _registry(uow, r.registry)
    already = f"entity {e.entity_id} is already registered for {e.cooperative_approach_id}"
    if uow.article6.entity(e.cooperative_approach_id, e.entity_id) is not None:
        raise reject(R.REFERENCE_INVALID, already)
    approach = uow.article6.approaches(r.registry).get(e.cooperative_approach_id)
    if approach is None:
        raise reject(R.COOPERATIVE_APPROACH_INVALID, f"{e.cooperative_approach_id} is not registered in {r.registry}")
    if e.party != registry.party:
        raise reject(R.PARTY_NOT_ELIGIBLE, f"{e.party} authorizes entities in its own registry, not in {r.registry}")
    if not uow.article6.add_entity(e):  # registered concurrently
        raise reject(R.REFERENCE_INVALID, already)
    entry = append_event(uow, r.registry, r.idempotency_key, {"event": "a6-entity-registered", "entity": entity_to_json(e)})
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)


def record_ndc(new_uow: UnitOfWorkFactory, request: RecordNdc) -> Outcome:
    """Record a new version of a Party's NDC definition and inventory, journaled in its registry.

    Inventory years are added as they are reported; the method and the period's shape cannot change
    within the period (decision 2/CMA.3 annex para 7: applied consistently throughout the NDC period).
    """
    return execute(new_uow, request, _record_ndc)  # type: ignore[arg-type]


def _record_ndc(uow: UnitOfWork, r: RecordNdc) -> Outcome:
    try:
        definition, _ = parse_ndc(r.document, strict=True)
        canonical_json(r.document)
    except (ValueError, TypeError) as exc:
        raise reject(R.FIELD_INVALID, f"NDC document: {exc}") from None
    registry = _registry(uow, r.registry)
    latest = uow.article6.latest_ndc(definition.party)
    # The latest version of the same period, not the Party's latest: the next period's NDC may be recorded.
    recorded = sorted((v, parse_ndc(d)[0]) for (p, v), d in uow.article6.ndcs().items() if p == definition.party)
    same = [d for _, d in recorded if (d.first_year, d.last_year) == (definition.first_year, definition.last_year)]
    if same:
        previous = same[-1]
        if (previous.kind, previous.method, previous.averaging_denominator) != (
            definition.kind, definition.method, definition.averaging_denominator
        ):
            raise reject(R.REFERENCE_INVALID, f"{definition.party}'s NDC {definition.first_year}-{definition.last_year}"
                         f" applies {previous.kind.value} / {previous.method.value}; the method is applied"
                         " consistently throughout the NDC period (decision 2/CMA.3 annex para 7)")
    if definition.party != registry.party:  # after REFERENCE_INVALID, in RejectionCode order
        raise reject(R.PARTY_NOT_ELIGIBLE, f"{definition.party}'s NDC is recorded in a {definition.party} registry,"
                     f" not in {r.registry}")
    version = latest[0] + 1 if latest is not None else 1
    if not uow.article6.add_ndc(definition.party, version, r.document):
        raise reject(R.REFERENCE_INVALID, f"version {version} of {definition.party}'s NDC was recorded concurrently")
    entry = append_event(uow, r.registry, r.idempotency_key, {
        "event": "a6-ndc-recorded", "party": definition.party, "version": version, "document": r.document})
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)


def record_standing(new_uow: UnitOfWorkFactory, request: RecordStanding) -> Outcome:
    """Record a new version of a Party's standing (participation requirements, initial reports, gates),
    journaled in its registry. Earlier versions stay: each judged the first transfers of its days."""
    return execute(new_uow, request, _record_standing)  # type: ignore[arg-type]


def _record_standing(uow: UnitOfWork, r: RecordStanding) -> Outcome:
    try:
        standing = parse_standing(r.document)
        canonical_json(r.document)
    except (ValueError, TypeError) as exc:
        raise reject(R.FIELD_INVALID, f"standing document: {exc}") from None
    registry = _registry(uow, r.registry)
    if standing.party != registry.party:
        raise reject(R.PARTY_NOT_ELIGIBLE, f"{standing.party}'s standing is recorded in a {standing.party} registry,"
                     f" not in {r.registry}")
    known = uow.article6.standings(standing.party)
    if (problem := dating_problem(standing, first=not known, today=uow.now().date())) is not None:
        raise reject(R.PERIOD_INVALID, problem)
    version = known[-1].version + 1 if known else 1
    if not uow.article6.add_standing(standing.party, version, r.document):
        raise reject(R.REFERENCE_INVALID, f"version {version} of {standing.party}'s standing was recorded concurrently")
    entry = append_event(uow, r.registry, r.idempotency_key, {
        "event": "a6-standing-recorded", "party": standing.party, "version": version, "document": r.document})
    return Outcome(r.idempotency_key, transaction_id=entry.transaction_id)
