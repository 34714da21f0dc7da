"""The on-disk index cache: built once per set of list versions, loaded in a second after that.

Cache files live in ``<data_dir>/index/<fingerprint>.idx``. The fingerprint covers the list
versions (source, number, content hash) and the code that prepares and indexes names, so loading
new list versions or upgrading the matcher makes a new index; stale files are removed.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from sanctionwatch.errors import ConfigurationError
from sanctionwatch.index.name_index import FORMAT_VERSION, NameIndex
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


def cached_index(directory: Path, key: str, entities: Callable[[], Iterable[Entity]]) -> NameIndex:
    """The index for ``key``: loaded from ``directory`` if cached, else built from ``entities()``
    and saved there (replacing the indexes of older list versions)."""
    path = directory / f"{key}{_SUFFIX}"
    if path.exists():
        try:
            return NameIndex.load(path)
        except (ConfigurationError, OSError) as exc:
            # A damaged or outdated cache is only a cache: rebuild it.
            log.warning("index cache %s unreadable (%s); rebuilding", path, exc)
    NameIndex.build(entities(), fingerprint=key).save(path)
    for old in directory.glob(f"*{_SUFFIX}"):
        if old != path:
            old.unlink(missing_ok=True)
    # Screen with the loaded form: it unpickles entities on demand, so it holds far less memory
    # than the index fresh from building.
    return NameIndex.load(path)
