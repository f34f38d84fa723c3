"""Parsing of command-line values into domain values; errors name the option and the expected form."""

from __future__ import annotations

import re
from datetime import date

from setu.domain.blocks import SerialRange, SerialSpace
from setu.domain.codes import RegistryCode, SerialNumber, registry_code, serial_number, split_account_id
from setu.domain.identifiers import parse_identifier
from setu.domain.requests import BySerials

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(r"(?P<registry>[A-Z]{3}\d{2})/(?P<vintage>\d{4})/(?P<first>\d+)(?:-(?P<last>\d+))?")


class UsageError(ValueError):
    """A command-line value that cannot be used; the message names the option."""


def parse_day(text: str, *, option: str) -> date:
    """A calendar date written `YYYY-MM-DD`, and only so (Python also reads `20260601` and `2026-W22-1`)."""
    try:
        if _DAY.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise UsageError(f"{option}: {text!r} is not a date (YYYY-MM-DD)")


def parse_selection(text: str, *, option: str = "--serials") -> BySerials:
    """Like `parse_serials`; identifiers also fix the cooperative approach and first-transferring Party."""
    text = text.strip()
    try:
        if ".." in text or text.startswith("CA"):
            first, last = (parse_identifier(part) for part in (text.split("..", 1) if ".." in text else (text, text)))
            if (first.cooperative_approach_id, first.originating_registry, first.first_transferring_party,
                    first.vintage_year) != (last.cooperative_approach_id, last.originating_registry,
                                            last.first_transferring_party, last.vintage_year):
                raise UsageError(f"{option}: both identifiers must agree on every element but the serial")
            space = SerialSpace(first.originating_registry, first.vintage_year)
            return BySerials(SerialRange(space, first.serial, last.serial), first.cooperative_approach_id,
                             first.first_transferring_party)
    except UsageError:
        raise
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return BySerials(parse_serials(text, option=option))


def parse_serials(text: str, *, option: str = "--serials") -> SerialRange:
    """`IND01/2026/701-1000` or `IND01/2026/42`: registry, vintage and serials."""
    text = text.strip()
    try:
        match = _RANGE.fullmatch(text)
        if match is None:
            raise UsageError(
                f"{option}: {text!r} is not a serial range; write REGISTRY/VINTAGE/FIRST-LAST (IND01/2026/701-1000)"
                " or an ITMO identifier (CA0123-IND01-IND-701-2026)"
            )
        first_serial = serial_number(int(match["first"]), field="first serial")
        last_serial = serial_number(int(match["last"] or match["first"]), field="last serial")
        space = SerialSpace(registry_code(match["registry"]), int(match["vintage"]))
        return SerialRange(space, SerialNumber(first_serial), SerialNumber(last_serial))
    except UsageError:
        raise
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def registry_from_account(account: str, *, option: str) -> RegistryCode:
    """The registry prefix of an account id (`IND01-3` -> `IND01`)."""
    try:
        return split_account_id(account, field=option)[0]
    except ValueError as exc:
        raise UsageError(str(exc)) from None
