"""A Party's AEF tables from the ledger: Table 3 from its registries' journal entries of the year, Table 4
from the blocks it holds at 31 December.

Every Article 6 unit action was journaled with its ranges, its authorization, its cooperative approach
and first-transferring Party (`services/article6_units.py`), so the journal alone gives the rows:

| Event | Rows (in this order) |
|---|---|
| `a6-authorization` | `Authorization`; then `First transfer` (subtype `Authorization` / `Issuance`) when it was one |
| `a6-transfer` | `First transfer` (subtype `First transfer to another Party`) or `Transfer`, acquiring Party set |
| `a6-acquisition` (receiving registry) | `Acquisition`, transferring Party set |
| `a6-consumption` | `First transfer` (subtype `Use or cancellation`) when it was one; then `Use` / `Cancellation` / `Voluntary Cancellation` |

The action date is the UTC date the entry was recorded in the registry (`article6.md` §4.3 Table 3 #1).
`Party ITMO registry ID` is the registry where the action was tracked (§9 row 2 default); the
identifier's own registry element stays the originating registry. The underlying unit is the JCM credit
with the same serials (a JCM credit and the ITMO it becomes share one serial range in setu).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Any

from setu.domain.accounts import Account, AccountType
from setu.domain.article6.aef_model import ActionRow, HoldingRow, ItmoBlock
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.vocabulary import ActionSubtype, ActionType, Metric, UnderlyingRegistry
from setu.domain.blocks import UnitBlock
from setu.domain.codes import RegistryCode
from setu.domain.journal import JournalEntry

_CONSUMED = {
    AccountType.RETIREMENT.value: (ActionType.USE, None),
    AccountType.OIMP_USE.value: (ActionType.USE, None),
    AccountType.CANCELLATION.value: (ActionType.CANCELLATION, None),
    AccountType.VOLUNTARY_CANCELLATION.value: (ActionType.VOLUNTARY_CANCELLATION, None),
    AccountType.OMGE_CANCELLATION.value: (ActionType.VOLUNTARY_CANCELLATION, ActionSubtype.VOLUNTARY_OMGE),
    # The Adaptation Fund subtypes are for A6.4ERs only (§5.4); a share of proceeds of other units leaves
    # the Party's holdings as a voluntary cancellation, explained on the row (docs/article6.md).
    AccountType.SHARE_OF_PROCEEDS.value: (ActionType.VOLUNTARY_CANCELLATION, ActionSubtype.OTHER_CANCELLATIONS),
}
SHARE_OF_PROCEEDS_EXPLANATION = "Share of proceeds for adaptation (decision 2/CMA.3 annex para 37)"


def entry_date(entry: JournalEntry) -> date:
    """The UTC date an entry was recorded."""
    return date.fromisoformat(entry.envelope["recorded_at"][:10])


def in_metric(block: ItmoBlock, authorization: Authorization | None) -> ItmoBlock:
    """`block` in its authorization's metric: a non-GHG block names the metric and its quantity in it.

    The serials count t CO2 eq; the quantity in the non-GHG metric is that over the authorization's
    conversion factor (t CO2 eq per unit, decision 2/CMA.3 para 22(d)). The AEF takes whole numbers, so a
    quantity the factor does not divide exactly is a ValueError, never a rounded figure.
    """
    if authorization is None or authorization.metric is Metric.GHG:
        return block
    amount = Fraction(block.tonnes) / Fraction(authorization.conversion_factor)  # type: ignore[arg-type]
    if amount.denominator != 1:
        raise ValueError(f"{block.first_identifier} to {block.last_identifier}: {block.tonnes} t CO2 eq is"
                         f" {amount} {authorization.non_ghg_metric} at the conversion factor of authorization"
                         f" {authorization.authorization_id}, not a whole quantity the AEF can report")
    return replace(block, metric=Metric.NON_GHG, non_ghg_metric=authorization.non_ghg_metric,
                   quantity_non_ghg=int(amount))


def _block(event: dict[str, Any], r: dict[str, Any], registry: str) -> ItmoBlock:
    return ItmoBlock(
        cooperative_approach_id=event["cooperative_approach_id"],
        first_transferring_party=event["first_transferring_party"],
        registry=registry,
        originating_registry=r["originating_registry"],
        first_serial=r["first"],
        last_serial=r["last"],
        vintage=r["vintage_year"],
        underlying_registry=UnderlyingRegistry.JCM,
        first_unit_id=str(r["first"]),
        last_unit_id=str(r["last"]),
    )


def rows_of_entry(entry: JournalEntry, versions: Mapping[tuple[str, int], Authorization] | None = None,
                  ) -> list[ActionRow]:
    """The Table 3 rows one journal entry makes (none for entries that are not Article 6 unit actions).

    `versions` gives each authorization version by (id, version). Its `OIMP authorized by the Party`
    (e.g. `CORSIA`): a `First transfer` row that records an OIMP event (subtype `Authorization`,
    `Issuance`, `Use or cancellation`) carries the OIMP purpose (§4.3 Table 3 #22, §4.4 "First transfer:
    if OIMP"): the purpose the use or cancellation names, else the one the authorization names. Its
    metric: the rows of a non-GHG authorization's units are non-GHG rows (`in_metric`).
    """
    event = entry.event
    kind = event["event"]
    if kind not in ("a6-authorization", "a6-transfer", "a6-acquisition", "a6-consumption"):
        return []
    day = entry_date(entry)
    auth = event["authorization_id"]
    first_transfer = ActionSubtype(event["first_transfer"]) if event.get("first_transfer") else None
    version = _version(versions or {}, auth, event.get("authorization_version"), day)
    purpose = None
    if first_transfer is not None and first_transfer is not ActionSubtype.FIRST_TRANSFER_TO_PARTY:
        purpose = event.get("oimp_purpose") or (version.oimp_authorized if version is not None else None)
    leading: list[ActionRow] = []  # one entry's rows by kind, so its ranges' rows of one kind are neighbours
    following: list[ActionRow] = []
    for r in event["ranges"]:
        block = in_metric(_block(event, r, entry.registry), version)
        if kind == "a6-authorization":
            leading.append(ActionRow(day, ActionType.AUTHORIZATION, auth, block))
            if first_transfer is not None:
                following.append(ActionRow(day, ActionType.FIRST_TRANSFER, auth, block, subtype=first_transfer,
                                           oimp_purpose=purpose))
        elif kind == "a6-transfer":
            action = ActionType.FIRST_TRANSFER if first_transfer is not None else ActionType.TRANSFER
            leading.append(ActionRow(day, action, auth, block, subtype=first_transfer,
                                     acquiring_party=event["acquiring_party"]))
        elif kind == "a6-acquisition":
            leading.append(ActionRow(day, ActionType.ACQUISITION, auth, block,
                                     transferring_party=event["transferring_party"]))
        else:
            if first_transfer is not None:
                leading.append(ActionRow(day, ActionType.FIRST_TRANSFER, auth, block, subtype=first_transfer,
                                         oimp_purpose=purpose))
            following.append(_consumption_row(day, auth, block, event))
    return leading + following


def _version(versions: Mapping[tuple[str, int], Authorization], authorization_id: str, number: int | None,
             day: date) -> Authorization | None:
    """The version an entry names; an acquisition names none: the highest version dated by `day`."""
    if number is not None:
        return versions.get((authorization_id, number))
    dated = [v for (i, _), v in versions.items() if i == authorization_id and v.authorization_date <= day]
    return max(dated, key=lambda v: v.version, default=None)


def _consumption_row(day: date, auth: str, block: ItmoBlock, event: dict[str, Any]) -> ActionRow:
    action, subtype = _CONSUMED[event["account_type"]]
    oimp = event["account_type"] == AccountType.OIMP_USE.value
    entity = event.get("using_entity")
    return ActionRow(
        day, action, auth, block, subtype=subtype,
        ndc_use_year=event.get("ndc_year") if event["account_type"] == AccountType.RETIREMENT.value else None,
        oimp_purpose=event.get("oimp_purpose"),
        using_party=event.get("using_party") if (oimp or event.get("oimp_purpose")) and entity is None else None,
        using_entity=entity,
        explanation=SHARE_OF_PROCEEDS_EXPLANATION if event["account_type"] == AccountType.SHARE_OF_PROCEEDS.value
        else None,
    )


def action_rows(
    entries: Iterable[JournalEntry], registries: Mapping[RegistryCode, str], *, party: str, year: int,
    versions: Mapping[tuple[str, int], Authorization] | None = None,
) -> list[ActionRow]:
    """Table 3 of `party` for `year`: the rows of every entry in its registries recorded that year."""
    rows: list[ActionRow] = []
    for entry in entries:
        if registries.get(entry.registry) != party or entry_date(entry).year != year:
            continue
        rows.extend(rows_of_entry(entry, versions))
    return rows


def holding_rows(
    blocks: Iterable[UnitBlock], accounts: Mapping[str, Account], registries: Mapping[RegistryCode, str], *,
    party: str, authorizations: Mapping[str, Authorization] | None = None,
) -> list[HoldingRow]:
    """Table 4: ITMOs (first transferred) held in `party`'s holding accounts, by serial.

    Authorized units not yet first transferred are not holdings of ITMOs (§7.4 item 2 default); they
    appear through their `Authorization` actions only. `authorizations` (by id, the version in force at
    31 December) gives each block its metric.
    """
    rows = []
    for b in blocks:
        a = b.attributes
        account = accounts[b.account_id]
        if not a.first_transferred or account.type.is_terminal or registries.get(account.registry) != party:
            continue
        assert a.authorization_id is not None  # first transferred units are authorized
        rows.append(HoldingRow(a.authorization_id, in_metric(ItmoBlock(
            cooperative_approach_id=a.cooperative_approach_id, first_transferring_party=a.first_transferring_party,
            registry=account.registry, originating_registry=a.originating_registry, first_serial=b.serial_first,
            last_serial=b.serial_last, vintage=a.vintage_year, underlying_registry=UnderlyingRegistry.JCM,
            first_unit_id=str(b.serial_first), last_unit_id=str(b.serial_last),
        ), (authorizations or {}).get(a.authorization_id))))
    rows.sort(key=lambda h: (h.block.registry, h.block.originating_registry, h.block.vintage, h.block.first_serial))
    return rows
