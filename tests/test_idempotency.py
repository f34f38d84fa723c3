"""Idempotency: one key, one effect, one answer, rejections included."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from setu.domain.accounts import TransactionType
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.requests import ByQuantity, Move
from setu.services import movement, queries
from setu.services.verification import verify
from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
open IND01 party-holding A
open IND01 entity-holding B
issue A 100
"""


def test_same_key_same_request_moves_once_and_answers_the_same(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    first = s.line("transfer A B 10 key=t1")
    again = s.line("transfer A B 10 key=t1")
    assert first and again and again.replayed and not first.replayed
    assert (again.transaction_id, again.ranges) == (first.transaction_id, first.ranges)
    s.run("holds A 90\nholds B 10")


def test_a_rejection_is_remembered_under_its_key(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("transfer A B 500 key=big -> QTY_EXCEEDS_BALANCE")
    s.run("issue A 1000 decision=D2")  # now A could pay, but the key already has its answer
    replay = s.line("transfer A B 500 key=big -> QTY_EXCEEDS_BALANCE")
    assert replay is not None and replay.replayed
    s.run("transfer A B 500 key=big-2")  # a new key is a new request


def test_same_key_different_request_is_refused_and_moves_nothing(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    s.run("transfer A B 10 key=t1\ntransfer A B 20 key=t1 -> DUPLICATE_TRANSACTION_ID\nholds B 10")


def test_keys_are_scoped_per_registry(uow):
    s = LedgerScript(uow)
    s.run(SETUP + "registry JPN01 JPN\nopen JPN01 party-holding J\nopen JPN01 party-holding K\nissue J 5")
    s.run("transfer A B 1 key=shared\ntransfer J K 1 key=shared\nholds K 1\nholds B 1")


@pytest.mark.postgres
@pytest.mark.xdist_group("pg_connection_heavy")  # see tests/test_concurrency_pg.py
def test_concurrent_retries_with_one_key_move_once(pg_url):
    engine = make_engine(pg_url, pool_size=16)
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine)
    s = LedgerScript(uow)
    s.run(SETUP)
    request = Move("burst", RegistryCode("IND01"), TransactionType.TRANSFER, AccountId(s.aliases["A"]),
                   AccountId(s.aliases["B"]), ByQuantity(7))
    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(lambda _i: movement.move(uow, request), range(12)))
    assert all(o.accepted for o in outcomes)
    assert len({o.transaction_id for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert queries.holdings(uow, account=s.aliases["B"]).total(s.aliases["B"]) == 7
    assert verify(uow).ok
    engine.dispose()


def test_bad_keys_are_programmer_errors(uow):
    s = LedgerScript(uow)
    s.run(SETUP)
    with pytest.raises(ValueError):
        movement.move(uow, Move("", RegistryCode("IND01"), TransactionType.TRANSFER, s.aliases["A"], s.aliases["B"],
                                ByQuantity(1)))
