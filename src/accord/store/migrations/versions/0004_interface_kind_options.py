"""interface kind options

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing interfaces keep their kind's defaults: no options.
    with op.batch_alter_table("interfaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind_options", sa.JSON(), server_default="{}",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("interfaces", schema=None) as batch_op:
        batch_op.drop_column("kind_options")
