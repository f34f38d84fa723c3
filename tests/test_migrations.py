"""Migrations carry a populated database forward: 0004 rebuilds `account` on SQLite (to admit
share-of-proceeds accounts) without losing a row or leaving foreign keys unenforced."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from setu.services.verification import verify
from setu.store.database import make_engine
from setu.store.migrate import is_current, upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.ledger_script import LedgerScript

BEFORE = """
registry IND01 IND
open IND01 party-holding A
open IND01 cancellation C
issue A 1000 decided=1000
cancel A C 10
"""


def test_upgrading_a_populated_database_keeps_every_row_and_the_guards(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    assert not is_current(engine)
    uow = SqlUnitOfWorkFactory(engine)
    LedgerScript(uow).run(BEFORE)
    with engine.connect() as c:
        before = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("account", "unit_block", "journal_entry")}
    upgrade(engine)
    assert is_current(engine)
    with engine.connect() as c:
        after = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in before}
    assert after == before
    script = LedgerScript(uow)
    script.aliases |= {"A": "IND01-1", "C": "IND01-2"}
    script.run("""
    open IND01 share-of-proceeds SOP key=after-1
    cancel A SOP 10 key=after-2 -> ACCOUNT_TYPE_NOT_ALLOWED
    """)
    assert verify(uow).ok
    # Foreign keys are enforced again after the migration (SQLite turns them off while it runs).
    with pytest.raises(Exception, match="(?i)foreign key"), engine.begin() as c:
        c.execute(text("INSERT INTO account (id, registry_code, type, status, holder)"
                       " VALUES ('XXX01-1', 'XXX01', 'party-holding', 'open', 'nobody')"))
    with pytest.raises(Exception, match="ck_account_type|CHECK"), engine.begin() as c:
        c.execute(text("INSERT INTO account (id, registry_code, type, status, holder)"
                       " VALUES ('IND01-99', 'IND01', 'adaptation', 'open', 'nobody')"))
    engine.dispose()
