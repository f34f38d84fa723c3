"""Rebuild the ledger from its journal alone, and check the hash chain on the way.

`verify` (the service) loads every journal entry and the current state; this module replays the
entries into a `LedgerSnapshot` that the service compares with the stored one. Replay applies the same
movement rules as the live ledger, so a journal that was rewritten and re-hashed but moves units its
source did not hold, or moves consumed units, is caught here too.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import replace

from setu.domain.accounts import Account, AccountStatus, AccountType, Registry
from setu.domain.article6.replay import Article6Replay, changes_from_json
from setu.domain.blocks import SerialRange, SerialSpace, UnitBlock, carve
from setu.domain.codes import AccountId, PartyCode, RegistryCode
from setu.domain.decisions import DecisionRecord
from setu.domain.journal import (
    GENESIS_HASH,
    JournalEntry,
    attributes_from_json,
    chain_hash,
    range_from_json,
    transaction_id,
)
from setu.domain.snapshot import LedgerSnapshot


class JournalBroken(Exception):
    """The journal is not what it should be; `entry` names the first bad entry (`IND01#17`)."""

    def __init__(self, entry: str, message: str) -> None:
        super().__init__(f"{entry}: {message}")
        self.entry = entry
        self.message = message


def check_chain(registry: RegistryCode, entries: Iterable[JournalEntry], head: tuple[int, str]) -> None:
    """Check one registry's entries link up from genesis to the registry's recorded head."""
    prev_hash, expected_seq = GENESIS_HASH, 1
    for entry in entries:
        where = f"{registry}#{entry.seq}"
        if entry.seq != expected_seq:
            raise JournalBroken(where, f"sequence jumps from {expected_seq - 1} to {entry.seq}")
        if entry.prev_hash != prev_hash:
            raise JournalBroken(where, "prev_hash does not match the hash of the entry before it")
        if chain_hash(entry.prev_hash, entry.body) != entry.entry_hash:
            raise JournalBroken(where, "entry hash does not match its body: the entry was altered")
        envelope = entry.envelope
        if (envelope.get("registry"), envelope.get("seq"), envelope.get("prev_hash")) != (
            registry, entry.seq, entry.prev_hash
        ):
            raise JournalBroken(where, "body names another registry, sequence or predecessor than its row")
        prev_hash, expected_seq = entry.entry_hash, expected_seq + 1
    if (expected_seq - 1, prev_hash) != head:
        raise JournalBroken(
            f"{registry}#{expected_seq - 1}",
            f"journal ends at sequence {expected_seq - 1} but the registry records head {head[0]}: entries were"
            " removed or the head was altered",
        )


class Replayer:
    """Applies journal events, in order, to an in-memory ledger."""

    def __init__(self) -> None:
        self.registries: dict[RegistryCode, Registry] = {}
        self.accounts: dict[AccountId, Account] = {}
        self.decisions: dict[tuple[RegistryCode, str], DecisionRecord] = {}
        self.next_serial: dict[SerialSpace, int] = {}
        self._firsts: dict[SerialSpace, list[int]] = {}
        self._blocks: dict[SerialSpace, dict[int, UnitBlock]] = {}
        self.article6 = Article6Replay()
        self._sent: dict[str, list] = {}

    def apply(self, entry: JournalEntry) -> None:
        """Apply one entry; raises `JournalBroken` naming it when the event cannot have happened."""
        where = f"{entry.registry}#{entry.seq}"
        try:
            self._apply(entry.registry, entry.event, entry.seq)
        except (KeyError, TypeError, ValueError) as exc:
            raise JournalBroken(where, f"event cannot be replayed: {exc}") from None

    def unacquired(self) -> list[str]:
        """Transfers between Parties whose receiving registry's journal has no acquisition naming them."""
        return sorted(self._sent)

    def snapshot(self) -> LedgerSnapshot:
        blocks = tuple(b for space in self._blocks.values() for b in space.values())
        return LedgerSnapshot(
            dict(self.registries), dict(self.accounts), blocks, dict(self.next_serial), dict(self.decisions)
        )

    def _acquire(self, event: dict) -> None:
        """An acquisition moves nothing: its sending entry did. It must mirror that entry exactly."""
        if self._sent.pop(event["sent_in"], None) != event["ranges"]:
            raise ValueError(f"acquisition does not match a transfer in {event['sent_in']}")
        destination = AccountId(event["destination"])
        for r in event["ranges"]:
            serials = range_from_json(r)
            held = sum(min(b.serial_last, serials.last) - max(b.serial_first, serials.first) + 1
                       for b in self._blocks.get(serials.space, {}).values()
                       if b.account_id == destination and b.serial_first <= serials.last
                       and b.serial_last >= serials.first)
            if held != serials.quantity:
                raise ValueError(f"acquired units {serials} are not held by {destination}")

    def _apply(self, registry: RegistryCode, event: dict, seq: int = 0) -> None:
        kind = event["event"]
        if kind == "registry-created":
            if registry in self.registries:
                raise ValueError(f"registry {registry} created twice")
            self.registries[registry] = Registry(registry, PartyCode(event["party"]), event["name"])
        elif kind == "account-opened":
            account = Account(
                AccountId(event["account"]), registry, AccountType(event["account_type"]), AccountStatus.OPEN,
                event["holder"],
            )
            if registry not in self.registries or account.id in self.accounts:
                raise ValueError(f"account {account.id} opened twice or in a missing registry")
            self.accounts[account.id] = account
        elif kind == "account-status-changed":
            account = self.accounts[AccountId(event["account"])]
            self.accounts[account.id] = replace(account, status=AccountStatus(event["status"]))
        elif kind == "issuance":
            self._issue(registry, event)
        elif kind in ("transfer", "retirement", "cancellation"):
            for r in event["ranges"]:
                self._move(range_from_json(r), AccountId(event["source"]), AccountId(event["destination"]))
        elif kind in ("a6-authorization", "a6-transfer", "a6-consumption"):
            changes = changes_from_json(event["changes"])
            for r in event["ranges"]:
                self._move(range_from_json(r), AccountId(event["source"]), AccountId(event["destination"]), changes)
            self.article6.count(event)
            if kind == "a6-transfer":
                self._sent[transaction_id(registry, seq)] = event["ranges"]
        elif kind == "a6-acquisition":
            self._acquire(event)
        elif kind.startswith("a6-"):
            self.article6.record(registry, event)
        else:
            raise ValueError(f"unknown event {kind!r}")

    def _issue(self, registry: RegistryCode, event: dict) -> None:
        attributes = attributes_from_json(event["attributes"])
        space = attributes.space
        if attributes.originating_registry != registry or event["first"] != self.next_serial.get(space, 1):
            raise ValueError(f"issuance does not continue serial space {space}")
        self._insert(UnitBlock(AccountId(event["account"]), attributes, event["first"], event["last"]))
        self.next_serial[space] = event["last"] + 1
        key = (registry, event["decision_id"])
        quantity = event["last"] - event["first"] + 1
        previous = self.decisions.get(key)
        issued = (previous.issued_quantity if previous else 0) + quantity
        self.decisions[key] = DecisionRecord(
            registry, event["decision_id"], attributes.project_id, event["decided_quantity"], issued
        )

    def _move(
        self, serials: SerialRange, source: AccountId, destination: AccountId, changes: dict | None = None
    ) -> None:
        if self.accounts[source].type.is_terminal:
            raise ValueError(f"units {serials} move out of {source}, where they were already consumed")
        self.accounts[destination]  # noqa: B018 - KeyError if the destination never existed
        firsts, blocks = self._firsts.get(serials.space, []), self._blocks.get(serials.space, {})
        i = max(bisect.bisect_right(firsts, serials.first) - 1, 0)
        expected = serials.first
        touched = []
        while i < len(firsts) and firsts[i] <= serials.last:
            block = blocks[firsts[i]]
            if block.serial_last >= serials.first:
                if block.serial_first > expected or block.account_id != source:
                    raise ValueError(f"units {serials} are not all held by {source}")
                touched.append(block)
                expected = block.serial_last + 1
            i += 1
        if expected <= serials.last:
            raise ValueError(f"units {serials} are not all held by {source}")
        for block in touched:
            self._remove(block)
            for piece in carve(block, serials.first, serials.last, destination):
                if changes and serials.first <= piece.serial_first and piece.serial_last <= serials.last:
                    piece = replace(piece, attributes=replace(piece.attributes, **changes))
                self._insert(piece)

    def _insert(self, block: UnitBlock) -> None:
        bisect.insort(self._firsts.setdefault(block.space, []), block.serial_first)
        self._blocks.setdefault(block.space, {})[block.serial_first] = block

    def _remove(self, block: UnitBlock) -> None:
        firsts = self._firsts[block.space]
        del firsts[bisect.bisect_left(firsts, block.serial_first)]
        del self._blocks[block.space][block.serial_first]

