"""sanctionwatch: sanctions screening with official lists, a versioned store and explainable matching.

Python API (imports are lazy, so ``import sanctionwatch`` stays cheap)::

    import sanctionwatch

    result = sanctionwatch.compare(
        {"schema": "Person", "properties": {"name": ["Ivan Petrov"], "birthDate": ["1973"]}},
        {"schema": "Person", "properties": {"name": ["PETROV, Ivan Sergeyevich"]}},
    )
    result.score, result.match, result.explanation()

    screener = sanctionwatch.Screener.from_store(store, settings)   # or Screener.from_entities(...)
    alerts = screener.screen(query_entity, threshold=0.7, limit=10)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sanctionwatch.match import MatchConfig, MatchResult
    from sanctionwatch.model import Entity
    from sanctionwatch.screen import Alert as Alert
    from sanctionwatch.screen import Screener as Screener

# Public names resolved on first use: name -> module that defines it.
_LAZY = {
    "Screener": "sanctionwatch.screen.screener",
    "Alert": "sanctionwatch.screen.alert",
}


def compare(
    query: Entity | Mapping[str, Any],
    candidate: Entity | Mapping[str, Any],
    config: MatchConfig | None = None,
) -> MatchResult:
    """Score how well ``candidate`` matches ``query``.

    Each side is an :class:`~sanctionwatch.model.Entity` or an FtM-style dict
    ``{"schema": "Person", "properties": {"name": [...], "birthDate": [...], ...}}``. The result
    has a calibrated ``score`` in [0, 1], ``match`` (score >= the configured threshold), the names
    that matched, and ``explanation()``: per-part alignment and each feature's contribution.
    Raises :class:`~sanctionwatch.screen.QueryError` for a dict that is not a valid entity.
    """
    from sanctionwatch.match import Matcher
    from sanctionwatch.screen.pairs import compare_pair

    return compare_pair(query, candidate, Matcher(config) if config is not None else None)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sanctionwatch' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = ["Alert", "Screener", "__version__", "compare"]
