"""Candidate generation: which listed entities are worth comparing with a query at all.

Every name of every entity is indexed under *terms*: its normalised tokens, each pair of adjacent
tokens written as one ("abu bakr" ~ "abubakr"), and the phonetic/skeleton keys ``prepare`` computes
(romanisation-variant-insensitive). A query name collects the same terms plus, for tokens of
:data:`~sanctionwatch.index.typos.MIN_TYPO_LENGTH` letters or more, the list tokens one typo away.
Names score the summed rarity (idf) of the terms they share with the query, and each entity takes
the score of its best name, so reordered, transliterated and misspelt names still meet.

Terms carried by very many names (generic words such as "trading" or "bank", common given names)
never *introduce* candidates once rarer terms have found some; they only add to the score of the
candidates already found. That keeps the work per query small and stops generic words flooding
the candidates with unrelated names.

Candidates are ranked by a Dice coefficient over rarity-weighted terms (the weight a list name
shares with the query relative to both names' weights), so a name matched in full outranks a long
name that merely shares a word; :class:`~sanctionwatch.screen.Screener` compares only the best few.

The structures are flat: posting lists are one ``array`` of name ids with an offsets array (CSR
layout), terms map to integer ids, and each prepared entity is stored pickled on its own and
unpickled only when it first becomes a candidate; loading an index is close to a memory copy.
"""

from __future__ import annotations

import gc
import heapq
import math
import os
import pickle
from array import array
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ConfigurationError
from sanctionwatch.index.typos import MIN_TYPO_LENGTH, deletion_keys
from sanctionwatch.match import PreparedEntity, PreparedName, TokenFrequencies, prepare
from sanctionwatch.model import Entity

#: Bumped whenever the saved layout changes, so older cache files are rebuilt, not misread.
FORMAT_VERSION = 3
#: Most prepared entities kept unpickled per process (about 10 kB each).
ENTITY_CACHE_SIZE = 30_000
#: Postings read per query to introduce candidates (rarest terms first); terms beyond it only
#: add weight to candidates found already, so generic words cannot flood the candidates.
INTRODUCE_BUDGET = 500
#: A list token one typo away from a query token counts this much of its rarity.
TYPO_FACTOR = 0.7
# Keys live in their own namespace so a key never collides with a token of the same spelling.
_KEY_PREFIX = "\x01"


@dataclass(slots=True)
class _Postings:
    """Term -> name ids in CSR layout, built incrementally."""

    terms: dict[str, int] = field(default_factory=dict)
    lists: list[list[int]] = field(default_factory=list)

    def add(self, term: str, name_id: int) -> None:
        term_id = self.terms.setdefault(term, len(self.terms))
        if term_id == len(self.lists):
            self.lists.append([])
        self.lists[term_id].append(name_id)


def _name_terms(name: PreparedName) -> set[str]:
    tokens = name.tokens
    terms = set(tokens)
    terms.update(a + b for a, b in pairwise(tokens))
    terms.update(_KEY_PREFIX + key for key in name.keys)
    terms.update(_KEY_PREFIX + key for key in name.pair_keys)
    return terms


class NameIndex:
    """Every name of every entity, indexed for fast candidate look-up (see the module docstring).

    Build it with :meth:`build` (or load a saved one with :meth:`load`); then
    :meth:`candidates` returns the entities most worth comparing with a prepared query.
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self.fingerprint: str = state["fingerprint"]
        self._blobs: list[bytes] = state["blobs"]
        # Entities are unpickled on first use (loading 60k prepared entities eagerly takes seconds
        # and half a gigabyte); at most ENTITY_CACHE_SIZE stay unpickled per process.
        self._prepared: dict[int, PreparedEntity] = {}
        self.frequencies: TokenFrequencies = state["frequencies"]
        self.sources: list[str] = state["sources"]
        self._state = state
        # Arrays are compact on disk; in memory the hot ones become lists, whose items are
        # ready Python objects (indexing an array allocates a new int or float every time).
        self._entity_source: list[int] = state["entity_source"].tolist()
        self._name_entity: list[int] = state["name_entity"].tolist()
        self._terms: dict[str, int] = state["terms"]
        self._offsets: list[int] = state["offsets"].tolist()
        self._postings: list[int] = state["postings"].tolist()
        self._weights: list[float] = state["weights"].tolist()
        self._norms: list[float] = state["norms"].tolist()
        self._typos: dict[str, int] = state["typos"]
        self._typo_offsets: list[int] = state["typo_offsets"].tolist()
        self._typo_terms: list[int] = state["typo_terms"].tolist()
        self._common: dict[int, frozenset[int]] = {}  # built lazily, per process

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, entities: Iterable[Entity], fingerprint: str = "") -> NameIndex:
        """Prepare every entity and index all its names; ``fingerprint`` names the list versions."""
        prepared = [prepare(entity) for entity in entities]
        return cls.from_prepared(prepared, fingerprint)

    @classmethod
    def from_prepared(cls, prepared: list[PreparedEntity], fingerprint: str = "") -> NameIndex:
        """Index entities that are already prepared."""
        sources: dict[str, int] = {}
        entity_source = array("H")
        name_entity = array("i")
        postings = _Postings()
        tokens: set[str] = set()
        for entity_id, entity in enumerate(prepared):
            entity_source.append(sources.setdefault(entity.entity.source, len(sources)))
            for name in entity.names:
                name_id = len(name_entity)
                name_entity.append(entity_id)
                tokens.update(name.tokens)
                for term in _name_terms(name):
                    postings.add(term, name_id)
        state: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "fingerprint": fingerprint,
            "blobs": [pickle.dumps(entity, protocol=5) for entity in prepared],
            "frequencies": TokenFrequencies.build(prepared),
            "sources": list(sources),
            "entity_source": entity_source,
            "name_entity": name_entity,
        }
        state.update(_flatten(postings, len(name_entity)))
        state.update(_typo_table(postings.terms, tokens))
        index = cls(state)
        index._prepared.update(enumerate(prepared[:ENTITY_CACHE_SIZE]))
        return index

    # -- persistence ----------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a reader never sees a half-written file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self._state, handle, protocol=5)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> NameIndex:
        """Read an index written by :meth:`save`. Only load files this program wrote: the
        format is pickle, which must never come from an untrusted party."""
        # Millions of small objects: the cyclic GC would rescan them repeatedly while loading.
        enabled = gc.isenabled()
        gc.disable()
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)  # noqa: S301 - our own cache file, see docstring
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as exc:
            raise ConfigurationError(f"{path}: unreadable index ({exc})") from None
        finally:
            if enabled:
                gc.enable()
        if not isinstance(state, dict) or state.get("format") != FORMAT_VERSION:
            raise ConfigurationError(f"{path}: not an index of format {FORMAT_VERSION}")
        return cls(state)

    # -- querying -------------------------------------------------------------------------------

    @property
    def name_count(self) -> int:
        return len(self._name_entity)

    @property
    def entity_count(self) -> int:
        return len(self._blobs)

    def entity(self, number: int) -> PreparedEntity:
        """The prepared entity with this number (0 .. entity_count - 1)."""
        prepared = self._prepared.get(number)
        if prepared is None:
            prepared = pickle.loads(self._blobs[number])  # noqa: S301 - written by build(), see load()
            if len(self._prepared) >= ENTITY_CACHE_SIZE:
                del self._prepared[next(iter(self._prepared))]  # first in, first out
            self._prepared[number] = prepared
        return prepared

    def candidates(
        self,
        query: PreparedEntity,
        limit: int = 50,
        sources: Collection[str] | None = None,
        min_ratio: float = 0.0,
        min_score: float = 0.0,
    ) -> list[PreparedEntity]:
        """The (at most) ``limit`` entities sharing the rarest name terms with ``query``, best
        first; only entities of the lists in ``sources`` when given, and only those scoring at
        least ``min_score`` and ``min_ratio`` times the best candidate's score.

        Candidate scores are in [0, 1]: the weight a list name shares with the query relative to
        the weight of both (a Dice coefficient over rarity-weighted terms).
        """
        return [self.entity(i) for i, _ in self.ranked(query, limit, sources, min_ratio, min_score)]

    def ranked(
        self,
        query: PreparedEntity,
        limit: int = 50,
        sources: Collection[str] | None = None,
        min_ratio: float = 0.0,
        min_score: float = 0.0,
    ) -> list[tuple[int, float]]:
        """(entity number, candidate score) of the best ``limit`` candidates, best first (see
        :meth:`candidates`)."""
        query_terms, query_norm = self._query_terms(query)
        scores = self._name_scores(query_terms)
        if scores and sources is not None:
            allowed = {i for i, s in enumerate(self.sources) if s in sources}
            owner, of = self._name_entity, self._entity_source
            scores = {n: s for n, s in scores.items() if of[owner[n]] in allowed}
        if not scores:
            return []
        ranked = self._best_entities(
            scores, query_norm, limit, self._shared_floor(scores, query_norm, min_ratio, min_score)
        )
        floor = max(ranked[0][1] * min_ratio, min_score) if ranked else 0.0
        return [item for item in ranked if item[1] >= floor]

    def _shared_floor(
        self, scores: dict[int, float], query_norm: float, min_ratio: float, min_score: float
    ) -> float:
        """Least shared weight a name needs to possibly reach both cut-offs.

        A name sharing weight ``s`` scores at most ``2 s / query_norm``; and the name sharing the
        most weight gives a lower bound ``low`` of the best score, so names below
        ``min_ratio * low`` can never make the cut either.
        """
        floor = min_score * query_norm / 2.0
        if min_ratio > 0.0:
            top, shared = max(scores.items(), key=itemgetter(1))
            low = 2.0 * shared / (query_norm + self._norms[top])
            floor = max(floor, min_ratio * low * query_norm / 2.0)
        return floor

    def _query_terms(self, query: PreparedEntity) -> tuple[dict[int, float], float]:
        """Term id -> weight of everything the query's names would be indexed under, plus the
        list tokens one typo away from its longer tokens; and the weight of its weightiest name."""
        terms, weights = self._terms, self._weights
        found: dict[int, float] = {}
        norm = 0.0
        for name in query.names:
            own = {t: weights[t] for t in map(terms.get, _name_terms(name)) if t is not None}
            found.update(own)
            norm = max(norm, sum(own.values()))
        for name in query.names:
            for token in name.tokens:
                if len(token) >= MIN_TYPO_LENGTH:
                    self._add_typos(token, found)
        return found, norm

    def _add_typos(self, token: str, found: dict[int, float]) -> None:
        typos, offsets, members, weights = self._typos, self._typo_offsets, self._typo_terms, self._weights
        for key in deletion_keys(token):
            group = typos.get(key)
            if group is None:
                continue
            term_ids = (group,) if group >= 0 else members[offsets[~group] : offsets[~group + 1]]
            for term_id in term_ids:
                weight = weights[term_id] * TYPO_FACTOR
                if found.get(term_id, 0.0) < weight:
                    found[term_id] = weight

    def _name_scores(self, query_terms: dict[int, float]) -> dict[int, float]:
        offsets, postings = self._offsets, self._postings
        scores: dict[int, float] = {}
        get = scores.get
        budget = INTRODUCE_BUDGET
        # Rarest terms first: they introduce the candidates while the budget lasts; commoner terms
        # then only add weight to the candidates already found.
        for term_id in sorted(query_terms, key=lambda t: offsets[t + 1] - offsets[t]):
            weight = query_terms[term_id]
            start, end = offsets[term_id], offsets[term_id + 1]
            if end - start <= budget or not scores:
                budget -= end - start
                for name_id in postings[start:end]:
                    scores[name_id] = get(name_id, 0.0) + weight
            elif end - start <= len(scores):
                for name_id in postings[start:end]:
                    if name_id in scores:
                        scores[name_id] += weight
            else:
                members = self._common_members(term_id)
                for name_id in scores:
                    if name_id in members:
                        scores[name_id] += weight
        return scores

    def _common_members(self, term_id: int) -> frozenset[int]:
        members = self._common.get(term_id)
        if members is None:
            members = frozenset(self._postings[self._offsets[term_id] : self._offsets[term_id + 1]])
            self._common[term_id] = members
        return members

    def _best_entities(
        self, scores: dict[int, float], query_norm: float, limit: int, floor: float
    ) -> list[tuple[int, float]]:
        # Shared weight relative to both names' weights (a Dice coefficient): a name matched in
        # full outranks a long name that merely shares one of its words.
        owner, norms = self._name_entity, self._norms
        best: dict[int, float] = {}
        get = best.get
        for name_id, shared in scores.items():
            if shared < floor:
                continue
            entity = owner[name_id]
            score = 2.0 * shared / (query_norm + norms[name_id])
            if score > get(entity, 0.0):
                best[entity] = score
        if len(best) > 4 * limit:
            return heapq.nlargest(limit, best.items(), key=itemgetter(1))
        return sorted(best.items(), key=itemgetter(1), reverse=True)[:limit]


def _flatten(postings: _Postings, name_count: int) -> dict[str, Any]:
    offsets = array("q", [0])
    flat = array("i")
    weights = array("d")
    norms = array("d", bytes(8 * name_count))  # per name: the summed weight of its terms
    for names in postings.lists:
        weight = math.log(1.0 + name_count / len(names))
        flat.extend(names)
        offsets.append(len(flat))
        weights.append(weight)
        for name_id in names:
            norms[name_id] += weight
    return {"terms": postings.terms, "offsets": offsets, "postings": flat, "weights": weights, "norms": norms}


def _typo_table(terms: dict[str, int], tokens: set[str]) -> dict[str, Any]:
    """Deletion key -> the token terms it stands for: one term id (>= 0) or ``~group``, where
    ``typo_terms[typo_offsets[group]:typo_offsets[group + 1]]`` are the term ids."""
    table: dict[str, list[int]] = {}
    for token in tokens:
        if len(token) >= MIN_TYPO_LENGTH:
            term_id = terms[token]
            for key in deletion_keys(token):
                table.setdefault(key, []).append(term_id)
    typos: dict[str, int] = {}
    offsets = array("q", [0])
    members = array("i")
    for key, term_ids in table.items():
        if len(term_ids) == 1:
            typos[key] = term_ids[0]
        else:
            typos[key] = ~(len(offsets) - 1)
            members.extend(term_ids)
            offsets.append(len(members))
    return {"typos": typos, "typo_offsets": offsets, "typo_terms": members}
