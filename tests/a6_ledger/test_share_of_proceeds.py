"""A transfer of a share of proceeds (decision 2/CMA.3 annex para 37): voluntary under Article 6.2, but when
made it moves real units into a share-of-proceeds account, where they stay. It is never a first transfer,
is reported as a voluntary cancellation (the Adaptation Fund subtypes are for A6.4ERs only), and only
authorized units and ITMOs go there through `a6 cancel`."""

from __future__ import annotations

from datetime import date

import pytest

from setu.domain.article6.aef_from_ledger import SHARE_OF_PROCEEDS_EXPLANATION
from setu.domain.article6.requests import RecordNdc
from setu.domain.article6.vocabulary import ActionSubtype, ActionType
from setu.domain.codes import RegistryCode
from setu.services.article6_records import record_ndc
from setu.services.article6_reports import annual_information
from setu.services.verification import verify
from tests.article6_script import authorization_totals
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 share-of-proceeds SOP
open JPN01 party-holding J
open JPN01 share-of-proceeds JSOP
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 1000 decided=1000
authorization IND01 AUTH-1 purposes=NDC quantity=500 date=2026-03-01
authorization IND01 USE-1 purposes=OIMP oimp=CORSIA "definition=Use or Cancellation" quantity=100 date=2026-03-01
"""


@pytest.fixture
def script(ledger, clock):  # type: ignore[no-untyped-def]
    clock.at("2026-06-01")
    s = LedgerScript(ledger)
    s.run(SETUP)
    return s



def test_authorized_units_and_itmos_go_to_the_share_of_proceeds_account_for_good(script, ledger):
    script.run("""
    authorize A AUTH-1 300
    authorize A USE-1 100
    a6cancel A SOP 20 auth=AUTH-1
    a6cancel A SOP 10 auth=USE-1
    send A J 100 auth=AUTH-1
    a6cancel J JSOP 5
    holds SOP 30
    holds JSOP 5
    holds A 870
    transfer SOP A 1 -> ACCOUNT_TYPE_NOT_ALLOWED
    """)
    # Neither share of proceeds was a first transfer, not even under "Use or Cancellation".
    assert authorization_totals(ledger, "AUTH-1").first_transferred == 100
    assert authorization_totals(ledger, "USE-1").first_transferred == 0
    assert verify(ledger).ok


def test_only_authorized_units_go_there_and_only_through_article6(script):
    script.run("""
    a6cancel A SOP 10 -> QTY_EXCEEDS_BALANCE
    a6cancel A SOP serials=IND01/2026/1-10 -> FIRST_TRANSFER_STATE
    cancel A SOP 10 -> ACCOUNT_TYPE_NOT_ALLOWED
    authorize A AUTH-1 50
    cancel A SOP 10 -> ACCOUNT_TYPE_NOT_ALLOWED
    a6cancel A SOP 10 year=2030 -> FIELD_INVALID
    a6cancel A SOP 10 purpose=CORSIA -> FIELD_INVALID
    """)


def test_it_needs_no_standing_and_survives_a_revocation(ledger, clock):
    clock.at("2026-06-01")
    s = LedgerScript(ledger)
    s.run("\n".join(line for line in SETUP.splitlines() if not line.startswith("standing")))
    s.run("""
    authorize A AUTH-1 50
    revoke IND01 AUTH-1 date=2026-06-01
    a6cancel A SOP 10
    holds SOP 10
    """)


def test_reported_as_a_voluntary_cancellation_with_its_explanation_and_not_held(script, ledger):
    script.run("""
    authorize A AUTH-1 300
    send A J 100 auth=AUTH-1
    a6cancel J JSOP 5
    """)
    ndc = {"party": "JPN", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
           "target": {"value": 1000}}
    assert record_ndc(ledger, RecordNdc("ndc-JPN", RegistryCode("JPN01"), ndc)).accepted
    report = annual_information(ledger, party="JPN", year=2026, submission_date=date(2027, 3, 1))
    sop_rows = [r for r in report.actions if r.explanation == SHARE_OF_PROCEEDS_EXPLANATION]
    assert [(r.action_type, r.subtype, r.block.last_serial - r.block.first_serial + 1) for r in sop_rows] == [
        (ActionType.VOLUNTARY_CANCELLATION, ActionSubtype.OTHER_CANCELLATIONS, 5)]
    assert sum(h.block.last_serial - h.block.first_serial + 1 for h in report.holdings) == 95
