"""The database itself refuses what must never be, even when code goes around the services."""

from __future__ import annotations

import pytest
from sqlalchemy import event, insert, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from setu.store.schema import unit_block
from tests.ledger_script import LedgerScript


def _block(**overrides):  # type: ignore[no-untyped-def]
    row = dict(originating_registry="IND01", vintage_year=2026, serial_first=2000, serial_last=2010,
               account_id="IND01-1", unit_kind="jcm-credit", cooperative_approach_id="CA0123",
               first_transferring_party="IND", project_id="P1", monitoring_period_id="MP1", authorization_id=None,
               first_transferred=False)
    row.update(overrides)
    return row


@pytest.fixture
def ledger(uow):  # type: ignore[no-untyped-def]
    LedgerScript(uow).run("""
    registry IND01 IND
    open IND01 party-holding A
    open IND01 party-holding B
    issue A 1000
    transfer A B 100            # A: 1-900, B: 901-1000
    """)
    return uow


@pytest.mark.parametrize(
    "row",
    [
        _block(serial_first=950, serial_last=960),  # inside B's block
        _block(serial_first=800, serial_last=950),  # straddles A's and B's blocks
        _block(serial_first=1000, serial_last=1000),  # touches the last serial
        _block(serial_first=1, serial_last=1),  # the very first serial
    ],
)
def test_overlapping_blocks_are_refused(ledger, row):
    with pytest.raises((IntegrityError, DBAPIError)), ledger.engine.begin() as c:
        c.execute(insert(unit_block).values(**row))


def test_growing_a_block_into_its_neighbour_is_refused(ledger):
    with pytest.raises((IntegrityError, DBAPIError)), ledger.engine.begin() as c:
        c.execute(update(unit_block).where(unit_block.c.serial_first == 1).values(serial_last=901))


@pytest.mark.parametrize("values", [{"serial_first": 2}, {"vintage_year": 2027}, {"originating_registry": "JPN01"}])
def test_a_blocks_serial_keys_never_change(ledger, values):
    with pytest.raises((IntegrityError, DBAPIError)), ledger.engine.begin() as c:
        c.execute(update(unit_block).where(unit_block.c.serial_first == 1).values(**values))


def test_an_adjacent_block_is_accepted(ledger):
    with ledger.engine.begin() as c:
        c.execute(insert(unit_block).values(**_block(serial_first=1001, serial_last=1005)))


@pytest.mark.parametrize(
    "row",
    [
        _block(serial_first=0, serial_last=5),  # non-positive serial
        _block(serial_first=3000, serial_last=2999),  # negative quantity
        _block(account_id="IND01-77"),  # orphan block
        _block(vintage_year=2031),  # unknown serial space
        _block(unit_kind="voucher"),
    ],
)
def test_malformed_blocks_are_refused(ledger, row):
    with pytest.raises((IntegrityError, DBAPIError)), ledger.engine.begin() as c:
        c.execute(insert(unit_block).values(**row))


@pytest.mark.parametrize(
    "statement",
    ["UPDATE journal_entry SET body = 'x'", "DELETE FROM journal_entry", "UPDATE request_outcome SET outcome = '{}'",
     "DELETE FROM movement"],
)
def test_history_is_append_only(ledger, statement):
    with pytest.raises((IntegrityError, DBAPIError)), ledger.engine.begin() as c:
        c.execute(text(statement))


def test_the_pick_statement_the_store_sends_is_served_by_the_account_index(ledger):
    """Capture the block pick of a real transfer and EXPLAIN that statement: an index walk in pick order,
    no sort and no table scan. (bench/ledger.py EXPLAINs it again on 1,000,000 blocks.)"""
    engine = ledger.engine
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if "FROM unit_block" in statement and "ORDER BY unit_block.vintage_year" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        LedgerScript(ledger).run("transfer IND01-1 IND01-2 5 key=pick-1")
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert captured, "the transfer did not pick blocks by quantity"
    statement, parameters = captured[0]
    with engine.connect() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("SET enable_seqscan = off")
            plan = c.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        else:
            plan = c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    rendered = " ".join(str(r) for r in plan)
    assert "ix_unit_block_pick" in rendered, rendered
    assert "TEMP B-TREE" not in rendered.upper() and "Sort" not in rendered and "Seq Scan" not in rendered, rendered
