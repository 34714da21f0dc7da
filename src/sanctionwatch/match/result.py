"""What a comparison returns: the score, the best name pair, and every feature's contribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.match.alignment import PartMatch, Unit, describe
from sanctionwatch.match.prepared import PreparedName

#: What the part alignment is rebuilt from when asked: the two names, the chosen units, and
#: whether the names were compared across scripts.
AlignmentSource = tuple[PreparedName, PreparedName, tuple[Unit, ...], bool]


@dataclass(slots=True, frozen=True)
class FeatureScore:
    """One feature's verdict: ``score`` (its own scale, see the feature), ``weight``, and
    ``contribution`` (what it added to or took from the final score), with the reason in ``detail``."""

    name: str
    weight: float
    score: float
    detail: str
    contribution: float = 0.0


@dataclass(slots=True, frozen=True)
class MatchResult:
    """The outcome of comparing a query with a list entity."""

    score: float  # calibrated, in [0, 1]
    match: bool  # score >= threshold
    query_name: str  # the query name that matched best (original text)
    matched_name: str  # the list name it matched (original text)
    features: tuple[FeatureScore, ...]
    threshold: float = 0.0
    aligned: AlignmentSource | None = None  # raw alignment data; formatted only when asked
    query_form: str = ""  # the compared (normalised, romanised) forms of the two names
    matched_form: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def alignment(self) -> tuple[PartMatch, ...]:
        """The part alignment in words (built on demand: most comparisons never need it)."""
        if self.aligned is None:
            return ()
        q, c, units, crossing = self.aligned
        return describe(q, c, list(units), crossing)

    def explanation(self) -> dict[str, Any]:
        """JSON-ready account of the decision: names, part alignment, and each feature's contribution."""
        return {
            "score": round(self.score, 4),
            "match": self.match,
            "threshold": self.threshold,
            "query_name": self.query_name,
            "matched_name": self.matched_name,
            "compared_as": {"query": self.query_form, "list": self.matched_form},
            "alignment": [
                {"query_part": p.query, "list_part": p.candidate, "similarity": p.similarity, "how": p.how}
                for p in self.alignment
            ],
            "features": [
                {
                    "feature": f.name,
                    "weight": f.weight,
                    "score": round(f.score, 4),
                    "contribution": round(f.contribution, 4),
                    "detail": f.detail,
                }
                for f in self.features
            ],
            "notes": list(self.notes),
        }
