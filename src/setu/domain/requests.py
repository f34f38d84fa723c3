"""The requests a client sends to the registry core, as frozen values.

Each request names the registry whose journal it belongs to and carries a client-supplied
`idempotency_key`. `payload()` is the canonical content of the request without its key: the same key
with the same payload is the same request; the same key with another payload is refused with
`DUPLICATE_TRANSACTION_ID`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from setu.domain.accounts import AccountStatus, AccountType, TransactionType
from setu.domain.blocks import SerialRange, UnitKind
from setu.domain.codes import AccountId, CooperativeApproachId, PartyCode, RegistryCode


@dataclass(frozen=True, slots=True)
class CreateRegistry:
    """Create a national registry such as IND01, owned by a Party."""

    idempotency_key: str
    registry: RegistryCode
    party: PartyCode
    name: str

    def payload(self) -> dict[str, Any]:
        return {"op": "create-registry", "registry": self.registry, "party": self.party, "name": self.name}


@dataclass(frozen=True, slots=True)
class OpenAccount:
    """Open an account of `account_type` for `holder` in `registry`."""

    idempotency_key: str
    registry: RegistryCode
    account_type: AccountType
    holder: str

    def payload(self) -> dict[str, Any]:
        return {
            "op": "open-account",
            "registry": self.registry,
            "account_type": self.account_type.value,
            "holder": self.holder,
        }


@dataclass(frozen=True, slots=True)
class ChangeAccountStatus:
    """Suspend, reinstate (to open) or close an account."""

    idempotency_key: str
    registry: RegistryCode
    account: AccountId
    status: AccountStatus

    def payload(self) -> dict[str, Any]:
        return {"op": "change-account-status", "account": self.account, "status": self.status.value}


@dataclass(frozen=True, slots=True)
class Issue:
    """Issue `quantity` new units into a holding account, under a decision that caps the total.

    The registry numbers the units: the next free serials of (registry, vintage). The units originate in
    `registry`; their first-transferring Party is the host Party where the mitigation occurred (India for
    every India-Japan JCM project, even for Japan's share issued into JPN01). `decision_id` names the
    decision (for the JCM, the Joint Committee's) and `decided_quantity` the most it allows in this
    registry; every issuance under one decision must state the same amount.
    """

    idempotency_key: str
    registry: RegistryCode
    account: AccountId
    quantity: int
    unit_kind: UnitKind
    cooperative_approach_id: CooperativeApproachId
    vintage_year: int
    project_id: str
    monitoring_period_id: str
    decision_id: str
    decided_quantity: int
    first_transferring_party: PartyCode | None = None
    """The Party where the mitigation occurred (the host). None: the registry's own Party."""

    def payload(self) -> dict[str, Any]:
        return {
            "op": "issue",
            "first_transferring_party": self.first_transferring_party,
            "registry": self.registry,
            "account": self.account,
            "quantity": self.quantity,
            "unit_kind": self.unit_kind.value,
            "cooperative_approach_id": self.cooperative_approach_id,
            "vintage_year": self.vintage_year,
            "project_id": self.project_id,
            "monitoring_period_id": self.monitoring_period_id,
            "decision_id": self.decision_id,
            "decided_quantity": self.decided_quantity,
        }


@dataclass(frozen=True, slots=True)
class ByQuantity:
    """Pick units by amount: the lowest (vintage, originating registry, serial) first.

    Optional filters restrict the pick to one vintage and/or one project.
    """

    quantity: int
    vintage_year: int | None = None
    project_id: str | None = None

    def payload(self) -> dict[str, Any]:
        return {"quantity": self.quantity, "vintage_year": self.vintage_year, "project_id": self.project_id}


@dataclass(frozen=True, slots=True)
class BySerials:
    """Pick exactly the serials of one range (Japan's transfer request names identification numbers).

    When the range was given as ITMO identifiers, `cooperative_approach_id` and
    `first_transferring_party` carry their other elements, and every unit must match them.
    """

    serials: SerialRange
    cooperative_approach_id: CooperativeApproachId | None = None
    first_transferring_party: PartyCode | None = None

    @property
    def quantity(self) -> int:
        return self.serials.quantity

    def payload(self) -> dict[str, Any]:
        s = self.serials
        return {
            "originating_registry": s.space.originating_registry,
            "vintage_year": s.space.vintage_year,
            "first": s.first,
            "last": s.last,
            "cooperative_approach_id": self.cooperative_approach_id,
            "first_transferring_party": self.first_transferring_party,
        }


Selection = ByQuantity | BySerials


@dataclass(frozen=True, slots=True)
class Move:
    """Move units from one account to another in the same registry.

    `transaction_type` is TRANSFER (holding to holding), RETIREMENT (to a retirement or OIMP-use
    account) or CANCELLATION (to a cancellation account of any kind).
    """

    idempotency_key: str
    registry: RegistryCode
    transaction_type: TransactionType
    source: AccountId
    destination: AccountId
    selection: Selection

    def payload(self) -> dict[str, Any]:
        return {
            "op": self.transaction_type.value,
            "registry": self.registry,
            "source": self.source,
            "destination": self.destination,
            "by": "serials" if isinstance(self.selection, BySerials) else "quantity",
            **self.selection.payload(),
        }


Request = CreateRegistry | OpenAccount | ChangeAccountStatus | Issue | Move
