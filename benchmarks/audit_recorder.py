"""Audit recorder benchmark: group-commit throughput with many concurrent writers.

Usage: ``.venv/bin/python benchmarks/audit_recorder.py [--database-url URL] [--callers 16]
[--records 400] [--alerts 2]`` (default: a fresh SQLite file, WAL + synchronous=NORMAL, in a
temporary directory; a PostgreSQL URL must name an empty database).

Each caller records its screenings one at a time and waits for each commit, as an API request
does. Two runs: callers as asyncio tasks on one event loop awaiting ``asyncio.wrap_future`` (the
shape of the API server), then callers as threads blocking on ``Future.result()``.
Target: >= 3,000 records/s on SQLite on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

TARGET = 3000.0


def _record(thread: int, alerts: int) -> ScreeningRecord:
    alert = {
        "query_id": "q1",
        "entity_id": "ofac_sdn-9001",
        "source": "ofac_sdn",
        "source_id": "9001",
        "schema": "Person",
        "matched_name": "PETROV-FICTIVE, Ivan",
        "query_name": "Ivan Petrov-Fictive",
        "score": 0.93,
        "explanation": {"features": [{"feature": "name", "score": 0.95, "detail": "exact"}] * 3},
    }
    return ScreeningRecord(
        screening_id=uuid.uuid4().hex,
        received_at=datetime.now(UTC),
        key_prefix=f"bench{thread:03d}",
        role="screen",
        endpoint="/v1/screen",
        query={"query": {"schema": "Person", "properties": {"name": ["Ivan Petrov-Fictive"]}}, "limit": 10},
        list_versions={"ofac_sdn": 3, "un_sc": 2, "eu_fsf": 5, "uk": 4, "ofac_cons": 1},
        engine_version="0.1.0+0123456789ab",
        threshold=0.7,
        limit=10,
        alerts=tuple([alert] * alerts),
    )


def _writer(recorder: AuditRecorder, thread: int, records: int, alerts: int) -> None:
    for _ in range(records):
        recorder.record(_record(thread, alerts)).result()


async def _task(recorder: AuditRecorder, caller: int, records: int, alerts: int) -> None:
    for _ in range(records):
        await asyncio.wrap_future(recorder.record(_record(caller, alerts)))


async def _tasks(recorder: AuditRecorder, callers: int, records: int, alerts: int) -> None:
    await asyncio.gather(*(_task(recorder, n, records, alerts) for n in range(callers)))


def _threads(recorder: AuditRecorder, callers: int, records: int, alerts: int) -> None:
    workers = [threading.Thread(target=_writer, args=(recorder, n, records, alerts)) for n in range(callers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def run(settings: Settings, mode: str, callers: int, records: int, alerts: int) -> float:
    """Records per second with ``callers`` concurrent asyncio tasks (mode "asyncio") or threads."""
    with Store.open(settings) as store:
        recorder = AuditRecorder.start(settings, store)
        started = time.perf_counter()
        if mode == "asyncio":
            asyncio.run(_tasks(recorder, callers, records, alerts))
        else:
            _threads(recorder, callers, records, alerts)
        seconds = time.perf_counter() - started
        recorder.close()
        total = callers * records
        rate = total / seconds
        print(
            f"{store.engine.dialect.name}, {callers} {mode} callers: {total} records ({alerts} alerts each) "
            f"in {seconds:.2f} s = {rate:,.0f} records/s; {recorder.batches} commits "
            f"(mean batch {recorder.committed / max(recorder.batches, 1):.1f})"
        )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--callers", type=int, default=16, help="concurrent callers")
    parser.add_argument("--records", type=int, default=400, help="records per thread")
    parser.add_argument("--alerts", type=int, default=2, help="alerts per record")
    args = parser.parse_args()
    for mode in ("asyncio", "threads"):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp), database_url=args.database_url)
            rate = run(settings, mode, args.callers, args.records, args.alerts)
        verdict = "meets" if rate >= TARGET else "MISSES"
        print(f"  {verdict} the target of {TARGET:,.0f} records/s")


if __name__ == "__main__":
    main()
