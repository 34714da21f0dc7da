"""The envelope around every request: request id, body size limit, metrics, access log, and the
last line of defence that turns an unexpected exception into a generic 500 without a trace.

A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``): it adds no task or stream per
request, which matters at a thousand requests a second.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sanctionwatch.api.errors import REQUEST_ID_HEADER, error_response
from sanctionwatch.api.metrics import ApiMetrics
from sanctionwatch.errors import PayloadTooLarge, SanctionwatchError

log = logging.getLogger("sanctionwatch.api")
access_log = logging.getLogger("sanctionwatch.api.access")

_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_HEADER = REQUEST_ID_HEADER.lower().encode()
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _TooLarge(Exception):
    pass


@dataclass(slots=True)
class _Exchange:
    """What the envelope learns about one request while it is served."""

    request_id: str
    status: int = 0
    started: bool = False


class Envelope:
    """ASGI middleware: see the module docstring. ``max_body`` bounds request bodies in bytes."""

    def __init__(
        self, app: ASGIApp, *, max_body: int, metrics: ApiMetrics, log_queries: bool = False
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.metrics = metrics
        self.log_queries = log_queries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        exchange = _Exchange(_request_id(scope))
        scope.setdefault("state", {})["request_id"] = exchange.request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.started = True
                exchange.status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((_HEADER, exchange.request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            if scope["method"] in _BODY_METHODS:
                receive = await self._buffered(scope, receive)
            await self.app(scope, receive, send_with_id)
        except _TooLarge:
            await self._fail(
                PayloadTooLarge(f"request body exceeds {self.max_body} bytes"), exchange, send_with_id
            )
        except Exception as exc:
            self._log_failure(exchange, exc)
            failure = SanctionwatchError(f"internal error; quote request id {exchange.request_id}")
            await self._fail(failure, exchange, send_with_id)
        finally:
            self._observe(scope, exchange, time.perf_counter() - began)

    async def _buffered(self, scope: Scope, receive: Receive) -> Receive:
        """Read the whole body (refusing it once it exceeds the limit) and replay it to the app."""
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([message], receive)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return _replay([{"type": "http.request", "body": b"".join(chunks), "more_body": False}], receive)

    def _log_failure(self, exchange: _Exchange, exc: Exception) -> None:
        """The traceback goes to the server log; the message only with ``log_queries`` (it may
        quote customer data)."""
        if self.log_queries:
            log.error("unexpected error serving request %s", exchange.request_id, exc_info=exc)
            return
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error(
            "unexpected error serving request %s: %s (message withheld)\n%s",
            exchange.request_id,
            type(exc).__name__,
            frames,
        )

    async def _fail(self, error: SanctionwatchError, exchange: _Exchange, send: Send) -> None:
        if exchange.started:
            return  # too late for an error response; the server closes the connection
        response = error_response(error)
        await response({"type": "http"}, _no_receive, send)

    def _observe(self, scope: Scope, exchange: _Exchange, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        status = exchange.status or 500
        self.metrics.observe_request(template, scope["method"], status, seconds)
        # The route template, not the path and query string: those can carry customer names.
        where = _full_path(scope) if self.log_queries else template
        access_log.info(
            "%s %s %d %.1fms id=%s key=%s",
            scope["method"],
            where,
            status,
            seconds * 1000,
            exchange.request_id,
            scope.get("state", {}).get("key_prefix", "-"),
        )


def _full_path(scope: Scope) -> str:
    query: bytes = scope.get("query_string", b"")
    path: str = scope["path"]
    return f"{path}?{query.decode('latin-1')}" if query else path


def _request_id(scope: Scope) -> str:
    """The client's X-Request-ID when it is a sane token, else a new one."""
    for name, value in scope["headers"]:
        if name == _HEADER:
            text: str = value.decode("latin-1")
            if _CLIENT_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
