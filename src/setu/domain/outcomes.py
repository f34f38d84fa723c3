"""What the registry answers to a request, accepted or rejected, as one frozen value.

The outcome is stored under the request's idempotency key, so a retried request gets the very same
answer, a rejection included (`replayed` then says so).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from setu.domain.blocks import SerialRange
from setu.domain.codes import AccountId
from setu.domain.journal import range_from_json, range_to_json
from setu.domain.rejections import Rejection, RejectionCode


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to one request."""

    idempotency_key: str
    rejection: Rejection | None = None
    transaction_id: str | None = None
    """`<registry>#<journal sequence>` of the accepted transaction, e.g. `IND01#17`."""
    ranges: tuple[SerialRange, ...] = ()
    """The serials issued or moved, lowest first."""
    account_id: AccountId | None = None
    """The account opened or changed, where that is the point of the request."""
    replayed: bool = False

    @property
    def accepted(self) -> bool:
        return self.rejection is None

    @property
    def quantity(self) -> int:
        """Units issued or moved."""
        return sum(r.quantity for r in self.ranges)

    def as_replay(self) -> Outcome:
        """The same outcome, marked as returned from the idempotency record."""
        return replace(self, replayed=True)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form, as stored beside the idempotency key and printed by `--json`."""
        return {
            "idempotency_key": self.idempotency_key,
            "accepted": self.accepted,
            "code": self.rejection.code.name if self.rejection else None,
            "message": self.rejection.message if self.rejection else None,
            "precedent": self.rejection.code.precedent if self.rejection else None,
            "transaction_id": self.transaction_id,
            "account_id": self.account_id,
            "ranges": [range_to_json(r) for r in self.ranges],
            "quantity": self.quantity,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        rejection = Rejection(RejectionCode[data["code"]], data["message"]) if data["code"] else None
        return cls(
            idempotency_key=data["idempotency_key"],
            rejection=rejection,
            transaction_id=data["transaction_id"],
            account_id=AccountId(data["account_id"]) if data["account_id"] else None,
            ranges=tuple(range_from_json(r) for r in data["ranges"]),
        )
