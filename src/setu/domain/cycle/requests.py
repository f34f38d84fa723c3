"""Requests to the project cycle as frozen values, each with the canonical payload its idempotency key guards.

Three actions carry figures beyond who/why/which documents: the monitoring report (the meters and
facilities it claims, and the ER it reports per vintage), the verification (the verified ER per
vintage) and the JC's issuance decision (decision id, amount per vintage, allocation form). Amounts are
whole tonnes as `((vintage_year, quantity_t), ...)`, sorted by vintage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from setu.domain.cycle.allocation import AllocationForm, AllocationShare
from setu.domain.cycle.claims import subject_key
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.forms import Form
from setu.domain.cycle.roles import RoleGrant
from setu.domain.cycle.transitions import Action

VintageAmounts = tuple[tuple[int, int], ...]


def vintage_amounts(by_vintage: Mapping[int, int]) -> VintageAmounts:
    """`{2026: 982, 2027: 322}` as the sorted tuple requests carry."""
    return tuple(sorted(by_vintage.items()))


@dataclass(frozen=True, slots=True)
class GrantRole:
    """Record that `grant.user` (of `grant.organisation`) holds `grant.role` for `grant.scope`."""

    idempotency_key: str
    granted_by: str
    grant: RoleGrant

    def payload(self) -> dict[str, Any]:
        return {"op": "grant-role", "granted_by": self.granted_by, **grant_to_json(self.grant)}


@dataclass(frozen=True, slots=True)
class CreateProject:
    """Open a project as a PIN draft; `user` must be a focal point for `project_id`."""

    idempotency_key: str
    user: str
    project_id: str
    name: str
    methodology_id: str
    methodology_version: str
    sectoral_scope: str
    participants: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        return {"op": "create-project", "user": self.user, "project_id": self.project_id, "name": self.name,
                "methodology_id": self.methodology_id, "methodology_version": self.methodology_version,
                "sectoral_scope": self.sectoral_scope, "participants": list(self.participants)}


@dataclass(frozen=True, slots=True)
class UploadDocument:
    """File a new version of `form` for a project (or one of its monitoring periods)."""

    idempotency_key: str
    user: str
    project_id: str
    form: Form
    variant: Variant
    filename: str
    content: bytes
    period_id: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def payload(self) -> dict[str, Any]:
        return {"op": "upload-document", "user": self.user, "project_id": self.project_id, "form": self.form.name,
                "variant": self.variant.value, "filename": self.filename, "sha256": self.sha256,
                "size_bytes": len(self.content), "period_id": self.period_id}


@dataclass(frozen=True, slots=True)
class ClaimedSubject:
    """A meter (`meter:PV1-AC`) or facility (`facility:...`) a monitoring report draws on, inclusive dates.

    The subject is kept as its key (`claims.subject_key`: blanks dropped, case folded), so however it was
    typed, the request's hash, the chained event and the stored claim all name one meter one way."""

    subject: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if isinstance(self.subject, str):  # anything else is refused by `check_action_request`
            object.__setattr__(self, "subject", subject_key(self.subject))


@dataclass(frozen=True, slots=True)
class MonitoringDetails:
    claims: tuple[ClaimedSubject, ...]
    reported_t: VintageAmounts


@dataclass(frozen=True, slots=True)
class VerificationDetails:
    verified_t: VintageAmounts


@dataclass(frozen=True, slots=True)
class IssuanceDecision:
    """The JC's decision: its id, the amount per vintage and the allocation vector."""

    decision_id: str
    decided_t: VintageAmounts
    allocation: AllocationForm


Details = MonitoringDetails | VerificationDetails | IssuanceDecision
DETAILS_FOR: dict[Action, type] = {
    Action.SUBMIT_MONITORING_REPORT: MonitoringDetails,
    Action.VERIFY: VerificationDetails,
    Action.DECIDE_ISSUANCE: IssuanceDecision,
}
"""The actions that need figures, and the kind each needs; every other action carries none."""


@dataclass(frozen=True, slots=True)
class TakeAction:
    """`user` takes `action` on a project (or one of its periods), naming the documents it rests on."""

    idempotency_key: str
    user: str
    project_id: str
    action: Action
    reason: str
    period_id: str | None = None
    documents: tuple[str, ...] = ()
    details: Details | None = None

    def payload(self) -> dict[str, Any]:
        return {"op": "act", "user": self.user, "project_id": self.project_id, "action": self.action.name,
                "reason": self.reason, "period_id": self.period_id, "documents": list(self.documents),
                "details": details_to_json(self.details)}


CycleRequest = GrantRole | CreateProject | UploadDocument | TakeAction


def grant_to_json(g: RoleGrant) -> dict[str, Any]:
    """A grant as hashed in its request and chained on the `roles` stream."""
    return {"user": g.user, "organisation": g.organisation, "role": g.role.name, "scope": g.scope,
            "sectoral_scopes": list(g.sectoral_scopes)}


def amounts_to_json(amounts: VintageAmounts) -> dict[str, int]:
    """`{"2027": 982}`: JSON keys are strings."""
    return {str(vintage): tonnes for vintage, tonnes in amounts}


def amounts_from_json(data: Mapping[str, int]) -> VintageAmounts:
    """The inverse of `amounts_to_json`."""
    return vintage_amounts({int(vintage): int(tonnes) for vintage, tonnes in data.items()})


def allocation_to_json(form: AllocationForm) -> dict[str, Any]:
    """The allocation form, percentages as exact decimal strings (canonical JSON refuses floats)."""
    shares = [{"recipient": s.recipient, "registry": s.registry, "account": s.account, "percent": str(s.percent)}
              for s in form.shares]
    return {"shares": shares, "remainder_to": form.remainder_to}


def allocation_from_json(data: Mapping[str, Any]) -> AllocationForm:
    """The inverse of `allocation_to_json`."""
    shares = tuple(AllocationShare(s["recipient"], s["registry"], s["account"], Decimal(s["percent"]))
                   for s in data["shares"])
    return AllocationForm(shares, data["remainder_to"])


def details_to_json(details: Details | None) -> dict[str, Any] | None:
    """Tagged JSON of an action's figures, as hashed in its payload and kept on its event."""
    if isinstance(details, MonitoringDetails):
        claims = [{"subject": c.subject, "start": c.start.isoformat(), "end": c.end.isoformat()} for c in details.claims]
        return {"kind": "monitoring", "claims": claims, "reported_t": amounts_to_json(details.reported_t)}
    if isinstance(details, VerificationDetails):
        return {"kind": "verification", "verified_t": amounts_to_json(details.verified_t)}
    if isinstance(details, IssuanceDecision):
        return {"kind": "issuance-decision", "decision_id": details.decision_id,
                "decided_t": amounts_to_json(details.decided_t), "allocation": allocation_to_json(details.allocation)}
    return None


def details_from_json(data: Mapping[str, Any] | None) -> Details | None:
    """The inverse of `details_to_json`."""
    if data is None:
        return None
    if data["kind"] == "monitoring":
        claims = tuple(ClaimedSubject(c["subject"], date.fromisoformat(c["start"]), date.fromisoformat(c["end"]))
                       for c in data["claims"])
        return MonitoringDetails(claims, amounts_from_json(data["reported_t"]))
    if data["kind"] == "verification":
        return VerificationDetails(amounts_from_json(data["verified_t"]))
    return IssuanceDecision(data["decision_id"], amounts_from_json(data["decided_t"]),
                            allocation_from_json(data["allocation"]))
