"""Article 6 records (migrations 0003 and 0004), on the registry core's metadata.

Every row here is also an event in a registry's hash-chained journal, so `verify` can rebuild and
compare them. `a6_authorization` holds the latest state of each authorization and its running totals;
it is the row a first transfer locks, so two first transfers under one authorized quantity serialize.
Versions and the records' canonical JSON bodies are append-only.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text

from setu.store.schema import metadata

a6_approach = Table(
    "a6_approach",
    metadata,
    Column("registry_code", String(5), ForeignKey("registry.code"), primary_key=True),
    Column("cooperative_approach_id", String(6), primary_key=True),
    Column("body", Text, nullable=False),
)

a6_authorization = Table(
    "a6_authorization",
    metadata,
    Column("authorization_id", String(80), primary_key=True),
    Column("party", String(3), nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("revoked_on", String(10), nullable=True),
    Column("authorized_total", BigInteger, nullable=False),
    Column("first_transferred_total", BigInteger, nullable=False),
    CheckConstraint("latest_version >= 1", name="ck_a6_authorization_version"),
    CheckConstraint("authorized_total >= 0 AND first_transferred_total >= 0", name="ck_a6_authorization_totals"),
)

a6_authorization_version = Table(
    "a6_authorization_version",
    metadata,
    Column("authorization_id", String(80), ForeignKey("a6_authorization.authorization_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("body", Text, nullable=False),
)

a6_entity = Table(
    "a6_entity",
    metadata,
    Column("cooperative_approach_id", String(6), primary_key=True),
    Column("entity_id", String(80), primary_key=True),
    Column("party", String(3), nullable=False),
    Column("body", Text, nullable=False),
)

a6_ndc = Table(
    "a6_ndc",
    metadata,
    Column("party", String(3), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("body", Text, nullable=False),
    CheckConstraint("version >= 1", name="ck_a6_ndc_version"),
)

a6_standing = Table(
    "a6_standing",
    metadata,
    Column("party", String(3), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("body", Text, nullable=False),
    CheckConstraint("version >= 1", name="ck_a6_standing_version"),
)
