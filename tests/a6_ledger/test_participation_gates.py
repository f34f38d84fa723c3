"""A first transfer needs the Parties it involves to meet the participation requirements (decision 2/CMA.3
annex para 4) on its day, and the first-transferring Party's own gates passed: its initial report for the
approach submitted (default on) and, when it asks for it, the technical expert review complete
(`article6.md` §2.4, §9 rows 18-19). Actions that are not first transfers are never gated."""

from __future__ import annotations

import pytest

from setu.services.verification import verify
from tests.ledger_script import LedgerScript

BASE = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 omge-cancellation OMGE
open IND01 oimp-use IO
open JPN01 party-holding J
open JPN01 retirement R
open JPN01 oimp-use O
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
issue A 1000 decided=1000
authorization IND01 AUTH-1 purposes=NDC date=2026-03-01
authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition=Authorisation date=2026-03-01
authorization IND01 USE-1 purposes=OIMP oimp=CORSIA "definition=Use or Cancellation" date=2026-03-01
"""


@pytest.fixture
def script(ledger, clock):  # type: ignore[no-untyped-def]
    clock.at("2026-06-01")
    s = LedgerScript(ledger)
    s.run(BASE)
    return s


def test_no_standing_recorded_refuses_every_kind_of_first_transfer_but_nothing_else(script):
    script.run("""
    authorize A AUTH-1 300
    send A J 100 -> PARTY_NOT_ELIGIBLE
    authorize A OIMP-1 100 -> PARTY_NOT_ELIGIBLE
    authorize A USE-1 100
    oimpuse A IO 10 purpose=CORSIA auth=USE-1 -> PARTY_NOT_ELIGIBLE
    a6cancel A OMGE 10 auth=AUTH-1
    holds A 990
    """)
    outcome = script.line("send A J 100 auth=AUTH-1 -> PARTY_NOT_ELIGIBLE")
    assert "IND has no participation standing in force on 2026-06-01" in outcome.rejection.message


def test_eligible_parties_with_the_initial_report_first_transfer(script, ledger):
    script.run("""
    standing IND01
    standing JPN01
    authorize A AUTH-1 300
    send A J 100
    authorize A OIMP-1 100
    holds J 100
    """)
    assert verify(ledger).ok


def test_the_acquiring_party_must_be_eligible_too(script):
    script.run("""
    standing IND01
    standing JPN01 unmet=national_inventory_report
    authorize A AUTH-1 300
    """)
    outcome = script.line("send A J 100 -> PARTY_NOT_ELIGIBLE")
    assert "JPN does not meet participation requirement 4(d)" in outcome.rejection.message
    # An OIMP first transfer involves no acquiring Party: Japan's standing does not matter to it.
    script.line("authorize A OIMP-1 100")


def test_the_first_transferring_party_must_be_eligible(script):
    script.run("""
    standing IND01 unmet=paris_agreement,ndc_maintained
    standing JPN01
    """)
    outcome = script.line("authorize A OIMP-1 100 -> PARTY_NOT_ELIGIBLE")
    assert "IND does not meet participation requirement 4(a)" in outcome.rejection.message


def test_initial_report_gate_default_on_and_dated(script, clock):
    script.run("""
    standing IND01 report=none
    standing JPN01
    authorize A AUTH-1 300
    send A J 100 -> PARTY_NOT_ELIGIBLE
    standing IND01 report=CA0999
    send A J 100 -> PARTY_NOT_ELIGIBLE
    standing IND01 submitted=2026-07-01 -> PERIOD_INVALID
    """)
    clock.at("2026-07-01")
    script.run("""
    send A J 100 -> PARTY_NOT_ELIGIBLE
    standing IND01 submitted=2026-07-01
    send A J 100
    """)


def test_initial_report_gate_can_be_turned_off(script):
    script.run("""
    standing IND01 report=none gate_report=no
    standing JPN01
    authorize A AUTH-1 300
    send A J 100
    """)


def test_technical_review_gate_when_the_party_asks_for_it(script, clock):
    script.run("""
    standing IND01 gate_review=yes
    standing JPN01
    authorize A AUTH-1 300
    send A J 100 -> PARTY_NOT_ELIGIBLE
    standing IND01 gate_review=yes reviewed=2026-09-30 -> PERIOD_INVALID
    """)
    clock.at("2026-09-30")
    script.run("""
    send A J 100 -> PARTY_NOT_ELIGIBLE
    standing IND01 gate_review=yes reviewed=2026-09-30
    send A J 100
    """)


def test_a_standing_applies_from_its_date_and_later_versions_govern(script, clock):
    script.run("""
    standing IND01
    standing JPN01
    standing IND01 as_of=2026-08-01 unmet=tracking_arrangements
    authorize A AUTH-1 300
    send A J 100
    """)
    clock.at("2026-08-01")
    script.line("send A J 100 -> PARTY_NOT_ELIGIBLE")
    clock.at("2026-09-01")
    script.run("""
    standing IND01 as_of=2026-09-01
    send A J 100
    """)


def test_itmos_move_and_are_used_whatever_the_standing_later_says(script, clock):
    script.run("""
    standing IND01
    standing JPN01
    authorize A AUTH-1 300
    send A J 200
    standing IND01 as_of=2026-06-02 unmet=paris_agreement
    standing JPN01 as_of=2026-06-02 report=none
    """)
    clock.at("2026-06-02")
    script.run("""
    use J R 50 year=2030
    send J A serials=IND01/2026/941-950
    send A J serials=IND01/2026/941-945
    send A J serials=IND01/2026/701-705 -> PARTY_NOT_ELIGIBLE
    """)


def test_a_standing_is_recorded_only_in_the_partys_own_registry(script):
    script.line("standing JPN01 party=IND -> PARTY_NOT_ELIGIBLE")


def test_only_the_first_standing_reaches_back_and_nothing_is_recorded_before_it_happens(script):
    """A later version dated in the past would change what was in force on days already judged; a report
    dated tomorrow would open the gate by itself."""
    script.run("""
    standing IND01 as_of=2021-01-01
    standing IND01 as_of=2026-05-31 -> PERIOD_INVALID
    standing IND01 as_of=2026-06-01
    standing IND01 as_of=2026-09-01
    standing JPN01 submitted=2026-06-02 -> PERIOD_INVALID
    standing JPN01 reviewed=2026-06-02 -> PERIOD_INVALID
    standing JPN01 submitted=2026-06-01 reviewed=2026-06-01
    """)
