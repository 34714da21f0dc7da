"""The audit trail as the API writes to it: :class:`sanctionwatch.audit.recorder.AuditRecorder`.

Requests finishing in the same turn of the event loop are handed to the recorder as one group:
one hand-off between threads and one wake-up of the loop per group instead of per request (the
recorder commits several groups together anyway). Each request still waits for its own outcome.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

from sanctionwatch.api.state import AuditEntry, AuditSink
from sanctionwatch.audit.recorder import AuditError, AuditRecorder, Outcomes, ScreeningRecord
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

_Waiting = list[tuple[ScreeningRecord, "asyncio.Future[None]"]]


class RecorderSink:
    """Hands entries to the group-commit recorder and waits for their commit."""

    def __init__(self, recorder: AuditRecorder) -> None:
        self._recorder = recorder
        self._group: _Waiting = []  # entries of this turn of the loop, not yet handed over

    async def record(self, entry: AuditEntry) -> None:
        loop = asyncio.get_running_loop()
        committed: asyncio.Future[None] = loop.create_future()
        if not self._group:
            loop.call_soon(self._hand_over, loop)
        self._group.append((entry, committed))
        # A client that goes away cancels only its wait: the (screened) record is written anyway.
        await committed

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        group, self._group = self._group, []
        done = self._recorder.record_many([record for record, _ in group])
        done.add_done_callback(lambda future: loop.call_soon_threadsafe(_settle, group, future))

    def depth(self) -> int | None:
        return self._recorder.qsize() + len(self._group)

    async def aclose(self) -> None:
        await asyncio.to_thread(self._recorder.close)


def _settle(group: _Waiting, done: Future[Outcomes]) -> None:
    """Resolve each waiter of ``group`` with its record's outcome (on the event loop)."""
    error = done.exception()
    outcomes: Outcomes = done.result() if error is None else (None,) * len(group)
    for (_, committed), outcome in zip(group, outcomes, strict=True):
        if committed.done():
            continue
        failure = outcome if error is None else AuditError(str(error))
        if failure is None:
            committed.set_result(None)
        else:
            committed.set_exception(failure)


def open_audit_sink(settings: Settings, store: Store) -> AuditSink:
    """Start the recorder writing to ``store``'s database."""
    return RecorderSink(AuditRecorder.start(settings, store))
