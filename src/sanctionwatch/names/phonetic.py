"""Phonetic skeletons: one key for the romanisation variants of a name token.

Romanisations of the same name differ mostly in vowels (Muhammad/Mohammed, Yuriy/Iurii, -iy/-ii/-y),
in how one sound is spelt with several letters (kh/h, shch/sch/sh, ts/tz/c, zh/j/dzh, ks/x, ph/f,
ff/v/w in -ov/-off/-ow) and in doubled letters. The skeleton therefore maps each spelling of a
consonant sound to one letter, drops vowels (abjad scripts do not write them either, so "mhmd" from
Arabic meets "Muhammad") and collapses doubled letters. It is a deliberately small rule set, not a
table of whole names: rules cover names never seen before.

The affricates ch/ts/j/zh share one letter: Korean and Chinese romanisations swap them (Chong/Jong,
Chiang/Jiang), as do Slavic ones across languages (zh/j/sch).

Skeletons conflate some different names (Zhang/Jiang); the matcher therefore never treats an equal
skeleton as proof alone but as a strong hint weighed with spelling similarity.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Multi-letter spellings of one sound, longest first so "shch" wins over "sh" and "ch".
_SPELLINGS: dict[str, str] = {
    "shtch": "s",
    "shch": "s",
    "tsch": "j",
    "dzh": "j",
    "sch": "s",
    "tch": "j",
    "sh": "s",
    "zh": "j",
    "dj": "j",
    "ch": "j",
    "cz": "j",
    "ts": "j",
    "tz": "j",
    "kh": "h",
    "gh": "g",
    "ph": "v",
    "th": "s",
    "dh": "d",
    "ck": "k",
    "q": "k",
    "c": "k",
    "x": "ks",
    "w": "v",
    "f": "v",
    "z": "s",
}
_SPELLING = re.compile("|".join(sorted(_SPELLINGS, key=len, reverse=True)))
# A "j" after a vowel and before a consonant or the end is the vowel-like "y" of German/Polish
# transliteration (Sergej, Andrej, Jurij).
_VOWEL_J = re.compile(r"(?<=[aeiouy])j(?![aeiouy])")
# A final "h" after "a" is silent (Arabic ta marbuta: Fatimah/Fatima, Abdallah/Abdalla); after
# another vowel it is mostly a consonant (Saleh/Salih: ح), whose vowel is then not final.
_SILENT_H = re.compile(r"(?<=a)h$")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=4_096)  # skeleton() and spelling() of one token, called one after the other, share it
def _consonant_spelling(token: str) -> str:
    """Consonant spellings unified and doubles collapsed; vowels kept (the common first step)."""
    key = _SILENT_H.sub("", _VOWEL_J.sub("i", token))
    return _DOUBLES.sub(r"\1", _SPELLING.sub(lambda m: _SPELLINGS[m.group()], key))


# Vowel spellings of one sound: "ou"/"oo" (French/English u), "ee" (English i); "y" is a vowel.
_VOWEL_SPELLINGS = (("y", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"))


@lru_cache(maxsize=200_000)
def spelling(token: str) -> str:
    """The phonetic spelling of a token: consonants as in :func:`skeleton`, vowels kept.

    "mohammed" -> "mohamed", "muhammad" -> "muhamad", "youssef" -> "iusev". Removing the
    vowels of the spelling gives the skeleton, so tokens with equal skeletons can be compared
    vowel by vowel (Mohammed/Muhammad differ in vowel quality, Mahmoud/Muhammad in syllables).
    """
    if not token.isalpha():
        return token
    key = _consonant_spelling(token)
    for written, sound in _VOWEL_SPELLINGS:
        key = key.replace(written, sound)
    return _DOUBLES.sub(r"\1", key)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The romanisation-insensitive key of one lower-case ASCII token ("mohammed" -> "mhmd").

    Tokens made only of vowels keep their own spelling, so the key is never empty.
    """
    if not token.isalpha():
        return token
    key = _consonant_spelling(token)
    # Doubles are collapsed before vowels go, so "Baghdadi" keeps both d's ("bgdd").
    key = _VOWELS.sub("", key)
    return key or token


_CONSONANT = re.compile("[^aeiou]")
_WRITTEN_VOWELS = re.compile("[aeiouy]+")


@lru_cache(maxsize=200_000)
def vowel_slots(spelt: str) -> tuple[str, ...]:
    """The vowel runs of a phonetic spelling before, between and after its consonants
    ("mohamed" -> ("", "o", "a", "e", "")): one more than the skeleton has letters."""
    return tuple(_CONSONANT.split(spelt))


@lru_cache(maxsize=200_000)
def written_consonants(token: str) -> str:
    """The consonant letters as written, doubles collapsed ("zhang" -> "zhng", "chang" -> "chng");
    a vowel-like "j" (Jurij, Sergej) is no consonant."""
    return _DOUBLES.sub(r"\1", _WRITTEN_VOWELS.sub("", _VOWEL_J.sub("i", token)))


# German (and Polish/Czech-influenced) romanisation of Cyrillic: "tsch" is ch (Tschernow), "ch" is
# kh (Michail, Chodorkowskij), "j" before a vowel is y (Jakowlew, Rjabuchin), "w" is v (Warfolomeew).
# The affricate "tsch" is parked on a placeholder so the ch -> kh rule leaves it alone.
_GERMAN_TSCH = re.compile("tsch")
_GERMAN_CH = re.compile("(?<!s)ch")
_GERMAN_J = re.compile("j(?=[aeiou])")


@lru_cache(maxsize=200_000)
def german_reading(token: str) -> str:
    """The token read as a German-style romanisation of Cyrillic, respelt the English way
    ("jakowlew" -> "yakovlev", "chodorkowskij" -> "khodorkovskij", "tschernow" -> "chernov").

    Returns the token itself when no German-only spelling occurs in it.
    """
    if "j" not in token and "ch" not in token and "w" not in token:
        return token
    key = _GERMAN_TSCH.sub("\x00", token)
    key = _GERMAN_J.sub("y", _GERMAN_CH.sub("kh", key))
    return key.replace("\x00", "ch").replace("w", "v")


@lru_cache(maxsize=200_000)
def german_readings(token: str) -> tuple[str, ...]:
    """:func:`german_reading`, and the same with "sch" read as zh, which German also writes it for
    (Breschnew, Schukow, Prigoschin); only readings that differ from the token."""
    first = german_reading(token)
    readings = (first, first.replace("sch", "zh")) if "sch" in first else (first,)
    return tuple(dict.fromkeys(r for r in readings if r != token))


# French romanisation of Cyrillic: "ou" is u (Poutine, Iouri), "ch" is sh and "tch" ch
# (Chostakovitch, Khrouchtchev), "j" is zh (Jirinovski, Brejnev), "gu" before e/i is g (Guennadi),
# and a mute "e" follows a final -in/-yn (Poutine, Raspoutine, Soljenitsyne). Read only in a token
# with one of the other spellings: alone, a final "-ine" is more often French (Martine/Martin).
_FRENCH_SIGNS = re.compile("ou|(?<!s)ch|j|gu(?=[eiy])")
_FRENCH_TCH = re.compile("tch")
_FRENCH_CH = re.compile("(?<!s)ch")  # "sch" is German
_FRENCH_GU = re.compile("gu(?=[eiy])")
_FRENCH_MUTE_E = re.compile("(?<=[iy]n)e$")


@lru_cache(maxsize=200_000)
def french_reading(token: str) -> str:
    """The token read as a French-style romanisation of Cyrillic, respelt the English way
    ("poutine" -> "putin", "chostakovitch" -> "shostakovich", "brejnev" -> "brezhnev"); the token
    itself when it has no French-only spelling."""
    if not _FRENCH_SIGNS.search(token):
        return token
    key = _FRENCH_CH.sub("sh", _FRENCH_TCH.sub("\x00", token)).replace("\x00", "ch")
    key = key.replace("ou", "u").replace("j", "zh")
    return _FRENCH_MUTE_E.sub("", _FRENCH_GU.sub("g", key))


# An English word as Russian writes it, and romanisation then spells it (Positive Technologies:
# Позитив Текнолоджиз, POZITIV TEKNOLODZHIZ): "ch" of Greek words is k or kh, a soft g is dzh and a
# soft c s, "th" is t, a final mute e is not written and a plural -ies is -iz.
_ENGLISH_SOFT_G = re.compile("g(?=[eiy])")
_ENGLISH_SOFT_C = re.compile("c(?=[eiy])")
_ENGLISH_ENDING = re.compile("ies$|(?<=[^aeiou])e$")
_ENGLISH_SIGNS = re.compile("ch|th|[gc](?=[eiy])|(?<=[^aeiou])e$")


@lru_cache(maxsize=200_000)
def english_readings(token: str) -> tuple[str, ...]:
    """The token, an English word, as Cyrillic writes its sounds, romanised back
    ("technologies" -> "teknolodzhiz", "tekhnolodzhiz"); () when nothing changes."""
    if not _ENGLISH_SIGNS.search(token):
        return ()
    key = _ENGLISH_SOFT_C.sub("s", _ENGLISH_SOFT_G.sub("dzh", token)).replace("th", "t")
    key = _ENGLISH_ENDING.sub(lambda m: "iz" if m.group() == "ies" else "", key)
    readings = (key.replace("ch", "k"), key.replace("ch", "kh"))
    return tuple(dict.fromkeys(r for r in readings if r != token))


@lru_cache(maxsize=200_000)
def reading_skeletons(token: str) -> tuple[str, ...]:
    """Skeletons of the token read as a German- or French-style romanisation of Cyrillic, or as
    an English word written in Cyrillic, those that differ from its own ("prigoschin" -> "prgjn",
    as Prigozhin; "jewgeni" -> "vgn"; "technologies" -> "tknljs", as Teknolodzhiz)."""
    if not token.isalpha():
        return ()
    plain = skeleton(token)
    readings = (*german_readings(token), french_reading(token), *english_readings(token))
    return tuple(dict.fromkeys(k for k in map(skeleton, readings) if k != plain))


# Scientific (ISO 9) romanisation of Cyrillic and the Latin alphabets of Czech, Slovak, Croatian,
# Lithuanian write the hushing sounds with a diacritic (č, š, ž; ISO 9 also ŝ for щ). Lists and
# keyboards drop it, leaving a bare "c" or "z" where English romanisation writes "ch"/"ts" or "zh"
# (Goncarova/Goncharova, Mihajlovic/Mikhailovich, Naucno/Nauchno, Mackevicius/Matskevichius).
_BARE_C = re.compile("c(?![hkz])")
_BARE_Z = re.compile("(?<![dst])z(?!h)")


@lru_cache(maxsize=200_000)
def hushing_skeleton(token: str) -> str:
    """The skeleton of ``token`` with every bare "c" read as "ch" and bare "z" as "zh", or "" when
    it has neither ("goncarova" -> "gnjrv"). Compared letter by letter with :func:`skeleton`."""
    if "c" not in token and "z" not in token:
        return ""
    reading = _BARE_Z.sub("zh", _BARE_C.sub("ch", token))
    return skeleton(reading) if reading != token else ""


@lru_cache(maxsize=100_000)
def hushing_skeletons(token: str) -> tuple[str, ...]:
    """The skeletons of ``token`` with its bare "c" read as "ch", its bare "z" as "zh", and both
    (only those that differ from the plain skeleton): whole-token readings for look-ups, where
    :func:`hushing_skeleton` is compared letter by letter ("kuncevic" -> "knjvj", Kuntsevich)."""
    if "c" not in token and "z" not in token:
        return ()
    plain = skeleton(token)
    readings = (
        _BARE_C.sub("ch", token),
        _BARE_Z.sub("zh", token),
        _BARE_Z.sub("zh", _BARE_C.sub("ch", token)),
    )
    return tuple(dict.fromkeys(k for k in map(skeleton, readings) if k != plain))
