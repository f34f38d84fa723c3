"""From a JC issuance decision to the registry-core issuances that carry it out, and what they produced.

Per vintage the decided amount is split by the allocation form (`allocation.split`: floors, remainder to
the designated recipient); each non-zero share becomes one issuance into the share's registry and
account. Every share of a registry is issued under the JC decision id with `decided_in_registry_t`, the
registry's total under the decision, so the ledger's decision record caps exactly what the JC decided
for that registry. The plan is ordered by (registry, vintage, position on the form), which makes the
serials each share receives deterministic. Each share's ledger idempotency key is derived from the
project, period, vintage and form position, so a period can never be issued twice under fresh keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from setu.domain.codes import CooperativeApproachId, PartyCode
from setu.domain.cycle.allocation import split
from setu.domain.cycle.requests import IssuanceDecision

COOPERATIVE_APPROACH = CooperativeApproachId("CA0123")  # placeholder until the CARP assigns the India-Japan JCM its id
HOST_PARTY = PartyCode("IND")  # the mitigation happens in India: first-transferring Party of every share, JPN01's too
_SIDES = {"IND": "IN", "JPN": "JP"}


@dataclass(frozen=True, slots=True)
class PlannedShare:
    """One issuance the decision calls for."""

    recipient: str
    position: int
    registry: str
    account: str
    vintage_year: int
    quantity_t: int
    decided_in_registry_t: int
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class IssuedShare:
    """A share as issued: the ledger transaction and serials it became, and its JCM credit serial label."""

    recipient: str
    registry: str
    account: str
    vintage_year: int
    quantity_t: int
    transaction_id: str
    serial_first: int
    serial_last: int
    jcm_serial: str

    def to_json(self) -> dict[str, Any]:
        return {"recipient": self.recipient, "registry": self.registry, "account": self.account,
                "vintage_year": self.vintage_year, "quantity_t": self.quantity_t, "transaction_id": self.transaction_id,
                "serial_first": self.serial_first, "serial_last": self.serial_last, "jcm_serial": self.jcm_serial}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> IssuedShare:
        return cls(d["recipient"], d["registry"], d["account"], d["vintage_year"], d["quantity_t"], d["transaction_id"],
                   d["serial_first"], d["serial_last"], d["jcm_serial"])


@dataclass(frozen=True, slots=True)
class PeriodIssuance:
    """A period's decision as recorded at DECIDE_ISSUANCE, and (once, at ISSUE) what was issued."""

    project_id: str
    period_id: str
    decision: IssuanceDecision
    decided_at: str
    issued_at: str | None = None
    shares: tuple[IssuedShare, ...] = ()


def plan_issuance(project_id: str, period_id: str, decision: IssuanceDecision) -> tuple[PlannedShare, ...]:
    """The issuances for `decision`, in (registry, vintage, form position) order; zero shares are left out."""
    rows: list[tuple[str, int, int, str, str, int]] = []
    for vintage, amount in decision.decided_t:
        for position, (share, tonnes) in enumerate(split(amount, decision.allocation), start=1):
            if tonnes > 0:
                rows.append((share.registry, vintage, position, share.recipient, share.account, tonnes))
    totals = Counter[str]()
    for registry, *_rest, tonnes in rows:
        totals[registry] += tonnes
    return tuple(
        PlannedShare(recipient, position, registry, account, vintage, tonnes, totals[registry],
                     f"jcm/{project_id}/{period_id}/{vintage}/{position}")
        for registry, vintage, position, recipient, account, tonnes in sorted(rows)
    )


def issuing_registries(decision: IssuanceDecision) -> frozenset[str]:
    """The registries `decision` issues a non-zero share into: those whose managers must carry out its ISSUE."""
    return frozenset(share.registry for share in plan_issuance("-", "-", decision))


def jcm_credit_serial(project_id: str, period_id: str, registry: str, vintage: int, first: int, last: int) -> str:
    """`JCM-IN-<project>-<period>-<vintage>-<side>-<first>-<last>` (`jcm.md` §7.2), the ledger's serials inside."""
    side = _SIDES.get(registry[:3], registry[:3])
    return f"JCM-IN-{project_id}-{period_id}-{vintage}-{side}-{first}-{last}"
