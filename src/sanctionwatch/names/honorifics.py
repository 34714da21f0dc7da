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
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "cheikh",
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
        "hafiz",
        "hafez",
        "sayyid",
        "sayed",
        "syed",
        "sayyed",
        "seyed",
        "seyyed",
        "ayatollah",
        "hojatoleslam",
        "imam",
        "emir",
        "amir",
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
