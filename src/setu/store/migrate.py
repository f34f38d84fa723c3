"""Bring a database to the newest schema with Alembic, programmatically (no alembic.ini needed).

SQLite changes a table's constraints by rebuilding the table (Alembic's batch mode), and dropping a
parent table counts as a foreign-key violation even when the rebuilt table takes its place. SQLite's
documented procedure for such changes is followed: enforcement off (a pragma that only takes effect
outside a transaction), the migrations in one transaction, `PRAGMA foreign_key_check` before the
commit (any violation rolls everything back), enforcement on again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"


class MigrationError(RuntimeError):
    """A migration would leave the database inconsistent; nothing was changed."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply every migration not yet applied (up to `target`), in one transaction."""
    config = _config()
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection  # no SQLAlchemy transaction may be open for the pragma
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                _check_foreign_keys(connection)
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise MigrationError(f"migration would break {len(broken)} foreign key(s) in {', '.join(tables)}; rolled back")


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head
