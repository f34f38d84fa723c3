"""The Article 6 chain through the real services: authorize, first transfer with acquisition, use,
cancellation, on SQLite and PostgreSQL, with `verify` clean after every step."""

from __future__ import annotations

from setu.domain.article6.unit_rules import Article6State, article6_state
from setu.services.verification import verify
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 omge-cancellation OMGE
open JPN01 party-holding J
open JPN01 retirement R
open JPN01 oimp-use O
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 100000 decided=100000
"""


def _blocks(uow):  # type: ignore[no-untyped-def]
    with uow(read_only=True) as w:
        return sorted(w.ledger.snapshot().blocks, key=lambda b: (b.serial_first, b.account_id))


def test_ndc_chain_first_transfer_acquisition_use(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("""
    authorization IND01 IND-JCM-2026-001 purposes=NDC quantity=400000
    authorize A IND-JCM-2026-001 serials=IND01/2026/1-100000
    send A J serials=IND01/2026/1-60000
    holds J 60000
    holds A 40000
    use J R 10000 year=2030
    send J A 1
    """)
    blocks = _blocks(uow)
    states = {(b.serial_first, b.serial_last, b.account_id): article6_state(b.attributes) for b in blocks}
    assert states[(60001, 100000, s.account("A"))] is Article6State.AUTHORIZED
    assert Article6State.ITMO in states.values()
    report = verify(uow)
    assert report.ok, report.problems
    with uow(read_only=True) as w:
        _, totals = w.article6.authorization("IND-JCM-2026-001", lock=False)
    assert (totals.authorized, totals.first_transferred) == (100000, 60000)


def test_first_transfer_survives_a_split_and_never_fires_twice(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("""
    authorization IND01 AUTH-1 purposes=NDC quantity=100000
    authorize A AUTH-1 100000
    send A J 30000
    send J A serials=IND01/2026/80001-90000
    send A J 75000 -> FIRST_TRANSFER_STATE
    send A J serials=IND01/2026/80001-85000
    send A J 5000 auth=AUTH-1
    holds J 30000
    """)
    with uow(read_only=True) as w:
        _, totals = w.article6.authorization("AUTH-1", lock=False)
    # 30000 first transferred, 10000 of them back and out again (transfers), then 5000 new ones: 35000.
    assert totals.first_transferred == 35000
    assert verify(uow).ok


def test_plain_retirement_of_authorized_units_is_refused(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("""
    open IND01 retirement RI
    authorization IND01 AUTH-1 purposes=NDC
    authorize A AUTH-1 10
    retire A RI serials=IND01/2026/99991-100000 -> FIRST_TRANSFER_STATE
    retire A RI 10
    """)
    assert verify(uow).ok


def test_oimp_first_transfer_at_authorization_and_omge_cancellation(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("""
    authorization IND01 OIMP-1 purposes=OIMP oimp=CORSIA definition=Authorisation quantity=10000
    authorize A OIMP-1 10001 -> AUTHORIZED_LIMIT_EXCEEDED
    authorize A OIMP-1 10000
    a6cancel A OMGE 100
    """)
    with uow(read_only=True) as w:
        _, totals = w.article6.authorization("OIMP-1", lock=False)
    assert totals.first_transferred == 10000
    assert verify(uow).ok
