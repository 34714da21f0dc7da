"""The screening service in a real ``sanctionwatch serve`` process: list switch-over under load,
and losing the PostgreSQL database and getting it back.

A thread pool screens over HTTP while an admin asks for a list update; the update loads a new
version of the OFAC SDN example with one more (fictional) entity. Every request must succeed, and
each response must be consistent with the list versions it reports: the new entity is found
exactly by the responses that report the new version.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
#: The entity the new SDN version adds (fictional).
NEW_NAME = "QUIXBRANDT FICTIVE HOLDINGS LLC"
NEW_ROW = f'95099,"{NEW_NAME}",-0- ,"CYBER2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
ROLES = ("screen", "admin")
#: The ``serve_command`` fixture (tests/api/conftest.py).
ServeCommand = Callable[..., AbstractContextManager[tuple[str, "subprocess.Popen[bytes]"]]]


@dataclass(slots=True)
class Served:
    """A running ``sanctionwatch serve`` and a key per role."""

    base_url: str
    process: subprocess.Popen[bytes]
    keys: dict[str, str]

    def client(self, role: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {self.keys[role]}"}, timeout=30
        )


def prepared_store(settings: Settings) -> dict[str, str]:
    """Load the example lists into the store of ``settings``; a new key per role."""
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, EXAMPLE_LISTS)
        assert not report.failed, [r.message for r in report.results]
        return {role: keys.create_key(store, role).key for role in ROLES}


def new_sdn_version(directory: Path) -> Path:
    """A folder with the OFAC SDN example plus :data:`NEW_ROW` (a new publication)."""
    target = directory / "ofac_sdn"
    shutil.copytree(EXAMPLE_LISTS / "ofac_sdn", target)
    sdn = target / "sdn.csv"
    content = sdn.read_bytes()
    eof = b"\x1a" if content.endswith(b"\x1a") else b""
    sdn.write_bytes(content.removesuffix(eof) + NEW_ROW.encode() + eof)
    return directory


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve_command: ServeCommand) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("service")
    settings = Settings(
        data_dir=tmp / "data",
        database_url=f"sqlite:///{tmp / 'store.db'}",
        update_from=new_sdn_version(tmp / "updates"),
    )
    made = prepared_store(settings)
    with serve_command(settings, tmp / "serve.log") as (base_url, process):
        yield Served(base_url, process, made)


def screen(client: httpx.Client, name: str) -> dict[str, Any]:
    response = client.post("/v1/screen", json={"query": {"schema": "Thing", "properties": {"name": [name]}}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def finds_new(body: dict[str, Any]) -> bool:
    return any(alert["source_id"] == "95099" for alert in body["results"][0]["alerts"])


def hammer(served: Served, stop: threading.Event) -> list[tuple[int, dict[str, int], bool]]:
    """Screen NEW_NAME until ``stop``: (status, list versions, new entity found) per response."""
    seen: list[tuple[int, dict[str, int], bool]] = []
    with served.client("screen") as client:
        while not stop.is_set():
            response = client.post(
                "/v1/screen", json={"query": {"schema": "Thing", "properties": {"name": [NEW_NAME]}}}
            )
            body = response.json()
            if response.status_code != 200:
                seen.append((response.status_code, {}, False))
                continue
            seen.append((200, body["list_versions"], finds_new(body)))
    return seen


def wait_for_versions(client: httpx.Client, old: dict[str, int], timeout: float = 120) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        versions: dict[str, int] = client.get("/readyz").json()["list_versions"]
        if versions != old:
            return versions
        time.sleep(0.1)
    raise AssertionError(f"the list versions did not change within {timeout}s")


def test_lists_switch_atomically_under_concurrent_requests(served: Served) -> None:
    with served.client("admin") as admin:
        before = screen(admin, NEW_NAME)
        old = before["list_versions"]
        assert not finds_new(before)
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = [pool.submit(hammer, served, stop) for _ in range(6)]
            time.sleep(0.5)
            first = admin.post("/v1/lists/update")
            second = admin.post("/v1/lists/update")  # coalesces with the running one
            new = wait_for_versions(admin, old)
            time.sleep(0.5)
            stop.set()
            seen = [item for future in futures for item in future.result()]
        after = screen(admin, NEW_NAME)

    assert (first.status_code, first.json()["status"]) == (202, "accepted")
    assert (second.status_code, second.json()["status"]) == (202, "already_running")
    assert new["ofac_sdn"] == old["ofac_sdn"] + 1
    assert {k: v for k, v in new.items() if k != "ofac_sdn"} == {
        k: v for k, v in old.items() if k != "ofac_sdn"
    }
    assert [status for status, _, _ in seen if status != 200] == []
    by_version: dict[int, set[bool]] = {}
    for _, versions, found in seen:
        assert versions in (old, new)
        by_version.setdefault(versions["ofac_sdn"], set()).add(found)
    # Each response is consistent with the versions it reports; both versions served requests.
    assert by_version == {old["ofac_sdn"]: {False}, new["ofac_sdn"]: {True}}
    assert after["list_versions"] == new
    assert finds_new(after)


def _next_update(admin: httpx.Client) -> None:
    """Wait until the running refresh is over: the service accepts a new update request only then
    (and that request starts the next one)."""
    deadline = time.monotonic() + 60
    while admin.post("/v1/lists/update").json()["status"] != "accepted":
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_update_with_nothing_new_keeps_the_screener(served: Served) -> None:
    with served.client("admin") as admin:
        # The first refresh loads the new SDN version unless an earlier test did: start after it.
        assert admin.post("/v1/lists/update").status_code == 202
        _next_update(admin)
        before = admin.get("/readyz").json()["list_versions"]
        _next_update(admin)
        assert admin.get("/readyz").json()["list_versions"] == before


# -- two workers: one list process per update ---------------------------------------------------


def _fresh_connection_versions(served: Served) -> list[dict[str, int]]:
    """The list versions 20 new connections are answered with (the kernel spreads new connections
    over the workers' sockets, so both workers answer some)."""
    seen = []
    for _ in range(20):
        with served.client("screen") as client:
            seen.append(screen(client, NEW_NAME)["list_versions"])
    return seen


def test_two_workers_share_one_list_process_per_update(tmp_path: Path, serve_command: ServeCommand) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'store.db'}",
        update_from=new_sdn_version(tmp_path / "updates"),
    )
    made = prepared_store(settings)
    log = tmp_path / "serve.log"
    with serve_command(settings, log, workers=2) as (base_url, process):
        served = Served(base_url, process, made)
        old = _fresh_connection_versions(served)[0]
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = [pool.submit(hammer, served, stop) for _ in range(6)]
            time.sleep(0.5)
            # Update requests over new connections reach both workers: each starts a refresh.
            # (No more once two are accepted: a worker whose refresh ended would start another.)
            statuses: list[str] = []
            while statuses.count("accepted") < 2 and len(statuses) < 20:
                with served.client("admin") as admin:
                    statuses.append(admin.post("/v1/lists/update").json()["status"])
            deadline = time.monotonic() + 120
            while old in (versions := _fresh_connection_versions(served)):  # until both switched
                assert time.monotonic() < deadline, "the workers did not all switch"
                time.sleep(0.2)
            new = versions[0]
            time.sleep(0.5)
            stop.set()
            seen = [item for future in futures for item in future.result()]
    lines = log.read_text(errors="replace").splitlines()

    assert statuses.count("accepted") == 2  # one refresh per worker ...
    assert new["ofac_sdn"] == old["ofac_sdn"] + 1
    assert all(v == new for v in versions)
    # ... but one list process: the other worker waited for it and loaded its index. (The same
    # at start-up: one worker builds the index of the store's versions.)
    started = [line.split(" started ")[1] for line in lines if "list process" in line and "started" in line]
    assert started == ["(index)", "(update and index)"], started
    update = next(n for n, line in enumerate(lines) if "started (update and index)" in line)
    assert sum("using the index another server process" in line for line in lines[update:]) == 1
    assert [status for status, _, _ in seen if status != 200] == []
    assert {found for _, versions, found in seen if versions == new} <= {True}
    assert {found for _, versions, found in seen if versions == old} <= {False}


# -- PostgreSQL goes away and comes back ---------------------------------------------------------

#: Endpoints that need the database: screening (its audit record) and reading the store.
DATABASE_ENDPOINTS = ("screen", "lists", "entity", "readyz")


def _call(client: httpx.Client, endpoint: str, entity_id: str) -> httpx.Response:
    if endpoint == "screen":
        body = {"query": {"schema": "Thing", "properties": {"name": ["Ivan Sergeyevich PETROV"]}}}
        return client.post("/v1/screen", json=body)
    if endpoint == "lists":
        return client.get("/v1/lists")
    if endpoint == "entity":
        return client.get(f"/v1/entities/{entity_id}")
    return client.get("/readyz")


@pytest.mark.postgres
def test_postgres_loss_answers_503_and_recovers_by_itself(
    postgres_url: str,
    tmp_path: Path,
    database_cut_off: Callable[[str], AbstractContextManager[None]],
    serve_command: ServeCommand,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url)
    made = prepared_store(settings)
    with Store.open(settings) as store:
        entity_id = next(iter(store.active_entities(["ofac_sdn"]))).id
    with (
        serve_command(settings, tmp_path / "serve.log") as (base_url, _),
        httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {made['admin']}"}, timeout=60
        ) as client,
    ):
        assert {e: _call(client, e, entity_id).status_code for e in DATABASE_ENDPOINTS} == dict.fromkeys(
            DATABASE_ENDPOINTS, 200
        )
        with database_cut_off(postgres_url):
            for endpoint in DATABASE_ENDPOINTS:
                started = time.monotonic()
                response = _call(client, endpoint, entity_id)
                assert response.status_code == 503, (endpoint, response.text)
                assert time.monotonic() - started < 20, f"{endpoint} took too long to fail"
                error = response.json()["error"]
                assert set(error) == {"code", "message", "details"}
                assert "Traceback" not in response.text
        deadline = time.monotonic() + 30
        while _call(client, "screen", entity_id).status_code != 200:
            assert time.monotonic() < deadline, "not recovered 30s after the database came back"
            time.sleep(0.2)
        statuses = {e: _call(client, e, entity_id).status_code for e in DATABASE_ENDPOINTS}
        assert statuses == dict.fromkeys(DATABASE_ENDPOINTS, 200)
        screening_id = _call(client, "screen", entity_id).json()["screening_id"]
    with Store.open(settings) as store, store.engine.connect() as conn:
        found = conn.execute(sa.text("SELECT count(*) FROM screenings WHERE id = :id"), {"id": screening_id})
        assert found.scalar_one() == 1
