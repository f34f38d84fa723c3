"""The cycle's new pure pieces: the issuance plan, the chain rule, JSON round trips, precedence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from setu.domain.cycle.allocation import AllocationForm
from setu.domain.cycle.chain import chain_problems, seal_entry
from setu.domain.cycle.issuance_plan import IssuedShare, plan_issuance
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.rejections import CycleCode, CycleRejection, first_rejection
from setu.domain.cycle.requests import (
    ClaimedSubject,
    IssuanceDecision,
    MonitoringDetails,
    VerificationDetails,
    details_from_json,
    details_to_json,
    vintage_amounts,
)
from setu.domain.journal import GENESIS_HASH
from tests.cycle.world import allocation

T = datetime(2026, 5, 1, tzinfo=UTC)


def test_the_plan_splits_each_vintage_and_caps_each_registry_at_its_total():
    decision = IssuanceDecision("JC-1", vintage_amounts({2027: 10_007, 2028: 3}), allocation())
    plan = plan_issuance("P", "MP1", decision)
    # 3 t of 2028 at 50/10/40: floors 1/0/1, the remainder 1 t to the PP; Government of India's 0 t is no issuance.
    assert [(s.registry, s.vintage_year, s.position, s.quantity_t, s.decided_in_registry_t) for s in plan] == [
        ("IND01", 2027, 2, 1000, 5006), ("IND01", 2027, 3, 4004, 5006), ("IND01", 2028, 3, 2, 5006),
        ("JPN01", 2027, 1, 5003, 5004), ("JPN01", 2028, 1, 1, 5004),
    ]
    assert sum(s.quantity_t for s in plan) == 10_010


def test_zero_shares_are_left_out_and_keys_name_project_period_vintage_and_position():
    form = AllocationForm(tuple(replace(s, percent=Decimal(p)) for s, p in zip(allocation().shares, ("0", "0", "100"), strict=True)),
                          remainder_to=allocation().remainder_to)
    plan = plan_issuance("IN-JCM-PV-001", "MP1", IssuanceDecision("JC-1", vintage_amounts({2027: 5}), form))
    assert [(s.recipient, s.quantity_t, s.idempotency_key) for s in plan] == [
        ("Surya Rooftop Energy", 5, "jcm/IN-JCM-PV-001/MP1/2027/3")]


def test_a_chain_with_an_edited_body_or_a_wrong_head_is_named():
    first = seal_entry(stream="s", seq=1, prev_hash=GENESIS_HASH, recorded_at=T, idempotency_key="k1", event={"a": 1})
    second = seal_entry(stream="s", seq=2, prev_hash=first.entry_hash, recorded_at=T, idempotency_key="k2", event={"b": 2})
    assert chain_problems("s", [first, second], (2, second.entry_hash)) == []
    edited = replace(first, body=first.body.replace('"a":1', '"a":2'))
    assert chain_problems("s", [edited, second], (2, second.entry_hash)) == ["s#1: body does not match its hash"]
    assert chain_problems("s", [first], (2, second.entry_hash)) == [
        "s: recorded head 2 does not match the chain's last entry (1)"]


def test_figures_and_outcomes_survive_json():
    for details in (
        MonitoringDetails((ClaimedSubject("meter:M1", date(2027, 1, 1), date(2027, 3, 31)),), vintage_amounts({2027: 9})),
        VerificationDetails(vintage_amounts({2027: 9, 2028: 1})),
        IssuanceDecision("JC-1", vintage_amounts({2027: 9}), allocation("33.333", "33.333", "33.334")),
    ):
        assert details_from_json(details_to_json(details)) == details
    share = IssuedShare("GoJ", "JPN01", "JPN01-1", 2027, 5, "JPN01#3", 1, 5, "JCM-IN-P-MP1-2027-JP-1-5")
    outcome = CycleOutcome("k", None, "project:P#9", "P", None, (share,))
    assert CycleOutcome.from_json(outcome.to_json()) == outcome
    refused = CycleOutcome("k", CycleRejection(CycleCode.DOUBLE_CLAIM, "meter:M1 ..."))
    assert CycleOutcome.from_json(refused.to_json()) == refused


def test_the_first_rejection_is_the_one_earliest_in_the_enum():
    late = CycleRejection(CycleCode.DOUBLE_CLAIM, "late")
    early = CycleRejection(CycleCode.FIELD_INVALID, "early")
    assert first_rejection(None, late, early) is early
    assert first_rejection(None) is None
    assert [c.value for c in CycleCode][:3] == [116, 117, 101]
    assert sorted(c.value for c in CycleCode) == list(range(101, 124))  # numbers are dense and never reused
