"""The cycle's rules beyond role and state, each with the code and message it must give; allocation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from setu.domain.cycle.allocation import AllocationError, AllocationForm, AllocationShare, split
from setu.domain.cycle.checks import CycleRules, check_action
from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.roles import Actor, Role, RoleGrant
from setu.domain.cycle.states import ProjectState
from setu.domain.cycle.transitions import Action
from tests.cycle.test_transitions import FOCAL, INDIA, JC, PUBLIC, T0, TPE, fresh

DEFAULT = CycleRules()


def code(view, action, who, forms=None, now=T0, period=None, rules=DEFAULT):  # noqa: ANN001, ANN201
    rejection = check_action(view, action, who, period_id=period, forms=action.transition.forms if forms is None else forms,
                             now=now, rules=rules)
    return None if rejection is None else (rejection.code, rejection.message)


def published():  # noqa: ANN201
    return replace(fresh(), state=ProjectState.PDD_PUBLISHED, public_input_closes=T0 + timedelta(days=30))


def test_a_tpe_must_be_designated_for_the_scope_and_free_of_conflict():
    other_scope = Actor("u", "Galaxy Certification", (RoleGrant("u", "Galaxy Certification", Role.TPE, "*", ("3",)),))
    assert code(published(), Action.START_VALIDATION, other_scope, now=T0 + timedelta(days=31)) == (
        CycleCode.TPE_NOT_DESIGNATED, "Galaxy Certification is not designated for sectoral scope 1")
    participant = Actor("u", "Surya Rooftop Energy", (RoleGrant("u", "Surya Rooftop Energy", Role.TPE, "*", ("1",)),))
    assert code(published(), Action.START_VALIDATION, participant, now=T0 + timedelta(days=31)) == (
        CycleCode.CONFLICT_OF_INTEREST, "Surya Rooftop Energy is a participant of IN-JCM-PV-001")


def test_only_the_engaged_tpe_may_validate():
    view = replace(fresh(), state=ProjectState.UNDER_VALIDATION, validator="Earthood Services")
    other = Actor("u", "JQA", (RoleGrant("u", "JQA", Role.TPE, "*", ("1",)),))
    assert code(view, Action.VALIDATE, other)[0] is CycleCode.ROLE_NOT_PERMITTED
    assert code(view, Action.VALIDATE, TPE) is None


def test_documents_are_required_by_form_number():
    assert code(fresh(), Action.SUBMIT_PIN, FOCAL, forms=(Form.PIN,)) == (
        CycleCode.DOCUMENT_MISSING, "SUBMIT_PIN needs form 3.2 Modalities of Communication Statement")


def test_the_public_input_window():
    assert code(published(), Action.START_VALIDATION, TPE, now=T0 + timedelta(days=29))[0] is CycleCode.PUBLIC_INPUT_OPEN
    assert code(published(), Action.COMMENT, PUBLIC, now=T0 + timedelta(days=30))[0] is CycleCode.PUBLIC_INPUT_CLOSED
    assert code(published(), Action.COMMENT, PUBLIC, now=T0 + timedelta(days=29)) is None


def test_registration_needs_both_governments_unless_configured_otherwise():
    requested = replace(fresh(), state=ProjectState.REGISTRATION_REQUESTED, approvals=frozenset({Role.GOVERNMENT_OF_INDIA}))
    assert code(requested, Action.REGISTER, JC) == (
        CycleCode.APPROVAL_MISSING, "REGISTER needs the prior approval of Government of Japan")
    assert code(requested, Action.REGISTER, JC, rules=CycleRules(both_governments_approve=False)) is None
    assert code(requested, Action.APPROVE_REGISTRATION, INDIA)[0] is CycleCode.ALREADY_APPROVED


def test_role_is_checked_before_state():
    assert code(fresh(), Action.REGISTER, PUBLIC)[0] is CycleCode.ROLE_NOT_PERMITTED
    assert code(fresh(), Action.REGISTER, JC)[0] is CycleCode.TRANSITION_NOT_ALLOWED


def allocation(**percent: str) -> AllocationForm:
    shares = tuple(AllocationShare(name, "JPN01" if name == "GoJ" else "IND01", f"{name}-acct", Decimal(p))
                   for name, p in percent.items())
    return AllocationForm(shares, remainder_to=list(percent)[-1])


def test_allocation_worked_example_from_the_reference():
    # jcm.md §7.1: 10,007 t; GoJ 50%, GoI 10%, PP 40% → 5,003 / 1,000 / 4,002 = 10,005; 2 t to the designated PP
    assert [(s.recipient, t) for s, t in split(10_007, allocation(GoJ="50", GoI="10", PP="40"))] == [
        ("GoJ", 5003), ("GoI", 1000), ("PP", 4004)]


@pytest.mark.parametrize("amount", [0, 1, 2, 3, 99, 10_007, 123_456_789])
def test_allocation_sums_exactly_for_awkward_percentages(amount):
    shares = split(amount, allocation(GoJ="33.333", GoI="33.333", PP="33.334"))
    assert sum(t for _, t in shares) == amount
    assert all(t >= 0 for _, t in shares)


def test_allocation_refuses_bad_forms():
    with pytest.raises(AllocationError, match="percentages sum to 99.9, not 100"):
        split(10, allocation(GoJ="50", PP="49.9"))
    with pytest.raises(AllocationError, match="between 0 and 100"):
        split(10, allocation(GoJ="150", PP="-50"))
    form = AllocationForm(allocation(GoJ="50", PP="50").shares, remainder_to="Someone")
    with pytest.raises(AllocationError, match="Someone, who is not a recipient"):
        split(10, form)
