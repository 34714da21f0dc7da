"""The FastAPI application: ``create_app(settings)`` wires the store, the screening service, the
audit recorder and API-key verification into the routers.

Interfaces the API depends on (see :mod:`sanctionwatch.api.state`):

* the screening service (:class:`~sanctionwatch.api.service.ScreeningService`): ``current()`` ->
  an immutable snapshot with ``screener`` and ``list_versions`` ({list key: version number}) or
  None before the first screener is built; ``request_refresh()`` -> bool (starts a background
  refresh; False if one runs already); ``async start()`` / ``async stop()``.
* the audit recorder (:mod:`sanctionwatch.audit.recorder`): ``record(entry)`` resolves once the
  entry is committed (group commit), so a response is never sent for an unrecorded screening.
* API keys (:mod:`sanctionwatch.auth.keys`): verifying a full key against the store.

OpenAPI: ``/openapi.json`` and ``/docs`` are served without credentials. They describe the API
and hold no data; clients and fuzzers (schemathesis) read the schema from there. Every other
endpoint but ``/healthz`` and ``/readyz`` needs an API key.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

import sanctionwatch
from sanctionwatch.api import catalog, operations, screening, yente
from sanctionwatch.api.access import Gatekeeper, KeyVerifier, Principal
from sanctionwatch.api.errors import install_error_handlers
from sanctionwatch.api.fast_lane import FastLane
from sanctionwatch.api.garbage import GarbagePolicy
from sanctionwatch.api.metrics import ApiMetrics
from sanctionwatch.api.middleware import Envelope
from sanctionwatch.api.models import DOCUMENTED_BODIES
from sanctionwatch.api.rate_limit import RateLimiter
from sanctionwatch.api.state import ApiState, AuditSink, ScreeningServiceLike
from sanctionwatch.names.transliterate import warm_up
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

log = logging.getLogger("sanctionwatch.api")

DESCRIPTION = """Sanctions screening over HTTP.

Send an API key as `Authorization: Bearer KEY` (roles: `screen` — screening endpoints;
`analyst` — also entities, search, lists; `admin` — also list updates and metrics).
Every error has the shape `{"error": {"code", "message", "details"}}` and every response carries
an `X-Request-ID` header.
"""


def create_app(
    settings: Settings, *, service: ScreeningServiceLike | None = None, manage_gc: bool = False
) -> FastAPI:
    """The API app for ``settings``. Its lifespan opens the store, starts the audit recorder and
    the screening service (``service``, or a :class:`ScreeningService` over the store), and closes
    them again on shutdown. ``manage_gc`` (for a server process of its own, not for an app in a
    test process): keep the garbage collector's full passes short (:mod:`.garbage`)."""
    metrics = ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await anyio.to_thread.run_sync(Store.open, settings)
        try:
            running = service or _default_service(settings, store)
            audit, verify = await anyio.to_thread.run_sync(_audit_and_keys, settings, store)
            app.state.gatekeeper = Gatekeeper(
                verify,
                RateLimiter(settings.api_rate_limit, settings.api_rate_burst),
                settings.api_key_cache_seconds,
            )
            app.state.api = ApiState(settings, store, running, audit, metrics, sanctionwatch.__version__)
            metrics.watch(lambda: _versions(running), audit.depth)
            await running.start()
            warm_up()  # on the loop's thread, which screens: no first query pays for it
            garbage = GarbagePolicy() if manage_gc else None
            if garbage is not None:
                garbage.start()
            try:
                yield
            finally:
                if garbage is not None:
                    garbage.stop()
                await running.stop()
                await _close(audit)
        finally:
            await anyio.to_thread.run_sync(store.close)

    app = FastAPI(
        title="sanctionwatch",
        version=sanctionwatch.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for router in (screening.router, yente.router, catalog.router, operations.admin, operations.public):
        app.include_router(router)
    # Inside the envelope (added last: outermost). The routers' own routes: the app's are wrapped.
    app.add_middleware(FastLane, routes=screening.router.routes)
    app.add_middleware(
        Envelope, max_body=settings.api_max_body_bytes, metrics=metrics, log_queries=settings.log_queries
    )
    _document_bodies(app)
    return app


def _document_bodies(app: FastAPI) -> None:
    """Add the request models of endpoints that parse their own bodies to the OpenAPI components
    (FastAPI only collects the models it parses itself)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        _, definitions = models_json_schema(
            [(model, "validation") for model in DOCUMENTED_BODIES],
            ref_template="#/components/schemas/{model}",
        )
        found = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            found.setdefault(name, definition)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _versions(service: ScreeningServiceLike) -> dict[str, int]:
    snapshot = service.current()
    return dict(snapshot.list_versions) if snapshot is not None else {}


def _default_service(settings: Settings, store: Store) -> ScreeningServiceLike:
    from sanctionwatch.api.service import ScreeningService

    built: ScreeningServiceLike = ScreeningService(settings, store)
    return built


def _audit_and_keys(settings: Settings, store: Store) -> tuple[AuditSink, KeyVerifier]:
    from sanctionwatch.api.audit_sink import open_audit_sink
    from sanctionwatch.api.key_check import key_verifier

    return open_audit_sink(settings, store), key_verifier(store)


async def _close(audit: Any) -> None:
    close = getattr(audit, "aclose", None)
    if close is not None:
        await close()


__all__ = ["Principal", "create_app"]
