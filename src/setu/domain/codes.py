"""Identifier types and their syntax rules.

Codes follow `article6.md` §3: a registry id is an ISO 3166-1 alpha-3 Party code plus two digits
(`IND01`), a cooperative approach id is `CA` plus four digits (`CA0123`). Serial numbers are positive
64-bit integers. Validation raises `ValueError` with the offending field named; the edges turn that
into a rejection or a usage error.
"""

from __future__ import annotations

import re
from typing import NewType

RegistryCode = NewType("RegistryCode", str)
PartyCode = NewType("PartyCode", str)
CooperativeApproachId = NewType("CooperativeApproachId", str)
AccountId = NewType("AccountId", str)
SerialNumber = NewType("SerialNumber", int)

SERIAL_MAX = 2**63 - 1
"""Serials and quantities are stored as signed 64-bit integers."""

_REGISTRY = re.compile(r"[A-Z]{3}\d{2}")
_PARTY = re.compile(r"[A-Z]{3}")
_CA = re.compile(r"CA\d{4}")
_ACCOUNT = re.compile(r"(?P<registry>[A-Z]{3}\d{2})-(?P<number>[1-9]\d{0,17})")
_FREE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]{0,79}")


def registry_code(value: str, *, field: str = "registry") -> RegistryCode:
    """Check `value` is a registry id such as `IND01`."""
    if not isinstance(value, str) or not _REGISTRY.fullmatch(value):
        raise ValueError(f"{field}: {value!r} is not a registry id (three capital letters and two digits, e.g. IND01)")
    return RegistryCode(value)


def party_code(value: str, *, field: str = "party") -> PartyCode:
    """Check `value` is an ISO 3166-1 alpha-3 Party code such as `IND`."""
    if not isinstance(value, str) or not _PARTY.fullmatch(value):
        raise ValueError(f"{field}: {value!r} is not an ISO 3166-1 alpha-3 Party code (e.g. IND, JPN)")
    return PartyCode(value)


def is_party_code(value: object) -> bool:
    """True for an ISO 3166-1 alpha-3 Party code such as `IND`."""
    return isinstance(value, str) and _PARTY.fullmatch(value) is not None


def is_cooperative_approach_id(value: object) -> bool:
    """True for a cooperative approach id such as `CA0123`."""
    return isinstance(value, str) and _CA.fullmatch(value) is not None


def cooperative_approach_id(value: str, *, field: str = "cooperative_approach_id") -> CooperativeApproachId:
    """Check `value` is a cooperative approach id such as `CA0123`."""
    if not isinstance(value, str) or not _CA.fullmatch(value):
        raise ValueError(f"{field}: {value!r} is not a cooperative approach id (CA and four digits, e.g. CA0123)")
    return CooperativeApproachId(value)


def account_id(registry: RegistryCode, number: int) -> AccountId:
    """The account id a registry gives its `number`-th account: `IND01-7`."""
    return AccountId(f"{registry}-{number}")


def split_account_id(value: str, *, field: str = "account") -> tuple[RegistryCode, int]:
    """The registry and number of an account id: `IND01-7` -> (`IND01`, 7)."""
    match = _ACCOUNT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{field}: {value!r} is not an account id (registry id, dash, number, e.g. IND01-7)")
    return RegistryCode(match["registry"]), int(match["number"])


def free_identifier(value: str, *, field: str) -> str:
    """A project, monitoring period, decision or authorization id: 1-80 printable id characters."""
    if not isinstance(value, str) or not _FREE_ID.fullmatch(value):
        raise ValueError(
            f"{field}: {value!r} must be 1-80 characters of letters, digits, space, '.', '_', '/' or '-',"
            " starting with a letter or digit"
        )
    return value


def serial_number(value: int, *, field: str = "serial") -> SerialNumber:
    """Check `value` is a serial number: an integer from 1 to 2**63 - 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= SERIAL_MAX:
        raise ValueError(f"{field}: {value!r} is not a serial number (an integer from 1 to {SERIAL_MAX})")
    return SerialNumber(value)
