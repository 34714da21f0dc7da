"""The entities of some list versions as the index cache reads them: by content hash, fetched
from the database only when an index must prepare them anew."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sanctionwatch.model import Entity
from sanctionwatch.store.store import Store
from sanctionwatch.store.versions import ListVersion


@dataclass(slots=True, frozen=True)
class StoredEntities:
    """The members of ``versions`` (in that order, each version's by entity id), keyed by the
    content hash of their record (see :class:`sanctionwatch.index.cache.KeyedEntities`)."""

    store: Store
    versions: Sequence[ListVersion]

    def keys(self) -> list[str]:
        keys: list[str] = []
        for version in self.versions:
            hashes = self.store.member_hashes(version)
            keys.extend(hashes[entity_id] for entity_id in sorted(hashes))
        return keys

    def fetch(self, keys: Collection[str]) -> dict[str, Entity]:
        return self.store.records(keys)
