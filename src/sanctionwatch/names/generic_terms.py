"""Generic organisation words: they describe what a company does, not which company it is.

"Zarkovia Trading LLC" and "Belmont Trading LLC" share "trading", which says nothing about
identity. These words weigh little in name matching, on top of their corpus rarity. Entries are
compared by phonetic skeleton, so spelling variants ("organisation"/"organization") need one entry.
"""

from __future__ import annotations

from sanctionwatch.names.phonetic import skeleton

_WORDS = ["company", "companies", "trading", "trade", "traders", "international", "intl", "group", "holding", "holdings", "industries", "industry", "industrial", "services", "service", "enterprise", "enterprises", "corporation", "general", "global", "national", "state", "investment", "investments", "development", "management", "logistics", "shipping", "transport", "commercial", "firm", "agency", "organisation", "institute", "center", "centre", "association", "society", "union", "ministry", "department", "technology", "technologies", "tech", "systems", "solutions", "manufacturing", "production", "factory", "plant", "energy", "oil", "gas", "petroleum", "petrochemical", "construction", "engineering", "partners", "capital", "finance", "financial", "resources", "marine", "maritime", "navigation", "airlines", "airline", "aviation", "air", "bank", "import", "export", "imports", "exports", "products", "supply", "supplies", "network", "media", "foundation", "research", "scientific", "science", "design", "bureau", "office", "branch", "joint", "venture", "ventures", "consulting", "economic", "development", "scientific-production", "nauchno", "proizvodstvennoe", "obedinenie", "predpriyatie", "tsentr", "institut", "zavod", "kombinat", "gruppa", "kompaniya", "torgovy", "dom", "sherkat", "tejarat", "tejari", "sanat", "sanaye", "sanayi", "ltd", "co", "inc", "the", "of", "and", "for", "in"]

GENERIC_WORDS: frozenset[str] = frozenset(_WORDS)
# Short skeletons collide with names ("state" -> "st"), so only skeletons of 3+ letters are used.
_MIN_KEY = 3
GENERIC_KEYS: frozenset[str] = frozenset(k for k in map(skeleton, _WORDS) if len(k) >= _MIN_KEY)


def is_generic(token: str, key: str) -> bool:
    """Whether a token is a generic organisation word (``key`` is its skeleton)."""
    return token in GENERIC_WORDS or (len(key) >= _MIN_KEY and key in GENERIC_KEYS)
