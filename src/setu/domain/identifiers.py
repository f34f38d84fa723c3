"""The ITMO unique identifier of decision 6/CMA.4 annex I para 5, in both of its forms.

String form (AEF v1, `article6.md` §3.2): `CA0123-IND01-IND-60000-2026`, one string per serial.
Split form (AEF v2, §3.3): separate columns, with First ID and Last ID as integers. The v2
`Party ITMO registry ID` column names the registry where the action was tracked or the units are held
(conflict §9 row 2), so the split form takes the current registry while the string keeps the
originating one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from setu.domain.blocks import UnitBlock
from setu.domain.codes import (
    CooperativeApproachId,
    PartyCode,
    RegistryCode,
    SerialNumber,
    cooperative_approach_id,
    party_code,
    registry_code,
    serial_number,
)

IDENTIFIER_PATTERN = re.compile(r"CA\d{4}-[A-Z]{3}\d{2}-[A-Z]{3}-[1-9]\d{0,2}((\d*)|(,\d{3})*)-\d{4}")
"""The full-match pattern the UNFCCC checker applies to First/Last ID strings."""


@dataclass(frozen=True, slots=True)
class ItmoIdentifier:
    """The five elements of one unit's identifier."""

    cooperative_approach_id: CooperativeApproachId
    originating_registry: RegistryCode
    first_transferring_party: PartyCode
    serial: SerialNumber
    vintage_year: int

    def __str__(self) -> str:
        """The 6/CMA.4 string form; serials are written without thousands separators."""
        return (
            f"{self.cooperative_approach_id}-{self.originating_registry}-"
            f"{self.first_transferring_party}-{self.serial}-{self.vintage_year:04d}"
        )


def parse_identifier(text: str) -> ItmoIdentifier:
    """Read a string identifier; thousands commas in the serial are accepted, as the pattern allows."""
    text = text.strip()
    if not IDENTIFIER_PATTERN.fullmatch(text):
        raise ValueError(f"{text!r} is not an ITMO unique identifier (e.g. CA0123-IND01-IND-1-2026)")
    ca, registry, party, serial, vintage = text.split("-")
    return ItmoIdentifier(
        cooperative_approach_id(ca),
        registry_code(registry),
        party_code(party),
        serial_number(int(serial.replace(",", ""))),
        int(vintage),
    )


def unit_identifier(block: UnitBlock, serial: int) -> ItmoIdentifier:
    """The identifier of one serial inside `block`."""
    if not block.serial_first <= serial <= block.serial_last:
        raise ValueError(f"serial {serial} is not in block {block.serial_first}-{block.serial_last}")
    a = block.attributes
    return ItmoIdentifier(
        a.cooperative_approach_id,
        a.originating_registry,
        a.first_transferring_party,
        SerialNumber(serial),
        a.vintage_year,
    )


def block_identifier_strings(block: UnitBlock) -> tuple[str, str]:
    """First and last unique identifier of a block, string form (AEF v1 First ID / Last ID)."""
    return str(unit_identifier(block, block.serial_first)), str(unit_identifier(block, block.serial_last))


@dataclass(frozen=True, slots=True)
class IdentifierColumns:
    """The AEF v2 split columns for one block (Table 3 Actions, Table 4 Holdings)."""

    cooperative_approach_id: CooperativeApproachId
    party_itmo_registry_id: RegistryCode
    first_transferring_party_id: PartyCode
    first_id: int
    last_id: int
    vintage: int


def block_identifier_columns(block: UnitBlock, current_registry: RegistryCode) -> IdentifierColumns:
    """The v2 split columns of a block held in (or acted on in) `current_registry`."""
    a = block.attributes
    return IdentifierColumns(
        a.cooperative_approach_id,
        current_registry,
        a.first_transferring_party,
        block.serial_first,
        block.serial_last,
        a.vintage_year,
    )
