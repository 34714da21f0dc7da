"""From scores and alerts to the benchmark's numbers: recall and false alerts, per category.

- Recall: share of positive queries that alert on the entity they were made from (end to end),
  or whose (query, true entity) pair scores at or above the algorithm's threshold (pairs).
- False alerts per 1,000: share of negative queries with any alert (end to end), or with any of
  their candidate pairs at or above the threshold (pairs), times 1,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cases import Case
from .pair_scores import Pair

TOTAL = "ALL"


@dataclass(slots=True)
class Rate:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(slots=True)
class Breakdown:
    """Rates by a key (category, source, extras), plus the total."""

    rates: dict[str, Rate] = field(default_factory=lambda: defaultdict(Rate))

    def add(self, key: str, hit: bool) -> None:
        self.rates[key].add(hit)
        self.rates[TOTAL].add(hit)


def breakdown(cases: Iterable[Case], hit: Callable[[Case], bool], key: Callable[[Case], str]) -> Breakdown:
    result = Breakdown()
    for case in cases:
        result.add(key(case), hit(case))
    return result


@dataclass(slots=True, frozen=True)
class Outcome:
    """What one system did with every case: hit = alerted on the target (positive) or alerted at
    all (negative)."""

    name: str
    hits: dict[str, bool]

    def hit(self, case: Case) -> bool:
        return self.hits.get(case.id, False)


def e2e_outcome(cases: Sequence[Case], results: Sequence[dict[str, Any]]) -> Outcome:
    alerts = {r["id"]: r["alerts"] for r in results}
    hits: dict[str, bool] = {}
    for case in cases:
        found = alerts.get(case.id, [])
        hits[case.id] = (
            any(a["entity_id"] == case.target for a in found) if case.kind == "positive" else bool(found)
        )
    return Outcome("sanctionwatch (screening)", hits)


def pair_outcome(
    name: str, pairs: Sequence[Pair], scores: Mapping[str, float | None], threshold: float
) -> Outcome:
    hits: dict[str, bool] = {}
    for pair in pairs:
        score = scores.get(pair.id)
        hits[pair.case_id] = hits.get(pair.case_id, False) or (score is not None and score >= threshold)
    return Outcome(name, hits)


def best_pair_scores(
    pairs: Sequence[Pair], scores: Mapping[str, float | None]
) -> dict[str, tuple[float, str]]:
    """Per case: its best pair score and that pair's entity id."""
    best: dict[str, tuple[float, str]] = {}
    for pair in pairs:
        score = scores.get(pair.id)
        if score is not None and score > best.get(pair.case_id, (-1.0, ""))[0]:
            best[pair.case_id] = (score, pair.entity_id)
    return best
