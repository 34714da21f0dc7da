"""Screening queries against the loaded lists: query files, alerts, batch runs.

:class:`Screener` is imported on first use, so reading query files does not load the matcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctionwatch.screen.alert import Alert
from sanctionwatch.screen.query import QueryError
from sanctionwatch.screen.query_file import QueryFile, QueryFormat

if TYPE_CHECKING:
    from sanctionwatch.screen.screener import Screener as Screener


def __getattr__(name: str) -> Any:
    if name == "Screener":
        from sanctionwatch.screen.screener import Screener

        return Screener
    raise AttributeError(f"module 'sanctionwatch.screen' has no attribute {name!r}")


__all__ = ["Alert", "QueryError", "QueryFile", "QueryFormat", "Screener"]
