"""The fast lane serves exactly its routes, and passes everything else on to the app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.types import Receive, Scope, Send

from sanctionwatch.api import screening, yente
from sanctionwatch.api.app import create_app
from sanctionwatch.api.fast_lane import FAST_ROUTES, FastLane
from sanctionwatch.settings import Settings


def test_the_screen_route_is_in_the_fast_lane() -> None:
    lane = FastLane(_unreachable, routes=[*screening.router.routes, *yente.router.routes])
    assert lane.served() == FAST_ROUTES == {("POST", "/v1/screen")}


def test_the_app_serves_the_screen_route_in_its_fast_lane(tmp_path: Path) -> None:
    # The lane as the served app builds it, inside the envelope.
    app = create_app(Settings(data_dir=tmp_path))
    layer: object = app.build_middleware_stack()
    lanes = []
    while layer is not None:
        if isinstance(layer, FastLane):
            lanes.append(layer)
        layer = getattr(layer, "app", None)
    assert [lane.served() for lane in lanes] == [FAST_ROUTES]


def test_other_requests_go_to_the_app() -> None:
    passed: list[tuple[str, str]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        passed.append((scope["method"], scope["path"]))

    lane = FastLane(app, routes=screening.router.routes)
    for method, path in (("GET", "/v1/screen"), ("POST", "/match/default"), ("POST", "/v1/screen/")):
        scope: Scope = {"type": "http", "method": method, "path": path, "root_path": ""}
        asyncio.run(lane(scope, _no_body, _no_send))
    assert passed == [("GET", "/v1/screen"), ("POST", "/match/default"), ("POST", "/v1/screen/")]


async def _unreachable(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("not called")


async def _no_body() -> dict[str, object]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _no_send(message: object) -> None:
    raise AssertionError("nothing is sent")
