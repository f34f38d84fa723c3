"""Registries, accounts, and the rule of which account types may send and receive.

Account types follow `jcm.md` §6.3 and the Kyoto account classes: two holding types that may send and
receive, and six terminal types. Units that reach a terminal account are used or cancelled and never
move again. Which types a transaction may debit and credit is the table `MOVEMENT_RULES`, the single
place that rule lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from setu.domain.codes import AccountId, PartyCode, RegistryCode


class AccountType(Enum):
    """The kinds of account a registry keeps."""

    PARTY_HOLDING = "party-holding"
    ENTITY_HOLDING = "entity-holding"
    RETIREMENT = "retirement"
    """Use towards the Party's NDC (Japan: 無効化口座)."""
    OIMP_USE = "oimp-use"
    """Use for other international mitigation purposes."""
    CANCELLATION = "cancellation"
    VOLUNTARY_CANCELLATION = "voluntary-cancellation"
    OMGE_CANCELLATION = "omge-cancellation"
    """Cancellation to deliver overall mitigation in global emissions."""
    SHARE_OF_PROCEEDS = "share-of-proceeds"
    """Units transferred as a share of proceeds for adaptation (the Adaptation Fund's account in this
    registry); voluntary under Article 6.2 (decision 2/CMA.3 annex para 37), final once received."""

    @property
    def is_terminal(self) -> bool:
        """True when units received here are consumed and may never move again."""
        return self not in (AccountType.PARTY_HOLDING, AccountType.ENTITY_HOLDING)


class AccountStatus(Enum):
    """Open accounts send and receive; suspended ones do neither; closed ones are final."""

    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class TransactionType(Enum):
    """The ledger transactions of the registry core; later issues add more."""

    ISSUANCE = "issuance"
    TRANSFER = "transfer"
    RETIREMENT = "retirement"
    CANCELLATION = "cancellation"
    SHARE_OF_PROCEEDS = "share-of-proceeds"
    """An Article 6 transfer of units as a share of proceeds (`setu a6 cancel` into such an account)."""


_HOLDING = frozenset({AccountType.PARTY_HOLDING, AccountType.ENTITY_HOLDING})


@dataclass(frozen=True, slots=True)
class MovementRule:
    """The account types a transaction type may debit (`senders`) and credit (`receivers`)."""

    senders: frozenset[AccountType]
    receivers: frozenset[AccountType]


MOVEMENT_RULES: dict[TransactionType, MovementRule] = {
    TransactionType.ISSUANCE: MovementRule(senders=frozenset(), receivers=_HOLDING),
    TransactionType.TRANSFER: MovementRule(senders=_HOLDING, receivers=_HOLDING),
    TransactionType.RETIREMENT: MovementRule(
        senders=_HOLDING, receivers=frozenset({AccountType.RETIREMENT, AccountType.OIMP_USE})
    ),
    TransactionType.CANCELLATION: MovementRule(
        senders=_HOLDING,
        receivers=frozenset(
            {AccountType.CANCELLATION, AccountType.VOLUNTARY_CANCELLATION, AccountType.OMGE_CANCELLATION}
        ),
    ),
    TransactionType.SHARE_OF_PROCEEDS: MovementRule(
        senders=_HOLDING, receivers=frozenset({AccountType.SHARE_OF_PROCEEDS})
    ),
}
"""Which account types each transaction may debit and credit. Terminal types never send."""


@dataclass(frozen=True, slots=True)
class Registry:
    """A national ledger (`IND01`) owned by a Party (`IND`), with its own accounts and journal."""

    code: RegistryCode
    party: PartyCode
    name: str


@dataclass(frozen=True, slots=True)
class Account:
    """An account in one registry."""

    id: AccountId
    registry: RegistryCode
    type: AccountType
    status: AccountStatus
    holder: str
