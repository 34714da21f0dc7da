"""The versioned store: every version of every list, content-addressed, on SQLite or PostgreSQL."""

from sanctionwatch.store.delta import EntityChange, FieldChange, ListDelta, entity_changes
from sanctionwatch.store.store import Store
from sanctionwatch.store.versions import EntityAppearance, ListVersion, RecordResult, VersionMeta

__all__ = [
    "EntityAppearance",
    "EntityChange",
    "FieldChange",
    "ListDelta",
    "ListVersion",
    "RecordResult",
    "Store",
    "VersionMeta",
    "entity_changes",
]
