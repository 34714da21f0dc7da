"""Screening keeps the best-scored list entities, whatever order the index proposed them in."""

from __future__ import annotations

import pytest
from tests.screen.conftest import fictional_entity

from sanctionwatch.index import NameIndex
from sanctionwatch.match import Matcher, prepare
from sanctionwatch.model import Entity, Name, Schema
from sanctionwatch.screen import Screener

LISTED = [
    fictional_entity("fict_a", "1", Schema.COMPANY, "Zarkovia Trading LLC"),
    # Shares every word of the queries below with more weight in the index (more of its own
    # words covered), but the matcher prefers the exact company.
    fictional_entity("fict_a", "2", Schema.COMPANY, "Zarkovia Trading"),
    fictional_entity("fict_b", "3", Schema.COMPANY, "Zarkovia Trading and Shipping Company of Testograd"),
    fictional_entity("fict_b", "4", Schema.COMPANY, "Zarkovian Tradeworks"),
    fictional_entity("fict_b", "5", Schema.PERSON, "Ivan Zarkovia TRADINGOV"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(LISTED)


def _query(name: str) -> Entity:
    return Entity(id="q", schema=Schema.LEGAL_ENTITY, source="query", source_id="q", names=(Name(full=name),))


@pytest.mark.parametrize("name", ["Zarkovia Trading LLC", "Zarkovia Tradeworks", "Zarkovia Trading Shipping"])
@pytest.mark.parametrize("limit", [1, 2, 3])
@pytest.mark.parametrize("threshold", [None, 0.3])
def test_alerts_are_the_best_matcher_scores_over_all_entities(
    screener: Screener, name: str, limit: int, threshold: float | None
) -> None:
    query = prepare(_query(name))
    matcher = Matcher(screener.config, screener.index.frequencies)
    scores = sorted(
        (round(matcher.compare(query, prepare(e)).score, 4) for e in LISTED),
        reverse=True,
    )
    expected = [s for s in scores if s >= (threshold or screener.threshold)][:limit]
    alerts = screener.screen(_query(name), threshold=threshold, limit=limit)
    assert [a.score for a in alerts] == expected


def test_the_first_candidates_are_compared_even_below_the_candidate_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Misspelt parts earn only part of their credit in the index, so a misspelt name's entity can
    # score below the floor (raised here to make this small index show it): the first few
    # candidates are compared all the same.
    listed = [
        fictional_entity("fict_c", "6", Schema.PERSON, "Tarek BELMONTOV"),
        fictional_entity("fict_c", "7", Schema.PERSON, "Olga BELMONTOVA"),
    ]
    screener = Screener(NameIndex.build(listed), candidate_floor=0.95)
    query = Entity(
        id="q", schema=Schema.PERSON, source="query", source_id="q", names=(Name("Tarke Belmontvo"),)
    )
    assert screener.index.ranked(prepare(query), 5)[0][1] < screener.candidate_floor
    assert [a.entity_id for a in screener.screen(query)] == ["fict_c-6"]
    monkeypatch.setattr("sanctionwatch.screen.screener.DEFAULT_CANDIDATE_FIRST", 0)
    assert screener.screen(query) == []
