"""Overdue steps: TPE reviews and completeness checks past their configurable limits; the public window is no step."""

from __future__ import annotations

from datetime import timedelta

from setu.domain.cycle.checks import CycleRules
from setu.domain.cycle.requests import MonitoringDetails, VerificationDetails, vintage_amounts
from setu.domain.cycle.transitions import Action
from setu.services import cycle_queries
from tests.cycle.world import FIRST_PERIOD_CLAIMS, PV


def overdue(world, **rules):  # type: ignore[no-untyped-def]
    return [(s.project_id, s.period_id, s.step, s.owner) for s in
            cycle_queries.overdue(world.uow, rules=CycleRules(**rules))]


def test_a_validation_is_overdue_after_the_tpe_review_limit(world, clock):
    world.create()
    for action, who in [(Action.SUBMIT_PIN, "asha"), (Action.GRANT_NO_OBJECTION, "jc"),
                        (Action.REQUEST_REF_ASSESSMENT, "asha"), (Action.ASSESS_REF_EMISSIONS, "jc"),
                        (Action.PUBLISH_PDD, "asha")]:
        world.ok(who, action)
    clock.advance(400)
    assert overdue(world) == []  # a public-input window that closed long ago is closed, not overdue
    world.ok("tpe", Action.START_VALIDATION)
    clock.advance(60)
    assert overdue(world) == []  # due at exactly 60 days: not yet past
    clock.advance(0.001)
    assert overdue(world) == [(PV, None, "validation", "Earthood Services")]
    assert overdue(world, tpe_review_days=90) == []
    step = cycle_queries.overdue(world.uow, now=clock.now + timedelta(days=5))[0]
    assert step.days_overdue(clock.now + timedelta(days=5)) == 5
    world.ok("tpe", Action.VALIDATE)
    assert overdue(world) == []


def test_a_registration_request_is_overdue_until_first_answered(world, clock):
    world.create()
    world.walk_to_implemented()  # its registration was answered the same day
    assert overdue(world) == []
    world.create("IN-JCM-PV-002")
    project = "IN-JCM-PV-002"
    for action, who in [(Action.SUBMIT_PIN, "asha"), (Action.GRANT_NO_OBJECTION, "jc"),
                        (Action.REQUEST_REF_ASSESSMENT, "asha"), (Action.ASSESS_REF_EMISSIONS, "jc"),
                        (Action.PUBLISH_PDD, "asha")]:
        world.ok(who, action, project)
    clock.advance(30)
    world.ok("tpe", Action.START_VALIDATION, project)
    world.ok("tpe", Action.VALIDATE, project)
    world.ok("asha", Action.REQUEST_REGISTRATION, project)
    clock.advance(8)
    assert overdue(world) == [(project, None, "registration completeness check", "JC secretariat")]
    assert overdue(world, completeness_check_days=10) == []
    world.ok("india", Action.APPROVE_REGISTRATION, project)
    assert overdue(world) == []


def test_verification_and_issuance_requests_of_a_period_have_limits_too(world, clock):
    world.create()
    world.walk_to_implemented()
    world.ok("asha", Action.SUBMIT_MONITORING_REPORT, PV, "MP1",
             details=MonitoringDetails(FIRST_PERIOD_CLAIMS, vintage_amounts({2027: 10})))
    world.ok("tpe", Action.START_VERIFICATION, PV, "MP1")
    clock.advance(61)
    assert overdue(world) == [(PV, "MP1", "verification", "Earthood Services")]
    status = cycle_queries.project_status(world.uow, PV)
    assert [s.step for s in status.open_steps] == ["verification"]
    world.act("asha", Action.WITHDRAW_PROJECT)  # withdrawing the project closes its open steps
    assert overdue(world) == []


def test_an_issuance_request_waits_for_its_completeness_check(world, clock):
    world.create()
    world.walk_to_implemented()
    world.ok("asha", Action.SUBMIT_MONITORING_REPORT, PV, "MP1",
             details=MonitoringDetails(FIRST_PERIOD_CLAIMS, vintage_amounts({2027: 10})))
    world.ok("tpe", Action.START_VERIFICATION, PV, "MP1")
    world.ok("tpe", Action.VERIFY, PV, "MP1", details=VerificationDetails(vintage_amounts({2027: 10})))
    world.ok("asha", Action.REQUEST_ISSUANCE, PV, "MP1")
    clock.advance(7)
    assert overdue(world) == []
    clock.advance(1)
    assert overdue(world) == [(PV, "MP1", "issuance completeness check", "JC secretariat")]
    world.ok("japan", Action.APPROVE_ISSUANCE, PV, "MP1")
    assert overdue(world) == []
    world.ok("india", Action.APPROVE_ISSUANCE, PV, "MP1")
    world.act("asha", Action.WITHDRAW_ISSUANCE_REQUEST, PV, "MP1")
    assert cycle_queries.project_status(world.uow, PV).open_steps == ()
