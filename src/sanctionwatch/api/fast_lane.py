"""The hottest routes served straight from the envelope, past Starlette's middleware and routing.

``POST /v1/screen`` is most of the traffic. Starlette's error and exit-stack middlewares, the
router's scan of every route and FastAPI's request wrapper cost about a tenth of a screening
request's CPU time, and give that route nothing it needs: it reads its own body, its guard and
endpoint are the route's own, and its errors are :class:`SanctionwatchError` s, answered here exactly
as the app's exception handlers answer them. Everything else goes through the app as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from sanctionwatch.api.access import DIRECT
from sanctionwatch.api.errors import error_response, request_id_of
from sanctionwatch.errors import SanctionwatchError

Handler = Callable[[Request], Coroutine[Any, Any, Response]]

#: (method, path) of the routes served in the fast lane.
FAST_ROUTES = frozenset({("POST", "/v1/screen")})


class FastLane:
    """ASGI middleware inside the envelope: the :data:`FAST_ROUTES` among ``routes`` (direct
    endpoints only, see :func:`~sanctionwatch.api.access.direct`) served directly, any other
    request passed on to ``app``."""

    def __init__(self, app: ASGIApp, *, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self._routes: dict[tuple[str, str], tuple[APIRoute, Handler]] = {}
        for route in routes:
            if isinstance(route, APIRoute) and route.endpoint in DIRECT:
                for method in route.methods or ():
                    if (method, route.path) in FAST_ROUTES:
                        self._routes[method, route.path] = (route, route.get_route_handler())

    def served(self) -> frozenset[tuple[str, str]]:
        """(method, path) of the routes this lane serves itself."""
        return frozenset(self._routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = None
        if scope["type"] == "http" and not scope.get("root_path"):
            found = self._routes.get((scope["method"], scope["path"]))
        if found is None:
            await self.app(scope, receive, send)
            return
        route, handler = found
        scope["route"] = route  # as the router sets it (the metrics' route template)
        request = Request(scope, receive, send)
        try:
            response = await handler(request)
        except SanctionwatchError as exc:
            response = error_response(exc, request_id_of(request))
        await response(scope, receive, send)
