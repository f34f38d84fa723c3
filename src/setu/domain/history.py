"""Movements: the serial ranges each journal entry issued or moved, for per-serial history."""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.blocks import SerialRange, SerialSpace
from setu.domain.codes import AccountId, RegistryCode, SerialNumber
from setu.domain.journal import JournalEntry, range_from_json, transaction_id


@dataclass(frozen=True, slots=True)
class Movement:
    """Serials `serials` went from `source` (None for an issuance) to `destination` in entry `registry#seq`."""

    registry: RegistryCode
    seq: int
    event: str
    source: AccountId | None
    destination: AccountId
    serials: SerialRange

    @property
    def transaction_id(self) -> str:
        return transaction_id(self.registry, self.seq)


def movements_of(entry: JournalEntry) -> tuple[Movement, ...]:
    """The movements an entry records; entries that move no units (accounts, registries, Article 6
    records) have none. An Article 6 authorization is a movement from the account to itself (the units
    change state, not holder); an acquisition has none, since its sending entry records the move."""
    event = entry.event
    kind = event["event"]
    if kind == "issuance":
        a = event["attributes"]
        space = SerialSpace(RegistryCode(a["originating_registry"]), a["vintage_year"])
        serials = SerialRange(space, SerialNumber(event["first"]), SerialNumber(event["last"]))
        return (Movement(entry.registry, entry.seq, kind, None, AccountId(event["account"]), serials),)
    if kind in ("transfer", "retirement", "cancellation", "a6-authorization", "a6-transfer", "a6-consumption"):
        return tuple(
            Movement(
                entry.registry, entry.seq, kind, AccountId(event["source"]), AccountId(event["destination"]),
                range_from_json(r),
            )
            for r in event["ranges"]
        )
    return ()
