"""Candidate generation: which listed entities are worth comparing with a query at all.

Every name of every entity is filed under its terms (:mod:`.terms`): tokens, adjacent tokens
joined, and their phonetic keys. Each part (token) of a query name looks up

- its own spelling and its phonetic key,
- the list tokens one typo away, and for long tokens two (:mod:`.typos`), at reduced credit,
- the list keys one edit away (romanisations the keys do not unify: Kuznetsov/Kusnezow), reduced,
- its pairs with the neighbouring parts written as one, and the list tokens it starts or ends with
  (split or joined words), and
- for an initial, any list token with that first letter (only among candidates found otherwise).

A part is credited once, with its best look-up, times its weight (the rarity of its phonetic
key). A list name's candidate score mirrors the matcher: mostly how much of the query's weight it
covers, partly how much of its own weight the query covers; an entity takes its best name's
score. So a query that abbreviates given names, drops middle names, or misspells one part still
ranks its entity first, while a name sharing one common word with the query ranks low.

Terms carried by very many names (generic words, common given names) never *introduce*
candidates once rarer terms have found some; they only credit the candidates already found. That
keeps the work per query small and stops generic words flooding the candidates.

The structures are flat: posting lists are one array of name ids with an offsets array (CSR
layout), terms map to integer ids, and each prepared entity is stored packed on its own and
unpacked only when it becomes a candidate (:mod:`.entity_store`); loading an index is close to a
memory copy.
"""

from __future__ import annotations

import gc
import heapq
import math
import mmap
import os
import pickle
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from sanctionwatch.errors import ConfigurationError
from sanctionwatch.index.entity_store import CACHE_SIZE as ENTITY_CACHE_SIZE
from sanctionwatch.index.entity_store import EntityStore, pack
from sanctionwatch.index.preparation import prepare_all
from sanctionwatch.index.terms import (
    INITIAL_WEIGHT,
    KEY_PREFIX,
    SYLLABLE_PREFIX,
    WHOLE_PREFIX,
    first_letters,
    is_initial,
    letter_bit,
    name_terms,
)
from sanctionwatch.index.typos import (
    MIN_DOUBLE_TYPO_LENGTH,
    MIN_KEY_TYPO_LENGTH,
    MIN_TYPO_LENGTH,
    SHORT_TYPO_LENGTH,
    deletion_keys,
    deletions,
    double_deletions,
    respellings,
)
from sanctionwatch.match import PreparedEntity, PreparedName, TokenFrequencies
from sanctionwatch.match.alignment import written_compact
from sanctionwatch.model import Entity
from sanctionwatch.names import skeleton
from sanctionwatch.names.given_names import GIVEN_NAME_FORMS
from sanctionwatch.names.phonetic import hushing_skeletons, reading_skeletons
from sanctionwatch.names.syllables import east_asian_name, whole_syllable_key

#: Bumped whenever the saved layout changes, so older cache files are rebuilt, not misread.
FORMAT_VERSION = 7
#: An index file starts with these bytes, then the length of its packed-entity region (8 bytes,
#: little-endian), the region, and the pickles of the rest.
MAGIC = b"SWINDEX7"
_REGION_START = len(MAGIC) + 8
#: The big containers of a saved index, written in pieces of this many items: unpickling one
#: piece holds the GIL for a few ms, so a server that loads a new index in a background thread
#: keeps answering requests meanwhile (one whole pickle: ~0.4 s).
PIECE_ITEMS = {"keys": 8_192, "terms": 8_192, "typos": 8_192}
_LIST_PIECES = frozenset({"keys"})
#: Array items turned into a Python list per step while loading (same reason).
LIST_STEP = 131_072
#: Postings read per query name to introduce candidates (rarest terms first); terms beyond it
#: only credit candidates found already, so generic words cannot flood the candidates.
INTRODUCE_BUDGET = 600
#: Credit of a part matched through its phonetic key only (another romanisation); short keys
#: (three consonants or fewer) are shared by many unrelated names, so they earn less.
KEY_FACTOR = 0.9
SHORT_KEY_FACTOR = 0.75
SHORT_KEY = 3
#: Credit of a part matched through its key read with the hushing letters a scientific
#: romanisation lost their diacritics on (Kuncevic: c for ц and ч, as Kuntsevich).
HUSHING_FACTOR = 0.85
#: Credit of a part matched through its key read as a German/French romanisation of Cyrillic
#: (Prigoschin as Prigozhin, Poutine as Putin).
READING_FACTOR = 0.85
#: Credit of a part matched through a Korean/Chinese syllable key (another romanisation system).
SYLLABLE_FACTOR = 0.85
#: Credit of a part matched through a list token one typo away.
TYPO_FACTOR = 0.7
#: Credit of a part matched through a list key one edit away.
KEY_TYPO_FACTOR = 0.6
#: Credit of a long part matched through a list token two typos away.
DOUBLE_TYPO_FACTOR = 0.5
#: Credit of a part matched through a list token it starts or ends with (words written together),
#: and the shortest such token.
SPLIT_FACTOR = 0.6
MIN_SPLIT = 4
#: Share of the candidate score that is the query's covered weight (the rest: the list name's).
QUERY_SIDE = 0.75
#: List names covering less of the query's weight than this are never candidates.
MIN_COVERAGE = 0.2
#: Postings read per query name to introduce candidates through near spellings (typos, other
#: romanisations) of parts the lists do not know as written.
FUZZY_BUDGET = 300
# Look-up tiers, in the order they introduce candidates: exact spellings and keys, then near
# spellings by decreasing credit; the last tier only credits candidates found by the others.
_DIRECT = 0
# Hushing readings and syllable keys come after the direct look-ups, so that a name found by its
# spelling is credited for it (a part is credited by the first look-up that finds the name).
_FUZZY_TIERS = {
    HUSHING_FACTOR: 1,
    READING_FACTOR: 1,
    SYLLABLE_FACTOR: 1,
    TYPO_FACTOR: 1,
    KEY_TYPO_FACTOR: 2,
    SPLIT_FACTOR: 2,
    DOUBLE_TYPO_FACTOR: 3,
}  # others: direct
_CREDIT_ONLY = 4
#: Most postings the cheaper of two parts' deferred look-ups may read to find the names both
#: parts match (see NameIndex._corroborated).
CORROBORATION_LIMIT = 5_000
#: Frozen posting sets kept per process for common terms (membership tests).
COMMON_CACHE_SIZE = 4_000
#: Query names of this many parts are also looked up written as one word (two parts: see pairs).
MIN_JOINED_PARTS = 3
MAX_JOINED_PARTS = 12
#: Query tokens (and token pairs) whose look-ups are remembered per process.
PLAN_CACHE_SIZE = 50_000

# One look-up of a query token: tier, posting list size, term id, credit.
_Lookup = tuple[int, int, int, float]


@dataclass(slots=True)
class _Plan:
    """One query name's look-ups: per part, its weight; per term, the part it credits and how much."""

    weights: list[float] = field(default_factory=list)
    lookups: list[tuple[int, int, int, int, float]] = field(
        default_factory=list
    )  # tier, size, term, part, credit
    initials: list[tuple[int, int]] = field(default_factory=list)  # (part, first-letter bit)
    joined: set[int] = field(default_factory=set)  # terms looked up for parts written as one

    @property
    def total(self) -> float:
        return sum(self.weights)


class NameIndex:
    """Every name of every entity, indexed for fast candidate look-up (see the module docstring).

    Build it with :meth:`build` (or load a saved one with :meth:`load`); then
    :meth:`candidates` returns the entities most worth comparing with a prepared query.
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self.fingerprint: str = state["fingerprint"]
        self.frequencies: TokenFrequencies = state["frequencies"]
        self.sources: list[str] = state["sources"]
        self._state = state
        self._store = EntityStore(state["blobs"])
        # Hot arrays become lists: their items are ready Python objects (indexing an array
        # allocates a new int or float every time).
        self._entity_source: list[int] = _listed(state["entity_source"])
        self._name_entity: list[int] = _listed(state["name_entity"])
        self._terms: dict[str, int] = state["terms"]
        self._offsets: list[int] = _listed(state["offsets"])
        self._postings: list[int] = _listed(state["postings"])
        self._weights: array[float] = state["weights"]
        self._inverse_norms: list[float] = [1.0 / n if n > 0.0 else 0.0 for n in state["norms"]]
        self._letters: list[int] = _listed(state["letters"])
        self._typos: dict[str, int] = state["typos"]
        self._typo_offsets: array[int] = state["typo_offsets"]
        self._typo_terms: array[int] = state["typo_terms"]
        self._unknown_weight = math.log(1.0 + len(self._name_entity) / 3.0)
        self._common: dict[int, frozenset[int]] = {}  # built lazily, per process
        self._token_plans: dict[tuple[str, str], tuple[float, list[_Lookup]]] = {}
        self._pair_plans: dict[tuple[str, str | None], list[_Lookup]] = {}  # joined tokens
        self._short_plans: dict[str, list[_Lookup]] = {}  # respelt short tokens

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(
        cls, entities: Iterable[Entity], fingerprint: str = "", workers: int | None = None
    ) -> NameIndex:
        """Prepare every entity (on ``workers`` processes; default: up to 2 for large lists)
        and index all its names; ``fingerprint`` names the list versions."""
        prepared, blobs = prepare_all(list(entities), workers)
        return cls.from_prepared(prepared, fingerprint, blobs)

    @classmethod
    def from_prepared(
        cls,
        prepared: Iterable[PreparedEntity],
        fingerprint: str = "",
        blobs: list[bytes] | None = None,
        provenance: Provenance | None = None,
    ) -> NameIndex:
        """Index entities that are already prepared, in one pass (a stream of them is never held
        whole); ``blobs``: the same entities packed; ``provenance``: what lets a later build
        reuse them (see :func:`reusable_entities`)."""
        layout = _Layout()
        packed: list[bytes] = [] if blobs is None else blobs
        first: list[PreparedEntity] = []  # kept unpacked in the new index's entity cache

        def laid_out() -> Iterator[PreparedEntity]:
            for entity in prepared:
                layout.add(entity)
                if blobs is None:
                    packed.append(pack(entity))
                if len(first) < ENTITY_CACHE_SIZE:
                    first.append(entity)
                yield entity

        frequencies = TokenFrequencies.build(laid_out())  # the same single pass
        state: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "fingerprint": fingerprint,
            "code": provenance.code if provenance is not None else "",
            "keys": list(provenance.keys) if provenance is not None else [],
            "blobs": packed,
            "frequencies": frequencies,
        }
        state.update(layout.finish())
        index = cls(state)
        for number, entity in enumerate(first):
            index._store.remember(number, entity)
        return index

    # -- persistence ----------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a reader never sees a half-written file): the
        packed entities back to back, then a head pickle and the pieces of the big containers
        (:data:`PIECE_ITEMS`)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        state = self._state
        skip = {"blobs", *PIECE_ITEMS}
        head = {key: value for key, value in state.items() if key not in skip}
        head["pieces"] = {key: -(-len(state[key]) // size) for key, size in PIECE_ITEMS.items()}
        with tmp.open("wb") as handle:
            handle.write(MAGIC + bytes(8))
            offsets = array("q", [0])
            for blob in state["blobs"]:
                handle.write(blob)
                offsets.append(offsets[-1] + len(blob))
            head["blob_offsets"] = offsets
            pickle.dump(head, handle, protocol=pickle.HIGHEST_PROTOCOL)
            for key, size in PIECE_ITEMS.items():
                for piece in _pieces(state[key], size):
                    pickle.dump(piece, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(MAGIC))
            handle.write(offsets[-1].to_bytes(8, "little"))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> NameIndex:
        """Read an index written by :meth:`save`. Only load files this program wrote: the
        format is pickle, which must never come from an untrusted party. The packed entities
        stay in the file, mapped into memory: processes loading the same index share them."""
        return cls(_open_state(path))

    # -- querying -------------------------------------------------------------------------------

    @property
    def name_count(self) -> int:
        return len(self._name_entity)

    @property
    def entity_count(self) -> int:
        return len(self._store)

    def entity(self, number: int) -> PreparedEntity:
        """The prepared entity with this number (0 .. entity_count - 1)."""
        return self._store.get(number)

    def candidates(
        self,
        query: PreparedEntity,
        limit: int = 50,
        sources: Collection[str] | None = None,
        min_ratio: float = 0.0,
        min_score: float = 0.0,
    ) -> list[PreparedEntity]:
        """The (at most) ``limit`` entities whose names best cover the query's names, best first;
        only entities of the lists in ``sources`` when given, and only those scoring at least
        ``min_score`` and ``min_ratio`` times the best candidate's score.

        Candidate scores are in [0, 1] (see the module docstring).
        """
        get = self._store.get
        return [get(i) for i, _ in self.ranked(query, limit, sources, min_ratio, min_score)]

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
        allowed = None if sources is None else {i for i, s in enumerate(self.sources) if s in sources}
        best: dict[int, float] = {}
        for name in query.names:
            plan = self._plan(name)
            if plan.lookups:
                self._score_entities(plan, self._name_scores(plan), allowed, best, min_score)
        if not best:
            return []
        floor = max(max(best.values()) * min_ratio, min_score)
        items = [item for item in best.items() if item[1] >= floor]
        if len(items) > 4 * limit:
            return heapq.nlargest(limit, items, key=itemgetter(1))
        items.sort(key=itemgetter(1), reverse=True)
        return items[:limit]

    def _plan(self, name: PreparedName) -> _Plan:
        """The look-ups of one query name (see the module docstring)."""
        plan = _Plan()
        tokens = name.tokens
        lookups = plan.lookups
        corroborated = len(tokens) > 1  # other parts can confirm a short part's respelling
        for part, (token, key) in enumerate(zip(tokens, name.keys, strict=False)):
            if is_initial(token):
                plan.weights.append(INITIAL_WEIGHT)
                plan.initials.append((part, letter_bit(token)))
                continue
            weight, found = self._token_lookups(token, key)
            if corroborated and len(token) == SHORT_TYPO_LENGTH:
                found = found + self._respelt_lookups(token)
            plan.weights.append(weight)
            lookups.extend((tier, size, term_id, part, credit) for tier, size, term_id, credit in found)
        for part, (a, b) in enumerate(pairwise(tokens)):
            pair_key = name.pair_keys[part] if part < len(name.pair_keys) else None
            for tier, size, term_id, credit in self._joined_lookups(a + b, pair_key):
                lookups.append((tier, size, term_id, part, credit))
                lookups.append((tier, size, term_id, part + 1, credit))
                plan.joined.add(term_id)
        if MIN_JOINED_PARTS <= len(tokens) <= MAX_JOINED_PARTS and name.compact.isalpha():
            # The whole name written as one word: syllables of Chinese romanised one by one
            # ("Shan Dong Yu Long") against the characters' one-word romanisation.
            for tier, size, term_id, credit in self._joined_lookups(name.compact, skeleton(name.compact)):
                lookups.extend((tier, size, term_id, part, credit) for part in range(len(tokens)))
                plan.joined.add(term_id)
        if len(tokens) == 1 and plan.initials:
            alone = self._terms.get(tokens[0])
            if alone is not None:
                self._add_lookups(lookups, 0, {alone: 1.0}, True)
        if east_asian_name(name.syllables):
            self._syllable_lookups(name.syllables, lookups)
        self._whole_lookups(name, lookups)
        return plan

    def _whole_lookups(self, name: PreparedName, lookups: list[tuple[int, int, int, int, float]]) -> None:
        """A Korean/Chinese organisation name in Hangul/Han under the whole syllable key of the
        query name, however spaced and romanised ("Joseonbaeghomuyeog" / 조선백호무역): it credits
        every part."""
        key = name.whole_syllables or whole_syllable_key(written_compact(name))
        term_id = self._terms.get(WHOLE_PREFIX + key) if key else None
        if term_id is not None:
            for part in range(len(name.tokens)):
                self._add_lookups(lookups, part, {term_id: SYLLABLE_FACTOR}, True)

    def _syllable_lookups(
        self, keys: tuple[str, ...], lookups: list[tuple[int, int, int, int, float]]
    ) -> None:
        """Korean/Chinese syllable keys of single parts, of adjacent parts joined, and of the whole
        name joined (see :func:`.terms.syllable_terms`): each credits the parts it is made of.
        A single syllable (Chi, Tsi, Ji) is shared by too many names to introduce candidates."""
        spans: list[tuple[str, tuple[int, ...]]] = [(k, (part,)) for part, k in enumerate(keys) if k]
        spans.extend((a + b, (part, part + 1)) for part, (a, b) in enumerate(pairwise(keys)) if a and b)
        if len(keys) > 2 and all(keys):
            spans.append(("".join(keys), tuple(range(len(keys)))))
        for key, parts in spans:
            term_id = self._terms.get(SYLLABLE_PREFIX + key)
            if term_id is None:
                continue
            introduce = len(parts) > 1 or len(keys) == 1
            for part in parts:
                self._add_lookups(lookups, part, {term_id: SYLLABLE_FACTOR}, introduce)

    def _token_lookups(self, token: str, key: str) -> tuple[float, list[_Lookup]]:
        """One query token's weight and look-ups (tier, size, term, credit); remembered, as tokens
        recur across queries and expanding typos is most of the cost of planning."""
        cached = self._token_plans.get((token, key))
        if cached is not None:
            return cached
        terms = self._terms
        key_term = terms.get(KEY_PREFIX + key)
        own = terms.get(token)
        credits: dict[int, float] = {}
        if own is not None:
            credits[own] = 1.0
        if key_term is not None:
            credits.setdefault(key_term, KEY_FACTOR if len(key) > SHORT_KEY else SHORT_KEY_FACTOR)
        for reading in hushing_skeletons(token):
            hushing = terms.get(KEY_PREFIX + reading)
            if hushing is not None:
                credits.setdefault(hushing, HUSHING_FACTOR)
        for reading in reading_skeletons(token):
            respelt = terms.get(KEY_PREFIX + reading)
            if respelt is not None:
                credits.setdefault(respelt, READING_FACTOR)
        found: list[tuple[int, int, int, int, float]] = []
        self._add_lookups(found, 0, credits, True)
        if token.isalpha():
            fuzzy: dict[int, float] = {}
            self._near_tokens(token, fuzzy)
            if own is not None:
                # Its own spelling is among its deletions' list tokens: credited above already.
                fuzzy.pop(own, None)
            else:
                self._near_keys(token, key, fuzzy)
                self._split_credits(token, fuzzy)
            # Near spellings introduce candidates only for a part the lists do not know as it
            # is written: for a known spelling they would mostly find other, known names.
            self._add_lookups(found, 0, fuzzy, own is None)
        result = (self._part_weight(key_term, own), [(t, n, i, c) for t, n, i, _, c in found])
        self._remember(self._token_plans, (token, key), result)
        return result

    def _joined_lookups(self, joined: str, joined_key: str | None) -> list[_Lookup]:
        """The look-ups of query tokens written as one word (remembered, as above)."""
        cached = self._pair_plans.get((joined, joined_key))
        if cached is not None:
            return cached
        terms = self._terms
        credits: dict[int, float] = {}
        spelt = terms.get(joined)
        if spelt is not None:
            credits[spelt] = 1.0
        if joined_key is not None:
            keyed = terms.get(KEY_PREFIX + joined_key)
            if keyed is not None:
                credits.setdefault(keyed, KEY_FACTOR)
        found: list[tuple[int, int, int, int, float]] = []
        self._add_lookups(found, 0, credits, True)
        result = [(t, n, i, c) for t, n, i, _, c in found]
        self._remember(self._pair_plans, (joined, joined_key), result)
        return result

    def _respelt_lookups(self, token: str) -> list[_Lookup]:
        """The look-ups of the list tokens one substitution or transposition from a short query
        token the lists do not know (remembered, as above)."""
        cached = self._short_plans.get(token)
        if cached is not None:
            return cached
        terms = self._terms
        credits: dict[int, float] = {}
        if token not in terms and token.isalpha():
            for respelt in respellings(token):
                term_id = terms.get(respelt)
                if term_id is not None:
                    credits[term_id] = TYPO_FACTOR
        found: list[tuple[int, int, int, int, float]] = []
        self._add_lookups(found, 0, credits, True)
        result = [(t, n, i, c) for t, n, i, _, c in found]
        self._remember(self._short_plans, token, result)
        return result

    @staticmethod
    def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
        if len(cache) >= PLAN_CACHE_SIZE:
            cache.clear()
        cache[key] = value

    def _part_weight(self, key_term: int | None, own: int | None) -> float:
        if key_term is not None:
            return self._weights[key_term]
        if own is not None:
            return self._weights[own]
        return self._unknown_weight

    def _add_lookups(
        self,
        lookups: list[tuple[int, int, int, int, float]],
        part: int,
        credits: dict[int, float],
        introduce: bool,
    ) -> None:
        offsets = self._offsets
        for term_id, credit in credits.items():
            tier = _FUZZY_TIERS.get(credit, _DIRECT) if introduce else _CREDIT_ONLY
            lookups.append((tier, offsets[term_id + 1] - offsets[term_id], term_id, part, credit))

    def _near_tokens(self, token: str, credits: dict[int, float]) -> None:
        """List tokens one typo away from ``token``."""
        terms, credit = self._terms, self._credit
        if len(token) >= MIN_TYPO_LENGTH - 1:
            credit(token, TYPO_FACTOR, credits)  # a list token one letter longer
        if len(token) >= MIN_TYPO_LENGTH:
            for shorter in deletions(token):
                credit(shorter, TYPO_FACTOR, credits)
                term_id = terms.get(shorter)  # a list token one letter shorter (any length)
                if term_id is not None and credits.get(term_id, 0.0) < TYPO_FACTOR:
                    credits[term_id] = TYPO_FACTOR

    def _near_keys(self, token: str, key: str, credits: dict[int, float]) -> None:
        """List tokens two typos away from a long ``token``, and list keys one edit from ``key``."""
        credit = self._credit
        if len(token) >= MIN_DOUBLE_TYPO_LENGTH:
            for shorter in double_deletions(token):
                credit(shorter, DOUBLE_TYPO_FACTOR, credits)
        if len(key) >= MIN_KEY_TYPO_LENGTH:
            terms = self._terms
            for variant in deletion_keys(key):
                credit(KEY_PREFIX + variant, KEY_TYPO_FACTOR, credits)
                term_id = terms.get(KEY_PREFIX + variant)  # a list key one consonant shorter
                if term_id is not None and credits.get(term_id, 0.0) < KEY_TYPO_FACTOR:
                    credits[term_id] = KEY_TYPO_FACTOR

    def _split_credits(self, token: str, credits: dict[int, float]) -> None:
        """List tokens that ``token`` starts or ends with: words written together ("Tradingcompany")."""
        terms = self._terms
        for cut in range(MIN_SPLIT, len(token) - MIN_SPLIT + 1):
            for piece in (token[:cut], token[cut:]):
                term_id = terms.get(piece)
                if term_id is not None and credits.get(term_id, 0.0) < SPLIT_FACTOR:
                    credits[term_id] = SPLIT_FACTOR

    def _credit(self, typo_key: str, factor: float, credits: dict[int, float]) -> None:
        group = self._typos.get(typo_key)
        if group is None:
            return
        if group >= 0:
            if credits.get(group, 0.0) < factor:
                credits[group] = factor
            return
        offsets = self._typo_offsets
        for term_id in self._typo_terms[offsets[~group] : offsets[~group + 1]]:
            if credits.get(term_id, 0.0) < factor:
                credits[term_id] = factor

    def _name_scores(self, plan: _Plan) -> dict[int, float]:
        """Name id -> the query weight it covers (each part credited once, by its first look-up
        that finds the name: exact spellings come before keys, keys before near spellings)."""
        weights = plan.weights
        credited: list[set[int]] = [set() for _ in weights]  # per part: names credited already
        scores: dict[int, float] = {}
        get = scores.get
        found: set[int] = set()
        # Purses: single parts' spellings and keys, near spellings, and joined terms the first
        # cannot afford (a name found through "omar ali" written as one is corroborated by two
        # parts, so a common given name's rarer spellings must not crowd it out).
        budgets = [INTRODUCE_BUDGET, FUZZY_BUDGET, INTRODUCE_BUDGET]
        spare: set[int] = set()  # joined terms read from their own purse
        deferred: list[tuple[int, int, int, int, float]] = []
        # Whether a single part's spelling or key introduced candidates: the rarest of them always
        # does, even after a rare joined term ("muhammadibrahim") found a few names, or names with
        # a middle name between the parts ("Muhammad Sholeh Ibrahim") would never be candidates.
        part_found = False
        joined = plan.joined
        # Rarest terms first, exact spellings and keys before near spellings: they introduce the
        # candidates while the budgets last; the rest only credit the candidates found.
        for lookup in sorted(plan.lookups):
            tier, size, term_id, part, credit = lookup
            purse = 0 if tier == _DIRECT else 1
            blocked = part_found if purse == 0 else found
            if tier == _CREDIT_ONLY or (size > budgets[purse] and blocked):
                if not (term_id in joined and self._joined_spare(term_id, size, budgets, spare)):
                    deferred.append(lookup)
                    continue
            else:
                budgets[purse] -= size
            part_found = part_found or (purse == 0 and term_id not in joined)
            start = self._offsets[term_id]
            names = self._postings[start : start + size]
            found.update(names)
            done = credited[part]
            fresh = [n for n in names if n not in done] if done else names
            done.update(fresh)
            gain = weights[part] * credit
            for name_id in fresh:
                scores[name_id] = get(name_id, 0.0) + gain
        if len(deferred) > 1:
            found |= self._corroborated(deferred, joined, found)
        for _, size, term_id, part, credit in deferred:
            done = credited[part]
            under = self._found_under(term_id, size, found)
            if done:
                under -= done
            done.update(under)
            gain = weights[part] * credit
            for name_id in under:
                scores[name_id] = get(name_id, 0.0) + gain
        letters = self._letters
        for part, bit in plan.initials:
            gain = weights[part]
            for name_id in found:
                if letters[name_id] & bit:
                    scores[name_id] = get(name_id, 0.0) + gain
        return scores

    @staticmethod
    def _joined_spare(term_id: int, size: int, budgets: list[int], spare: set[int]) -> bool:
        """Whether a joined term the budget cannot afford is read from the joined terms' own
        purse (once for both parts it covers)."""
        if term_id in spare:
            return True
        if size > budgets[2]:
            return False
        budgets[2] -= size
        spare.add(term_id)
        return True

    def _corroborated(
        self, deferred: list[tuple[int, int, int, int, float]], joined: set[int], found: set[int]
    ) -> set[int]:
        """Names not found yet that two misspelt parts' near spellings, deferred for the budget,
        both find: "Irahim Hqaqani" reads as Ibrahim (a common name) and Haqqani, but the near
        spellings of the first part (Rahim, Brahim, ...) spend the budget before Haqqani's.
        The two parts whose deferred look-ups read the fewest postings are intersected; none
        if the cheaper one reads more than CORROBORATION_LIMIT, or the names found exceed
        INTRODUCE_BUDGET (too common a pair to tell a name by). Exact spellings and keys are
        left out: their common pairs (Mahmoud Saleh) find many names, the matcher alerting on
        some of them wrongly."""
        by_part: dict[int, list[tuple[int, int]]] = {}
        totals: dict[int, int] = {}
        for tier, size, term_id, part, _ in deferred:
            if tier in (_CREDIT_ONLY, _DIRECT) or term_id in joined:
                continue
            by_part.setdefault(part, []).append((term_id, size))
            totals[part] = totals.get(part, 0) + size
        if len(totals) < 2:
            return set()
        first, second = sorted(totals, key=totals.__getitem__)[:2]
        if totals[first] > CORROBORATION_LIMIT:
            return set()
        offsets, postings = self._offsets, self._postings
        cheaper: set[int] = set()
        for term_id, size in by_part[first]:
            cheaper.update(postings[offsets[term_id] : offsets[term_id] + size])
        cheaper -= found
        both: set[int] = set()
        for term_id, size in by_part[second]:
            if size <= 4 * len(cheaper):
                start = offsets[term_id]
                both.update(cheaper.intersection(postings[start : start + size]))
            else:
                both.update(cheaper.intersection(self._common_members(term_id)))
        return both if len(both) <= INTRODUCE_BUDGET else set()

    def _found_under(self, term_id: int, size: int, found: set[int]) -> set[int]:
        """The names among ``found`` that are filed under ``term_id`` (set operations, at C speed:
        the order does not matter, as every name found has its score entry already)."""
        if size <= 4 * len(found):
            start = self._offsets[term_id]
            return found.intersection(self._postings[start : start + size])
        return found.intersection(self._common_members(term_id))

    def _common_members(self, term_id: int) -> frozenset[int]:
        members = self._common.get(term_id)
        if members is None:
            members = frozenset(self._postings[self._offsets[term_id] : self._offsets[term_id + 1]])
            if len(self._common) >= COMMON_CACHE_SIZE:
                self._common.clear()
            self._common[term_id] = members
        return members

    def _score_entities(
        self,
        plan: _Plan,
        scores: dict[int, float],
        allowed: set[int] | None,
        best: dict[int, float],
        min_score: float,
    ) -> None:
        """Fold name scores into ``best`` (entity -> best candidate score)."""
        total = plan.total
        if total <= 0.0:
            return
        owner, inverse, of = self._name_entity, self._inverse_norms, self._entity_source
        list_side = 1.0 - QUERY_SIDE
        # A name covering less of the query than this cannot reach min_score even if the query
        # covers all of it.
        least = max(MIN_COVERAGE, (min_score - list_side) / QUERY_SIDE) * total
        query_side = QUERY_SIDE / total
        get = best.get
        for name_id, shared in scores.items():
            if shared < least:
                continue
            entity = owner[name_id]
            if allowed is not None and of[entity] not in allowed:
                continue
            covered = shared * inverse[name_id]
            score = query_side * shared + list_side * (covered if covered < 1.0 else 1.0)
            if score > get(entity, 0.0):
                best[entity] = score


def _pieces(container: list[Any] | dict[str, int], size: int) -> Iterator[list[Any] | dict[str, int]]:
    """``container`` in consecutive pieces of ``size`` items (a list's slices, a dict's parts)."""
    if isinstance(container, list):
        for start in range(0, len(container), size):
            yield container[start : start + size]
        return
    items = iter(container.items())
    while piece := dict(islice(items, size)):
        yield piece


@dataclass(slots=True, frozen=True)
class Provenance:
    """Where an index's entities came from: the content key of each (in entity order; equal keys
    mean equal entities) and a digest of the code that prepared them."""

    keys: Sequence[str]
    code: str


def reusable_entities(path: Path, code: str) -> dict[str, bytes]:
    """Content key -> packed prepared entity, from the index saved at ``path`` if the same code
    (``code``) prepared it; empty when it did not, or when the file is unreadable or keyless."""
    try:
        state = _open_state(path)
    except (OSError, ConfigurationError):
        return {}
    keys, blobs = state["keys"], state["blobs"]
    if not code or state.get("code") != code or len(keys) != len(blobs):
        return {}
    return {key: bytes(blob) for key, blob in zip(keys, blobs, strict=True)}


class PackedRegion:
    """Packed entities back to back in a memory-mapped index file (the page cache holds them
    once for every process that maps the file); item ``i`` is a view of entity ``i``'s bytes."""

    __slots__ = ("_offsets", "_view")

    def __init__(self, view: memoryview, offsets: list[int]) -> None:
        self._view = view
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, number: int) -> memoryview:
        return self._view[self._offsets[number] : self._offsets[number + 1]]

    def __iter__(self) -> Iterator[memoryview]:
        return (self[number] for number in range(len(self)))


def _open_state(path: Path) -> dict[str, Any]:
    """The state :meth:`NameIndex.save` wrote to ``path``, its packed entities mapped."""
    # Millions of small objects: the cyclic GC would rescan them repeatedly while loading.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise ConfigurationError(f"{path}: not an index of format {FORMAT_VERSION}")
            region = int.from_bytes(handle.read(8), "little")
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            handle.seek(_REGION_START + region)
            state = _read_state(handle, path)
        offsets = _listed(state.pop("blob_offsets"))
        if offsets[-1] != region or _REGION_START + region > len(mapped):
            raise ConfigurationError(f"{path}: unreadable index (packed entities cut short)")
        state["blobs"] = PackedRegion(memoryview(mapped)[_REGION_START : _REGION_START + region], offsets)
        return state
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as exc:
        raise ConfigurationError(f"{path}: unreadable index ({exc})") from None
    finally:
        if enabled:
            gc.enable()


def _read_state(handle: BinaryIO, path: Path) -> dict[str, Any]:
    """The head and pieces :meth:`NameIndex.save` wrote, one pickle (GIL hold) at a time."""
    state = pickle.load(handle)  # noqa: S301 - our own cache file, see NameIndex.load
    if not isinstance(state, dict) or state.get("format") != FORMAT_VERSION:
        raise ConfigurationError(f"{path}: not an index of format {FORMAT_VERSION}")
    counts: dict[str, int] = state.pop("pieces")
    for key in PIECE_ITEMS:
        whole: list[Any] | dict[str, int] = [] if key in _LIST_PIECES else {}
        for _ in range(counts[key]):
            piece = pickle.load(handle)  # noqa: S301 - as above
            if isinstance(whole, list):
                whole.extend(piece)
            else:
                whole.update(piece)
        state[key] = whole
    return state


def _listed(values: array[Any]) -> list[Any]:
    """``values`` as a list, built in steps (:data:`LIST_STEP`) rather than one long GIL hold."""
    if len(values) <= LIST_STEP:
        return values.tolist()
    listed: list[Any] = []
    for start in range(0, len(values), LIST_STEP):
        listed.extend(values[start : start + LIST_STEP].tolist())
    return listed


@dataclass(slots=True)
class _Layout:
    """The flat structures of an index, filled one prepared entity at a time."""

    sources: dict[str, int] = field(default_factory=dict)
    entity_source: array[int] = field(default_factory=lambda: array("H"))
    name_entity: array[int] = field(default_factory=lambda: array("i"))
    letters: array[int] = field(default_factory=lambda: array("I"))
    terms: dict[str, int] = field(default_factory=dict)
    lists: list[array[int]] = field(default_factory=list)
    name_parts: list[tuple[int, ...]] = field(
        default_factory=list
    )  # per name: key term per part, -1: initial
    singles: set[int] = field(default_factory=set)  # terms that are one token or one key (not pairs)

    def add(self, entity: PreparedEntity) -> None:
        entity_id = len(self.entity_source)
        self.entity_source.append(self.sources.setdefault(entity.entity.source, len(self.sources)))
        for name in entity.names:
            name_id = len(self.name_entity)
            self.name_entity.append(entity_id)
            self.letters.append(first_letters(name.tokens))
            for term in name_terms(name):
                self._post(term, name_id)
            parts = tuple(
                -1 if is_initial(t) else self.terms[KEY_PREFIX + k]
                for t, k in zip(name.tokens, name.keys, strict=False)
            )
            self.name_parts.append(parts)
            self.singles.update(parts)
            self.singles.update(self.terms[t] for t in name.tokens if not is_initial(t))

    def _post(self, term: str, name_id: int) -> None:
        term_id = self.terms.setdefault(term, len(self.terms))
        if term_id == len(self.lists):
            self.lists.append(array("i"))
        self.lists[term_id].append(name_id)

    def finish(self) -> dict[str, Any]:
        name_count = len(self.name_entity)
        offsets = array("i", [0])
        postings = array("i")
        weights = array("f")
        for names in self.lists:
            postings.extend(names)
            offsets.append(len(postings))
            weights.append(math.log(1.0 + name_count / len(names)))
        norms = array("f", (sum(INITIAL_WEIGHT if t < 0 else weights[t] for t in p) for p in self.name_parts))
        state: dict[str, Any] = {
            "sources": list(self.sources),
            "entity_source": self.entity_source,
            "name_entity": self.name_entity,
            "letters": self.letters,
            "terms": self.terms,
            "offsets": offsets,
            "postings": postings,
            "weights": weights,
            "norms": norms,
        }
        state.update(_typo_table({t: i for t, i in self.terms.items() if i in self.singles}))
        return state


def _typo_table(terms: dict[str, int]) -> dict[str, Any]:
    """Deletion key -> the list tokens/keys (``terms``) it stands for: one term id (>= 0) or ``~group``,
    where ``typo_terms[typo_offsets[group]:typo_offsets[group + 1]]`` are the term ids.

    A canonical given name is also filed under the deletion keys of its national forms, which
    preparation replaced by it (a misspelt form, "Mikalaevidch", is not replaced, and must still
    find "nikolaevich")."""
    table: dict[str, list[int]] = {}
    for term, term_id in terms.items():
        if term.startswith(KEY_PREFIX):
            key = term[1:]
            if len(key) >= MIN_KEY_TYPO_LENGTH and key.isalpha():
                for variant in deletion_keys(key):
                    table.setdefault(KEY_PREFIX + variant, []).append(term_id)
        elif len(term) >= MIN_TYPO_LENGTH and term.isalpha():
            for variant in deletion_keys(term):
                table.setdefault(variant, []).append(term_id)
    _file_given_name_forms(terms, table)
    typos: dict[str, int] = {}
    offsets = array("i", [0])
    members = array("i")
    for variant, term_ids in table.items():
        if len(term_ids) == 1:
            typos[variant] = term_ids[0]
        else:
            typos[variant] = ~(len(offsets) - 1)
            members.extend(term_ids)
            offsets.append(len(members))
    return {"typos": typos, "typo_offsets": offsets, "typo_terms": members}


def _file_given_name_forms(terms: dict[str, int], table: dict[str, list[int]]) -> None:
    """File each listed canonical given name under the deletion keys of its national forms."""
    for form, canonical in GIVEN_NAME_FORMS.items():
        canonical_id = terms.get(canonical)
        if canonical_id is None or len(form) < MIN_TYPO_LENGTH:
            continue
        for variant in deletion_keys(form):
            ids = table.setdefault(variant, [])
            if canonical_id not in ids:
                ids.append(canonical_id)
