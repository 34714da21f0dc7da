"""The request envelope and the rate limiter on their own: an unexpected exception becomes a
generic 500 in the error shape (no trace, a request id to quote); buckets refill at their rate."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sanctionwatch.api.metrics import ApiMetrics
from sanctionwatch.api.middleware import Envelope
from sanctionwatch.api.rate_limit import RateLimiter


async def _explode(request: Request) -> Response:
    raise RuntimeError("failed for customer " + request.query_params["who"])


async def _echo(request: Request) -> Response:
    return Response(await request.body())


def _call(method: str, path: str, content: bytes = b"") -> httpx.Response:
    # Placed as create_app places it: inside Starlette's own error middleware.
    app = Starlette(
        routes=[Route("/boom", _explode), Route("/echo", _echo, methods=["POST"])],
        middleware=[Middleware(Envelope, max_body=64, metrics=ApiMetrics())],
    )

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, path, content=content)

    return asyncio.run(run())


def test_an_unexpected_error_is_a_generic_500_with_a_request_id(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="sanctionwatch.api"):
        response = _call("GET", "/boom?who=Ivan+Petrov")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal_error"
    request_id = response.headers["x-request-id"]
    assert request_id in error["message"]
    assert "Ivan" not in response.text and "Traceback" not in response.text
    logged = [record.getMessage() for record in caplog.records]
    assert any(request_id in m and "_explode" in m for m in logged)  # the trace, server-side
    assert not any("Ivan" in m for m in logged)  # but not the message (SANCTIONWATCH_LOG_QUERIES is off)


def test_bodies_within_the_limit_reach_the_app_unchanged() -> None:
    assert _call("POST", "/echo", b"x" * 64).content == b"x" * 64
    assert _call("POST", "/echo", b"x" * 65).status_code == 413


def test_a_bucket_allows_its_burst_then_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=3, clock=lambda: now[0])
    assert [limiter.acquire("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("k") == pytest.approx(0.5)
    assert limiter.acquire("other") == 0.0
    now[0] = 0.5
    assert limiter.acquire("k") == 0.0
    assert limiter.acquire("k") > 0
    now[0] = 100.0
    assert [limiter.acquire("k") for _ in range(4)][:3] == [0.0, 0.0, 0.0]
