"""The cycle's transition table: every allowed step works, every other (role, state, action) is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from setu.domain.cycle.checks import CycleRules, check_action
from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.roles import Actor, Role, RoleGrant
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action, Subject
from setu.domain.cycle.views import SIDE_APPROVALS, CycleEvent, PeriodView, ProjectView, apply, pending_request_for

T0 = datetime(2026, 5, 1, tzinfo=UTC)
PROJECT = "IN-JCM-PV-001"
REGISTRIES = ("IND01", "JPN01")
ALL_FORMS = tuple(Form)


def actor(role: Role, organisation: str | None = None) -> Actor:
    organisation = organisation or f"org-{role.name.lower()}"
    scopes = {Role.FOCAL_POINT: (PROJECT,), Role.PROJECT_PARTICIPANT: (PROJECT,), Role.REGISTRY_MANAGER: REGISTRIES}
    grants = tuple(RoleGrant(f"user-{role.name.lower()}", organisation, role, scope, ("1",) if role is Role.TPE else ())
                   for scope in scopes.get(role, ("*",)))
    return Actor(grants[0].user, organisation, grants)


FOCAL = actor(Role.FOCAL_POINT, "Surya Rooftop Energy")
JC = actor(Role.JC_MEMBER)
TPE = actor(Role.TPE, "Earthood Services")
INDIA = actor(Role.GOVERNMENT_OF_INDIA)
JAPAN = actor(Role.GOVERNMENT_OF_JAPAN)
REGISTRY = actor(Role.REGISTRY_MANAGER)
PUBLIC = Actor("anyone", "", ())


def fresh() -> ProjectView:
    return ProjectView(PROJECT, "1", frozenset({"Surya Rooftop Energy", "Nippon Kouden KK"}))


def step(view: ProjectView, action: Action, who: Actor, now: datetime, period: str | None = None) -> ProjectView:
    rejection = check_action(view, action, who, period_id=period, forms=action.transition.forms, now=now)
    assert rejection is None, rejection
    role = next(iter(who.roles_for(view.id) & action.transition.roles))
    return apply(view, CycleEvent(action, who.user, who.organisation, role, now, "test", period), 30)


def test_a_project_walks_the_whole_cycle_with_its_side_paths():
    v = fresh()
    v = step(v, Action.SUBMIT_PIN, FOCAL, T0)
    v = step(v, Action.GRANT_NO_OBJECTION, JC, T0)
    v = step(v, Action.REQUEST_REF_ASSESSMENT, FOCAL, T0)
    v = step(v, Action.ASSESS_REF_EMISSIONS, JC, T0)
    v = step(v, Action.PUBLISH_PDD, FOCAL, T0)
    assert v.public_input_closes == T0 + timedelta(days=30)
    v = step(v, Action.COMMENT, PUBLIC, T0 + timedelta(days=29))
    v = step(v, Action.START_VALIDATION, TPE, T0 + timedelta(days=30))
    v = step(v, Action.VALIDATE, TPE, T0 + timedelta(days=40))
    v = step(v, Action.REQUEST_REGISTRATION, FOCAL, T0 + timedelta(days=41))
    v = step(v, Action.WITHDRAW_REGISTRATION_REQUEST, FOCAL, T0 + timedelta(days=42))
    assert v.state is ProjectState.VALIDATED
    v = step(v, Action.REQUEST_REGISTRATION, FOCAL, T0 + timedelta(days=43))
    v = step(v, Action.APPROVE_REGISTRATION, INDIA, T0 + timedelta(days=44))
    v = step(v, Action.APPROVE_REGISTRATION, JAPAN, T0 + timedelta(days=44))
    v = step(v, Action.REGISTER, JC, T0 + timedelta(days=50))
    v = step(v, Action.SUBMIT_IMPLEMENTATION_REPORT, FOCAL, T0 + timedelta(days=60))
    v = step(v, Action.REQUEST_POST_REGISTRATION_CHANGE, FOCAL, T0 + timedelta(days=61))
    v = step(v, Action.REJECT_POST_REGISTRATION_CHANGE, JC, T0 + timedelta(days=61))
    v = step(v, Action.REQUEST_POST_REGISTRATION_CHANGE, FOCAL, T0 + timedelta(days=61))
    v = step(v, Action.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST, FOCAL, T0 + timedelta(days=61))
    v = step(v, Action.REQUEST_POST_REGISTRATION_CHANGE, FOCAL, T0 + timedelta(days=61))
    v = step(v, Action.APPROVE_POST_REGISTRATION_CHANGE, JC, T0 + timedelta(days=62))
    assert v.pending == frozenset()
    v = step(v, Action.REQUEST_METHODOLOGY_REVISION, FOCAL, T0 + timedelta(days=63))
    later = T0 + timedelta(days=400)
    v = step(v, Action.SUBMIT_MONITORING_REPORT, FOCAL, later, "MP1")
    v = step(v, Action.START_VERIFICATION, TPE, later, "MP1")
    v = step(v, Action.VERIFY, TPE, later, "MP1")
    v = step(v, Action.REQUEST_ISSUANCE, FOCAL, later, "MP1")
    v = step(v, Action.WITHDRAW_ISSUANCE_REQUEST, FOCAL, later, "MP1")
    v = step(v, Action.REQUEST_ISSUANCE, FOCAL, later, "MP1")
    v = step(v, Action.APPROVE_ISSUANCE, INDIA, later, "MP1")
    v = step(v, Action.APPROVE_ISSUANCE, JAPAN, later, "MP1")
    v = step(v, Action.DECIDE_ISSUANCE, JC, later, "MP1")
    v = replace(v, periods=(replace(v.period("MP1"), registries=frozenset(REGISTRIES)),))  # as `history.fold` does
    v = step(v, Action.ISSUE, REGISTRY, later, "MP1")
    assert v.period("MP1").state is PeriodState.ISSUED
    v = step(v, Action.REQUEST_RENEWAL, FOCAL, later)
    v = step(v, Action.WITHDRAW_RENEWAL_REQUEST, FOCAL, later)
    v = step(v, Action.REQUEST_RENEWAL, FOCAL, later)
    v = step(v, Action.REJECT_RENEWAL, JC, later)
    v = step(v, Action.REQUEST_RENEWAL, FOCAL, later)
    v = step(v, Action.APPROVE_RENEWAL, INDIA, later)
    v = step(v, Action.APPROVE_RENEWAL, JAPAN, later)
    v = step(v, Action.RENEW_CREDITING_PERIOD, JC, later)
    assert (v.pending, v.approvals) == (frozenset(), frozenset())
    v = step(v, Action.WITHDRAW_PROJECT, FOCAL, later)
    assert v.state is ProjectState.WITHDRAWN


ROLE_ACTORS = {
    Role.FOCAL_POINT: FOCAL, Role.JC_MEMBER: JC, Role.TPE: TPE, Role.GOVERNMENT_OF_INDIA: INDIA,
    Role.GOVERNMENT_OF_JAPAN: JAPAN, Role.REGISTRY_MANAGER: REGISTRY, Role.PUBLIC: PUBLIC,
    Role.JC_SECRETARIAT: actor(Role.JC_SECRETARIAT), Role.PROJECT_PARTICIPANT: actor(Role.PROJECT_PARTICIPANT, "Nippon Kouden KK"),
}


def prepared(action: Action, state: object) -> tuple[ProjectView, str | None]:
    """A view in `state` where every condition other than role and state holds for `action`."""
    view = replace(fresh(), validator=TPE.organisation, public_input_closes=T0,
                   approvals=frozenset({Role.GOVERNMENT_OF_INDIA, Role.GOVERNMENT_OF_JAPAN}))
    request = pending_request_for(action)
    view = replace(view, pending=frozenset({request} if request else ()))
    if action in SIDE_APPROVALS:
        view = replace(view, approvals=frozenset())
    if action.transition.subject is Subject.PROJECT:
        return replace(view, state=state), None
    period = PeriodView("MP1", state, TPE.organisation, frozenset({Role.GOVERNMENT_OF_INDIA, Role.GOVERNMENT_OF_JAPAN}),
                        frozenset(REGISTRIES))
    if action is Action.APPROVE_ISSUANCE:
        period = replace(period, approvals=frozenset())
    if action is Action.APPROVE_REGISTRATION:
        view = replace(view, approvals=frozenset())
    return replace(view, state=ProjectState.IMPLEMENTED, periods=(period,)), "MP1"


def combinations():  # noqa: ANN201
    for action in Action:
        states = ProjectState if action.transition.subject is Subject.PROJECT else PeriodState
        for state in states:
            for role in Role:
                yield pytest.param(action, state, role, id=f"{action.name}-{state.name}-{role.name}")


@pytest.mark.parametrize(("action", "state", "role"), list(combinations()))
def test_every_role_state_action_combination(action, state, role):
    view, period = prepared(action, state)
    if action is Action.APPROVE_REGISTRATION:
        view = replace(view, approvals=frozenset())
    who = ROLE_ACTORS[role]
    now = T0 - timedelta(days=1) if action is Action.COMMENT else T0 + timedelta(days=1)
    rejection = check_action(view, action, who, period_id=period, forms=ALL_FORMS, now=now, rules=CycleRules())
    role_ok = role in action.transition.roles or (Role.PUBLIC in action.transition.roles)
    state_ok = state in action.transition.sources
    if not role_ok:
        assert rejection is not None and rejection.code is CycleCode.ROLE_NOT_PERMITTED
    elif not state_ok:
        assert rejection is not None and rejection.code is CycleCode.TRANSITION_NOT_ALLOWED
    else:
        assert rejection is None, rejection
