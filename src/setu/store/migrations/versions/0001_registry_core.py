"""Registry core: registries, accounts, serial spaces, unit blocks, decisions, journal, movements, outcomes.

Besides the tables, the database itself forbids what must never be:
- two blocks sharing a serial (PostgreSQL: an exclusion constraint over int8 ranges; SQLite: triggers
  that find the neighbouring block with an index seek);
- empty or non-positive ranges, unknown account types and states (CHECK constraints);
- blocks held by no account, or in an unknown serial space (foreign keys, NOT NULL);
- rewriting history: journal entries, movements and stored outcomes refuse UPDATE and DELETE.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BIG = sa.BigInteger()
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("journal_entry", "movement", "request_outcome")


def upgrade() -> None:
    op.create_table(
        "registry",
        sa.Column("code", sa.String(5), primary_key=True),
        sa.Column("party", sa.String(3), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("next_account_number", BIG, nullable=False),
        sa.Column("journal_head_seq", BIG, nullable=False),
        sa.Column("journal_head_hash", sa.String(64), nullable=False),
        sa.CheckConstraint("next_account_number >= 1", name="ck_registry_next_account"),
        sa.CheckConstraint("journal_head_seq >= 0", name="ck_registry_head_seq"),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("registry_code", sa.String(5), sa.ForeignKey("registry.code"), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.CheckConstraint(
            "type IN ('party-holding','entity-holding','retirement','oimp-use','cancellation',"
            "'voluntary-cancellation','omge-cancellation')",
            name="ck_account_type",
        ),
        sa.CheckConstraint("status IN ('open','suspended','closed')", name="ck_account_status"),
    )
    op.create_table(
        "serial_space",
        sa.Column("originating_registry", sa.String(5), sa.ForeignKey("registry.code"), primary_key=True),
        sa.Column("vintage_year", sa.Integer(), primary_key=True),
        sa.Column("next_serial", BIG, nullable=False),
        sa.CheckConstraint("next_serial >= 1", name="ck_serial_space_next"),
    )
    op.create_table(
        "unit_block",
        sa.Column("originating_registry", sa.String(5), primary_key=True),
        sa.Column("vintage_year", sa.Integer(), primary_key=True),
        sa.Column("serial_first", BIG, primary_key=True),
        sa.Column("serial_last", BIG, nullable=False),
        sa.Column("account_id", sa.String(24), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("unit_kind", sa.String(24), nullable=False),
        sa.Column("cooperative_approach_id", sa.String(6), nullable=False),
        sa.Column("first_transferring_party", sa.String(3), nullable=False),
        sa.Column("project_id", sa.String(80), nullable=False),
        sa.Column("monitoring_period_id", sa.String(80), nullable=False),
        sa.Column("authorization_id", sa.String(80), nullable=True),
        sa.Column("first_transferred", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["originating_registry", "vintage_year"],
            ["serial_space.originating_registry", "serial_space.vintage_year"],
            name="fk_unit_block_space",
        ),
        sa.CheckConstraint("serial_first >= 1", name="ck_unit_block_first_positive"),
        sa.CheckConstraint("serial_last >= serial_first", name="ck_unit_block_nonempty"),
        sa.CheckConstraint("unit_kind IN ('jcm-credit','mitigation-outcome','itmo')", name="ck_unit_block_kind"),
    )
    op.create_index("ix_unit_block_pick", "unit_block", ["account_id", "vintage_year", "originating_registry", "serial_first"])
    op.create_index(
        "ix_unit_block_pick_project",
        "unit_block",
        ["account_id", "project_id", "vintage_year", "originating_registry", "serial_first"],
    )
    op.create_table(
        "issuance_decision",
        sa.Column("registry_code", sa.String(5), sa.ForeignKey("registry.code"), primary_key=True),
        sa.Column("decision_id", sa.String(80), primary_key=True),
        sa.Column("project_id", sa.String(80), nullable=False),
        sa.Column("decided_quantity", BIG, nullable=False),
        sa.Column("issued_quantity", BIG, nullable=False),
        sa.CheckConstraint("decided_quantity >= 1", name="ck_decision_decided_positive"),
        sa.CheckConstraint("issued_quantity >= 0 AND issued_quantity <= decided_quantity", name="ck_decision_within"),
    )
    op.create_table(
        "journal_entry",
        sa.Column("position", AUTO, primary_key=True, autoincrement=True),
        sa.Column("registry_code", sa.String(5), sa.ForeignKey("registry.code"), nullable=False),
        sa.Column("seq", BIG, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("registry_code", "seq", name="uq_journal_registry_seq"),
        sa.CheckConstraint("seq >= 1", name="ck_journal_seq_positive"),
    )
    op.create_table(
        "movement",
        sa.Column("id", AUTO, primary_key=True, autoincrement=True),
        sa.Column("registry_code", sa.String(5), nullable=False),
        sa.Column("seq", BIG, nullable=False),
        sa.Column("event", sa.String(24), nullable=False),
        sa.Column("source", sa.String(24), nullable=True),
        sa.Column("destination", sa.String(24), nullable=False),
        sa.Column("originating_registry", sa.String(5), nullable=False),
        sa.Column("vintage_year", sa.Integer(), nullable=False),
        sa.Column("serial_first", BIG, nullable=False),
        sa.Column("serial_last", BIG, nullable=False),
        sa.ForeignKeyConstraint(
            ["registry_code", "seq"], ["journal_entry.registry_code", "journal_entry.seq"], name="fk_movement_entry"
        ),
    )
    op.create_index("ix_movement_serial", "movement", ["originating_registry", "vintage_year", "serial_first"])
    op.create_table(
        "request_outcome",
        sa.Column("registry_code", sa.String(5), primary_key=True),
        sa.Column("idempotency_key", sa.String(128), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()


def _postgresql_guards() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        "ALTER TABLE unit_block ADD CONSTRAINT ex_unit_block_no_overlap EXCLUDE USING gist"
        " (originating_registry WITH =, vintage_year WITH =, int8range(serial_first, serial_last, '[]') WITH &&)"
    )
    op.execute(
        "CREATE FUNCTION setu_block_keys_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF (NEW.originating_registry, NEW.vintage_year, NEW.serial_first)"
        " IS DISTINCT FROM (OLD.originating_registry, OLD.vintage_year, OLD.serial_first) THEN"
        " RAISE EXCEPTION 'unit_block: serial keys never change'; END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER unit_block_keys_fixed BEFORE UPDATE ON unit_block"
        " FOR EACH ROW EXECUTE FUNCTION setu_block_keys_fixed()"
    )
    op.execute(
        "CREATE FUNCTION setu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION setu_append_only()"
        )


# The block that could overlap NEW is the one with the greatest serial_first <= NEW.serial_last:
# blocks never overlap, so any other candidate ends before that one starts. One index seek.
_NEIGHBOUR = (
    "SELECT 1 FROM unit_block b WHERE b.originating_registry = NEW.originating_registry"
    " AND b.vintage_year = NEW.vintage_year AND b.serial_last >= NEW.serial_first"
    " AND b.serial_first = (SELECT max(c.serial_first) FROM unit_block c"
    " WHERE c.originating_registry = NEW.originating_registry AND c.vintage_year = NEW.vintage_year"
    " AND c.serial_first <= NEW.serial_last{exclude})"
)


def _sqlite_guards() -> None:
    op.execute(
        "CREATE TRIGGER unit_block_no_overlap_insert BEFORE INSERT ON unit_block"
        f" WHEN EXISTS ({_NEIGHBOUR.format(exclude='')})"
        " BEGIN SELECT RAISE(ABORT, 'unit_block: serial range overlaps another block'); END"
    )
    op.execute(
        "CREATE TRIGGER unit_block_no_overlap_update BEFORE UPDATE ON unit_block"
        f" WHEN EXISTS ({_NEIGHBOUR.format(exclude=' AND c.serial_first <> OLD.serial_first')})"
        " BEGIN SELECT RAISE(ABORT, 'unit_block: serial range overlaps another block'); END"
    )
    op.execute(
        "CREATE TRIGGER unit_block_keys_fixed BEFORE UPDATE OF originating_registry, vintage_year, serial_first"
        " ON unit_block BEGIN SELECT RAISE(ABORT, 'unit_block: serial keys never change'); END"
    )
    for table in APPEND_ONLY:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op_name} refused'); END"
            )


def downgrade() -> None:
    for table in ("request_outcome", "movement", "journal_entry", "issuance_decision", "unit_block",
                  "serial_space", "account", "registry"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS setu_append_only()")
        op.execute("DROP FUNCTION IF EXISTS setu_block_keys_fixed()")
