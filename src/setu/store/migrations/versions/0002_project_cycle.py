"""Project cycle: role grants, projects and their hash chains, documents, claims, period issuances, outcomes.

The database itself forbids what must never be:
- rewriting history: chain entries, grants, projects, documents, claims, claimed subjects and stored
  cycle outcomes refuse UPDATE and DELETE;
- issuing a period twice: `period_issuance` has one row per (project, period), its decision id is unique,
  and its only permitted update fills in the issuance, once, leaving the decision as it was;
- two versions of one form with the same number and variant (a unique index over the period, with
  the project-wide documents' missing period counted as '').

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BIG = sa.BigInteger()
GENESIS_HASH = "0" * 64
APPEND_ONLY = ("cycle_entry", "role_grant", "project", "document", "claim_subject", "claim", "cycle_request_outcome")
TABLES = ("cycle_request_outcome", "period_issuance", "claim", "claim_subject", "document", "project", "role_grant",
          "cycle_entry", "cycle_journal")


def upgrade() -> None:
    _tables()
    op.create_index("ix_document_project", "document", ["project_id", "period_id", "form", "version"])
    op.create_index("uq_document_version", "document",
                    ["project_id", sa.text("coalesce(period_id, '')"), "form", "version", "variant"], unique=True)
    op.create_index("ix_claim_subject", "claim", ["subject", "start_date"])
    # The role grants' chain exists from the start, so the first two grants cannot race to create it.
    op.execute(f"INSERT INTO cycle_journal (stream, head_seq, head_hash) VALUES ('roles', 0, '{GENESIS_HASH}')")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()


def _tables() -> None:
    op.create_table(
        "cycle_journal",
        sa.Column("stream", sa.String(60), primary_key=True),
        sa.Column("head_seq", BIG, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.CheckConstraint("head_seq >= 0", name="ck_cycle_journal_head_seq"),
    )
    op.create_table(
        "cycle_entry",
        sa.Column("stream", sa.String(60), sa.ForeignKey("cycle_journal.stream"), primary_key=True),
        sa.Column("seq", BIG, primary_key=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("seq >= 1", name="ck_cycle_entry_seq_positive"),
    )
    op.create_table(
        "role_grant",
        sa.Column("user_id", sa.String(120), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
        sa.Column("scope", sa.String(40), primary_key=True),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("sectoral_scopes", sa.Text(), nullable=False),
        sa.Column("granted_by", sa.String(120), nullable=False),
        sa.Column("granted_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "project",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("methodology_id", sa.String(40), nullable=False),
        sa.Column("methodology_version", sa.String(24), nullable=False),
        sa.Column("sectoral_scope", sa.String(2), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.String(160), primary_key=True),
        sa.Column("project_id", sa.String(40), sa.ForeignKey("project.id"), nullable=False),
        sa.Column("period_id", sa.String(40), nullable=True),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", BIG, nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("uploaded_by", sa.String(120), nullable=False),
        sa.Column("uploaded_at", sa.String(32), nullable=False),
        sa.CheckConstraint("variant IN ('public','confidential')", name="ck_document_variant"),
        sa.CheckConstraint("version >= 1", name="ck_document_version"),
        sa.CheckConstraint("size_bytes >= 1", name="ck_document_size"),
        sa.CheckConstraint("length(sha256) = 64", name="ck_document_sha256"),
    )
    op.create_table("claim_subject", sa.Column("subject", sa.String(130), primary_key=True))
    op.create_table(
        "claim",
        sa.Column("project_id", sa.String(40), sa.ForeignKey("project.id"), primary_key=True),
        sa.Column("period_id", sa.String(40), primary_key=True),
        sa.Column("subject", sa.String(130), sa.ForeignKey("claim_subject.subject"), primary_key=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.CheckConstraint("start_date <= end_date", name="ck_claim_dates"),
    )
    op.create_table(
        "period_issuance",
        sa.Column("project_id", sa.String(40), sa.ForeignKey("project.id"), primary_key=True),
        sa.Column("period_id", sa.String(40), primary_key=True),
        sa.Column("decision_id", sa.String(80), nullable=False, unique=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.Column("issued_at", sa.String(32), nullable=True),
        sa.Column("shares", sa.Text(), nullable=True),
        sa.CheckConstraint("(issued_at IS NULL) = (shares IS NULL)", name="ck_period_issuance_issued"),
    )
    op.create_table(
        "cycle_request_outcome",
        sa.Column("idempotency_key", sa.String(128), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
    )


def _postgresql_guards() -> None:
    for table in APPEND_ONLY:  # setu_append_only() comes with 0001
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION setu_append_only()"
        )
    op.execute(
        "CREATE FUNCTION setu_period_issued_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'period_issuance: DELETE refused'; END IF;"
        " IF OLD.issued_at IS NOT NULL THEN"
        " RAISE EXCEPTION 'period_issuance: period % of % is already issued', OLD.period_id, OLD.project_id; END IF;"
        " IF NEW.issued_at IS NULL OR (NEW.project_id, NEW.period_id, NEW.decision_id, NEW.decision, NEW.decided_at)"
        " IS DISTINCT FROM (OLD.project_id, OLD.period_id, OLD.decision_id, OLD.decision, OLD.decided_at) THEN"
        " RAISE EXCEPTION 'period_issuance: only the issuance may be recorded'; END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER period_issuance_once BEFORE UPDATE OR DELETE ON period_issuance"
        " FOR EACH ROW EXECUTE FUNCTION setu_period_issued_once()"
    )


def _sqlite_guards() -> None:
    for table in APPEND_ONLY:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op_name} refused'); END"
            )
    op.execute(
        "CREATE TRIGGER period_issuance_once BEFORE UPDATE ON period_issuance"
        " WHEN OLD.issued_at IS NOT NULL OR NEW.issued_at IS NULL OR NEW.project_id IS NOT OLD.project_id"
        " OR NEW.period_id IS NOT OLD.period_id OR NEW.decision_id IS NOT OLD.decision_id"
        " OR NEW.decision IS NOT OLD.decision OR NEW.decided_at IS NOT OLD.decided_at"
        " BEGIN SELECT RAISE(ABORT, 'period_issuance: a period is issued once and its decision never changes'); END"
    )
    op.execute(
        "CREATE TRIGGER period_issuance_no_delete BEFORE DELETE ON period_issuance"
        " BEGIN SELECT RAISE(ABORT, 'period_issuance: DELETE refused'); END"
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS setu_period_issued_once()")
