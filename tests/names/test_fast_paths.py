"""Shortcuts of name analysis give what the general path gives: ASCII clean-up, and the legal-form
regrouping that only tries phrases starting (ending) with a name's first (last) letters."""

from __future__ import annotations

from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sanctionwatch.names import legal_forms
from sanctionwatch.names.legal_forms import strip_legal_forms
from sanctionwatch.names.normalise import clean

# A Latin letter that is its own NFKC form, no look-alike and no control character: appended, it
# sends any text down the general (non-ASCII) path and comes out unchanged at the end.
_NON_ASCII = "é"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
@example("Ivan\tPETROV\x00\x7f")
def test_ascii_text_cleans_as_the_general_path_does(text: str) -> None:
    fast, _ = clean(text)
    general, _ = clean(text + _NON_ASCII)
    assert fast + _NON_ASCII == general


# Words of legal-form phrases, pieces of them, and name words: glued or split, at either end.
_WORDS = st.sampled_from(
    [
        "obshchestvo",
        "s",
        "ogranichennoy",
        "otvetstvennostyu",
        "ooo",
        "zao",
        "joint",
        "stock",
        "company",
        "jointstock",
        "stockcompany",
        "limited",
        "liability",
        "lia",
        "bility",
        "ltd",
        "llc",
        "gmbh",
        "sp",
        "z",
        "o",
        "co",
        "gazprom",
        "neft",
        "tamynaltd",
        "georgiajoint",
        "ab",
        "a",
    ]
)


class _EveryLength(dict[str, tuple[int, ...]]):
    """Every phrase length under every key: the regrouping then tries all phrases."""

    def get(self, key: str, default: object = None) -> tuple[int, ...]:
        return legal_forms._PHRASE_LENGTHS


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=6))
@example(["georgiajoint", "stock", "company"])
@example(["lia", "bility", "company", "gazprom"])
@example(["ooogazprom"])
def test_regrouping_by_edge_letters_equals_trying_every_phrase(tokens: list[str]) -> None:
    found = strip_legal_forms(tokens)
    with (
        mock.patch.object(legal_forms, "_HEAD_LENGTHS", _EveryLength()),
        mock.patch.object(legal_forms, "_TAIL_LENGTHS", _EveryLength()),
    ):
        assert strip_legal_forms(tokens) == found
