"""Rows of the cycle's tables to domain values and back (JSON columns included)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Row

from setu.domain.cycle.claims import Claim
from setu.domain.cycle.documents import DocumentRecord, Variant
from setu.domain.cycle.forms import Form
from setu.domain.cycle.history import ProjectRecord
from setu.domain.cycle.issuance_plan import IssuedShare, PeriodIssuance
from setu.domain.cycle.requests import IssuanceDecision, details_from_json, details_to_json
from setu.domain.cycle.roles import Role, RoleGrant
from setu.domain.journal import canonical_json


def grant_values(grant: RoleGrant, granted_by: str, granted_at: str) -> dict[str, Any]:
    return {"user_id": grant.user, "role": grant.role.name, "scope": grant.scope, "organisation": grant.organisation,
            "sectoral_scopes": json.dumps(list(grant.sectoral_scopes)), "granted_by": granted_by,
            "granted_at": granted_at}


def grant_from(r: Row) -> RoleGrant:
    return RoleGrant(r.user_id, r.organisation, Role[r.role], r.scope, tuple(json.loads(r.sectoral_scopes)))


def project_values(p: ProjectRecord) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "methodology_id": p.methodology_id,
            "methodology_version": p.methodology_version, "sectoral_scope": p.sectoral_scope,
            "participants": json.dumps(list(p.participants)), "created_by": p.created_by, "created_at": p.created_at}


def project_from(r: Row) -> ProjectRecord:
    return ProjectRecord(r.id, r.name, r.methodology_id, r.methodology_version, r.sectoral_scope,
                         tuple(json.loads(r.participants)), r.created_by, r.created_at)


def document_values(d: DocumentRecord) -> dict[str, Any]:
    return {"id": d.id, "project_id": d.project_id, "period_id": d.period_id, "form": d.form.name,
            "version": d.version, "variant": d.variant.value, "sha256": d.sha256, "size_bytes": d.size_bytes,
            "filename": d.filename, "uploaded_by": d.uploaded_by, "uploaded_at": d.uploaded_at}


def document_from(r: Row) -> DocumentRecord:
    return DocumentRecord(r.id, r.project_id, r.period_id, Form[r.form], int(r.version), Variant(r.variant), r.sha256,
                          int(r.size_bytes), r.filename, r.uploaded_by, r.uploaded_at)


def claim_values(c: Claim) -> dict[str, Any]:
    return {"project_id": c.project_id, "period_id": c.period_id, "subject": c.subject, "start_date": c.start,
            "end_date": c.end}


def claim_from(r: Row) -> Claim:
    return Claim(r.project_id, r.period_id, r.subject, r.start_date, r.end_date)


def issuance_values(i: PeriodIssuance) -> dict[str, Any]:
    return {"project_id": i.project_id, "period_id": i.period_id, "decision_id": i.decision.decision_id,
            "decision": canonical_json(details_to_json(i.decision)), "decided_at": i.decided_at,
            "issued_at": i.issued_at, "shares": shares_json(i.shares) if i.issued_at else None}


def shares_json(shares: tuple[IssuedShare, ...] | list[IssuedShare]) -> str:
    return canonical_json([s.to_json() for s in shares])


def issuance_from(r: Row) -> PeriodIssuance:
    decision = details_from_json(json.loads(r.decision))
    if not isinstance(decision, IssuanceDecision):
        raise ValueError(f"period_issuance {r.project_id}/{r.period_id}: stored decision is not an issuance decision")
    shares = tuple(IssuedShare.from_json(s) for s in json.loads(r.shares)) if r.shares else ()
    return PeriodIssuance(r.project_id, r.period_id, decision, r.decided_at, r.issued_at, shares)
