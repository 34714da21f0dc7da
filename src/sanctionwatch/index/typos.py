"""Typo tolerance for candidate generation: symmetric deletion neighbourhoods (as in SymSpell).

Two tokens within one edit (insertion, deletion, substitution, adjacent transposition) of each
other share a key: one of them, or one of their single-character deletions. Indexing each list
token under itself and its deletions, and looking a query token up under the same keys, finds
every list token one typo away with a handful of dictionary look-ups.
"""

from __future__ import annotations

#: Shorter tokens are not expanded: one edit in a 4-letter token makes it another name.
MIN_TYPO_LENGTH = 5


def deletion_keys(token: str) -> tuple[str, ...]:
    """``token`` and every string made by deleting one character of it (deduplicated)."""
    keys = dict.fromkeys([token])
    for i in range(len(token)):
        keys[token[:i] + token[i + 1 :]] = None
    return tuple(keys)
