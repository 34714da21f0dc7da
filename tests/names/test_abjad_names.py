"""Arabic and Hebrew names romanised as lists and customer records write them: compared through
their phonetic skeletons, letter conventions of names that ICU's one-letter-per-letter
transliteration does not know."""

from __future__ import annotations

import pytest

from sanctionwatch.names.phonetic import skeleton
from sanctionwatch.names.transliterate import to_latin

CASES = [
    # Hebrew: shin sh, tsadi tz, final pe f, word-final he a vowel, kaf before he no "kh" digraph.
    ("משה כהן", "Hebr", "Moshe Cohen"),
    ("יוסף", "Hebr", "Yosef"),
    ("יצחק כץ", "Hebr", "Yitzhak Katz"),
    ("יהודה", "Hebr", "Yehuda"),
    ("שמעון", "Hebr", "Shimon"),
    # Ayn inside a word is no letter of the romanised name (Saʿid, Saʿud).
    ("سعيد", "Arab", "Said"),
    ("سعود", "Arab", "Saud"),
]


@pytest.mark.parametrize(("written", "script", "romanised"), CASES)
def test_the_first_reading_has_the_skeletons_of_the_usual_romanisation(
    written: str, script: str, romanised: str
) -> None:
    latin = to_latin(written, script)
    assert latin.isascii() and "'" not in latin
    assert [skeleton(t) for t in latin.split()] == [skeleton(t) for t in romanised.lower().split()]
