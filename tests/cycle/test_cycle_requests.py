"""Cycle requests: idempotent per key (rejections included), syntax refused as FIELD_INVALID, grants and projects."""

from __future__ import annotations

import pytest

from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import MonitoringDetails, TakeAction, VerificationDetails, vintage_amounts
from setu.domain.cycle.roles import Role
from setu.domain.cycle.transitions import Action
from setu.services import cycle_actions
from setu.services.cycle_verification import verify_cycle
from tests.cycle.world import NIPPON, PV, SURYA


def chain_length(world, stream: str) -> int:  # type: ignore[no-untyped-def]
    with world.uow(read_only=True) as uow:
        return uow.cycle.journal_head(stream, lock=False)[0]


def test_same_key_same_action_acts_once_and_answers_the_same(world):
    world.create()
    first = world.ok("asha", Action.SUBMIT_PIN, key="pin")
    again = world.act("asha", Action.SUBMIT_PIN, docs=first_docs(world), key="pin")
    assert again.replayed and again.entry_id == first.entry_id == f"project:{PV}#4"
    assert chain_length(world, f"project:{PV}") == 4  # created, two documents filed, one action


def first_docs(world) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return (f"{PV}/-/3.1/v1/public", f"{PV}/-/3.2/v1/public")


def test_a_rejection_is_remembered_and_another_payload_under_the_key_is_refused(world):
    world.create()
    refused = world.act("jc", Action.REGISTER, docs=(), key="reg")
    assert refused.rejection.code is CycleCode.TRANSITION_NOT_ALLOWED
    assert world.act("jc", Action.REGISTER, docs=(), key="reg").replayed
    other = world.act("jc", Action.REGISTER, docs=(), key="reg", reason="a different reason")
    assert other.rejection.code is CycleCode.DUPLICATE_REQUEST_ID


@pytest.mark.parametrize(("change", "message"), [
    ({"reason": "  "}, "reason: '  ' must be 1-2000 printable characters"),
    ({"project_id": "IN/JCM"}, "project_id: 'IN/JCM' is not a valid identifier"),
    ({"period_id": "MP1"}, "period_id: SUBMIT_PIN acts on the project, not on a period"),
    ({"documents": ("a", "a")}, "documents: a document is named twice"),
    ({"details": VerificationDetails(vintage_amounts({2027: 1}))}, "details: SUBMIT_PIN carries no figures"),
])
def test_malformed_requests_are_field_invalid_before_anything_is_looked_up(world, change, message):
    fields = {"idempotency_key": "bad", "user": "asha", "project_id": "NOT-A-PROJECT", "action": Action.SUBMIT_PIN,
              "reason": "r", "period_id": None, "documents": (), "details": None} | change
    outcome = cycle_actions.act(world.uow, TakeAction(**fields))
    assert outcome.rejection.code is CycleCode.FIELD_INVALID
    assert outcome.rejection.message.startswith(message)


@pytest.mark.parametrize(("details", "message"), [
    (None, "details: SUBMIT_MONITORING_REPORT needs MonitoringDetails"),
    (MonitoringDetails((), vintage_amounts({2027: 1})), "claims: a monitoring report claims at least one"),
    (MonitoringDetails((), ()), "reported_t: at least one vintage is needed"),
    (MonitoringDetails((), ((2027, -1),)), "reported_t: -1 t for 2027 is not whole tonnes >= 0"),
    (MonitoringDetails((), ((1999, 1),)), "reported_t: vintage 1999 is outside 2013-2100"),
])
def test_the_figures_an_action_carries_are_checked_for_shape(world, details, message):
    request = TakeAction("mr", "asha", PV, Action.SUBMIT_MONITORING_REPORT, "r", "MP1", (), details)
    outcome = cycle_actions.act(world.uow, request)
    assert outcome.rejection.code is CycleCode.FIELD_INVALID and outcome.rejection.message.startswith(message)


def test_a_grant_is_recorded_once_and_a_user_acts_for_one_organisation(world):
    assert world.grant("ravi", SURYA, Role.PROJECT_PARTICIPANT, PV).accepted
    assert world.grant("ravi", SURYA, Role.PROJECT_PARTICIPANT, PV).rejection.code is CycleCode.ROLE_ALREADY_HELD
    mixed = world.grant("ravi", NIPPON, Role.FOCAL_POINT, PV)
    assert (mixed.rejection.code, mixed.rejection.message) == (
        CycleCode.FIELD_INVALID, f"organisation: ravi acts for {SURYA}, not {NIPPON}")
    assert world.grant("kenji", NIPPON, Role.TPE).rejection.message.startswith("sectoral_scopes: a TPE is designated")
    assert world.grant("kenji", NIPPON, Role.PUBLIC).rejection.code is CycleCode.FIELD_INVALID
    assert verify_cycle(world.uow).ok


def test_a_project_is_created_by_one_of_its_participants_focal_points(world):
    assert world.create(by="jc").rejection.code is CycleCode.ROLE_NOT_PERMITTED
    outsider = world.create(participants=(NIPPON,))
    assert outsider.rejection.message == f"asha acts for {SURYA}, which is not a participant of {PV}"
    created = world.create(key="create")
    assert (created.project_id, created.entry_id) == (PV, f"project:{PV}#1")
    assert world.create().rejection.code is CycleCode.PROJECT_ALREADY_EXISTS
    assert world.create(key="create").replayed


def test_each_event_records_who_as_which_role_when_why_and_with_which_documents(world, clock):
    world.create()
    world.walk_to_implemented()
    with world.uow(read_only=True) as uow:
        entries = uow.cycle.entries(f"project:{PV}")
    approvals = [e.event for e in entries if e.event.get("action") == "APPROVE_REGISTRATION"]
    assert [(a["actor"], a["organisation"], a["role"]) for a in approvals] == [
        ("india", "MoEFCC", "GOVERNMENT_OF_INDIA"), ("japan", "MOEJ", "GOVERNMENT_OF_JAPAN")]
    validated = next(e for e in entries if e.event.get("action") == "VALIDATE")
    assert validated.event["documents"] == [f"{PV}/-/3.4/v1/public"]
    assert validated.event["reason"] == "as the procedure says"
    assert validated.recorded_at.isoformat() == "2026-06-20T09:00:00+00:00"
