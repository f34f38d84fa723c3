"""The tables, as SQLAlchemy Core metadata. Alembic migrations create them; this module is what
queries are written against. Database-level guards that Core cannot express (the exclusion constraint
on PostgreSQL, overlap and append-only triggers on SQLite) are in the migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only autoincrements an INTEGER PRIMARY KEY; it is 64-bit there anyway.
AutoBigInt = BigInteger().with_variant(Integer(), "sqlite")

registry = Table(
    "registry",
    metadata,
    Column("code", String(5), primary_key=True),
    Column("party", String(3), nullable=False),
    Column("name", String(200), nullable=False),
    Column("next_account_number", BigInteger, nullable=False),
    Column("journal_head_seq", BigInteger, nullable=False),
    Column("journal_head_hash", String(64), nullable=False),
    CheckConstraint("next_account_number >= 1", name="ck_registry_next_account"),
    CheckConstraint("journal_head_seq >= 0", name="ck_registry_head_seq"),
)

account = Table(
    "account",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("registry_code", String(5), ForeignKey("registry.code"), nullable=False),
    Column("type", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("holder", String(200), nullable=False),
    CheckConstraint(
        "type IN ('party-holding','entity-holding','retirement','oimp-use','cancellation',"
        "'voluntary-cancellation','omge-cancellation','share-of-proceeds')",
        name="ck_account_type",
    ),
    CheckConstraint("status IN ('open','suspended','closed')", name="ck_account_status"),
)

serial_space = Table(
    "serial_space",
    metadata,
    Column("originating_registry", String(5), ForeignKey("registry.code"), primary_key=True),
    Column("vintage_year", Integer, primary_key=True),
    Column("next_serial", BigInteger, nullable=False),
    CheckConstraint("next_serial >= 1", name="ck_serial_space_next"),
)

unit_block = Table(
    "unit_block",
    metadata,
    Column("originating_registry", String(5), primary_key=True),
    Column("vintage_year", Integer, primary_key=True),
    Column("serial_first", BigInteger, primary_key=True),
    Column("serial_last", BigInteger, nullable=False),
    Column("account_id", String(24), ForeignKey("account.id"), nullable=False),
    Column("unit_kind", String(24), nullable=False),
    Column("cooperative_approach_id", String(6), nullable=False),
    Column("first_transferring_party", String(3), nullable=False),
    Column("project_id", String(80), nullable=False),
    Column("monitoring_period_id", String(80), nullable=False),
    Column("authorization_id", String(80), nullable=True),
    Column("first_transferred", Boolean, nullable=False),
    ForeignKeyConstraint(
        ["originating_registry", "vintage_year"],
        ["serial_space.originating_registry", "serial_space.vintage_year"],
        name="fk_unit_block_space",
    ),
    CheckConstraint("serial_first >= 1", name="ck_unit_block_first_positive"),
    CheckConstraint("serial_last >= serial_first", name="ck_unit_block_nonempty"),
    CheckConstraint("unit_kind IN ('jcm-credit','mitigation-outcome','itmo')", name="ck_unit_block_kind"),
    Index("ix_unit_block_pick", "account_id", "vintage_year", "originating_registry", "serial_first"),
    Index(
        "ix_unit_block_pick_project", "account_id", "project_id", "vintage_year", "originating_registry",
        "serial_first",
    ),
)

issuance_decision = Table(
    "issuance_decision",
    metadata,
    Column("registry_code", String(5), ForeignKey("registry.code"), primary_key=True),
    Column("decision_id", String(80), primary_key=True),
    Column("project_id", String(80), nullable=False),
    Column("decided_quantity", BigInteger, nullable=False),
    Column("issued_quantity", BigInteger, nullable=False),
    CheckConstraint("decided_quantity >= 1", name="ck_decision_decided_positive"),
    CheckConstraint("issued_quantity >= 0 AND issued_quantity <= decided_quantity", name="ck_decision_within"),
)

journal_entry = Table(
    "journal_entry",
    metadata,
    Column("position", AutoBigInt, primary_key=True, autoincrement=True),
    Column("registry_code", String(5), ForeignKey("registry.code"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Column("body", Text, nullable=False),
    UniqueConstraint("registry_code", "seq", name="uq_journal_registry_seq"),
    CheckConstraint("seq >= 1", name="ck_journal_seq_positive"),
)

movement = Table(
    "movement",
    metadata,
    Column("id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("registry_code", String(5), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("event", String(24), nullable=False),
    Column("source", String(24), nullable=True),
    Column("destination", String(24), nullable=False),
    Column("originating_registry", String(5), nullable=False),
    Column("vintage_year", Integer, nullable=False),
    Column("serial_first", BigInteger, nullable=False),
    Column("serial_last", BigInteger, nullable=False),
    ForeignKeyConstraint(
        ["registry_code", "seq"], ["journal_entry.registry_code", "journal_entry.seq"], name="fk_movement_entry"
    ),
    Index("ix_movement_serial", "originating_registry", "vintage_year", "serial_first"),
)

request_outcome = Table(
    "request_outcome",
    metadata,
    Column("registry_code", String(5), primary_key=True),
    Column("idempotency_key", String(128), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("outcome", Text, nullable=False),
)
