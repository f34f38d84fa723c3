"""A ledger on a clock the test moves: Article 6 rules and reports depend on the dates actions happen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory


class Clock:
    """`clock.at("2027-06-15")` sets the time every later transaction is recorded at (noon UTC)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, tzinfo=UTC)

    def at(self, day: str) -> None:
        self.now = datetime.fromisoformat(f"{day}T12:00:00+00:00")

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(db_url: str, clock: Clock) -> Iterator[SqlUnitOfWorkFactory]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield SqlUnitOfWorkFactory(engine, clock=clock)
    engine.dispose()
