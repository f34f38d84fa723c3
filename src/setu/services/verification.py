"""`setu verify`: prove the stored ledger is exactly what its journals say.

Three passes: (1) every registry's hash chain links from genesis to its recorded head; (2) replaying
every entry, in append order, rebuilds registries, accounts, blocks, serial counters and decision
totals, and these equal the stored ones; (3) the stored state satisfies every invariant in
`domain/snapshot.py`. The first problem found names the journal entry to look at. The project cycle's
chains and the rows they vouch for are checked too (`cycle_verification.verify_cycle`), so one
`setu verify` covers everything setu stores.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace

from setu.domain.article6.replay import Article6Replay
from setu.domain.blocks import UnitBlock
from setu.domain.codes import RegistryCode, split_account_id
from setu.domain.history import Movement, movements_of
from setu.domain.journal import JournalEntry
from setu.domain.replay import JournalBroken, Replayer, check_chain
from setu.domain.snapshot import LedgerSnapshot, check_invariants
from setu.services.cycle_verification import CycleVerification, verify_cycle
from setu.services.ports import DocumentFiles, UnitOfWorkFactory


@dataclass(frozen=True)
class VerificationReport:
    """What `verify` found. `problems` is empty when the ledger is sound."""

    entries: int
    heads: dict[str, tuple[int, str]]
    problems: list[str] = field(default_factory=list)
    first_bad_entry: str | None = None
    cycle: CycleVerification = field(default_factory=lambda: CycleVerification(0))
    """The project cycle's chains and rows (`verify_cycle`); its problems are listed there, not in `problems`."""

    @property
    def ok(self) -> bool:
        return not self.problems and self.cycle.ok


def verify(new_uow: UnitOfWorkFactory, files: DocumentFiles | None = None) -> VerificationReport:
    """Check the ledger (chains, replay, compare, invariants) and the project cycle (with `files`, every
    document's file too); never modifies anything."""
    cycle = verify_cycle(new_uow, files)
    return replace(_verify_ledger(new_uow), cycle=cycle)


def _verify_ledger(new_uow: UnitOfWorkFactory) -> VerificationReport:
    with new_uow(read_only=True) as uow:
        heads = uow.ledger.journal_heads()
        entries = list(uow.ledger.journal_entries())
        stored = uow.ledger.snapshot()
        stored_movements = uow.ledger.movements()
        outcomes = uow.ledger.stored_outcomes()
        counters = uow.ledger.account_counters()
        article6 = Article6Replay(
            approaches=uow.article6.all_approaches(), versions=uow.article6.authorization_versions(),
            heads=uow.article6.authorization_heads(), entities=uow.article6.entities(), ndcs=uow.article6.ndcs(),
            standings=uow.article6.all_standings(),
        )
    report_heads = {str(r): h for r, h in heads.items()}
    by_registry = defaultdict(list)
    for entry in entries:
        by_registry[entry.registry].append(entry)
    replayer = Replayer()
    replayed_movements: list[Movement] = []
    try:
        for registry in sorted(set(heads) | set(by_registry)):
            check_chain(registry, by_registry.get(registry, []), heads.get(registry, (0, "")))
        for entry in entries:
            replayer.apply(entry)
            replayed_movements.extend(movements_of(entry))
    except JournalBroken as broken:
        return VerificationReport(len(entries), report_heads, [str(broken)], broken.entry)
    replayed = replayer.snapshot()
    problems, culprit = _compare(stored, replayed, replayed_movements)
    for sent in replayer.unacquired():
        problems.append(f"{sent}: a transfer between Parties without the receiving registry's acquisition")
        culprit = culprit or sent
    key_problems, key_culprit = _check_keys(entries, outcomes)
    problems += key_problems
    culprit = culprit or key_culprit
    problems += _check_counters(counters, replayed)
    problems += _compare_article6(article6, replayer.article6)
    if stored_movements != replayed_movements and not problems:
        problems.append("the movement index differs from the journal; it can be rebuilt from the journal")
    problems.extend(check_invariants(stored))
    return VerificationReport(len(entries), report_heads, problems, culprit)


def _compare(
    stored: LedgerSnapshot, replayed: LedgerSnapshot, movements: list[Movement]
) -> tuple[list[str], str | None]:
    problems: list[str] = []
    culprit: str | None = None
    for name in ("registries", "accounts", "next_serial", "decisions"):
        ours, theirs = getattr(stored, name), getattr(replayed, name)
        for key in sorted(set(ours) | set(theirs), key=str):
            if ours.get(key) != theirs.get(key):
                problems.append(
                    f"{name} {key}: stored {ours.get(key)!r} but the journal gives {theirs.get(key)!r}"
                )
    only_stored = set(stored.blocks) - set(replayed.blocks)
    only_replayed = set(replayed.blocks) - set(stored.blocks)
    for block in sorted(only_stored | only_replayed, key=lambda b: (str(b.space), b.serial_first)):
        where = "stored but not in the journal" if block in only_stored else "in the journal but not stored"
        last = _last_movement(block, movements)
        culprit = culprit or last
        problems.append(f"holding {_describe(block)} is {where} (last journal entry touching it: {last or 'none'})")
    return problems, culprit


def _check_keys(entries: list[JournalEntry], outcomes: dict[tuple[RegistryCode, str], str]) -> tuple[list[str], str | None]:
    """Each accepted entry's idempotency key is used once and answers with that entry.

    Otherwise a retry of the request would run it again: the outcome table guards idempotency, and the
    hashed chain says what it must contain.
    """
    problems: list[str] = []
    culprit: str | None = None
    seen: dict[tuple[RegistryCode, str], str] = {}
    for entry in entries:
        where = f"{entry.registry}#{entry.seq}"
        if entry.event["event"] == "a6-acquisition":
            continue  # vouched for by its sending entry, which replay matched it against
        key = (entry.registry, entry.envelope["idempotency_key"])
        if key in seen:
            problems.append(f"{where} reuses idempotency key {key[1]!r} of {seen[key]}: a request ran twice")
            culprit = culprit or where
            continue
        seen[key] = where
        stored = outcomes.get(key)
        answer = json.loads(stored) if stored else {}
        if not answer.get("accepted") or answer.get("transaction_id") != entry.transaction_id:
            problems.append(
                f"{where}: the stored outcome for idempotency key {key[1]!r} is missing or names another"
                " transaction; a retry would run the request again"
            )
            culprit = culprit or where
    return problems, culprit


def _compare_article6(stored: Article6Replay, replayed: Article6Replay) -> list[str]:
    """The `a6_*` tables hold exactly what the journals' Article 6 events say."""
    problems = []
    if stored.approaches != replayed.approaches:
        problems.append("the cooperative approaches stored differ from the journals' registrations")
    by_key = lambda versions: sorted(versions, key=lambda v: (v.authorization_id, v.version))  # noqa: E731
    if by_key(stored.versions) != by_key(replayed.versions):
        problems.append("the authorization versions stored differ from the journals' records")
    for authorization_id in sorted(set(stored.heads) | set(replayed.heads)):
        if stored.heads.get(authorization_id) != replayed.heads.get(authorization_id):
            problems.append(
                f"authorization {authorization_id}: stored (version, revoked on, totals)"
                f" {stored.heads.get(authorization_id)!r} but the journal gives {replayed.heads.get(authorization_id)!r}"
            )
    key = lambda e: (e.cooperative_approach_id, e.entity_id)  # noqa: E731
    if sorted(stored.entities, key=key) != sorted(replayed.entities, key=key):
        problems.append("the authorized entities stored differ from the journals' registrations")
    if stored.ndcs != replayed.ndcs:
        problems.append("the NDC definitions stored differ from the journals' records")
    if stored.standings != replayed.standings:
        problems.append("the Parties' standing versions stored differ from the journals' records")
    return problems


def _check_counters(counters: dict[RegistryCode, int], replayed: LedgerSnapshot) -> list[str]:
    opened: dict[RegistryCode, int] = defaultdict(int)
    for account in replayed.accounts.values():
        opened[account.registry] = max(opened[account.registry], split_account_id(account.id)[1])
    return [
        f"registry {code}: next account number is {counters[code]} but the journal has opened {opened[code]}"
        for code in sorted(counters)
        if counters[code] != opened[code] + 1
    ]


def _describe(block: UnitBlock) -> str:
    a = block.attributes
    return (
        f"{block.account_id} {block.serials} ({block.quantity} t, {a.unit_kind.value}, {a.cooperative_approach_id},"
        f" project {a.project_id}/{a.monitoring_period_id})"
    )


def _last_movement(block: UnitBlock, movements: list[Movement]) -> str | None:
    for m in reversed(movements):
        if m.serials.space == block.space and m.serials.first <= block.serial_last and m.serials.last >= block.serial_first:
            return f"{m.registry}#{m.seq}"
    return None
