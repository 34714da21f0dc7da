"""Name similarity of two prepared names from their aligned parts, weighted by rarity.

The shorter name (fewer significant parts) must be covered: each of its parts left unaligned
multiplies the score by a penalty, so the same family name with a different given name does not
match. The longer name's unaligned parts (middle names, patronymics, extra Arabic name parts)
cost only through its smaller share of the score. Articles and kinship words ("al", "bin") are
light and never count as unaligned; for organisations, generic words ("trading", "group") are
light as well, so the distinctive words decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanctionwatch.match.alignment import (
    EXACT,
    INITIAL,
    JOINED,
    PHONETIC,
    TYPO,
    Unit,
    assign,
    candidate_units,
    compact_similarity,
)
from sanctionwatch.match.config import MatchConfig
from sanctionwatch.match.prepared import PreparedName

#: Weight of an article/kinship word/connector and of an initial.
PARTICLE_WEIGHT = 0.15
INITIAL_WEIGHT = 0.3
#: Generic organisation words keep this share of their rarity weight.
GENERIC_FACTOR = 0.25


@dataclass(slots=True)
class _Side:
    coverage: float  # rarity-weighted share of the name that aligned
    unmatched: float  # significant parts left unaligned (an initial counts half)
    significant: int  # significant parts
    matched: int  # significant parts aligned
    full_unmatched: int  # unaligned parts that are neither initials nor patronymics
    distinctive: int  # aligned parts that are neither initials, generic words nor particles
    main_unmatched: float  # unaligned given/family names (an initial counts half)
    minor_unmatched: float  # unaligned middle names, patronymics, initials
    patronymic_matched: bool  # a patronymic aligned (a given name may then be left out)
    generic_unmatched: int = 0  # generic organisation words left unaligned


@dataclass(slots=True)
class NamePairScore:
    """Similarity of one query name with one list name and the alignment behind it."""

    score: float
    units: list[Unit]
    notes: list[str]


def _side(name: PreparedName, weights: list[float], sims: list[float], organization: bool) -> _Side:
    total = covered = unmatched = main_unmatched = minor_unmatched = 0.0
    significant = matched = full_unmatched = distinctive = generic_unmatched = 0
    patronymic_matched = False
    patronymics, main, surnames = name.patronymics, name.main, name.surnames
    # One part of a compound family name aligned: the others may be left out (Nicolas Maduro /
    # MADURO MOROS, Nicolas), they count as minor parts.
    surname_aligned = bool(surnames) and any(s and sim for s, sim in zip(surnames, sims, strict=True))
    for i, (weight, sim, token, particle, generic) in enumerate(
        zip(weights, sims, name.tokens, name.particles, name.generic, strict=True)
    ):
        total += weight
        covered += weight * sim
        initial = len(token) == 1
        if particle or (organization and (generic or initial)):
            generic_unmatched += bool(organization and generic and not particle and not sim)
            continue
        significant += 1
        if sim:
            matched += 1
            distinctive += not initial
            patronymic_matched = patronymic_matched or patronymics[i]
            continue
        if initial or patronymics[i]:
            unmatched += 0.5  # an initial or a patronymic says less than a name
        else:
            unmatched += 1.0
            full_unmatched += 1
        if main[i] and not patronymics[i] and not (surname_aligned and surnames[i]):
            main_unmatched += 0.5 if initial else 1.0
        else:
            minor_unmatched += 1.0
    return _Side(
        covered / total if total else 0.0,
        unmatched,
        significant,
        matched,
        full_unmatched,
        distinctive,
        main_unmatched,
        minor_unmatched,
        patronymic_matched,
        generic_unmatched,
    )


def _shortness(side: _Side) -> tuple[float, ...]:
    return (-side.coverage, side.main_unmatched, side.minor_unmatched, side.unmatched, side.full_unmatched)


def _long_main_unmatched(short: _Side, long: _Side) -> float:
    """Unaligned given/family names of the longer name that count as such: none when the shorter
    name aligned in full with a patronymic ("GOLUBOVICH Vasilyevich": the given name left out)."""
    if short.patronymic_matched and short.matched == short.significant:
        return 0.0
    return long.main_unmatched


def _all_aligned(chosen: list[Unit], q: PreparedName, c: PreparedName) -> bool:
    """Every token of both names aligned: a name of generic words only ("Ministry of Petroleum")
    written with a typo is as much that name as its exact spelling, which scores 1."""
    return sum(len(u[1]) for u in chosen) == len(q.tokens) and sum(len(u[2]) for u in chosen) == len(c.tokens)


#: Distinctive organisation words shorter than this are not identified by their sound alone.
LONE_WORD_LENGTH = 8


def _lone_near_word(chosen: list[Unit], q: PreparedName, c: PreparedName) -> str:
    """Why the one distinctive word two organisation names share, a short one in the same script,
    proves too little, or "". Spelt with other vowels or doubled letters: company names are spelt,
    not romanised, and a short word sounding alike is another word as often as not (Samson/Samsun,
    Baron/Baroon, Koch/Koach, Marques/Markus). The one with a letter put before the other:
    misspellings rarely add a first letter, and a letter put before a short word makes another
    word (Janda/Anda, Drubin/Rubin). (Other typos are left to the typo rules.)"""
    if q.script != c.script:
        return ""  # romanised from another script: spellings differ by nature (Roskosmos)
    distinctive = [u for u in chosen if not all(q.generic[i] or q.particles[i] for i in u[1])]
    if len(distinctive) != 1:
        return ""
    _sim, qi, cj, how = distinctive[0]
    if len(qi) != 1 or len(cj) != 1:
        return ""
    a, b = q.tokens[qi[0]], c.tokens[cj[0]]
    if max(len(a), len(b)) >= LONE_WORD_LENGTH:
        return ""
    if how == PHONETIC:
        return "the one distinctive word, a short one, only sounds alike: capped"
    if how == TYPO and (a[1:] == b or b[1:] == a):
        return "the one distinctive word, a short one, is the other with a letter put before it: capped"
    return ""


def name_similarity(
    q: PreparedName,
    c: PreparedName,
    weights: tuple[list[float], list[float]],
    organization: bool,
    config: MatchConfig,
) -> NamePairScore:
    """Score in [0, 1] of query name ``q`` against list name ``c`` (``weights``: per-token rarity)."""
    if q.tokens == c.tokens:  # the same name: nothing to weigh (and the most frequent case of a hit)
        return NamePairScore(1.0, [(1.0, (i,), (i,), EXACT) for i in range(len(q.tokens))], [])
    chosen = assign(candidate_units(q, c, organization))
    sims_q = [0.0] * len(q.tokens)
    sims_c = [0.0] * len(c.tokens)
    for sim, qi, cj, _how in chosen:
        for i in qi:
            sims_q[i] = sim
        for j in cj:
            sims_c[j] = sim
    side_q = _side(q, weights[0], sims_q, organization)
    side_c = _side(c, weights[1], sims_c, organization)
    if side_q.significant != side_c.significant:
        short, long = (side_q, side_c) if side_q.significant < side_c.significant else (side_c, side_q)
    else:
        # The less covered side is the shorter one; ties broken by what else differs (symmetry).
        short, long = (side_q, side_c) if _shortness(side_q) >= _shortness(side_c) else (side_c, side_q)
    if organization:
        share, factor = config.organization_short_side_weight, config.organization_unmatched_factor
    else:
        share, factor = config.person_short_side_weight, config.person_unmatched_factor
    if organization:
        # Every distinctive word of an organisation name counts, on both sides: "Gazprom Plaza Mall"
        # is not "Gazprom", "Kimya Institute of ..." is not "Rzhanov Institute of ...".
        exponent = short.unmatched + 0.5 * long.full_unmatched
    else:
        # A given or family name left unaligned on either side is another person's name (Ivan
        # vs Sergei Aksenov; Hussein Ahmad vs ABDALLAH, Hussein Ahmad); a middle name, patronymic
        # or initial is often dropped: it costs little on the shorter side, nothing on the longer.
        exponent = (
            short.main_unmatched
            + config.person_minor_unmatched_share * short.minor_unmatched
            + config.person_long_main_unmatched_share * _long_main_unmatched(short, long)
        )
    score = (share * short.coverage + (1 - share) * long.coverage) * factor**exponent
    notes: list[str] = []
    single = not organization and short.significant <= 1 and long.significant >= 2 and long.matched < 2
    if single and score > config.single_token_cap:
        score = config.single_token_cap
        notes.append("one name part against a multi-part personal name: capped")
    initials = sum(1 for unit in chosen if unit[3] == INITIAL)
    if initials and (side_q.full_unmatched or side_c.full_unmatched):
        # "Robert S. Fairchild" vs "Robert Solarek": an initial only stands in when all else aligns.
        score *= config.loose_initial_factor**initials
        notes.append("initials aligned while other name parts did not")
    if organization and side_q.generic_unmatched and side_c.generic_unmatched:
        # Each name says what kind of body it is, differently: "Post Bank" is not "Post Groep",
        # "Banco Nacional de Cuba" not "Instituto Nacional de ... Cuba".
        score *= config.organization_generic_conflict_factor
        notes.append("generic words differ on both sides (another kind of organisation)")
    capped = organization and short.distinctive == 0 and score > config.single_token_cap
    if capped and not _all_aligned(chosen, q, c):
        score = config.single_token_cap
        notes.append("only generic words, initials or particles aligned: capped")
    lone = _lone_near_word(chosen, q, c) if organization and score > config.single_token_cap else ""
    if lone:
        score = config.single_token_cap
        notes.append(lone)
    if q.digits and c.digits and q.digits != c.digits:
        score *= config.number_conflict_factor
        notes.append("the names carry different numbers")
    compact = compact_similarity(q, c)
    if compact > score:
        score = compact
        chosen = [(compact, tuple(range(len(q.tokens))), tuple(range(len(c.tokens))), JOINED)]
        notes.append("names equal when written without spaces")
    return NamePairScore(score, chosen, notes)
