"""Replaying recorded screenings against exactly their recorded list versions."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

import sanctionwatch.cli.audit  # noqa: F401  (registers the commands on the app)
from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.audit.replay import replay
from sanctionwatch.cli.app import app
from sanctionwatch.errors import Location, NotFoundError
from sanctionwatch.model import Entity, Name, NameKind, Schema
from sanctionwatch.screen.query import entity_from_properties, parse_schema
from sanctionwatch.screen.screener import Screener
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, VersionMeta

SOURCE = "zk_list"
QUERY = {"schema": "Person", "properties": {"name": "Ivan Testovich Petrov-Fictive"}}
PEOPLE = {1: "Ivan Testovich PETROV-FICTIVE", 2: "Ivan PETROV-FICTIVE", 3: "Ivan Testovych PETROV-FIKTIVE"}


def _person(number: int, name: str | None = None) -> Entity:
    return Entity(
        id=f"{SOURCE}-{number}",
        schema=Schema.PERSON,
        source=SOURCE,
        source_id=str(number),
        names=(Name(name or PEOPLE[number]), Name(f"Vanya FICTIVE-{number}", NameKind.ALIAS)),
    )


def _company(number: int) -> Entity:
    return Entity(
        id=f"{SOURCE}-{number}",
        schema=Schema.COMPANY,
        source=SOURCE,
        source_id=str(number),
        names=(Name(f"Zarkovia Trading {number} LLC"),),
    )


def _roster() -> list[Entity]:
    people = [_person(number) for number in PEOPLE]
    return people + [_company(n) for n in range(4, 30)]


def _record_version(store: Store, entities: Sequence[Entity]) -> int:
    meta = VersionMeta(fetched_at=datetime.now(UTC), origin="tests/audit", format="test")
    return store.record_version(SOURCE, entities, meta).version.number


def _screen(store: Store, number: int) -> tuple[Screener, dict[str, Any]]:
    screener = Screener.from_entities(store.entities(store.get_version(SOURCE, number)))
    return screener, QUERY


def _recorded(
    screener: Screener, versions: dict[str, int], query: dict[str, Any], alerts: Sequence[Mapping[str, Any]]
) -> ScreeningRecord:
    return ScreeningRecord(
        screening_id=uuid.uuid4().hex,
        received_at=datetime.now(UTC),
        key_prefix="Tk3yPref",
        role="screen",
        endpoint="/v1/screen",
        query=query,
        list_versions=versions,
        engine_version=screener.engine_version,
        threshold=0.5,
        limit=10,
        alerts=tuple(alerts),
    )


@pytest.fixture
def first_screening(store: Store, recorder: AuditRecorder) -> ScreeningRecord:
    """A screening recorded against version 1, after which version 2 changed the matched people."""
    number = _record_version(store, _roster())
    screener, query = _screen(store, number)
    alerts = screener.screen(_query_entity(query), threshold=0.5, limit=10)
    assert len(alerts) >= 2  # the fixture must produce alerts worth comparing
    record = _recorded(screener, {SOURCE: number}, {"query": query}, [a.to_dict() for a in alerts])
    recorder.record(record).result(timeout=30)
    changed = [_person(1, "Olga OTHERNAME-FICTIVE"), *_roster()[2:]]  # 1 renamed, 2 removed
    assert _record_version(store, changed) == 2
    return record


def _query_entity(query: dict[str, Any]) -> Entity:
    location = Location("test query")
    properties = {
        key: [value] if isinstance(value, str) else value for key, value in query["properties"].items()
    }
    return entity_from_properties("q1", parse_schema(query["schema"], location), properties, location)


def test_replay_uses_the_recorded_version_not_the_active_one(
    store: Store, first_screening: ScreeningRecord
) -> None:
    result = replay(store, first_screening.screening_id)
    assert result.identical, result.differences
    assert result.same_engine
    assert [a.entity_id for a in result.replayed] == [a["entity_id"] for a in first_screening.alerts]
    assert f"{SOURCE}-2" in [a.entity_id for a in result.replayed]  # removed in version 2
    active = Screener.from_entities(store.entities(store.get_version(SOURCE, 2)))
    now = [a.entity_id for a in active.screen(_query_entity(QUERY), threshold=0.5, limit=10)]
    assert now != [a.entity_id for a in result.replayed]  # the active version would not reproduce it


def test_replay_reports_differences(
    store: Store, recorder: AuditRecorder, first_screening: ScreeningRecord
) -> None:
    alerts = [dict(alert) for alert in first_screening.alerts]
    alerts[0]["score"] = alerts[0]["score"] - 0.01
    alerts.append({**alerts[-1], "entity_id": f"{SOURCE}-99", "score": 0.6})
    screener = Screener.from_entities([])
    forged = _recorded(screener, {SOURCE: 1}, {"query": QUERY}, alerts)
    recorder.record(forged).result(timeout=30)
    result = replay(store, forged.screening_id)
    assert not result.identical
    differences = {(d.entity_id, d.recorded, d.replayed) for d in result.differences}
    first = first_screening.alerts[0]
    assert differences == {
        (first["entity_id"], first["score"] - 0.01, first["score"]),
        (f"{SOURCE}-99", 0.6, None),
    }


def test_replay_of_a_batch_and_of_a_yente_match(store: Store, recorder: AuditRecorder) -> None:
    number = _record_version(store, _roster())
    screener, query = _screen(store, number)
    entity = _query_entity(query)
    found = screener.screen(entity, threshold=0.5, limit=10)
    batch_alerts = [dict(a.to_dict(), query_id=qid) for qid in ("q1", "mine") for a in found]
    batch = _recorded(screener, {SOURCE: number}, {"queries": [query, {**query, "id": "mine"}]}, batch_alerts)
    excluded = found[0].entity_id
    kept = [a.to_dict() | {"query_id": "a"} for a in found if a.entity_id != excluded][:2]
    match = ScreeningRecord(
        **{
            **_fields(_recorded(screener, {SOURCE: number}, {}, kept)),
            "endpoint": "/match/default",
            "query": {
                "body": {"queries": {"a": query}},
                "params": [["limit", "2"], ["exclude_entity_ids", excluded]],
            },
            "limit": 3,
        }
    )
    for record in (batch, match):
        recorder.record(record).result(timeout=30)
        result = replay(store, record.screening_id)
        assert result.identical, (record.endpoint, result.differences)
        assert len(result.replayed) == len(record.alerts)


def _fields(record: ScreeningRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in ScreeningRecord.__dataclass_fields__}


def test_replay_of_an_unknown_screening(store: Store) -> None:
    with pytest.raises(NotFoundError):
        replay(store, "no-such-screening")


def _env(settings: Settings) -> dict[str, str]:
    return {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": settings.resolved_database_url,
    }


def test_cli_replay(
    settings: Settings, store: Store, recorder: AuditRecorder, first_screening: ScreeningRecord
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "replay", first_screening.screening_id], env=_env(settings))
    assert result.exit_code == 0, result.output
    assert "identical" in result.stdout
    as_json = runner.invoke(
        app, ["audit", "replay", first_screening.screening_id, "--json"], env=_env(settings)
    )
    assert orjson.loads(as_json.stdout)["identical"] is True
    forged = _recorded(Screener.from_entities([]), {SOURCE: 2}, {"query": QUERY}, first_screening.alerts)
    recorder.record(forged).result(timeout=30)
    differs = runner.invoke(app, ["audit", "replay", forged.screening_id], env=_env(settings))
    assert differs.exit_code == 1
    assert "difference" in differs.stdout and f"{SOURCE}-2" in differs.stdout
