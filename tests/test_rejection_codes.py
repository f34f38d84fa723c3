"""Every rejection code, provoked through the real services on SQLite and PostgreSQL.

Each case is a short script in the ledger notation (see ledger_script.py); its last line must be
refused with the code named. A final test checks that the table covers every member of RejectionCode.
"""

from __future__ import annotations

import pytest

from setu.domain.rejections import RejectionCode
from setu.services.verification import verify
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 entity-holding B
open IND01 retirement R
open IND01 cancellation C
open JPN01 party-holding J
issue A 1000 decided=1500
"""

A6 = "approach IND01 CA0123 IND,JPN\napproach JPN01 CA0123 IND,JPN\nstanding IND01\nstanding JPN01\n"
OIMP = "authorization IND01 AUTH-1 purposes=OIMP oimp=CORSIA definition=Authorisation\nauthorize A AUTH-1 10\n"

CASES = {
    "DUPLICATE_TRANSACTION_ID": "transfer A B 10 key=same\ntransfer A B 11 key=same -> DUPLICATE_TRANSACTION_ID",
    "FIELD_INVALID": "issue A 10 decided=1500 project=P1 ca=XX01 -> FIELD_INVALID",
    "QTY_INVALID": "transfer A B 0 -> QTY_INVALID",
    "UNIT_TYPE_INVALID": "issue A 10 decided=1500 vintage=1999 -> UNIT_TYPE_INVALID",
    "REGISTRY_NOT_FOUND": "transfer A B 10 registry=KOR01 -> REGISTRY_NOT_FOUND",
    "REGISTRY_ALREADY_EXISTS": "registry IND01 IND -> REGISTRY_ALREADY_EXISTS",
    "ACCOUNT_NOT_FOUND": "transfer A IND01-99 10 -> ACCOUNT_NOT_FOUND",
    "CROSS_REGISTRY_RULE": "transfer A J 10 -> CROSS_REGISTRY_RULE",
    "SAME_ACCOUNT": "transfer A A 10 -> SAME_ACCOUNT",
    "ACCOUNT_CLOSED": "close B\ntransfer A B 10 -> ACCOUNT_CLOSED",
    "ACCOUNT_SUSPENDED": "suspend A\ntransfer A B 10 -> ACCOUNT_SUSPENDED",
    "ACCOUNT_TYPE_NOT_ALLOWED": "retire A R 10\ntransfer R A 1 -> ACCOUNT_TYPE_NOT_ALLOWED",
    "ACCOUNT_STATUS_UNCHANGED": "suspend B\nsuspend B -> ACCOUNT_STATUS_UNCHANGED",
    "ACCOUNT_NOT_EMPTY": "close A -> ACCOUNT_NOT_EMPTY",
    "REFERENCE_INVALID": "issue A 10 decided=2000 -> REFERENCE_INVALID",
    "LIMIT_EXCEEDED": "issue A 501 decided=1500 -> LIMIT_EXCEEDED",
    "UNIT_ALREADY_CONSUMED": "cancel A C serials=IND01/2026/1-10\ntransfer A B serials=IND01/2026/5-20 -> UNIT_ALREADY_CONSUMED",
    "UNIT_NOT_HELD": "transfer A B serials=IND01/2026/991-1000\ntransfer A B serials=IND01/2026/991-991 -> UNIT_NOT_HELD",
    "QTY_EXCEEDS_BALANCE": "transfer A B 1001 -> QTY_EXCEEDS_BALANCE",
    # Article 6 (article6_script.py has the verbs).
    "AUTH_NOT_FOUND": "authorize A NOPE-1 10 -> AUTH_NOT_FOUND",
    "COOPERATIVE_APPROACH_INVALID": "authorization IND01 AUTH-1 -> COOPERATIVE_APPROACH_INVALID",
    "FIRST_TRANSFER_STATE": A6 + "send A J serials=IND01/2026/1-10 -> FIRST_TRANSFER_STATE",
    "AUTHORIZATION_REVOKED": A6 + "authorization IND01 AUTH-1\nrevoke IND01 AUTH-1\n"
                             "authorize A AUTH-1 10 -> AUTHORIZATION_REVOKED",
    "PARTY_NOT_ELIGIBLE": A6 + "authorization IND01 AUTH-1 party=JPN -> PARTY_NOT_ELIGIBLE",
    "ENTITY_NOT_AUTHORIZED": A6 + OIMP + "open IND01 oimp-use O\noimpuse A O 10 purpose=CORSIA entity=E9"
                             " -> ENTITY_NOT_AUTHORIZED",
    "FIRST_TRANSFER_DEFINITION": A6 + "authorization IND01 AUTH-1 purposes=OIMP oimp=CORSIA"
                                 " -> FIRST_TRANSFER_DEFINITION",
    "PURPOSE_NOT_AUTHORIZED": A6 + OIMP + "use A R 10 year=2030 -> PURPOSE_NOT_AUTHORIZED",
    "PERIOD_INVALID": A6 + "authorization IND01 AUTH-1 occurred=2027-2030\nauthorize A AUTH-1 10 -> PERIOD_INVALID",
    "AUTHORIZED_LIMIT_EXCEEDED": A6 + "authorization IND01 AUTH-1 quantity=5\n"
                                 "authorize A AUTH-1 10 -> AUTHORIZED_LIMIT_EXCEEDED",
}


def _state(uow):  # type: ignore[no-untyped-def]
    with uow(read_only=True) as w:
        return w.ledger.snapshot(), w.ledger.journal_heads(), w.ledger.movements(), w.ledger.account_counters()


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_refuses_with_its_code_and_writes_nothing(code, uow):
    script = LedgerScript(uow)
    script.run(SETUP)
    *before_lines, refused_line = CASES[code].splitlines()
    script.run("\n".join(before_lines))
    before = _state(uow)
    script.run(refused_line)
    assert script.last is not None and script.last.rejection is not None
    assert script.last.rejection.message  # every refusal explains itself
    assert _state(uow) == before  # nothing moved, nothing journaled, no counter advanced
    assert verify(uow).ok


def test_every_code_has_a_case():
    assert set(CASES) == {c.name for c in RejectionCode}


def test_codes_have_unique_stable_numbers():
    numbers = [c.number for c in RejectionCode]
    assert len(numbers) == len(set(numbers))


def test_precedence_first_broken_rule_wins(uow):
    """A request that breaks several rules gets the highest-precedence code."""
    script = LedgerScript(uow)
    script.run(SETUP)
    script.run("""
    suspend B
    issue A 0 ca=X1 -> FIELD_INVALID           # field syntax before quantity
    transfer A B 0 -> QTY_INVALID              # quantity before accounts
    transfer J J 5 registry=IND01 -> CROSS_REGISTRY_RULE  # registry membership before same account
    close C
    transfer A C 5 -> ACCOUNT_CLOSED           # closed (destination) before suspended (source)...
    suspend A
    transfer A C 5 -> ACCOUNT_CLOSED           # ...whichever account is which
    reinstate A
    issue A 600 decided=2000 -> REFERENCE_INVALID  # stored decision before the limit
    transfer A IND01-99 5 -> ACCOUNT_NOT_FOUND # existence before status
    transfer B R 5 -> ACCOUNT_SUSPENDED        # status before type: R may not receive a transfer either
    retire R A 5 -> ACCOUNT_TYPE_NOT_ALLOWED
    """)


def test_rules_in_sequence_make_a_consistent_story(uow):
    LedgerScript(uow).run(SETUP + """
    transfer A B 300                              # A keeps 1-700, B gets 701-1000
    holds A 700
    holds B 300
    retire B R serials=IND01/2026/750-800
    transfer B A serials=IND01/2026/760-770 -> UNIT_ALREADY_CONSUMED
    transfer B A serials=IND01/2026/740-760 -> UNIT_ALREADY_CONSUMED
    transfer B A serials=IND01/2026/700-749 -> UNIT_NOT_HELD
    transfer B A serials=IND01/2026/701-749
    holds B 200
    issue A 500 decided=1500 vintage=2027         # same decision, a new vintage: serials restart at 1
    issue A 1 decided=1500 -> LIMIT_EXCEEDED
    close C                                       # a terminal account may close; it then receives nothing
    cancel A C 1 -> ACCOUNT_CLOSED
    holds R 51
    """)
