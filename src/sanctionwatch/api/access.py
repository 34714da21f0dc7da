"""Who may call what: bearer API keys, roles, and the per-key rate limit.

Every protected route checks, before its body is even parsed: a key is present and valid (else 401
with ``WWW-Authenticate: Bearer``), the key's role grants the route's permission (else 403), and
the key is within its rate (else 429 with ``Retry-After``). Verified keys are cached in-process for
``Settings.api_key_cache_seconds`` (unknown keys too), so the request path does no database read;
a revoked key therefore stops working within that many seconds.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import anyio.to_thread
from fastapi import Request, Response
from fastapi.routing import APIRoute

from sanctionwatch.api.rate_limit import RateLimiter
from sanctionwatch.errors import Forbidden, RateLimited, Unauthenticated


class Permission(StrEnum):
    SCREEN = "screen"  # screening endpoints
    READ = "read"  # entities, search, lists, changes
    ADMIN = "admin"  # list updates, metrics


#: What each role may do (the roles of ``sanctionwatch keys create --role``).
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "screen": frozenset({Permission.SCREEN}),
    "analyst": frozenset({Permission.SCREEN, Permission.READ}),
    "admin": frozenset({Permission.SCREEN, Permission.READ, Permission.ADMIN}),
}

#: Longest bearer token looked at; real keys are ~50 characters.
MAX_TOKEN_CHARS = 256
#: Keys remembered at most (valid and invalid); the cache is cleared when it is full.
MAX_CACHED_KEYS = 10_000


@dataclass(slots=True, frozen=True)
class Principal:
    """The caller: the public prefix of its key (safe to log) and its role."""

    key_prefix: str
    role: str

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


#: Verifies a full key against the store: the caller, or None for an unknown or revoked key.
KeyVerifier = Callable[[str], Principal | None]


class Gatekeeper:
    """Authenticates, authorises and rate-limits requests (see the module docstring)."""

    def __init__(self, verify: KeyVerifier, limiter: RateLimiter, cache_seconds: float) -> None:
        self._verify = verify
        self._limiter = limiter
        self._ttl = cache_seconds
        self._cache: dict[str, tuple[float, Principal | None]] = {}

    async def admit(self, request: Request, permission: Permission) -> Principal:
        """The caller of ``request`` if it may use ``permission`` now; raises 401/403/429 errors."""
        principal = await self._authenticate(request.headers.get("authorization"))
        if not principal.may(permission):
            raise Forbidden(
                f"the {principal.role!r} role may not use this endpoint (needs {permission.value!r})"
            )
        wait = self._limiter.acquire(principal.key_prefix)
        if wait > 0:
            raise RateLimited(
                f"rate limit of key {principal.key_prefix} exceeded", retry_after=max(1, math.ceil(wait))
            )
        state = request.scope.setdefault("state", {})
        state["principal"] = principal
        state["key_prefix"] = principal.key_prefix
        return principal

    async def _authenticate(self, header: str | None) -> Principal:
        if not header:
            raise Unauthenticated("missing credentials: send 'Authorization: Bearer <API key>'")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_CHARS:
            raise Unauthenticated("malformed credentials: send 'Authorization: Bearer <API key>'")
        principal = await self._lookup(token)
        if principal is None:
            raise Unauthenticated("invalid or revoked API key")
        return principal

    async def _lookup(self, token: str) -> Principal | None:
        # Cached by digest, so the process does not keep raw keys around.
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        principal = await anyio.to_thread.run_sync(self._verify, token)
        if len(self._cache) >= MAX_CACHED_KEYS:
            self._cache.clear()
        self._cache[digest] = (now + self._ttl, principal)
        return principal


def principal_of(request: Request) -> Principal:
    """The caller admitted by the route's guard."""
    principal = request.scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal):
        raise Unauthenticated("missing credentials")
    return principal


Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


def direct(endpoint: Endpoint) -> Endpoint:
    """Mark a hot endpoint that takes the bare request and parses it itself: its route then skips
    FastAPI's dependency solving (a seventh of a screening request's CPU time). Its body and
    security are documented through ``openapi_extra`` and the router's dependencies."""
    DIRECT.add(endpoint)
    return endpoint


#: Endpoints marked with :func:`direct`.
DIRECT: set[Endpoint] = set()


def guarded_route(permission: Permission) -> type[APIRoute]:
    """A route class whose requests pass the app's :class:`Gatekeeper` before anything else
    (before the body is parsed, so an anonymous caller learns nothing from validation errors)."""

    class GuardedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler: Endpoint = self.endpoint if self.endpoint in DIRECT else super().get_route_handler()

            async def guarded(request: Request) -> Response:
                gatekeeper: Gatekeeper = request.app.state.gatekeeper
                await gatekeeper.admit(request, permission)
                return await handler(request)

            return guarded

    GuardedRoute.__name__ = f"{permission.value.title()}Route"
    return GuardedRoute
