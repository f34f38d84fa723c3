"""The Article 6 records a registry keeps besides units: cooperative approaches, authorized entities, and
authorization versions, with the canonical JSON the journal and the store hold them in.

JSON here is what the hash chain covers, so it is canonical and exact: dates as ISO text, the non-GHG
conversion factor as decimal text, enums by their template spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from setu.domain.article6.aef_model import EntityRow, Timeframe
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.vocabulary import ActivityType, FirstTransferDefinition, Metric, Purpose, Sector


@dataclass(frozen=True, slots=True)
class CooperativeApproach:
    """A cooperative approach (`CA0123`) as one registry knows it: its name and participating Parties."""

    cooperative_approach_id: str
    name: str
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuthorizedEntity:
    """An entity a Party authorized to use or cancel ITMOs of a cooperative approach (AEF Table 5)."""

    entity_id: str
    """The id Table 3 names the entity by (`Using/cancelling authorized entity ID`)."""
    party: str
    cooperative_approach_id: str
    authorization_date: date
    name: str
    country: str
    identification_number: str
    conditions: str | None = None
    change_conditions: str | None = None

    def to_row(self) -> EntityRow:
        return EntityRow(
            authorization_date=self.authorization_date, name=self.name, country=self.country,
            identification_number=self.identification_number, cooperative_approach_id=self.cooperative_approach_id,
            conditions=self.conditions, change_conditions=self.change_conditions,
        )


def approach_to_json(a: CooperativeApproach) -> dict[str, Any]:
    return {"cooperative_approach_id": a.cooperative_approach_id, "name": a.name, "parties": list(a.parties)}


def approach_from_json(d: dict[str, Any]) -> CooperativeApproach:
    return CooperativeApproach(d["cooperative_approach_id"], d["name"], tuple(d["parties"]))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def iso_day(value: date | None) -> str | None:
    """ISO text of a date; anything else as it is, so a request's payload can be hashed and its use case
    refuse the value (FIELD_INVALID) instead of failing here."""
    return value.isoformat() if isinstance(value, date) else value


def timeframe_to_json(t: Timeframe | None) -> dict[str, Any] | None:
    if not isinstance(t, Timeframe):
        return t  # None, or garbage the use case refuses (FIELD_INVALID)
    return {"occurred_from": iso_day(t.occurred_from), "occurred_to": iso_day(t.occurred_to),
            "use_from": iso_day(t.use_from), "use_to": iso_day(t.use_to)}


def timeframe_from_json(d: dict[str, Any] | None) -> Timeframe | None:
    if d is None:
        return None
    return Timeframe(date.fromisoformat(d["occurred_from"]), date.fromisoformat(d["occurred_to"]),
                     _day(d["use_from"]), _day(d["use_to"]))


def authorization_to_json(a: Authorization) -> dict[str, Any]:
    """One authorization version as canonical JSON."""
    return {
        "party": a.party,
        "authorization_id": a.authorization_id,
        "version": a.version,
        "authorization_date": iso_day(a.authorization_date),
        "cooperative_approach_id": a.cooperative_approach_id,
        "purposes": a.purposes.value,
        "sectors": [s.value for s in a.sectors],
        "first_transfer_definition": a.first_transfer_definition.value if a.first_transfer_definition else None,
        "authorized_quantity": a.authorized_quantity,
        "timeframe": timeframe_to_json(a.timeframe),
        "metric": a.metric.value,
        "non_ghg_metric": a.non_ghg_metric,
        "conversion_factor": str(a.conversion_factor) if a.conversion_factor is not None else None,
        "activity_types": [t.value for t in a.activity_types],
        "authorized_parties": list(a.authorized_parties),
        "authorized_entities": list(a.authorized_entities),
        "oimp_authorized": a.oimp_authorized,
        "terms": a.terms,
        "revoked_on": iso_day(a.revoked_on),
    }


def authorization_from_json(d: dict[str, Any]) -> Authorization:
    """The inverse of `authorization_to_json`."""
    definition = d["first_transfer_definition"]
    return Authorization(
        party=d["party"],
        authorization_id=d["authorization_id"],
        version=d["version"],
        authorization_date=date.fromisoformat(d["authorization_date"]),
        cooperative_approach_id=d["cooperative_approach_id"],
        purposes=Purpose(d["purposes"]),
        sectors=tuple(Sector(s) for s in d["sectors"]),
        first_transfer_definition=FirstTransferDefinition(definition) if definition else None,
        authorized_quantity=d["authorized_quantity"],
        timeframe=timeframe_from_json(d["timeframe"]),
        metric=Metric(d["metric"]),
        non_ghg_metric=d["non_ghg_metric"],
        conversion_factor=Decimal(d["conversion_factor"]) if d["conversion_factor"] is not None else None,
        activity_types=tuple(ActivityType(t) for t in d["activity_types"]),
        authorized_parties=tuple(d["authorized_parties"]),
        authorized_entities=tuple(d["authorized_entities"]),
        oimp_authorized=d["oimp_authorized"],
        terms=d["terms"],
        revoked_on=_day(d["revoked_on"]),
    )


def entity_to_json(e: AuthorizedEntity) -> dict[str, Any]:
    return {
        "entity_id": e.entity_id, "party": e.party, "cooperative_approach_id": e.cooperative_approach_id,
        "authorization_date": iso_day(e.authorization_date), "name": e.name, "country": e.country,
        "identification_number": e.identification_number, "conditions": e.conditions,
        "change_conditions": e.change_conditions,
    }


def entity_from_json(d: dict[str, Any]) -> AuthorizedEntity:
    return AuthorizedEntity(
        entity_id=d["entity_id"], party=d["party"], cooperative_approach_id=d["cooperative_approach_id"],
        authorization_date=date.fromisoformat(d["authorization_date"]), name=d["name"], country=d["country"],
        identification_number=d["identification_number"], conditions=d["conditions"],
        change_conditions=d["change_conditions"],
    )
