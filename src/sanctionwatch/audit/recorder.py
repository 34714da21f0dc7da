"""Recording screenings in the audit trail, with group commit.

Guarantees (what the API and its durability tests may rely on):

* :meth:`AuditRecorder.record` returns a :class:`concurrent.futures.Future` that resolves (with
  None) only after the record is **committed** in the database. Await it before answering the
  client (``await asyncio.wrap_future(fut)``, or ``fut.result()`` in sync code): an acknowledged
  screening is then durable -- on PostgreSQL as any committed transaction, on SQLite (WAL,
  ``synchronous=NORMAL``) against a crash or ``kill -9`` of the process (an OS crash or power loss
  may lose the last commits).
* If a record cannot be written, its future fails with :class:`AuditError` (a 503 ``StoreError``:
  the database is unavailable or refused it) or :class:`AuditRecordError` (500: the record itself
  cannot be serialised). A failed future means the record was not acknowledged as written (after
  a connection lost during COMMIT it may still have been).
* While the database is unavailable (connection refused or lost, SQLite locked), a batch is
  retried with back-off (50 ms doubling to 1 s); a record fails only once ``retry_seconds`` have
  passed since it was queued, so callers wait a bounded time and then get their 503.
* :meth:`AuditRecorder.record_many` queues a group of records behind one future (one hand-off
  between threads for the group, as the API's event loop uses it); :meth:`AuditRecorder.record`
  is a group of one.
* One writer thread takes groups from an unbounded queue and writes everything waiting (up to
  ``batch_max`` records, whole groups) in one transaction: under load, many requests share one
  commit. A batch the database refuses for a reason other than unavailability (e.g. a duplicate
  screening id) is retried record by record, so one bad record fails only its own outcome.
* :meth:`AuditRecorder.close` stops taking records and returns after every record queued before
  it is written and its future resolved. Records offered after ``close`` fail at once.
* On a SQLite file, the recorders of all processes (``serve --workers N``) and the list updates
  take turns on a lock file beside the database before they write
  (:func:`~sanctionwatch.store.database.writers_turns`): SQLite's own wait for its write lock
  polls with sleeps growing to 100 ms, which under steady load starved one process for hundreds
  of ms.
* The tables are append-only; this module only ever INSERTs.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import orjson
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from sanctionwatch.audit.tables import screening_alerts, screenings
from sanctionwatch.audit.wal import Checkpointer, writer_engine
from sanctionwatch.errors import SanctionwatchError, StoreError
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.database import writers_turns
from sanctionwatch.store.host_lock import HeldFile

log = logging.getLogger("sanctionwatch.audit")

DEFAULT_BATCH_MAX = 256
#: Seconds a record may wait for an unavailable database before it fails.
DEFAULT_RETRY_SECONDS = 5.0
#: Back-off between attempts while the database is unavailable: first wait, longest wait.
FIRST_BACKOFF_SECONDS = 0.05
MAX_BACKOFF_SECONDS = 1.0


class AuditError(StoreError):
    """The audit trail could not be written: the screening must not be acknowledged."""

    code = "audit_unavailable"


class AuditRecordError(SanctionwatchError):
    """A record could not be serialised for the audit trail (a bug in the caller)."""

    code = "audit_record_invalid"


@dataclass(slots=True, frozen=True)
class ScreeningRecord:
    """One screening as the audit trail keeps it (customer data included: that is the point).

    ``alerts`` are JSON-ready mappings with ``query_id``, ``entity_id``, ``source``, ``source_id``,
    ``schema``, ``matched_name``, ``query_name``, ``score`` and ``explanation``, best first per
    query. ``engine_version`` is ``"<sanctionwatch version>+<matcher config hash>"``.
    """

    screening_id: str
    received_at: datetime
    key_prefix: str
    role: str
    endpoint: str
    query: Mapping[str, Any]  # the request as received
    list_versions: Mapping[str, int]  # {list key: version number} screened against
    engine_version: str
    threshold: float
    limit: int
    lists: tuple[str, ...] | None = None  # lists screened; None: all of list_versions
    alerts: tuple[Mapping[str, Any], ...] = field(default=())


#: What a group's future resolves to: per record, None (committed) or why it was not.
Outcomes = tuple[SanctionwatchError | None, ...]
_Rows = tuple[dict[str, Any], list[dict[str, Any]]]


@dataclass(slots=True)
class _Group:
    """Records queued together, their future, and the outcome of each as it becomes known."""

    records: Sequence[ScreeningRecord]
    future: Future[Any]
    deadline: float  # time.monotonic() after which an unavailable database fails the records
    single: bool = False  # record(): the future resolves to None or fails with the record's error
    outcomes: list[SanctionwatchError | None] = field(default_factory=list)

    def finish(self) -> None:
        if not self.future.set_running_or_notify_cancel():
            return  # the caller gave up waiting; the records are written all the same
        if not self.single:
            self.future.set_result(tuple(self.outcomes))
        elif self.outcomes[0] is None:
            self.future.set_result(None)
        else:
            self.future.set_exception(self.outcomes[0])


@dataclass(slots=True)
class _Pending:
    """One record of a batch being written: its rows, where its outcome goes."""

    rows: _Rows
    group: _Group
    slot: int


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def record_rows(record: ScreeningRecord, recorded_at: datetime) -> _Rows:
    """The ``screenings`` row and ``screening_alerts`` rows of ``record``."""
    screening = {
        "id": record.screening_id,
        "received_at": _utc(record.received_at),
        "recorded_at": recorded_at,
        "key_prefix": record.key_prefix,
        "role": record.role,
        "endpoint": record.endpoint,
        "query": _json(record.query),
        "list_versions": _json(record.list_versions),
        "lists": None if record.lists is None else _json(list(record.lists)),
        "engine_version": record.engine_version,
        "matcher_config": record.engine_version.partition("+")[2],
        "threshold": float(record.threshold),
        "result_limit": int(record.limit),
        "alert_count": len(record.alerts),
    }
    alerts = [_alert_row(record.screening_id, rank, alert) for rank, alert in enumerate(record.alerts)]
    return screening, alerts


def _alert_row(screening_id: str, rank: int, alert: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "screening_id": screening_id,
        "rank": rank,
        "query_id": str(alert.get("query_id", "")),
        "entity_id": str(alert["entity_id"]),
        "source": str(alert["source"]),
        "source_id": str(alert["source_id"]),
        "schema": str(alert.get("schema", "")),
        "score": float(alert["score"]),
        "matched_name": str(alert.get("matched_name", "")),
        "query_name": str(alert.get("query_name", "")),
        "explanation": _json(alert.get("explanation", {})),
    }


class AuditRecorder:
    """Writes :class:`ScreeningRecord` s with group commit (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        batch_max: int = DEFAULT_BATCH_MAX,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        if batch_max < 1:
            raise ValueError("batch_max must be at least 1")
        turns = writers_turns(engine)
        self._turns: HeldFile | contextlib.nullcontext[None] = (
            HeldFile(turns) if turns is not None else contextlib.nullcontext()
        )
        # A SQLite file: connections of its own, whose commits leave checkpoints to a thread.
        self._engine = writer_engine(engine) if turns is not None else engine
        self._checkpointer = Checkpointer(self._engine) if turns is not None else None
        self._batch_max = batch_max
        self._retry_seconds = retry_seconds
        self._queue: queue.SimpleQueue[_Group | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._waiting = 0  # records queued and not yet taken by the writer
        self.committed = 0  # records written so far (read by benchmarks and metrics)
        self.batches = 0  # transactions committed so far
        self._thread = threading.Thread(target=self._run, name="audit-recorder", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, settings: Settings, store: Store) -> Self:
        """A running recorder writing to ``store``'s database (batches of ``settings.audit_batch_max``,
        waiting up to ``settings.audit_retry_seconds`` for an unavailable database)."""
        return cls(store.engine, settings.audit_batch_max, settings.audit_retry_seconds)

    def record(self, record: ScreeningRecord) -> Future[None]:
        """Queue ``record``; the future resolves once it is committed, or fails (never hangs)."""
        future: Future[None] = Future()
        self._enqueue((record,), future, single=True)
        return future

    def record_many(self, records: Sequence[ScreeningRecord]) -> Future[Outcomes]:
        """Queue ``records`` as one group; the future resolves once each is committed or has
        failed, to the outcome of each (None: committed). It fails only if the recorder is closed."""
        future: Future[Outcomes] = Future()
        self._enqueue(records, future, single=False)
        return future

    def _enqueue(self, records: Sequence[ScreeningRecord], future: Future[Any], *, single: bool) -> None:
        group = _Group(records, future, time.monotonic() + self._retry_seconds, single)
        with self._lock:
            if self._closed:
                future.set_exception(AuditError("the audit recorder is closed"))
                return
            self._waiting += len(records)
            self._queue.put(group)

    def qsize(self) -> int:
        """Records waiting to be written (approximate)."""
        return self._waiting

    def close(self) -> None:
        """Stop accepting records; return once everything queued before is written."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the writer thread -------------------------------------------------------------------------

    def _run(self) -> None:
        stop = False
        while not stop:
            groups, stop = self._take()
            if groups:
                self._write(groups)

    def _take(self) -> tuple[list[_Group], bool]:
        """Block for one group, then take whatever else is waiting, up to ``batch_max`` records."""
        first = self._queue.get()
        if first is None:
            return [], True
        groups = [first]
        size = len(first.records)
        while size < self._batch_max:
            try:
                group = self._queue.get_nowait()
            except queue.Empty:
                break
            if group is None:
                self._taken(size)
                return groups, True
            groups.append(group)
            size += len(group.records)
        self._taken(size)
        return groups, False

    def _taken(self, size: int) -> None:
        with self._lock:
            self._waiting -= size

    def _write(self, groups: list[_Group]) -> None:
        recorded_at = datetime.now(UTC)
        ready: list[_Pending] = []
        for group in groups:
            group.outcomes = [None] * len(group.records)
            for slot, record in enumerate(group.records):
                try:
                    ready.append(_Pending(record_rows(record, recorded_at), group, slot))
                except Exception as exc:
                    message = f"screening {record.screening_id} cannot be recorded: {exc}"
                    group.outcomes[slot] = AuditRecordError(message)
        if ready:
            self._commit_retrying(ready)
        for group in groups:
            group.finish()

    def _commit_retrying(self, ready: list[_Pending]) -> None:
        """Commit ``ready``; while the database is unavailable, retry with back-off until each
        record's deadline (then it fails)."""
        backoff = FIRST_BACKOFF_SECONDS
        while ready:
            reason = self._commit(ready)
            if reason is None:
                return
            now = time.monotonic()
            expired = [p for p in ready if p.group.deadline <= now]
            _fail(expired, f"the audit trail could not be written: {reason}")
            ready = [p for p in ready if p.group.deadline > now]
            if not ready:
                return
            if backoff == FIRST_BACKOFF_SECONDS:
                log.warning("audit trail unavailable, retrying: %s", reason)
            time.sleep(min(backoff, max(0.0, min(p.group.deadline for p in ready) - now)))
            backoff = min(MAX_BACKOFF_SECONDS, backoff * 2)

    def _commit(self, ready: list[_Pending]) -> str | None:
        """Write ``ready`` in one transaction. None when done (each record's outcome is set), else
        why the database is unavailable (nothing was written; the caller may retry)."""
        try:
            self._insert([p.rows for p in ready])
        except sa.exc.DBAPIError as exc:
            if _unavailable(exc):
                return _reason(exc)
            if len(ready) == 1:
                _fail(ready, f"the audit trail could not be written: {_reason(exc)}")
                return None
            for one in ready:  # find the record the database refuses; write the others
                self._commit_retrying([one])
            return None
        except Exception as exc:  # whatever it is, no caller may wait forever
            log.exception("audit recorder failed")
            _fail(ready, f"the audit trail could not be written: {exc!r}")
        return None

    def _insert(self, rows: Sequence[_Rows]) -> None:
        alerts = [alert for _, found in rows for alert in found]
        with self._turns, self._engine.begin() as conn:
            insert = _copy if conn.dialect.name == "postgresql" else _executemany
            insert(conn, screenings, [screening for screening, _ in rows])
            if alerts:
                insert(conn, screening_alerts, alerts)
        self.committed += len(rows)
        self.batches += 1


def _executemany(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """SQLite: the rows inserted through the driver, within ``conn``'s transaction, converted by
    the columns' own SQLAlchemy bind processors (SQLAlchemy's statement machinery cost more than
    the insert itself); driver errors are raised as SQLAlchemy's, like any other."""
    statement, columns = _sqlite_insert(table, conn.dialect)
    values = [
        tuple(row[name] if convert is None else convert(row[name]) for name, convert in columns)
        for row in rows
    ]
    try:
        conn.connection.driver_connection.executemany(statement, values)  # type: ignore[union-attr]
    except sqlite3.Error as exc:
        raise sa.exc.DBAPIError.instance(statement, None, exc, sqlite3.Error) from exc


_Converter = Callable[[Any], Any] | None
_SQLITE_INSERTS: dict[str, tuple[str, tuple[tuple[str, _Converter], ...]]] = {}


def _sqlite_insert(table: sa.Table, dialect: sa.Dialect) -> tuple[str, tuple[tuple[str, _Converter], ...]]:
    """The INSERT of every column of ``table`` (qmark parameters) and each column's converter."""
    found = _SQLITE_INSERTS.get(table.name)
    if found is None:
        compiled = table.insert().compile(dialect=dialect, column_keys=[c.name for c in table.columns])
        order = compiled.positiontup or []
        processors = {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns}
        found = _SQLITE_INSERTS[table.name] = (
            str(compiled),
            tuple((name, processors[name]) for name in order),
        )
    return found


def _copy(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY the rows in, within ``conn``'s transaction (measured 8x faster than
    SQLAlchemy's executemany); driver errors are raised as SQLAlchemy's, like any other."""
    columns = [column.name for column in table.columns]
    names = ", ".join(f'"{name}"' for name in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    try:
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[name] for name in columns])
    except psycopg.Error as exc:
        raise sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def _unavailable(exc: sa.exc.DBAPIError) -> bool:
    return isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)


def _reason(exc: sa.exc.DBAPIError) -> str:
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__


def _fail(pending: Sequence[_Pending], message: str) -> None:
    for one in pending:
        one.group.outcomes[one.slot] = AuditError(message)  # one exception object per waiter
