"""One Party's corresponding-adjustment flows from the ledger's journal: what it first transferred (as host)
and what it used towards its NDC (as user).

First transfers count for the Party where the mitigation occurred (the units' first-transferring Party),
whichever registry recorded the event, by vintage and by the year of the event, with the purpose of the
authorization version in force. Uses count for the Party whose registry recorded a use towards the NDC,
for the calendar year it names. OIMP uses and cancellations never enter U (`article6.md` §7.2).

Quantities are in the NDC's measure. For a GHG NDC that is t CO2 eq, the serial count, whatever the
metric the units were authorized in. A non-GHG NDC adjusts its indicator in the indicator's own unit
(D2 para 9): units authorized in that metric count as tonnes over the authorization's conversion factor;
units of another metric, or GHG units, cannot be counted in it and are a ValueError, never a sum of tonnes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from setu.domain.article6.adjustments import FirstTransfer, NdcUse
from setu.domain.article6.aef_from_ledger import entry_date
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.vocabulary import Metric
from setu.domain.codes import RegistryCode
from setu.domain.journal import JournalEntry

_UNIT_ACTIONS = ("a6-authorization", "a6-transfer", "a6-consumption")


def ca_flows(
    entries: Iterable[JournalEntry], registries: Mapping[RegistryCode, str],
    versions: Mapping[tuple[str, int], Authorization], *, party: str, indicator_unit: str | None = None,
) -> tuple[list[FirstTransfer], list[NdcUse]]:
    """First transfers (host) and NDC uses (user) of `party`, one record per journaled range.

    `indicator_unit` is the unit of a non-GHG NDC's indicator; None for a GHG NDC (t CO2 eq).
    """
    first_transfers: list[FirstTransfer] = []
    uses: list[NdcUse] = []
    for entry in entries:
        event = entry.event
        if event["event"] not in _UNIT_ACTIONS:
            continue
        version = versions[(event["authorization_id"], event["authorization_version"])]
        if event.get("first_transfer") and event["first_transferring_party"] == party:
            year = entry_date(entry).year
            first_transfers += [FirstTransfer(r["vintage_year"], year, _quantity(r, version, indicator_unit),
                                              version.purposes) for r in event["ranges"]]
        if (event["event"] == "a6-consumption" and event["account_type"] == "retirement"
                and registries.get(entry.registry) == party):
            uses += [NdcUse(event["ndc_year"], _quantity(r, version, indicator_unit)) for r in event["ranges"]]
    return first_transfers, uses


def _quantity(r: Mapping[str, int], version: Authorization, indicator_unit: str | None) -> int:
    """A range's quantity in the NDC's measure (see the module doc)."""
    tonnes = r["last"] - r["first"] + 1
    if indicator_unit is None:
        return tonnes
    if version.metric is not Metric.NON_GHG or version.non_ghg_metric != indicator_unit:
        metric = version.non_ghg_metric if version.metric is Metric.NON_GHG else "t CO2 eq (GHG)"
        raise ValueError(f"authorization {version.authorization_id} counts its units in {metric}; they cannot"
                         f" enter an indicator measured in {indicator_unit}")
    amount = Fraction(tonnes) / Fraction(version.conversion_factor)  # type: ignore[arg-type]
    if amount.denominator != 1:
        raise ValueError(f"{tonnes} t CO2 eq under authorization {version.authorization_id} is {amount}"
                         f" {indicator_unit}, not a whole quantity")
    return int(amount)
