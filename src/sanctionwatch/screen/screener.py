"""Screening: a query entity against every loaded list, as alerts.

The hot path is lean by construction: a query is prepared once, the index proposes a few dozen
candidate entities by integer id, and only those are compared by the matcher; explanations are
built only for the comparisons that become alerts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import orjson

from sanctionwatch.errors import Location, Problem
from sanctionwatch.index import NameIndex, cached_index, fingerprint
from sanctionwatch.match import MatchConfig, Matcher, MatchResult, PreparedEntity, prepare
from sanctionwatch.model import Entity
from sanctionwatch.screen.alert import Alert
from sanctionwatch.screen.batch import Chunk, ChunkResult
from sanctionwatch.screen.query import QueryError
from sanctionwatch.screen.query_file import QueryFile
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.stored_entities import StoredEntities

#: Most candidates compared per query (at least ``limit``): each comparison costs time, and the
#: index ranks the right entity among the first few nearly always.
DEFAULT_CANDIDATES = 25
#: Candidates whose index score is below this fraction of the best candidate's are not compared:
#: they cover clearly less of the query than the best one does.
DEFAULT_CANDIDATE_RATIO = 0.7
#: Candidates scoring below this in the index (see NameIndex.candidates) are not compared.
#: Measured with benchmarks/candidate_recall.py on the matching benchmark's 6,000 cases against
#: all lists: 6.5 comparisons per query, and 99.1% of the true matches the matcher would alert on
#: are among them (floor 0.4 and ratio 0.6: 12 comparisons for 99.3%).
DEFAULT_CANDIDATE_FLOOR = 0.5
#: ... except the first few candidates, compared whenever they score at least
#: DEFAULT_CANDIDATE_LEAST: a misspelt name covers little of its entity's weight (a typo earns part
#: of a part's credit), and the same person on another list may cover the query better.
DEFAULT_CANDIDATE_FIRST = 3
DEFAULT_CANDIDATE_LEAST = 0.35


class Screener:
    """Screens query entities against an index of list entities.

    >>> screener = Screener.from_entities(entities)          # or Screener.from_store(store, settings)
    >>> for alert in screener.screen(query):
    ...     print(alert.score, alert.matched_name, alert.source_id)
    """

    def __init__(
        self,
        index: NameIndex,
        config: MatchConfig | None = None,
        *,
        candidates: int = DEFAULT_CANDIDATES,
        candidate_ratio: float = DEFAULT_CANDIDATE_RATIO,
        candidate_floor: float = DEFAULT_CANDIDATE_FLOOR,
    ) -> None:
        self.index = index
        self.config = config or MatchConfig()
        self.matcher = Matcher(self.config, index.frequencies)
        self.candidates = candidates
        self.candidate_ratio = candidate_ratio
        self.candidate_floor = candidate_floor

    @classmethod
    def from_store(cls, store: Store, settings: Settings, config: MatchConfig | None = None) -> Screener:
        """Screen against the active version of every list in ``store``; the index is loaded
        from the cache in ``settings.data_dir / "index"``, or built and cached when the active
        list versions (or the matching code) changed since it was made."""
        active = [v for v in store.versions() if v.active]
        key = fingerprint(active)
        index = cached_index(settings.data_dir / "index", key, StoredEntities(store, active))
        return cls(index, config)

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], config: MatchConfig | None = None) -> Screener:
        """Screen against these entities (the index is built in memory, not cached)."""
        return cls(NameIndex.build(entities), config)

    @property
    def fingerprint(self) -> str:
        """Identity of the list versions screened against (empty for ad-hoc entities)."""
        return self.index.fingerprint

    @property
    def threshold(self) -> float:
        """Score from which a comparison becomes an alert, unless a call says otherwise."""
        return self.config.threshold

    @cached_property
    def engine_version(self) -> str:
        """``"<sanctionwatch version>+<hash of the matcher configuration>"``, as audit records say it."""
        from sanctionwatch import __version__

        config = hashlib.sha256(repr(self.config).encode()).hexdigest()[:12]
        return f"{__version__}+{config}"

    def screen(
        self,
        query: Entity,
        *,
        threshold: float | None = None,
        limit: int = 10,
        lists: Sequence[str] | None = None,
    ) -> list[Alert]:
        """Alerts for ``query``, best first: at most ``limit`` list entities scoring at least
        ``threshold`` (default: the configured one), from the lists named in ``lists`` (all
        when None)."""
        return self.screen_prepared(prepare(query), threshold=threshold, limit=limit, lists=lists)

    def screen_prepared(
        self,
        query: PreparedEntity,
        *,
        threshold: float | None = None,
        limit: int = 10,
        lists: Sequence[str] | None = None,
    ) -> list[Alert]:
        """As :meth:`screen`, for a query that is already prepared."""
        cutoff = self.config.threshold if threshold is None else threshold
        # The candidate cut-offs suit the configured threshold; a lower one needs looser ones.
        scale = min(1.0, cutoff / self.config.threshold) if self.config.threshold > 0.0 else 1.0
        compare = self.matcher.compare
        hits: list[tuple[float, int, PreparedEntity, MatchResult]] = []
        entity = self.index.entity
        for rank, (number, _) in enumerate(self.ranked_candidates(query, limit, lists, scale)):
            candidate = entity(number)
            result = compare(query, candidate)
            if result.score >= cutoff:
                hits.append((result.score, rank, candidate, result))
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        return [_alert(query, candidate, result) for _, _, candidate, result in hits[:limit]]

    def ranked_candidates(
        self, query: PreparedEntity, limit: int = 10, lists: Sequence[str] | None = None, scale: float = 1.0
    ) -> list[tuple[int, float]]:
        """(entity number, index score) of the candidates worth comparing, best first: those above
        the floor and the ratio of the best, and the first DEFAULT_CANDIDATE_FIRST above
        DEFAULT_CANDIDATE_LEAST (``scale`` lowers the cut-offs with a lower threshold)."""
        least = DEFAULT_CANDIDATE_LEAST * scale
        ranked = self.index.ranked(query, max(limit, self.candidates), lists, 0.0, least)
        if not ranked:
            return []
        floor = max(ranked[0][1] * self.candidate_ratio, self.candidate_floor) * scale
        first = DEFAULT_CANDIDATE_FIRST
        return [item for k, item in enumerate(ranked) if item[1] >= floor or k < first]


def _alert(query: PreparedEntity, candidate: PreparedEntity, result: MatchResult) -> Alert:
    listed = candidate.entity
    return Alert(
        query_id=query.entity.id,
        entity_id=listed.id,
        source=listed.source,
        source_id=listed.source_id,
        schema=listed.schema.value,
        matched_name=result.matched_name,
        query_name=result.query_name,
        score=round(result.score, 4),
        explanation=result.explanation(),
    )


@dataclass(slots=True, frozen=True)
class ScreenTask:
    """Screening one chunk of a query file (the work of a batch; see :mod:`.batch`)."""

    screener: Screener
    threshold: float | None = None
    limit: int = 10
    lists: tuple[str, ...] | None = None

    def key(self) -> str:
        """Everything that changes the output: a resumed run must have the same key."""
        cutoff = self.screener.threshold if self.threshold is None else self.threshold
        screener = self.screener
        text = (
            f"{screener.fingerprint}|{screener.config!r}|{screener.candidates}|{screener.candidate_ratio}"
            f"|{screener.candidate_floor}"
            f"|{cutoff}|{self.limit}|{self.lists}"
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def __call__(self, source: QueryFile, chunk: Chunk) -> ChunkResult:
        rows: list[bytes] = []
        problems: list[Problem] = []
        for raw in chunk.records:
            try:
                query = source.parse(raw)
                alerts = self.screener.screen(
                    query, threshold=self.threshold, limit=self.limit, lists=self.lists
                )
            except QueryError as exc:
                problems.append(exc.problem)
                continue
            except Exception as exc:  # one odd query must not end a million-row batch
                problems.append(Problem(Location(str(source.path), raw.line), f"could not screen: {exc!r}"))
                continue
            rows.extend(orjson.dumps(alert.to_dict()) + b"\n" for alert in alerts)
        return ChunkResult(chunk.index, b"".join(rows), len(rows), tuple(problems), len(chunk.records))
