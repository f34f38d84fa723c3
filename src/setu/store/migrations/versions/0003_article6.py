"""Article 6 records: cooperative approaches per registry, authorizations with versions and totals,
authorized entities, NDC definitions per Party (versions).

Versions, approaches and entities are append-only (triggers); `a6_authorization` changes only its
latest version, revocation date and running totals.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = ("a6_approach", "a6_authorization_version", "a6_entity", "a6_ndc")
TABLES = ("a6_ndc", "a6_entity", "a6_authorization_version", "a6_authorization", "a6_approach")


def upgrade() -> None:
    op.create_table(
        "a6_approach",
        sa.Column("registry_code", sa.String(5), sa.ForeignKey("registry.code"), primary_key=True),
        sa.Column("cooperative_approach_id", sa.String(6), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_table(
        "a6_authorization",
        sa.Column("authorization_id", sa.String(80), primary_key=True),
        sa.Column("party", sa.String(3), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("revoked_on", sa.String(10), nullable=True),
        sa.Column("authorized_total", sa.BigInteger(), nullable=False),
        sa.Column("first_transferred_total", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("latest_version >= 1", name="ck_a6_authorization_version"),
        sa.CheckConstraint("authorized_total >= 0 AND first_transferred_total >= 0", name="ck_a6_authorization_totals"),
    )
    op.create_table(
        "a6_authorization_version",
        sa.Column("authorization_id", sa.String(80), sa.ForeignKey("a6_authorization.authorization_id"),
                  primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_table(
        "a6_entity",
        sa.Column("cooperative_approach_id", sa.String(6), primary_key=True),
        sa.Column("entity_id", sa.String(80), primary_key=True),
        sa.Column("party", sa.String(3), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_table(
        "a6_ndc",
        sa.Column("party", sa.String(3), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("version >= 1", name="ck_a6_ndc_version"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION setu_a6_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
                       " FOR EACH ROW EXECUTE FUNCTION setu_a6_append_only()")
    else:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}"
                           f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS setu_a6_append_only()")
