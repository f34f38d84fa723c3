"""Share-of-proceeds accounts and Parties' Article 6 standing.

- `account.type` admits `share-of-proceeds`: a terminal account (held for the Adaptation Fund) that
  receives units a Party transfers as a share of proceeds (decision 2/CMA.3 annex para 37).
- `a6_standing`: versions of each Party's participation record (D2 annex para 4 requirements, initial
  reports and their Article 6 technical expert reviews, and the first-transfer gates the Party applies).
  Append-only, like the NDC versions.

On SQLite a CHECK constraint is changed by rebuilding the table; `setu.store.migrate` runs migrations with
foreign-key enforcement off and checks every foreign key before it commits, as SQLite's documented
procedure for schema changes requires.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BEFORE = ("'party-holding','entity-holding','retirement','oimp-use','cancellation',"
           "'voluntary-cancellation','omge-cancellation'")
_AFTER = _BEFORE + ",'share-of-proceeds'"


def _account_types(types: str) -> None:
    with op.batch_alter_table("account", recreate="auto") as batch:
        batch.drop_constraint("ck_account_type", type_="check")
        batch.create_check_constraint("ck_account_type", f"type IN ({types})")


def upgrade() -> None:
    _account_types(_AFTER)
    op.create_table(
        "a6_standing",
        sa.Column("party", sa.String(3), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("version >= 1", name="ck_a6_standing_version"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER a6_standing_append_only BEFORE UPDATE OR DELETE ON a6_standing"
                   " FOR EACH ROW EXECUTE FUNCTION setu_a6_append_only()")
    else:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER a6_standing_no_{op_name.lower()} BEFORE {op_name} ON a6_standing"
                       " BEGIN SELECT RAISE(ABORT, 'a6_standing is append-only'); END")


def downgrade() -> None:
    op.drop_table("a6_standing")
    _account_types(_BEFORE)
