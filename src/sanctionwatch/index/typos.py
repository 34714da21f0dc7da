"""Typo tolerance for candidate generation: symmetric deletion neighbourhoods (as in SymSpell).

Two strings within one edit (insertion, deletion, substitution, adjacent transposition) of each
other share a key: one of them, or one of their single-character deletions. The index keeps, for
every list token (and every phonetic key) long enough, the string and its single deletions; a
query looks up its own string and deletions there, and its deletions among the list's strings, so
every list string one typo away turns up with a handful of dictionary look-ups. For long query
tokens, deletions of two characters also find list tokens two insertions, or an insertion and a
substitution, away.
"""

from __future__ import annotations

#: Shorter tokens are not expanded: one edit in a 4-letter token makes it another name ...
MIN_TYPO_LENGTH = 5
#: ... unless the lists do not know the query's token and other parts of the name corroborate a
#: candidate: then a list token of that length one substitution or transposition away is the
#: likeliest reading of it ("Xres Shipping" for "Ares Shipping").
SHORT_TYPO_LENGTH = 4
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: Shortest phonetic keys (consonant skeletons) expanded: "mhmd" is a name, "hmd" another.
MIN_KEY_TYPO_LENGTH = 4
#: Query tokens this long also try two deletions (only tokens no list knows: see NameIndex):
#: "Adzllah" for the six letters of "Abdlah", one letter too many and one other.
MIN_DOUBLE_TYPO_LENGTH = 7


def deletions(text: str) -> tuple[str, ...]:
    """Every string made by deleting one character of ``text`` (deduplicated, in order)."""
    return tuple(dict.fromkeys(text[:i] + text[i + 1 :] for i in range(len(text))))


def deletion_keys(text: str) -> tuple[str, ...]:
    """``text`` and its single deletions: what the index files a list string under."""
    return (text, *deletions(text))


def double_deletions(text: str) -> tuple[str, ...]:
    """Every string made by deleting two characters of ``text`` (deduplicated)."""
    found: dict[str, None] = {}
    for i in range(len(text)):
        shorter = text[:i] + text[i + 1 :]
        for j in range(i, len(shorter)):
            found[shorter[:j] + shorter[j + 1 :]] = None
    return tuple(found)


def respellings(text: str) -> tuple[str, ...]:
    """Every string of ``text``'s length one substitution (of a letter a-z) or one transposition of
    adjacent characters away from it."""
    found: dict[str, None] = {}
    for i, char in enumerate(text):
        head, tail = text[:i], text[i + 1 :]
        for letter in _LETTERS:
            if letter != char:
                found[head + letter + tail] = None
        if tail and tail[0] != char:
            found[head + tail[0] + char + tail[1:]] = None
    return tuple(found)
