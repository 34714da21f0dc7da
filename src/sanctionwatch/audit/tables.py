"""The audit trail's tables (created by migration ``0002_audit_keys``; a test checks they agree).

Both are append-only: the migration installs triggers that make the database reject UPDATE and
DELETE, and no code path issues them. JSON values are stored as text (serialised with orjson).
"""

from __future__ import annotations

import sqlalchemy as sa

from sanctionwatch.store.schema import NAMING_CONVENTION

METADATA = sa.MetaData(naming_convention=NAMING_CONVENTION)

screenings = sa.Table(
    "screenings",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_prefix", sa.String(16), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("endpoint", sa.String(200), nullable=False),
    sa.Column("query", sa.Text, nullable=False),  # JSON: the request as received
    sa.Column("list_versions", sa.Text, nullable=False),  # JSON: {list key: version number}
    sa.Column("lists", sa.Text, nullable=True),  # JSON array of list keys screened; NULL: all
    sa.Column("engine_version", sa.String(100), nullable=False),
    sa.Column("matcher_config", sa.String(64), nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("result_limit", sa.Integer, nullable=False),
    sa.Column("alert_count", sa.Integer, nullable=False),
    sa.Index("ix_screenings_received_at", "received_at", "id"),
    sa.Index("ix_screenings_key_prefix", "key_prefix", "received_at"),
)

screening_alerts = sa.Table(
    "screening_alerts",
    METADATA,
    sa.Column("screening_id", sa.String(64), sa.ForeignKey("screenings.id"), primary_key=True),
    sa.Column("rank", sa.Integer, primary_key=True),  # order of the alert within the screening
    sa.Column("query_id", sa.String(255), nullable=False),
    sa.Column("entity_id", sa.String(255), nullable=False, index=True),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("source_id", sa.String(255), nullable=False),
    sa.Column("schema", sa.String(32), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("matched_name", sa.Text, nullable=False),
    sa.Column("query_name", sa.Text, nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),  # JSON
)
