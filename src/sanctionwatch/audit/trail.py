"""Reading the audit trail: one recorded screening by id, or every screening of a period, streamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from sanctionwatch.audit.tables import screening_alerts, screenings
from sanctionwatch.errors import NotFoundError
from sanctionwatch.store import Store

#: Screenings read per query when streaming a period (bounds memory, whatever the period's size).
PAGE_SIZE = 500


@dataclass(slots=True, frozen=True)
class RecordedAlert:
    """One alert of a recorded screening, in the order it was returned (``rank``)."""

    rank: int
    query_id: str
    entity_id: str
    source: str
    source_id: str
    schema: str
    score: float
    matched_name: str
    query_name: str
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "query_id": self.query_id,
            "entity_id": self.entity_id,
            "source": self.source,
            "source_id": self.source_id,
            "schema": self.schema,
            "score": self.score,
            "matched_name": self.matched_name,
            "query_name": self.query_name,
            "explanation": self.explanation,
        }


@dataclass(slots=True, frozen=True)
class RecordedScreening:
    """A screening as recorded: who asked, when, what, against which list versions, and the alerts."""

    id: str
    received_at: datetime
    recorded_at: datetime
    key_prefix: str
    role: str
    endpoint: str
    query: dict[str, Any]
    list_versions: dict[str, int]
    lists: tuple[str, ...] | None
    engine_version: str
    matcher_config: str
    threshold: float
    limit: int
    alerts: tuple[RecordedAlert, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (timestamps in ISO 8601, UTC)."""
        return {
            "screening_id": self.id,
            "received_at": self.received_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "key_prefix": self.key_prefix,
            "role": self.role,
            "endpoint": self.endpoint,
            "query": self.query,
            "list_versions": self.list_versions,
            "lists": None if self.lists is None else list(self.lists),
            "engine_version": self.engine_version,
            "matcher_config": self.matcher_config,
            "threshold": self.threshold,
            "limit": self.limit,
            "alert_count": len(self.alerts),
            "alerts": [alert.to_dict() for alert in self.alerts],
        }


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive one (as SQLite returns them) is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class AuditTrail:
    """Read access to the recorded screenings of one database (thread-safe)."""

    def __init__(self, db: Store | Engine) -> None:
        self._engine = db.engine if isinstance(db, Store) else db

    def get(self, screening_id: str) -> RecordedScreening:
        """The screening recorded as ``screening_id``; NotFoundError if there is none."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(screenings).where(screenings.c.id == screening_id)).mappings().first()
            )
            if row is None:
                raise NotFoundError(f"no recorded screening {screening_id[:80]!r}")
            alerts = _alerts(conn, [screening_id])
        return _screening(row, alerts.get(screening_id, ()))

    def screenings(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[RecordedScreening]:
        """Screenings received in [since, until), oldest first, read a page at a time."""
        after: tuple[datetime, str] | None = None
        while True:
            with self._engine.connect() as conn:
                rows = conn.execute(_page(since, until, after)).mappings().all()
                alerts = _alerts(conn, [row["id"] for row in rows])
            for row in rows:
                yield _screening(row, alerts.get(row["id"], ()))
            if len(rows) < PAGE_SIZE:
                return
            after = (rows[-1]["received_at"], rows[-1]["id"])


def _page(
    since: datetime | None, until: datetime | None, after: tuple[datetime, str] | None
) -> sa.Select[Any]:
    # Keyset pagination on (received_at, id): each page is one indexed range scan.
    query = sa.select(screenings).order_by(screenings.c.received_at, screenings.c.id).limit(PAGE_SIZE)
    if since is not None:
        query = query.where(screenings.c.received_at >= utc(since))
    if until is not None:
        query = query.where(screenings.c.received_at < utc(until))
    if after is not None:
        position = sa.tuple_(screenings.c.received_at, screenings.c.id)
        last = sa.tuple_(
            sa.literal(after[0], screenings.c.received_at.type), sa.literal(after[1], screenings.c.id.type)
        )
        query = query.where(position > last)
    return query


def _alerts(conn: Connection, ids: Sequence[str]) -> dict[str, list[RecordedAlert]]:
    found: dict[str, list[RecordedAlert]] = {}
    if not ids:
        return found
    table = screening_alerts
    query = sa.select(table).where(table.c.screening_id.in_(ids)).order_by(table.c.screening_id, table.c.rank)
    for row in conn.execute(query).mappings():
        found.setdefault(row["screening_id"], []).append(_alert(row))
    return found


def _alert(row: sa.RowMapping) -> RecordedAlert:
    return RecordedAlert(
        rank=row["rank"],
        query_id=row["query_id"],
        entity_id=row["entity_id"],
        source=row["source"],
        source_id=row["source_id"],
        schema=row["schema"],
        score=row["score"],
        matched_name=row["matched_name"],
        query_name=row["query_name"],
        explanation=orjson.loads(row["explanation"]),
    )


def _screening(row: sa.RowMapping, alerts: Sequence[RecordedAlert]) -> RecordedScreening:
    lists = row["lists"]
    return RecordedScreening(
        id=row["id"],
        received_at=utc(row["received_at"]),
        recorded_at=utc(row["recorded_at"]),
        key_prefix=row["key_prefix"],
        role=row["role"],
        endpoint=row["endpoint"],
        query=orjson.loads(row["query"]),
        list_versions=orjson.loads(row["list_versions"]),
        lists=None if lists is None else tuple(orjson.loads(lists)),
        engine_version=row["engine_version"],
        matcher_config=row["matcher_config"],
        threshold=row["threshold"],
        limit=row["result_limit"],
        alerts=tuple(alerts),
    )
