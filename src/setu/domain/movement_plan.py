"""Plan a movement of units: which blocks change and how they split.

The service loads (and locks) the candidate blocks; these pure functions decide, with the unit-level
rules `UNIT_ALREADY_CONSUMED`, `UNIT_NOT_HELD` and `QTY_EXCEEDS_BALANCE`, and return a `MovePlan` the
store applies. Nothing here reads or writes anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from setu.domain.blocks import SerialRange, UnitBlock, carve, split_for_quantity
from setu.domain.codes import AccountId
from setu.domain.rejections import Rejection, RejectionCode
from setu.domain.requests import BySerials


@dataclass(frozen=True, slots=True)
class BlockChange:
    """`original` is replaced by `pieces`, which tile its serial range exactly, lowest first."""

    original: UnitBlock
    pieces: tuple[UnitBlock, ...]


@dataclass(frozen=True, slots=True)
class MovePlan:
    """Every block a movement changes, and the serial ranges that change hands."""

    changes: tuple[BlockChange, ...]
    moved: tuple[SerialRange, ...]

    @property
    def quantity(self) -> int:
        return sum(r.quantity for r in self.moved)


def _moved_ranges(changes: Sequence[BlockChange], destination: AccountId) -> tuple[SerialRange, ...]:
    return tuple(p.serials for c in changes for p in c.pieces if p.account_id == destination)


def plan_by_quantity(
    blocks: Sequence[UnitBlock], quantity: int, source: AccountId, destination: AccountId
) -> MovePlan | Rejection:
    """Take `quantity` units from `blocks` (the source's blocks in pick order) for `destination`.

    Whole blocks go first; the last block is split so that the holder keeps its lower serials.
    """
    remaining = quantity
    changes: list[BlockChange] = []
    for block in blocks:
        if remaining == 0:
            break
        if block.account_id != source:
            raise ValueError(f"block {block.serials} is not held by {source}")
        take = min(remaining, block.quantity)
        changes.append(BlockChange(block, split_for_quantity(block, take, destination)))
        remaining -= take
    if remaining:
        held = quantity - remaining
        return Rejection(
            RejectionCode.QTY_EXCEEDS_BALANCE,
            f"account {source} holds {held} t of the units asked for; {quantity} t requested",
        )
    return MovePlan(tuple(changes), _moved_ranges(changes, destination))


def plan_by_serials(
    blocks: Sequence[UnitBlock],
    selection: BySerials,
    source: AccountId,
    destination: AccountId,
    is_terminal: Callable[[AccountId], bool],
) -> MovePlan | Rejection:
    """Move exactly the selected serials from `source` to `destination`.

    `blocks` are every block of the serial space that overlaps the range, in serial order.
    `is_terminal` tells whether a holder is a retirement or cancellation account.
    """
    serials = selection.serials
    overlapping = [b for b in blocks if b.serial_first <= serials.last and b.serial_last >= serials.first]
    for block in overlapping:
        a = block.attributes
        wanted = (selection.cooperative_approach_id or a.cooperative_approach_id,
                  selection.first_transferring_party or a.first_transferring_party)
        if (a.cooperative_approach_id, a.first_transferring_party) != wanted:
            lo = max(block.serial_first, serials.first)
            return Rejection(
                RejectionCode.UNIT_NOT_HELD,
                f"no unit {wanted[0]}-{serials.space.originating_registry}-{wanted[1]}-{lo}-"
                f"{serials.space.vintage_year} exists: serial {serials.space}/{lo} is"
                f" {a.cooperative_approach_id}/{a.first_transferring_party}",
            )
    for block in overlapping:
        if is_terminal(block.account_id):
            lo, hi = max(block.serial_first, serials.first), min(block.serial_last, serials.last)
            return Rejection(
                RejectionCode.UNIT_ALREADY_CONSUMED,
                f"serials {serials.space}/{lo}-{hi} are already used or cancelled (in {block.account_id})",
            )
    expected = serials.first
    for block in overlapping:
        if block.serial_first > expected or block.account_id != source:
            first_missing = expected if block.serial_first > expected else max(block.serial_first, serials.first)
            return _not_held(serials, source, first_missing)
        expected = block.serial_last + 1
    if expected <= serials.last:
        return _not_held(serials, source, expected)
    changes = tuple(BlockChange(b, carve(b, serials.first, serials.last, destination)) for b in overlapping)
    return MovePlan(changes, (serials,))


def _not_held(serials: SerialRange, source: AccountId, serial: int) -> Rejection:
    return Rejection(
        RejectionCode.UNIT_NOT_HELD,
        f"serial {serials.space}/{serial} (of {serials}) is not held by {source}",
    )
