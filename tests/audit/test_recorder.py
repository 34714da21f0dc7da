"""The group-commit recorder on SQLite and PostgreSQL: concurrency, commit-before-resolve, failures,
clean shutdown."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from sanctionwatch.audit.recorder import AuditError, AuditRecorder, AuditRecordError, ScreeningRecord
from sanctionwatch.audit.trail import AuditTrail
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.host_lock import host_lock

RecordFactory = Callable[..., ScreeningRecord]


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one())


def test_concurrent_records_are_all_committed_in_shared_batches(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    threads, each = 16, 200
    futures: list[Future[None]] = []
    lock = threading.Lock()

    def work(thread: int) -> None:
        for n in range(each):
            future = recorder.record(make_record(names=("A", "B"), key_prefix=f"t{thread:02d}n{n % 7}"))
            with lock:
                futures.append(future)
            if n % 10 == 0:
                future.result(timeout=60)  # some callers wait, as requests do; most pile up

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done, pending = wait(futures, timeout=60)
    assert not pending
    assert all(future.exception() is None for future in done)
    assert _count(store, "screenings") == threads * each
    assert _count(store, "screening_alerts") == threads * each * 2
    assert recorder.committed == threads * each
    assert recorder.batches < threads * each  # group commit: batches were shared


def test_a_resolved_future_means_the_record_is_visible_to_other_connections(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    seen: list[bool] = []
    trail = AuditTrail(store)

    def check(record: ScreeningRecord) -> Callable[[Future[None]], None]:
        def callback(_: Future[None]) -> None:
            # Runs in the writer thread right when the future resolves: the commit must be done.
            seen.append(trail.get(record.screening_id).id == record.screening_id)

        return callback

    futures = []
    for _ in range(50):
        record = make_record()
        future = recorder.record(record)
        future.add_done_callback(check(record))
        futures.append(future)
    recorder.close()  # joins the writer thread, which runs the callbacks
    assert all(future.done() for future in futures)
    assert seen == [True] * 50


def test_records_round_trip_with_utc_times(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    local = datetime(2025, 3, 1, 12, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    record = make_record(
        received_at=local, lists=("zk_list",), names=("Ölçü Δοκιμή 测试", "=cmd|' /C calc'!A0")
    )
    recorder.record(record).result(timeout=30)
    stored = AuditTrail(store).get(record.screening_id)
    assert stored.received_at == local and stored.received_at.tzinfo is not None
    assert stored.received_at.utcoffset() == timedelta(0)
    assert stored.lists == ("zk_list",)
    assert stored.query == record.query
    assert stored.list_versions == {"zk_list": 1}
    assert stored.matcher_config == "0123456789ab"
    assert [a.matched_name for a in stored.alerts] == ["Ölçü Δοκιμή 测试", "=cmd|' /C calc'!A0"]
    assert stored.alerts[0].explanation == record.alerts[0]["explanation"]
    assert [a.rank for a in stored.alerts] == [0, 1]


def test_a_duplicate_fails_only_its_own_future(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    first = make_record()
    recorder.record(first).result(timeout=30)
    batch = [make_record() for _ in range(5)]
    duplicate = make_record(screening_id=first.screening_id)
    futures = [recorder.record(r) for r in batch[:2]] + [recorder.record(duplicate)]
    futures += [recorder.record(r) for r in batch[2:]]
    wait(futures, timeout=30)
    assert isinstance(futures[2].exception(), AuditError)
    assert [f.exception() for i, f in enumerate(futures) if i != 2] == [None] * 5
    assert _count(store, "screenings") == 6


def test_an_unserialisable_record_fails_alone(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    bad = make_record(query={"query": object()})
    good = make_record()
    futures = [recorder.record(bad), recorder.record(good)]
    wait(futures, timeout=30)
    assert isinstance(futures[0].exception(), AuditRecordError)
    assert futures[1].exception() is None
    assert _count(store, "screenings") == 1


def test_when_the_database_refuses_every_future_fails(
    settings: Settings, make_record: RecordFactory, tmp_path: Path
) -> None:
    # A database without the audit tables: every write fails, and no caller may wait forever.
    engine = sa.create_engine(settings.resolved_database_url)
    with AuditRecorder(engine, batch_max=8) as recorder:
        futures = [recorder.record(make_record()) for _ in range(20)]
        done, pending = wait(futures, timeout=60)
    engine.dispose()
    assert not pending
    errors = [future.exception() for future in done]
    assert all(isinstance(error, AuditError) for error in errors)
    assert all(isinstance(error, AuditError) and error.status == 503 for error in errors)


def test_close_drains_the_queue_and_later_records_fail(
    store: Store, settings: Settings, make_record: RecordFactory
) -> None:
    recorder = AuditRecorder.start(settings, store)
    futures = [recorder.record(make_record()) for _ in range(500)]
    recorder.close()
    assert all(future.done() and future.exception() is None for future in futures)
    assert _count(store, "screenings") == 500
    late = recorder.record(make_record())
    assert isinstance(late.exception(timeout=1), AuditError)
    recorder.close()  # idempotent


def test_async_callers_await_the_commit(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    async def screen_many() -> None:
        records = [make_record() for _ in range(100)]
        await asyncio.gather(*(asyncio.wrap_future(recorder.record(r)) for r in records))

    asyncio.run(screen_many())
    assert _count(store, "screenings") == 100


def test_a_cancelled_caller_is_still_recorded(
    store: Store, recorder: AuditRecorder, make_record: RecordFactory
) -> None:
    # A client that disconnects cancels its wait, but the screening happened: it stays recorded.
    with store.engine.connect().execution_options(sanctionwatch_write=True) as conn, conn.begin():
        # Hold the write lock, so the writer blocks on its first batch and the rest queue up.
        if store.engine.dialect.name == "postgresql":
            conn.execute(sa.text("LOCK TABLE screenings IN EXCLUSIVE MODE"))
        else:
            conn.execute(sa.text("SELECT 1"))  # BEGIN IMMEDIATE has taken the lock
        first = recorder.record(make_record())
        time.sleep(0.3)  # the writer takes `first` and waits for the lock
        queued = [recorder.record(make_record()) for _ in range(5)]
        assert [future.cancel() for future in queued] == [True] * 5
    assert first.result(timeout=60) is None
    recorder.close()
    assert _count(store, "screenings") == 6


def test_sqlite_writers_take_turns_on_the_lock_file(tmp_path: Path, make_record: RecordFactory) -> None:
    # Another server process writing holds the lock file beside the database: this recorder's
    # commit waits for its turn (no SQLite busy-polling), and goes through once the lock is free.
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}")
    with Store.open(settings) as store, AuditRecorder.start(settings, store) as recorder:
        with host_lock(tmp_path / "store.db.write-lock"):
            future = recorder.record(make_record())
            time.sleep(0.5)
            assert not future.done()
        future.result(timeout=10)
        assert _count(store, "screenings") == 1
