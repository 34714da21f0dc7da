"""Comparing given pairs of entities (``sanctionwatch compare`` and :func:`sanctionwatch.compare`).

Each input line is ``{"id", "query": {"schema", "properties"}, "candidate": {"schema", "properties"}}``
with FtM property names; each output line ``{"id", "score", "match", "explanation"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from sanctionwatch.errors import Location, Problem
from sanctionwatch.match import Matcher, MatchResult, prepare
from sanctionwatch.model import Entity
from sanctionwatch.screen.batch import Chunk, ChunkResult
from sanctionwatch.screen.query import LISTED_INTAKE, QUERY_INTAKE, Intake, QueryError
from sanctionwatch.screen.query_file import QueryFile, RawQuery, parse_entity_dict


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher with the default configuration and no corpus statistics."""
    return Matcher()


def as_entity(
    value: Entity | Mapping[str, Any], role: str = "entity", intake: Intake = QUERY_INTAKE
) -> Entity:
    """An Entity as is, or an FtM-style dict ``{"schema", "properties": {...}}`` as an Entity."""
    if isinstance(value, Entity):
        return value
    return parse_entity_dict(dict(value), Location(role), intake)


def compare_pair(
    query: Entity | Mapping[str, Any], candidate: Entity | Mapping[str, Any], matcher: Matcher | None = None
) -> MatchResult:
    """Score how well ``candidate`` matches ``query`` (see :func:`sanctionwatch.compare`)."""
    matcher = matcher or default_matcher()
    listed = as_entity(candidate, "candidate", LISTED_INTAKE)
    return matcher.compare(prepare(as_entity(query, "query")), prepare(listed))


@dataclass(slots=True, frozen=True)
class CompareTask:
    """Comparing the pairs of one chunk of a pairs file (the work of ``compare`` batches)."""

    matcher: Matcher

    def __call__(self, source: QueryFile, chunk: Chunk) -> ChunkResult:
        rows: list[bytes] = []
        problems: list[Problem] = []
        for raw in chunk.records:
            try:
                rows.append(orjson.dumps(self._compare(source, raw)) + b"\n")
            except QueryError as exc:
                problems.append(exc.problem)
            except Exception as exc:  # one odd pair must not end the batch
                problems.append(Problem(Location(str(source.path), raw.line), f"could not compare: {exc!r}"))
        return ChunkResult(chunk.index, b"".join(rows), len(rows), tuple(problems), len(chunk.records))

    def _compare(self, source: QueryFile, raw: RawQuery) -> dict[str, Any]:
        location = Location(str(source.path), raw.line)
        if raw.oversize or not isinstance(raw.data, bytes):
            source.parse(raw)  # raises the same per-line error a query file would
            raise QueryError(Problem(location, "expected a JSON line"))
        try:
            data = orjson.loads(raw.data)
        except orjson.JSONDecodeError as exc:
            why = "not valid UTF-8" if "utf-8" in str(exc).lower() else f"malformed JSON: {exc}"
            raise QueryError(Problem(location, why)) from None
        if not isinstance(data, dict):
            raise QueryError(Problem(location, f"expected a JSON object, got {type(data).__name__}"))
        pair_id = data.get("id")
        pair_id = f"line-{raw.line}" if pair_id is None else str(pair_id)
        located = Location(location.file, location.line, pair_id)
        query = _side(data, "query", located)
        candidate = _side(data, "candidate", located)
        result = self.matcher.compare(prepare(query), prepare(candidate))
        return {
            "id": pair_id,
            "score": round(result.score, 4),
            "match": result.match,
            "explanation": result.explanation(),
        }


def _side(data: dict[str, Any], role: str, location: Location) -> Entity:
    side = data.get(role)
    if not isinstance(side, dict):
        raise QueryError(
            Problem(Location(location.file, location.line, location.record, role), "missing object")
        )
    try:
        # The candidate is a list entity: read as the list states it (many aliases, dates as text).
        intake = LISTED_INTAKE if role == "candidate" else QUERY_INTAKE
        return parse_entity_dict({"id": f"{location.record}:{role}", **side}, location, intake)
    except QueryError as exc:
        loc = exc.problem.location
        field = f"{role}.{loc.field}" if loc.field else role
        problem = Problem(Location(loc.file, loc.line, location.record, field), exc.problem.message)
        raise QueryError(problem) from None
