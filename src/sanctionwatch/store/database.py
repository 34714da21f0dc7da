"""The database behind the store: engine set-up for SQLite and PostgreSQL, locks, error translation."""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import StaticPool

from sanctionwatch.errors import ConfigurationError, StoreError
from sanctionwatch.store.host_lock import host_lock

BUSY_TIMEOUT_SECONDS = 30
#: SQLite's default: a commit that makes the write-ahead log pass this many pages checkpoints it.
AUTOCHECKPOINT_PAGES = 1000
#: Execution option asking a SQLite transaction to take the write lock at BEGIN (see ``_begin``).
WRITE_OPTION = "sanctionwatch_write"
# Namespace of our PostgreSQL advisory locks (first key of the two-key form).
_LOCK_NAMESPACE = zlib.crc32(b"sanctionwatch.store") & 0x7FFFFFFF


def parse_url(url: str) -> URL:
    """SQLAlchemy URL of the store; a malformed or unsupported one is a configuration error."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigurationError(f"invalid database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///PATH "
            "or postgresql+psycopg://USER@HOST/DB"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() not in ("psycopg", ""):
        raise ConfigurationError(f"unsupported PostgreSQL driver {parsed.get_driver_name()!r}: use psycopg")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
    return parsed


def describe(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def create_engine(url: URL) -> Engine:
    """An engine for ``url``; for SQLite file databases the parent directory is created."""
    if url.get_backend_name() == "postgresql":
        # No automatic server-side prepares: a prepared IN (...) query with hundreds of parameters gets
        # a generic plan that compares every row with every parameter (seconds instead of milliseconds).
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})
    memory = url.database in (None, "", ":memory:")
    if not memory:
        _make_parent(Path(str(url.database)))
    engine = sa.create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        # An in-memory database lives as long as its one connection.
        poolclass=StaticPool if memory else None,
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin)
    return engine


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory of the store database {path}: {exc}") from exc


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from the sqlite3 module so that BEGIN is issued by us (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # durable enough in WAL mode, much faster
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _begin(connection: Connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads and
    # then writes can fail with "database is locked" without waiting, when another writer got in between.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(engine: Engine, lock: str) -> Iterator[Connection]:
    """A transaction that excludes every other writer holding the same ``lock`` until it ends.

    SQLite: the database write lock (BEGIN IMMEDIATE), taken in turn with the other writers of the
    file (see :func:`writers_turns`); the write-ahead log is checkpointed after the turn, not
    inside the commit. PostgreSQL: a transaction-level advisory lock.
    """
    turns = writers_turns(engine)
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
        if turns is None:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))"),
                        {"namespace": _LOCK_NAMESPACE, "key": lock},
                    )
                yield conn
            return
        driver = _driver(conn)
        driver.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            with host_lock(turns), conn.begin():
                yield conn
            passive_checkpoint(conn)
        finally:
            with contextlib.suppress(sqlite3.Error):  # a broken connection: keep the first error
                driver.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")


def passive_checkpoint(conn: Connection) -> None:
    """Copy what a SQLite write-ahead log holds into the database file, as far as readers allow,
    without waiting for or blocking any writer."""
    _driver(conn).execute("PRAGMA wal_checkpoint(PASSIVE)")


def _driver(conn: Connection) -> sqlite3.Connection:
    # The driver's connection: statements on it run outside any transaction SQLAlchemy begins.
    driver = conn.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError("not a SQLite connection")
    return driver


def writers_turns(engine: Engine) -> Path | None:
    """The lock file the writers of a SQLite database file take turns on (None: no file).

    SQLite lets one writer in at a time, and a writer that finds the database locked polls, sleeping
    up to 100 ms between tries; waiting for a lock file instead wakes it the moment the lock is free.
    """
    database = engine.url.database
    if (
        engine.dialect.name != "sqlite"
        or not database
        or database == ":memory:"
        or database.startswith("file:")
    ):
        return None
    return Path(f"{database}.write-lock")


@contextmanager
def database_errors(url: URL) -> Iterator[None]:
    """Turn driver errors into :class:`StoreError` with a message that says what failed."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise StoreError(f"the store database {describe(url)} is not available: {_reason(exc)}") from exc
    except sa.exc.DBAPIError as exc:
        raise StoreError(f"the store database {describe(url)} refused the operation: {_reason(exc)}") from exc


def _reason(exc: sa.exc.DBAPIError) -> str:
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__
