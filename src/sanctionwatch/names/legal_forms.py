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

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

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
        "liability partnership",
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
        "sp zoo",
        "sp z oo",
        "spolka z ograniczona odpowiedzialnoscia",
        "gesellschaft mit beschrankter haftung",
        "societe a responsabilite limitee",
        "sociedad de responsabilidad limitada",
        "societa a responsabilita limitata",
        "sociedade limitada",
        "besloten vennootschap",
        "drustvo s ogranicenom odgovornoscu",
        "drustvo sa ogranicenom odgovornoscu",
        # Scientific (ISO 9) transliteration with the diacritics lost: ч -> c, щ -> s, ю -> u.
        "obsestvo s ogranicennoj otvetstvennostu",
        "obsestvo c ogranicennoj otvetstvennostu",
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
        # Chinese 有限公司 (limited company) and 有限责任公司 (limited liability company) in pinyin,
        # by syllable, by word or in one.
        "you xian gong si",
        "youxian gongsi",
        "youxiangongsi",
        "you xian ze ren gong si",
        "youxian zeren gongsi",
        "youxianzerengongsi",
        # Korean 유한회사 (limited company), by word or syllable by syllable (as Hangul is romanised;
        # last: the letters "yuhanhoesa" regroup into the syllables, see _regroup).
        "yuhanhoesa",
        "yuhan hoesa",
        "yu han hoe sa",
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
        "akcionernoe obsestvo",
        "publicnoe akcionernoe obsestvo",
        "zakrytoe akcionernoe obsestvo",
        "otkrytoe akcionernoe obsestvo",
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
        "sas",
        "s a s",
        "sa de cv",
        "de cv",
        "de c v",
        "sal",
        "s a l",
        "s a de c v",
        "sociedad anonima",
        "sociedad anonima de capital variable",
        "sociedade anonima",
        "societe anonyme",
        "societa per azioni",
        "naamloze vennootschap",
        "aktiengesellschaft",
        # Chinese 股份有限公司 (company limited by shares).
        "gu fen you xian gong si",
        "gufen youxian gongsi",
        "gufenyouxiangongsi",
        "gufen youxiangongsi",
        # Korean 주식회사 (joint-stock company); ICU writes its final consonant g (jusig).
        "jusikhoesa",
        "jusighoesa",
        "jusik hoesa",
        "jusig hoesa",
        "chusik hoesa",
        "ju sik hoe sa",
        "anonim sirketi",
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
    # Korean 총회사 (general corporation: 조선련봉총회사, Korea Ryonbong General Corporation).
    "corp": ("inc", "incorporated", "corp", "corporation", "chonghoesa", "chong hoesa", "chong hoe sa"),
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
    "company": (
        "co",
        "company",
        "cie",
        "sherkat",
        "sharikat",
        "sharika",
        "kompaniya",
        "firma",
        # Korean 회사 and Chinese 公司 (company): ending in "sa", 회사 is not the "S.A." of a
        # société anonyme. Syllable by syllable ("hoe sa", as Hangul is romanised) last, see above.
        "hoesa",
        "hoe sa",
        "gongsi",
        "gong si",
        "zonggongsi",
        # 会社 (company) of Japanese and Korean names in characters, read in Chinese by ICU.
        "huishe",
    ),
    "nonprofit": ("ano", "nko", "ev", "e v", "foundation", "fond"),
}

# Short words are matched exactly (their skeletons collide with ordinary words); longer words by skeleton.
_EXACT_UP_TO = 4


def _word_key(word: str) -> str:
    return word if len(word) <= _EXACT_UP_TO else "~" + skeleton(word)


def _phrase_table() -> dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]]:
    """Phrase keys -> (canonical form, every spelling of the phrase with these keys)."""
    table: dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]] = {}
    for form, phrases in _FORMS.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            table.setdefault(tuple(_word_key(w) for w in words), (form, []))[1].append(words)
    return table


#: A skeleton match must also be spelt close to the phrase: "obschestvo" is "obshchestvo", but
#: "Campano" (same consonants as "company") is a name, not a legal form.
_SPELLING_SIMILARITY = 0.75


def _spelt_like(tokens: tuple[str, ...], spellings: list[tuple[str, ...]]) -> bool:
    return any(
        all(
            t == w or OSA.normalized_similarity(t, w) >= _SPELLING_SIMILARITY
            for t, w in zip(tokens, words, strict=True)
        )
        for words in spellings
    )


_TABLE = _phrase_table()
_LONGEST = max(len(k) for k in _TABLE)
# Forms that are also distinctive or common words of names are removed only at the edges and
# only when they leave a name behind (see strip_legal_forms).
CANONICAL_FORMS: frozenset[str] = frozenset(_FORMS)


# Words of legal-form phrases long enough to be recognised with one typo ("LIABIOITY", "Comapny").
_TYPO_LENGTH = 5
_LONG_WORDS: tuple[str, ...] = tuple(
    sorted({w for phrases in _FORMS.values() for p in phrases for w in p.split() if len(w) >= _TYPO_LENGTH})
)
_LONG_WORD_SET = frozenset(_LONG_WORDS)


@lru_cache(maxsize=100_000)
def _legal_word(token: str) -> str:
    """The legal-form word ``token`` is one typo away from (OSA distance 1), else ``token``."""
    if len(token) < _TYPO_LENGTH or token in _LONG_WORD_SET or not token.isalpha():
        return token
    found = process.extractOne(token, _LONG_WORDS, scorer=OSA.distance, score_cutoff=1)
    return found[0] if found is not None else token


def _misspelt_alone(tokens: list[str], words: tuple[str, ...], form: str) -> bool:
    """A single misspelt word is a legal form only when long and not the generic "company" (a
    name like "Compano" is one letter from it); in a phrase the other words confirm it."""
    return len(words) == 1 and tokens[0] != words[0] and (form == "company" or len(words[0]) < 7)


def _match_at(tokens: list[str], keys: list[str], start: int, stop: int) -> tuple[int, str] | None:
    """Longest phrase at keys[start:] (if start >= 0) or ending at keys[:stop]."""
    for size in range(min(_LONGEST, len(keys) - 1), 0, -1):
        span = slice(start, start + size) if start >= 0 else slice(stop - size, stop)
        found = _TABLE.get(tuple(keys[span]))
        if found is None:
            continue
        spelt = tokens[span]
        words = [w for w in found[1] if _spelt_like(tuple(spelt), [w])]
        if words and not all(_misspelt_alone(spelt, w, found[0]) for w in words):
            return size, found[0]
    return None


# Legal forms written without the space before them ("TAMYNALTD", "Zavodillc", "OOOMAYAK", and
# Chinese names romanised without word breaks): split off when the rest is a word of its own.
# Only forms no ordinary word ends (or starts) with.
_GLUED_SUFFIX = re.compile(
    r"^([a-z]{3,}?)(ltd|llc|gmbh|fze|inc|limited|company|corporation|gufenyouxiangongsi|youxianzerengongsi|youxiangongsi"
    r"|jusikhoesa|jusighoesa|yuhanhoesa|chonghoesa|hoesa)$"
)
_GLUED_PREFIX = re.compile(r"^(ooo)([a-z]{3,})$")


# Phrases written as letters without their spaces -> their words, longest first: found across token
# boundaries ("GEORGIAJOINT STOCK COMPANY", "LIA BILITY", "STOCKCOMPANY RESEARCH").
_COMPACT_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    sorted(
        {"".join(words): words for _, spellings in _TABLE.values() for words in spellings}.items(),
        key=lambda item: len(item[0]),
        reverse=True,
    )
)
# The same, by letters, and their lengths longest first: _regroup looks up a name's prefixes and
# suffixes of these lengths instead of testing every phrase (it runs for every prepared name).
_PHRASE_WORDS: dict[str, tuple[str, ...]] = dict(_COMPACT_PHRASES)
_PHRASE_LENGTHS: tuple[int, ...] = tuple(sorted({len(letters) for letters in _PHRASE_WORDS}, reverse=True))
# Only phrases beginning (ending) with a name's first (last) letters can be its prefix (suffix):
# their lengths by those letters, longest first, spare most look-ups.
_EDGE = min(2, *map(len, _PHRASE_WORDS))


def _lengths_by(edge: Callable[[str], str]) -> dict[str, tuple[int, ...]]:
    found: dict[str, set[int]] = defaultdict(set)
    for letters in _PHRASE_WORDS:
        found[edge(letters)].add(len(letters))
    return {letters: tuple(sorted(lengths, reverse=True)) for letters, lengths in found.items()}


_HEAD_LENGTHS = _lengths_by(lambda letters: letters[:_EDGE])
_TAIL_LENGTHS = _lengths_by(lambda letters: letters[-_EDGE:])
# A phrase that cuts a token in two must be this long, and leave a piece of MIN_PIECE letters.
_MIN_CUTTING_PHRASE = 7
_MIN_PIECE = 3


def _regroup(tokens: list[str], head: bool) -> list[str]:
    """The tokens with a legal-form phrase at the start (``head``) or end regrouped into its words,
    when the letters spell the phrase but the spaces are missing or misplaced."""
    compact = "".join(tokens)
    ends: list[int] = []
    for token in tokens:
        ends.append((ends[-1] if ends else 0) + len(token))
    lengths = _HEAD_LENGTHS.get(compact[:_EDGE], ()) if head else _TAIL_LENGTHS.get(compact[-_EDGE:], ())
    for length in lengths:
        if length >= len(compact):
            continue
        letters = compact[:length] if head else compact[-length:]
        words = _PHRASE_WORDS.get(letters)
        if words is None or (len(words) < 2 and length < _MIN_CUTTING_PHRASE):
            continue
        cut = len(letters) if head else len(compact) - len(letters)
        if cut in ends[:-1] and all(len(t) > 1 for t in tokens):
            if _same_words(tokens, words, head):
                return tokens  # already spaced as the phrase
        elif len(letters) < _MIN_CUTTING_PHRASE:
            continue
        rest = _tokens_of(compact[cut:] if head else compact[:cut], tokens, cut, ends, head)
        if rest is None:
            continue
        return [*words, *rest] if head else [*rest, *words]
    return tokens


def _same_words(tokens: list[str], words: tuple[str, ...], head: bool) -> bool:
    return tuple(tokens[: len(words)] if head else tokens[-len(words) :]) == words


def _tokens_of(rest: str, tokens: list[str], cut: int, ends: list[int], head: bool) -> list[str] | None:
    """The tokens left beside the phrase: the original ones, the cut token's piece first (or last)."""
    starts = [end - len(t) for t, end in zip(tokens, ends, strict=True)]
    if head:
        k = next(i for i, end in enumerate(ends) if end > cut)
        piece = tokens[k][cut - starts[k] :]
        out = ([piece] if piece else []) + tokens[k + 1 :]
    else:
        k = next(i for i in range(len(tokens) - 1, -1, -1) if starts[i] < cut)
        piece = tokens[k][: cut - starts[k]]
        out = tokens[:k] + ([piece] if piece else [])
    if piece and piece != tokens[k] and len(piece) < _MIN_PIECE:
        return None
    return out if rest and out else None


def _split_glued(tokens: list[str]) -> list[str]:
    if len(tokens) == 1 and (match := _GLUED_PREFIX.match(tokens[0])):
        return [match.group(1), match.group(2)]
    if match := _GLUED_SUFFIX.match(tokens[-1]):
        return [*tokens[:-1], match.group(1), match.group(2)]
    return tokens


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove legal-form phrases at the start and end of an organisation name.

    Returns the remaining tokens and the canonical form (the most specific one found; "company"
    only if nothing else). At least one token always remains.
    """
    tokens = _regroup(_regroup(_split_glued(tokens), head=True), head=False)
    keys = [_word_key(_legal_word(t)) for t in tokens]
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
