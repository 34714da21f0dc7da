"""An alert: a query that matched a listed entity well enough to be looked at by a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Field order of an alert in every output format.
ALERT_FIELDS = (
    "query_id",
    "entity_id",
    "source",
    "source_id",
    "schema",
    "matched_name",
    "query_name",
    "score",
    "explanation",
)


@dataclass(slots=True, frozen=True)
class Alert:
    """A query matched a list entity: which, on which names, how strongly and why."""

    query_id: str
    entity_id: str
    source: str  # list key (ofac_sdn, un_sc, ...)
    source_id: str  # the list's own id of the entity
    schema: str
    matched_name: str  # the list name that matched best
    query_name: str  # the query name it matched
    score: float  # in [0, 1]
    explanation: dict[str, Any]  # JSON-ready: names, part alignment, feature contributions

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in :data:`ALERT_FIELDS` order."""
        return {
            "query_id": self.query_id,
            "entity_id": self.entity_id,
            "source": self.source,
            "source_id": self.source_id,
            "schema": self.schema,
            "matched_name": self.matched_name,
            "query_name": self.query_name,
            "score": self.score,
            "explanation": self.explanation,
        }
