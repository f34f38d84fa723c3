"""Every reason the ledger can refuse a request, in one enum.

The members are listed in precedence order: when a request breaks several rules, the first rule in this
list is the one reported, so a client always gets the same code for the same request. `number` is stable
and never reused; `precedent` names the Kyoto ITL / DES, EU CITL or UK ETS code the rule descends from
(`article6.md` §8.4). `docs/ledger.md` has a section for each member.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RejectionCode(Enum):
    """Rejection codes, highest precedence first. Values are (stable number, precedent codes)."""

    DUPLICATE_TRANSACTION_ID = (1, "UKE 10006")
    FIELD_INVALID = (19, "ITL message validity checks")
    QTY_INVALID = (2, "UKE 3007, 3008")
    UNIT_TYPE_INVALID = (3, "UKE 3006, 3009")
    REGISTRY_NOT_FOUND = (4, "EU 7020")
    REGISTRY_ALREADY_EXISTS = (5, "")
    ACCOUNT_NOT_FOUND = (6, "UKE 1002, 2002, 10001, 10002; EU 7020, 7021")
    CROSS_REGISTRY_RULE = (7, "UKE 2508; EU 7022, 7023")
    SAME_ACCOUNT = (8, "UKE 2013")
    ACCOUNT_CLOSED = (9, "UKE 1003, 2003; EU 7005")
    ACCOUNT_SUSPENDED = (10, "UKE 1004, 2004; EU 7006")
    ACCOUNT_TYPE_NOT_ALLOWED = (11, "UKE 1007, 2006, 2007, 2010")
    ACCOUNT_STATUS_UNCHANGED = (12, "")
    ACCOUNT_NOT_EMPTY = (13, "")
    REFERENCE_INVALID = (14, "ITL 2017")
    AUTH_NOT_FOUND = (20, "ITL 2017 (valid identifier)")
    LIMIT_EXCEEDED = (15, "UKE 3010, 3011, 10004; ITL 5008")
    UNIT_ALREADY_CONSUMED = (16, "ITL: units previously retired or cancelled")
    UNIT_NOT_HELD = (17, "EU 7027; UKE 10005")
    QTY_EXCEEDS_BALANCE = (18, "UKE 3005, 10003")
    # Article 6 rules on the units themselves and their authorization (evaluated after the units are found).
    COOPERATIVE_APPROACH_INVALID = (21, "ITL 2017 (valid identifier)")
    FIRST_TRANSFER_STATE = (23, "")
    AUTHORIZATION_REVOKED = (24, "")
    PARTY_NOT_ELIGIBLE = (25, "ITL: eligibility of the Parties involved")
    ENTITY_NOT_AUTHORIZED = (22, "ITL: authorization of the legal entities; EU 7101-7111")
    FIRST_TRANSFER_DEFINITION = (26, "")
    PURPOSE_NOT_AUTHORIZED = (27, "")
    PERIOD_INVALID = (28, "UKE 3001, 3003")
    AUTHORIZED_LIMIT_EXCEEDED = (29, "UKE 10004; ITL 5008")

    @property
    def number(self) -> int:
        """The stable number of this code; never renumbered."""
        return self.value[0]

    @property
    def precedent(self) -> str:
        """The Kyoto / EU / UK registry codes this rule descends from, if any."""
        return self.value[1]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A refused request: the rule it broke and a message naming the offending field or unit."""

    code: RejectionCode
    message: str

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


class Rejected(Exception):
    """Raised inside a use case to abandon it with a `Rejection`; the service turns it into an outcome."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection


def reject(code: RejectionCode, message: str) -> Rejected:
    """Shorthand: `raise reject(RejectionCode.X, "...")`."""
    return Rejected(Rejection(code, message))
