"""Keeping the per-process caches of name functions within a memory budget while the server runs.

The name and matching code remembers the results of its pure functions per token
(``functools.lru_cache``: phonetic keys, spellings, readings, token facts, legal words), with room
for up to 200,000 tokens each, sized for batch runs over whole lists. A server sees new query
tokens all day: measured on all lists with queries carrying one unseen token each, a worker grew
by 700 MB over 160,000 queries (2 million cache entries, about 250 bytes each) and was still
growing. So every few seconds any such cache holding more than :data:`MAX_ENTRIES` is emptied:
memory stays bounded, while the tokens of a busy period (and of repeated names) are still served
from the caches.

Emptying rather than shrinking: ``lru_cache`` offers nothing else, and refilling is cheap (a
miss costs microseconds; each query brings a handful of tokens).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, Protocol

#: Most entries a name cache may hold before it is emptied (the load benchmark's 4,000 names fill
#: the largest to about 16,000). At about 250 bytes an entry, the ~16 big caches stay below
#: ~100 MB per process together.
MAX_ENTRIES = 25_000
#: The packages whose module-level caches are watched.
PACKAGES = ("sanctionwatch.names", "sanctionwatch.match", "sanctionwatch.index", "sanctionwatch.screen")


class _CacheInfo(Protocol):
    @property
    def currsize(self) -> int: ...


class _Cached(Protocol):
    def cache_info(self) -> _CacheInfo: ...
    def cache_clear(self) -> None: ...


class NameCaches:
    """The ``lru_cache`` functions of :data:`PACKAGES` (found among the loaded modules)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, packages: tuple[str, ...] = PACKAGES) -> None:
        self.max_entries = max_entries
        self._packages = packages
        self._caches: list[_Cached] = []

    def find(self) -> int:
        """Look the caches up (once the screening code is imported); how many were found."""
        found: dict[int, _Cached] = {}
        for module in _modules(self._packages):
            for value in vars(module).values():
                if _is_lru_cache(value):
                    found[id(value)] = value
        self._caches = list(found.values())
        return len(self._caches)

    def entries(self) -> int:
        """Entries held by all the caches now."""
        return sum(cache.cache_info().currsize for cache in self._caches)

    def trim(self) -> int:
        """Empty every cache over the limit; the entries dropped."""
        dropped = 0
        for cache in self._caches:
            size = cache.cache_info().currsize
            if size > self.max_entries:
                cache.cache_clear()
                dropped += size
        return dropped


def _modules(packages: tuple[str, ...]) -> Iterator[Any]:
    for name, module in list(sys.modules.items()):
        if module is not None and name.startswith(packages):
            yield module


def _is_lru_cache(value: object) -> bool:
    if isinstance(value, type) or not callable(getattr(value, "cache_clear", None)):
        return False
    info: Callable[[], object] | None = getattr(value, "cache_info", None)
    try:
        return callable(info) and hasattr(info(), "currsize")
    except TypeError:  # a method of something else that happens to share the name
        return False
