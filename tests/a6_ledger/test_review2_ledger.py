"""Second adversarial review of the Article 6 ledger: first transfers that fire on the wrong event or never,
use windows, authorization ids that name nothing, retroactive revocations. `verify` after each."""

from __future__ import annotations

from setu.domain.rejections import RejectionCode
from setu.services.verification import verify
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
issue A 1000 decided=1000
"""


def _totals(uow, authorization_id):  # type: ignore[no-untyped-def]
    with uow(read_only=True) as w:
        return w.article6.authorization(authorization_id, lock=False)[1]


def _verified(uow) -> None:  # type: ignore[no-untyped-def]
    report = verify(uow)
    assert report.ok, report.problems


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
    assert _totals(ledger, "MIX-1").first_transferred == 20
    _verified(ledger)
