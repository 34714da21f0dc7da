"""Every API error in the one JSON shape of :mod:`sanctionwatch.errors`.

``{"error": {"code", "message", "details"}}`` with the error's HTTP status and the request id in the
``X-Request-ID`` header. FastAPI's own errors (validation, unknown route, wrong method) are
converted to it; anything unexpected becomes a generic 500 (see :mod:`.middleware`), never a trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from sanctionwatch.errors import (
    InvalidJson,
    Location,
    Problem,
    RateLimited,
    SanctionwatchError,
    Unauthenticated,
    ValidationFailed,
)

REQUEST_ID_HEADER = "X-Request-ID"
#: ``Location.file`` of problems found in a request (the ``field`` says where in it).
REQUEST = "request"


class HttpError(SanctionwatchError):
    """A routing-level error (unknown path, wrong method) with its status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def field_problem(field: str, message: str, record: str | None = None) -> Problem:
    """A problem with one field of the request (``field`` like ``queries[0].schema``)."""
    return Problem(Location(REQUEST, record=record, field=field), message)


def error_response(error: SanctionwatchError, request_id: str | None = None) -> Response:
    """The JSON response for ``error``."""
    headers = {REQUEST_ID_HEADER: request_id} if request_id else {}
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return Response(
        orjson.dumps(error.to_dict()),
        status_code=error.status,
        media_type="application/json",
        headers=headers,
    )


def _field_path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def validation_error(errors: Iterable[Mapping[str, Any]]) -> SanctionwatchError:
    """FastAPI/pydantic errors -> one error listing each field (400 for JSON that does not parse)."""
    problems: list[Problem] = []
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "malformed JSON")
            return InvalidJson(f"the request body is not valid JSON: {reason}")
        loc = tuple(error.get("loc", ()))
        problems.append(field_problem(_field_path(loc), str(error.get("msg", "invalid value"))))
    count = len(problems)
    noun = "field" if count == 1 else "fields"
    return ValidationFailed(f"invalid request: {count} {noun} failed validation", problems=tuple(problems))


def request_id_of(request: Request) -> str | None:
    value = request.scope.get("state", {}).get("request_id")
    return value if isinstance(value, str) else None


async def _on_sanctionwatch_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SanctionwatchError)
    return error_response(exc, request_id_of(request))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(validation_error(exc.errors()), request_id_of(request))


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    return error_response(HttpError(exc.status_code, code, message), request_id_of(request))


def install_error_handlers(app: FastAPI) -> None:
    """Render every handled error in the one JSON shape."""
    app.add_exception_handler(SanctionwatchError, _on_sanctionwatch_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
