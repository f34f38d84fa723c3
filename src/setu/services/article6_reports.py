"""Article 6 reports read from the ledger: a Party's AEF annual information and its corresponding
adjustments. Both read one consistent snapshot (a read-only unit of work) and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from setu.domain.article6.adjustment_results import CaReport
from setu.domain.article6.adjustments import corresponding_adjustments
from setu.domain.article6.aef_from_ledger import action_rows, entry_date, holding_rows
from setu.domain.article6.aef_merge import merge_blocks
from setu.domain.article6.aef_model import AefReport, AuthorizationRow, Submission
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.ca_flows import ca_flows
from setu.domain.article6.ndc import Inventory, NdcDefinition
from setu.domain.article6.ndc_document import parse_ndc
from setu.domain.codes import RegistryCode
from setu.domain.journal import JournalEntry
from setu.domain.replay import Replayer
from setu.services.ports import UnitOfWork, UnitOfWorkFactory


class ReportUnavailable(Exception):
    """The report cannot be made from what is recorded (e.g. no NDC recorded for the Party)."""


@dataclass(frozen=True, slots=True)
class LedgerView:
    """What the reports read, taken together."""

    registries: dict[RegistryCode, str]
    entries: list[JournalEntry]


def _view(uow: UnitOfWork) -> LedgerView:
    codes = sorted(uow.ledger.journal_heads())
    registries = {code: uow.ledger.registry(code).party for code in codes}  # type: ignore[union-attr]
    return LedgerView(registries, list(uow.ledger.journal_entries()))


def _ndc_document(uow: UnitOfWork, party: str) -> dict:  # type: ignore[type-arg]
    latest = uow.article6.latest_ndc(party)
    if latest is None:
        raise ReportUnavailable(f"no NDC is recorded for {party}; record one with `setu ndc set`")
    return latest[1]


def _ndc_for_year(uow: UnitOfWork, party: str, year: int | None) -> tuple[NdcDefinition, Inventory]:
    """The NDC `party` implements in `year`: the latest recorded version whose period covers the year.

    A Party records its next NDC (2031-2035) before the current period ends; the annual information for a
    year of the current period still names the current period (Table 1), and its uses for 2030 are inside
    it. Without a year, or without a version covering it, the latest version.
    """
    latest = parse_ndc(_ndc_document(uow, party))
    if year is None:
        return latest
    versions = sorted(((v, d) for (p, v), d in uow.article6.ndcs().items() if p == party), reverse=True)
    for _, document in versions:
        parsed = parse_ndc(document)
        if parsed[0].first_year <= year <= parsed[0].last_year:
            return parsed
    return latest


def annual_information(
    new_uow: UnitOfWorkFactory, *, party: str, year: int, version: str = "1.0", submission_date: date | None = None,
) -> AefReport:
    """`party`'s AEF for reported `year`: Tables 1-5 from its registries' journals and records.

    Table 2 lists every version of the Party's authorizations dated by the end of the year (so every
    action's authorization is there); Table 4 the ITMOs its registries hold at 31 December, from a
    replay of the journals up to that day; Table 5 the entities it authorized by then.
    """
    with new_uow(read_only=True) as uow:
        view = _view(uow)
        definition, _ = _ndc_for_year(uow, party, year)
        versions = uow.article6.authorization_versions()
        revoked = {i: head[1] for i, head in uow.article6.authorization_heads().items() if head[1] is not None}
        entities = uow.article6.entities()
    end = date(year, 12, 31)
    replayer = Replayer()
    for entry in view.entries:
        if entry_date(entry) <= end:
            replayer.apply(entry)
    snapshot = replayer.snapshot()
    # Tables 2 and 3 name an entity by the identification number Table 5 lists it under (X2 matches them).
    numbers = {(e.cooperative_approach_id, e.entity_id): e.identification_number for e in entities}
    by_version = {(v.authorization_id, v.version): v for v in versions}
    in_force = {v.authorization_id: v for v in sorted(versions, key=lambda v: v.version) if v.authorization_date <= end}
    try:
        actions = [
            replace(a, using_entity=numbers.get((a.block.cooperative_approach_id, a.using_entity), a.using_entity))
            if a.using_entity else a
            for a in action_rows(view.entries, view.registries, party=party, year=year, versions=by_version)
        ]
        held = holding_rows(snapshot.blocks, snapshot.accounts, view.registries, party=party, authorizations=in_force)
    except ValueError as exc:  # a non-GHG quantity the AEF cannot state as a whole number
        raise ReportUnavailable(str(exc)) from None
    submission = Submission(party=party, version=version, reported_year=year,
                            submission_date=submission_date or date.today(),
                            ndc_first_year=definition.first_year, ndc_last_year=definition.last_year)
    return AefReport(
        submission=submission,
        authorizations=tuple(_row(v, revoked.get(v.authorization_id), end, numbers) for v in versions
                             if v.party == party and v.authorization_date <= end),
        actions=tuple(merge_blocks(actions)),
        holdings=tuple(merge_blocks(held)),
        entities=tuple(e.to_row() for e in entities if e.party == party and e.authorization_date <= end),
    )


def _row(version: Authorization, revoked_on: str | None, end: date,
         numbers: dict[tuple[str, str], str]) -> AuthorizationRow:
    """A Table 2 row; a revocation by the end of the year is said in `Additional explanatory information`."""
    row = version.to_row()
    row = replace(row, authorized_entities=tuple(numbers.get((row.cooperative_approach_id, e), e)
                                                 for e in row.authorized_entities))
    if revoked_on is not None and date.fromisoformat(revoked_on) <= end:
        return replace(row, explanation=f"Revoked on {revoked_on}: no first transfers from that date.")
    return row


def ca_report(new_uow: UnitOfWorkFactory, *, party: str, year: int | None = None) -> CaReport:
    """`party`'s corresponding adjustments, per year of its NDC period, from its recorded NDC and the ledger.

    The NDC is the latest recorded one, or with `year` the one whose period covers that year (the period
    before a newly recorded next NDC stays reportable).
    """
    with new_uow(read_only=True) as uow:
        view = _view(uow)
        definition, inventory = _ndc_for_year(uow, party, year)
        versions = {(v.authorization_id, v.version): v for v in uow.article6.authorization_versions()}
    unit = definition.indicator.unit if definition.indicator is not None else None
    try:
        first_transfers, uses = ca_flows(view.entries, view.registries, versions, party=party, indicator_unit=unit)
    except ValueError as exc:  # units that cannot be counted in a non-GHG NDC's indicator
        raise ReportUnavailable(str(exc)) from None
    return corresponding_adjustments(definition, inventory, first_transfers, uses)

