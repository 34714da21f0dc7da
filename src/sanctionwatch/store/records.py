"""Entity records as the store keeps them: canonical JSON addressed by its SHA-256.

A version is prepared (serialised, hashed, checked) before any transaction starts, so a bad input
fails without touching the database.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sanctionwatch.errors import InputError, Location, Problem
from sanctionwatch.model import Entity
from sanctionwatch.store.versions import version_content_hash


@dataclass(slots=True, frozen=True)
class EntityRecord:
    """One entity's canonical JSON (``Entity.to_json``) and the SHA-256 that addresses it."""

    entity_id: str
    schema: str
    content_hash: str
    data: str


@dataclass(slots=True, frozen=True)
class PreparedVersion:
    records: tuple[EntityRecord, ...]
    content_hash: str  # of the version: sorted (entity id, record hash) pairs


def entity_record(entity: Entity) -> EntityRecord:
    """The record of ``entity``; its hash equals ``entity.content_hash``."""
    data = entity.to_json()
    return EntityRecord(entity.id, entity.schema.value, hashlib.sha256(data).hexdigest(), data.decode())


def prepare_version(source: str, entities: Sequence[Entity]) -> PreparedVersion:
    """Records of a version's entities; InputError listing every duplicate id and foreign entity."""
    problems = _problems(source, entities)
    if problems:
        raise InputError(
            f"cannot record a version of {source!r}: {len(problems)} bad entit"
            f"{'y' if len(problems) == 1 else 'ies'} (first: {problems[0]})",
            problems=tuple(problems),
        )
    records = tuple(entity_record(entity) for entity in entities)
    return PreparedVersion(records, version_content_hash((r.entity_id, r.content_hash) for r in records))


def _problems(source: str, entities: Sequence[Entity]) -> list[Problem]:
    problems: list[Problem] = []
    counts = Counter(entity.id for entity in entities)
    for entity_id, count in sorted(counts.items()):
        if count > 1:
            location = Location(file=source, record=entity_id, field="id")
            problems.append(Problem(location, f"entity id occurs {count} times in one version"))
    for entity in entities:
        if entity.source != source:
            location = Location(file=source, record=entity.id, field="source")
            problems.append(Problem(location, f"entity belongs to list {entity.source!r}, not {source!r}"))
    return problems
