"""Concurrency on PostgreSQL: many workers, one tonne; only one can have it."""

from __future__ import annotations

import threading

import pytest

from setu.domain.accounts import TransactionType
from setu.domain.blocks import SerialRange, SerialSpace
from setu.domain.codes import AccountId, RegistryCode, SerialNumber
from setu.domain.rejections import RejectionCode
from setu.domain.requests import ByQuantity, BySerials, Move
from setu.services import movement, queries
from setu.services.verification import verify
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.ledger_script import LedgerScript

# Each race holds up to two connections per worker (a rejection is recorded in a fresh transaction), so the
# connection-hungry tests share one xdist group: run side by side they could pass max_connections (100).
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("pg_connection_heavy")]
WORKERS = 32


def _race(uow, requests):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(requests))
    outcomes = [None] * len(requests)

    def worker(i: int) -> None:
        barrier.wait()
        outcomes[i] = movement.move(uow, requests[i])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.fixture
def pg_uow(pg_url):  # type: ignore[no-untyped-def]
    engine = make_engine(pg_url, pool_size=WORKERS + 2, max_overflow=48)
    upgrade(engine)
    yield SqlUnitOfWorkFactory(engine)
    engine.dispose()


def test_32_workers_race_for_one_tonne_block_and_exactly_one_wins(pg_uow):
    s = LedgerScript(pg_uow)
    s.run("registry IND01 IND\nopen IND01 party-holding A\n" + "".join(
        f"open IND01 entity-holding W{i}\n" for i in range(WORKERS)) + "issue A 1")
    tonne = BySerials(SerialRange(SerialSpace(RegistryCode("IND01"), 2026), SerialNumber(1), SerialNumber(1)))
    requests = [
        Move(f"race-{i}", RegistryCode("IND01"), TransactionType.TRANSFER, s.aliases["A"], s.aliases[f"W{i}"], tonne)
        for i in range(WORKERS)
    ]
    outcomes = _race(pg_uow, requests)
    winners = [o for o in outcomes if o.accepted]
    losers = [o for o in outcomes if not o.accepted]
    assert len(winners) == 1
    assert {o.rejection.code for o in losers} == {RejectionCode.UNIT_NOT_HELD}
    held = queries.holdings(pg_uow)
    assert sum(held.total(a.id) for a in held.accounts) == 1
    assert verify(pg_uow).ok


def test_concurrent_quantity_transfers_from_one_account_never_overspend(pg_uow):
    s = LedgerScript(pg_uow)
    s.run("registry IND01 IND\nopen IND01 party-holding A\n" + "".join(
        f"open IND01 entity-holding W{i}\n" for i in range(WORKERS)) + "issue A 100")
    requests = [
        Move(f"q-{i}", RegistryCode("IND01"), TransactionType.TRANSFER, s.aliases["A"], s.aliases[f"W{i}"],
             ByQuantity(7))
        for i in range(WORKERS)
    ]
    outcomes = _race(pg_uow, requests)
    accepted = [o for o in outcomes if o.accepted]
    assert len(accepted) == 100 // 7
    assert {o.rejection.code for o in outcomes if not o.accepted} == {RejectionCode.QTY_EXCEEDS_BALANCE}
    assert queries.holdings(pg_uow, account=AccountId(s.aliases["A"])).total(s.aliases["A"]) == 100 % 7
    assert verify(pg_uow).ok


def test_transfers_in_both_directions_do_not_deadlock(pg_uow):
    s = LedgerScript(pg_uow)
    s.run("registry IND01 IND\nopen IND01 party-holding A\nopen IND01 party-holding B\nissue A 500\n"
          "issue B 500 decision=D2")
    a, b = s.aliases["A"], s.aliases["B"]
    requests = [
        Move(f"x-{i}", RegistryCode("IND01"), TransactionType.TRANSFER, *((a, b) if i % 2 else (b, a)), ByQuantity(3))
        for i in range(WORKERS)
    ]
    outcomes = _race(pg_uow, requests)
    assert all(o.accepted for o in outcomes)
    assert verify(pg_uow).ok


def test_issuances_account_openings_and_transfers_at_once_never_deadlock(pg_uow):
    """First issuances under new decisions insert rows whose foreign keys share-lock the registry row;
    the journal-head lock must not conflict with that (FOR NO KEY UPDATE)."""
    s = LedgerScript(pg_uow)
    s.run("registry IND01 IND\nopen IND01 party-holding A\nopen IND01 entity-holding B\nissue A 100000")
    lines = []
    for i in range(24):
        lines.append(f"open IND01 entity-holding H{i} key=o{i}")
        lines.append(f"issue B 5 decision=N{i} vintage={2026 + i % 3} key=n{i}")
        lines.append(f"transfer A B 3 key=t{i}")
    barrier = threading.Barrier(len(lines))
    errors: list[BaseException] = []

    def worker(line: str) -> None:
        barrier.wait()
        try:
            s.line(line)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(line,)) for line in lines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert verify(pg_uow).ok


def test_a_decision_id_is_claimed_by_one_transaction_at_a_time(pg_url):  # type: ignore[no-untyped-def]
    """A manual issuance and the cycle's recording of the same Joint Committee decision serialize on it."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from setu.store.ledger_store import SqlLedgerStore

    engine = make_engine(pg_url)
    with engine.connect() as first, engine.connect() as second:
        with first.begin():
            SqlLedgerStore(first).claim_decision_id("JC-IN-7")
            with second.begin():
                second.execute(text("SET LOCAL lock_timeout = '200ms'"))
                SqlLedgerStore(second).claim_decision_id("JC-IN-8")  # another id: no wait
                with pytest.raises(OperationalError, match="lock timeout"):
                    SqlLedgerStore(second).claim_decision_id("JC-IN-7")
        with second.begin():
            SqlLedgerStore(second).claim_decision_id("JC-IN-7")  # free once the first transaction ended
    engine.dispose()
