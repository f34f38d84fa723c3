"""Follow-up defects of the pure project-cycle domain, each pinned by a test that failed before its fix.

1. A crediting-period renewal needed no government approval (India-Japan: both, `jcm.md` §1).
2. A pending post-registration change or renewal could be neither rejected nor withdrawn, so it blocked
   every later request of its kind for ever.
3. `meter:PV1-AC` and `meter:pv1-ac` were two meters to the double-claim guard.
4. Registry scopes were ignored: a manager granted `IND01` could never ISSUE, one granted `*` issued
   into both registries.
5. A focal point could be granted `*`, speaking for every project.
6. A monitoring report could report vintages outside the years it claims.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from setu.domain.cycle.checks import CycleRules, check_action
from setu.domain.cycle.claims import Claim, check_claims, subject_key
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.request_checks import check_action_request, check_grant_request
from setu.domain.cycle.requests import ClaimedSubject, GrantRole, MonitoringDetails, TakeAction, vintage_amounts
from setu.domain.cycle.roles import Actor, Role, RoleGrant
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action
from setu.domain.cycle.views import CycleEvent, PeriodView, ProjectView, apply
from setu.services import cycle_queries, queries
from setu.services.cycle_verification import verify_cycle
from tests.cycle.test_transitions import ALL_FORMS, FOCAL, INDIA, JAPAN, JC, PROJECT, T0, fresh
from tests.cycle.world import PV, SURYA, allocation

A = Action
BOTH = frozenset({Role.GOVERNMENT_OF_INDIA, Role.GOVERNMENT_OF_JAPAN})
LATER = T0 + timedelta(days=1)
RULES = CycleRules()


def check(view: ProjectView, action: Action, who: Actor, *, period: str | None = None, rules: CycleRules = RULES):
    return check_action(view, action, who, period_id=period, forms=ALL_FORMS, now=LATER, rules=rules)


def code(view: ProjectView, action: Action, who: Actor, **kwargs) -> CycleCode | None:  # type: ignore[no-untyped-def]
    rejection = check(view, action, who, **kwargs)
    return None if rejection is None else rejection.code


def take(view: ProjectView, action: Action, who: Actor, period: str | None = None) -> ProjectView:
    rejection = check(view, action, who, period=period)
    assert rejection is None, rejection
    role = min(who.roles_for(view.id) & action.transition.roles, key=lambda r: r.name)
    return apply(view, CycleEvent(action, who.user, who.organisation, role, LATER, "test", period), 30)


def implemented() -> ProjectView:
    return replace(fresh(), state=ProjectState.IMPLEMENTED)


def manager(*registries: str, user: str = "rm") -> Actor:
    return Actor(user, "Registry", tuple(RoleGrant(user, "Registry", Role.REGISTRY_MANAGER, r) for r in registries))


def grant(role: Role, scope: str) -> GrantRole:
    return GrantRole("k", "admin", RoleGrant("u", "Org", role, scope, ("1",) if role is Role.TPE else ()))


# -- 1. Renewal of the crediting period needs both governments' prior approval ---------------------------------

def test_renewal_needs_the_prior_approval_of_both_governments():
    # Before: RENEW_CREDITING_PERIOD went through on the JC's word alone.
    v = take(implemented(), A.REQUEST_RENEWAL, FOCAL)
    refused = check(v, A.RENEW_CREDITING_PERIOD, JC)
    assert refused is not None and refused.code is CycleCode.APPROVAL_MISSING
    assert refused.message == ("RENEW_CREDITING_PERIOD needs the prior approval of Government of India (national designated"
                               " authority), Government of Japan")
    v = take(v, A.APPROVE_RENEWAL, INDIA)
    assert code(v, A.APPROVE_RENEWAL, INDIA) is CycleCode.ALREADY_APPROVED
    assert code(v, A.RENEW_CREDITING_PERIOD, JC) is CycleCode.APPROVAL_MISSING
    v = take(v, A.APPROVE_RENEWAL, JAPAN)
    assert v.approvals == BOTH
    v = take(v, A.RENEW_CREDITING_PERIOD, JC)
    assert (v.pending, v.approvals) == (frozenset(), frozenset())  # the next renewal starts without approvals


def test_renewal_approvals_follow_the_rule_and_need_a_pending_request():
    pending = take(implemented(), A.REQUEST_RENEWAL, FOCAL)
    assert code(pending, A.RENEW_CREDITING_PERIOD, JC, rules=CycleRules(both_governments_approve=False)) is None
    assert code(implemented(), A.APPROVE_RENEWAL, INDIA) is CycleCode.TRANSITION_NOT_ALLOWED
    assert code(pending, A.APPROVE_RENEWAL, JC) is CycleCode.ROLE_NOT_PERMITTED
    assert code(pending, A.APPROVE_RENEWAL, FOCAL) is CycleCode.ROLE_NOT_PERMITTED


def test_registration_approvals_do_not_count_for_a_renewal():
    v = replace(fresh(), state=ProjectState.REGISTRATION_REQUESTED)
    v = take(take(v, A.APPROVE_REGISTRATION, INDIA), A.APPROVE_REGISTRATION, JAPAN)
    v = take(take(v, A.REGISTER, JC), A.SUBMIT_IMPLEMENTATION_REPORT, FOCAL)
    v = take(v, A.REQUEST_RENEWAL, FOCAL)
    assert code(v, A.RENEW_CREDITING_PERIOD, JC) is CycleCode.APPROVAL_MISSING


def test_a_renewal_through_the_services_waits_for_both_governments(world):
    world.create()
    world.walk_to_implemented()
    world.ok("asha", A.REQUEST_RENEWAL)
    assert world.act("jc", A.RENEW_CREDITING_PERIOD).rejection.code is CycleCode.APPROVAL_MISSING
    world.ok("india", A.APPROVE_RENEWAL)
    assert world.act("india", A.APPROVE_RENEWAL).rejection.code is CycleCode.ALREADY_APPROVED
    assert cycle_queries.project_status(world.uow, PV).view.approvals == {Role.GOVERNMENT_OF_INDIA}
    world.ok("japan", A.APPROVE_RENEWAL)
    world.ok("jc", A.RENEW_CREDITING_PERIOD)
    view = cycle_queries.project_status(world.uow, PV).view
    assert (view.pending, view.approvals) == (frozenset(), frozenset())
    assert verify_cycle(world.uow).ok


# -- 2. A pending side request can be rejected by the JC or withdrawn by the focal point ------------------------

SIDE = [
    (A.REQUEST_POST_REGISTRATION_CHANGE, A.REJECT_POST_REGISTRATION_CHANGE, A.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST),
    (A.REQUEST_RENEWAL, A.REJECT_RENEWAL, A.WITHDRAW_RENEWAL_REQUEST),
]


@pytest.mark.parametrize(("request_", "reject", "withdraw"), SIDE, ids=lambda a: a.name)
def test_a_pending_side_request_no_longer_blocks_the_next_one(request_, reject, withdraw):
    # Before: no action settled a request but its approval, so one the JC would not approve blocked all later ones.
    v = take(implemented(), request_, FOCAL)
    assert code(v, request_, FOCAL) is CycleCode.TRANSITION_NOT_ALLOWED  # one pending at a time, as before
    assert code(v, reject, FOCAL) is CycleCode.ROLE_NOT_PERMITTED
    assert code(v, withdraw, JC) is CycleCode.ROLE_NOT_PERMITTED
    rejected = take(v, reject, JC)
    assert rejected.pending == frozenset() and rejected.state is ProjectState.IMPLEMENTED
    assert code(rejected, request_, FOCAL) is None
    withdrawn = take(v, withdraw, FOCAL)
    assert withdrawn.pending == frozenset() and withdrawn.state is ProjectState.IMPLEMENTED
    assert code(withdrawn, request_, FOCAL) is None


@pytest.mark.parametrize(("request_", "reject", "withdraw"), SIDE, ids=lambda a: a.name)
def test_nothing_pending_is_nothing_to_reject_or_withdraw(request_, reject, withdraw):
    for action, who in ((reject, JC), (withdraw, FOCAL)):
        refused = check(implemented(), action, who)
        assert refused is not None and refused.code is CycleCode.TRANSITION_NOT_ALLOWED
        assert refused.message == f"{action.name}: no {request_.name} is pending on {PROJECT}"


def test_a_rejection_is_a_jc_decision_on_file_and_a_withdrawal_needs_no_form():
    v = take(take(implemented(), A.REQUEST_RENEWAL, FOCAL), A.REQUEST_POST_REGISTRATION_CHANGE, FOCAL)
    for reject in (A.REJECT_RENEWAL, A.REJECT_POST_REGISTRATION_CHANGE):
        refused = check_action(v, reject, JC, period_id=None, forms=(), now=LATER)
        assert refused is not None and refused.code is CycleCode.DOCUMENT_MISSING
    for withdraw in (A.WITHDRAW_RENEWAL_REQUEST, A.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST):
        assert check_action(v, withdraw, FOCAL, period_id=None, forms=(), now=LATER) is None


def test_settling_a_renewal_any_way_clears_its_approvals():
    v = take(take(implemented(), A.REQUEST_RENEWAL, FOCAL), A.APPROVE_RENEWAL, INDIA)
    for settle, who in ((A.REJECT_RENEWAL, JC), (A.WITHDRAW_RENEWAL_REQUEST, FOCAL)):
        again = take(take(v, settle, who), A.REQUEST_RENEWAL, FOCAL)
        assert again.approvals == frozenset()
        assert code(again, A.APPROVE_RENEWAL, INDIA) is None  # India approves the new request afresh


def test_a_post_registration_change_is_rejected_then_requested_again_through_the_services(world):
    world.create()
    world.walk_to_implemented()
    world.ok("asha", A.REQUEST_POST_REGISTRATION_CHANGE)
    assert world.act("asha", A.REQUEST_POST_REGISTRATION_CHANGE).rejection.code is CycleCode.TRANSITION_NOT_ALLOWED
    world.ok("jc", A.REJECT_POST_REGISTRATION_CHANGE)
    world.ok("asha", A.REQUEST_POST_REGISTRATION_CHANGE)
    assert cycle_queries.project_status(world.uow, PV).view.pending == {A.REQUEST_POST_REGISTRATION_CHANGE}
    world.ok("asha", A.WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST)
    assert cycle_queries.project_status(world.uow, PV).view.pending == frozenset()
    assert verify_cycle(world.uow).ok


# -- 3. A claimed subject is one meter however it is capitalised --------------------------------------------------

def test_subjects_differing_only_in_case_or_blanks_are_one_subject():
    assert subject_key(" meter:PV1-AC ") == subject_key("meter:pv1-ac") == "meter:pv1-ac"
    first = Claim("P1", "MP1", "meter:PV1-AC", date(2027, 1, 1), date(2027, 12, 31))
    rival = Claim("P2", "MP1", "meter:pv1-ac", date(2027, 6, 1), date(2028, 5, 31))
    rejection = check_claims([rival], [first])
    assert rejection is not None and rejection.code is CycleCode.DOUBLE_CLAIM
    assert ClaimedSubject("Meter:PV1-AC", date(2027, 1, 1), date(2027, 1, 2)).subject == "meter:pv1-ac"


def test_one_report_cannot_claim_a_meter_twice_in_two_spellings():
    claims = (ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2027, 6, 30)),
              ClaimedSubject("meter:pv1-ac", date(2027, 7, 1), date(2027, 12, 31)))
    request = TakeAction("k", "asha", PV, A.SUBMIT_MONITORING_REPORT, "MR", "MP1", ("d",),
                         MonitoringDetails(claims, vintage_amounts({2027: 1})))
    rejection = check_action_request(request)
    assert rejection is not None and rejection.message == "claims: a subject is claimed twice"


def test_a_meter_in_another_spelling_is_refused_through_the_services(world):
    # Before: the store compared exact text, so `meter:pv1-ac` got past the claim on `meter:PV1-AC`.
    other = "IN-JCM-PV-002"
    for project in (PV, other):
        world.create(project)
        world.walk_to_implemented(project)
    details = MonitoringDetails((ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2027, 12, 31)),),
                                vintage_amounts({2027: 100}))
    world.ok("asha", A.SUBMIT_MONITORING_REPORT, PV, "MP1", details=details)
    lower = MonitoringDetails((ClaimedSubject("meter:pv1-ac", date(2027, 6, 1), date(2027, 6, 30)),),
                              vintage_amounts({2027: 5}))
    refused = world.act("asha", A.SUBMIT_MONITORING_REPORT, other, "MP1", details=lower)
    assert refused.rejection.code is CycleCode.DOUBLE_CLAIM
    with world.uow(read_only=True) as uow:
        assert [(c.project_id, c.subject) for c in uow.cycle.claims()] == [(PV, "meter:pv1-ac")]
    assert verify_cycle(world.uow).ok


# -- 4. A registry manager issues only into the registries it is granted --------------------------------------------

def decided(registries: frozenset[str]) -> ProjectView:
    period = PeriodView("MP1", PeriodState.ISSUANCE_DECIDED, "TPE", BOTH, registries)
    return replace(implemented(), periods=(period,))


def test_a_registry_manager_is_granted_a_registry():
    # Before: any scope was accepted, and a registry scope made the role useless (it never covered a project).
    assert check_grant_request(grant(Role.REGISTRY_MANAGER, "IND01")) is None
    star = check_grant_request(grant(Role.REGISTRY_MANAGER, "*"))
    assert star is not None and star.code is CycleCode.FIELD_INVALID
    assert star.message == "scope: a registry manager is granted for the registry it manages (e.g. IND01), not *"
    project = check_grant_request(grant(Role.REGISTRY_MANAGER, PV))
    assert project is not None and project.code is CycleCode.FIELD_INVALID and "is not a registry id" in project.message


def test_issue_needs_a_manager_of_every_registry_the_decision_issues_into():
    both = decided(frozenset({"IND01", "JPN01"}))
    refused = check(both, A.ISSUE, manager("IND01"), period="MP1")
    assert refused is not None and refused.code is CycleCode.ROLE_NOT_PERMITTED
    assert refused.message.startswith("ISSUE of period MP1 of IN-JCM-PV-001 issues into JPN01, which rm does not manage")
    assert code(both, A.ISSUE, manager("IND01", "JPN01"), period="MP1") is None
    assert code(decided(frozenset({"IND01"})), A.ISSUE, manager("IND01"), period="MP1") is None
    assert code(decided(frozenset({"JPN01"})), A.ISSUE, manager("IND01"), period="MP1") is CycleCode.ROLE_NOT_PERMITTED


def test_a_star_grant_made_before_the_rule_manages_no_registry():
    legacy = manager("*")  # refused at grant time now; one already stored issues into nothing
    assert code(decided(frozenset({"IND01"})), A.ISSUE, legacy, period="MP1") is CycleCode.ROLE_NOT_PERMITTED


def test_a_registry_manager_learns_the_state_only_through_its_registries():
    undecided = replace(decided(frozenset()), periods=(PeriodView("MP1", PeriodState.VERIFIED),))
    assert code(undecided, A.ISSUE, manager("IND01"), period="MP1") is CycleCode.TRANSITION_NOT_ALLOWED
    assert code(undecided, A.ISSUE, JC, period="MP1") is CycleCode.ROLE_NOT_PERMITTED


def test_the_fold_records_the_registries_with_a_non_zero_share(world):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(form=allocation("0", "10", "90"))  # Japan's 0 % share issues nothing into JPN01
    assert cycle_queries.project_status(world.uow, PV).view.period("MP1").registries == {"IND01"}


def test_issue_through_the_services_by_managers_of_one_registry_or_both(world):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided()  # 50 % to JPN01, 50 % to IND01
    assert world.grant("rm-in", "IND01 registry", Role.REGISTRY_MANAGER, "IND01").accepted
    refused = world.act("rm-in", A.ISSUE, PV, "MP1")
    assert refused.rejection.code is CycleCode.ROLE_NOT_PERMITTED and "JPN01" in refused.rejection.message
    held = queries.holdings(world.uow)
    assert not [a for a in held.accounts if held.total(a.id)]  # nothing was issued
    assert world.grant("rm-in", "IND01 registry", Role.REGISTRY_MANAGER, "JPN01").accepted
    assert world.ok("rm-in", A.ISSUE, PV, "MP1").issued_t == 10_007


def test_a_manager_of_the_only_registry_with_a_share_issues_alone(world):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(form=allocation("0", "10", "90"))
    assert world.grant("rm-in", "IND01 registry", Role.REGISTRY_MANAGER, "IND01").accepted
    issued = world.ok("rm-in", A.ISSUE, PV, "MP1").issued
    assert {s.registry for s in issued} == {"IND01"} and sum(s.quantity_t for s in issued) == 10_007


# -- 5. A participant's role is granted for one project, never for every one ----------------------------------------

@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.PROJECT_PARTICIPANT], ids=lambda r: r.name)
def test_a_participant_role_is_not_granted_for_every_project(role):
    # Before: a focal point granted `*` could create and act on any project.
    refused = check_grant_request(grant(role, "*"))
    assert refused is not None and refused.code is CycleCode.FIELD_INVALID
    assert refused.message == f"scope: a {role.value} is granted for one project, not *"
    assert check_grant_request(grant(role, PV)) is None


@pytest.mark.parametrize("role", [Role.JC_MEMBER, Role.JC_SECRETARIAT, Role.GOVERNMENT_OF_INDIA,
                                  Role.GOVERNMENT_OF_JAPAN, Role.TPE], ids=lambda r: r.name)
def test_the_other_roles_may_still_hold_every_project(role):
    assert check_grant_request(grant(role, "*")) is None


def test_a_star_focal_point_is_refused_through_the_services(world):
    refused = world.grant("ravi", SURYA, Role.FOCAL_POINT, "*")
    assert refused.rejection.code is CycleCode.FIELD_INVALID
    assert world.create("IN-JCM-PV-009", by="ravi").rejection.code is CycleCode.ROLE_NOT_PERMITTED


# -- 6. Reported vintages fall in the years the claims cover -----------------------------------------------------------

def report(reported: dict[int, int], *claims: tuple[date, date]) -> TakeAction:
    subjects = tuple(ClaimedSubject(f"meter:M{i}", start, end) for i, (start, end) in enumerate(claims))
    return TakeAction("k", "asha", PV, A.SUBMIT_MONITORING_REPORT, "MR", "MP1", ("d",),
                      MonitoringDetails(subjects, vintage_amounts(reported)))


def test_a_vintage_outside_the_claimed_years_is_refused():
    # Before: a report claiming 2027 could report (and so get verified and issued) 2031 credits.
    refused = check_action_request(report({2027: 5, 2031: 5}, (date(2027, 1, 1), date(2027, 12, 31))))
    assert refused is not None and refused.code is CycleCode.FIELD_INVALID
    assert refused.message == "reported_t: vintage 2031 is outside the years the claims cover (2027)"
    gap = check_action_request(report({2028: 1}, (date(2026, 4, 1), date(2027, 3, 31)), (date(2029, 1, 1), date(2030, 1, 1))))
    assert gap is not None and gap.message == "reported_t: vintage 2028 is outside the years the claims cover (2026-2027, 2029-2030)"


def test_every_year_a_claim_touches_may_be_reported():
    fiscal_year = (date(2026, 4, 1), date(2027, 3, 31))
    assert check_action_request(report({2026: 700, 2027: 300}, fiscal_year)) is None
