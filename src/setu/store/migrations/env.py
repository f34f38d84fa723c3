"""Alembic environment: migrations run on the connection `setu.store.migrate` hands over."""

from alembic import context

from setu.store import (
    article6_schema,  # noqa: F401 - registers the Article 6 tables on the metadata
    cycle_schema,  # noqa: F401 - registers the cycle's tables on the metadata
)
from setu.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
