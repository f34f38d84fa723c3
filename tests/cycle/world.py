"""A small world for service-level cycle tests: the actors, two registries, a clock, and shortcuts.

`World.act` files the documents an action needs (unless told which to name) and sends the action with a
fresh key; `walk_to_implemented` and `walk_to_decided` drive a project through the whole cycle the way
the participants, the TPE, both governments and the JC would.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from setu.domain.cycle.allocation import AllocationForm, AllocationShare
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.forms import Form
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode
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
    vintage_amounts,
)
from setu.domain.cycle.roles import Role, RoleGrant
from setu.domain.cycle.transitions import Action
from setu.services import cycle_actions, cycle_admin, documents
from setu.services.ports import DocumentFiles, UnitOfWorkFactory
from tests.ledger_script import LedgerScript

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
PV = "IN-JCM-PV-001"
SURYA, NIPPON = "Surya Rooftop Energy", "Nippon Kouden KK"
ACTORS = (  # user, organisation, role, scope, sectoral scopes
    ("asha", SURYA, Role.FOCAL_POINT, PV, ()),  # a focal point per project: `World.create` grants the others
    ("jc", "Joint Committee", Role.JC_MEMBER, "*", ()),
    ("sec", "Joint Committee", Role.JC_SECRETARIAT, "*", ()),
    ("tpe", "Earthood Services", Role.TPE, "*", ("1", "3")),
    ("india", "MoEFCC", Role.GOVERNMENT_OF_INDIA, "*", ()),
    ("japan", "MOEJ", Role.GOVERNMENT_OF_JAPAN, "*", ()),
    ("rm", "Registry", Role.REGISTRY_MANAGER, "IND01", ()),  # one operator of both registries (a consolidated
    ("rm", "Registry", Role.REGISTRY_MANAGER, "JPN01", ()),  # system, jcm.md §1), granted each registry
)
FIRST_PERIOD_CLAIMS = (ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2027, 12, 31)),)
TWO_YEAR_CLAIMS = (ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2028, 12, 31)),)  # for vintages 2027 and 2028


class Clock:
    """The units of work's clock; tests move it forward."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: float) -> None:
        self.now += timedelta(days=days)


def allocation(goj: str = "50", goi: str = "10", pp: str = "40", *, pp_account: str = "IND01-2") -> AllocationForm:
    return AllocationForm((
        AllocationShare("Government of Japan", "JPN01", "JPN01-1", Decimal(goj)),
        AllocationShare("Government of India", "IND01", "IND01-1", Decimal(goi)),
        AllocationShare(SURYA, "IND01", pp_account, Decimal(pp)),
    ), remainder_to=SURYA)


@dataclass
class World:
    uow: UnitOfWorkFactory
    files: DocumentFiles
    clock: Clock

    def __post_init__(self) -> None:
        self._keys = itertools.count(1)
        self.ledger = LedgerScript(self.uow)  # one script, so its request keys never repeat

    def key(self) -> str:
        return f"c{next(self._keys)}"

    def setup(self) -> World:
        """Grant every actor's role; open IND01 (GoI, Surya) and JPN01 (GoJ) with their holding accounts."""
        for user, organisation, role, scope, sectoral in ACTORS:
            assert self.grant(user, organisation, role, scope, sectoral).accepted
        self.ledger.run("""
        registry IND01 IND
        registry JPN01 JPN
        open JPN01 party-holding GoJ
        open IND01 party-holding GoI
        open IND01 entity-holding Surya
        open IND01 retirement R
        """)
        return self

    def grant(self, user: str, organisation: str, role: Role, scope: str = "*", sectoral: tuple[str, ...] = (),
              key: str | None = None) -> CycleOutcome:
        grant = RoleGrant(user, organisation, role, scope, sectoral)
        return cycle_admin.grant_role(self.uow, GrantRole(key or self.key(), "admin", grant))

    def create(self, project: str = PV, by: str = "asha", participants: tuple[str, ...] = (SURYA, NIPPON),
               key: str | None = None) -> CycleOutcome:
        if by == "asha" and project != PV:  # the focal point is granted each project it speaks for
            granted = self.grant(by, SURYA, Role.FOCAL_POINT, project)
            assert granted.accepted or granted.rejection.code is CycleCode.ROLE_ALREADY_HELD, granted.rejection
        request = CreateProject(key or self.key(), by, project, f"Rooftop solar {project}", "IN_AM001", "1.0", "1",
                                participants)
        return cycle_admin.create_project(self.uow, request)

    def upload(self, user: str, form: Form, project: str = PV, period: str | None = None,
               variant: Variant = Variant.PUBLIC, content: bytes | None = None, key: str | None = None) -> CycleOutcome:
        body = content if content is not None else f"{form.name} of {project}/{period} at {self.clock.now}".encode()
        request = UploadDocument(key or self.key(), user, project, form, variant, f"{form.name.lower()}.pdf", body, period)
        return documents.upload_document(self.uow, self.files, request)

    def act(self, user: str, action: Action, project: str = PV, period: str | None = None, *,
            docs: tuple[str, ...] | None = None, details: Details | None = None, key: str | None = None,
            reason: str = "as the procedure says") -> CycleOutcome:
        if docs is None:
            filed = [self.upload(user, form, project, period) for form in action.transition.forms]
            assert all(f.accepted for f in filed), [f.rejection for f in filed]
            docs = tuple(f.document_id or "" for f in filed)
        request = TakeAction(key or self.key(), user, project, action, reason, period, docs, details)
        return cycle_actions.act(self.uow, request)

    def ok(self, *args: object, **kwargs: object) -> CycleOutcome:
        outcome = self.act(*args, **kwargs)  # type: ignore[arg-type]
        assert outcome.accepted, outcome.rejection
        return outcome

    def walk_to_implemented(self, project: str = PV) -> None:
        self.ok("asha", Action.SUBMIT_PIN, project)
        self.ok("jc", Action.GRANT_NO_OBJECTION, project)
        self.ok("asha", Action.REQUEST_REF_ASSESSMENT, project)
        self.ok("jc", Action.ASSESS_REF_EMISSIONS, project)
        self.ok("asha", Action.PUBLISH_PDD, project)
        self.clock.advance(30)
        self.ok("tpe", Action.START_VALIDATION, project)
        self.clock.advance(20)
        self.ok("tpe", Action.VALIDATE, project)
        self.ok("asha", Action.REQUEST_REGISTRATION, project)
        self.ok("india", Action.APPROVE_REGISTRATION, project)
        self.ok("japan", Action.APPROVE_REGISTRATION, project)
        self.ok("jc", Action.REGISTER, project)
        self.ok("asha", Action.SUBMIT_IMPLEMENTATION_REPORT, project)

    def walk_to_decided(self, project: str = PV, period: str = "MP1", *, reported: dict[int, int] | None = None,
                        verified: dict[int, int] | None = None, decided: dict[int, int] | None = None,
                        claims: tuple[ClaimedSubject, ...] = FIRST_PERIOD_CLAIMS, form: AllocationForm | None = None,
                        decision_id: str = "JC-IN-2028-001") -> None:
        reported = reported or {2027: 10_007}
        self.ok("asha", Action.SUBMIT_MONITORING_REPORT, project, period,
                details=MonitoringDetails(claims, vintage_amounts(reported)))
        self.ok("tpe", Action.START_VERIFICATION, project, period)
        self.ok("tpe", Action.VERIFY, project, period, details=VerificationDetails(vintage_amounts(verified or reported)))
        self.ok("asha", Action.REQUEST_ISSUANCE, project, period)
        self.ok("india", Action.APPROVE_ISSUANCE, project, period)
        self.ok("japan", Action.APPROVE_ISSUANCE, project, period)
        decision = IssuanceDecision(decision_id, vintage_amounts(decided or verified or reported), form or allocation())
        self.ok("jc", Action.DECIDE_ISSUANCE, project, period, details=decision)
