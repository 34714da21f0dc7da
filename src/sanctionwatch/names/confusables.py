"""Look-alike letters across scripts: Cyrillic or Greek letters inside Latin words and vice versa.

Lists and customer records contain words such as "Vlаdimir" with a Cyrillic "а", typed on a
Cyrillic keyboard or pasted. Each word is brought into its majority script by replacing the
homoglyphs of the minority script; words with no majority (or no homoglyphs) are left alone.
"""

from __future__ import annotations

import re

# Minority letter -> the majority-script letter it looks like. Only true look-alikes are listed.
_CYRILLIC_TO_LATIN = dict(
    zip(
        "аеорсхуіјѕԁԛԝкмтнвАЕОРСХУІЈЅКМТНВ",
        "aeopcxyijsdqwkmthbAEOPCXYIJSKMTHB",
        strict=True,
    )
)
_GREEK_TO_LATIN = dict(zip("αεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "aeikvoptuxABEZHIKMNOPTYX", strict=True))
_LATIN_TO_CYRILLIC = dict(zip("aeopcxyiAEOPCXYIKMTHB", "аеорсхуіАЕОРСХУІКМТНВ", strict=True))

_TO_LATIN = str.maketrans({**_GREEK_TO_LATIN, **_CYRILLIC_TO_LATIN})
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)

_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GREEK = re.compile(r"[\u0370-\u03ff]")
_MIXED = re.compile(r"(?=\w*[A-Za-z])(?=\w*[\u0370-\u04ff])\w+")


def _fix_word(match: re.Match[str]) -> str:
    word = match.group()
    latin = len(_LATIN.findall(word))
    other = len(_CYRILLIC.findall(word)) + len(_GREEK.findall(word))
    if latin >= other:
        return word.translate(_TO_LATIN)
    if _CYRILLIC.search(word):
        return word.translate(_TO_CYRILLIC)
    return word


def fix_confusables(text: str) -> str:
    """Replace homoglyphs in words that mix Latin with Cyrillic/Greek letters."""
    if not _MIXED.search(text):
        return text
    return _MIXED.sub(_fix_word, text)
