"""Rebuild the Article 6 records and running totals from journal events, for `verify`.

The registry core's `Replayer` moves the units; this part keeps what the `a6_*` tables must hold:
cooperative approaches per registry, every authorization version, each authorization's latest version,
revocation and totals (tonnes authorized and first transferred), the authorized entities, and the
Parties' NDC and standing versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from setu.domain.article6.authorization import Authorization
from setu.domain.article6.records import (
    AuthorizedEntity,
    CooperativeApproach,
    approach_from_json,
    authorization_from_json,
    entity_from_json,
)
from setu.domain.article6.unit_rules import AuthorizationTotals
from setu.domain.blocks import UnitKind
from setu.domain.codes import RegistryCode


def changes_from_json(d: dict[str, Any]) -> dict[str, Any]:
    """The attribute changes an Article 6 event records, as `UnitAttributes` field values."""
    allowed = {"authorization_id", "first_transferred", "unit_kind"}
    if not set(d) <= allowed:
        raise ValueError(f"unknown attribute changes {sorted(set(d) - allowed)}")
    return {k: UnitKind(v) if k == "unit_kind" else v for k, v in d.items()}


def _quantity(event: dict[str, Any]) -> int:
    return sum(r["last"] - r["first"] + 1 for r in event["ranges"])


@dataclass
class Article6Replay:
    """The Article 6 records as the journal says they must be."""

    approaches: dict[tuple[RegistryCode, str], CooperativeApproach] = field(default_factory=dict)
    versions: list[Authorization] = field(default_factory=list)
    heads: dict[str, tuple[int, str | None, AuthorizationTotals]] = field(default_factory=dict)
    entities: list[AuthorizedEntity] = field(default_factory=list)
    ndcs: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    standings: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)

    def record(self, registry: RegistryCode, event: dict[str, Any]) -> None:
        """Apply a record event (approach, authorization version, revocation, entity, NDC, standing)."""
        kind = event["event"]
        if kind == "a6-approach-registered":
            approach = approach_from_json(event["approach"])
            self.approaches[(registry, approach.cooperative_approach_id)] = approach
        elif kind == "a6-authorization-recorded":
            version = authorization_from_json(event["authorization"])
            previous = self.heads.get(version.authorization_id)
            if (previous[0] if previous else 0) + 1 != version.version:
                raise ValueError(f"authorization {version.authorization_id} skips to version {version.version}")
            self.versions.append(version)
            self.heads[version.authorization_id] = (
                version.version, previous[1] if previous else None, previous[2] if previous else AuthorizationTotals())
        elif kind == "a6-authorization-revoked":
            latest, _, totals = self.heads[event["authorization_id"]]
            self.heads[event["authorization_id"]] = (latest, event["revoked_on"], totals)
        elif kind == "a6-ndc-recorded":
            self.ndcs[(event["party"], event["version"])] = event["document"]
        elif kind == "a6-standing-recorded":
            self.standings[(event["party"], event["version"])] = event["document"]
        elif kind == "a6-entity-registered":
            self.entities.append(entity_from_json(event["entity"]))
        else:
            raise ValueError(f"unknown event {kind!r}")

    def count(self, event: dict[str, Any]) -> None:
        """Add a unit action's tonnes to its authorization's totals."""
        latest, revoked, totals = self.heads[event["authorization_id"]]
        quantity = _quantity(event)
        self.heads[event["authorization_id"]] = (latest, revoked, AuthorizationTotals(
            totals.authorized + (quantity if event["event"] == "a6-authorization" else 0),
            totals.first_transferred + (quantity if event["first_transfer"] else 0),
        ))
