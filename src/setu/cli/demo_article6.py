"""The demo's Article 6 chapter: both Parties record their standing; India authorizes credits for Japan's
NDC, is refused a first transfer until its initial report is recorded, then first transfers them; Japan
uses some towards its 2030 NDC; India cancels a small share towards OMGE and transfers another as a share
of proceeds; then both Parties' AEF workbooks for the year, checked (with the bilateral match), and the
corresponding-adjustment reports and chart.

It continues on the project-cycle chapter's clock, one month after its last step. The NDC,
standing and authorization documents are the illustrative ones shipped in `setu.data.article6`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from setu.aef.workbook_reader import read_aef
from setu.aef.workbook_writer import write_aef
from setu.article6.ca_chart import write_ca_chart
from setu.article6.documents import authorization_from_document, load_document
from setu.cli import render
from setu.cli.article6_render import ca_table
from setu.domain.accounts import AccountType
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.aef_generations import for_template
from setu.domain.article6.aef_model import IdStyle
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.requests import (
    AuthorizeUnits,
    ConsumeUnits,
    RecordAuthorization,
    RecordNdc,
    RecordStanding,
    RegisterApproach,
    TransferUnits,
)
from setu.domain.article6.vocabulary import FirstTransferDefinition, Purpose
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.outcomes import Outcome
from setu.domain.requests import ByQuantity, OpenAccount
from setu.services import article6_records, article6_units, registry_admin
from setu.services.article6_reports import annual_information, ca_report
from setu.services.ports import UnitOfWorkFactory

IND, JPN = RegistryCode("IND01"), RegistryCode("JPN01")
CA = "CA0123"  # placeholder until the CARP assigns the India-Japan JCM its id
CHAPTER_SPAN = timedelta(days=44)
"""From the chapter's first action to its last (14 + 30 days below)."""


class _Chapter:
    def __init__(self, uow: UnitOfWorkFactory, say: Callable[[str], None]) -> None:
        self.uow, self.say, self.ok = uow, say, True

    def expect(self, outcome: Outcome, what: str, *, refused: bool = False) -> Outcome:
        render.outcome(outcome, what)
        if outcome.accepted == refused:
            self.ok = False
            render.errors.print("[red]   ^ the demo expected the opposite: this is a bug[/]")
        return outcome

    def account(self, registry: RegistryCode, kind: AccountType) -> AccountId:
        with self.uow(read_only=True) as uow:
            return next(a.id for a in uow.ledger.list_accounts(registry, None) if a.type is kind)


def _document(name: str) -> dict:  # type: ignore[type-arg]
    with resources.as_file(resources.files("setu.data.article6") / name) as path:
        return load_document(Path(path))


def article6_chapter(uow: UnitOfWorkFactory, clock: list[datetime], reports_dir: Path,
                     say: Callable[[str], None]) -> bool:
    """Run the chapter; True when every step did what it should."""
    c = _Chapter(uow, say)
    clock[0] += timedelta(days=30)
    if (clock[0] + CHAPTER_SPAN).year != clock[0].year:
        # The chapter reports one year's AEF: its actions must not straddle a year end (the clock starts at
        # the real date, so this depends on the day the demo runs).
        clock[0] = clock[0].replace(year=clock[0].year + 1, month=1, day=10)
    today = clock[0].date()
    goi, omge = c.account(IND, AccountType.PARTY_HOLDING), c.account(IND, AccountType.OMGE_CANCELLATION)
    goj, jp_ndc = c.account(JPN, AccountType.PARTY_HOLDING), c.account(JPN, AccountType.RETIREMENT)
    opened = c.expect(registry_admin.open_account(uow, OpenAccount(
        "demo-a6-open-sop", IND, AccountType.SHARE_OF_PROCEEDS, "Adaptation Fund (share of proceeds)")),
        "Adaptation Fund (share of proceeds):")
    assert opened.account_id is not None
    sop = opened.account_id

    say(f"Article 6.2: both registries join cooperative approach {CA}; each Party records its NDC (illustrative figures)")
    for registry in (IND, JPN):
        request = RegisterApproach(f"demo-a6-approach-{registry}", registry, CA, "India-Japan JCM", ("IND", "JPN"))
        c.expect(article6_records.register_approach(uow, request), f"{CA} in {registry}:")
    for registry, party in ((IND, "IND"), (JPN, "JPN")):
        c.expect(article6_records.record_ndc(uow, RecordNdc(f"demo-a6-ndc-{party}", registry,
                                                            _document(f"ndc_{party}.yaml"))), f"NDC of {party}:")
    say("Each Party records its standing: the six participation requirements met, with evidence; Japan's initial"
        " report is on record, India's not yet")
    india_standing = _document("standing_IND.yaml")
    for registry, party, document in ((IND, "IND", india_standing), (JPN, "JPN", _document("standing_JPN.yaml"))):
        c.expect(article6_records.record_standing(uow, RecordStanding(f"demo-a6-standing-{party}", registry, document)),
                 f"standing of {party}:")

    ndc_auth = replace(authorization_from_document(_document("authorization_IND_NDC.yaml"), "authorization"),
                       authorization_date=today)
    oimp_auth = Authorization(
        party="IND", authorization_id="IND-JCM-OIMP-001", version=1, authorization_date=today,
        cooperative_approach_id=CA, purposes=Purpose.OIMP, sectors=ndc_auth.sectors, oimp_authorized="CORSIA",
        first_transfer_definition=FirstTransferDefinition.AUTHORIZATION, authorized_quantity=100,
    )
    say("India authorizes: 400,000 t for Japan's NDC (first transfer = first international transfer), and 100 t"
        " for CORSIA whose first transfer is the authorization itself")
    for auth in (ndc_auth, oimp_auth):
        c.expect(article6_records.record_authorization(uow, RecordAuthorization(
            f"demo-a6-{auth.authorization_id}", IND, auth)), f"authorization {auth.authorization_id}:")
    c.expect(article6_units.authorize_units(uow, AuthorizeUnits("demo-a6-authorize-ndc", IND, goi, ByQuantity(1_500),
                                                                 ndc_auth.authorization_id)), "authorized:")
    say("India's own gate: no first transfer before its initial report for the approach is submitted")
    c.expect(article6_units.authorize_units(uow, AuthorizeUnits("demo-a6-authorize-early", IND, goi, ByQuantity(100),
                                                                 oimp_auth.authorization_id)),
             "authorized and first transferred", refused=True)
    report = {"cooperative_approach_id": CA, "submitted_on": today.isoformat(),
              "reference": "Illustrative: India's initial report for the India-Japan JCM"}
    c.expect(article6_records.record_standing(uow, RecordStanding(
        "demo-a6-standing-IND-2", IND, india_standing | {"as_of": today.isoformat(), "initial_reports": [report]})),
        "India's initial report recorded as submitted:")
    c.expect(article6_units.authorize_units(uow, AuthorizeUnits("demo-a6-authorize-oimp", IND, goi, ByQuantity(100),
                                                                 oimp_auth.authorization_id)),
             "authorized and first transferred (OIMP, Authorisation):")

    clock[0] += timedelta(days=14)
    say("First transfer of 1,200 t to Japan: India records the first transfer, Japan the acquisition, in one transaction")
    c.expect(article6_units.transfer_units(uow, TransferUnits("demo-a6-ft-1", IND, goi, goj, ByQuantity(1_200),
                                                              ndc_auth.authorization_id)), "first transfer:")
    say("India transfers 10 t of the CORSIA units to Japan (already ITMOs: a plain transfer), but Japan cannot"
        " count them towards its NDC")
    c.expect(article6_units.transfer_units(uow, TransferUnits("demo-a6-oimp-transfer", IND, goi, goj, ByQuantity(10),
                                                              oimp_auth.authorization_id)), "transfer:")
    c.expect(article6_units.consume_units(uow, ConsumeUnits("demo-a6-use-bad", JPN, goj, jp_ndc, ByQuantity(10),
                                                            ndc_year=2030, authorization_id=oimp_auth.authorization_id)),
             "use towards the NDC", refused=True)

    clock[0] += timedelta(days=30)
    say("Japan uses 1,000 t towards its 2030 NDC; India cancels 20 t of its authorized units towards OMGE and"
        " transfers 10 t to the Adaptation Fund as a share of proceeds")
    c.expect(article6_units.consume_units(uow, ConsumeUnits("demo-a6-use-1", JPN, goj, jp_ndc, ByQuantity(1_000),
                                                            ndc_year=2030,
                                                            authorization_id=ndc_auth.authorization_id)),
             "use towards Japan's NDC:")
    c.expect(article6_units.consume_units(uow, ConsumeUnits("demo-a6-omge", IND, goi, omge, ByQuantity(20),
                                                            authorization_id=ndc_auth.authorization_id)),
             "OMGE cancellation:")
    c.expect(article6_units.consume_units(uow, ConsumeUnits("demo-a6-sop", IND, goi, sop, ByQuantity(10),
                                                            authorization_id=ndc_auth.authorization_id)),
             "share of proceeds:")

    year = clock[0].year
    c.ok &= _reports(c, year, clock[0].date(), reports_dir)  # submitted after the year's last action, not before
    return c.ok


def _reports(c: _Chapter, year: int, today, reports_dir: Path) -> bool:  # type: ignore[no-untyped-def]
    c.say(f"Both Parties' AEF annual information for {year}, in the secretariat's template layout, then checked"
          " the way the secretariat would, including the bilateral match")
    reports_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for party in ("IND", "JPN"):
        report = annual_information(c.uow, party=party, year=year, submission_date=today)
        shaped, notes = for_template(report, IdStyle.V1)
        paths[party] = reports_dir / f"aef-{party}-{year}.xlsx"
        write_aef(shaped, paths[party], IdStyle.V1)
        render.console.print(f"{paths[party]}: {len(shaped.actions)} actions, {len(shaped.holdings)} holdings"
                             + (f" ({'; '.join(notes)})" if notes else ""), soft_wrap=True)
    ok = True
    readings = {party: read_aef(path) for party, path in paths.items()}
    for party, other in (("IND", "JPN"), ("JPN", "IND")):
        report, findings = readings[party]
        if report is not None:
            findings = findings + check_consistency(report, counterpart=readings[other][0], finalization=True)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        for finding in findings:
            render.console.print(f"  {finding}", soft_wrap=True, markup=False)
        if errors:
            ok = False
        render.console.print(f"{'[green]✔[/]' if not errors else '[red]✘[/]'} setu aef check {paths[party].name}"
                             f" --counterpart {paths[other].name}: {len(errors)} errors")
    c.say("Corresponding adjustments: India adds its first transfers by vintage (averaging), Japan subtracts its use")
    for party in ("IND", "JPN"):
        report = ca_report(c.uow, party=party)
        ca_table(report)
        png, svg = write_ca_chart(report, reports_dir / f"ca-{party}")
        render.console.print(f"chart: {png} and {svg}")
    return ok
