"""Clean names of many cultures, for negative queries.

Faker's offline name data (run in the peers venv by ``faker_names.py``, cached under
benchmarks/.work/) gives native-script and Latin names for ~35 locales; names in other scripts
are also romanised here with ICU, as customer files often hold them. Faker has no Latin-script
Arabic or Persian names, so a small vocabulary of common ones (``ARABIC_*``) fills that gap.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sanctionwatch.model import detect_script

from .romanisation import icu_latin, romanisations

GROUP_LOCALES: dict[str, tuple[str, ...]] = {
    "western": (
        "en_US",
        "en_GB",
        "de_DE",
        "fr_FR",
        "es_ES",
        "es_MX",
        "it_IT",
        "pl_PL",
        "nl_NL",
        "pt_BR",
        "cs_CZ",
        "ro_RO",
        "hu_HU",
        "sv_SE",
    ),
    "slavic": ("ru_RU", "uk_UA"),
    "arabic_native": ("ar_AA", "ar_EG", "ar_SA", "fa_IR"),
    "east_asian": ("zh_CN", "zh_TW", "ko_KR", "ja_JP"),
    "other": ("el_GR", "he_IL", "ka_GE", "hy_AM", "az_AZ", "tr_TR", "en_IN", "hi_IN", "vi_VN", "id_ID"),
}
ARABIC_GIVEN = (
    "Ahmed",
    "Mohammed",
    "Omar",
    "Youssef",
    "Khalid",
    "Tariq",
    "Karim",
    "Samir",
    "Nabil",
    "Walid",
    "Hisham",
    "Rami",
    "Fadi",
    "Bilal",
    "Ziad",
    "Majid",
    "Faris",
    "Anas",
    "Imad",
    "Adel",
    "Hamza",
    "Mahmoud",
    "Mustafa",
    "Reza",
    "Amir",
    "Hossein",
    "Mehdi",
    "Dariush",
    "Farid",
    "Kamal",
    "Fatima",
    "Aisha",
    "Mariam",
    "Layla",
    "Nour",
    "Rania",
    "Yasmin",
    "Salma",
    "Hana",
    "Amira",
    "Dina",
    "Leila",
    "Zahra",
    "Maryam",
    "Samira",
    "Huda",
)
ARABIC_FAMILY = (
    "Haddad",
    "Khoury",
    "Mansour",
    "Nasser",
    "Saleh",
    "Hamdan",
    "Aziz",
    "Darwish",
    "Farouk",
    "Habib",
    "Jaber",
    "Karam",
    "Mahfouz",
    "Nassar",
    "Qasem",
    "Rashid",
    "Sabbagh",
    "Tamimi",
    "Yassin",
    "Zaki",
    "Shami",
    "Hashemi",
    "Tehrani",
    "Karimi",
    "Rahimi",
    "Moradi",
    "Ahmadi",
    "Hosseini",
    "Jafari",
    "Sadeghi",
    "Kazemi",
    "El-Amin",
    "Al-Sayed",
    "Abdelrahman",
    "Benali",
    "Bouazizi",
    "Chaouki",
    "Mrabet",
    "Othmani",
    "Zoubir",
)


@dataclass(slots=True, frozen=True)
class CleanPerson:
    name: str  # as a query would carry it
    first: str
    last: str
    locale: str


@dataclass(slots=True, frozen=True)
class CleanOrg:
    name: str
    locale: str


class CleanNames:
    """Faker names grouped by culture, composed into query names on demand."""

    def __init__(self, records: list[dict[str, str]]) -> None:
        self.by_locale: dict[str, list[dict[str, str]]] = {}
        self.orgs: list[CleanOrg] = []
        for record in records:
            if record["kind"] == "org":
                self.orgs.append(CleanOrg(record["name"], record["locale"]))
            elif record["first"] and record["last"]:
                self.by_locale.setdefault(record["locale"], []).append(record)

    @classmethod
    def load(cls, path: Path) -> CleanNames:
        with path.open(encoding="utf-8") as handle:
            return cls([json.loads(line) for line in handle if line.strip()])

    @staticmethod
    def country_of(locale: str) -> str | None:
        region = locale.rpartition("_")[2]
        return region.lower() if len(region) == 2 and region != "AA" else None

    def person(self, group: str, rng: random.Random) -> CleanPerson | None:
        """A person of the culture group (``western``, ``slavic_latin``, ``slavic_native``,
        ``arabic_latin``, ``arabic_native``, ``east_asian``, ``other``)."""
        if group == "arabic_latin":
            first, last = rng.choice(ARABIC_GIVEN), rng.choice(ARABIC_FAMILY)
            return CleanPerson(_western_order(first, last, rng), first, last, "arabic_latin")
        base = group.removesuffix("_latin").removesuffix("_native") if group.startswith("slavic") else group
        locale = rng.choice(GROUP_LOCALES[base])
        records = self.by_locale.get(locale)
        if not records:
            return None
        record = rng.choice(records)
        if group == "slavic_native":
            return _slavic_native(record, rng)
        if group == "slavic_latin":
            return _slavic_latin(record, rng)
        if group == "arabic_native":
            return _native_only(record, rng)
        return _any_script(record, rng)


def _western_order(first: str, last: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return f"{last.upper()}, {first}"
    if roll < 0.3:
        return f"{first} {last.upper()}"
    return f"{first} {last}"


def _slavic_native(record: dict[str, str], rng: random.Random) -> CleanPerson:
    first, middle, last = record["first"], record["middle"], record["last"]
    words = [last, first, middle] if rng.random() < 0.5 else [first, middle, last]
    if rng.random() < 0.3:
        words = [first, last]
    return CleanPerson(" ".join(w for w in words if w), first, last, record["locale"])


def _slavic_latin(record: dict[str, str], rng: random.Random) -> CleanPerson | None:
    full = " ".join(w for w in (record["first"], record["middle"], record["last"]) if w)
    spelled = romanisations(full, rng)
    if not spelled:
        return None
    words = rng.choice(list(spelled.values())).split()
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    name = " ".join(words) if len(words) == 3 and rng.random() < 0.4 else _western_order(first, last, rng)
    return CleanPerson(name, first, last, record["locale"])


def _native_only(record: dict[str, str], rng: random.Random) -> CleanPerson | None:
    first, last = record["first"], record["last"]
    if detect_script(first + last) != "Arab":
        return None  # some Arabic-locale Faker providers fall back to English names
    return CleanPerson(f"{first} {last}", first, last, record["locale"])


def _any_script(record: dict[str, str], rng: random.Random) -> CleanPerson:
    first, last, locale = record["first"], record["last"], record["locale"]
    script = detect_script(first + last)
    if script in ("Hani", "Hang", "Kana") or locale.startswith(("zh", "ko", "ja")):
        if rng.random() < 0.5:
            glue = " " if locale.startswith("ja") else ""
            return CleanPerson(f"{last}{glue}{first}", first, last, locale)
        if record.get("romanized"):
            latin = record["romanized"].split()
            return CleanPerson(record["romanized"], latin[0], latin[-1], locale)
        first, last = _latin_word(first), _latin_word(last)
        return CleanPerson(
            f"{first} {last}" if rng.random() < 0.5 else f"{last} {first}", first, last, locale
        )
    if script not in ("Latn", None) and rng.random() < 0.5:
        first, last = _latin_word(first), _latin_word(last)
    return CleanPerson(_western_order(first, last, rng), first, last, locale)


def _latin_word(text: str) -> str:
    return "".join(w.capitalize() for w in icu_latin(text).split())


def generate_faker_names(python: Path, script: Path, out: Path, per_locale: int, seed: int) -> None:
    """Run ``faker_names.py`` with the peers venv's interpreter (Faker lives there)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    subprocess.run([str(python), str(script), str(tmp), str(per_locale), str(seed)], check=True)
    tmp.replace(out)
