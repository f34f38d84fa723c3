"""Every action of the transition table, taken through the services where the table allows it.

`tests/cycle/test_transitions.py` checks every (role, state, action) against the pure rules; this runs
each allowed step for real (documents filed, event chained, state folded back) on both databases.
"""

from __future__ import annotations

import pytest

from setu.domain.cycle.requests import IssuanceDecision, MonitoringDetails, VerificationDetails, vintage_amounts
from setu.domain.cycle.transitions import Action, Subject
from setu.services import cycle_queries
from setu.services.cycle_verification import verify_cycle
from tests.cycle.world import FIRST_PERIOD_CLAIMS, PV, allocation

A = Action
AMOUNTS = vintage_amounts({2027: 100})
MAIN_PATH = [
    ("asha", A.SUBMIT_PIN), ("jc", A.GRANT_NO_OBJECTION), ("asha", A.REQUEST_REF_ASSESSMENT),
    ("jc", A.ASSESS_REF_EMISSIONS), ("asha", A.PUBLISH_PDD), ("tpe", A.START_VALIDATION), ("tpe", A.VALIDATE),
    ("asha", A.REQUEST_REGISTRATION), ("india", A.APPROVE_REGISTRATION), ("japan", A.APPROVE_REGISTRATION),
    ("jc", A.REGISTER), ("asha", A.SUBMIT_IMPLEMENTATION_REPORT), ("asha", A.SUBMIT_MONITORING_REPORT),
    ("tpe", A.START_VERIFICATION), ("tpe", A.VERIFY), ("asha", A.REQUEST_ISSUANCE), ("india", A.APPROVE_ISSUANCE),
    ("japan", A.APPROVE_ISSUANCE), ("jc", A.DECIDE_ISSUANCE), ("rm", A.ISSUE),
]
DETAILS = {
    A.SUBMIT_MONITORING_REPORT: MonitoringDetails(FIRST_PERIOD_CLAIMS, AMOUNTS),
    A.VERIFY: VerificationDetails(AMOUNTS),
    A.DECIDE_ISSUANCE: IssuanceDecision("JC-IN-1", AMOUNTS, allocation()),
}
MAIN_STEP = {action: position for position, (_who, action) in enumerate(MAIN_PATH)}
SIDE_STEPS = {  # action: (its actor, main-path steps first, side steps first)
    A.REJECT_PIN: ("jc", 1, ()),
    A.COMMENT: ("anyone", 5, ()),
    A.WITHDRAW_REGISTRATION_REQUEST: ("asha", 8, ()),
    A.REJECT_REGISTRATION: ("jc", 8, ()),
    A.REQUEST_POST_REGISTRATION_CHANGE: ("asha", 11, ()),
    A.APPROVE_POST_REGISTRATION_CHANGE: ("jc", 11, (("asha", A.REQUEST_POST_REGISTRATION_CHANGE),)),
    A.REJECT_POST_REGISTRATION_CHANGE: ("jc", 11, (("asha", A.REQUEST_POST_REGISTRATION_CHANGE),)),
    A.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST: ("asha", 11, (("asha", A.REQUEST_POST_REGISTRATION_CHANGE),)),
    A.REQUEST_RENEWAL: ("asha", 12, ()),
    A.APPROVE_RENEWAL: ("india", 12, (("asha", A.REQUEST_RENEWAL),)),
    A.RENEW_CREDITING_PERIOD: ("jc", 12, (("asha", A.REQUEST_RENEWAL), ("india", A.APPROVE_RENEWAL),
                                          ("japan", A.APPROVE_RENEWAL))),
    A.REJECT_RENEWAL: ("jc", 12, (("asha", A.REQUEST_RENEWAL),)),
    A.WITHDRAW_RENEWAL_REQUEST: ("asha", 12, (("asha", A.REQUEST_RENEWAL),)),
    A.REQUEST_METHODOLOGY_REVISION: ("asha", 0, ()),
    A.WITHDRAW_PROJECT: ("asha", 0, ()),
    A.WITHDRAW_ISSUANCE_REQUEST: ("asha", 16, ()),
}


def take(world, who: str, action: Action):  # type: ignore[no-untyped-def]
    period = "MP1" if action.transition.subject is Subject.PERIOD else None
    if action is A.START_VALIDATION:
        world.clock.advance(30)  # the public-input window has closed
    return world.act(who, action, PV, period, details=DETAILS.get(action))


def state_of(world, action: Action):  # type: ignore[no-untyped-def]
    view = cycle_queries.project_status(world.uow, PV).view
    return view.state if action.transition.subject is Subject.PROJECT else view.period("MP1").state


def test_the_table_is_covered():
    assert set(MAIN_STEP) | set(SIDE_STEPS) == set(Action)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.name)
def test_every_allowed_action_is_taken_and_lands_in_its_target_state(world, action):
    world.create()
    who, before, side = SIDE_STEPS.get(action) or (MAIN_PATH[MAIN_STEP[action]][0], MAIN_STEP[action], ())
    for step_who, step in [*MAIN_PATH[:before], *side]:
        assert take(world, step_who, step).accepted
    before_state = state_of(world, action)
    outcome = take(world, who, action)
    assert outcome.accepted, outcome.rejection
    assert state_of(world, action) is (action.transition.target or before_state)
    assert verify_cycle(world.uow).ok
