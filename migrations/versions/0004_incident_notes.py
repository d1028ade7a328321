"""Notes about a safety concern ("add a note he shouted at her and we stopped") are their own
kind, kept for the mediator only and never in what is shared.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

"""
from typing import Sequence, Union

from alembic import op

revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD = "kind IN ('gain', 'parked', 'homework', 'experiment')"
NEW = "kind IN ('gain', 'parked', 'homework', 'experiment', 'incident')"


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(op.f("ck_notes_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_notes_kind"), NEW)


def downgrade() -> None:
    op.execute("DELETE FROM notes WHERE kind = 'incident'")
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(op.f("ck_notes_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_notes_kind"), OLD)
