"""SQLAlchemy adapter: schema, migrations, engine, unit of work and the ledger store."""
