"""What the endpoints share: the settings, the store, the screening service, the audit recorder.

The screening service and the audit recorder are written by other parts of the system; the API
depends only on the small interfaces below (:class:`ScreeningServiceLike`, :class:`AuditSink`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import Request

from sanctionwatch.api.metrics import ApiMetrics
from sanctionwatch.audit.recorder import ScreeningRecord
from sanctionwatch.screen.screener import Screener
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store


class Snapshot(Protocol):
    """An immutable view of what screening uses now: a screener and the list versions it was built from."""

    @property
    def screener(self) -> Screener: ...
    @property
    def list_versions(self) -> Mapping[str, int]: ...


class ScreeningServiceLike(Protocol):
    """Holds the current :class:`Snapshot` and replaces it atomically when lists change."""

    def current(self) -> Snapshot | None:
        """The snapshot to screen with, or None while the first one is still being built."""

    def request_refresh(self) -> bool:
        """Start rebuilding the screener from the store in the background; False if already running."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


#: One screening as the audit trail records it: the recorder's own record, built once per request.
AuditEntry = ScreeningRecord


class AuditSink(Protocol):
    """Records screenings durably; :meth:`record` returns once the entry is committed."""

    async def record(self, entry: AuditEntry) -> None: ...
    def depth(self) -> int | None:
        """Entries waiting to be committed (for the metrics), if known."""


@dataclass(slots=True)
class ApiState:
    settings: Settings
    store: Store
    service: ScreeningServiceLike
    audit: AuditSink
    metrics: ApiMetrics
    engine_version: str
    extras: dict[str, Any] = field(default_factory=dict)


def state_of(request: Request) -> ApiState:
    """The state of the app serving ``request``."""
    state: ApiState = request.app.state.api
    return state
