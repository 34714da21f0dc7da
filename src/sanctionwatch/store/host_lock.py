"""Exclusive locks between the processes of this host, on lock files (``flock``).

The kernel releases such a lock when its process dies (even by ``kill -9``), and wakes a waiter
the moment the lock is free.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def host_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class LockAbandoned(Exception):
    """:func:`host_lock_after_wait` gave up waiting for the lock."""


@contextlib.contextmanager
def host_lock_after_wait(
    path: Path, give_up: Callable[[], bool], poll_seconds: float = 0.1
) -> Iterator[bool]:
    """:func:`host_lock`, waiting in steps of ``poll_seconds`` so that the wait can end early
    (``give_up()`` true: :class:`LockAbandoned`); yields whether another process held the lock
    first, i.e. whether this one waited."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if give_up():
                    raise LockAbandoned(str(path)) from None
                waited = True
                time.sleep(poll_seconds)
        try:
            yield waited
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class HeldFile:
    """:func:`host_lock` for a caller that takes the same lock again and again (one thread at a
    time): the lock file stays open between turns."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: IO[str] | None = None

    def __enter__(self) -> None:
        if self._handle is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self._path.open("a")
        fcntl.flock(self._handle, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)


def is_locked(path: Path) -> bool:
    """Whether another process holds the lock on ``path`` now."""
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
