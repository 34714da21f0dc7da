"""Organisation legal forms across languages -> one canonical form, separated from the name.

"OOO Romashka", "Romashka LLC", "Obshchestvo s ogranichennoy otvetstvennostyu Romashka" and
"ООО «Ромашка»" are one company: the legal form is removed from the tokens and kept as a
canonical label, so the distinctive part is compared on its own and the forms are compared
as a separate (weak) feature. Forms are grouped by what they mean legally, not by language:
a Russian OOO, Ukrainian TOV, German GmbH and English LLC/Ltd are all private limited companies.

Phrases are matched on phonetic skeletons (long words) so that romanisation variants of the
Russian/Ukrainian phrases ("ogranichennoy"/"ogranichennoi") need only one entry.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from sanctionwatch.names.phonetic import skeleton

# canonical form -> phrases (written in lower-case Latin; Cyrillic input arrives transliterated).
_FORMS: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc",
        "l l c",
        "ltd",
        "limited",
        "private limited",
        "pvt ltd",
        "private limited company",
        "limited liability company",
        "limited liability partnership",
        "ltd liability co",
        "ooo",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "tov",
        "tovarystvo z obmezhenoyu vidpovidalnistyu",
        "too",
        "tovarishchestvo s ogranichennoy otvetstvennostyu",
        "gmbh",
        "sarl",
        "s a r l",
        "srl",
        "s r l",
        "sro",
        "s r o",
        "bv",
        "b v",
        "sp z o o",
        "mchj",
        "mmc",
        "kft",
        "doo",
        "d o o",
        "eood",
        "sdn bhd",
        "co ltd",
        "pte ltd",
        "private ltd",
        "ltda",
        "limitada",
        "fz llc",
        "llp",
    ),
    "jsc": (
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "ao",
        "zao",
        "oao",
        "pao",
        "nao",
        "pat",
        "prat",
        "zat",
        "vat",
        "joint stock company",
        "public joint stock company",
        "closed joint stock company",
        "open joint stock company",
        "aktsionernoe obshchestvo",
        "publichnoe aktsionernoe obshchestvo",
        "zakrytoe aktsionernoe obshchestvo",
        "otkrytoe aktsionernoe obshchestvo",
        "nepublichnoe aktsionernoe obshchestvo",
        "aktsionerne tovarystvo",
        "publichne aktsionerne tovarystvo",
        "pryvatne aktsionerne tovarystvo",
        "ag",
        "a g",
        "sa",
        "s a",
        "sac",
        "s a c",
        "nv",
        "n v",
        "spa",
        "s p a",
        "plc",
        "public limited company",
        "as",
        "a s",
        "ab",
        "asa",
        "oyj",
        "akciova spolecnost",
        "ad",
        "jsc co",
        "sherkat sahami khass",
        "sahami khass",
        "sahami aam",
    ),
    "corp": ("inc", "incorporated", "corp", "corporation"),
    "fze": ("fze", "fzco", "fzc", "fz co", "free zone establishment", "free zone company"),
    "state_enterprise": (
        "gup",
        "fgup",
        "mup",
        "fgbu",
        "fgu",
        "gbu",
        "federalnoe gosudarstvennoe unitarnoe predpriyatie",
        "gosudarstvennoe unitarnoe predpriyatie",
        "federalnoe gosudarstvennoe byudzhetnoe uchrezhdenie",
        "dp",
        "derzhavne pidpryiemstvo",
    ),
    "partnership": ("lp", "l p", "kg", "ohg", "partnership", "eg", "e g", "ks", "k s"),
    "company": ("co", "company", "cie", "sherkat", "sharikat", "sharika", "kompaniya", "firma"),
    "nonprofit": ("ano", "nko", "ev", "e v", "foundation", "fond"),
}

# Short words are matched exactly (their skeletons collide with ordinary words); longer words by skeleton.
_EXACT_UP_TO = 4


def _word_key(word: str) -> str:
    return word if len(word) <= _EXACT_UP_TO else "~" + skeleton(word)


def _phrase_table() -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:
    table: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    for form, phrases in _FORMS.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            table[tuple(_word_key(w) for w in words)] = (form, words)
    return table


#: A skeleton match must also be spelt close to the phrase: "obschestvo" is "obshchestvo", but
#: "Campano" (same consonants as "company") is a name, not a legal form.
_SPELLING_SIMILARITY = 0.75


def _spelt_like(tokens: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return all(
        t == w or Levenshtein.normalized_similarity(t, w) >= _SPELLING_SIMILARITY
        for t, w in zip(tokens, words, strict=True)
    )


_TABLE = _phrase_table()
_LONGEST = max(len(k) for k in _TABLE)
# Forms that are also distinctive or common words of names are removed only at the edges and
# only when they leave a name behind (see strip_legal_forms).
CANONICAL_FORMS: frozenset[str] = frozenset(_FORMS)


def _match_at(tokens: list[str], keys: list[str], start: int, stop: int) -> tuple[int, str] | None:
    """Longest phrase at keys[start:] (if start >= 0) or ending at keys[:stop]."""
    for size in range(min(_LONGEST, len(keys) - 1), 0, -1):
        span = slice(start, start + size) if start >= 0 else slice(stop - size, stop)
        found = _TABLE.get(tuple(keys[span]))
        if found is not None and _spelt_like(tuple(tokens[span]), found[1]):
            return size, found[0]
    return None


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove legal-form phrases at the start and end of an organisation name.

    Returns the remaining tokens and the canonical form (the most specific one found; "company"
    only if nothing else). At least one token always remains.
    """
    keys = [_word_key(t) for t in tokens]
    found: list[str] = []
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        head = _match_at(tokens, keys, 0, 0)
        if head is not None:
            size, form = head
            tokens, keys = tokens[size:], keys[size:]
            found.append(form)
            changed = True
            if len(tokens) <= 1:
                break
        tail = _match_at(tokens, keys, -1, len(keys))
        if tail is not None:
            size, form = tail
            tokens, keys = tokens[: len(tokens) - size], keys[: len(keys) - size]
            found.append(form)
            changed = True
    specific = [f for f in found if f != "company"]
    legal_form = specific[0] if specific else (found[0] if found else None)
    return tokens, legal_form


def is_legal_form(tokens: list[str]) -> bool:
    """Whether ``tokens`` are one legal-form phrase and nothing else ("sp z o o")."""
    found = _TABLE.get(tuple(_word_key(t) for t in tokens))
    return found is not None and _spelt_like(tuple(tokens), found[1])
