"""The cycle's hash-chained journals: one chain per project, and one for role grants.

An entry's body is the canonical JSON of an envelope (stream, seq, time, previous hash, idempotency
key, event) and its hash is `SHA-256(prev_hash || "\\n" || body)`, exactly the ledger's rule
(`setu.domain.journal`), so one verifier understands both. A project's chain starts with its creation
and holds every document filed and every action taken; the state is folded from it (`history.py`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from setu.domain.journal import GENESIS_HASH, canonical_json, chain_hash, format_instant

ROLES_STREAM = "roles"


def project_stream(project_id: str) -> str:
    """The name of a project's chain: `project:IN-JCM-PV-001`."""
    return f"project:{project_id}"


@dataclass(frozen=True, slots=True)
class CycleEntry:
    """One appended entry; `body` is exactly the text that was hashed."""

    stream: str
    seq: int
    prev_hash: str
    entry_hash: str
    body: str

    @property
    def envelope(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def event(self) -> dict[str, Any]:
        return self.envelope["event"]

    @property
    def recorded_at(self) -> datetime:
        return datetime.fromisoformat(self.envelope["recorded_at"])


def seal_entry(
    *, stream: str, seq: int, prev_hash: str, recorded_at: datetime, idempotency_key: str, event: dict[str, Any]
) -> CycleEntry:
    """Build the next entry of `stream` from its event."""
    body = canonical_json({
        "stream": stream,
        "seq": seq,
        "prev_hash": prev_hash,
        "recorded_at": format_instant(recorded_at),
        "idempotency_key": idempotency_key,
        "event": event,
    })
    return CycleEntry(stream, seq, prev_hash, chain_hash(prev_hash, body), body)


def chain_problems(stream: str, entries: Sequence[CycleEntry], head: tuple[int, str]) -> list[str]:
    """Every broken link of `stream`, from genesis to its recorded head; empty when the chain is whole."""
    problems: list[str] = []
    prev = GENESIS_HASH
    for expected_seq, entry in enumerate(entries, start=1):
        where = f"{stream}#{entry.seq}"
        if entry.seq != expected_seq:
            problems.append(f"{where}: expected sequence {expected_seq}")
        if entry.prev_hash != prev:
            problems.append(f"{where}: prev_hash does not match the entry before it")
        if chain_hash(entry.prev_hash, entry.body) != entry.entry_hash:
            problems.append(f"{where}: body does not match its hash")
        envelope = _envelope(entry.body)
        if envelope is None:
            problems.append(f"{where}: body is not a JSON object")
        elif (envelope.get("stream"), envelope.get("seq"), envelope.get("prev_hash")) != (stream, entry.seq, entry.prev_hash):
            problems.append(f"{where}: envelope names another place in the chain")
        prev = entry.entry_hash
    if (len(entries), prev) != head:
        problems.append(f"{stream}: recorded head {head[0]} does not match the chain's last entry ({len(entries)})")
    return problems


def _envelope(body: str) -> dict[str, Any] | None:
    """The body's envelope, or None if an edited body is not JSON at all (verification names it, not crash)."""
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return envelope if isinstance(envelope, dict) else None
