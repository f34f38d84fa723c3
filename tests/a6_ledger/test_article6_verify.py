"""`setu verify` vouches for the Article 6 records too: tampering with a total, a version or an NDC row
is reported, and an acquisition must mirror the transfer that names it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from setu.services.verification import verify
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open JPN01 party-holding J
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 1000 decided=1000
authorization IND01 AUTH-1 purposes=NDC quantity=900
authorize A AUTH-1 800
send A J 500
"""


@pytest.mark.parametrize("tamper, says", [
    ("UPDATE a6_authorization SET first_transferred_total = 400", "authorization AUTH-1"),
    ("UPDATE a6_authorization SET authorized_total = 900", "authorization AUTH-1"),
    ("UPDATE a6_authorization SET revoked_on = '2026-01-02'", "authorization AUTH-1"),
])
def test_tampered_article6_rows_are_reported(uow, tamper, says):  # type: ignore[no-untyped-def]
    LedgerScript(uow).run(SETUP)
    assert verify(uow).ok
    with uow.engine.begin() as connection:
        connection.execute(text(tamper))
    report = verify(uow)
    assert not report.ok
    assert any(says in p for p in report.problems), report.problems


def test_versions_are_append_only(uow):  # type: ignore[no-untyped-def]
    LedgerScript(uow).run(SETUP)
    with pytest.raises(Exception, match="append-only"), uow.engine.begin() as connection:
        connection.execute(text("UPDATE a6_authorization_version SET body = '{}'"))


def test_standing_rows_are_append_only_and_a_forged_version_is_reported(uow):  # type: ignore[no-untyped-def]
    LedgerScript(uow).run(SETUP)
    with pytest.raises(Exception, match="append-only"), uow.engine.begin() as connection:
        connection.execute(text("UPDATE a6_standing SET body = '{}'"))
    with uow.engine.begin() as connection:
        connection.execute(text("INSERT INTO a6_standing (party, version, body) SELECT party, 2, body FROM a6_standing"
                                " WHERE party = 'IND'"))
    report = verify(uow)
    assert any("standing versions stored differ" in p for p in report.problems), report.problems
