"""Organisation legal forms and their equivalents across languages (OOO = LLC = Obshchestvo s ...).

:func:`swap_legal_form` rewrites a listed organisation name with an equivalent form of its legal
form, placed where that form is customary (Russian abbreviations lead, English ones trail), the
way the same company appears in a payment or a customer file.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sanctionwatch.model import detect_script

# Each group: equivalent spellings of one legal form; the first is English.
GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "Limited Liability Company",
        "LLC",
        "OOO",
        "Obshchestvo s Ogranichennoy Otvetstvennostyu",
        "Obshchestvo s Ogranichennoi Otvetstvennostyu",
        "Общество с ограниченной ответственностью",
        "ООО",
        "TOV",
        "Tovarystvo z Obmezhenoyu Vidpovidalnistyu",
    ),
    ("Joint Stock Company", "JSC", "AO", "Aktsionernoe Obshchestvo", "Aktsionernoye Obshchestvo", "АО"),
    ("Open Joint Stock Company", "OJSC", "OAO", "Otkrytoe Aktsionernoe Obshchestvo"),
    ("Closed Joint Stock Company", "CJSC", "ZAO", "Zakrytoe Aktsionernoe Obshchestvo"),
    ("Public Joint Stock Company", "PJSC", "PAO", "Publichnoe Aktsionernoe Obshchestvo"),
    ("Company Limited", "Co., Ltd.", "Co. Ltd", "Co Ltd"),
    ("Limited", "Ltd", "Ltd."),
    ("Incorporated", "Inc.", "Inc"),
    ("Corporation", "Corp.", "Corp"),
    ("Free Zone Establishment", "FZE"),
    ("Free Zone Company", "FZCO"),
    ("Gesellschaft mit beschränkter Haftung", "GmbH"),
    ("Sociedad Anónima", "S.A.", "SA"),
)
# Forms written before the distinctive name (Russian/Ukrainian usage); the rest trail it.
LEADING = frozenset(
    {
        "OOO",
        "ООО",
        "AO",
        "АО",
        "OAO",
        "ZAO",
        "PAO",
        "TOV",
        "Aktsionernoe Obshchestvo",
        "Aktsionernoye Obshchestvo",
        "Obshchestvo s Ogranichennoy Otvetstvennostyu",
        "Obshchestvo s Ogranichennoi Otvetstvennostyu",
        "Общество с ограниченной ответственностью",
        "Otkrytoe Aktsionernoe Obshchestvo",
        "Zakrytoe Aktsionernoe Obshchestvo",
        "Publichnoe Aktsionernoe Obshchestvo",
        "Tovarystvo z Obmezhenoyu Vidpovidalnistyu",
    }
)


@dataclass(slots=True, frozen=True)
class _Found:
    group: tuple[str, ...]
    spelling: str
    start: int
    end: int


def _pattern(spelling: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in spelling.replace(".", " ").replace(",", " ").split()]
    return re.compile(r"(?<!\w)" + r"[\s.,]*".join(words) + r"\.?(?!\w)", re.IGNORECASE)


# Longest spellings first, so "Open Joint Stock Company" wins over "Joint Stock Company".
_PATTERNS = sorted(
    ((group, spelling, _pattern(spelling)) for group in GROUPS for spelling in group),
    key=lambda item: -len(item[1]),
)


def find_legal_form(name: str) -> _Found | None:
    """The legal form written in ``name`` (the longest that matches), if any."""
    for group, spelling, pattern in _PATTERNS:
        found = pattern.search(name)
        if found is not None:
            return _Found(group, spelling, found.start(), found.end())
    return None


def swap_legal_form(name: str, rng: random.Random, *, same_script: bool = False) -> str | None:
    """``name`` with its legal form replaced by an equivalent one (None if it has none); with
    ``same_script``, only by one written in the same script (ООО <-> Общество с ...)."""
    found = find_legal_form(name)
    if found is None:
        return None
    script = detect_script(found.spelling)
    choices = [
        s
        for s in found.group
        if s.lower() != found.spelling.lower() and (not same_script or detect_script(s) == script)
    ]
    if not choices:
        return None
    new = rng.choice(choices)
    rest = (name[: found.start] + " " + name[found.end :]).strip(" ,")
    rest = re.sub(r"\s+", " ", rest)
    if name.isupper():
        new = new.upper()
    return f"{new} {rest}" if new in LEADING else f"{rest} {new}"


def strip_legal_form(name: str) -> tuple[str, str | None]:
    """(name without its legal form, the form as written) for building hard negatives."""
    found = find_legal_form(name)
    if found is None:
        return name, None
    rest = re.sub(r"\s+", " ", (name[: found.start] + " " + name[found.end :]).strip(" ,"))
    return rest, name[found.start : found.end].strip()
