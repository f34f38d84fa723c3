"""Run a cycle use case once per idempotency key, and the steps every cycle use case shares.

As in the registry core (`execution.py`): the outcome, accepted or refused, is stored under the key in
the same transaction as the effects; the same key and payload get the stored outcome back, the same key
with another payload is `DUPLICATE_REQUEST_ID`; a rejection rolls everything back and is then recorded
on its own. Cycle keys form one space of their own, apart from the registries' keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from setu.domain.cycle.chain import CycleEntry, seal_entry
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode, CycleRejected, CycleRejection
from setu.domain.cycle.requests import CycleRequest
from setu.domain.cycle.roles import Actor
from setu.services.execution import check_idempotency_key, request_hash
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

Req = TypeVar("Req", bound=CycleRequest)
CycleUseCase = Callable[[UnitOfWork, Req], CycleOutcome]


def run_cycle(new_uow: UnitOfWorkFactory, request: Req, use_case: CycleUseCase[Req]) -> CycleOutcome:
    """Run `use_case` for `request` exactly once per idempotency key; return its outcome."""
    key = check_idempotency_key(request.idempotency_key, setu_made=True)  # the cycle's own key space
    digest = request_hash(request)
    for _attempt in range(3):
        with new_uow() as uow:
            prior = _prior_outcome(uow, key, digest)
            if prior is not None:
                return prior
            try:
                outcome = use_case(uow, request)
            except CycleRejected as refused:
                rejection = refused.rejection
            else:
                if uow.cycle.record_outcome(key, digest, json.dumps(outcome.to_json())):
                    uow.commit()
                    return outcome
                continue  # a concurrent request with this key won; roll back and answer with its outcome
        recorded = _record_rejection(new_uow, key, digest, rejection)
        if recorded is not None:
            return recorded
    raise RuntimeError(f"idempotency key {key!r} kept changing hands; giving up")  # pragma: no cover


def _prior_outcome(uow: UnitOfWork, key: str, digest: str) -> CycleOutcome | None:
    stored = uow.cycle.find_outcome(key)
    if stored is None:
        return None
    if stored.request_hash != digest:
        return CycleOutcome(key, CycleRejection(CycleCode.DUPLICATE_REQUEST_ID,
                                                f"idempotency key {key!r} was already used for a different request"))
    return CycleOutcome.from_json(json.loads(stored.outcome_json)).as_replay()


def _record_rejection(new_uow: UnitOfWorkFactory, key: str, digest: str, rejection: CycleRejection) -> CycleOutcome | None:
    """Remember a rejection in a fresh transaction; None if a concurrent request took the key first."""
    outcome = CycleOutcome(key, rejection)
    with new_uow() as uow:
        prior = _prior_outcome(uow, key, digest)
        if prior is not None:
            return prior
        if uow.cycle.record_outcome(key, digest, json.dumps(outcome.to_json())):
            uow.commit()
            return outcome
    return None


def refuse(code: CycleCode, message: str) -> CycleRejected:
    """Shorthand: `raise refuse(CycleCode.X, "...")`."""
    return CycleRejected(CycleRejection(code, message))


def check(rejection: CycleRejection | None) -> None:
    """Abandon the use case with `rejection`, if there is one."""
    if rejection is not None:
        raise CycleRejected(rejection)


def load_actor(uow: UnitOfWork, user: str) -> Actor:
    """`user` with every role they hold; someone with no grant acts as a member of the public."""
    grants = uow.cycle.grants_of(user)
    return Actor(user, grants[0].organisation if grants else "", grants)


def append_entry(uow: UnitOfWork, stream: str, idempotency_key: str, event: dict[str, Any]) -> CycleEntry:
    """Chain `event` onto `stream` (its head locked) and return the new entry; the last step of a use case."""
    seq, prev_hash = uow.cycle.journal_head(stream, lock=True)
    entry = seal_entry(stream=stream, seq=seq + 1, prev_hash=prev_hash, recorded_at=uow.now(),
                       idempotency_key=idempotency_key, event=event)
    uow.cycle.append_entry(entry)
    return entry


def entry_id(entry: CycleEntry) -> str:
    """`project:IN-JCM-PV-001#7`: where an accepted request's entry sits."""
    return f"{entry.stream}#{entry.seq}"
