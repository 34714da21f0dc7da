"""A real API server over HTTP on 127.0.0.1, one per test module, on SQLite and on PostgreSQL.

The store holds the bundled fictional example lists (plus a second, edited version of the OFAC SDN
example, so changes and entity histories have something to show); API keys of every role are made
through :mod:`sanctionwatch.auth.keys`. Other API test modules can use :func:`running_server`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from sanctionwatch.api import create_app
from sanctionwatch.auth import keys
from sanctionwatch.model import Entity, Name, NameKind
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, VersionMeta
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
ROLES = ("screen", "analyst", "admin")
#: The SDN entity renamed in version 2 and the one dropped from it (both fictional).
RENAMED_ALIAS = "ZARKOVIA QUANTUM FICTIVE HOLDING"


@dataclass(slots=True)
class ApiServer:
    """A running server: its URL, settings, and one API key per role."""

    base_url: str
    settings: Settings
    keys: dict[str, str]
    edits: dict[str, str] = field(default_factory=dict)  # "renamed"/"removed" -> entity id

    def client(self, role: str | None = None, **headers: str) -> httpx.Client:
        """An HTTP client sending the key of ``role`` (none when None)."""
        auth = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers={**auth, **headers}, timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _second_sdn_version(store: Store) -> dict[str, str]:
    """Record an edited OFAC SDN example (one entity gains an alias, one is removed)."""
    active = store.active_version("ofac_sdn")
    assert active is not None
    entities = store.entities(active)
    renamed, removed = entities[0], entities[-1]
    alias = Name(full=RENAMED_ALIAS, kind=NameKind.ALIAS)
    edited: list[Entity] = [replace(renamed, names=(*renamed.names, alias)), *entities[1:-1]]
    meta = VersionMeta(fetched_at=datetime.now(UTC), origin="tests/api edit", format=active.format)
    store.record_version("ofac_sdn", edited, meta)
    return {"renamed": renamed.id, "removed": removed.id}


def prepare_store(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """Load the example lists, add the second SDN version, create a key per role."""
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, EXAMPLE_LISTS)
        assert not report.failed, [r.message for r in report.results]
        edits = _second_sdn_version(store)
        made = {role: keys.create_key(store, role, name=f"tests {role}").key for role in ROLES}
    return made, edits


@contextmanager
def running_server(settings: Settings) -> Iterator[str]:
    """Serve ``create_app(settings)`` with uvicorn on a free port; yields its base URL once ready."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=_free_port(), log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="api-test-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{config.port}"
    try:
        _wait_ready(base_url, thread)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _wait_ready(base_url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the API server stopped during start-up")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the API server did not become ready within 60 s")


def api_settings(tmp: Path, database_url: str, **overrides: Any) -> Settings:
    return Settings(data_dir=tmp / "data", database_url=database_url, **overrides)


@pytest.fixture(scope="module")
def api_server(module_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """One server for the test module, on SQLite and on PostgreSQL."""
    settings = api_settings(tmp_path_factory.mktemp("api"), module_database_url, api_max_batch=20)
    made, edits = prepare_store(settings)
    with running_server(settings) as base_url:
        yield ApiServer(base_url, settings, made, edits)


#: Rate limit of :func:`limited_api_server`: 3 requests at once, then one every 5 seconds.
LIMITED_RATE = 0.2
LIMITED_BURST = 3


@pytest.fixture(scope="module")
def limited_api_server(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """A server whose keys may make :data:`LIMITED_BURST` requests, then one per 5 seconds."""
    settings = api_settings(
        tmp_path_factory.mktemp("api"),
        module_database_url,
        api_rate_limit=LIMITED_RATE,
        api_rate_burst=LIMITED_BURST,
    )
    made, edits = prepare_store(settings)
    with running_server(settings) as base_url:
        yield ApiServer(base_url, settings, made, edits)
