"""Replaying a recorded screening against exactly the list versions it was screened against.

The screener is rebuilt from the store's entities of the recorded versions (never the active
ones), the recorded query is screened again with the recorded threshold, limit and lists, and the
alerts are compared with the recorded ones by query, entity id and score (tolerance 1e-9). Rebuilt
screeners are cached per set of list versions within the process, so replaying many screenings of
one period builds each index once.

A replay reproduces the recording when the matching code and configuration are unchanged: the
result says whether the engine version (sanctionwatch version + matcher configuration hash) is the
recorded one, so a difference can be told apart from a different engine.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sanctionwatch.audit.trail import AuditTrail, RecordedScreening
from sanctionwatch.errors import InputError, Location
from sanctionwatch.model import Entity, Schema
from sanctionwatch.model.ftm import ftm_schema
from sanctionwatch.screen.alert import Alert
from sanctionwatch.screen.query import entity_from_properties, parse_schema
from sanctionwatch.screen.screener import Screener
from sanctionwatch.store import Store

SCORE_TOLERANCE = 1e-9
#: Rebuilt screeners kept per process (each holds the index of its list versions in memory).
CACHED_SCREENERS = 4
#: ``/match/{dataset}`` results per query when the request did not say (yente's default).
YENTE_DEFAULT_LIMIT = 5


@dataclass(slots=True, frozen=True)
class AlertScore:
    query_id: str
    entity_id: str
    score: float


@dataclass(slots=True, frozen=True)
class AlertDifference:
    """An alert present in only one of recording and replay, or with another score (None: absent)."""

    query_id: str
    entity_id: str
    recorded: float | None
    replayed: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query_id": self.query_id,
            "entity_id": self.entity_id,
            "recorded": self.recorded,
            "replayed": self.replayed,
        }


@dataclass(slots=True, frozen=True)
class ReplayResult:
    """The outcome of a replay: identical, or the differences."""

    screening: RecordedScreening
    engine_version: str  # of the replaying engine
    replayed: tuple[AlertScore, ...]
    differences: tuple[AlertDifference, ...]

    @property
    def identical(self) -> bool:
        return not self.differences

    @property
    def same_engine(self) -> bool:
        return self.engine_version == self.screening.engine_version

    def to_dict(self) -> dict[str, Any]:
        return {
            "screening_id": self.screening.id,
            "identical": self.identical,
            "list_versions": self.screening.list_versions,
            "recorded_engine_version": self.screening.engine_version,
            "engine_version": self.engine_version,
            "recorded_alerts": len(self.screening.alerts),
            "replayed_alerts": len(self.replayed),
            "differences": [difference.to_dict() for difference in self.differences],
        }


class _ScreenerCache:
    """Screeners per (database, list versions), least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, frozenset[tuple[str, int]]], Screener] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, versions: Mapping[str, int]) -> Screener:
        key = (store.engine.url.render_as_string(hide_password=True), frozenset(versions.items()))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        screener = Screener.from_entities(_entities(store, versions))  # built outside the lock
        with self._lock:
            self._items[key] = screener
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return screener


_SCREENERS = _ScreenerCache(CACHED_SCREENERS)


def _entities(store: Store, versions: Mapping[str, int]) -> list[Entity]:
    entities: list[Entity] = []
    for source, number in sorted(versions.items()):
        entities.extend(store.entities(store.get_version(source, number)))
    return entities


def replay(store: Store, screening_id: str) -> ReplayResult:
    """Re-screen the recorded screening ``screening_id`` against its recorded list versions.

    Raises NotFoundError for an unknown screening or list version, InputError when the recorded
    query cannot be read back.
    """
    screening = AuditTrail(store).get(screening_id)
    screener = _SCREENERS.get(store, screening.list_versions)
    replayed = [
        alert for query in recorded_queries(screening) for alert in _screen(screener, screening, query)
    ]
    scores = tuple(AlertScore(a.query_id, a.entity_id, a.score) for a in replayed)
    recorded = tuple(AlertScore(a.query_id, a.entity_id, a.score) for a in screening.alerts)
    return ReplayResult(screening, screener.engine_version, scores, compare(recorded, scores))


def _screen(screener: Screener, screening: RecordedScreening, query: Entity) -> list[Alert]:
    alerts = screener.screen(
        query, threshold=screening.threshold, limit=screening.limit, lists=screening.lists
    )
    if screening.endpoint.startswith("/match/"):
        return _yente_filtered(screening, alerts)
    return alerts


def _yente_filtered(screening: RecordedScreening, alerts: list[Alert]) -> list[Alert]:
    # /match screens for `limit + len(exclude_entity_ids)` and then drops what the caller excluded.
    params = _params(screening.query)
    excluded = set(params.get("exclude_entity_ids", ()))
    schemata = set(params.get("exclude_schema", ()))
    limit = int(params.get("limit", [YENTE_DEFAULT_LIMIT])[-1])
    kept = [
        alert
        for alert in alerts
        if alert.entity_id not in excluded and ftm_schema(Schema(alert.schema)) not in schemata
    ]
    return kept[:limit]


def _params(query: Mapping[str, Any]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in query.get("params", ()):
        params.setdefault(str(key), []).append(str(value))
    return params


def compare(recorded: Sequence[AlertScore], replayed: Sequence[AlertScore]) -> tuple[AlertDifference, ...]:
    """Alerts that differ by presence or by score (beyond :data:`SCORE_TOLERANCE`), recorded order first."""
    before = {(a.query_id, a.entity_id): a.score for a in recorded}
    after = {(a.query_id, a.entity_id): a.score for a in replayed}
    differences: list[AlertDifference] = []
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = before.get(key), after.get(key)
        if old is None or new is None or abs(old - new) > SCORE_TOLERANCE:
            differences.append(AlertDifference(key[0], key[1], old, new))
    return tuple(differences)


def recorded_queries(screening: RecordedScreening) -> list[Entity]:
    """The query entities of a recorded request (``/v1/screen`` or yente ``/match``), with the ids
    the API gave them."""
    location = Location(f"screening {screening.id}")
    try:
        return [_entity(query_id, query, location) for query_id, query in _raw_queries(screening)]
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"screening {screening.id}: the recorded query cannot be read back: {exc!r}"
        ) from exc


def _raw_queries(screening: RecordedScreening) -> list[tuple[str, Mapping[str, Any]]]:
    body = screening.query
    if screening.endpoint.startswith("/match/"):
        return list(body["body"]["queries"].items())
    if body.get("query") is not None:
        return [(body["query"].get("id") or "q1", body["query"])]
    return [(query.get("id") or f"q{i + 1}", query) for i, query in enumerate(body["queries"])]


def _entity(query_id: str, query: Mapping[str, Any], location: Location) -> Entity:
    properties = {
        key: [value] if isinstance(value, str) else list(value) for key, value in query["properties"].items()
    }
    return entity_from_properties(query_id, parse_schema(query.get("schema"), location), properties, location)
