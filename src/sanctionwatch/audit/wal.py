"""Checkpoints of a SQLite write-ahead log off the audit writers' path.

By default SQLite copies the log into the database file (a checkpoint, with an ``fsync``) inside
whichever commit makes the log pass 1,000 pages. For the audit recorder that commit holds the
writers' lock file (:func:`~sanctionwatch.store.database.writers_turns`), so every server process
waited: measured 5-10 ms every second or so at 1,000 screenings/s. The recorder's own connections
therefore do not checkpoint; a :class:`Checkpointer` thread does, passively (it never blocks a
writer and never waits for one), every :data:`CHECKPOINT_SECONDS`. (The store's other writers,
list updates among them, checkpoint after their turn: see
:func:`~sanctionwatch.store.database.write_transaction`.)
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from sanctionwatch.store.database import create_engine, passive_checkpoint

log = logging.getLogger(__name__)

#: Seconds between passive checkpoints.
CHECKPOINT_SECONDS = 0.5


def writer_engine(engine: Engine) -> Engine:
    """An engine on ``engine``'s SQLite database whose connections leave checkpoints to a
    :class:`Checkpointer`."""
    own = create_engine(engine.url)
    event.listen(own, "connect", _no_automatic_checkpoints)
    return own


def _no_automatic_checkpoints(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")


class Checkpointer:
    """A daemon thread checkpointing ``engine``'s database until :meth:`stop` (which checkpoints
    once more, so a stopped server leaves a short log)."""

    def __init__(self, engine: Engine, every: float = CHECKPOINT_SECONDS) -> None:
        self._engine = engine
        self._every = every
        self._stopping = threading.Event()
        self.checkpoints = 0  # passes run (read by tests)
        self._thread = threading.Thread(target=self._run, name="audit-checkpointer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._checkpoint()

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            self._checkpoint()

    def _checkpoint(self) -> None:
        try:
            with self._engine.connect() as conn:
                passive_checkpoint(conn)
            self.checkpoints += 1
        except (sa.exc.DBAPIError, sqlite3.Error) as exc:  # tried again next time; the log grows meanwhile
            log.warning("audit trail: WAL checkpoint failed: %s", exc)
