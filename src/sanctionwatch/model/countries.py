"""Country names as lists write them -> ISO 3166-1 alpha-2 codes (lower case, as FtM).

pycountry supplies the ISO names; the table below adds the ways sanctions lists actually write
countries ("Korea, North", "Burma", "Iran (Islamic Republic of)", "Russian Federation", ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Spellings found in OFAC, UN, EU and UK lists that pycountry does not resolve by itself.
_ALIASES: dict[str, str] = {
    "russia": "ru",
    "russian federation": "ru",
    "ussr": "suhh",
    "soviet union": "suhh",
    "iran": "ir",
    "iran (islamic republic of)": "ir",
    "islamic republic of iran": "ir",
    "korea, north": "kp",
    "north korea": "kp",
    "democratic people's republic of korea": "kp",
    "korea, democratic people's republic of": "kp",
    "dprk": "kp",
    "korea, south": "kr",
    "south korea": "kr",
    "republic of korea": "kr",
    "korea, republic of": "kr",
    "burma": "mm",
    "myanmar": "mm",
    "syria": "sy",
    "syrian arab republic": "sy",
    "venezuela": "ve",
    "bolivia": "bo",
    "tanzania": "tz",
    "united republic of tanzania": "tz",
    "moldova": "md",
    "republic of moldova": "md",
    "vietnam": "vn",
    "viet nam": "vn",
    "laos": "la",
    "lao people's democratic republic": "la",
    "congo, democratic republic of the": "cd",
    "democratic republic of the congo": "cd",
    "congo (democratic republic)": "cd",
    "the democratic republic of the congo": "cd",
    "congo, republic of the": "cg",
    "republic of the congo": "cg",
    "congo": "cg",
    "cote d'ivoire": "ci",
    "ivory coast": "ci",
    "united kingdom": "gb",
    "uk": "gb",
    "great britain": "gb",
    "united kingdom of great britain and northern ireland": "gb",
    "united states": "us",
    "united states of america": "us",
    "usa": "us",
    "u.s.a.": "us",
    "turkey": "tr",
    "turkiye": "tr",
    "czech republic": "cz",
    "czechia": "cz",
    "macedonia": "mk",
    "north macedonia": "mk",
    "the former yugoslav republic of macedonia": "mk",
    "kosovo": "xk",
    "palestinian": "ps",
    "palestine": "ps",
    "state of palestine": "ps",
    "west bank": "ps",
    "gaza": "ps",
    "gaza strip": "ps",
    "occupied palestinian territory": "ps",
    "taiwan": "tw",
    "taiwan, province of china": "tw",
    "china, taiwan": "tw",
    "hong kong": "hk",
    "hong kong sar": "hk",
    "macau": "mo",
    "macao": "mo",
    "brunei": "bn",
    "cape verde": "cv",
    "swaziland": "sz",
    "eswatini": "sz",
    "east timor": "tl",
    "timor-leste": "tl",
    "the gambia": "gm",
    "gambia": "gm",
    "the bahamas": "bs",
    "bahamas": "bs",
    "vatican": "va",
    "holy see": "va",
    "micronesia": "fm",
    "st. kitts and nevis": "kn",
    "saint kitts and nevis": "kn",
    "st. lucia": "lc",
    "st. vincent and the grenadines": "vc",
    "netherlands antilles": "an",
    "curacao": "cw",
    "sint maarten": "sx",
    "yugoslavia": "yucs",
    "serbia and montenegro": "csxx",
    "crimea": "ua-cri",
    "region: crimea": "ua-cri",
    "crimea region of ukraine": "ua-cri",
    "region: kherson": "ua",
    "region: zaporizhzhia": "ua",
    "region: donetsk people's republic": "ua-dpr",
    "donetsk people's republic": "ua-dpr",
    "region: luhansk people's republic": "ua-lpr",
    "luhansk people's republic": "ua-lpr",
    "abkhazia": "ge-ab",
    "south ossetia": "ge-so",
    "northern cyprus": "cy-trnc",
    "libyan arab jamahiriya": "ly",
    "libya": "ly",
    "sudan": "sd",
    "south sudan": "ss",
    "bosnia": "ba",
    "bosnia-herzegovina": "ba",
    "bosnia and herzegovina": "ba",
    "british virgin islands": "vg",
    "virgin islands, british": "vg",
    "uae": "ae",
    "united arab emirates": "ae",
    "saudi arabia": "sa",
    "kyrgyzstan": "kg",
    "kyrgyz republic": "kg",
    "slovak republic": "sk",
    "belarus": "by",
    "byelorussia": "by",
    "netherlands": "nl",
    "the netherlands": "nl",
    "korea": "kr",
    # OFAC spellings (sdn.csv/add.csv, sdnList XML)
    "region: gaza": "ps",
    "region: west bank": "ps",
    "region: northern mali": "ml",
    "north macedonia, the republic of": "mk",
    "cote d ivoire": "ci",
    "bahamas, the": "bs",
    "gambia, the": "gm",
    "man, isle of": "im",
}

_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", ascii_text.replace("’", "'")).strip().strip(".").lower()


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code (lower case) of a country as written in a list, or None."""
    if not text:
        return None
    key = _fold(text)
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if len(key) == 2 and pycountry.countries.get(alpha_2=key.upper()) is not None:
        return key
    if len(key) == 3:
        found = pycountry.countries.get(alpha_3=key.upper())
        if found is not None:
            return str(found.alpha_2).lower()
    try:
        match = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return str(match.alpha_2).lower()


def country_or_text(text: str) -> str:
    """The ISO code where resolvable, else the text itself (so nothing a list says is lost)."""
    return country_code(text) or text.strip()
