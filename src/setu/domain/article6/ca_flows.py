"""One Party's corresponding-adjustment flows from the ledger's journal: what it first transferred (as host)
and what it used towards its NDC (as user).

First transfers count for the Party where the mitigation occurred (the units' first-transferring Party),
whichever registry recorded the event, by vintage and by the year of the event, with the purpose of the
authorization version in force. Uses count for the Party whose registry recorded a use towards the NDC,
for the calendar year it names. OIMP uses and cancellations never enter U (`article6.md` §7.2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from setu.domain.article6.adjustments import FirstTransfer, NdcUse
from setu.domain.article6.aef_from_ledger import entry_date
from setu.domain.article6.authorization import Authorization
from setu.domain.codes import RegistryCode
from setu.domain.journal import JournalEntry

_UNIT_ACTIONS = ("a6-authorization", "a6-transfer", "a6-consumption")


def ca_flows(
    entries: Iterable[JournalEntry], registries: Mapping[RegistryCode, str],
    versions: Mapping[tuple[str, int], Authorization], *, party: str,
) -> tuple[list[FirstTransfer], list[NdcUse]]:
    """First transfers (host) and NDC uses (user) of `party`, one record per journaled range."""
    first_transfers: list[FirstTransfer] = []
    uses: list[NdcUse] = []
    for entry in entries:
        event = entry.event
        if event["event"] not in _UNIT_ACTIONS:
            continue
        if event.get("first_transfer") and event["first_transferring_party"] == party:
            purpose = versions[(event["authorization_id"], event["authorization_version"])].purposes
            year = entry_date(entry).year
            first_transfers += [FirstTransfer(r["vintage_year"], year, r["last"] - r["first"] + 1, purpose)
                                for r in event["ranges"]]
        if (event["event"] == "a6-consumption" and event["account_type"] == "retirement"
                and registries.get(entry.registry) == party):
            uses += [NdcUse(event["ndc_year"], r["last"] - r["first"] + 1) for r in event["ranges"]]
    return first_transfers, uses
