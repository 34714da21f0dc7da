"""Initial schema: list versions, content-addressed entity records, version membership.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.String(length=40), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=64), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("http", sa.JSON(), nullable=False),
        sa.Column("stated_count", sa.Integer(), nullable=True),
        sa.Column("entity_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_list_versions"),
        sa.UniqueConstraint("source", "number", name="uq_list_versions_source_number"),
    )
    op.create_index(
        "uq_list_versions_active_source",
        "list_versions",
        ["source"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "entity_records",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("schema", sa.String(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name="pk_entity_records"),
    )
    op.create_table(
        "version_members",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["list_versions.id"], name="fk_version_members_version_id_list_versions"
        ),
        sa.ForeignKeyConstraint(
            ["content_hash"],
            ["entity_records.content_hash"],
            name="fk_version_members_content_hash_entity_records",
        ),
        sa.PrimaryKeyConstraint("version_id", "entity_id", name="pk_version_members"),
    )
    op.create_index("ix_version_members_entity_id", "version_members", ["entity_id", "version_id"])


def downgrade() -> None:
    op.drop_index("ix_version_members_entity_id", table_name="version_members")
    op.drop_table("version_members")
    op.drop_table("entity_records")
    op.drop_index("uq_list_versions_active_source", table_name="list_versions")
    op.drop_table("list_versions")
