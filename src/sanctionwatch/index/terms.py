"""What a name is indexed and looked up under: its terms, its parts' weights, its initials.

A list name is filed under *terms*: its tokens, each pair of adjacent tokens written as one
("abu bakr" ~ "abubakr"), and the phonetic keys ``prepare`` computes for both (romanisation
variant-insensitive; kept in their own namespace so a key never collides with a token of the same
spelling). Single letters are initials, not terms: an initial in a query matches any list token
with that first letter, which the index checks with a per-name bitmask of first letters. (A name
that is one initial and nothing else is filed under it.)
"""

from __future__ import annotations

from itertools import pairwise

from sanctionwatch.match import PreparedName
from sanctionwatch.names.syllables import east_asian_name

#: Prefix of phonetic keys among the terms.
KEY_PREFIX = "\x01"
#: Prefix of Korean/Chinese syllable keys (single parts, adjacent parts joined, the whole name).
SYLLABLE_PREFIX = "\x02"
#: Prefix of whole syllable keys of Korean/Chinese organisation names (see whole_syllable_key).
WHOLE_PREFIX = "\x03"
#: Weight of an initial (a single letter) in a name: it tells little.
INITIAL_WEIGHT = 1.0


def is_initial(token: str) -> bool:
    """A single letter stands for a word (an initial), not for itself."""
    return len(token) == 1 and token.isalpha()


def name_terms(name: PreparedName) -> set[str]:
    """Every term ``name`` is filed under."""
    tokens = name.tokens
    terms = {t for t in tokens if not is_initial(t)}
    terms.update(a + b for a, b in pairwise(tokens))
    terms.update(KEY_PREFIX + k for t, k in zip(tokens, name.keys, strict=False) if not is_initial(t))
    terms.update(KEY_PREFIX + k for k in name.pair_keys)
    if tokens and not terms:
        terms.add("".join(tokens))  # nothing but one initial ("T.")
    terms.update(SYLLABLE_PREFIX + k for k in syllable_terms(name))
    if name.whole_syllables:
        terms.add(WHOLE_PREFIX + name.whole_syllables)
    return terms


def syllable_terms(name: PreparedName) -> list[str]:
    """Syllable keys of a Korean/Chinese name: of each part, of adjacent parts joined, and of the
    whole name joined. Romanisations differ in voicing and vowels (Gim/Kim, Yeong/Yong) and in
    spacing (Yeongbog, Yong Bok), which neither spellings nor phonetic keys bridge."""
    keys = name.syllables
    if not east_asian_name(keys):
        return []
    found = [k for k in keys if k]
    found.extend(a + b for a, b in pairwise(keys) if a and b)
    if len(keys) > 2 and all(keys):
        found.append("".join(keys))
    return found


def letter_bit(token: str) -> int:
    """The bit of ``token``'s first letter (a-z) in a first-letter mask; 0 for anything else."""
    first = token[:1]
    return 1 << (ord(first) - 97) if "a" <= first <= "z" else 0


def first_letters(tokens: tuple[str, ...]) -> int:
    """Bitmask of the first letters (a-z) of ``tokens``."""
    mask = 0
    for token in tokens:
        mask |= letter_bit(token)
    return mask
