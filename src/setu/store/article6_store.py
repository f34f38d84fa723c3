"""The SQL implementation of the services' `Article6Store` port. It never commits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from setu.domain.article6.authorization import Authorization
from setu.domain.article6.participation import Standing, parse_standing
from setu.domain.article6.records import (
    AuthorizedEntity,
    CooperativeApproach,
    approach_from_json,
    approach_to_json,
    authorization_from_json,
    authorization_to_json,
    entity_from_json,
    entity_to_json,
)
from setu.domain.article6.unit_rules import AuthorizationTotals
from setu.domain.codes import RegistryCode
from setu.domain.journal import canonical_json
from setu.store.article6_schema import (
    a6_approach,
    a6_authorization,
    a6_authorization_version,
    a6_entity,
    a6_ndc,
    a6_standing,
)


class SqlArticle6Store:
    """Article 6 records on the unit of work's connection and transaction."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._dialect = postgresql if connection.dialect.name == "postgresql" else sqlite

    def _inserted(self, table, **values) -> bool:  # type: ignore[no-untyped-def]
        """INSERT ... ON CONFLICT DO NOTHING; True if this row went in."""
        key = next(iter(table.primary_key.columns))
        statement = self._dialect.insert(table).values(**values).on_conflict_do_nothing().returning(key)
        return self._c.execute(statement).first() is not None

    # -- cooperative approaches ----------------------------------------------------------------
    def approaches(self, registry: RegistryCode) -> dict[str, CooperativeApproach]:
        rows = self._c.execute(select(a6_approach.c.body).where(a6_approach.c.registry_code == registry))
        found = [approach_from_json(json.loads(r.body)) for r in rows]
        return {a.cooperative_approach_id: a for a in found}

    def add_approach(self, registry: RegistryCode, approach: CooperativeApproach) -> bool:
        return self._inserted(a6_approach, registry_code=registry,
                              cooperative_approach_id=approach.cooperative_approach_id,
                              body=canonical_json(approach_to_json(approach)))

    def all_approaches(self) -> dict[tuple[RegistryCode, str], CooperativeApproach]:
        rows = self._c.execute(select(a6_approach))
        return {(RegistryCode(r.registry_code), r.cooperative_approach_id): approach_from_json(json.loads(r.body)) for r in rows}

    # -- authorizations ------------------------------------------------------------------------
    def authorization(self, authorization_id: str, *, lock: bool) -> tuple[Authorization, AuthorizationTotals] | None:
        """The latest version (with its revocation) and the running totals; `lock` takes the row exclusively."""
        query = select(a6_authorization).where(a6_authorization.c.authorization_id == authorization_id)
        if lock and self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        head = self._c.execute(query).first()
        if head is None:
            return None
        body = self._c.execute(
            select(a6_authorization_version.c.body).where(
                a6_authorization_version.c.authorization_id == authorization_id,
                a6_authorization_version.c.version == head.latest_version,
            )
        ).scalar_one()
        latest = authorization_from_json(json.loads(body))
        if head.revoked_on is not None:
            latest = replace(latest, revoked_on=date.fromisoformat(head.revoked_on))
        return latest, AuthorizationTotals(head.authorized_total, head.first_transferred_total)

    def add_authorization_version(self, version: Authorization) -> bool:
        """Store a version; the first creates the authorization's head row (False if a concurrent request
        created it first), later ones advance it."""
        if version.version == 1:
            if not self._inserted(a6_authorization, authorization_id=version.authorization_id, party=version.party,
                                  latest_version=1, revoked_on=None, authorized_total=0, first_transferred_total=0):
                return False
        else:
            self._c.execute(update(a6_authorization)
                            .where(a6_authorization.c.authorization_id == version.authorization_id)
                            .values(latest_version=version.version))
        self._c.execute(insert(a6_authorization_version).values(
            authorization_id=version.authorization_id, version=version.version,
            body=canonical_json(authorization_to_json(version))))
        return True

    def revoke(self, authorization_id: str, day: date) -> None:
        self._c.execute(update(a6_authorization).where(a6_authorization.c.authorization_id == authorization_id)
                        .values(revoked_on=day.isoformat()))

    def set_totals(self, authorization_id: str, totals: AuthorizationTotals) -> None:
        self._c.execute(update(a6_authorization).where(a6_authorization.c.authorization_id == authorization_id)
                        .values(authorized_total=totals.authorized, first_transferred_total=totals.first_transferred))

    def authorization_versions(self) -> list[Authorization]:
        """Every stored version, by id and version (revocations are on the heads, not the versions)."""
        rows = self._c.execute(select(a6_authorization_version.c.body).order_by(
            a6_authorization_version.c.authorization_id, a6_authorization_version.c.version))
        return [authorization_from_json(json.loads(r.body)) for r in rows]

    def authorization_heads(self) -> dict[str, tuple[int, str | None, AuthorizationTotals]]:
        """Per authorization: latest version, revocation date (ISO) and totals."""
        rows = self._c.execute(select(a6_authorization))
        return {r.authorization_id: (r.latest_version, r.revoked_on,
                                     AuthorizationTotals(r.authorized_total, r.first_transferred_total)) for r in rows}

    # -- entities ------------------------------------------------------------------------------
    def entity(self, cooperative_approach_id: str, entity_id: str) -> AuthorizedEntity | None:
        body = self._c.execute(select(a6_entity.c.body).where(
            a6_entity.c.cooperative_approach_id == cooperative_approach_id, a6_entity.c.entity_id == entity_id)
        ).scalar()
        return entity_from_json(json.loads(body)) if body is not None else None

    def add_entity(self, entity: AuthorizedEntity) -> bool:
        return self._inserted(a6_entity, cooperative_approach_id=entity.cooperative_approach_id,
                              entity_id=entity.entity_id, party=entity.party,
                              body=canonical_json(entity_to_json(entity)))

    def entities(self) -> list[AuthorizedEntity]:
        rows = self._c.execute(select(a6_entity.c.body).order_by(a6_entity.c.cooperative_approach_id,
                                                                 a6_entity.c.entity_id))
        return [entity_from_json(json.loads(r.body)) for r in rows]

    # -- NDC definitions -----------------------------------------------------------------------
    def latest_ndc(self, party: str) -> tuple[int, dict[str, Any]] | None:
        row = self._c.execute(select(a6_ndc).where(a6_ndc.c.party == party).order_by(a6_ndc.c.version.desc())
                              .limit(1)).first()
        return (row.version, json.loads(row.body)) if row is not None else None

    def add_ndc(self, party: str, version: int, document: dict[str, Any]) -> bool:
        """Store a version; False when that version was recorded concurrently."""
        return self._inserted(a6_ndc, party=party, version=version, body=canonical_json(document))

    def ndcs(self) -> dict[tuple[str, int], dict[str, Any]]:
        return {(r.party, r.version): json.loads(r.body) for r in self._c.execute(select(a6_ndc))}

    # -- Parties' standing ----------------------------------------------------------------------
    def standings(self, party: str) -> list[Standing]:
        rows = self._c.execute(select(a6_standing).where(a6_standing.c.party == party).order_by(a6_standing.c.version))
        return [parse_standing(json.loads(r.body), version=r.version) for r in rows]

    def add_standing(self, party: str, version: int, document: dict[str, Any]) -> bool:
        """Store a version; False when that version was recorded concurrently."""
        return self._inserted(a6_standing, party=party, version=version, body=canonical_json(document))

    def all_standings(self) -> dict[tuple[str, int], dict[str, Any]]:
        return {(r.party, r.version): json.loads(r.body) for r in self._c.execute(select(a6_standing))}
