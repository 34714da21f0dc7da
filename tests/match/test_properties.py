"""Properties of matching that hold for any input (Hypothesis) and bad input handled without errors."""

from __future__ import annotations

import pickle
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.match import Matcher, PreparedEntity, TokenFrequencies
from sanctionwatch.model import Schema
from sanctionwatch.names.given_names import GIVEN_NAME_FORMS
from sanctionwatch.names.honorifics import COURTESY_TITLES, RANKS
from sanctionwatch.names.particles import PARTICLES

Make = Callable[..., PreparedEntity]

# Name-like text: letters of several scripts, spaces and punctuation, plus anything at all.
_WORD = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщыэюяαβγδمحدعبن김정은习近平-'. "
    ),
    min_size=1,
    max_size=12,
)
_NAME = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_ANY = st.text(max_size=60)
_SCHEMAS = st.sampled_from(list(Schema))


@settings(max_examples=150, deadline=None)
@given(a=st.one_of(_NAME, _ANY), b=st.one_of(_NAME, _ANY), sa=_SCHEMAS, sb=_SCHEMAS)
def test_scores_are_between_0_and_1(
    make: Make, matcher: Matcher, a: str, b: str, sa: Schema, sb: Schema
) -> None:
    result = matcher.compare(make(a, schema=sa), make(b, schema=sb))
    assert 0.0 <= result.score <= 1.0
    assert result.match == (result.score >= matcher.config.threshold)
    assert isinstance(result.explanation(), dict)


@settings(max_examples=150, deadline=None)
@given(a=_NAME, b=_NAME)
def test_person_comparison_is_symmetric(make: Make, matcher: Matcher, a: str, b: str) -> None:
    forward = matcher.compare(make(a), make(b)).score
    backward = matcher.compare(make(b), make(a)).score
    assert abs(forward - backward) < 1e-6


def _plain_word(word: str) -> bool:
    """Not a title, particle or Abd compound (those legitimately depend on their neighbours)."""
    return word not in COURTESY_TITLES | RANKS | PARTICLES and not word.startswith("abd")


_PLAIN_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).filter(_plain_word)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_PLAIN_WORDS, min_size=2, max_size=4))
def test_word_order_does_not_change_a_person_match(make: Make, matcher: Matcher, words: list[str]) -> None:
    listed = make(" ".join(words))
    reordered = make(" ".join(reversed(words)))
    result = matcher.compare(reordered, listed)
    assert result.match
    assert result.score >= 0.95


@settings(max_examples=200, deadline=None)
@given(name=st.one_of(_NAME, _ANY), schema=_SCHEMAS)
def test_a_name_always_matches_itself(make: Make, matcher: Matcher, name: str, schema: Schema) -> None:
    entity = make(name, schema=schema)
    if not entity.names:  # nothing name-like in it (only punctuation or titles): nothing to match
        return
    assert matcher.compare(entity, entity).match


def test_bad_input_is_handled(make: Make, matcher: Matcher) -> None:
    huge = "Zarkovia " * 12_000  # ~100 kB
    cases = [
        "",
        "   ",
        "-.,'",
        "\ud800\udfff broken surrogates \udc00",
        "ꙮꙮꙮ 𓀀𓀁",
        huge,
        "\x00\x1b[31m",
        "Ivan\u200bPetrov",
    ]
    listed = make("Zarkovia Belmont")
    for text in cases:
        result = matcher.compare(make(text), listed)
        assert 0.0 <= result.score <= 1.0
    truncated = matcher.compare(make(huge), make(huge))
    assert truncated.match
    assert any("truncated" in note for note in truncated.explanation()["notes"])


def test_prepared_entities_and_frequencies_pickle(make: Make) -> None:
    entities = [make("Сергей Валерьевич АКСЁНОВ", dob="1972"), make("Ivan Petrov"), make("Ivan Sidorov")]
    frequencies = TokenFrequencies.build(entities)
    restored = pickle.loads(pickle.dumps((entities, frequencies)))  # noqa: S301 - our own bytes
    assert restored[0] == entities
    assert restored[1].weight("ivan") == frequencies.weight("ivan") < frequencies.weight("aksenov") == 1.0
    assert Matcher(frequencies=restored[1]).compare(restored[0][0], entities[0]).score == 1.0


def test_common_tokens_weigh_less_with_frequencies(make: Make) -> None:
    corpus = [make(f"Mohammed Fictus{i}") for i in range(50)] + [make("Zarkovia Belmont")]
    frequencies = TokenFrequencies.build(corpus)
    assert frequencies.weight("muhammad") < 0.5  # the same skeleton as "mohammed"
    assert frequencies.weight("zarkovia") > 0.9
    assert 0.0 < frequencies.weight("mohamed") <= 1.0


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        _PLAIN_WORDS.filter(lambda w: len(w) >= 4 and w not in GIVEN_NAME_FORMS), min_size=2, max_size=3
    ),
    position=st.integers(min_value=0, max_value=2),
)
def test_a_different_final_vowel_is_never_a_typo(
    make: Make, matcher: Matcher, words: list[str], position: int
) -> None:
    """Gender and nisba forms (Novikov/Novikova, Ahmad/Ahmadi) never align as typos (a final
    a/e/i added or dropped; a final o dropped is a lost letter, see the case tables)."""
    position %= len(words)
    changed = list(words)
    changed[position] = words[position] + "a" if words[position][-1] not in "aei" else words[position][:-1]
    if changed[position] in words or len(changed[position]) < 2:
        return
    alignment = matcher.compare(make(" ".join(changed)), make(" ".join(words))).explanation()["alignment"]
    assert all(p["how"] != "typo" for p in alignment if p["query_part"] == changed[position])
