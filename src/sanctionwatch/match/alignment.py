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

from sanctionwatch.match.prepared import MIN_SKELETON_EDIT, MIN_TYPO_LENGTH, PreparedName

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
#: Tokens shorter than this match only exactly or as a typo ("tc"/"tic" are not variants).
MIN_PHONETIC_LENGTH = 3
#: Skeleton of at least this length makes a phonetic match strong.
STRONG_SKELETON = 3
#: Two tokens written as one ("abubakr" ~ "abu bakr").
JOINED_SIMILARITY = 0.97
#: Spelling similarity needed for a join that is not exact ("abubakr" ~ "abu baker").
MIN_JOINED_SPELLING = 0.75
#: Whole names written with different spacing ("Kim Jongun" ~ "Kim Jong Un").
MIN_COMPACT_SIMILARITY = 0.9

# Unit: (similarity, query token indexes, list token indexes, how)
Unit = tuple[float, tuple[int, ...], tuple[int, ...], str]

_NONE = (0.0, UNMATCHED)
_osa = OSA.normalized_similarity
_indel = Indel.normalized_similarity


#: Comparison modes (bit flags): organisation words; a vowel-less Arabic/Hebrew reading involved.
STRICT = 1
ABJAD = 2


def _phonetic(a: str, ka: str, b: str, mode: int) -> tuple[float, str] | None:
    """Equal skeletons: a romanisation variant if the spellings are not too far apart.

    A vowel-less (Arabic/Hebrew) reading may differ in spelling a lot ("mhmd"/"muhammad"); short
    skeletons (Yuriy/Iurii, Ali/Aly) and organisation words (``strict``) need closer spellings.
    """
    spelling = _osa(a, b)
    if mode & ABJAD:
        needed = 0.4
    elif mode & STRICT:
        needed = 0.7
    else:
        needed = 0.5 if len(ka) >= STRONG_SKELETON else 0.6
    if spelling < needed or min(len(a), len(b)) < MIN_PHONETIC_LENGTH:
        return None
    if len(ka) >= STRONG_SKELETON:
        return 0.88 + 0.12 * spelling, PHONETIC
    return (0.85 if a[0] == b[0] else 0.75) + 0.1 * spelling, PHONETIC


def token_similarity(a: str, ka: str, b: str, kb: str, mode: int = 0) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens (``ka``/``kb`` their skeletons) and how it was found.

    ``mode``: :data:`STRICT` for organisation words (phonetic variants need closer spellings),
    :data:`ABJAD` when one side is a vowel-less Arabic/Hebrew reading (they may differ a lot).
    """
    if a == b:
        return 1.0, EXACT
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return (INITIAL_SIMILARITY, INITIAL) if a[0] == b[0] else _NONE
    if ka == kb and (found := _phonetic(a, ka, b, mode)) is not None:
        return found
    if not (a.isalpha() and b.isalpha()) or la > 2 * lb or lb > 2 * la:
        return _NONE  # numbers must be equal; too different in length for a typo or a variant
    # One edit in a four-letter name, or one letter missing from it ("Yui" for "Yuri").
    typo = _osa(a, b, score_cutoff=0.74) if max(la, lb) >= MIN_TYPO_LENGTH and min(la, lb) >= 3 else 0.0
    if ka != kb and _skeleton_edit_allowed(ka, kb, mode):
        # Romanisation variants that change consonants too (Chodorkowski/Khodorkovsky, Ragab/rjb).
        sound = _osa(ka, kb, score_cutoff=0.66)
        if sound:
            typo = max(typo, 0.7 + 0.55 * (sound - 0.66))
    return (typo, TYPO) if typo >= MIN_TOKEN_SIMILARITY else _NONE


def _skeleton_edit_allowed(ka: str, kb: str, mode: int) -> bool:
    """Consonant skeletons are compared by edit distance when long, or when one side is written
    without vowels (an Arabic/Hebrew reading); short skeletons of vowelled names (Zhang/Wang) are not."""
    shortest = min(len(ka), len(kb))
    if shortest >= MIN_SKELETON_EDIT + 1:
        return True
    return shortest >= MIN_SKELETON_EDIT and bool(mode & ABJAD)


def _joined_units(q: PreparedName, c: PreparedName, swap: bool) -> list[Unit]:
    """Adjacent tokens of ``q`` written as one token of ``c`` (indexes swapped back if ``swap``)."""
    units: list[Unit] = []
    for i, pair_key in enumerate(q.pair_keys):
        if pair_key not in c.key_set:
            continue
        joined = q.tokens[i] + q.tokens[i + 1]
        for j, key in enumerate(c.keys):
            if key != pair_key:
                continue
            if joined == c.tokens[j]:
                sim = JOINED_SIMILARITY
            else:
                # Equal skeletons are not enough for a join ("fku ik" ~ "vacek"): spellings must be close.
                spelling = _osa(joined, c.tokens[j], score_cutoff=MIN_JOINED_SPELLING)
                if not spelling:
                    continue
                sim = JOINED_SIMILARITY - 0.1 * (1 - spelling)
            units.append((sim, (j,), (i, i + 1), JOINED) if swap else (sim, (i, i + 1), (j,), JOINED))
    return units


# Index tuples for single tokens, shared to avoid allocating them in the hot loop.
_SINGLE: tuple[tuple[int, ...], ...] = tuple((i,) for i in range(64))


def _edit_units(q: PreparedName, c: PreparedName, free: tuple[list[int], list[int]], mode: int) -> list[Unit]:
    """Typo, initial and consonant-variant correspondences between tokens left without a key match."""
    units: list[Unit] = []
    single = _SINGLE
    q_tokens, q_keys, c_tokens, c_keys = q.tokens, q.keys, c.tokens, c.keys
    free_q, free_c = free
    editable_c = [j for j in free_c if c.editable[j]]
    for i in free_q:
        a, ka = q_tokens[i], q_keys[i]
        # An initial may stand for any token; otherwise only tokens long enough for a typo.
        if len(a) == 1:
            targets = free_c
        elif q.editable[i]:
            # One edit leaves the first or the last letter (or consonant) in place: a cheap pre-check.
            first, last, k_first, k_last = a[0], a[-1], ka[0], ka[-1]
            targets = [
                j
                for j in editable_c
                if c_tokens[j][0] == first
                or c_tokens[j][-1] == last
                or c_keys[j][0] == k_first
                or c_keys[j][-1] == k_last
            ]
            targets.extend(_initials(c, free_c))
        else:
            targets = _initials(c, free_c)
        for j in targets:
            sim, how = token_similarity(a, ka, c_tokens[j], c_keys[j], mode)
            if sim:
                units.append((sim, single[i], single[j], how))
    return units


def _initials(name: PreparedName, indexes: list[int]) -> list[int]:
    if not name.has_initials:
        return []
    return [j for j in indexes if len(name.tokens[j]) == 1]


def candidate_units(q: PreparedName, c: PreparedName, strict: bool = False) -> list[Unit]:
    """Every plausible token correspondence between two names, best first.

    Tokens with equal skeletons are found by look-up (exact and phonetic matches: the common
    case); only tokens left over are compared pairwise for typos and initials.
    """
    units: list[Unit] = []
    single = _SINGLE
    q_tokens, c_tokens = q.tokens, c.tokens
    c_index = c.key_index
    mode = (STRICT if strict else 0) | (ABJAD if q.abjad or c.abjad else 0)
    hit_q: set[int] = set()
    hit_c: set[int] = set()
    for i, ka in enumerate(q.keys):
        found = c_index.get(ka)
        if not found:
            continue
        a = q_tokens[i]
        for j in found:
            sim, how = (1.0, EXACT) if a == c_tokens[j] else token_similarity(a, ka, c_tokens[j], ka, mode)
            if sim:
                units.append((sim, single[i], single[j], how))
                hit_q.add(i)
                hit_c.add(j)
    if len(hit_q) < len(q_tokens) and len(hit_c) < len(c_tokens):
        free_q = [i for i in range(len(q_tokens)) if i not in hit_q]
        free_c = [j for j in range(len(c_tokens)) if j not in hit_c]
        units.extend(_edit_units(q, c, (free_q, free_c), mode))
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
    """Similarity of the whole names written without spaces (0 below MIN_COMPACT_SIMILARITY).

    Names with different numbers ("Plant No 5"/"Plant No 6") are never similar this way.
    """
    if q.digits != c.digits or len(q.tokens) == len(c.tokens) or max(len(q.tokens), len(c.tokens)) > 4:
        return 0.0  # only short names split differently ("Kim Jongun"); long ones align part by part
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
