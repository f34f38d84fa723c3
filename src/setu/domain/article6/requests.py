"""Article 6 requests, as frozen values with the canonical payload their idempotency key guards.

Each names the registry whose journal records it (for a transfer between Parties: the sending one; the
receiving registry records the acquisition in the same transaction). Records (cooperative approach,
authorization version, revocation, entity) are journaled in the Party's registry; unit actions in the
registry that holds the units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from setu.domain.article6.authorization import Authorization
from setu.domain.article6.records import AuthorizedEntity, authorization_to_json, entity_to_json, iso_day
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.requests import BySerials, Selection


def _selection(selection: Selection) -> dict[str, Any]:
    return {"by": "serials" if isinstance(selection, BySerials) else "quantity", **selection.payload()}


@dataclass(frozen=True, slots=True)
class RegisterApproach:
    """Record that `registry` takes part in cooperative approach `cooperative_approach_id`."""

    idempotency_key: str
    registry: RegistryCode
    cooperative_approach_id: str
    name: str
    parties: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-register-approach", "registry": self.registry, "cooperative_approach_id":
                self.cooperative_approach_id, "name": self.name, "parties": list(self.parties)}


@dataclass(frozen=True, slots=True)
class RecordAuthorization:
    """Record a new version of a Party's authorization (version 1 creates it)."""

    idempotency_key: str
    registry: RegistryCode
    authorization: Authorization

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-record-authorization", "registry": self.registry,
                "authorization": authorization_to_json(self.authorization)}


@dataclass(frozen=True, slots=True)
class RevokeAuthorization:
    """Revoke an authorization from `revoked_on`: no new authorizations or first transfers under it."""

    idempotency_key: str
    registry: RegistryCode
    authorization_id: str
    revoked_on: date
    reason: str

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-revoke-authorization", "registry": self.registry, "authorization_id":
                self.authorization_id, "revoked_on": iso_day(self.revoked_on), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RegisterEntity:
    """Record an entity the Party authorizes to use or cancel ITMOs."""

    idempotency_key: str
    registry: RegistryCode
    entity: AuthorizedEntity

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-register-entity", "registry": self.registry, "entity": entity_to_json(self.entity)}


@dataclass(frozen=True, slots=True)
class AuthorizeUnits:
    """Authorize mitigation outcomes held in `account` under `authorization_id` (AEF `Authorization`)."""

    idempotency_key: str
    registry: RegistryCode
    account: AccountId
    selection: Selection
    authorization_id: str

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-authorize", "registry": self.registry, "account": self.account,
                "authorization_id": self.authorization_id, **_selection(self.selection)}


@dataclass(frozen=True, slots=True)
class TransferUnits:
    """Transfer units from `source` (in `registry`) to `destination` in another Party's registry.

    The sending registry records a `First transfer` or a `Transfer`, the receiving one an `Acquisition`.
    """

    idempotency_key: str
    registry: RegistryCode
    source: AccountId
    destination: AccountId
    selection: Selection
    authorization_id: str | None = None
    """For a pick by quantity: take only units under this authorization."""

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-transfer", "registry": self.registry, "source": self.source,
                "destination": self.destination, "authorization_id": self.authorization_id,
                **_selection(self.selection)}


@dataclass(frozen=True, slots=True)
class ConsumeUnits:
    """Use or cancel units: the destination account's type says which.

    retirement: use towards the Party's NDC for `ndc_year`; oimp-use: use for `oimp_purpose`;
    cancellation / voluntary-cancellation / omge-cancellation: those cancellations.
    """

    idempotency_key: str
    registry: RegistryCode
    source: AccountId
    destination: AccountId
    selection: Selection
    ndc_year: int | None = None
    oimp_purpose: str | None = None
    using_entity: str | None = None
    authorization_id: str | None = None
    """For a pick by quantity: take only units under this authorization."""

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-consume", "registry": self.registry, "source": self.source,
                "destination": self.destination, "ndc_year": self.ndc_year, "oimp_purpose": self.oimp_purpose,
                "using_entity": self.using_entity, "authorization_id": self.authorization_id,
                **_selection(self.selection)}


@dataclass(frozen=True, slots=True)
class RecordNdc:
    """Record a new version of a Party's NDC definition and inventory (`ndc_document.py` format)."""

    idempotency_key: str
    registry: RegistryCode
    document: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-record-ndc", "registry": self.registry, "document": self.document}



@dataclass(frozen=True, slots=True)
class RecordStanding:
    """Record a new version of a Party's Article 6 standing (`participation.py` format)."""

    idempotency_key: str
    registry: RegistryCode
    document: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"op": "a6-record-standing", "registry": self.registry, "document": self.document}
