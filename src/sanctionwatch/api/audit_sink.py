"""The audit trail as the API writes to it: :class:`sanctionwatch.audit.recorder.AuditRecorder`."""

from __future__ import annotations

import asyncio

from sanctionwatch.api.state import AuditEntry, AuditSink
from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store


class RecorderSink:
    """Hands entries to the group-commit recorder and waits for their commit."""

    def __init__(self, recorder: AuditRecorder) -> None:
        self._recorder = recorder

    async def record(self, entry: AuditEntry) -> None:
        record = ScreeningRecord(
            screening_id=entry.screening_id,
            received_at=entry.received_at,
            key_prefix=entry.key_prefix,
            role=entry.role,
            endpoint=entry.endpoint,
            query=dict(entry.query),
            list_versions=dict(entry.list_versions),
            engine_version=entry.engine_version,
            threshold=entry.threshold,
            limit=entry.limit,
            lists=entry.lists,
            alerts=tuple(dict(alert) for alert in entry.alerts),
        )
        await asyncio.wrap_future(self._recorder.record(record))

    def depth(self) -> int | None:
        return self._recorder.qsize()

    async def aclose(self) -> None:
        await asyncio.to_thread(self._recorder.close)


def open_audit_sink(settings: Settings, store: Store) -> AuditSink:
    """Start the recorder writing to ``store``'s database."""
    return RecorderSink(AuditRecorder.start(settings, store))
