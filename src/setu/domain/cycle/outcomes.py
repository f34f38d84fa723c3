"""The answer to one cycle request, accepted or refused, as stored under its idempotency key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from setu.domain.cycle.issuance_plan import IssuedShare
from setu.domain.cycle.rejections import CycleCode, CycleRejection


@dataclass(frozen=True, slots=True)
class CycleOutcome:
    """What a cycle request did: the chain entry it appended, the document filed, the credits issued."""

    idempotency_key: str
    rejection: CycleRejection | None = None
    entry_id: str | None = None
    """`<stream>#<seq>` of the entry appended, e.g. `project:IN-JCM-PV-001#7`."""
    project_id: str | None = None
    document_id: str | None = None
    issued: tuple[IssuedShare, ...] = ()
    replayed: bool = False

    @property
    def accepted(self) -> bool:
        return self.rejection is None

    @property
    def issued_t(self) -> int:
        return sum(s.quantity_t for s in self.issued)

    def as_replay(self) -> CycleOutcome:
        """The same outcome, marked as answered from the idempotency record."""
        return replace(self, replayed=True)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, as stored beside the idempotency key (and, later, as the API answers)."""
        return {
            "idempotency_key": self.idempotency_key,
            "accepted": self.accepted,
            "code": self.rejection.code.name if self.rejection else None,
            "message": self.rejection.message if self.rejection else None,
            "entry_id": self.entry_id,
            "project_id": self.project_id,
            "document_id": self.document_id,
            "issued": [s.to_json() for s in self.issued],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CycleOutcome:
        rejection = CycleRejection(CycleCode[data["code"]], data["message"]) if data["code"] else None
        return cls(data["idempotency_key"], rejection, data["entry_id"], data["project_id"], data["document_id"],
                   tuple(IssuedShare.from_json(s) for s in data["issued"]))
