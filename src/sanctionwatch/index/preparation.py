"""Preparing every list entity for the index, on several processes when the lists are large.

``prepare`` (normalisation, transliteration, keys) is most of the cost of building an index.
Worker processes are forked, so they inherit the entities instead of receiving them pickled; each
returns its entities packed (:mod:`.entity_store`), which the index stores as they are, and the
parent unpacks them (fast) to index their names.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

from sanctionwatch.index.entity_store import pack, unpack
from sanctionwatch.match import PreparedEntity, prepare
from sanctionwatch.model import Entity

#: Fewer entities are prepared in-process: starting workers would cost more than it saves.
PARALLEL_MINIMUM = 4_000
#: Entities per task handed to a worker.
CHUNK = 1_000
#: Most worker processes used by default.
DEFAULT_WORKERS = 2

# The entities of the build under way, inherited by forked workers (never pickled).
_PENDING: list[Sequence[Entity]] = []


def _prepare_range(bounds: tuple[int, int]) -> list[bytes]:
    entities = _PENDING[-1]
    return [pack(prepare(entity)) for entity in entities[bounds[0] : bounds[1]]]


def _worker_count(workers: int | None, size: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        return min(DEFAULT_WORKERS, os.cpu_count() or 1) if size >= PARALLEL_MINIMUM else 1
    return max(1, min(workers, size))


def prepare_all(
    entities: Sequence[Entity], workers: int | None = None
) -> tuple[list[PreparedEntity], list[bytes]]:
    """Every entity prepared, and packed, in order; on ``workers`` processes (default: up to
    :data:`DEFAULT_WORKERS` when there are at least :data:`PARALLEL_MINIMUM` entities)."""
    if _worker_count(workers, len(entities)) <= 1:
        prepared = [prepare(entity) for entity in entities]
        return prepared, [pack(entity) for entity in prepared]
    blobs = prepare_packed(entities, workers)
    return [unpack(blob) for blob in blobs], blobs


def prepare_packed(entities: Sequence[Entity], workers: int | None = None) -> list[bytes]:
    """Every entity prepared and packed, in order (as :func:`prepare_all`, without holding the
    prepared entities: the caller unpacks them one at a time)."""
    count = _worker_count(workers, len(entities))
    if count <= 1:
        return [pack(prepare(entity)) for entity in entities]
    chunk = min(CHUNK, -(-len(entities) // count))
    bounds = [(start, min(start + chunk, len(entities))) for start in range(0, len(entities), chunk)]
    blobs: list[bytes] = []
    _PENDING.append(entities)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            for packed in pool.imap(_prepare_range, bounds):
                blobs.extend(packed)
    finally:
        _PENDING.pop()
    return blobs
