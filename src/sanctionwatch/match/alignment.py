"""Alignment of name parts: which query token corresponds to which list token, and how well.

Each token pair gets a similarity and the route that produced it: ``exact``, ``transliterated``
(equal after romanisation from another script), ``phonetic`` (equal skeletons: a romanisation
variant such as Mohammed/Muhammad), ``typo`` (edit distance small relative to length),
``initial`` ("V" for "Vladimir") or ``joined`` (two tokens written as one: "Abu Bakr"/"Abubakr").
Tokens are then assigned one-to-one, best pairs first (names have few tokens, so greedy
assignment equals the optimal one in practice and costs far less).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

from sanctionwatch.match.prepared import PreparedName

EXACT = "exact"
TRANSLITERATED = "transliterated"
PHONETIC = "phonetic"
TYPO = "typo"
INITIAL = "initial"
JOINED = "joined"
UNMATCHED = "unmatched"

#: Token pairs less similar than this are not aligned at all.
MIN_TOKEN_SIMILARITY = 0.7
#: "V" against "Vladimir": a weak agreement.
INITIAL_SIMILARITY = 0.8
#: Shortest tokens for which a typo (edit) is allowed: a one-letter change in "Ali" is another name.
MIN_TYPO_LENGTH = 4
#: Skeleton of at least this length makes a phonetic match strong.
STRONG_SKELETON = 3
#: Two tokens written as one ("abubakr" ~ "abu bakr").
JOINED_SIMILARITY = 0.97
#: Whole names written with different spacing ("Kim Jongun" ~ "Kim Jong Un").
MIN_COMPACT_SIMILARITY = 0.9

# Unit: (similarity, query token indexes, list token indexes, how)
Unit = tuple[float, tuple[int, ...], tuple[int, ...], str]

_NONE = (0.0, UNMATCHED)
_osa = OSA.normalized_similarity
_indel = Indel.normalized_similarity


def token_similarity(a: str, ka: str, b: str, kb: str) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens (``ka``/``kb`` their skeletons) and how it was found."""
    if a == b:
        return 1.0, EXACT
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return (INITIAL_SIMILARITY, INITIAL) if a[0] == b[0] else _NONE
    if ka == kb:
        spelling = _osa(a, b)
        if len(ka) >= STRONG_SKELETON:
            return 0.88 + 0.12 * spelling, PHONETIC
        if a[0] == b[0] and spelling >= 0.5:
            return 0.85 + 0.1 * spelling, PHONETIC
    if la < MIN_TYPO_LENGTH or lb < MIN_TYPO_LENGTH or not (a.isalpha() and b.isalpha()):
        return _NONE
    if la > 2 * lb or lb > 2 * la:
        return _NONE  # too different in length for a typo or a variant
    typo = _osa(a, b, score_cutoff=0.74)
    if len(ka) >= STRONG_SKELETON and len(kb) >= STRONG_SKELETON:
        # Romanisation variants that change consonants too (Chodorkowski/Khodorkovsky).
        sound = _osa(ka, kb, score_cutoff=0.66)
        if sound:
            typo = max(typo, 0.7 + 0.55 * (sound - 0.66))
    return (typo, TYPO) if typo >= MIN_TOKEN_SIMILARITY else _NONE


def _joined_units(q: PreparedName, c: PreparedName, swap: bool) -> list[Unit]:
    """Adjacent tokens of ``q`` written as one token of ``c`` (indexes swapped back if ``swap``)."""
    units: list[Unit] = []
    for i, pair_key in enumerate(q.pair_keys):
        if pair_key not in c.key_set:
            continue
        joined = q.tokens[i] + q.tokens[i + 1]
        for j, key in enumerate(c.keys):
            if key == pair_key:
                sim = JOINED_SIMILARITY if joined == c.tokens[j] else JOINED_SIMILARITY - 0.05
                units.append((sim, (j,), (i, i + 1), JOINED) if swap else (sim, (i, i + 1), (j,), JOINED))
    return units


# Index tuples for single tokens, shared to avoid allocating them in the hot loop.
_SINGLE: tuple[tuple[int, ...], ...] = tuple((i,) for i in range(64))


def candidate_units(q: PreparedName, c: PreparedName) -> list[Unit]:
    """Every plausible token correspondence between two names, best first."""
    units: list[Unit] = []
    c_tokens, c_keys = c.tokens, c.keys
    single = _SINGLE
    for i, a in enumerate(q.tokens):
        ka = q.keys[i]
        for j, b in enumerate(c_tokens):
            # Exact and skeleton-equal tokens are by far the most frequent: decided inline.
            if a == b:
                units.append((1.0, single[i], single[j], EXACT))
                continue
            sim, how = token_similarity(a, ka, b, c_keys[j])
            if sim:
                units.append((sim, single[i], single[j], how))
    if q.pair_key_set & c.key_set:
        units.extend(_joined_units(q, c, swap=False))
    if c.pair_key_set & q.key_set:
        units.extend(_joined_units(c, q, swap=True))
    units.sort(reverse=True)
    return units


def assign(units: list[Unit]) -> list[Unit]:
    """Greedy one-to-one assignment, most similar pairs first."""
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[Unit] = []
    for unit in units:
        if used_q.isdisjoint(unit[1]) and used_c.isdisjoint(unit[2]):
            chosen.append(unit)
            used_q.update(unit[1])
            used_c.update(unit[2])
    return chosen


def compact_similarity(q: PreparedName, c: PreparedName) -> float:
    """Similarity of the whole names written without spaces (0 below MIN_COMPACT_SIMILARITY)."""
    return _indel(q.compact, c.compact, score_cutoff=MIN_COMPACT_SIMILARITY)


@dataclass(slots=True, frozen=True)
class PartMatch:
    """One aligned part: query token(s) -> list token(s), similarity and route."""

    query: str
    candidate: str
    similarity: float
    how: str


def describe(q: PreparedName, c: PreparedName, chosen: list[Unit], crossing: bool) -> tuple[PartMatch, ...]:
    """The alignment in words, unmatched tokens of both names included."""
    parts: list[PartMatch] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    for sim, qi, cj, how in chosen:
        used_q.update(qi)
        used_c.update(cj)
        if crossing and how in (EXACT, PHONETIC):
            how = TRANSLITERATED if how == EXACT else f"{TRANSLITERATED}+{PHONETIC}"
        query = " ".join(q.tokens[i] for i in qi)
        parts.append(PartMatch(query, " ".join(c.tokens[j] for j in cj), round(sim, 3), how))
    parts.extend(PartMatch(t, "", 0.0, UNMATCHED) for i, t in enumerate(q.tokens) if i not in used_q)
    parts.extend(PartMatch("", t, 0.0, UNMATCHED) for j, t in enumerate(c.tokens) if j not in used_c)
    return tuple(parts)
