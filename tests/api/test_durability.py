"""kill -9 during load loses no acknowledged screening.

``sanctionwatch serve`` runs on SQLite as a subprocess; client threads screen concurrently and
keep the id of every screening acknowledged with a 200. Mid-load the whole server (every worker
process) gets SIGKILL. Every acknowledged id must then be in the audit trail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from sanctionwatch.audit.tables import screenings
from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
#: Acknowledged screenings to wait for before the kill, and the client threads sending them.
ACKNOWLEDGED_BEFORE_KILL = 300
CLIENTS = 12
NAMES = ("Ivan Sergeyevich PETROV", "Zarkovia Teknolodzhiz", "Maria Example-Fictive", "Jon Doe Fictional")


@dataclass(slots=True)
class Tally:
    """What the clients saw: acknowledged ids, other statuses, connection failures."""

    acknowledged: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    broken: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(base_url: str, key: str, number: int, tally: Tally, stop: threading.Event) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        sent = 0
        while not stop.is_set():
            name = NAMES[(number + sent) % len(NAMES)]
            sent += 1
            try:
                response = client.post(
                    "/v1/screen", json={"query": {"schema": "Thing", "properties": {"name": [name]}}}
                )
            except httpx.TransportError:
                with tally.lock:
                    tally.broken += 1
                return  # the server is gone
            with tally.lock:
                if response.status_code == 200:
                    tally.acknowledged.append(response.json()["screening_id"])
                else:
                    tally.statuses.append(response.status_code)


def _recorded(settings: Settings) -> set[str]:
    with Store.open(settings) as store, store.engine.connect() as conn:
        return set(conn.execute(sa.select(screenings.c.id)).scalars())


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_mid_load_loses_no_acknowledged_screening(
    tmp_path: Path,
    workers: int,
    serve_command: Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]],
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store:
        assert not update_from_directory(store, settings, EXAMPLE_LISTS).failed
        key = keys.create_key(store, "screen").key
    tally = Tally()
    stop = threading.Event()
    with (
        serve_command(settings, tmp_path / "serve.log", workers=workers) as (base_url, process),
        ThreadPoolExecutor(max_workers=CLIENTS) as pool,
    ):
        for number in range(CLIENTS):
            pool.submit(_client, base_url, key, number, tally, stop)
        deadline = time.monotonic() + 90
        while len(tally.acknowledged) < ACKNOWLEDGED_BEFORE_KILL:
            assert time.monotonic() < deadline, f"only {len(tally.acknowledged)} screenings in 90s"
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)  # the server and every worker, mid-load
        process.wait()
        stop.set()

    recorded = _recorded(settings)
    assert tally.statuses == []
    assert tally.broken > 0, "the kill should have cut requests in flight"
    assert len(tally.acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    assert set(tally.acknowledged) <= recorded
    assert len(set(tally.acknowledged)) == len(tally.acknowledged)
