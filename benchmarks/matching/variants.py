"""Realistic ways a listed name is written differently in a customer file or a payment.

Each transformation takes the listed name (and a seeded ``random.Random``) and returns the
changed name, or None when it does not apply (nothing to drop, no token long enough, ...), so the
case generator can try another entity. None of them returns the input unchanged.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from sanctionwatch.model import Name

# QWERTY neighbours, for substitution typos a keyboard would make.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _key in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                near.extend(_ROWS[_other][i] for i in (_c - 1, _c, _c + 1) if 0 <= i < len(_ROWS[_other]))
        _NEIGHBOURS[_key] = "".join(near)

HONORIFICS = (
    "Mr",
    "Mr.",
    "Mrs",
    "Ms.",
    "Dr.",
    "Dr",
    "Prof.",
    "Sheikh",
    "Haji",
    "Hajji",
    "General",
    "Colonel",
    "Mullah",
    "Maulana",
    "Sayyid",
    "Gospodin",
    "Sir",
    "Eng.",
    "H.E.",
)
_PUNCT = re.compile(r"[-,.'’‘\"()/]")


@dataclass(slots=True, frozen=True)
class PersonParts:
    """A person's name split into given, middle (incl. patronymic) and family names."""

    given: tuple[str, ...]
    middle: tuple[str, ...]
    family: tuple[str, ...]

    def natural(self) -> str:
        return " ".join((*self.given, *self.middle, *self.family))


# Name particles that belong to the next word ("Abdul Hakim", "Abu Bakr", "bin Laden", "عبد الله").
_JOIN_NEXT = frozenset(
    [
        "abdul",
        "abd",
        "abdel",
        "abu",
        "abou",
        "al",
        "el",
        "bin",
        "ben",
        "ibn",
        "bint",
        "ould",
        "ul",
        "ud",
        "van",
        "von",
        "de",
        "da",
        "di",
        "del",
        "der",
        "le",
        "la",
        "عبد",
        "أبو",
        "ابو",
        "بن",
        "بنت",
    ]
)
_JOIN_PREVIOUS = frozenset({"الله", "allah", "ullah", "uddin", "ud-din"})


def _words(text: str | None) -> tuple[str, ...]:
    """The words of a name, particles kept with the word they belong to (one unit each)."""
    units: list[str] = []
    glue = False
    for word in text.split() if text else ():
        if units and (glue or word.lower() in _JOIN_PREVIOUS):
            units[-1] = f"{units[-1]} {word}"
        else:
            units.append(word)
        glue = word.lower().strip(",") in _JOIN_NEXT
    return tuple(units)


def person_parts(name: Name) -> PersonParts | None:
    """Split a listed person name; None for single-word names (nothing to reorder or drop)."""
    full = " ".join(name.full.split())
    if "," in full:
        family_text, _, rest = full.partition(",")
        rest_words = _words(rest)
        if not rest_words or not family_text.strip():
            return None
        return PersonParts(rest_words[:1], rest_words[1:], _words(family_text))
    words = _words(full)
    if len(words) < 2:
        return None
    given, middle = _words(name.given), (*_words(name.middle), *_words(name.patronymic))
    family = _words(name.family)
    if given and family and sorted(" ".join((*given, *middle, *family)).split()) == sorted(full.split()):
        return PersonParts(given[:1], (*given[1:], *middle), family)
    upper = tuple(w for w in words if w.isupper() and len(w) > 1)
    if upper and len(upper) < len(words):
        others = tuple(w for w in words if w not in upper)
        return PersonParts(others[:1], others[1:], upper)
    return PersonParts(words[:1], words[1:-1], words[-1:])


def fold(text: str) -> str:
    """Case-, accent- and punctuation-free form with sorted words: equal folds mean 'the same name'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(sorted(re.sub(r"[\W_]+", " ", plain).split()))


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def case_punct(text: str, rng: random.Random) -> str | None:
    """Other letter case, punctuation removed or changed, diacritics dropped."""
    options = [text.lower(), text.upper(), text.title(), _PUNCT.sub(" ", text), _PUNCT.sub("", text)]
    if strip_accents(text) != text:
        options.extend([strip_accents(text)] * 3)
    changed = [" ".join(o.split()) for o in options if " ".join(o.split()) != text and o.strip()]
    if not changed:
        return None
    result = rng.choice(changed)
    if rng.random() < 0.5:
        result = rng.choice([result.lower(), result.upper(), result.title()])
    return result if result != text else None


def reorder(parts: PersonParts, rng: random.Random) -> str:
    """Family name first: 'FAMILY, Given Middle' or 'Family Given Middle'."""
    family = " ".join(parts.family)
    rest = " ".join((*parts.given, *parts.middle))
    return f"{family}, {rest}" if rng.random() < 0.5 else f"{family} {rest}"


def drop_middle(parts: PersonParts, rng: random.Random) -> str | None:
    """Given and family name only (middle names and patronymics dropped)."""
    if not parts.middle:
        return None
    kept = PersonParts(parts.given, (), parts.family)
    return reorder(kept, rng) if rng.random() < 0.25 else kept.natural()


def _initial(word: str, rng: random.Random) -> str:
    return word[0].upper() + ("." if rng.random() < 0.7 else "")


def initials(parts: PersonParts, rng: random.Random) -> str | None:
    """Given and/or middle names as initials ('S. V. Aksyonov', 'Sergey V. Aksyonov')."""
    mode = rng.choice(("given", "middle", "both") if parts.middle else ("given",))
    given = tuple(_initial(w, rng) for w in parts.given) if mode in ("given", "both") else parts.given
    middle = tuple(_initial(w, rng) for w in parts.middle) if mode in ("middle", "both") else parts.middle
    result = PersonParts(given, middle, parts.family)
    if rng.random() < 0.2:
        return f"{' '.join(parts.family)}, {' '.join((*given, *middle))}"
    return result.natural()


def _typo_in(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(("insert", "delete", "substitute", "substitute", "transpose"))
    char = word[i].lower()
    near = _NEIGHBOURS.get(char, "aeiou")
    new = rng.choice(near)
    new = new.upper() if word[i].isupper() else new
    if kind == "insert":
        return word[:i] + new + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "transpose" and i + 1 < len(word) and word[i] != word[i + 1]:
        return _recase(word, word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return word[:i] + new + word[i + 1 :]


def _recase(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    return word.capitalize() if model[:1].isupper() and model[1:].islower() else word


def typos(text: str, count: int, rng: random.Random) -> str | None:
    """``count`` keyboard typos (insert, delete, adjacent-key substitute, transpose) in words of
    4+ Latin letters; None if the name has no such word."""
    words = text.split()
    eligible = [i for i, w in enumerate(words) if len(w) >= 4 and w.isascii() and w.isalpha()]
    if not eligible:
        return None
    # Distinct words while there are enough: two typos in one short word make it another name.
    chosen = (
        rng.sample(eligible, count)
        if len(eligible) >= count
        else [rng.choice(eligible) for _ in range(count)]
    )
    for i in chosen:
        words[i] = _typo_in(words[i], rng)
    result = " ".join(words)
    return result if fold(result) != fold(text) else None


def join_split(text: str, rng: random.Random) -> str | None:
    """Two adjacent words joined ('Abu Bakr' -> 'Abubakr') or a long word split ('Abdulrahman'
    -> 'Abdul Rahman')."""
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()]
    if len(words) >= 2 and (not long_words or rng.random() < 0.5):
        i = rng.randrange(len(words) - 1)
        if not (words[i].isalpha() and words[i + 1].isalpha()):
            return None
        joined = words[i] + (words[i + 1].lower() if not words[i].isupper() else words[i + 1])
        return " ".join((*words[:i], joined, *words[i + 2 :]))
    if not long_words:
        return None
    i = rng.choice(long_words)
    cut = rng.randrange(3, len(words[i]) - 3)
    left, right = words[i][:cut], words[i][cut:]
    right = right if left.isupper() else right[:1].upper() + right[1:]
    return " ".join((*words[:i], left, right, *words[i + 1 :]))


def honorific(text: str, rng: random.Random) -> str:
    """A title or honorific in front of the name."""
    return f"{rng.choice(HONORIFICS)} {text}"


def name_units(text: str) -> tuple[str, ...]:
    """The words of a name with particles attached ('Abdul Hakim', 'عبد الله')."""
    return _words(text)
