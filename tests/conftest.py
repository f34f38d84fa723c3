"""Database fixtures: every ledger test runs on SQLite and, where a server answers, on PostgreSQL.

Each PostgreSQL test gets a schema of its own (search_path in the URL), so tests can run in parallel
against one database. With SETU_REQUIRE_POSTGRES=1 (as .ci/run sets) a missing server fails the run
instead of skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import text

from setu.store.database import make_engine
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory

PG_URL = os.environ.get("SETU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("SETU_REQUIRE_POSTGRES") == "1"


def _pg_problem() -> str | None:
    try:
        engine = make_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(4242)"))
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "no usable server"
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    problem = _pg_problem()
    if problem is not None:
        if REQUIRE_PG:
            pytest.fail(f"SETU_REQUIRE_POSTGRES=1 but PostgreSQL at {PG_URL} is not usable: {problem}")
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    return PG_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_server)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{separator}options={quote(f'-csearch_path={schema},public')}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def uow(db_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield SqlUnitOfWorkFactory(engine)
    engine.dispose()
