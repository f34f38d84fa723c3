"""The Agreed Electronic Format (AEF) as values: one frozen row type per table, independent of any workbook.

A Party's annual information for one reported year is an `AefReport`: Table 1 `Submission`, Table 2
`AuthorizationRow`s, Table 3 `ActionRow`s, Table 4 `HoldingRow`s and Table 5 `EntityRow`s (`article6.md`
§4.3). The export renders these values into the secretariat's template layout; the reader parses any
AEF workbook back into them, so the cross-record checks (X1-X18) run on values, not cells.

Identifiers are stored as components (§9 row 1): an `ItmoBlock` knows its cooperative approach, its
originating registry, the registry where it is now tracked, its first-transferring Party, its serial
range and its vintage, and renders the 6/CMA.4 string form (`CA0123-IND01-IND-1-2026`) or the v2 split
columns on demand. `source` on a row says where a read row came from (`'Table 3 Actions'!A12`), so
findings can point at a cell; rows setu builds leave it None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from setu.domain.article6.vocabulary import (
    ActionSubtype,
    ActionType,
    ActivityType,
    FirstTransferDefinition,
    Metric,
    MitigationType,
    Purpose,
    Sector,
    UnderlyingRegistry,
)

ITMO_IDENTIFIER = re.compile(
    r"(?P<ca>CA\d{4})-(?P<registry>[A-Z]{3}\d{2})-(?P<party>[A-Z]{3})-(?P<serial>[1-9]\d{0,2}((\d*)|(,\d{3})*))-(?P<vintage>\d{4})"
)
"""The 6/CMA.4 annex I para 5 string form, as the staff checker matches it (§3.2)."""


class IdStyle(Enum):
    """Which template generation the identifiers follow (§4.2, §3.3)."""

    V1 = "v1"
    """2024 template: First/Last ID hold the full identifier string; five action types."""
    V2 = "v2"
    """4/CMA.6: First/Last ID are integer serials, the other elements in their own columns."""


def itmo_identifier(ca: str, originating_registry: str, party: str, serial: int, vintage: int) -> str:
    """`CA0123-IND01-IND-60000-2026`: serial without thousands separators (§3.2)."""
    return f"{ca}-{originating_registry}-{party}-{serial}-{vintage}"


@dataclass(frozen=True, slots=True)
class ParsedIdentifier:
    """The five elements of an identifier string."""

    cooperative_approach_id: str
    originating_registry: str
    first_transferring_party: str
    serial: int
    vintage: int


def parse_itmo_identifier(text: str, *, field: str) -> ParsedIdentifier:
    """Split an identifier string; thousands commas in the serial are accepted (§3.2)."""
    match = ITMO_IDENTIFIER.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"{field}: {text!r} is not an ITMO unique identifier as per 6/CMA.4 annex I para 5"
            " (e.g. CA0123-IND01-IND-1-2026)"
        )
    return ParsedIdentifier(
        match["ca"], match["registry"], match["party"], int(match["serial"].replace(",", "")), int(match["vintage"])
    )


@dataclass(frozen=True, slots=True)
class Submission:
    """Table 1: who reports which year. The CARP-filled fields are not values here (the template's placeholders)."""

    party: str
    """ISO alpha-3 (`IND`); the 2024 template renders the name (`India`)."""
    version: str
    """`X.Y`, `1.0` first."""
    reported_year: int
    submission_date: date
    ndc_first_year: int
    ndc_last_year: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Timeframe:
    """`Authorized timeframe`, stored as structured dates (§9 row 6): when mitigation may occur and be used."""

    occurred_from: date
    occurred_to: date
    use_from: date | None = None
    use_to: date | None = None


@dataclass(frozen=True, slots=True)
class AuthorizationRow:
    """Table 2: one authorization version."""

    authorization_id: str
    authorization_date: date
    cooperative_approach_id: str
    version: int
    authorized_quantity: int | None
    metric: Metric
    purposes: Purpose
    sectors: tuple[Sector, ...]
    activity_types: tuple[ActivityType, ...] = ()
    gwp_values: str | None = None
    non_ghg_metric: str | None = None
    authorized_parties: tuple[str, ...] = ()
    authorized_entities: tuple[str, ...] = ()
    oimp_authorized: str | None = None
    """What OIMP the Party authorizes (e.g. `CORSIA`); only when the purposes include OIMP/IMP/OP."""
    timeframe: Timeframe | None = None
    terms: str | None = None
    first_transfer_definition: FirstTransferDefinition | None = None
    """Required when OIMP is authorized (D6 note p); `NA` (None) otherwise."""
    explanation: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ItmoBlock:
    """A homogeneous serial block as Tables 3 and 4 describe it."""

    cooperative_approach_id: str
    first_transferring_party: str
    registry: str
    """`Party ITMO registry ID`: where the action was tracked / the units are held (v2 reading, §9 row 2)."""
    originating_registry: str
    """The identifier's element (b), used in the string form and for serial uniqueness."""
    first_serial: int
    last_serial: int
    vintage: int
    metric: Metric = Metric.GHG
    mitigation_type: MitigationType = MitigationType.EMISSION_REDUCTIONS
    quantity: int | None = None
    """`Quantity (t CO2 eq)`; None means `last_serial - first_serial + 1` (GHG blocks)."""
    underlying_registry: UnderlyingRegistry = UnderlyingRegistry.NA
    first_unit_id: str | None = None
    last_unit_id: str | None = None
    gwp_values: str | None = None
    non_ghg_metric: str | None = None
    quantity_non_ghg: int | None = None

    @property
    def tonnes(self) -> int:
        """The block's quantity in t CO2 eq."""
        return self.quantity if self.quantity is not None else self.last_serial - self.first_serial + 1

    @property
    def first_identifier(self) -> str:
        return itmo_identifier(self.cooperative_approach_id, self.originating_registry,
                               self.first_transferring_party, self.first_serial, self.vintage)

    @property
    def last_identifier(self) -> str:
        return itmo_identifier(self.cooperative_approach_id, self.originating_registry,
                               self.first_transferring_party, self.last_serial, self.vintage)


@dataclass(frozen=True, slots=True)
class ActionRow:
    """Table 3: one block undergoing one action on one date."""

    action_date: date
    action_type: ActionType
    authorization_id: str
    block: ItmoBlock
    subtype: ActionSubtype | None = None
    transferring_party: str | None = None
    """Only for `Acquisition` (§4.4)."""
    acquiring_party: str | None = None
    """Only for `First transfer` to a Party and `Transfer`."""
    oimp_purpose: str | None = None
    """`Purpose for which the ITMO has been used towards or cancelled for OIMP` (e.g. `CORSIA`)."""
    using_party: str | None = None
    using_entity: str | None = None
    ndc_use_year: int | None = None
    """Only for `Use` towards the NDC: the calendar year the ITMOs are used for."""
    explanation: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class HoldingRow:
    """Table 4: a block held at 31 December of the reported year."""

    authorization_id: str
    block: ItmoBlock
    source: str | None = None


@dataclass(frozen=True, slots=True)
class EntityRow:
    """Table 5: an entity the Party authorized to use or cancel ITMOs."""

    authorization_date: date
    name: str
    country: str
    """ISO alpha-3; the 2024 template renders the country name."""
    identification_number: str
    cooperative_approach_id: str
    conditions: str | None = None
    change_conditions: str | None = None
    explanation: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class AefReport:
    """One Party's annual information for one reported year."""

    submission: Submission
    authorizations: tuple[AuthorizationRow, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    holdings: tuple[HoldingRow, ...] = ()
    entities: tuple[EntityRow, ...] = field(default_factory=tuple)
