"""Issuance of a period: exact allocation, all-or-nothing, once only, never above the verified ER."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from setu.domain.cycle.allocation import AllocationForm
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import ClaimedSubject, IssuanceDecision, VerificationDetails, vintage_amounts
from setu.domain.cycle.states import PeriodState
from setu.domain.cycle.transitions import Action
from setu.services import cycle_queries, queries
from setu.services.cycle_verification import verify_cycle
from setu.services.verification import verify
from tests.cycle.world import PV, TWO_YEAR_CLAIMS, allocation


def held(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    h = queries.holdings(world.uow)
    return {a.id: h.total(a.id) for a in h.accounts if h.total(a.id)}


def ledger_entries(world) -> int:  # type: ignore[no-untyped-def]
    with world.uow(read_only=True) as uow:
        return len(list(uow.ledger.journal_entries()))


@pytest.fixture
def decided(world):  # type: ignore[no-untyped-def]
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 10_007, 2028: 3_001}, claims=TWO_YEAR_CLAIMS)
    return world


@pytest.mark.parametrize(("percent", "expected"), [
    (("50", "10", "40"), {"JPN01-1": 5003 + 1500, "IND01-1": 1000 + 300, "IND01-2": 4004 + 1201}),
    (("33.333", "33.333", "33.334"), {"JPN01-1": 3335 + 1000, "IND01-1": 3335 + 1000, "IND01-2": 3337 + 1001}),
])
def test_allocation_sums_exactly_to_the_decided_amount(world, percent, expected):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 10_007, 2028: 3_001}, claims=TWO_YEAR_CLAIMS, form=allocation(*percent))
    outcome = world.ok("rm", Action.ISSUE, PV, "MP1")
    assert outcome.issued_t == 13_008
    assert held(world) == expected
    assert verify(world.uow).ok


def test_a_failure_in_the_middle_issues_nothing_in_either_registry(decided):
    world = decided
    # Japan's share is the last one issued. (Closing the account is refused while the decision is pending.)
    world.ledger.run("suspend JPN01-1")
    before = ledger_entries(world)
    outcome = world.act("rm", Action.ISSUE, PV, "MP1", key="issue-1")
    assert outcome.rejection.code is CycleCode.ISSUANCE_REFUSED
    assert "into JPN01-1: ACCOUNT_SUSPENDED" in outcome.rejection.message
    assert held(world) == {}
    assert ledger_entries(world) == before
    with world.uow(read_only=True) as uow:
        assert not [k for k in uow.ledger.stored_outcomes() if k[1].startswith("jcm/")]
        assert uow.cycle.period_issuance(PV, "MP1", lock=False).issued_at is None
    assert cycle_queries.project_status(world.uow, PV).view.period("MP1").state is PeriodState.ISSUANCE_DECIDED
    assert world.act("rm", Action.ISSUE, PV, "MP1", key="issue-1").replayed  # the refusal is remembered
    assert verify(world.uow).ok and verify_cycle(world.uow).ok


def test_after_a_refusal_the_cause_can_be_fixed_and_issuance_sent_again_under_a_new_key(decided):
    world = decided
    world.ledger.run("suspend IND01-2")
    assert world.act("rm", Action.ISSUE, PV, "MP1").rejection.code is CycleCode.ISSUANCE_REFUSED
    world.ledger.run("reinstate IND01-2")
    assert world.act("rm", Action.ISSUE, PV, "MP1").issued_t == 13_008


def test_a_retried_issuance_issues_nothing_twice(decided):
    world = decided
    first = world.ok("rm", Action.ISSUE, PV, "MP1", key="issue-mp1")
    entries, holdings = ledger_entries(world), held(world)
    again = world.act("rm", Action.ISSUE, PV, "MP1", key="issue-mp1")
    assert again.replayed and again.issued == first.issued and again.entry_id == first.entry_id
    other_key = world.act("rm", Action.ISSUE, PV, "MP1", key="issue-mp1-bis")
    assert other_key.rejection.code is CycleCode.PERIOD_ALREADY_ISSUED
    assert (ledger_entries(world), held(world)) == (entries, holdings)
    assert verify(world.uow).ok and verify_cycle(world.uow).ok


def test_issuance_above_the_verified_er_is_refused(world):
    world.create()
    world.walk_to_implemented()
    with pytest.raises(AssertionError, match="ISSUANCE_EXCEEDS_VERIFIED: vintage 2027: 983 t decided, only 982 t"):
        world.walk_to_decided(reported={2027: 1_000}, verified={2027: 982}, decided={2027: 983})
    refused = world.act("jc", Action.DECIDE_ISSUANCE, PV, "MP1",
                        details=IssuanceDecision("JC-2", vintage_amounts({2028: 1}), allocation()))
    assert refused.rejection.code is CycleCode.ISSUANCE_EXCEEDS_VERIFIED  # a vintage never verified
    world.ok("jc", Action.DECIDE_ISSUANCE, PV, "MP1", details=IssuanceDecision("JC-3", vintage_amounts({2027: 982}),
                                                                                  allocation()))


def test_verification_above_the_reported_er_is_refused(world):
    world.create()
    world.walk_to_implemented()
    with pytest.raises(AssertionError, match="VERIFIED_EXCEEDS_REPORTED: vintage 2027: 1001 t verified, only 1000"):
        world.walk_to_decided(reported={2027: 1_000}, verified={2027: 1_001})
    outcome = world.act("tpe", Action.VERIFY, PV, "MP1", details=VerificationDetails(vintage_amounts({2026: 1})))
    assert outcome.rejection.message == "vintage 2026 is not in the monitoring report of MP1"


@pytest.mark.parametrize(("form", "message"), [
    (allocation("50", "10", "39.9"), "percentages sum to 99.9, not 100"),
    (allocation(pp_account="IND01-9"), "Surya Rooftop Energy: account IND01-9 does not exist"),
    (allocation(pp_account="IND01-3"), "Surya Rooftop Energy: IND01-3 is a retirement account; credits are issued into holding accounts"),
    (AllocationForm(allocation().shares, remainder_to="Nobody"), "the remainder goes to Nobody, who is not a recipient"),
])
def test_a_bad_allocation_form_is_refused(world, form, message):
    world.create()
    world.walk_to_implemented()
    with pytest.raises(AssertionError, match=f"ALLOCATION_INVALID: {message}"):
        world.walk_to_decided(form=form)


def test_a_decision_id_decides_one_period_only(world):
    world.create()
    world.create("IN-JCM-PV-002")
    world.walk_to_implemented()
    world.walk_to_implemented("IN-JCM-PV-002")
    world.walk_to_decided(decision_id="JC-IN-7")
    other_meter = (ClaimedSubject("meter:PV2-AC", date(2027, 1, 1), date(2027, 12, 31)),)
    with pytest.raises(AssertionError, match="DECISION_ALREADY_USED: decision JC-IN-7 is already recorded"):
        world.walk_to_decided("IN-JCM-PV-002", decision_id="JC-IN-7", claims=other_meter)


@pytest.mark.parametrize("statement", [
    "UPDATE period_issuance SET issued_at = 'x', shares = '[]'",
    "UPDATE period_issuance SET decision_id = 'other'",
    "DELETE FROM period_issuance",
])
def test_the_database_refuses_a_second_issuance_or_a_changed_decision(decided, statement):
    world = decided
    world.ok("rm", Action.ISSUE, PV, "MP1")
    with pytest.raises((IntegrityError, DBAPIError)), world.uow.engine.begin() as c:
        c.execute(text(statement))


def _by_hand(world, decision_id: str, key: str = "manual-1"):  # type: ignore[no-untyped-def]
    from setu.domain.blocks import UnitKind
    from setu.domain.codes import AccountId, CooperativeApproachId, RegistryCode
    from setu.domain.requests import Issue
    from setu.services import issuance

    return issuance.issue(world.uow, Issue(
        key, RegistryCode("IND01"), AccountId("IND01-1"), 10, UnitKind.JCM_CREDIT, CooperativeApproachId("CA0123"),
        2027, PV, "MP1", decision_id, 10))


def test_a_decision_the_cycle_recorded_is_never_issued_by_hand(decided):
    """Issued by hand first, the decision's ISSUE found its registry's decision row taken and the period
    could never be issued (a known gap of issue 4)."""
    world = decided
    outcome = _by_hand(world, "JC-IN-2028-001")
    assert outcome.rejection is not None and outcome.rejection.code.name == "REFERENCE_INVALID"
    assert "recorded in the project cycle" in outcome.rejection.message
    world.ok("rm", Action.ISSUE, PV, "MP1")
    assert _by_hand(world, "JC-IN-OTHER", key="manual-2").accepted  # any other id is the registry's own business


def test_a_decision_id_issued_by_hand_is_not_recorded_by_the_cycle(world):
    world.create()
    world.walk_to_implemented()
    assert _by_hand(world, "JC-IN-2028-001").accepted
    with pytest.raises(AssertionError, match="DECISION_ALREADY_USED: decision JC-IN-2028-001 already issued units"):
        world.walk_to_decided()


def test_an_account_a_recorded_decision_names_does_not_close_before_the_issuance(decided):
    """Closed after DECIDE_ISSUANCE, an account named in the decision left the period stuck in
    ISSUANCE_DECIDED for good (a known gap of issue 4)."""
    from setu.domain.accounts import AccountStatus
    from setu.domain.codes import AccountId, RegistryCode
    from setu.domain.requests import ChangeAccountStatus
    from setu.services import registry_admin

    world = decided

    def close(key: str):  # type: ignore[no-untyped-def]
        return registry_admin.change_account_status(world.uow, ChangeAccountStatus(
            key, RegistryCode("JPN01"), AccountId("JPN01-1"), AccountStatus.CLOSED))

    refused = close("close-1")
    assert refused.rejection is not None and refused.rejection.code.name == "ACCOUNT_NOT_EMPTY"
    assert "JC-IN-2028-001" in refused.rejection.message
    world.ok("rm", Action.ISSUE, PV, "MP1")
    assert close("close-2").rejection.code.name == "ACCOUNT_NOT_EMPTY"  # now it holds the credits
