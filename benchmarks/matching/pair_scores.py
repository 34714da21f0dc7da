"""The pairs every algorithm scores, and sanctionwatch's scores for them.

Positive pairs are (query, the entity it was made from). Negative pairs are (negative query, each
of its top candidates from our index): the entities a screening system would actually compare it
with. The same pairs file goes to every algorithm.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sanctionwatch.index import NameIndex
from sanctionwatch.match import Matcher, prepare
from sanctionwatch.model import Entity
from sanctionwatch.model.ftm import to_ftm

from .cases import Case
from .screening import query_entity


@dataclass(slots=True, frozen=True)
class Pair:
    id: str
    case_id: str
    entity_id: str


def build_pairs(cases: Sequence[Case], index: NameIndex, per_negative: int) -> list[Pair]:
    """One pair per positive; ``per_negative`` top candidates per negative."""
    pairs: list[Pair] = []
    for case in cases:
        if case.kind == "positive" and case.target is not None:
            pairs.append(Pair(f"{case.id}:{case.target}", case.id, case.target))
            continue
        query = prepare(query_entity(case.to_dict()))
        for candidate in index.candidates(query, per_negative):
            pairs.append(Pair(f"{case.id}:{candidate.entity.id}", case.id, candidate.entity.id))
    return pairs


def write_pairs(
    path: Path, pairs: Sequence[Pair], cases: Mapping[str, Case], entities: Mapping[str, Entity]
) -> None:
    """The pairs as FtM JSON lines for the peers (a list entity as sanctionwatch exports it)."""
    exported: dict[str, dict[str, object]] = {}
    with path.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            if pair.entity_id not in exported:
                exported[pair.entity_id] = to_ftm(entities[pair.entity_id])[0]
            line = {"id": pair.id, "query": cases[pair.case_id].ftm(), "candidate": exported[pair.entity_id]}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


@dataclass(slots=True, frozen=True)
class OurScores:
    scores: dict[str, float]
    seconds: float  # CPU seconds for prepare (both sides) + compare over all pairs
    threshold: float


def score_ours(
    pairs: Sequence[Pair], cases: Mapping[str, Case], entities: Mapping[str, Entity], matcher: Matcher
) -> OurScores:
    """Our score for every pair, timed like ``sanctionwatch.compare`` (both sides prepared per pair)."""
    queries = {case_id: query_entity(case.to_dict()) for case_id, case in cases.items()}
    scores: dict[str, float] = {}
    started = time.process_time()
    for pair in pairs:
        result = matcher.compare(prepare(queries[pair.case_id]), prepare(entities[pair.entity_id]))
        scores[pair.id] = result.score
    return OurScores(scores, time.process_time() - started, matcher.config.threshold)
