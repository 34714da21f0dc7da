"""The on-disk index cache: built once per set of list versions, loaded in a second after that.

Cache files live in ``<data_dir>/index/<fingerprint>.idx``. The fingerprint covers the list
versions (source, number, content hash) and the code that prepares and indexes names, so loading
new list versions or upgrading the matcher makes a new index; stale files are removed.

Preparing entities is most of the cost of a build, and a new list version changes few of them:
a build reuses the prepared entities of the index it replaces (same code, same entity content
hash) and prepares only the others, fetching only those from the store.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sanctionwatch.errors import ConfigurationError
from sanctionwatch.index.entity_store import unpack
from sanctionwatch.index.name_index import FORMAT_VERSION, NameIndex, Provenance, reusable_entities
from sanctionwatch.index.preparation import prepare_packed
from sanctionwatch.model import Entity

log = logging.getLogger(__name__)

# Packages whose code decides what the index holds: a change in any of them invalidates caches.
_CODE_PACKAGES = ("sanctionwatch.names", "sanctionwatch.match", "sanctionwatch.index")
_SUFFIX = ".idx"


class VersionLike(Protocol):
    """What the fingerprint needs of a :class:`~sanctionwatch.store.ListVersion`."""

    @property
    def source(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def content_hash(self) -> str: ...


class KeyedEntities(Protocol):
    """Entities to index, each known by a content key (equal keys: equal entities)."""

    def keys(self) -> list[str]:
        """The key of every entity, in index order."""

    def fetch(self, keys: Collection[str]) -> Mapping[str, Entity]:
        """The entities with these keys."""


@dataclass(slots=True, frozen=True)
class EntityList:
    """Entities in memory as :class:`KeyedEntities` (keyed by their content hash)."""

    entities: Sequence[Entity]

    def keys(self) -> list[str]:
        return [entity.content_hash for entity in self.entities]

    def fetch(self, keys: Collection[str]) -> dict[str, Entity]:
        wanted = set(keys)
        return {entity.content_hash: entity for entity in self.entities if entity.content_hash in wanted}


def code_digest() -> str:
    """SHA-256 over the source of the packages that prepare and index names."""
    digest = hashlib.sha256(f"format={FORMAT_VERSION}".encode())
    for package in _CODE_PACKAGES:
        module = importlib.import_module(package)
        root = Path(module.__file__ or "").parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(versions: Iterable[VersionLike]) -> str:
    """Identity of an index built from these list versions with this code (hex, 32 chars)."""
    digest = hashlib.sha256(code_digest().encode())
    for source, number, content in sorted((v.source, v.number, v.content_hash) for v in versions):
        digest.update(f"|{source}:{number}:{content}".encode())
    return digest.hexdigest()[:32]


def cached_index(directory: Path, key: str, entities: KeyedEntities) -> NameIndex:
    """The index for ``key``: loaded from ``directory`` if cached, else built from ``entities``
    and saved there (replacing the indexes of older list versions, whose prepared entities it
    reuses where their content is unchanged)."""
    path = directory / f"{key}{_SUFFIX}"
    if path.exists():
        try:
            return NameIndex.load(path)
        except (ConfigurationError, OSError) as exc:
            # A damaged or outdated cache is only a cache: rebuild it.
            log.warning("index cache %s unreadable (%s); rebuilding", path, exc)
    build_index(entities, key, _reusable(directory, path)).save(path)
    for old in directory.glob(f"*{_SUFFIX}"):
        if old != path:
            old.unlink(missing_ok=True)
    # Screen with the loaded form: it unpickles entities on demand, so it holds far less memory
    # than the index fresh from building.
    return NameIndex.load(path)


def build_index(entities: KeyedEntities, key: str, reuse: Mapping[str, bytes]) -> NameIndex:
    """Index ``entities``, preparing only those whose key is not in ``reuse`` (key -> packed
    prepared entity, from an index built by this code)."""
    keys = entities.keys()
    missing = sorted({k for k in keys if k not in reuse})
    fetched = entities.fetch(missing) if missing else {}
    lost = [k for k in missing if k not in fetched]
    if lost:
        raise ConfigurationError(f"{len(lost)} entities to index are missing (first: {lost[0]})")
    fresh = dict(zip(missing, prepare_packed([fetched[k] for k in missing]), strict=True))
    del fetched  # the list entities themselves are not needed any more
    blobs = [fresh.get(k) or reuse[k] for k in keys]
    prepared = (unpack(blob) for blob in blobs)  # a stream: never all unpacked at once
    log.info("index %s: %d entities prepared, %d reused", key, len(missing), len(keys) - len(missing))
    return NameIndex.from_prepared(prepared, key, blobs, Provenance(keys, code_digest()))


def _reusable(directory: Path, path: Path) -> dict[str, bytes]:
    """The prepared entities of the newest other index in ``directory`` (see :func:`build_index`)."""
    others = sorted((p for p in directory.glob(f"*{_SUFFIX}") if p != path), key=_age)
    return reusable_entities(others[0], code_digest()) if others else {}


def _age(path: Path) -> float:
    """Seconds since ``path`` was written (infinite if it is gone meanwhile)."""
    try:
        return -path.stat().st_mtime
    except OSError:
        return float("inf")
