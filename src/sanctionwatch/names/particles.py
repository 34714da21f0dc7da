"""Name particles: articles and kinship words that connect name parts but identify no one.

Arabic names join parts with the article (al-, el-, ul-, ad-/ar-/as-... before "sun letters")
and with bin/ibn/ben/bint ("son/daughter of"); European names with de/da/van/von. These carry
little evidence and are often dropped or attached ("Al Qaida"/"Alqaida"), so the matcher gives
them little weight. Compound names with Abd ("servant of") are written as one word or several
("Abdul Rahman", "Abd al-Rahman", "Abdelrahman", "Abdurrahman"); they are joined into one
canonical token "abd"+name, because the parts alone say little.
"""

from __future__ import annotations

import re

ARTICLES: frozenset[str] = frozenset(
    ["al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "ad", "ed", "er", "es", "et"]
)
KINSHIP: dict[str, str] = {
    "bin": "bin",
    "ibn": "bin",
    "ben": "bin",
    "bint": "bin",
    "binti": "bin",
    "bn": "bin",
}
CONNECTORS: frozenset[str] = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "y",
        "e",
        "of",
        "the",
        "and",
    ]
)
PARTICLES: frozenset[str] = ARTICLES | frozenset(KINSHIP.values()) | CONNECTORS

_ABD_WORDS = frozenset(
    ["abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdu", "abdou", "abdur", "abdar", "abdel"]
)
# Joined Abd compounds: abd + optional article vowel + the name ("abdulaziz", "abdurrahman").
_ABD_JOINED = re.compile(r"^abd(?:ul|el|al|ol|oul|ou|u)?(?=[a-z]{3,})")
_ABD_ASSIMILATED = re.compile(r"^abd[aeiou]([rsdtzn])(?=\1)")


def _abd_joined(token: str) -> str:
    """ "abdurrahman" -> "abdrahman", "abdelaziz" -> "abdaziz"; other tokens unchanged."""
    if not token.startswith("abd") or len(token) < 6:
        return token
    if match := _ABD_ASSIMILATED.match(token):
        return "abd" + token[match.end() :]
    if match := _ABD_JOINED.match(token):
        return "abd" + token[match.end() :]
    return token


def canonical_particles(tokens: list[str]) -> list[str]:
    """Canonical kinship words and Abd compounds; the article after Abd is absorbed."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = KINSHIP.get(tokens[i], tokens[i])
        if token in _ABD_WORDS and i + 1 < len(tokens):
            j = i + 1
            if tokens[j] in ARTICLES and j + 1 < len(tokens):
                j += 1
            out.append(_abd_joined("abd" + tokens[j]))
            i = j + 1
            continue
        out.append(_abd_joined(token))
        i += 1
    return out


# Patronymics (Russian/Ukrainian/Belarusian -ovich/-ovna, Turkic -ogly/-kyzy): often dropped or
# spelt differently, so an unaligned patronymic costs less than an unaligned given name.
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|evych|ovitch|ovna|evna|ivna|ichna|ogly|oglu|ugli|kyzy|qizi)$")


def is_patronymic(token: str) -> bool:
    """Whether ``token`` has the form of a patronymic ("valerievich", "ivanovna", "ogly")."""
    return len(token) >= 6 and _PATRONYMIC.search(token) is not None
