"""Defects found reviewing the pure project-cycle domain, each pinned by the test that first failed."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from setu.domain.cycle.allocation import AllocationError, AllocationForm, AllocationShare, split
from setu.domain.cycle.chain import chain_problems, seal_entry
from setu.domain.cycle.checks import check_action
from setu.domain.cycle.claims import Claim, check_claims
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.request_checks import check_action_request
from setu.domain.cycle.requests import ClaimedSubject, MonitoringDetails, TakeAction, details_from_json, details_to_json
from setu.domain.cycle.roles import Actor, Role, RoleGrant
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action
from setu.domain.cycle.views import PeriodView
from setu.domain.journal import GENESIS_HASH
from tests.cycle.test_transitions import ALL_FORMS, FOCAL, PUBLIC, T0, TPE, fresh


def form(*percent: str, remainder: int = -1) -> AllocationForm:
    shares = tuple(AllocationShare(f"R{i}", "IND01", f"IND01-{i + 1}", Decimal(p)) for i, p in enumerate(percent))
    return AllocationForm(shares, shares[remainder].recipient)


def monitoring(*claims: ClaimedSubject, vintage: int = 2027) -> TakeAction:
    return TakeAction("k", "asha", "IN-JCM-PV-001", Action.SUBMIT_MONITORING_REPORT, "MP1", "MP1", ("d",),
                      MonitoringDetails(claims, ((vintage, 10),)))


# -- Claims: a datetime is a `date` to isinstance, and got through -----------------------------------------------

def test_claim_dates_that_are_datetimes_are_refused_before_they_can_brick_the_project():
    # Before: accepted; chained as '2027-01-01T00:00:00', which `details_from_json` cannot read back, so every
    # later fold of the project failed; and comparing it with a stored claim's date raised TypeError.
    request = monitoring(ClaimedSubject("meter:PV1-AC", datetime(2027, 1, 1), datetime(2027, 12, 31)))  # type: ignore[arg-type]
    rejection = check_action_request(request)
    assert rejection is not None and rejection.code is CycleCode.FIELD_INVALID
    assert rejection.message == "claims: meter:pv1-ac needs start and end dates"
    plain = monitoring(ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2027, 12, 31)))
    assert check_action_request(plain) is None
    assert details_from_json(details_to_json(plain.details)) == plain.details


def test_a_claim_cannot_lock_a_meter_for_all_time():
    # Before: 0001-01-01 to 9999-12-31 was accepted, and blocked every other project's report on the meter forever.
    request = monitoring(ClaimedSubject("meter:PV1-AC", date(1, 1, 1), date(9999, 12, 31)))
    rejection = check_action_request(request)
    assert rejection is not None and rejection.code is CycleCode.FIELD_INVALID
    assert rejection.message == "claims: meter:pv1-ac from 0001-01-01 to 9999-12-31 is not within 2013-2100"
    edge = monitoring(ClaimedSubject("meter:PV1-AC", date(2013, 1, 1), date(2100, 12, 31)))
    assert check_action_request(edge) is None


def test_claims_overlap_on_a_shared_day_and_not_when_adjacent():
    first = Claim("P1", "MP1", "meter:M", date(2027, 1, 1), date(2027, 3, 31))
    shared_day = Claim("P2", "MP1", "meter:M", date(2027, 3, 31), date(2027, 6, 30))
    adjacent = Claim("P2", "MP1", "meter:M", date(2027, 4, 1), date(2027, 6, 30))
    assert check_claims([shared_day], [first]).code is CycleCode.DOUBLE_CLAIM
    assert check_claims([adjacent], [first]) is None


# -- Allocation: exact arithmetic, not the decimal context's 28 digits ------------------------------------------

def test_percentages_just_over_100_are_refused():
    # Before: 50.000000000000000000000000001 + 50 rounded to 100 in 28 digits, and was accepted.
    with pytest.raises(AllocationError, match=r"percentages sum to 100\.000000000000000000000000001, not 100"):
        form("50.000000000000000000000000001", "50").check()


def test_percentages_summing_exactly_to_100_are_accepted_whatever_their_digits():
    # Before: refused, "percentages sum to 99.99999999999999999999999999, not 100".
    percent = ("46.289196241969811621744700084", "21.561847140399675974426818133", "32.148956617630512403828481783")
    assert sum(Fraction(Decimal(p)) for p in percent) == 100
    shares = split(1_000_003, form(*percent))
    assert sum(t for _, t in shares) == 1_000_003


def test_each_floor_is_exact_so_the_remainder_goes_where_the_form_says():
    # 1,000,000 t at 49.99...9 % (28 places): exactly 499,999.99... t, so the floor is 499,999 and the 1 t
    # remainder goes to R1. Before: the product rounded to 28 digits gave 500,000 and R1 lost its tonne.
    shares = split(1_000_000, form("49.9999999999999999999999999999", "50.0000000000000000000000000001"))
    assert [t for _, t in shares] == [499_999, 500_001]


@given(
    amount=st.integers(min_value=0, max_value=2**63 - 1),
    cuts=st.lists(st.integers(min_value=0, max_value=100 * 10**12), min_size=1, max_size=5),
    places=st.integers(min_value=0, max_value=12),
    remainder=st.integers(min_value=0, max_value=5),
)
def test_split_is_the_exact_floor_plus_the_remainder_and_sums_exactly(amount, cuts, places, remainder):
    scale = 10**places
    points = sorted(c * scale // 10**12 for c in cuts)
    parts = [b - a for a, b in zip([0, *points], [*points, 100 * scale], strict=True)]
    percent = [str(Decimal(f"{p}E-{places}")) for p in parts]
    positive = [i for i, p in enumerate(parts) if p > 0]
    chosen = positive[remainder % len(positive)]
    shares = split(amount, form(*percent, remainder=chosen))
    exact = [amount * Fraction(Decimal(p)) // 100 for p in percent]
    got = [t for _, t in shares]
    assert sum(got) == amount and min(got) >= 0
    assert [g - e for g, e in zip(got, exact, strict=True)] == [
        amount - sum(exact) if i == chosen else 0 for i in range(len(percent))]
    assert amount - sum(exact) < len(percent)


def test_the_remainder_cannot_go_to_a_recipient_given_nothing():
    # Before: 1,001 t at 50/50/0 with the 0 % recipient designated gave it 1 t the JC never allocated.
    with pytest.raises(AllocationError, match="the remainder goes to R2, whose percentage is 0"):
        split(1_001, form("50", "50", "0"))


def test_a_percentage_with_absurdly_many_places_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(AllocationError, match="has more than 28 decimal places"):
        form("1E-1000000000", "100").check()
    assert time.monotonic() - started < 1


# -- Precedence: PERIOD_NOT_FOUND (102) before ROLE_NOT_PERMITTED (103) before TRANSITION_NOT_ALLOWED (104) --------

def test_a_period_action_naming_no_period_is_period_not_found_whoever_asks():
    implemented = replace(fresh(), state=ProjectState.IMPLEMENTED)
    for who in (PUBLIC, FOCAL):
        rejection = check_action(implemented, Action.SUBMIT_MONITORING_REPORT, who, period_id=None, forms=ALL_FORMS, now=T0)
        assert rejection is not None and rejection.code is CycleCode.PERIOD_NOT_FOUND, who


def test_a_tpe_that_is_not_engaged_is_refused_the_role_not_told_the_state():
    other = Actor("u", "JQA", (RoleGrant("u", "JQA", Role.TPE, "*", ("1",)),))
    validated = replace(fresh(), state=ProjectState.VALIDATED, validator=TPE.organisation)
    rejection = check_action(validated, Action.VALIDATE, other, period_id=None, forms=ALL_FORMS, now=T0)
    assert (rejection.code, rejection.message) == (
        CycleCode.ROLE_NOT_PERMITTED, "VALIDATE: IN-JCM-PV-001 is engaged with Earthood Services, not JQA")
    verified = replace(fresh(), state=ProjectState.IMPLEMENTED,
                       periods=(PeriodView("MP1", PeriodState.VERIFIED, TPE.organisation),))
    rejection = check_action(verified, Action.VERIFY, other, period_id="MP1", forms=ALL_FORMS, now=T0)
    assert rejection.code is CycleCode.ROLE_NOT_PERMITTED
    unengaged = check_action(verified, Action.VERIFY, other, period_id="MP2", forms=ALL_FORMS, now=T0)
    assert (unengaged.code, unengaged.message) == (
        CycleCode.ROLE_NOT_PERMITTED, "VERIFY: no TPE is engaged on period MP2 of IN-JCM-PV-001")
    # The engaged TPE itself is told the state.
    again = check_action(validated, Action.VALIDATE, TPE, period_id=None, forms=ALL_FORMS, now=T0)
    assert again.code is CycleCode.TRANSITION_NOT_ALLOWED


# -- Chains: a body that is not JSON is a named problem, not a crash -----------------------------------------------

@pytest.mark.parametrize("body", ["x", "[]", "[" * 100_000])
def test_a_chain_entry_whose_body_is_not_a_json_object_is_named(body):
    entry = seal_entry(stream="s", seq=1, prev_hash=GENESIS_HASH, recorded_at=datetime(2026, 5, 1, tzinfo=UTC),
                       idempotency_key="k", event={"a": 1})
    assert chain_problems("s", [replace(entry, body=body)], (1, entry.entry_hash)) == [
        "s#1: body does not match its hash", "s#1: body is not a JSON object"]
