"""Generic organisation words: they describe what a company does, not which company it is.

"Zarkovia Trading LLC" and "Belmont Trading LLC" share "trading", which says nothing about
identity. These words weigh little in name matching, on top of their corpus rarity. Entries are
compared by phonetic skeleton, so spelling variants ("organisation"/"organization") need one entry.
"""

from __future__ import annotations

from functools import lru_cache

from sanctionwatch.names.legal_forms import is_legal_form
from sanctionwatch.names.phonetic import skeleton

_WORDS = [
    "company",
    "companies",
    "trading",
    "trade",
    "traders",
    "international",
    "intl",
    "group",
    "holding",
    "holdings",
    "industries",
    "industry",
    "industrial",
    "services",
    "service",
    "enterprise",
    "enterprises",
    "corporation",
    "general",
    "global",
    "national",
    "state",
    "investment",
    "investments",
    "development",
    "management",
    "logistics",
    "shipping",
    "transport",
    "commercial",
    "firm",
    "agency",
    "organisation",
    "institute",
    "center",
    "centre",
    "association",
    "society",
    "union",
    "ministry",
    "department",
    "technology",
    "technologies",
    "tech",
    "systems",
    "solutions",
    "manufacturing",
    "production",
    "factory",
    "plant",
    "energy",
    "oil",
    "gas",
    "petroleum",
    "petrochemical",
    "construction",
    "engineering",
    "partners",
    "capital",
    "finance",
    "financial",
    "resources",
    "marine",
    "maritime",
    "navigation",
    "airlines",
    "airline",
    "aviation",
    "air",
    "bank",
    "import",
    "export",
    "imports",
    "exports",
    "products",
    "supply",
    "supplies",
    "network",
    "media",
    "foundation",
    "research",
    "scientific",
    "science",
    "design",
    "bureau",
    "office",
    "branch",
    "joint",
    "venture",
    "ventures",
    "consulting",
    "economic",
    "development",
    "scientific-production",
    "nauchno",
    "proizvodstvennoe",
    "obedinenie",
    "predpriyatie",
    "tsentr",
    "institut",
    "zavod",
    "kombinat",
    "gruppa",
    "kompaniya",
    "torgovy",
    "dom",
    "sherkat",
    "tejarat",
    "tejari",
    "sanat",
    "sanaye",
    "sanayi",
    # Chinese words (pinyin, by word as ICU cuts 中国船舶重工集团) of the same kinds that have no
    # one English word (see organisation_words for those that do): company, limited, shares,
    # import-export, international trade; city and province after a place name (深圳市).
    "gongsi",
    "youxian",
    "gufen",
    "jinchukou",
    "guojimaoyi",
    "shangxing",
    "shi",
    "sheng",
    "machinery",
    "electronics",
    "aviation",
    # Translations whose consonants are too few to be found by skeleton (see _MIN_KEY).
    "grupo",
    "groupe",
    "groep",
    "gruppe",
    "banco",
    "banque",
    "banca",
    "energia",
    "energie",
    "marina",
    "estado",
    "nacional",
    "nationale",
    "nazionale",
    "ltd",
    "co",
    "inc",
    # "Private" of "Pte Ltd"/"Pvt Ltd": left inside a name when only "Ltd" ends it.
    "pte",
    "pvt",
    "the",
    "of",
    "and",
    "for",
    "in",
]

GENERIC_WORDS: frozenset[str] = frozenset(_WORDS)
# Short skeletons collide with names ("state" -> "stt" is also Stott, "marine" -> "mrn" Marin), so
# only skeletons of 4+ letters find spelling variants; shorter words are listed as spelt.
_MIN_KEY = 4
GENERIC_KEYS: frozenset[str] = frozenset(k for k in map(skeleton, _WORDS) if len(k) >= _MIN_KEY)


def is_generic(token: str, key: str) -> bool:
    """Whether a token is a generic organisation word (``key`` is its skeleton), or a one-word
    legal form: one left inside a name (only the edges are stripped: "Ocean Maritime Company
    Limited (OMM)") says what kind of body it is, not which one."""
    return token in GENERIC_WORDS or (len(key) >= _MIN_KEY and key in GENERIC_KEYS) or _legal_word(token)


@lru_cache(maxsize=100_000)
def _legal_word(token: str) -> bool:
    return len(token) > 1 and is_legal_form([token])
