"""Append an accepted transaction's event to its registry's journal, last step before commit."""

from __future__ import annotations

from typing import Any

from setu.domain.codes import RegistryCode
from setu.domain.journal import JournalEntry, seal
from setu.services.ports import UnitOfWork


def append_event(uow: UnitOfWork, registry: RegistryCode, idempotency_key: str, event: dict[str, Any]) -> JournalEntry:
    """Lock the registry's journal head, chain `event` onto it, and return the new entry.

    The head lock is taken last, after every check and block change, so that transactions in one
    registry serialize only on this short tail.
    """
    seq, prev_hash = uow.ledger.journal_head(registry, lock=True)
    entry = seal(
        registry=registry, seq=seq + 1, prev_hash=prev_hash, recorded_at=uow.now(),
        idempotency_key=idempotency_key, event=event,
    )
    uow.ledger.append_journal(entry)
    return entry
