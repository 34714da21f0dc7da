"""API keys and the append-only audit trail of screenings.

``api_keys`` holds only the SHA-256 of each key (and a public prefix to name it). ``screenings`` and
``screening_alerts`` are append-only: the database itself rejects UPDATE and DELETE on them
(PostgreSQL: a trigger function raising an exception, also on TRUNCATE; SQLite: RAISE(ABORT)).

Revision ID: 0002_audit_keys
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_audit_keys"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("screenings", "screening_alerts")
MESSAGE = "audit trail is append-only"


def upgrade() -> None:
    _api_keys()
    _screenings()
    _screening_alerts()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()


def _api_keys() -> None:
    op.create_table(
        "api_keys",
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("prefix", name="pk_api_keys"),
    )


def _screenings() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_prefix", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("endpoint", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("list_versions", sa.Text(), nullable=False),
        sa.Column("lists", sa.Text(), nullable=True),
        sa.Column("engine_version", sa.String(length=100), nullable=False),
        sa.Column("matcher_config", sa.String(length=64), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("result_limit", sa.Integer(), nullable=False),
        sa.Column("alert_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
    )
    op.create_index("ix_screenings_received_at", "screenings", ["received_at", "id"])
    op.create_index("ix_screenings_key_prefix", "screenings", ["key_prefix", "received_at"])


def _screening_alerts() -> None:
    op.create_table(
        "screening_alerts",
        sa.Column("screening_id", sa.String(length=64), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("query_id", sa.String(length=255), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("schema", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("matched_name", sa.Text(), nullable=False),
        sa.Column("query_name", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"], ["screenings.id"], name="fk_screening_alerts_screening_id_screenings"
        ),
        sa.PrimaryKeyConstraint("screening_id", "rank", name="pk_screening_alerts"),
    )
    op.create_index("ix_screening_alerts_entity_id", "screening_alerts", ["entity_id"])


def _postgresql_guards() -> None:
    op.execute(
        "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
        )


def _sqlite_guards() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade() -> None:
    # Dropping the tables drops their triggers on both backends.
    op.drop_index("ix_screening_alerts_entity_id", table_name="screening_alerts")
    op.drop_table("screening_alerts")
    op.drop_index("ix_screenings_key_prefix", table_name="screenings")
    op.drop_index("ix_screenings_received_at", table_name="screenings")
    op.drop_table("screenings")
    op.drop_table("api_keys")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_append_only()")
