"""A whole-ledger snapshot and the invariants every snapshot must satisfy.

The invariants, as sentences (`docs/ledger.md` has them too):
1. Within a serial space no two blocks share a serial.
2. Every block is held by an account that exists.
3. Conservation: in every serial space the blocks tile exactly the serials issued so far, 1..next-1:
   each issued unit is held by exactly one account, terminal accounts included; none is lost, none is
   counted twice.
4. A closed holding account holds nothing.
5. Under every decision, units issued never exceed the amount decided, and the decisions of a registry
   account for every unit it originated.
`check_invariants` returns the broken ones as messages; an empty list means the snapshot is sound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from setu.domain.accounts import Account, AccountStatus, Registry
from setu.domain.blocks import SerialSpace, UnitBlock
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.decisions import DecisionRecord


@dataclass(frozen=True)
class LedgerSnapshot:
    """Everything the ledger holds at one moment, in comparable form."""

    registries: dict[RegistryCode, Registry] = field(default_factory=dict)
    accounts: dict[AccountId, Account] = field(default_factory=dict)
    blocks: tuple[UnitBlock, ...] = ()
    next_serial: dict[SerialSpace, int] = field(default_factory=dict)
    decisions: dict[tuple[RegistryCode, str], DecisionRecord] = field(default_factory=dict)

    def blocks_by_space(self) -> dict[SerialSpace, list[UnitBlock]]:
        """Blocks grouped by serial space, each group in serial order."""
        grouped: dict[SerialSpace, list[UnitBlock]] = defaultdict(list)
        for block in self.blocks:
            grouped[block.space].append(block)
        for group in grouped.values():
            group.sort(key=lambda b: b.serial_first)
        return grouped

    def holdings(self) -> dict[AccountId, int]:
        """Units held per account."""
        totals: dict[AccountId, int] = defaultdict(int)
        for block in self.blocks:
            totals[block.account_id] += block.quantity
        return dict(totals)


def check_invariants(snapshot: LedgerSnapshot) -> list[str]:
    """Every invariant the snapshot breaks, as a message naming the units or accounts concerned."""
    problems: list[str] = []
    by_space = snapshot.blocks_by_space()
    for space in sorted(set(by_space) | set(snapshot.next_serial), key=str):
        problems.extend(_check_space(space, by_space.get(space, []), snapshot.next_serial.get(space, 1)))
    for block in snapshot.blocks:
        if block.account_id not in snapshot.accounts:
            problems.append(f"orphan block: {block.serials} is held by {block.account_id}, which does not exist")
    held = snapshot.holdings()
    for account in snapshot.accounts.values():
        if account.status is AccountStatus.CLOSED and not account.type.is_terminal and held.get(account.id):
            problems.append(f"closed holding account {account.id} holds {held[account.id]} t")
    problems.extend(_check_decisions(snapshot.decisions.values(), snapshot.next_serial))
    return problems


def _check_space(space: SerialSpace, blocks: list[UnitBlock], next_serial: int) -> Iterable[str]:
    expected = 1
    for block in blocks:
        if block.serial_first < expected:
            yield f"overlap: {space} serial {block.serial_first} is in two blocks"
        elif block.serial_first > expected:
            yield f"lost units: {space} serials {expected}-{block.serial_first - 1} are issued but held by no account"
        expected = max(expected, block.serial_last + 1)
    if expected < next_serial:
        yield f"lost units: {space} serials {expected}-{next_serial - 1} are issued but held by no account"
    elif expected > next_serial:
        yield f"unissued units: {space} serials {next_serial}-{expected - 1} are held but were never issued"


def _check_decisions(decisions: Iterable[DecisionRecord], next_serial: dict[SerialSpace, int]) -> Iterable[str]:
    issued_by_registry: dict[RegistryCode, int] = defaultdict(int)
    for d in decisions:
        if d.issued_quantity > d.decided_quantity:
            yield f"decision {d.registry}/{d.decision_id}: {d.issued_quantity} t issued, above {d.decided_quantity} t decided"
        issued_by_registry[d.registry] += d.issued_quantity
    originated: dict[RegistryCode, int] = defaultdict(int)
    for space, nxt in next_serial.items():
        originated[space.originating_registry] += nxt - 1
    for registry in sorted(set(originated) | set(issued_by_registry)):
        if originated[registry] != issued_by_registry[registry]:
            yield (
                f"registry {registry}: {originated[registry]} t numbered but decisions account for"
                f" {issued_by_registry[registry]} t"
            )
