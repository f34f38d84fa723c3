"""The SQLAlchemy unit of work: one connection, one transaction, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from setu.store.article6_store import SqlArticle6Store
from setu.store.cycle_store import SqlCycleStore
from setu.store.ledger_store import SqlLedgerStore


def utc_now() -> datetime:
    return datetime.now(UTC)


class SqlUnitOfWork:
    """`with SqlUnitOfWork(engine) as uow: ...; uow.commit()`: one database transaction."""

    def __init__(self, engine: Engine, *, read_only: bool = False, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._read_only = read_only
        self._clock = clock
        self._connection: Connection | None = None
        self.ledger: SqlLedgerStore
        self.cycle: SqlCycleStore
        self.article6: SqlArticle6Store

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        if self._read_only:
            # One snapshot for the whole read (verify compares heads, entries and state taken together).
            options = {"setu_read_only": True}
            if connection.dialect.name == "postgresql":
                options["isolation_level"] = "REPEATABLE READ"
            connection = connection.execution_options(**options)
        connection.begin()
        self._connection = connection
        self.ledger = SqlLedgerStore(connection)
        self.cycle = SqlCycleStore(connection)
        self.article6 = SqlArticle6Store(connection)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._connection is not None
        try:
            if self._connection.in_transaction():
                self._connection.rollback()
        finally:
            self._connection.close()
            self._connection = None

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        assert self._connection is not None
        self._connection.commit()

    def rollback(self) -> None:
        assert self._connection is not None
        self._connection.rollback()

    def now(self) -> datetime:
        return self._clock()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine; this is what the CLI and tests hand to the services."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, read_only=read_only, clock=self.clock)
