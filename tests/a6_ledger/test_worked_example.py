"""article6.md §7.3, the worked example, through the real ledger: India authorizes and first transfers
blocks B1-B5 to Japan over 2027-2030, and the AEF rows and the corresponding adjustments come out with
the reference's numbers."""

from __future__ import annotations

from fractions import Fraction

import pytest

from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.requests import RecordNdc
from setu.domain.article6.vocabulary import ActionSubtype, ActionType
from setu.services.article6_records import record_ndc
from setu.services.article6_reports import annual_information, ca_report
from setu.services.verification import verify
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open JPN01 party-holding J
open JPN01 retirement R
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 100000 vintage=2026 decision=D26 decided=100000
issue A 80000 vintage=2027 decision=D27 decided=80000
issue A 60000 vintage=2028 decision=D28 decided=60000
issue A 70000 vintage=2029 decision=D29 decided=70000
"""

IND_NDC = {"party": "IND", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
           "target": {"value": 4000000000}, "inventory": {"2030": 3500000000}}
JPN_NDC = {"party": "JPN", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "trajectory",
           "target": {"value": 760000000}, "trajectory": {str(y): 800000000 for y in range(2021, 2031)},
           "inventory": {"2030": 750000000}}


@pytest.fixture
def example(ledger, clock):  # type: ignore[no-untyped-def]
    s = LedgerScript(ledger)
    clock.at("2026-12-01")
    s.run(SETUP)
    for registry, ndc in (("IND01", IND_NDC), ("JPN01", JPN_NDC)):
        assert record_ndc(ledger, RecordNdc(f"ndc-{registry}", registry, ndc)).accepted
    steps = [
        ("2027-03-01", "authorization IND01 IND-JCM-2027-001 purposes=NDC quantity=400000 date=2027-03-01\n"
                       "authorize A IND-JCM-2027-001 serials=IND01/2026/1-100000"),
        ("2027-06-15", "send A J serials=IND01/2026/1-60000"),  # B1; B1r (60001-100000) stays authorized
        ("2028-01-10", "authorize A IND-JCM-2027-001 serials=IND01/2027/1-80000"),
        ("2028-05-10", "send A J serials=IND01/2027/1-80000"),  # B2
        ("2029-01-10", "authorize A IND-JCM-2027-001 serials=IND01/2028/1-50000"),
        ("2029-02-01", "authorization IND01 IND-JCM-2029-002 purposes=OIMP oimp=CORSIA definition=Authorisation"
                       " quantity=10000 date=2029-02-01\n"
                       "authorize A IND-JCM-2029-002 serials=IND01/2028/50001-60000"),  # B4: first transfer now
        ("2029-04-20", "send A J serials=IND01/2028/1-50000"),  # B3
        ("2030-01-10", "authorize A IND-JCM-2027-001 serials=IND01/2029/1-70000"),
        ("2030-03-30", "send A J serials=IND01/2029/1-70000"),  # B5
        ("2030-12-01", "use J R 260000 year=2030 auth=IND-JCM-2027-001"),
    ]
    for day, script in steps:
        clock.at(day)
        s.run(script)
    return s


def test_india_2027_rows_are_the_reference_rows(ledger, example):  # type: ignore[no-untyped-def]
    report = annual_information(ledger, party="IND", year=2027)
    rows = [(a.action_date.isoformat(), a.action_type, a.subtype, a.authorization_id, a.block.first_serial,
             a.block.last_serial, a.block.tonnes, a.block.vintage, a.acquiring_party) for a in report.actions]
    assert rows == [
        ("2027-03-01", ActionType.AUTHORIZATION, None, "IND-JCM-2027-001", 1, 100000, 100000, 2026, None),
        ("2027-06-15", ActionType.FIRST_TRANSFER, ActionSubtype.FIRST_TRANSFER_TO_PARTY, "IND-JCM-2027-001", 1, 60000,
         60000, 2026, "JPN"),
    ]
    assert report.actions[1].block.first_identifier == "CA0123-IND01-IND-1-2026"
    assert report.actions[1].block.last_identifier == "CA0123-IND01-IND-60000-2026"
    assert report.holdings == ()  # B1r is authorized, not an ITMO: no holding (§7.4 item 2)


def test_japan_2027_acquisition_and_holdings_match(ledger, example):  # type: ignore[no-untyped-def]
    japan = annual_information(ledger, party="JPN", year=2027)
    india = annual_information(ledger, party="IND", year=2027)
    [acquisition] = japan.actions
    assert (acquisition.action_type, acquisition.transferring_party, acquisition.block.tonnes,
            acquisition.block.vintage, acquisition.block.registry) == (ActionType.ACQUISITION, "IND", 60000, 2026, "JPN01")
    [holding] = japan.holdings
    assert (holding.block.first_serial, holding.block.last_serial, holding.block.vintage) == (1, 60000, 2026)
    for mine, theirs in ((india, japan), (japan, india)):
        errors = [f for f in check_consistency(mine, counterpart=theirs, finalization=True)
                  if f.severity is Severity.ERROR]
        assert errors == []


def test_oimp_block_first_transferred_at_authorization_in_2029(ledger, example):  # type: ignore[no-untyped-def]
    rows = [a for a in annual_information(ledger, party="IND", year=2029).actions
            if a.authorization_id == "IND-JCM-2029-002"]
    assert [(a.action_type, a.subtype, a.acquiring_party, a.block.tonnes) for a in rows] == [
        (ActionType.AUTHORIZATION, None, None, 10000),
        (ActionType.FIRST_TRANSFER, ActionSubtype.AUTHORIZATION, None, 10000),
    ]


def test_india_adjustments_are_the_reference_aggregations(ledger, example):  # type: ignore[no-untyped-def]
    years = {y.year: y for y in ca_report(ledger, party="IND").years}
    by_vintage = {y: years[y].first_transferred_by_vintage for y in range(2026, 2031)}
    assert by_vintage == {2026: 60000, 2027: 80000, 2028: 60000, 2029: 70000, 2030: 0}
    assert [years[y].row7_ndc_first_transferred for y in range(2026, 2031)] == [0, 60000, 80000, 50000, 70000]
    assert [years[y].row8_oimp_first_transferred for y in range(2026, 2031)] == [0, 0, 0, 10000, 0]
    assert [years[y].row13_cumulative for y in range(2026, 2031)] == [0, 60000, 140000, 200000, 270000]
    assert [years[y].row11_averaging for y in range(2027, 2031)] == [
        Fraction(60000, 7), Fraction(17500), Fraction(200000, 9), Fraction(27000)]
    assert years[2030].balance == 3_500_027_000


def test_japan_uses_260000_for_2030(ledger, example):  # type: ignore[no-untyped-def]
    japan = {y.year: y for y in ca_report(ledger, party="JPN").years}
    assert japan[2030].row9_used == 260000
    assert japan[2030].balance == 750_000_000 - 260_000
    assert verify(ledger).ok


def test_first_transfer_again_is_impossible_after_a_round_trip(ledger, example, clock):  # type: ignore[no-untyped-def]
    clock.at("2030-12-15")
    example.run("send A J serials=IND01/2026/60001-60010\nsend J A serials=IND01/2026/60001-60010\n"
                "send A J serials=IND01/2026/60001-60010")
    rows = [a for a in annual_information(ledger, party="IND", year=2030).actions if a.block.vintage == 2026]
    assert [a.action_type for a in rows] == [ActionType.FIRST_TRANSFER, ActionType.ACQUISITION, ActionType.TRANSFER]
    years = {y.year: y for y in ca_report(ledger, party="IND").years}
    assert years[2026].first_transferred_by_vintage == 60010  # the ten tonnes count once
    assert verify(ledger).ok
