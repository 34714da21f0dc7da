"""Versions of a list: what is recorded about each publication, and how its content is hashed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sanctionwatch.model import Entity


@dataclass(slots=True, frozen=True)
class VersionMeta:
    """What the update pipeline knows about a publication besides its entities."""

    fetched_at: datetime  # tz-aware
    origin: str  # URL or local path the files came from
    format: str  # parser key (sources.registry)
    published: str | None = None  # ISO date/datetime the list states for itself
    files: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256
    http: Mapping[str, str] = field(default_factory=dict)  # "etag", "last_modified", "url"
    stated_count: int | None = None  # entry count the file states (OFAC Record_Count)


@dataclass(slots=True, frozen=True)
class ListVersion:
    """One recorded version of one list (numbered 1, 2, 3... per list)."""

    id: int
    source: str
    number: int
    fetched_at: datetime
    published: str | None
    origin: str
    format: str
    files: dict[str, str]
    http: dict[str, str]
    stated_count: int | None
    entity_count: int
    content_hash: str
    active: bool

    @property
    def label(self) -> str:
        """``ofac_sdn v3``: how the CLI and reports name a version."""
        return f"{self.source} v{self.number}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "source": self.source,
            "number": self.number,
            "fetched_at": self.fetched_at.isoformat(),
            "published": self.published,
            "origin": self.origin,
            "format": self.format,
            "files": dict(self.files),
            "http": dict(self.http),
            "stated_count": self.stated_count,
            "entity_count": self.entity_count,
            "content_hash": self.content_hash,
            "active": self.active,
        }


@dataclass(slots=True, frozen=True)
class RecordResult:
    """Outcome of recording: the version now active, and whether it was newly created."""

    version: ListVersion
    created: bool  # False when the content equalled the active version's (nothing was written)


@dataclass(slots=True, frozen=True)
class EntityAppearance:
    """An entity as it stood in one version of its list."""

    version: ListVersion
    content_hash: str
    entity: Entity


def version_content_hash(members: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over the sorted (entity id, entity content hash) pairs of a version."""
    digest = hashlib.sha256()
    for entity_id, content_hash in sorted(members):
        digest.update(f"{entity_id}\t{content_hash}\n".encode())
    return digest.hexdigest()
