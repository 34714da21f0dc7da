"""Matching: does a query (a name with whatever else is known) belong to a listed party?

:func:`prepare` normalises an entity once; :class:`Matcher` compares prepared entities with
named, weighted features (:mod:`sanctionwatch.match.features`) into one score in [0, 1] with an
explanation an analyst can defend (:meth:`MatchResult.explanation`).
"""

from sanctionwatch.match.alignment import PartMatch
from sanctionwatch.match.config import MatchConfig
from sanctionwatch.match.frequencies import TokenFrequencies
from sanctionwatch.match.matcher import Matcher
from sanctionwatch.match.prepared import PreparedEntity, PreparedName, prepare, prepare_name
from sanctionwatch.match.result import FeatureScore, MatchResult

__all__ = [
    "FeatureScore",
    "MatchConfig",
    "MatchResult",
    "Matcher",
    "PartMatch",
    "PreparedEntity",
    "PreparedName",
    "TokenFrequencies",
    "prepare",
    "prepare_name",
]
