"""Run a use case once per idempotency key.

The request's outcome, accepted or rejected, is stored under (registry, idempotency key) in the same
transaction as its effects. Asking again with the same key and the same payload returns the stored
outcome and changes nothing; the same key with a different payload is refused with
`DUPLICATE_TRANSACTION_ID`. A rejection rolls back everything the use case touched, then is recorded
on its own, so nothing is ever half-written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from setu.domain.codes import registry_code
from setu.domain.journal import canonical_json
from setu.domain.outcomes import Outcome
from setu.domain.rejections import Rejected, Rejection, RejectionCode
from setu.domain.requests import Request
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

Req = TypeVar("Req", bound=Request)
UseCase = Callable[[UnitOfWork, Req], Outcome]

MAX_KEY_LENGTH = 128


class HasPayload(Protocol):
    """Any request whose canonical content an idempotency key guards (ledger and cycle requests alike)."""

    def payload(self) -> dict[str, Any]: ...


def request_hash(request: HasPayload) -> str:
    """SHA-256 of the request's canonical payload (its content without the key)."""
    return hashlib.sha256(canonical_json(request.payload()).encode()).hexdigest()


RESERVED_KEY_PREFIXES = ("jcm/", "acquisition:")
"""Ledger keys setu makes itself: the project cycle's issuances (`jcm/<project>/<period>/<vintage>/<n>`)
and the receiving side of a transfer between Parties. A client key with these prefixes could take a key
the cycle will need and make that period impossible to issue, so clients may not use them."""


def check_idempotency_key(key: object, *, field: str = "idempotency_key", setu_made: bool = False) -> str:
    """A key is 1-128 characters, not all blank, and (unless `setu_made`) not one of setu's own prefixes;
    anything else is a programmer or usage error."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"{field}: an idempotency key is 1-{MAX_KEY_LENGTH} characters, not all blank")
    if not setu_made and key.startswith(RESERVED_KEY_PREFIXES):
        raise ValueError(f"{field}: keys starting with {' or '.join(RESERVED_KEY_PREFIXES)} are reserved for the keys"
                         " setu makes itself (project-cycle issuances, acquisitions)")
    return key


def execute(new_uow: UnitOfWorkFactory, request: Req, use_case: UseCase[Req]) -> Outcome:
    """Run `use_case` for `request` exactly once per idempotency key; return its outcome."""
    key = check_idempotency_key(request.idempotency_key)
    registry_code(request.registry, field="registry")  # outcomes are stored under it: refuse garbage early
    digest = request_hash(request)
    for _attempt in range(3):
        with new_uow() as uow:
            prior = _prior_outcome(uow, request, digest)
            if prior is not None:
                return prior
            try:
                outcome = use_case(uow, request)
            except Rejected as refused:
                rejection = refused.rejection
            else:
                if uow.ledger.record_outcome(request.registry, key, digest, json.dumps(outcome.to_json())):
                    uow.commit()
                    return outcome
                continue  # a concurrent request with this key won; roll back and answer with its outcome
        outcome = _record_rejection(new_uow, request, digest, rejection)
        if outcome is not None:
            return outcome
    raise RuntimeError(f"idempotency key {key!r} kept changing hands; giving up")  # pragma: no cover


def _prior_outcome(uow: UnitOfWork, request: Request, digest: str) -> Outcome | None:
    stored = uow.ledger.find_outcome(request.registry, request.idempotency_key)
    if stored is None:
        return None
    if stored.request_hash != digest:
        return Outcome(
            request.idempotency_key,
            Rejection(
                RejectionCode.DUPLICATE_TRANSACTION_ID,
                f"idempotency key {request.idempotency_key!r} was already used in {request.registry}"
                " for a different request",
            ),
        )
    return Outcome.from_json(json.loads(stored.outcome_json)).as_replay()


def _record_rejection(
    new_uow: UnitOfWorkFactory, request: Request, digest: str, rejection: Rejection
) -> Outcome | None:
    """Remember a rejection in a fresh transaction; None if a concurrent request took the key first."""
    outcome = Outcome(request.idempotency_key, rejection)
    with new_uow() as uow:
        prior = _prior_outcome(uow, request, digest)
        if prior is not None:
            return prior
        if uow.ledger.record_outcome(request.registry, request.idempotency_key, digest, json.dumps(outcome.to_json())):
            uow.commit()
            return outcome
    return None
