"""What the endpoints share: the settings, the store, the screening service, the audit recorder.

The screening service and the audit recorder are written by other parts of the system; the API
depends only on the small interfaces below (:class:`ScreeningServiceLike`, :class:`AuditSink`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from fastapi import Request

from sanctionwatch.api.metrics import ApiMetrics
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


@dataclass(slots=True, frozen=True)
class AuditEntry:
    """One screening as the audit trail records it (customer data included: that is the point)."""

    screening_id: str
    received_at: datetime
    key_prefix: str
    role: str
    endpoint: str
    query: Mapping[str, Any]  # the request as received (JSON-ready)
    list_versions: Mapping[str, int]
    engine_version: str
    threshold: float
    limit: int
    lists: tuple[str, ...] | None  # the lists screened against; None: all loaded lists
    alerts: tuple[
        Mapping[str, Any], ...
    ]  # each with query_id, entity_id, source, source_id, score, names, explanation


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
