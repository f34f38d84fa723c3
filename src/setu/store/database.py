"""Engines: SQLite by default, PostgreSQL when `SETU_DATABASE_URL` says so.

SQLite runs with foreign keys on, WAL, a busy timeout, and write transactions that start with
`BEGIN IMMEDIATE`, so a transaction holds the database's write lock from its first statement and two
writers can never interleave. Read-only units of work start with a plain `BEGIN`.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite:///var/setu.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else `SETU_DATABASE_URL`, else the embedded SQLite file."""
    return explicit or os.environ.get("SETU_DATABASE_URL") or DEFAULT_DATABASE_URL


def make_engine(url: str, **kwargs: object) -> Engine:
    """Create an engine for `url`, configured for ledger work on its backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return create_engine(url, **kwargs)  # type: ignore[arg-type]
    raise ValueError(f"SETU_DATABASE_URL: unsupported database {parsed.get_backend_name()!r} (use sqlite or postgresql)")


def _sqlite_engine(url: str, database: str | None, **kwargs: object) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)  # type: ignore[arg-type]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        mode = "DEFERRED" if connection.get_execution_options().get("setu_read_only") else "IMMEDIATE"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
