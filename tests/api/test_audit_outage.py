"""The audit trail's database goes away while screenings are served (real HTTP, SQLite and
PostgreSQL): a short outage only delays the answers, a long one ends in 503 after a bounded wait,
and no screening is ever acknowledged without its committed audit record.

The outage: on PostgreSQL the test database refuses connections and its open ones are ended; on
SQLite the audit table is renamed away (the writer's inserts fail as on a missing database file).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from sanctionwatch.audit.tables import screenings
from sanctionwatch.auth.keys import create_key
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
BODY = {"query": {"schema": "Person", "properties": {"name": ["Ivan Sergeyevich PETROV"]}}}


@contextmanager
def _serving(
    settings: Settings, run: Callable[[Settings], AbstractContextManager[str]]
) -> Iterator[httpx.Client]:
    """A server for ``settings`` in this process and a client with a screening key (verified once,
    so the key cache spares the outage its lookups)."""
    with Store.open(settings) as store:
        assert not update_from_directory(store, settings, EXAMPLE_LISTS).failed
        key = create_key(store, "screen", "outage tests").key
    headers = {"Authorization": f"Bearer {key}"}
    with run(settings) as url, httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        assert client.post("/v1/screen", json=BODY).status_code == 200
        yield client


@contextmanager
def _outage(database_url: str, cut_off: Callable[[str], AbstractContextManager[None]]) -> Iterator[None]:
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.execute(sa.text("ALTER TABLE screenings RENAME TO screenings_away"))
            try:
                yield
            finally:
                with engine.connect() as conn:
                    conn.execute(sa.text("ALTER TABLE screenings_away RENAME TO screenings"))
        else:
            with cut_off(database_url):
                yield
    finally:
        engine.dispose()


def _recorded(settings: Settings) -> set[str]:
    with Store.open(settings) as store, store.engine.connect() as conn:
        return set(conn.execute(sa.select(screenings.c.id)).scalars())


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, api_key_cache_seconds=600)


def test_a_short_outage_delays_the_answers_and_loses_nothing(
    settings: Settings,
    database_cut_off: Callable[[str], AbstractContextManager[None]],
    in_process_server: Callable[[Settings], AbstractContextManager[str]],
) -> None:
    settings = settings.model_copy(update={"audit_retry_seconds": 60.0})
    with _serving(settings, in_process_server) as client, ThreadPoolExecutor(max_workers=4) as pool:
        with _outage(settings.resolved_database_url, database_cut_off):
            pending = [pool.submit(client.post, "/v1/screen", json=BODY) for _ in range(8)]
            time.sleep(1.0)  # the requests are screened and wait for their audit records
            assert not any(future.done() for future in pending)
        answers = [future.result() for future in pending]
    assert [answer.status_code for answer in answers] == [200] * 8
    assert {answer.json()["screening_id"] for answer in answers} <= _recorded(settings)


def test_a_long_outage_answers_503_and_acknowledges_nothing_unrecorded(
    settings: Settings,
    database_cut_off: Callable[[str], AbstractContextManager[None]],
    in_process_server: Callable[[Settings], AbstractContextManager[str]],
) -> None:
    settings = settings.model_copy(update={"audit_retry_seconds": 1.0})
    with _serving(settings, in_process_server) as client:
        before = _recorded(settings)
        with _outage(settings.resolved_database_url, database_cut_off):
            failed = client.post("/v1/screen", json=BODY)
        assert failed.status_code == 503, failed.text
        assert set(failed.json()) == {"error"}
        assert failed.json()["error"]["code"] == "audit_unavailable"
        recovered = client.post("/v1/screen", json=BODY)
    assert recovered.status_code == 200, recovered.text
    assert _recorded(settings) == before | {recovered.json()["screening_id"]}
