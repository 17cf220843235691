"""Users from Telegram: `telegram_id` (unique), `email` optional, and one of the two required.

Alembic's autogenerate does not compare check constraints, so `ck_users_reachable` was added
to what `nox -s makemigration` wrote. Downgrading fails while users without an email exist:
0001 cannot hold them (give them an email or delete them first).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 16:50:05.473945
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `telegram_id`, let `email` be empty, and require one of the two."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_id", sa.BigInteger(), nullable=True))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=320), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_users_telegram_id"), ["telegram_id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_users_reachable"), "email IS NOT NULL OR telegram_id IS NOT NULL"
        )


def downgrade() -> None:
    """Drop `telegram_id` and require `email` again."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_reachable"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_users_telegram_id"), type_="unique")
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=320), nullable=False)
        batch_op.drop_column("telegram_id")
