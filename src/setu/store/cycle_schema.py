"""The project cycle's tables (migration 0002), on the registry core's metadata.

The cycle's state is never stored as such: it is folded from each project's hash-chained entries. The
other tables are append-only records (grants, projects, documents, claims, outcomes) that the chains
also carry, plus `period_issuance`, whose one permitted update records the issuance, once. Guards that
Core cannot express (append-only and issue-once triggers, the document-version index) are in the
migration.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from setu.store.schema import metadata

cycle_journal = Table(
    "cycle_journal",
    metadata,
    Column("stream", String(60), primary_key=True),
    Column("head_seq", BigInteger, nullable=False),
    Column("head_hash", String(64), nullable=False),
    CheckConstraint("head_seq >= 0", name="ck_cycle_journal_head_seq"),
)

cycle_entry = Table(
    "cycle_entry",
    metadata,
    Column("stream", String(60), ForeignKey("cycle_journal.stream"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Column("body", Text, nullable=False),
    CheckConstraint("seq >= 1", name="ck_cycle_entry_seq_positive"),
)

role_grant = Table(
    "role_grant",
    metadata,
    Column("user_id", String(120), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("scope", String(40), primary_key=True),
    Column("organisation", String(200), nullable=False),
    Column("sectoral_scopes", Text, nullable=False),  # JSON list; TPEs only
    Column("granted_by", String(120), nullable=False),
    Column("granted_at", String(32), nullable=False),
)

project = Table(
    "project",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("methodology_id", String(40), nullable=False),
    Column("methodology_version", String(24), nullable=False),
    Column("sectoral_scope", String(2), nullable=False),
    Column("participants", Text, nullable=False),  # JSON list of organisations
    Column("created_by", String(120), nullable=False),
    Column("created_at", String(32), nullable=False),
)

document = Table(
    "document",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("project_id", String(40), ForeignKey("project.id"), nullable=False),
    Column("period_id", String(40), nullable=True),
    Column("form", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("variant", String(16), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("filename", String(200), nullable=False),
    Column("uploaded_by", String(120), nullable=False),
    Column("uploaded_at", String(32), nullable=False),
    CheckConstraint("variant IN ('public','confidential')", name="ck_document_variant"),
    CheckConstraint("version >= 1", name="ck_document_version"),
    CheckConstraint("size_bytes >= 1", name="ck_document_size"),
    CheckConstraint("length(sha256) = 64", name="ck_document_sha256"),
    Index("ix_document_project", "project_id", "period_id", "form", "version"),
)

claim_subject = Table(
    "claim_subject",
    metadata,
    Column("subject", String(130), primary_key=True),  # one row per meter or facility: the lock claims take
)

claim = Table(
    "claim",
    metadata,
    Column("project_id", String(40), ForeignKey("project.id"), primary_key=True),
    Column("period_id", String(40), primary_key=True),
    Column("subject", String(130), ForeignKey("claim_subject.subject"), primary_key=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    CheckConstraint("start_date <= end_date", name="ck_claim_dates"),
    Index("ix_claim_subject", "subject", "start_date"),
)

period_issuance = Table(
    "period_issuance",
    metadata,
    Column("project_id", String(40), ForeignKey("project.id"), primary_key=True),
    Column("period_id", String(40), primary_key=True),
    Column("decision_id", String(80), nullable=False, unique=True),
    Column("decision", Text, nullable=False),  # JSON: amounts per vintage and the allocation form
    Column("decided_at", String(32), nullable=False),
    Column("issued_at", String(32), nullable=True),
    Column("shares", Text, nullable=True),  # JSON: each share's ledger transaction, serials and JCM serial
    CheckConstraint("(issued_at IS NULL) = (shares IS NULL)", name="ck_period_issuance_issued"),
)

cycle_request_outcome = Table(
    "cycle_request_outcome",
    metadata,
    Column("idempotency_key", String(128), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("outcome", Text, nullable=False),
)
