"""Clean (non-listed) person and company names from Faker's offline name data.

Runs inside the peers venv (Faker is not a dependency of sanctionwatch):

    benchmarks/.work/peers-venv/bin/python benchmarks/matching/faker_names.py OUT.jsonl COUNT SEED

Writes one JSON object per line: ``{"locale", "kind": "person"|"org", "first", "middle", "last",
"gender", "romanized", "name"}`` (``name`` for organisations only). Composition into a query
name happens on the sanctionwatch side, so this script stays a thin, deterministic data dump.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from faker import Faker

# Locales whose names stand for the cultures customers of a sanctions screening system come from.
PERSON_LOCALES = [
    "ru_RU",
    "uk_UA",
    "ar_AA",
    "ar_EG",
    "ar_SA",
    "fa_IR",
    "zh_CN",
    "zh_TW",
    "ko_KR",
    "ja_JP",
    "el_GR",
    "he_IL",
    "ka_GE",
    "hy_AM",
    "az_AZ",
    "tr_TR",
    "de_DE",
    "fr_FR",
    "es_ES",
    "es_MX",
    "it_IT",
    "pl_PL",
    "nl_NL",
    "pt_BR",
    "en_US",
    "en_GB",
    "en_IN",
    "hi_IN",
    "vi_VN",
    "id_ID",
    "cs_CZ",
    "ro_RO",
    "hu_HU",
    "sv_SE",
]
ORG_LOCALES = [
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "pl_PL",
    "nl_NL",
    "pt_BR",
    "ru_RU",
    "tr_TR",
    "ja_JP",
    "zh_CN",
    "cs_CZ",
]


def _call(fake: Faker, *names: str) -> str:
    """The first of the named providers the locale has (gendered ones first)."""
    for name in names:
        method = getattr(fake, name, None)
        if method is not None:
            try:
                return str(method())
            except (AttributeError, IndexError, TypeError):
                continue
    return ""


def person(fake: Faker, locale: str) -> dict[str, Any]:
    gender = "male" if fake.random.random() < 0.55 else "female"
    record: dict[str, Any] = {
        "locale": locale,
        "kind": "person",
        "gender": gender,
        "first": _call(fake, f"first_name_{gender}", "first_name"),
        "last": _call(fake, f"last_name_{gender}", "last_name"),
        "middle": _call(fake, f"middle_name_{gender}") if locale in ("ru_RU", "uk_UA") else "",
        "romanized": "",
    }
    if locale == "ja_JP":
        record["romanized"] = f"{fake.first_romanized_name()} {fake.last_romanized_name()}"
    return record


def main(argv: list[str]) -> int:
    out, count, seed = Path(argv[1]), int(argv[2]), int(argv[3])
    rows: list[dict[str, Any]] = []
    for number, locale in enumerate(PERSON_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + number)
        rows.extend(person(fake, locale) for _ in range(count))
    for number, locale in enumerate(ORG_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + 500 + number)
        rows.extend({"locale": locale, "kind": "org", "name": fake.company()} for _ in range(count // 2))
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
