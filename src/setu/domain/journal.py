"""The hash-chained journal: canonical serialization and the chain rule.

Each registry appends its accepted transactions to its own journal. An entry's `body` is the canonical
JSON of an envelope holding the registry, the sequence number, the time, the previous entry's hash, the
transaction id, the idempotency key and the event. Its hash is
`SHA-256(prev_hash_hex || "\\n" || body)`, so changing any byte of any entry breaks every later link.
Canonical JSON: keys sorted, no whitespace, UTF-8, integers only (a float is refused: no tonne is ever
binary floating point).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from setu.domain.blocks import SerialRange, SerialSpace, UnitAttributes, UnitKind
from setu.domain.codes import (
    CooperativeApproachId,
    PartyCode,
    RegistryCode,
    SerialNumber,
)

GENESIS_HASH = "0" * 64
"""The `prev_hash` of a registry's first entry."""


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise ValueError(f"{value!r}: binary floating point is not allowed where tonnes are decided; use integers")
    if isinstance(value, dict):
        for v in value.values():
            _refuse_floats(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _refuse_floats(v)


def transaction_id(registry: RegistryCode, seq: int) -> str:
    """An accepted transaction is named by its journal position: `IND01#17`."""
    return f"{registry}#{seq}"


def canonical_json(value: Any) -> str:
    """The one text form of a JSON value that hashing uses."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def chain_hash(prev_hash: str, body: str) -> str:
    """SHA-256 over the previous hash and this entry's canonical body, hex encoded."""
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body.encode("utf-8")).hexdigest()


def format_instant(instant: datetime) -> str:
    """UTC, microseconds, `Z`: `2026-11-22T09:30:00.000000Z`."""
    if instant.tzinfo is None:
        raise ValueError("journal times must be timezone-aware")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One appended entry. `body` is exactly the text that was hashed."""

    registry: RegistryCode
    seq: int
    prev_hash: str
    entry_hash: str
    body: str

    @property
    def transaction_id(self) -> str:
        return transaction_id(self.registry, self.seq)

    @property
    def envelope(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def event(self) -> dict[str, Any]:
        return self.envelope["event"]


def seal(
    *, registry: RegistryCode, seq: int, prev_hash: str, recorded_at: datetime, idempotency_key: str,
    event: dict[str, Any],
) -> JournalEntry:
    """Build the next entry of a registry's journal from its event."""
    body = canonical_json(
        {
            "registry": registry,
            "seq": seq,
            "prev_hash": prev_hash,
            "recorded_at": format_instant(recorded_at),
            "transaction_id": transaction_id(registry, seq),
            "idempotency_key": idempotency_key,
            "event": event,
        }
    )
    return JournalEntry(registry, seq, prev_hash, chain_hash(prev_hash, body), body)


def attributes_to_json(a: UnitAttributes) -> dict[str, Any]:
    """Unit attributes as they appear in journal events."""
    return {
        "unit_kind": a.unit_kind.value,
        "cooperative_approach_id": a.cooperative_approach_id,
        "originating_registry": a.originating_registry,
        "first_transferring_party": a.first_transferring_party,
        "vintage_year": a.vintage_year,
        "project_id": a.project_id,
        "monitoring_period_id": a.monitoring_period_id,
        "authorization_id": a.authorization_id,
        "first_transferred": a.first_transferred,
    }


def attributes_from_json(d: dict[str, Any]) -> UnitAttributes:
    return UnitAttributes(
        unit_kind=UnitKind(d["unit_kind"]),
        cooperative_approach_id=CooperativeApproachId(d["cooperative_approach_id"]),
        originating_registry=RegistryCode(d["originating_registry"]),
        first_transferring_party=PartyCode(d["first_transferring_party"]),
        vintage_year=d["vintage_year"],
        project_id=d["project_id"],
        monitoring_period_id=d["monitoring_period_id"],
        authorization_id=d["authorization_id"],
        first_transferred=d["first_transferred"],
    )


def range_to_json(r: SerialRange) -> dict[str, Any]:
    return {
        "originating_registry": r.space.originating_registry,
        "vintage_year": r.space.vintage_year,
        "first": r.first,
        "last": r.last,
    }


def range_from_json(d: dict[str, Any]) -> SerialRange:
    return SerialRange(
        SerialSpace(RegistryCode(d["originating_registry"]), d["vintage_year"]),
        SerialNumber(d["first"]),
        SerialNumber(d["last"]),
    )
