"""The ``api_keys`` table (created by migration ``0002_audit_keys``; a test checks they agree)."""

from __future__ import annotations

import sqlalchemy as sa

from sanctionwatch.store.schema import NAMING_CONVENTION

METADATA = sa.MetaData(naming_convention=NAMING_CONVENTION)

api_keys = sa.Table(
    "api_keys",
    METADATA,
    sa.Column("prefix", sa.String(16), primary_key=True),  # public: shown in lists and logs
    sa.Column("sha256", sa.String(64), nullable=False),  # hex digest of the full key; never the key
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)
