"""`verify` passes on an honest ledger and catches a journal row or a holding altered in the database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from setu.domain.journal import chain_hash
from setu.services.verification import verify
from tests.ledger_script import LedgerScript

STORY = """
registry IND01 IND
open IND01 party-holding A
open IND01 entity-holding B
open IND01 retirement R
issue A 1000
transfer A B 300
retire B R serials=IND01/2026/750-800
transfer B A 10
"""


def _ledger(uow) -> LedgerScript:  # type: ignore[no-untyped-def]
    s = LedgerScript(uow)
    s.run(STORY)
    report = verify(uow)
    assert report.ok, report.problems
    assert report.entries == 8
    return s


def _tamper(uow, *statements: str) -> None:  # type: ignore[no-untyped-def]
    """Bypass the append-only triggers, as an attacker with database rights would."""
    engine = uow.engine
    with engine.begin() as c:
        if engine.dialect.name == "postgresql":
            c.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for table in ("journal_entry", "movement"):
                for op in ("update", "delete"):
                    c.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op}"))
        for statement in statements:
            c.exec_driver_sql(statement)


def test_an_edited_journal_body_is_named(uow):
    _ledger(uow)
    _tamper(uow, "UPDATE journal_entry SET body = replace(body, '\"first\":701', '\"first\":700') WHERE seq = 6")
    report = verify(uow)
    assert not report.ok and report.first_bad_entry == "IND01#6"
    assert "altered" in report.problems[0]


def test_a_rehashed_entry_breaks_the_next_link(uow):
    _ledger(uow)
    with uow.engine.connect() as c:
        body = c.execute(text("SELECT body FROM journal_entry WHERE seq = 5")).scalar()
    forged = json.loads(body)
    forged["event"]["last"] = 2000
    new_body = json.dumps(forged, sort_keys=True, separators=(",", ":"))
    new_hash = chain_hash(forged["prev_hash"], new_body)
    _tamper(uow, f"UPDATE journal_entry SET body = '{new_body}', entry_hash = '{new_hash}' WHERE seq = 5")
    report = verify(uow)
    assert report.first_bad_entry == "IND01#6"


def test_a_deleted_tail_entry_is_caught_by_the_head(uow):
    _ledger(uow)
    _tamper(uow, "DELETE FROM movement WHERE seq = 8", "DELETE FROM journal_entry WHERE seq = 8")
    report = verify(uow)
    assert not report.ok and report.first_bad_entry == "IND01#7"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE unit_block SET account_id = 'IND01-1' WHERE serial_first = 750",  # retired units back to A
        "UPDATE unit_block SET serial_last = serial_last - 1 WHERE serial_first = 1",  # a tonne vanishes
        "UPDATE unit_block SET project_id = 'P9' WHERE serial_first = 1",  # attributes are part of a holding
    ],
)
def test_an_altered_holding_is_caught_and_traced_to_its_last_entry(uow, statement):
    _ledger(uow)
    _tamper(uow, statement)
    report = verify(uow)
    assert not report.ok
    assert report.first_bad_entry is not None and report.first_bad_entry.startswith("IND01#")
    assert any("holding" in p for p in report.problems)


def test_an_altered_account_status_is_caught(uow):
    _ledger(uow)
    _tamper(uow, "UPDATE account SET status = 'suspended' WHERE id = 'IND01-1'")
    report = verify(uow)
    assert not report.ok and any("accounts IND01-1" in p for p in report.problems)


def test_a_deleted_outcome_is_caught_before_a_retry_can_run_twice(uow):
    _ledger(uow)
    _tamper(uow, "DROP TRIGGER IF EXISTS request_outcome_no_delete" if uow.engine.dialect.name == "sqlite" else "SELECT 1",
            "DELETE FROM request_outcome WHERE idempotency_key = 'k6'")
    report = verify(uow)
    assert not report.ok and report.first_bad_entry == "IND01#6"
    assert "retry would run the request again" in report.problems[0]


def test_a_rewound_account_counter_is_caught(uow):
    _ledger(uow)
    _tamper(uow, "UPDATE registry SET next_account_number = 2")
    report = verify(uow)
    assert not report.ok and any("next account number" in p for p in report.problems)
