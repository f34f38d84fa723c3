"""Fixtures for the cycle's service tests: each runs on SQLite and PostgreSQL (`db_url`), with a movable
clock and a document directory of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from setu.store.database import make_engine
from setu.store.documents import FileDocumentStore
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory
from tests.cycle.world import Clock, World


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def files(tmp_path) -> FileDocumentStore:  # type: ignore[no-untyped-def]
    return FileDocumentStore(tmp_path / "documents")


@pytest.fixture
def cycle_uow(db_url: str, clock: Clock) -> Iterator[SqlUnitOfWorkFactory]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield SqlUnitOfWorkFactory(engine, clock=clock)
    engine.dispose()


@pytest.fixture
def world(cycle_uow: SqlUnitOfWorkFactory, files: FileDocumentStore, clock: Clock) -> World:
    return World(cycle_uow, files, clock).setup()
