"""Cases remember a safety concern; mediators no longer carry a role.

The role (mediator or advocate, and the party represented) lives in the conversation,
where it is used; it was never written here, so the columns held only defaults. A safety
concern is a state of the case: it outlives one conversation and one situation, until the
mediator says it is resolved or starts a new case.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("safety_concern", sa.Boolean(), nullable=False,
                                   server_default=sa.text("false")))
    with op.batch_alter_table("mediators") as batch:
        batch.drop_constraint(op.f("ck_mediators_role"), type_="check")
        batch.drop_column("represented_party")
        batch.drop_column("role")


def downgrade() -> None:
    with op.batch_alter_table("mediators") as batch:
        batch.add_column(sa.Column("role", sa.String(length=16), nullable=False,
                                   server_default="mediator"))
        batch.add_column(sa.Column("represented_party", sa.String(length=200), nullable=True))
        batch.create_check_constraint(op.f("ck_mediators_role"), "role IN ('mediator', 'advocate')")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("safety_concern")
