"""Unit blocks: contiguous serial ranges of identical units, and how they split.

A block holds serials `serial_first..serial_last` (inclusive) of units that share every attribute in
`UnitAttributes`. Serials are unique within a *serial space*, the pair (originating registry, vintage):
`article6.md` §7.3 numbers each vintage from 1 in its originating registry, and a unit keeps its serials
for life wherever it is held. A partial move splits a block: the holder keeps the lower range and the
receiver gets the upper one (`article6.md` §3.4). Every piece inherits every attribute and flag.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from setu.domain.codes import (
    AccountId,
    CooperativeApproachId,
    PartyCode,
    RegistryCode,
    SerialNumber,
)

FIRST_VINTAGE_YEAR = 2013
"""The JCM's first crediting year; Article 6 ITMOs further need vintage 2021 or later (a later rule)."""
LAST_VINTAGE_YEAR = 2100


class UnitKind(Enum):
    """What a unit is: a JCM credit, a mitigation outcome, or an ITMO (after its first transfer)."""

    JCM_CREDIT = "jcm-credit"
    MITIGATION_OUTCOME = "mitigation-outcome"
    ITMO = "itmo"


@dataclass(frozen=True, slots=True)
class SerialSpace:
    """The scope in which serial numbers are unique and never reused."""

    originating_registry: RegistryCode
    vintage_year: int

    def __str__(self) -> str:
        return f"{self.originating_registry}/{self.vintage_year}"


@dataclass(frozen=True, slots=True)
class UnitAttributes:
    """Everything that makes two units interchangeable. Units in one block share all of it."""

    unit_kind: UnitKind
    cooperative_approach_id: CooperativeApproachId
    originating_registry: RegistryCode
    first_transferring_party: PartyCode
    vintage_year: int
    project_id: str
    monitoring_period_id: str
    authorization_id: str | None = None
    first_transferred: bool = False

    @property
    def space(self) -> SerialSpace:
        """The serial space these units are numbered in."""
        return SerialSpace(self.originating_registry, self.vintage_year)


@dataclass(frozen=True, slots=True)
class SerialRange:
    """An inclusive range of serials in one serial space."""

    space: SerialSpace
    first: SerialNumber
    last: SerialNumber

    @property
    def quantity(self) -> int:
        """Number of units (tonnes) in the range."""
        return self.last - self.first + 1

    def __str__(self) -> str:
        """`IND01/2026/701-1000`: the form the CLI reads back."""
        return f"{self.space}/{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class UnitBlock:
    """A contiguous serial range of identical units held by one account."""

    account_id: AccountId
    attributes: UnitAttributes
    serial_first: SerialNumber
    serial_last: SerialNumber

    def __post_init__(self) -> None:
        if not 1 <= self.serial_first <= self.serial_last:
            raise ValueError(f"block range {self.serial_first}-{self.serial_last} is empty or not positive")

    @property
    def quantity(self) -> int:
        """Number of units (tonnes) in the block: last - first + 1."""
        return self.serial_last - self.serial_first + 1

    @property
    def space(self) -> SerialSpace:
        """The serial space of the block's units."""
        return self.attributes.space

    @property
    def serials(self) -> SerialRange:
        """The block's serial range."""
        return SerialRange(self.space, self.serial_first, self.serial_last)

    def piece(self, first: int, last: int, account_id: AccountId) -> UnitBlock:
        """The sub-range `first..last` of this block, held by `account_id`, with every attribute kept."""
        if not self.serial_first <= first <= last <= self.serial_last:
            raise ValueError(f"{first}-{last} is not inside block {self.serial_first}-{self.serial_last}")
        return replace(self, account_id=account_id, serial_first=SerialNumber(first), serial_last=SerialNumber(last))


def split_for_quantity(block: UnitBlock, quantity: int, receiver: AccountId) -> tuple[UnitBlock, ...]:
    """Move `quantity` units of `block` to `receiver`: the holder keeps the lower range.

    Returns the pieces that replace `block`, lowest serials first: the kept piece (if any) then the
    moved one.
    """
    if not 1 <= quantity <= block.quantity:
        raise ValueError(f"cannot take {quantity} units from a block of {block.quantity}")
    cut = block.serial_last - quantity + 1
    moved = block.piece(cut, block.serial_last, receiver)
    if cut == block.serial_first:
        return (moved,)
    return (block.piece(block.serial_first, cut - 1, block.account_id), moved)


def carve(block: UnitBlock, first: int, last: int, receiver: AccountId) -> tuple[UnitBlock, ...]:
    """Move the serials `first..last` (clipped to the block) to `receiver`.

    Returns the pieces that replace `block`, lowest serials first; pieces outside the range stay with
    the holder.
    """
    lo, hi = max(first, block.serial_first), min(last, block.serial_last)
    pieces = []
    if lo > block.serial_first:
        pieces.append(block.piece(block.serial_first, lo - 1, block.account_id))
    pieces.append(block.piece(lo, hi, receiver))
    if hi < block.serial_last:
        pieces.append(block.piece(hi + 1, block.serial_last, block.account_id))
    return tuple(pieces)
