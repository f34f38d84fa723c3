"""Read-only views: holdings per account and the history of one serial."""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.accounts import Account
from setu.domain.blocks import SerialRange, SerialSpace, UnitBlock
from setu.domain.codes import AccountId, RegistryCode, SerialNumber
from setu.domain.history import Movement
from setu.services.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Holdings:
    """Accounts with the blocks each holds, in serial order."""

    accounts: tuple[Account, ...]
    blocks: dict[AccountId, tuple[UnitBlock, ...]]

    def total(self, account: AccountId) -> int:
        return sum(b.quantity for b in self.blocks.get(account, ()))


def holdings(
    new_uow: UnitOfWorkFactory, *, registry: RegistryCode | None = None, account: AccountId | None = None
) -> Holdings:
    """Every account (optionally of one registry, or just one) and what it holds, from one snapshot."""
    with new_uow(read_only=True) as uow:
        accounts = tuple(uow.ledger.list_accounts(registry, account))
        blocks: dict[AccountId, list[UnitBlock]] = {}
        for block in uow.ledger.blocks_of([a.id for a in accounts]):
            blocks.setdefault(block.account_id, []).append(block)
    return Holdings(accounts, {k: tuple(v) for k, v in blocks.items()})


def block_at(new_uow: UnitOfWorkFactory, space: SerialSpace, serial: int) -> UnitBlock | None:
    """The block that holds `serial` now, if it was ever issued."""
    target = SerialRange(space, SerialNumber(serial), SerialNumber(serial))
    with new_uow(read_only=True) as uow:
        blocks = uow.ledger.blocks_overlapping(target, lock=False)
    return next((b for b in blocks if b.serial_first <= serial <= b.serial_last), None)


@dataclass(frozen=True, slots=True)
class HistoryLine:
    movement: Movement
    recorded_at: str


def serial_history(new_uow: UnitOfWorkFactory, space: SerialSpace, serial: int) -> list[HistoryLine]:
    """Every journal entry that issued or moved `serial`, oldest first."""
    with new_uow(read_only=True) as uow:
        return [HistoryLine(m, at) for m, at in uow.ledger.movements_touching(space, serial)]
