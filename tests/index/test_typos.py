"""Typo neighbourhoods used by candidate generation."""

from __future__ import annotations

from sanctionwatch.index.typos import respellings


def test_respellings_are_one_substitution_or_transposition_away() -> None:
    found = set(respellings("kvoz"))
    assert {"kvor", "avoz", "vkoz", "kovz", "kvzo"} <= found  # substitutions, adjacent swaps
    assert "kvoz" not in found
    assert not found & {"kvo", "kvozz", "okvz", "zvok"}  # deletions, insertions, far swaps
    assert {len(r) for r in found} == {4}
    assert len(found) == 4 * 25 + 3


def test_a_doubled_letter_is_not_swapped_with_itself() -> None:
    assert respellings("abba").count("abba") == 0
    assert len(respellings("abba")) == 4 * 25 + 2
