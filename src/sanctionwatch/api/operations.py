"""Health, readiness, metrics and list updates.

``/healthz`` and ``/readyz`` answer without credentials (they reveal nothing but up/ready);
``/metrics`` needs an admin key, like ``POST /v1/lists/update`` (Prometheus sends one with
``authorization: {credentials: ...}`` in its scrape config).
"""

from __future__ import annotations

import anyio
import anyio.to_thread
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sanctionwatch.api.access import Permission, guarded_route
from sanctionwatch.api.metrics import CONTENT_TYPE
from sanctionwatch.api.models import ErrorResponse, Health, Readiness, UpdateAccepted
from sanctionwatch.api.responses import ERRORS, json_response
from sanctionwatch.api.screening import bearer
from sanctionwatch.api.state import state_of
from sanctionwatch.errors import NotReady
from sanctionwatch.store import Store

#: Seconds /readyz waits for the database before reporting it unavailable.
READY_TIMEOUT = 2.0

public = APIRouter(tags=["operations"])
admin = APIRouter(
    route_class=guarded_route(Permission.ADMIN), dependencies=[Depends(bearer)], tags=["operations"]
)


@public.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Response:
    """200 while the process serves requests."""
    return json_response({"status": "ok"})


@public.get(
    "/readyz",
    response_model=Readiness,
    responses={
        503: {"model": ErrorResponse, "description": "No screener loaded yet, or the database is down."}
    },
    summary="Readiness",
)
async def readyz(request: Request) -> Response:
    """200 once a screener is loaded and the database answers; else 503."""
    state = state_of(request)
    snapshot = state.service.current()
    if snapshot is None:
        raise NotReady("the lists are still being loaded")
    with anyio.move_on_after(READY_TIMEOUT) as scope:
        alive = await anyio.to_thread.run_sync(_database_answers, state.store, abandon_on_cancel=True)
    if scope.cancelled_caught or not alive:
        raise NotReady("the database does not answer")
    return json_response({"status": "ready", "list_versions": dict(snapshot.list_versions)})


def _database_answers(store: Store) -> bool:
    try:
        with store.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True


@admin.get(
    "/metrics",
    responses={200: {"content": {CONTENT_TYPE: {"schema": {"type": "string"}}}}, **ERRORS},
    response_class=Response,
    summary="Prometheus metrics (admin)",
)
async def metrics(request: Request) -> Response:
    """Requests by route and status, latency, screenings, alerts, list versions, audit queue depth."""
    return Response(state_of(request).metrics.render(), media_type=CONTENT_TYPE)


@admin.post(
    "/v1/lists/update",
    status_code=202,
    response_model=UpdateAccepted,
    responses=ERRORS,
    summary="Refresh the lists now (admin)",
)
async def update_lists(request: Request) -> Response:
    """Start a list refresh in the background; screening continues on the current lists until the
    new index is ready, then switches atomically."""
    state = state_of(request)
    started = state.service.request_refresh()
    snapshot = state.service.current()
    versions = dict(snapshot.list_versions) if snapshot is not None else {}
    return json_response(
        {"status": "accepted" if started else "already_running", "list_versions": versions}, 202
    )
