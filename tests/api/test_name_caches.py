"""The server keeps the name functions' caches within their budget (sanctionwatch.api.name_caches)."""

from __future__ import annotations

from sanctionwatch.api.name_caches import NameCaches
from sanctionwatch.names import phonetic


def _tokens(count: int, tag: str) -> list[str]:
    letters = "bcdfgklmnprstvz"
    return [f"{tag}{letters[n % 15]}{letters[n // 15 % 15]}{letters[n // 225 % 15]}a" for n in range(count)]


def test_the_caches_of_the_name_code_are_found() -> None:
    caches = NameCaches()
    assert caches.find() >= 10  # phonetic keys, spellings, readings, token facts, legal words, ...
    phonetic.skeleton("quellbrook")
    assert caches.entries() >= 1


def test_a_cache_over_the_limit_is_emptied_and_one_under_it_kept() -> None:
    caches = NameCaches(max_entries=500)
    caches.find()
    phonetic.skeleton.cache_clear()
    phonetic.spelling.cache_clear()
    for token in _tokens(800, "x"):
        phonetic.skeleton(token)
    for token in _tokens(300, "y"):
        phonetic.spelling(token)
    assert phonetic.skeleton.cache_info().currsize == 800

    dropped = caches.trim()

    assert dropped >= 800
    assert phonetic.skeleton.cache_info().currsize == 0
    assert phonetic.spelling.cache_info().currsize == 300
    assert phonetic.skeleton("muhammad") == "mhmd"  # still answering, and caching again
    assert phonetic.skeleton.cache_info().currsize == 1
