"""The demo's project-cycle chapter: each of the five sample projects from idea note to issued credits.

Every step goes through the services the `setu project`, `setu document` and `setu cycle` commands
call. The chapter runs on a clock of its own that it moves forward (the 30-day public-input window,
a TPE that is late), so the months of a real cycle pass in seconds; its events are stamped with that
clock. The ER each monitoring report claims is what the MRV pipeline computed from the sample data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from rich.table import Table

from setu.cli import cycle_render, render
from setu.cli.demo_mrv import SAMPLES
from setu.domain.accounts import AccountType
from setu.domain.codes import AccountId
from setu.domain.cycle.allocation import AllocationForm, AllocationShare
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.requests import (
    ClaimedSubject,
    CreateProject,
    Details,
    GrantRole,
    IssuanceDecision,
    MonitoringDetails,
    TakeAction,
    UploadDocument,
    VerificationDetails,
)
from setu.domain.cycle.roles import Role, RoleGrant
from setu.domain.cycle.transitions import Action
from setu.domain.mrv.report import MonitoringReport
from setu.domain.requests import OpenAccount
from setu.mrv.pipeline import calculate
from setu.services import cycle_actions, cycle_admin, cycle_queries, documents, queries, registry_admin
from setu.services.ports import UnitOfWorkFactory
from setu.store.documents import FileDocumentStore

TPE = "Kaveri Assurance Pvt Ltd"  # fictional TPE, designated for the scopes of the samples
REGISTRAR = "registrar"  # one ISSUE fills both registries, so its registry manager is granted each of them
STAFF = (  # user, organisation, role, scope, sectoral scopes
    ("jc-member", "Joint Committee", Role.JC_MEMBER, "*", ()),
    ("moefcc", "Government of India (MoEFCC)", Role.GOVERNMENT_OF_INDIA, "*", ()),
    ("moej", "Government of Japan (MOEJ)", Role.GOVERNMENT_OF_JAPAN, "*", ()),
    ("tpe-lead", TPE, Role.TPE, "*", ("1", "3", "4")),
    (REGISTRAR, "JCM registries (IND01 and JPN01, one system)", Role.REGISTRY_MANAGER, "IND01", ()),
    (REGISTRAR, "JCM registries (IND01 and JPN01, one system)", Role.REGISTRY_MANAGER, "JPN01", ()),
)
PARTNER = "Nippon Kouden KK"
PARTICIPANTS = {  # the Indian participant of each sample project (fictional), who receives 40%
    "IN-JCM-PV-001": "Surya Rooftop Energy Pvt Ltd",
    "IN-JCM-PVS-001": "Sahyadri Solar Storage Pvt Ltd",
    "IN-JCM-CH-001": "Himgiri Cooling Pvt Ltd",
    "IN-JCM-LED-001": "Prakash Lighting Pvt Ltd",
    "IN-JCM-WHR-001": "Vindhya Cement Ltd",
}
PROJECT_WALK = (  # who takes each project action, in order
    ("fp", Action.SUBMIT_PIN), ("jc-member", Action.GRANT_NO_OBJECTION), ("fp", Action.REQUEST_REF_ASSESSMENT),
    ("jc-member", Action.ASSESS_REF_EMISSIONS), ("fp", Action.PUBLISH_PDD), ("tpe-lead", Action.START_VALIDATION),
    ("tpe-lead", Action.VALIDATE), ("fp", Action.REQUEST_REGISTRATION), ("moefcc", Action.APPROVE_REGISTRATION),
    ("moej", Action.APPROVE_REGISTRATION), ("jc-member", Action.REGISTER), ("fp", Action.SUBMIT_IMPLEMENTATION_REPORT),
)


@dataclass
class CycleDemo:
    """The chapter's state: the unit-of-work factory on the chapter's clock, and what went wrong."""

    uow: UnitOfWorkFactory
    files: FileDocumentStore
    clock: list[datetime]
    reports_dir: Path
    ok: bool = True
    rows: list[tuple[str, ...]] = field(default_factory=list)
    _keys: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def key(self, what: str) -> str:
        return f"demo-cycle-{next(self._keys)}-{what}"

    def advance(self, days: int) -> None:
        self.clock[0] += timedelta(days=days)

    def expect(self, outcome: CycleOutcome, what: str, *, refused: bool = False, quiet: bool = False) -> CycleOutcome:
        if not quiet or outcome.accepted == refused:
            cycle_render.outcome(outcome, what)
        if outcome.accepted == refused:
            self.ok = False
            render.errors.print("[red]   ^ the demo expected the opposite: this is a bug[/]")
        return outcome

    def upload(self, user: str, project: str, period: str | None, action: Action, report: MonitoringReport) -> tuple[str, ...]:
        """File every form `action` needs; the monitoring report is the MRV workbook itself."""
        names = []
        for form in action.transition.forms:
            workbook = self.reports_dir / f"{project}.xlsx"
            if form.name == "MONITORING_REPORT" and workbook.exists():
                content, filename = workbook.read_bytes(), workbook.name
            else:
                content = f"{form.title} of {project} {period or ''} ({report.project.name})".encode()
                filename = f"{form.name.lower()}.pdf"
            request = UploadDocument(self.key("doc"), user, project, form, Variant.PUBLIC, filename, content, period)
            outcome = self.expect(documents.upload_document(self.uow, self.files, request), "filed", quiet=True)
            names.append(outcome.document_id or "")
        return tuple(names)

    def act(self, user: str, action: Action, project: str, report: MonitoringReport, period: str | None = None,
            details: Details | None = None, *, key: str | None = None, refused: bool = False) -> CycleOutcome:
        docs = self.upload(user, project, period, action, report)
        request = TakeAction(key or self.key(action.name.lower()), user, project, action, "as the procedure says",
                             period, docs, details)
        return self.expect(cycle_actions.act(self.uow, request), f"{action.name} {project}", refused=refused,
                           quiet=not refused)


def cycle_chapter(uow: UnitOfWorkFactory, clock: list[datetime], files: FileDocumentStore, reports_dir: Path,
                  say) -> bool:  # type: ignore[no-untyped-def]
    """Walk every sample project through the cycle; False if anything went other than expected."""
    demo = CycleDemo(uow, files, clock, reports_dir)
    reports = _reports()
    say("The project cycle: roles for the Joint Committee, both governments, a TPE and the registry")
    for user, organisation, role, scope, sectoral in STAFF:
        grant = RoleGrant(user, organisation, role, scope, sectoral)
        demo.expect(cycle_admin.grant_role(uow, GrantRole(demo.key("grant"), "demo-admin", grant)),
                    f"{user}: {role.value} ({scope})")
    goi, goj = _party_account(uow, "IND01"), _party_account(uow, "JPN01")

    say("Five projects, one per methodology: PIN → no objection → PDD and 30 days of public inputs → validation →"
        " registration approved by both governments → monitoring report with the MRV figures → verification →"
        " issuance approved by both governments → JC decision (Japan 50%, India 10%, participants 40%) → ISSUE")
    for report in reports:
        _walk(demo, report, goi, goj, say)
    table = Table("project", "methodology", "project state", "MP1", "verified t", "IND01 t", "JPN01 t", "JCM serials")
    for row in demo.rows:
        table.add_row(*row)
    render.console.print(table)

    _refusals(demo, reports[0])
    say("`setu cycle overdue`: every step with a time limit is done")
    cycle_render.overdue(cycle_queries.overdue(uow, now=clock[0]), clock[0])
    return demo.ok


def _reports() -> list[MonitoringReport]:
    with resources.as_file(resources.files("setu.data.samples")) as samples:
        return [calculate(samples / f"{name}.yaml", samples / data, today=datetime.now(UTC).date())
                for name, data in SAMPLES]


def _party_account(uow: UnitOfWorkFactory, registry: str) -> AccountId:
    held = queries.holdings(uow, registry=registry)  # type: ignore[arg-type]
    return next(a.id for a in held.accounts if a.type is AccountType.PARTY_HOLDING)


def _walk(demo: CycleDemo, report: MonitoringReport, goi: AccountId, goj: AccountId, say) -> None:  # type: ignore[no-untyped-def]
    project = report.project
    pid = project.id
    participant = PARTICIPANTS.get(pid, f"{pid} participants")
    focal = f"fp-{pid.lower()}"
    demo.expect(cycle_admin.grant_role(demo.uow, GrantRole(demo.key("grant"), "demo-admin",
                                                           RoleGrant(focal, participant, Role.FOCAL_POINT, pid))),
                "focal point", quiet=True)
    opened = registry_admin.open_account(demo.uow, OpenAccount(f"demo-cycle-open-{pid}", "IND01", AccountType.ENTITY_HOLDING,
                                                               participant))  # type: ignore[arg-type]
    pp_account = opened.account_id or ""
    scope = report.methodology.sectoral_scope.split()[0]
    create = CreateProject(demo.key("create"), focal, pid, project.name, project.methodology_id,
                           project.methodology_version, scope, (participant, PARTNER))
    demo.expect(cycle_admin.create_project(demo.uow, create), f"project {pid}", quiet=True)
    for who, action in PROJECT_WALK:
        demo.act(focal if who == "fp" else who, action, pid, report)
        if action is Action.PUBLISH_PDD:
            demo.advance(31)  # the public-input window
        elif action is Action.START_VALIDATION:
            demo.advance(20)
    period = report.periods[0].result
    mp = period.period.id
    claims = tuple(ClaimedSubject(f"meter:{m.id}", period.period.start, period.period.end) for m in project.meters)
    amounts = tuple((v.vintage, v.er_t) for v in period.vintages)
    demo.act(focal, Action.SUBMIT_MONITORING_REPORT, pid, report, mp, MonitoringDetails(claims, amounts))
    demo.act("tpe-lead", Action.START_VERIFICATION, pid, report, mp)
    if pid == "IN-JCM-WHR-001":  # the largest project: its verifier runs late
        demo.advance(75)
        say(f"The TPE is late verifying {pid}: `setu cycle overdue` lists the step and who owes it")
        cycle_render.overdue(cycle_queries.overdue(demo.uow, now=demo.clock[0]), demo.clock[0])
    demo.act("tpe-lead", Action.VERIFY, pid, report, mp, VerificationDetails(amounts))
    for who, action in ((focal, Action.REQUEST_ISSUANCE), ("moefcc", Action.APPROVE_ISSUANCE),
                        ("moej", Action.APPROVE_ISSUANCE)):
        demo.act(who, action, pid, report, mp)
    form = AllocationForm((
        AllocationShare("Government of Japan", "JPN01", goj, Decimal(50)),
        AllocationShare("Government of India", "IND01", goi, Decimal(10)),
        AllocationShare(participant, "IND01", pp_account, Decimal(40)),
    ), remainder_to=participant)
    decision = IssuanceDecision(f"JC-{pid}-{mp}", amounts, form)
    demo.act("jc-member", Action.DECIDE_ISSUANCE, pid, report, mp, decision)
    issued = demo.act(REGISTRAR, Action.ISSUE, pid, report, mp, key=f"demo-cycle-issue-{pid}").issued
    status = cycle_queries.project_status(demo.uow, pid)
    by_registry = {r: sum(s.quantity_t for s in issued if s.registry == r) for r in ("IND01", "JPN01")}
    demo.rows.append((pid, project.methodology_id, status.view.state.value, status.view.period(mp).state.value,
                      f"{sum(t for _, t in amounts):,}", f"{by_registry['IND01']:,}", f"{by_registry['JPN01']:,}",
                      str(len(issued))))


def _refusals(demo: CycleDemo, report: MonitoringReport) -> None:
    """What the cycle refuses: a meter claimed twice, and an ISSUE sent again."""
    pid = report.project.id
    period = report.periods[0].result.period
    meter = report.project.meters[0].id
    render.console.print(f"\n[bold]A second monitoring report of {pid} claims meter {meter} over months MP1 already"
                         " covered; a retried ISSUE issues nothing twice[/]", soft_wrap=True)
    overlap = ClaimedSubject(f"meter:{meter}", period.end - timedelta(days=89), period.end + timedelta(days=275))
    demo.act(f"fp-{pid.lower()}", Action.SUBMIT_MONITORING_REPORT, pid, report, "MP2",
             MonitoringDetails((overlap,), ((period.end.year, 100),)), refused=True)
    retry = TakeAction(f"demo-cycle-issue-{pid}", REGISTRAR, pid, Action.ISSUE, "as the procedure says", "MP1")
    demo.expect(cycle_actions.act(demo.uow, retry), f"ISSUE {pid}/MP1 (network retry, same key)")
    again = TakeAction(demo.key("issue-again"), REGISTRAR, pid, Action.ISSUE, "once more", "MP1")
    demo.expect(cycle_actions.act(demo.uow, again), f"ISSUE {pid}/MP1 (new key)", refused=True)
