"""The audit trail and API keys through the real HTTP server (uvicorn on 127.0.0.1), on SQLite and
PostgreSQL: every acknowledged screening is recorded with who, when, what, list versions and alerts,
and replays identically; revoked and missing keys are refused and leave no record."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from sanctionwatch.audit.replay import replay
from sanctionwatch.audit.trail import AuditTrail
from sanctionwatch.auth.keys import Role, create_key, revoke
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
PETROV = {"schema": "Person", "properties": {"name": ["Ivan Petrov"], "birthDate": ["1962-01-12"]}}
ZARKOVIA = {"schema": "Company", "properties": {"name": "Zarkovia Technologies"}}
CACHE_SECONDS = 0.3


@dataclass(slots=True)
class Server:
    url: str
    settings: Settings
    keys: dict[Role, str]

    def client(self, role: Role | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def server(
    module_database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    in_process_server: Callable[[Settings], AbstractContextManager[str]],
) -> Iterator[Server]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("audit-api") / "data",
        database_url=module_database_url,
        api_key_cache_seconds=CACHE_SECONDS,
    )
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, EXAMPLE_LISTS)
        assert not report.failed
        keys = {role: create_key(store, role, f"audit tests {role}").key for role in Role}
    with in_process_server(settings) as url:
        yield Server(url, settings, keys)


@pytest.fixture
def store(server: Server) -> Iterator[Store]:
    with Store.open(server.settings) as opened:
        yield opened


def _screen(server: Server, body: dict[str, Any], role: Role = Role.SCREEN) -> dict[str, Any]:
    with server.client(role) as client:
        response = client.post("/v1/screen", json=body)
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


def test_a_screening_is_recorded_completely_and_replays(server: Server, store: Store) -> None:
    payload = _screen(server, {"queries": [PETROV, {**ZARKOVIA, "id": "c-42"}], "threshold": 0.5})
    recorded = AuditTrail(store).get(payload["screening_id"])
    assert recorded.key_prefix == server.keys[Role.SCREEN][3:11] and recorded.role == "screen"
    assert recorded.endpoint == "/v1/screen"
    assert recorded.query["queries"][1]["properties"] == {"name": "Zarkovia Technologies"}
    assert recorded.list_versions == payload["list_versions"] and recorded.threshold == 0.5
    assert recorded.engine_version == payload["engine"]["version"]
    answered = [(r["query_id"], a["entity_id"], a["score"]) for r in payload["results"] for a in r["alerts"]]
    assert answered  # the examples are built to match these queries
    assert [(a.query_id, a.entity_id, a.score) for a in recorded.alerts] == answered
    result = replay(store, payload["screening_id"])
    assert result.identical, result.differences
    assert result.same_engine


def test_a_yente_match_is_recorded_and_replays(server: Server, store: Store) -> None:
    with server.client(Role.SCREEN) as client:
        response = client.post("/match/default", json={"queries": {"a": PETROV, "b": ZARKOVIA}})
    assert response.status_code == 200, response.text
    screening_id = response.headers["X-Screening-ID"]
    recorded = AuditTrail(store).get(screening_id)
    assert recorded.endpoint == "/match/default"
    results = response.json()["responses"]
    answered = sorted((q, r["id"]) for q in results for r in results[q]["results"])
    assert sorted((a.query_id, a.entity_id) for a in recorded.alerts) == answered
    assert replay(store, screening_id).identical


def test_every_acknowledged_screening_is_recorded(server: Server, store: Store) -> None:
    trail = AuditTrail(store)
    before = sum(1 for _ in trail.screenings())
    with server.client(Role.ANALYST) as client:
        ids = [client.post("/v1/screen", json={"query": PETROV}).json()["screening_id"] for _ in range(30)]
    assert len(set(ids)) == 30
    recorded = {s.id: s for s in trail.screenings()}
    assert len(recorded) == before + 30
    assert {recorded[i].role for i in ids} == {"analyst"}


def test_missing_and_revoked_keys_are_refused_and_not_recorded(server: Server, store: Store) -> None:
    trail = AuditTrail(store)
    before = sum(1 for _ in trail.screenings())
    with httpx.Client(base_url=server.url, timeout=30) as anonymous:
        assert anonymous.post("/v1/screen", json={"query": PETROV}).status_code == 401
    gone = create_key(store, Role.SCREEN, "to revoke")
    headers = {"Authorization": f"Bearer {gone.key}"}
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as client:
        assert client.post("/v1/screen", json={"query": PETROV}).status_code == 200
        revoke(store, gone.api_key.prefix)
        time.sleep(CACHE_SECONDS + 0.2)  # the documented revocation delay
        refused = client.post("/v1/screen", json={"query": PETROV})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"]
    prefixes = [s.key_prefix for s in trail.screenings()]
    assert len(prefixes) == before + 1 and prefixes.count(gone.api_key.prefix) == 1


def test_a_match_against_one_list_replays(server: Server, store: Store) -> None:
    with server.client(Role.SCREEN) as client:
        response = client.post("/match/ofac_sdn", json={"queries": {"a": PETROV}}, params={"cutoff": 0.3})
    assert response.status_code == 200, response.text
    result = replay(store, response.headers["X-Screening-ID"])
    assert result.screening.lists == ("ofac_sdn",)
    assert result.screening.alerts
    assert result.identical, result.differences
