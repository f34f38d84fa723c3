"""Why the project cycle refuses an action: one enum, in precedence order, numbers stable from 101.

Ledger codes (1-99, `setu.domain.rejections`) and cycle codes share the `CODE: message` shape and the
rule that the first broken rule in enum order is the one reported. Authorization comes before state, so
someone without the role learns nothing about where a project stands. Codes added later are inserted at
their place in the precedence order and take the next free number; no number is ever reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique


@unique
class CycleCode(Enum):
    """Project-cycle rejection codes, highest precedence first; values are stable numbers."""

    DUPLICATE_REQUEST_ID = 116  # the idempotency key was used for another request
    FIELD_INVALID = 117  # a field breaks its syntax rule; nothing was looked up
    PROJECT_NOT_FOUND = 101
    PROJECT_ALREADY_EXISTS = 118
    PERIOD_NOT_FOUND = 102
    ROLE_NOT_PERMITTED = 103
    ROLE_ALREADY_HELD = 119
    TRANSITION_NOT_ALLOWED = 104
    TPE_NOT_DESIGNATED = 105
    CONFLICT_OF_INTEREST = 106
    DOCUMENT_MISSING = 107
    DOCUMENT_INVALID = 120  # a variant the form does not allow, or a confidential one with no public twin
    PUBLIC_INPUT_OPEN = 108
    PUBLIC_INPUT_CLOSED = 109
    APPROVAL_MISSING = 110
    ALREADY_APPROVED = 111
    VERIFIED_EXCEEDS_REPORTED = 121
    ISSUANCE_EXCEEDS_VERIFIED = 112
    ALLOCATION_INVALID = 113
    DECISION_ALREADY_USED = 122
    DOUBLE_CLAIM = 114
    PERIOD_ALREADY_ISSUED = 115
    ISSUANCE_REFUSED = 123  # the registry core refused a share; its ledger code is in the message


@dataclass(frozen=True, slots=True)
class CycleRejection:
    """A refused cycle action: the rule it broke and a message naming what is wrong."""

    code: CycleCode
    message: str

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


def first_rejection(*candidates: CycleRejection | None) -> CycleRejection | None:
    """The candidate whose code comes first in precedence order (declaration order; on a tie, the first
    given), or None."""
    order = {code: position for position, code in enumerate(CycleCode)}
    found = [c for c in candidates if c is not None]
    return min(found, key=lambda c: order[c.code]) if found else None


class CycleRejected(Exception):
    """Raised inside a use case to abandon it; the unit of work rolls back."""

    def __init__(self, rejection: CycleRejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection
