"""Case store: mediators, cases, notes, offered strategies.

Revision ID: 0001
Revises:
Create Date: 2025-11-26

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "mediators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_key", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("represented_party", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('mediator', 'advocate')", name=op.f("ck_mediators_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediators")),
        sa.UniqueConstraint("sender_key", name=op.f("uq_mediators_sender_key")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["mediator_id"], ["mediators.id"], ondelete="CASCADE",
                                name=op.f("fk_cases_mediator_id_mediators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_mediator_id_active", "cases", ["mediator_id", "active"])
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_index("uq_cases_one_active", "cases", ["mediator_id"], unique=True,
                    sqlite_where=sa.text("active"), postgresql_where=sa.text("active"))
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=True),
        sa.Column("review_date", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('gain', 'parked', 'homework', 'experiment')",
                           name=op.f("ck_notes_kind")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name=op.f("fk_notes_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index("ix_notes_case_id_created_at", "notes", ["case_id", "created_at"])
    op.create_table(
        "offered_strategies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("strategy", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('worked', 'failed')",
                           name=op.f("ck_offered_strategies_outcome")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name=op.f("fk_offered_strategies_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offered_strategies")),
    )
    op.create_index("ix_offered_strategies_case_id_created_at", "offered_strategies",
                    ["case_id", "created_at"])


def downgrade() -> None:
    op.drop_table("offered_strategies")
    op.drop_table("notes")
    op.drop_table("cases")
    op.drop_table("mediators")
