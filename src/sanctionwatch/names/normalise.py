"""Unicode clean-up of a raw name: bounded length, no lone surrogates, NFKC, look-alike letters fixed."""

from __future__ import annotations

import re
import unicodedata

from sanctionwatch.names.confusables import fix_confusables

#: Longest name (in characters) that is analysed; longer input is cut here and the cut is reported.
#: Real list names stay far below this (the longest UK/UN names are ~250 characters).
MAX_NAME_CHARS = 400

_SURROGATES = re.compile("[\ud800-\udfff]")
# Control and format characters (zero-width space, bidi marks) carry no letters.
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2061-\u206f\ufeff]")
# These stand inside a word and break none: the zero-width non-joiner of Persian spelling
# (احمدی‌نژاد is one word, Ahmadinejad), the zero-width joiner, the word joiner, the soft hyphen.
_IN_WORD = re.compile("[\u00ad\u200c\u200d\u2060]")


def clean(text: str) -> tuple[str, bool]:
    """Return the cleaned text and whether it had to be truncated to :data:`MAX_NAME_CHARS`."""
    truncated = len(text) > MAX_NAME_CHARS
    if truncated:
        text = text[:MAX_NAME_CHARS]
    if text.isascii():
        # Most list names: ASCII has no surrogates, is its own NFKC form, and has no look-alikes.
        return _INVISIBLE.sub(" ", text), truncated
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFKC", _IN_WORD.sub("", text))
    text = _INVISIBLE.sub(" ", text)
    return fix_confusables(text), truncated
