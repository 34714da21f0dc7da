"""Which tokens of a personal name are its main parts (given and family name) and which are minor.

A person is identified by a given name and a family name; middle names, patronymics, second
given names and Arabic nasab parts ("bin Ali") are often dropped or added. So an unmatched main
part is strong evidence of another person, an unmatched minor part is not.

The family name comes, in order of trust, from the list's name parts (``Name.family``), the
"FAMILY, Given" comma form, or the upper-case word(s) of a mixed-case name ("Fedot Semyonovich
TUMUSOV"). The given name is then the first other token. Without any of these, the first and the
last token are the main parts (the order, given-first or family-first, is unknown, and matters
not: both are main).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sanctionwatch.model import Name
from sanctionwatch.names import NameRole, analyse
from sanctionwatch.names.particles import ARTICLES, KINSHIP

#: Names of at most this many significant tokens have only main parts.
_ALL_MAIN_UP_TO = 2


@lru_cache(maxsize=50_000)
def _tokens_of(text: str) -> frozenset[str]:
    return frozenset(analyse(text, NameRole.PERSON).tokens)


# One syllable: consonants, one run of vowels, consonants ("yun", "chiang", "thaek").
_SYLLABLE = re.compile("[^aeiouy]*[aeiouy]+[^aeiouy]*")
_MAX_SYLLABLE = 6


@lru_cache(maxsize=50_000)
def _syllable_pairs(full: str) -> frozenset[tuple[str, str]]:
    """Hyphenated pairs of syllables ("Yun-chiang", "Jong-un"): one Chinese or Korean given name."""
    pairs = set()
    for word in full.split():
        if "-" not in word:
            continue
        parts = analyse(word, NameRole.PERSON).tokens
        if len(parts) == 2 and all(len(p) <= _MAX_SYLLABLE and _SYLLABLE.fullmatch(p) for p in parts):
            pairs.add((parts[0], parts[1]))
    return frozenset(pairs)


def _upper_words(full: str) -> str:
    """The upper-case words of a mixed-case name, or "" when the name is all one case."""
    words = [w for w in full.split() if any(ch.isalpha() for ch in w)]
    upper = [w for w in words if w.isupper() and sum(ch.isalpha() for ch in w) >= 2]
    if not upper or len(upper) == len(words) or not any(w.islower() or w.istitle() for w in words):
        return ""
    return " ".join(upper)


def family_tokens(name: Name) -> frozenset[str]:
    """Tokens of the family name when the list or the writing says which they are."""
    if name.family:
        return _tokens_of(name.family)
    full = name.full
    if "," in full:
        head = full.split(",", 1)[0]
        if head.strip():
            return _tokens_of(head)
    upper = _upper_words(full)
    return _tokens_of(upper) if upper else frozenset()


def main_parts(
    name: Name, tokens: tuple[str, ...], minor: tuple[bool, ...], patronymics: tuple[bool, ...]
) -> tuple[bool, ...]:
    """Per token: is it a main part (given or family name)? ``minor``: particles and the like."""
    significant = [i for i, t in enumerate(tokens) if not minor[i] and len(t) > 1]
    if len(significant) <= _ALL_MAIN_UP_TO:
        return tuple(i in significant for i in range(len(tokens)))
    family = family_tokens(name)
    main = [False] * len(tokens)
    in_family = [i for i in significant if tokens[i] in family]
    if in_family and len(in_family) < len(significant):
        for i in in_family:
            main[i] = True
        given = next(i for i in significant if tokens[i] not in family)
        main[given] = True
        return _whole_syllabic_names(name, tokens, main)
    main[significant[0]] = True
    # The last token, unless it is a patronymic ("Ivanov Ivan Ivanovich": the family name is first).
    last = next((i for i in reversed(significant) if not patronymics[i]), significant[-1])
    main[last] = True
    return _whole_syllabic_names(name, tokens, main)


#: Parts of a family name of which one may be left out (a Spanish or Portuguese double surname).
_SURNAMES = 2
_ARABIC_LINKS = ARTICLES | frozenset(KINSHIP)


def surname_group(name: Name, tokens: tuple[str, ...], minor: tuple[bool, ...]) -> tuple[bool, ...]:
    """Per token: is it one of a family name of two or more parts, as the list's structure says
    ("MADURO MOROS, Nicolas", ``Name.family``)? () when the name has no such family name.

    Spanish and Portuguese names carry two surnames, of which one is often left out ("Nicolas
    Maduro", "Joaquin Guzman"). One part aligned makes the other minor (see
    :mod:`.name_similarity`); the given name stays main. Only two-part family names without Arabic
    articles or kinship words: there "AL-AWAD AL-AMIN" or "MURTADHA MAJEED ... ALAWI" (lists put
    a whole Arabic name before the comma) are name chains, each part a name of its own.
    """
    significant = [i for i, t in enumerate(tokens) if not minor[i] and len(t) > 1]
    if len(significant) <= _ALL_MAIN_UP_TO:
        return ()
    family = family_tokens(name)
    in_family = [i for i in significant if tokens[i] in family]
    if len(in_family) != _SURNAMES or len(in_family) == len(significant) or family & _ARABIC_LINKS:
        return ()
    return tuple(i in in_family for i in range(len(tokens)))


def _whole_syllabic_names(name: Name, tokens: tuple[str, ...], main: list[bool]) -> tuple[bool, ...]:
    """Both syllables of a hyphenated given name are main when one is ("Li Yun-chiang" is not
    "Li Jiang": Yun-chiang is one name, not a middle name and a given name)."""
    pairs = _syllable_pairs(name.full) if "-" in name.full else frozenset()
    for i in range(len(tokens) - 1):
        if (tokens[i], tokens[i + 1]) in pairs and (main[i] or main[i + 1]):
            main[i] = main[i + 1] = True
    return tuple(main)
