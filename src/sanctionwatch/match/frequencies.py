"""Corpus statistics: how rare each name token is, so common tokens weigh less."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from sanctionwatch.match.prepared import PreparedEntity
from sanctionwatch.names.phonetic import skeleton

#: Lightest weight a token can have (tokens in every entity still count a little).
MIN_WEIGHT = 0.1


class TokenFrequencies:
    """Document frequency of token skeletons over list entities (each entity counts once).

    Counting skeletons rather than spellings makes Muhammad/Mohammed/Mohamed one common token.
    ``weight`` is an idf scaled to (0, 1]: a token in one entity weighs ~1, one in most entities
    :data:`MIN_WEIGHT`. Unknown tokens weigh 1 (rare by definition).
    """

    __slots__ = ("_counts", "_log_total", "_total")

    def __init__(self, counts: dict[str, int] | None = None, total: int = 0) -> None:
        self._counts: dict[str, int] = counts or {}
        self._total = total
        self._log_total = math.log(total + 1) if total > 0 else 0.0

    @classmethod
    def build(cls, entities: Iterable[PreparedEntity]) -> TokenFrequencies:
        counts: Counter[str] = Counter()
        total = 0
        for entity in entities:
            total += 1
            counts.update(entity.all_keys)
        return cls(dict(counts), total)

    def __getstate__(self) -> tuple[dict[str, int], int]:
        return self._counts, self._total

    def __setstate__(self, state: tuple[dict[str, int], int]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    @property
    def total(self) -> int:
        """Number of entities counted."""
        return self._total

    def count(self, token: str) -> int:
        """Entities whose names contain ``token`` or a romanisation variant of it."""
        return self._counts.get(skeleton(token), 0)

    def weight(self, token: str) -> float:
        """Rarity of ``token`` in (0, 1]."""
        if self._total == 0:
            return 1.0
        df = self._counts.get(skeleton(token), 0)
        if df == 0:
            return 1.0
        idf = math.log((self._total + 1) / df) / self._log_total
        return max(MIN_WEIGHT, min(1.0, math.sqrt(max(idf, 0.0))))
