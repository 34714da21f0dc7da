"""Titles and honorifics that precede or follow names but are not part of them."""

from __future__ import annotations

# Forms of address and religious/academic honorifics: never a name by themselves in lists.
COURTESY_TITLES: frozenset[str] = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mister",
        "madam",
        "madame",
        "mme",
        "mlle",
        "sir",
        "dame",
        "lord",
        "lady",
        "dr",
        "doctor",
        "prof",
        "professor",
        "haji",
        "hajji",
        "hadji",
        "alhaji",
        "hajj",
        "mullah",
        "mulla",
        "maulana",
        "maulavi",
        "maulvi",
        "mawlawi",
        "moulvi",
        "mawlana",
        "qari",
        "ayatollah",
        "hojatoleslam",
        "eng",
        "engr",
        "engineer",
        "rev",
        "reverend",
        "father",
        "herr",
        "frau",
        "gospodin",
        "gospozha",
    ]
)
# Honorifics that are also given or family names: Sheikh (Omar Saeed Sheikh, Sheikh Hasina), Syed/
# Sayed (Syed Ali Shah), Hafez (Hafez al-Assad), Imam. They are never
# removed. Before the name (titles precede it) the matcher treats them as optional parts, like
# particles, so a name with or without the honorific matches; elsewhere they are names
# (Jihad AL-SAYED, Omar Saeed SHEIKH).
NAME_HONORIFICS: frozenset[str] = frozenset(
    [
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "cheikh",
        "sayyid",
        "sayed",
        "syed",
        "sayyed",
        "seyed",
        "seyyed",
        "imam",
        "hafiz",
        "hafez",
    ]
)
# Ranks: stripped only at the start of a person's name ("General Ali X"), since "General" is an
# ordinary word in organisation names ("General Electric").
RANKS: frozenset[str] = frozenset(
    [
        "general",
        "gen",
        "lieutenant",
        "lt",
        "colonel",
        "col",
        "major",
        "maj",
        "captain",
        "capt",
        "brigadier",
        "brig",
        "admiral",
        "adm",
        "commander",
        "cmdr",
        "sergeant",
        "sgt",
        "marshal",
        "field",
    ]
)


def strip_titles(tokens: list[str], *, person: bool) -> list[str]:
    """Remove titles; ranks only for persons and only at the start. Never removes every token."""
    kept = [t for t in tokens if t not in COURTESY_TITLES]
    if person:
        start = 0
        while start < len(kept) - 1 and kept[start] in RANKS:
            start += 1
        kept = kept[start:]
    return kept if kept else tokens


def leading_honorifics(tokens: tuple[str, ...]) -> int:
    """How many tokens at the start are honorifics that may also be names (never all of them)."""
    count = 0
    while count < len(tokens) - 1 and tokens[count] in NAME_HONORIFICS:
        count += 1
    return count
