"""The store's tables (SQLAlchemy 2 declarative, typed).

Entity records are content-addressed: a record is keyed by the SHA-256 of the entity's canonical
JSON, so a new version of a list stores only the records that changed plus one membership row per
entity. Versions are never deleted; history is kept forever.

The Alembic migrations in ``store/migrations/versions`` create exactly these tables; a test checks
that the two agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names, so later migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ListVersionRow(Base):
    """One recorded publication of one list."""

    __tablename__ = "list_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published: Mapped[str | None] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, Any]] = mapped_column(JSON)
    http: Mapped[dict[str, Any]] = mapped_column(JSON)
    stated_count: Mapped[int | None] = mapped_column(Integer)
    entity_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        UniqueConstraint("source", "number", name="uq_list_versions_source_number"),
        # At most one active version per list, enforced by the database itself.
        Index(
            "uq_list_versions_active_source",
            "source",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )


class EntityRecordRow(Base):
    """One distinct content of one entity, keyed by the SHA-256 of its canonical JSON."""

    __tablename__ = "entity_records"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(255))
    schema: Mapped[str] = mapped_column(String(32))
    # The exact canonical JSON that was hashed (Entity.to_json), kept as text so records stay verifiable
    # and are parsed with orjson rather than the driver's JSON decoder.
    data: Mapped[str] = mapped_column(Text)


class VersionMemberRow(Base):
    """Entity ``entity_id`` is in version ``version_id`` with content ``content_hash``."""

    __tablename__ = "version_members"

    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    content_hash: Mapped[str] = mapped_column(ForeignKey("entity_records.content_hash"))

    __table_args__ = (
        # get_entity / entity_history look an entity up across versions.
        Index("ix_version_members_entity_id", "entity_id", "version_id"),
    )
