"""A case's safety is a state, not a flag: concern open, safe for now (shuttle only), or
screened with no concern; with the risk type and the person at risk the replies speak of.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STATES = "safety_state IS NULL OR safety_state IN ('open', 'shuttle_only', 'screened_clear')"


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("safety_state", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("safety_risk", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("safety_who", sa.String(length=200), nullable=True))
    op.execute("UPDATE cases SET safety_state = 'open' WHERE safety_concern")
    with op.batch_alter_table("cases") as batch:
        batch.create_check_constraint(op.f("ck_cases_safety_state"), STATES)
        batch.drop_column("safety_concern")


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("safety_concern", sa.Boolean(), nullable=False,
                                   server_default=sa.text("false")))
    op.execute("UPDATE cases SET safety_concern = true WHERE safety_state IN ('open', 'shuttle_only')")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("ck_cases_safety_state"), type_="check")
        batch.drop_column("safety_who")
        batch.drop_column("safety_risk")
        batch.drop_column("safety_state")
