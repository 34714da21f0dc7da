"""One error hierarchy for the whole system.

Every error carries the HTTP status an API would answer with and renders to one JSON shape,
``{"error": {"code": ..., "message": ..., "details": [...]}}``, so the CLI, the API and the logs
all say the same thing about the same failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, frozen=True)
class Location:
    """Where in an input a problem is: a file and, as far as known, a line, a record and a field."""

    file: str
    line: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


@dataclass(slots=True, frozen=True)
class Problem:
    """One bad record in an input: where it is and what is wrong with it."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "file": loc.file,
            "line": loc.line,
            "record": loc.record,
            "field": loc.field,
            "message": self.message,
        }


class SanctionwatchError(Exception):
    """Base of every error sanctionwatch raises on purpose."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "details": [p.to_dict() for p in self.problems],
            }
        }

    def __str__(self) -> str:
        return self.message


class ConfigurationError(SanctionwatchError):
    status = 500
    code = "configuration_error"


class InputError(SanctionwatchError):
    """The caller gave us something we cannot use (a bad query, a bad file, a bad option)."""

    status = 400
    code = "invalid_input"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"


class ParseError(InputError):
    """A list file could not be read at all, or had bad records; ``problems`` lists every one."""

    status = 422
    code = "parse_error"


class UnsafeInputError(ParseError):
    """XML with a DTD, entities or other constructs we refuse to process."""

    code = "unsafe_input"


class FetchError(SanctionwatchError):
    """Downloading a list failed (network error, bad status, timeout, size limit)."""

    status = 502
    code = "fetch_failed"


class GuardError(SanctionwatchError):
    """An update was refused by a safety check (e.g. it would drop too many entities)."""

    status = 409
    code = "update_refused"


class NotFoundError(SanctionwatchError):
    status = 404
    code = "not_found"


class StoreError(SanctionwatchError):
    status = 503
    code = "store_unavailable"


# Errors of the HTTP API: requests that are invalid, unauthenticated, not allowed or too many.


class ValidationFailed(InputError):
    """The request is well-formed JSON but not a valid request: ``details`` lists every field."""

    status = 422
    code = "validation_failed"


class InvalidJson(InputError):
    status = 400
    code = "invalid_json"


class Unauthenticated(SanctionwatchError):
    status = 401
    code = "unauthenticated"


class Forbidden(SanctionwatchError):
    status = 403
    code = "forbidden"


class PayloadTooLarge(SanctionwatchError):
    status = 413
    code = "payload_too_large"


class RateLimited(SanctionwatchError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotReady(SanctionwatchError):
    """The service is still loading its lists."""

    status = 503
    code = "not_ready"
