"""Second adversarial review of the Article 6 ledger: first transfers that fire on the wrong event or never,
use windows, authorization ids that name nothing, retroactive revocations. `verify` after each."""

from __future__ import annotations

from setu.domain.rejections import RejectionCode
from tests.article6_script import assert_verified, authorization_totals
from tests.ledger_script import LedgerScript

R = RejectionCode

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 retirement IR
open IND01 cancellation CAN
open JPN01 party-holding J
open JPN01 retirement R
open JPN01 oimp-use O
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 1000 decided=1000
"""




def test_a_host_use_towards_its_own_ndc_is_not_an_oimp_first_transfer(ledger, clock):
    """Under `NDC and OIMP` with `Use or Cancellation`, India retiring its own authorized units towards its NDC
    was booked as their first transfer (host adds FT) and India's own NDC use of an ITMO: the OIMP event is a
    use *for OIMP* or a cancellation; an NDC use needs an ITMO, made by the first international transfer."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    authorization IND01 MIX-1 purposes="NDC and OIMP" oimp=CORSIA definition="Use or Cancellation" date=2026-01-01
    authorize A MIX-1 100
    use A IR 10 year=2030 -> FIRST_TRANSFER_STATE
    send A J 10
    use J R 10 year=2030
    a6cancel A CAN 10
    """)
    assert authorization_totals(ledger, "MIX-1").first_transferred == 20
    assert_verified(ledger)


def test_itmos_are_used_only_inside_the_authorizations_use_window(ledger, clock):
    """The timeframe's use window (`Use: from ... to ...`, §9 row 6) was applied to authorizing and first
    transferring but never to the use itself: ITMOs were used towards an NDC or for CORSIA after it closed."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes="NDC and OIMP" oimp=CORSIA definition=Authorisation date=2026-01-01 use=2026-01-01..2026-12-31
    authorize A AUTH-1 100
    send A J 50
    """)
    clock.at("2027-01-01")
    s.run("""
    use J R 10 year=2030 -> PERIOD_INVALID
    oimpuse J O 10 purpose=CORSIA -> PERIOD_INVALID
    send J A 10
    a6cancel A CAN 10
    """)
    clock.at("2026-12-31")
    s.line("use J R 10 year=2030")
    assert_verified(ledger)


def test_naming_an_authorization_that_does_not_exist_says_so(uow):
    """`--authorization` naming nothing filtered the pick down to no units: QTY_EXCEEDS_BALANCE (or, by serials,
    FIRST_TRANSFER_STATE) instead of AUTH_NOT_FOUND, the code for an action naming an unrecorded authorization."""
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC
    authorize A AUTH-1 100
    send A J 10 auth=NOPE -> AUTH_NOT_FOUND
    send A J serials=IND01/2026/1-10 auth=NOPE -> AUTH_NOT_FOUND
    a6cancel A CAN 10 auth=NOPE -> AUTH_NOT_FOUND
    send A J 10 auth=AUTH-1
    """)
    assert_verified(uow)


def test_a_revocation_cannot_be_dated_before_the_first_transfers_it_would_have_stopped(ledger, clock):
    """A revocation recorded on 1 July and dated 1 May left the 1 June first transfer standing under an
    authorization the AEF's Table 2 then says was 'Revoked on 2026-05-01: no first transfers from that date'."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC date=2026-01-01
    authorize A AUTH-1 100
    send A J 10
    """)
    clock.at("2026-07-01")
    s.run("""
    revoke IND01 AUTH-1 date=2026-05-01 -> PERIOD_INVALID
    revoke IND01 AUTH-1 date=2026-07-01
    send A J 10 -> AUTHORIZATION_REVOKED
    """)
    assert_verified(ledger)


def test_a_new_version_cannot_strand_units_waiting_for_their_first_transfer(ledger, clock):
    """Version 2 switching `Use or Cancellation` to `Authorisation` left 100 t authorized under version 1 with no
    event that could ever first transfer them: not usable for CORSIA, not transferable, counted nowhere."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    open IND01 oimp-use OI
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition="Use or Cancellation" date=2026-01-01
    authorization IND01 NDC-1 purposes=NDC date=2026-01-01
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition=Authorisation version=2
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition="Use or Cancellation" version=3
    authorize A OIMP-1 100
    authorize A NDC-1 100
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition=Authorisation date=2026-06-01 version=4 -> REFERENCE_INVALID
    authorization IND01 NDC-1 purposes=OIMP oimp=CORSIA definition=Authorisation date=2026-06-01 version=2 -> REFERENCE_INVALID
    authorization IND01 NDC-1 purposes="NDC and OIMP" oimp=CORSIA definition=Authorisation date=2026-06-01 version=2
    oimpuse A OI 100 purpose=CORSIA auth=OIMP-1
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition=Authorisation date=2026-06-01 version=4
    """)
    assert authorization_totals(ledger, "OIMP-1").first_transferred == 100
    assert_verified(ledger)


def test_a_new_version_cannot_lower_the_cap_below_what_was_authorized(ledger, clock):
    """Version 2 lowering the cap from 1000 t to 500 t after 1000 t were authorized was accepted (only the
    first-transferred total was protected), and the annual information then failed its own check X15:
    '1000 t authorized under AUTH-1 so far, above its authorized quantity of 500 t (version 2)'."""
    from setu.domain.article6.aef_consistency import check_consistency
    from setu.domain.article6.aef_findings import Severity
    from setu.domain.article6.requests import RecordNdc
    from setu.services.article6_records import record_ndc
    from setu.services.article6_reports import annual_information

    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    ndc = {"party": "IND", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
           "target": {"value": 1000}}
    assert record_ndc(ledger, RecordNdc("ndc", "IND01", ndc)).accepted  # type: ignore[arg-type]
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC quantity=800 date=2026-01-01
    authorize A AUTH-1 600
    send A J 100
    authorization IND01 AUTH-1 purposes=NDC quantity=599 date=2026-06-01 version=2 -> AUTHORIZED_LIMIT_EXCEEDED
    authorization IND01 AUTH-1 purposes=NDC quantity=600 date=2026-06-01 version=2
    authorize A AUTH-1 1 -> AUTHORIZED_LIMIT_EXCEEDED
    """)
    report = annual_information(ledger, party="IND", year=2026)
    assert [str(f) for f in check_consistency(report) if f.severity is Severity.ERROR] == []
    assert_verified(ledger)


def test_a_use_is_of_a_vintage_inside_the_timeframe_in_force(ledger, clock):
    """Version 2 narrowing the timeframe to 2021-2025 did not stop Japan using vintage-2026 ITMOs, a Use row
    the AEF check X15 then refuses ('vintage 2026 is outside the authorized timeframe')."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC date=2026-01-01
    authorize A AUTH-1 100
    send A J 100
    authorization IND01 AUTH-1 purposes=NDC date=2026-06-01 version=2 occurred=2021-2025
    use J R 10 year=2030 -> PERIOD_INVALID
    authorization IND01 AUTH-1 purposes=NDC date=2026-06-01 version=3 occurred=2021-2030
    use J R 10 year=2030
    """)
    assert_verified(ledger)


def test_a_new_version_is_dated_the_day_it_is_recorded(ledger, clock):
    """Backdated, version 2 governed in Table 2 the actions version 1 had governed since its date, and the
    AEF judged them against rules they were not taken under (X15 on a narrowed timeframe)."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC date=2026-03-01
    authorize A AUTH-1 100
    send A J 10
    """)
    clock.at("2026-07-01")
    s.line("authorization IND01 AUTH-1 purposes=NDC version=2 date=2026-05-01 occurred=2021-2025 -> PERIOD_INVALID")
    s.line("authorization IND01 AUTH-1 purposes=NDC version=2 date=2026-07-01")


def test_units_of_two_approaches_in_one_selection_are_an_approach_problem_first(ledger, clock):
    """COOPERATIVE_APPROACH_INVALID precedes FIRST_TRANSFER_STATE: a selection spanning two approaches was
    answered with the later code."""
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    s.run("""
    issue A 10 ca=CA0124 vintage=2026 decision=D2
    authorization IND01 AUTH-1 purposes=NDC date=2026-03-01
    authorize A AUTH-1 serials=IND01/2026/995-1010 -> COOPERATIVE_APPROACH_INVALID
    authorize A AUTH-1 serials=IND01/2026/991-1000
    """)
