"""Other spellings of a name: romanisations of original-script names and Arabic name variants.

A list romanises a Cyrillic name one way (BGN/PCGN, a passport, its own habit); a customer file
often holds another. :func:`romanisations` produces the spellings a bank is likely to see: ICU's
BGN/PCGN and ISO 9 (diacritics dropped) transliterators, the ICAO 9303 passport table, a German
style, and an informal one with per-letter choices (``х`` -> kh/h, ``ий`` -> iy/y/i, ...).
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import cache

import icu

# ICAO Doc 9303 (Russian passports since 2014).
_ICAO = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "ie",
            "y",
            "-",
            "e",
            "iu",
            "ia",
            "i",
            "ie",
            "i",
            "g",
        ],
        strict=True,
    )
)
_GERMAN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        [
            "a",
            "b",
            "w",
            "g",
            "d",
            "e",
            "jo",
            "sh",
            "s",
            "i",
            "j",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "ch",
            "z",
            "tsch",
            "sch",
            "schtsch",
            "-",
            "y",
            "-",
            "e",
            "ju",
            "ja",
            "i",
            "je",
            "ji",
            "g",
        ],
        strict=True,
    )
)
# Informal: each letter picks one of its spellings at random.
_INFORMAL: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ё": ("yo", "e", "io"),
    "ж": ("zh", "j"),
    "з": ("z",),
    "и": ("i",),
    "й": ("y", "i", "j"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u", "ou"),
    "ф": ("f",),
    "х": ("kh", "h"),
    "ц": ("ts", "tz", "c"),
    "ч": ("ch", "tch"),
    "ш": ("sh",),
    "щ": ("shch", "sch", "sh"),
    "ъ": ("",),
    "ы": ("y", "i"),
    "ь": ("", "'"),
    "э": ("e",),
    "ю": ("yu", "iu", "ju"),
    "я": ("ya", "ia", "ja"),
    "і": ("i",),
    "є": ("ye", "ie"),
    "ї": ("yi", "i"),
    "ґ": ("g",),
}
_ICU_IDS = {
    "bgn": "Russian-Latin/BGN; Latin-ASCII",
    "ukrainian_bgn": "Ukrainian-Latin/BGN; Latin-ASCII",
    "iso9_ascii": "Cyrillic-Latin; Latin-ASCII",
    "any_latin": "Any-Latin; Latin-ASCII",
}
_APOSTROPHES = re.compile(r"['ʹʼ`]")


@cache
def _icu(rule_id: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(_ICU_IDS[rule_id])


def icu_latin(text: str, rule_id: str = "any_latin") -> str:
    """``text`` transliterated to ASCII Latin by one of ICU's rules (see ``_ICU_IDS``)."""
    return str(_icu(rule_id).transliterate(text))


def _by_table(text: str, table: dict[str, str]) -> str:
    out: list[str] = []
    for char in text:
        low = char.lower()
        spelled = table.get(low)
        if spelled is None:
            out.append(char)
            continue
        spelled = "" if spelled == "-" else spelled
        out.append(spelled.capitalize() if char != low else spelled)
    return "".join(out)


def _informal(text: str, rng: random.Random) -> str:
    table = {letter: rng.choice(options) for letter, options in _INFORMAL.items()}
    return _by_table(text, table)


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def romanisations(original: str, rng: random.Random) -> dict[str, str]:
    """Latin spellings of a Cyrillic name by method; ``{}`` if the name is not Cyrillic.

    Letter case follows the original (an all-caps surname stays all caps).
    """
    if not _is_cyrillic(original):
        return {}
    upper_words = {w for w in original.split() if w.isupper() and len(w) > 1}
    ukrainian = any(c in original.lower() for c in "ієїґ")
    spelled = {
        "ukrainian_bgn" if ukrainian else "bgn": _APOSTROPHES.sub(
            "", icu_latin(original, "ukrainian_bgn" if ukrainian else "bgn")
        ),
        "iso9_ascii": _APOSTROPHES.sub("", icu_latin(original, "iso9_ascii")),
        "icao_passport": _by_table(original, _ICAO),
        "german": _by_table(original, _GERMAN),
        "informal": _informal(original, rng),
    }
    if upper_words:
        spelled = {k: _recase(original, v) for k, v in spelled.items()}
    # Letters ICU leaves outside ASCII (ISO 9's "Ẕ") are dropped with their accents.
    plain = {k: _ascii(v) for k, v in spelled.items()}
    return {k: v for k, v in plain.items() if v.isascii()}


def _recase(original: str, latin: str) -> str:
    words = original.split()
    out = latin.split()
    if len(words) != len(out):
        return latin
    return " ".join(o.upper() if w.isupper() and len(w) > 1 else o for w, o in zip(words, out, strict=True))


# Spelling groups of common Arabic name elements, as they appear romanised on lists and in files.
ARABIC_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("mohammed", "muhammad", "mohamed", "mohammad", "mohamad", "muhammed", "mohd"),
    ("ahmed", "ahmad"),
    ("mahmoud", "mahmud", "mahmood"),
    ("hussein", "husain", "hussain", "husayn", "hossein"),
    ("hassan", "hasan"),
    ("osama", "usama"),
    ("omar", "umar"),
    ("yusuf", "youssef", "yousef", "yusef"),
    ("abu", "abou"),
    ("bin", "ben", "ibn"),
    ("abdullah", "abdallah", "abdulla"),
    ("abdul", "abdel", "abd al"),
    ("rahman", "rehman", "rahmane"),
    ("said", "saeed", "sayed", "sa'id"),
    ("khalid", "khaled"),
    ("mustafa", "mostafa", "moustafa"),
    ("ibrahim", "ebrahim", "brahim"),
    ("ismail", "ismael", "esmail"),
    ("jamal", "gamal"),
    ("qasim", "kasim", "qassem", "kassem"),
    ("hamid", "hameed"),
    ("nasser", "nasir", "naser"),
    ("salih", "saleh"),
    ("ali",),
    ("abdulaziz", "abdelaziz", "abd al-aziz"),
    ("jafar", "jaafar", "ja'far"),
    ("yasin", "yassin", "yaseen"),
    ("zayd", "zaid", "zeid"),
    ("faisal", "faysal", "feisal"),
    ("hamza", "hamzah"),
    ("mansour", "mansur"),
    ("suleiman", "sulayman", "sulaiman"),
    ("abdulrahman", "abdelrahman", "abd al-rahman", "abdurrahman"),
    ("ayman", "aiman"),
    ("usman", "othman", "uthman"),
)
_VARIANT_OF = {spelling: group for group in ARABIC_VARIANTS for spelling in group}
_ARTICLE = re.compile(r"\b(al|el|ul)[- ](?=\w)", re.IGNORECASE)


def arabic_variant(name: str, rng: random.Random) -> str | None:
    """``name`` with its Arabic name elements spelled another common way, or None if it has none."""
    words = name.split()
    changed = False
    out: list[str] = []
    for word in words:
        group = _VARIANT_OF.get(word.lower().strip(","))
        if group is not None and len(group) > 1:
            choice = rng.choice([s for s in group if s != word.lower().strip(",")])
            trail = "," if word.endswith(",") else ""
            out.append(_like(word, choice) + trail)
            changed = True
        else:
            out.append(word)
    text = " ".join(out)
    if _ARTICLE.search(text) and rng.random() < 0.7:
        text = _swap_article(text, rng.choice(("al-", "el-", "Al-", "al ", "")))
        changed = True
    return text if changed and _fold(text) != _fold(name) else None


def _swap_article(text: str, article: str) -> str:
    return _ARTICLE.sub(lambda m: article.upper() if m.group(1).isupper() else article, text)


def _like(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum()).casefold()
