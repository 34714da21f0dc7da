"""``POST /v1/screen`` and what every screening endpoint shares: query parsing, running the
screener off or on the event loop, per-screener facts, and the audit record.

A single query is screened on the event loop (it takes well under a millisecond, less than a
thread hand-off costs); a batch goes to a worker thread so it does not hold up other requests.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import anyio.to_thread
import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPBearer
from pydantic import ValidationError
from starlette.responses import Response

from sanctionwatch.api.access import Permission, Principal, direct, guarded_route, principal_of
from sanctionwatch.api.errors import field_problem, validation_error
from sanctionwatch.api.models import ScreenRequest, ScreenResponse, documented_body
from sanctionwatch.api.responses import ERRORS, json_response
from sanctionwatch.api.state import ApiState, AuditEntry, Snapshot, state_of
from sanctionwatch.errors import Location, NotReady, Problem, ValidationFailed
from sanctionwatch.model import Entity
from sanctionwatch.screen import Alert, QueryError
from sanctionwatch.screen.query import entity_from_properties, parse_schema
from sanctionwatch.screen.screener import Screener


class QueryLike(Protocol):
    """A query entity model (``/v1`` or yente)."""

    @property
    def schema_(self) -> str: ...
    @property
    def properties(self) -> Mapping[str, str | list[str]]: ...


bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer sw_...`")


def current_snapshot(state: ApiState) -> Snapshot:
    """The snapshot to screen with; 503 while the first screener is being built."""
    snapshot = state.service.current()
    if snapshot is None:
        raise NotReady("the lists are still being loaded; retry shortly")
    return snapshot


def check_lists(snapshot: Snapshot, lists: Sequence[str] | None, field: str) -> None:
    """422 naming every requested list that is not loaded."""
    if lists is None:
        return
    loaded = snapshot.list_versions
    unknown = [name for name in lists if name not in loaded]
    if unknown:
        known = ", ".join(sorted(loaded)) or "none"
        problems = tuple(
            field_problem(field, f"unknown list {name[:64]!r} (loaded: {known})") for name in unknown
        )
        raise ValidationFailed(f"unknown list(s): {', '.join(n[:64] for n in unknown)}", problems=problems)


def query_entities(queries: Sequence[tuple[str, str, QueryLike]]) -> list[Entity]:
    """(field path, query id, model) -> query entities; 422 listing every bad query at once."""
    entities: list[Entity] = []
    problems: list[Problem] = []
    for path, query_id, query in queries:
        location = Location("request", record=query_id, field=path)
        properties = {k: [v] if isinstance(v, str) else v for k, v in query.properties.items()}
        try:
            schema = parse_schema(query.schema_, location)
            entities.append(entity_from_properties(query_id, schema, properties, location))
        except QueryError as exc:
            sub = exc.problem.location.field
            problems.append(field_problem(f"{path}.properties.{sub}", exc.problem.message, query_id))
    if problems:
        raise ValidationFailed(
            f"{len(problems)} invalid quer{'y' if len(problems) == 1 else 'ies'}", problems=tuple(problems)
        )
    return entities


@dataclass(slots=True, frozen=True)
class Screening:
    """The parameters of one screening run."""

    threshold: float
    limit: int
    lists: tuple[str, ...] | None

    def one(self, screener: Screener, query: Entity) -> list[Alert]:
        return screener.screen(query, threshold=self.threshold, limit=self.limit, lists=self.lists)

    def many(self, screener: Screener, queries: Sequence[Entity]) -> list[list[Alert]]:
        return [self.one(screener, query) for query in queries]

    async def run(self, screener: Screener, queries: Sequence[Entity]) -> list[list[Alert]]:
        """Alerts per query; a batch runs on a worker thread."""
        if len(queries) == 1:
            return [self.one(screener, queries[0])]
        return await anyio.to_thread.run_sync(self.many, screener, queries)


def alert_dict(alert: Alert) -> dict[str, Any]:
    return {
        "entity_id": alert.entity_id,
        "source": alert.source,
        "source_id": alert.source_id,
        "schema": alert.schema,
        "matched_name": alert.matched_name,
        "query_name": alert.query_name,
        "score": alert.score,
        "explanation": alert.explanation,
    }


def audit_alerts(alerts: Sequence[Sequence[Alert]]) -> tuple[dict[str, Any], ...]:
    """Every alert of a screening, as the audit trail keeps it."""
    return tuple({"query_id": alert.query_id, **alert_dict(alert)} for found in alerts for alert in found)


async def record(state: ApiState, entry: AuditEntry, queries: int) -> None:
    """Commit the audit entry (the response waits for it) and count the screening."""
    await state.audit.record(entry)
    state.metrics.observe_screening(entry.endpoint, queries, len(entry.alerts))


def new_screening_id() -> str:
    return uuid.uuid4().hex


router = APIRouter(
    route_class=guarded_route(Permission.SCREEN), dependencies=[Depends(bearer)], tags=["screening"]
)


def parse_screen_request(raw: bytes) -> ScreenRequest:
    """The validated body (pydantic parses the JSON itself, in one pass); 400/422 errors naming
    the fields as FastAPI would (``body.query.schema``)."""
    try:
        return ScreenRequest.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise validation_error(errors) from None


@router.post(
    "/v1/screen",
    response_model=ScreenResponse,
    responses=ERRORS,
    summary="Screen one entity or a batch against the loaded lists",
    openapi_extra=documented_body(ScreenRequest),
)
@direct
async def screen(request: Request) -> Response:
    """Alerts with scores and explanations per query, the list versions used and a screening id.

    The screening is recorded in the audit trail before the response is sent."""
    received_at = datetime.now(UTC)
    raw = await request.body()
    body = parse_screen_request(raw)
    state = state_of(request)
    principal = principal_of(request)
    batch = body.batch
    if len(batch) > state.settings.api_max_batch:
        problem = field_problem("queries", f"{len(batch)} queries (limit {state.settings.api_max_batch})")
        raise ValidationFailed("batch too large", problems=(problem,))
    snapshot = current_snapshot(state)
    check_lists(snapshot, body.lists, "lists")
    paths = "query" if body.query is not None else None
    queries = query_entities(
        [(paths or f"queries[{i}]", q.id or f"q{i + 1}", q) for i, q in enumerate(batch)]
    )
    screener = snapshot.screener
    threshold = screener.threshold if body.threshold is None else body.threshold
    screening = Screening(threshold, body.limit, tuple(body.lists) if body.lists is not None else None)
    alerts = await screening.run(screener, queries)
    payload = _screen_payload(new_screening_id(), snapshot, threshold, queries, alerts)
    entry = _entry(payload, orjson.loads(raw), principal, received_at, screening, audit_alerts(alerts))
    await record(state, entry, len(queries))
    return json_response(payload)


def _screen_payload(
    screening_id: str,
    snapshot: Snapshot,
    threshold: float,
    queries: Sequence[Entity],
    alerts: Sequence[Sequence[Alert]],
) -> dict[str, Any]:
    return {
        "screening_id": screening_id,
        "list_versions": dict(snapshot.list_versions),
        "engine": {"version": snapshot.screener.engine_version, "threshold": threshold},
        "results": [
            {"query_id": query.id, "alerts": [alert_dict(a) for a in found]}
            for query, found in zip(queries, alerts, strict=True)
        ],
    }


def _entry(
    payload: dict[str, Any],
    query: dict[str, Any],
    principal: Principal,
    received_at: datetime,
    screening: Screening,
    alerts: tuple[dict[str, Any], ...],
) -> AuditEntry:
    return AuditEntry(
        screening_id=payload["screening_id"],
        received_at=received_at,
        key_prefix=principal.key_prefix,
        role=principal.role,
        endpoint="/v1/screen",
        query=query,  # the request as received (it passed validation)
        list_versions=payload["list_versions"],
        engine_version=payload["engine"]["version"],
        threshold=screening.threshold,
        limit=screening.limit,
        lists=screening.lists,
        alerts=alerts,
    )
