"""A real API server over HTTP on 127.0.0.1, one per test module, on SQLite and on PostgreSQL.

The store holds the bundled fictional example lists (plus a second, edited version of the OFAC SDN
example, so changes and entity histories have something to show); API keys of every role are made
through :mod:`sanctionwatch.auth.keys`. Other API test modules can use :func:`running_server`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
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


def free_port() -> int:
    """A TCP port free on 127.0.0.1 (for a server of a test)."""
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
        create_app(settings), host="127.0.0.1", port=free_port(), log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="api-test-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{config.port}"
    try:
        _wait_ready(base_url, lambda: None if thread.is_alive() else "the API server stopped during start-up")
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _wait_ready(base_url: str, stopped: Callable[[], str | None], timeout: float = 120) -> None:
    """Poll ``/readyz`` until it answers 200; ``stopped()`` says why the server is gone, if it is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (why := stopped()) is not None:
            raise RuntimeError(why)
        try:
            if httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the API server at {base_url} did not become ready within {timeout:.0f} s")


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


@contextmanager
def _database_cut_off(postgres_url: str) -> Iterator[None]:
    """Refuse new connections to the test database and end the open ones; allow them again after.
    (Only this test's database: the PostgreSQL server keeps running for everyone else.)"""
    name = sa.engine.make_url(postgres_url).database
    maintenance = sa.engine.make_url(postgres_url).set(database="postgres")
    engine = sa.create_engine(maintenance, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        yield
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        engine.dispose()


@pytest.fixture
def database_cut_off() -> Callable[[str], AbstractContextManager[None]]:
    """``with database_cut_off(postgres_url):`` the test's PostgreSQL database is unreachable."""
    return _database_cut_off


@contextmanager
def _serving_command(
    settings: Settings, log: Path, *, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``sanctionwatch serve`` on a free port with ``settings`` (as environment variables); yields
    its base URL once ready and stops it (its whole process group) afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONWATCH_")}
    env |= {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": settings.resolved_database_url,
        "SANCTIONWATCH_API_RATE_LIMIT": "100000",
        "SANCTIONWATCH_API_RATE_BURST": "100000",
    }
    if settings.update_from is not None:
        env["SANCTIONWATCH_UPDATE_FROM"] = str(settings.update_from)
    port = free_port()
    command = [sys.executable, "-m", "sanctionwatch", "serve", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base_url, lambda: _exit_of(process, log))
        yield base_url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _exit_of(process: subprocess.Popen[bytes], log: Path) -> str | None:
    if process.poll() is None:
        return None
    return f"sanctionwatch serve exited: {log.read_text(errors='replace')[-3000:]}"


@pytest.fixture(scope="session")
def serve_command() -> Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]]:
    """``with serve_command(settings, log, workers=1) as (base_url, process):`` a real
    ``sanctionwatch serve`` process for ``settings``, stopped (its process group) afterwards."""
    return _serving_command


@pytest.fixture(scope="session")
def in_process_server() -> Callable[[Settings], AbstractContextManager[str]]:
    """``with in_process_server(settings) as base_url:`` :func:`running_server`, for modules that
    make their own settings."""
    return running_server
