"""Speed-ups of preparation and comparison change no result: names prepared from remembered token
facts equal fresh ones, and the shortcut past name pairs that share no key skips only pairs that
would not rank."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

import sanctionwatch.match.matcher as matcher_module
import sanctionwatch.match.prepared as prepared_module
import sanctionwatch.names.phonetic as phonetic
from sanctionwatch.match import Matcher, PreparedEntity
from sanctionwatch.model import Schema

Make = Callable[..., PreparedEntity]

# Words that share skeletons (Mohammed/Muhammad), join into one (Abu Bakr/Abubakr), or nothing.
_WORDS = st.sampled_from(
    [
        "mohammed",
        "muhammad",
        "ali",
        "alee",
        "abu",
        "bakr",
        "abubakr",
        "ivan",
        "iwan",
        "petrov",
        "petrow",
        "gazprom",
        "neft",
        "gazpromneft",
        "trading",
        "al",
        "hassan",
        "hasan",
        "kim",
        "jong",
        "un",
        "jongun",
        "zhang",
    ]
)
_NAMES = st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3)
_SCHEMA = st.sampled_from([Schema.PERSON, Schema.ORGANIZATION])


def _clear_caches() -> None:
    prepared_module._token_facts.cache_clear()
    phonetic._consonant_spelling.cache_clear()


@settings(max_examples=100, deadline=None)
@given(names=_NAMES, schema=_SCHEMA)
def test_remembered_preparation_equals_a_fresh_one(make: Make, names: list[str], schema: Schema) -> None:
    warm = make(*names, schema=schema)
    again = make(*names, schema=schema)
    _clear_caches()
    fresh = make(*names, schema=schema)
    assert warm == again == fresh
    assert [n.key_index for n in warm.names] == [n.key_index for n in fresh.names]  # compare=False field


@settings(max_examples=200, deadline=None)
@given(query=_NAMES, candidate=_NAMES, sq=_SCHEMA, sc=_SCHEMA)
# Only a joined pair key relates these (no shared key, spellings far apart), on either side.
@example(["abu bakr hassan zhang"], ["abubakr ivan"], Schema.PERSON, Schema.PERSON)
@example(["abubakr ivan"], ["abu bakr hassan zhang"], Schema.PERSON, Schema.PERSON)
# Only German readings relate these (Prigoschin read as Prigozhin).
@example(["jewgeni prigoschin"], ["yevgeniy prigozhin"], Schema.PERSON, Schema.PERSON)
@example(["yevgeniy prigozhin"], ["jewgeni prigoschin"], Schema.PERSON, Schema.PERSON)
def test_key_shortcut_changes_no_comparison(
    make: Make, matcher: Matcher, query: list[str], candidate: list[str], sq: Schema, sc: Schema
) -> None:
    q, c = make(*query, schema=sq), make(*candidate, schema=sc)
    fast = matcher.compare(q, c)
    with mock.patch.object(matcher_module, "_keys_meet", lambda *_: True):
        full = Matcher(matcher.config, matcher.frequencies).compare(q, c)
    assert (fast.score, fast.match, fast.query_name, fast.matched_name) == (
        full.score,
        full.match,
        full.query_name,
        full.matched_name,
    )
    assert fast.explanation() == full.explanation()
