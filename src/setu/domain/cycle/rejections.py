"""Why the project cycle refuses an action: one enum, in precedence order, numbers stable from 101.

Ledger codes (1-99, `setu.domain.rejections`) and cycle codes share the `CODE: message` shape and the
rule that the first broken rule in enum order is the one reported. Authorization comes before state, so
someone without the role learns nothing about where a project stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique


@unique
class CycleCode(Enum):
    """Project-cycle rejection codes, highest precedence first; values are stable numbers."""

    PROJECT_NOT_FOUND = 101
    PERIOD_NOT_FOUND = 102
    ROLE_NOT_PERMITTED = 103
    TRANSITION_NOT_ALLOWED = 104
    TPE_NOT_DESIGNATED = 105
    CONFLICT_OF_INTEREST = 106
    DOCUMENT_MISSING = 107
    PUBLIC_INPUT_OPEN = 108
    PUBLIC_INPUT_CLOSED = 109
    APPROVAL_MISSING = 110
    ALREADY_APPROVED = 111
    ISSUANCE_EXCEEDS_VERIFIED = 112
    ALLOCATION_INVALID = 113
    DOUBLE_CLAIM = 114
    PERIOD_ALREADY_ISSUED = 115


@dataclass(frozen=True, slots=True)
class CycleRejection:
    """A refused cycle action: the rule it broke and a message naming what is wrong."""

    code: CycleCode
    message: str

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


class CycleRejected(Exception):
    """Raised inside a use case to abandon it; the unit of work rolls back."""

    def __init__(self, rejection: CycleRejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection
