"""Alignment of name parts: which query token corresponds to which list token, and how well.

Each token pair gets a similarity and the route that produced it: ``exact``, ``transliterated``
(equal after romanisation from another script), ``phonetic`` (the same consonants, vowels that
differ only as romanisations do: Mohammed/Muhammad, Omar/Umar; never other syllables or another
final vowel: Mahmoud/Muhammad, Novikov/Novikova), ``typo`` (one edit in 4-6 letters, two in longer
tokens, none in shorter ones), ``initial`` ("V" for "Vladimir") or ``joined`` (two tokens written
as one: "Abu Bakr"/"Abubakr"). Tokens are then assigned one-to-one, best pairs first (names have
few tokens, so greedy assignment equals the optimal one in practice and costs far less).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

from sanctionwatch.match.prepared import MIN_SKELETON_EDIT, MIN_TYPO_LENGTH, PreparedName
from sanctionwatch.names.given_names import FORM_INITIALS, distinct_given_names
from sanctionwatch.names.nicknames import FORMAL_KEYS, FORMAL_NAMES
from sanctionwatch.names.phonetic import (
    english_readings,
    french_reading,
    german_reading,
    hushing_skeleton,
    skeleton,
    spelling,
    vowel_slots,
    written_consonants,
)
from sanctionwatch.names.syllables import (
    east_asian_name,
    frequent_family_names,
    same_syllable_vowels,
    whole_syllable_key,
)

EXACT = "exact"
TRANSLITERATED = "transliterated"
PHONETIC = "phonetic"
TYPO = "typo"
INITIAL = "initial"
JOINED = "joined"
ROMANISED = "romanised"
UNMATCHED = "unmatched"

#: Token pairs less similar than this are not aligned at all.
MIN_TOKEN_SIMILARITY = 0.7
#: "V" against "Vladimir": a weak agreement.
INITIAL_SIMILARITY = 0.8
#: Tokens shorter than this match only exactly or as a typo ("tc"/"tic" are not variants).
MIN_PHONETIC_LENGTH = 3
#: Skeleton of at least this length makes a phonetic match strong.
STRONG_SKELETON = 3
#: Two tokens written as one ("abubakr" ~ "abu bakr").
JOINED_SIMILARITY = 0.97
#: Spelling similarity needed for a join that is not exact ("abubakr" ~ "abu baker").
MIN_JOINED_SPELLING = 0.75
#: Whole names written with different spacing ("Kim Jongun" ~ "Kim Jong Un"); names shorter than
#: MIN_FUZZY_COMPACT letters only when their letters are equal.
MIN_COMPACT_SIMILARITY = 0.9
MIN_FUZZY_COMPACT = 8
#: One Korean/Chinese syllable in two romanisation systems (Gyeong/Kyong, Deng/Teng): weak, as the
#: key also joins syllables one system keeps apart.
SYLLABLE_SIMILARITY = 0.9

# Unit: (similarity, query token indexes, list token indexes, how)
Unit = tuple[float, tuple[int, ...], tuple[int, ...], str]

_NONE = (0.0, UNMATCHED)
_osa = OSA.normalized_similarity
_indel = Indel.normalized_similarity
_osa_distance = OSA.distance


#: Comparison modes (bit flags): organisation words; a vowel-less Arabic/Hebrew reading involved.
STRICT = 1
ABJAD = 2
#: Which side is the Arabic/Hebrew reading (with ABJAD): the query name, the list name.
ABJAD_QUERY = 4
ABJAD_LIST = 8
#: Memo marker: the tokens compared are written forms (see _written_similarity).
WRITTEN = 16

#: Phonetic match of equal spellings (vowels included) and the most a vowel variant scores.
SAME_SPELLING = 0.97
#: Vowel difference allowed between tokens of equal skeleton (see vowel_cost): short, long tokens.
MAX_VOWEL_COST_SHORT = 0.5
MAX_VOWEL_COST_LONG = 0.8
#: Tokens at least this long count as long (for vowel differences and for two typos).
LONG_TOKEN = 6
#: Two generic organisation words with the same consonants (bank/banco).
GENERIC_COGNATE = 0.9
#: A different consonant spelling of the same sound (ch/zh, kh/h): cheap but not free; cheaper
#: for one Arabic letter in its two usual romanisations (see _consonant_spelling_cost).
CONSONANT_SPELLING_COST = 0.3
SAME_SOUND_SPELLING_COST = 0.15
#: Organisation words up to this long allow one edit only.
STRICT_ONE_EDIT_UP_TO = 8

_VOWEL_LETTERS = "aeiouy"
# Cost of replacing one vowel by another in a romanisation: e/i (Ebrahim/Ibrahim), o/u (Omar/Umar),
# a/e (Ahmad/Ahmed) are common variants; a/i, a/u, i/u are different names (Karim/Karam, Hasan/Husayn).
_VOWEL_PAIRS: dict[frozenset[str], float] = {
    frozenset("ei"): 0.35,
    frozenset("ou"): 0.35,
    frozenset("ae"): 0.4,
    frozenset("ao"): 0.7,
    frozenset("eo"): 0.7,
    frozenset("iu"): 0.8,
}
_OTHER_VOWEL = 1.0
#: A vowel present on one side only: another syllable, another name (Mahmud/Muhammad, Ahmad/Ahmadi).
_MISSING_VOWEL = 2.0
# Cyrillic ю, я, е, ё are a "y" glide and a vowel; romanisations write the glide (Yuri, Iurii) or
# drop it (ISO 9 without diacritics: Urij; after soft sign: Yurevich/Yurievich).
_GLIDE = {"iu": "u", "ia": "a", "ie": "e", "io": "o"}
# Russian ё is written e, yo, io: one sound.
_YO = frozenset({"io", "e"})


def _run_cost(x: str, y: str) -> float:
    """Cost of vowel run ``x`` against ``y`` (runs of the phonetic spelling, "" = no vowel)."""
    if x == y:
        return 0.0
    if not x or not y:
        return _MISSING_VOWEL
    if len(x) == 1 and len(y) == 1:
        return _VOWEL_PAIRS.get(frozenset((x, y)), _OTHER_VOWEL)
    if frozenset((x, y)) == _YO:
        return 0.3
    if x in y or y in x:  # a diphthong against its vowel (ai/a, ie/e): 0.5, more if longer
        if _GLIDE.get(x) == y or _GLIDE.get(y) == x:
            return 0.3  # the y-glide of a soft vowel, written or not: Yuri/Urij, Tatyana/Tatana
        if x in _GLIDE or y in _GLIDE:
            return _OTHER_VOWEL  # the glide kept, its vowel dropped: another syllable (Biyun/Bin)
        return 0.3 + 0.2 * abs(len(x) - len(y))
    if x in _GLIDE and y in _GLIDE:
        # Glide and vowel on both sides: the vowels decide (Yang/Yong/Yung are other names).
        return _run_cost(x[1:], y[1:]) + 0.1
    glide, other = (x, y) if x in _GLIDE else (y, x)
    if glide in _GLIDE and glide[1] not in other:
        # A glide and its vowel against a diphthong without that vowel: the vowel decides, not
        # the glide's "i" (Shiyan/Shein, Шиян/Шеин, are other names; Sergye/Sergey a typo).
        return _run_cost(glide[1:], other) + 0.1
    best = min(_VOWEL_PAIRS.get(frozenset((u, v)), 0.0 if u == v else _OTHER_VOWEL) for u in x for v in y)
    return best + 0.3


def vowel_cost(slots_a: tuple[str, ...], slots_b: tuple[str, ...], abjad: int = 0) -> float:
    """How different two tokens of equal skeleton sound, from their vowel runs.

    The last run weighs double: a final vowel changes gender or makes another name
    (Aleksandr/Aleksandra, Novikov/Novikova, Habib/Habibi), where inner vowels are often
    only written differently (Mohammed/Muhammad). ``abjad`` (ABJAD_QUERY/ABJAD_LIST bits): that
    side is read from Arabic/Hebrew script, which writes long vowels but not short ones, so
    where it shows no vowel, and for the vowel its initial alif/ayn carries, any vowel may stand
    ("hmid" is Hamid, not Ahmadi or Ahmed; "amr" is Umar).
    """
    last = len(slots_a) - 1
    total = 0.0
    for k, (x, y) in enumerate(zip(slots_a, slots_b, strict=True)):
        # Arabic/Hebrew: a short vowel is not written, but a word starts with a consonant letter
        # or with alif/ayn (read "a"), which carry any vowel.
        # (A first "i" is the consonant ya/yod, read as "y": Yosef is not Vzpp.) A final i, o or u
        # is a long vowel, written as ya/waw: its absence is a difference (Othmani is not عثمان).
        if (abjad & ABJAD_QUERY and _unwritten(x, y, k, last)) or (
            abjad & ABJAD_LIST and _unwritten(y, x, k, last)
        ):
            continue
        if x != y:
            if (abjad & ABJAD_QUERY and len(x) == 1 and x in y) or (
                abjad & ABJAD_LIST and len(y) == 1 and y in x
            ):
                # A long-vowel letter that also carries a glide and its unwritten vowel (Hebrew
                # "bnimin" for Binyamin, "ntnihu" for Netanyahu: yod is "ya" there).
                total += GLIDE_COST
            else:
                total += _run_cost(x, y) * (2.0 if k == last else 1.0)
    return total


#: Cost of a long-vowel letter of an Arabic/Hebrew reading standing for more (see vowel_cost).
GLIDE_COST = 0.25


def _unwritten(shown: str, other: str, k: int, last: int) -> bool:
    """Whether the vowel run ``other`` may stand where an abjad reading shows ``shown`` (slot ``k``
    of ``last``): any vowel where it shows none or after an initial alif/ayn, but no final long one."""
    if k == 0:
        return shown[:1] == "a"
    if k == last and not shown:
        return not any(v in other for v in _LONG_FINALS)
    return not shown


_LONG_FINALS = "iou"


def _differs_in_final_vowel(a: str, b: str) -> bool:
    """The tokens differ only in a final a/e/i/o (changed) or a/e/i (added or dropped): a
    grammatical form (Novikov/Novikova, Aleksandr/Aleksandra, Ahmad/Ahmadi, Mario/Maria), not a
    typo. No name forms another by adding a final o (Prokopenk, Eugeni: a letter lost)."""
    if len(a) == len(b):
        return a[:-1] == b[:-1] and a[-1] != b[-1] and a[-1] in _FORM_VOWELS and b[-1] in _FORM_VOWELS
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] in _ADDED_FORM_VOWELS


_FORM_VOWELS = "aeio"
_ADDED_FORM_VOWELS = "aei"


def _other_final(a: str, b: str) -> bool:
    """The tokens differ in a final -n/-ng: another syllable (Chen/Cheng, Lin/Ling, Yan/Yang)."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long == short + "g" and short.endswith("n")


def _edits_allowed(la: int, lb: int) -> int:
    longest = max(la, lb)
    if min(la, lb) < MIN_TYPO_LENGTH - 1 or longest < MIN_TYPO_LENGTH:
        return 0  # short tokens: exact only ("Ali"/"Ari" are two names)
    # Two edits only when both tokens are long: two letters more or less make another name of a
    # short one (Saleh/Salameh, Cheng/Chengen).
    return 2 if longest > LONG_TOKEN and min(la, lb) >= LONG_TOKEN else 1


def _consonant_spelling_cost(consonants_a: str, consonants_b: str) -> float:
    """Cost of consonants written differently (``consonants_*``: as written, doubles collapsed):
    one Arabic letter in its two usual romanisations (Qasim/Kassem: ق, Uthman/Usman: ث) costs
    less than other spellings the skeleton merges (Ziad/Sayyed: ز and س)."""
    same = _one_letter(consonants_a) == _one_letter(consonants_b)
    return SAME_SOUND_SPELLING_COST if same else CONSONANT_SPELLING_COST


def _one_letter(consonants: str) -> str:
    return consonants.replace("q", "k").replace("th", "s")


def _typo(a: str, pa: str, b: str, pb: str, mode: int) -> tuple[float, str]:
    """One edit in a token of 4-6 letters, two in a longer one (on the letters or the spelling);
    the similarity is the share of letters left alone, so one edit in "Kamp" proves little."""
    longest = max(len(a), len(b))
    allowed = _edits_allowed(len(a), len(b))
    if mode & STRICT and longest <= STRICT_ONE_EDIT_UP_TO:
        allowed = min(allowed, 1)  # organisation words are spelt, not romanised: fewer edits
    if mode & ABJAD:
        allowed = min(allowed, 1)  # an abjad reading's vowels are guesses: letters count less
    # Gender and nisba forms are forms of personal names; a long organisation word that lost its
    # final vowel is misspelt ("Cultur", "Avtomatik").
    form = _differs_in_final_vowel(a, b) and not (mode & STRICT and min(len(a), len(b)) >= LONG_TOKEN)
    if not allowed or not (a.isalpha() and b.isalpha()) or form or _other_final(a, b):
        return _NONE
    distance = _osa_distance(a, b, score_cutoff=allowed)
    if distance > allowed and pa[0] == pb[0] and min(len(a), len(b)) > LONG_TOKEN and not mode & STRICT:
        # The same edits counted on the phonetic spellings (Yusuf/Yousef: one vowel), when both
        # begin with the same sound: a different first sound is another name (Zhang/Wang).
        # One edit only: a romanisation difference and a typo on top is as likely another name.
        if _osa_distance(pa, pb, score_cutoff=1) > 1:
            return _NONE
        distance = 1
    similarity = 1.0 - distance / longest
    if distance > allowed or similarity < MIN_TOKEN_SIMILARITY:
        return _NONE
    return similarity, TYPO


def _abjad_similarity(a: str, ka: str, b: str, kb: str, mode: int) -> tuple[float, str]:
    """A vowel-less (Arabic/Hebrew) reading: consonants written differently (Ragab/rjb, Egyptian
    g for j), when the skeletons differ only in such consonants and the spellings are not too far apart."""
    # Substitutions only: a consonant written differently keeps the count (Ragab/rjb); one more or
    # less is another name (Ahmadi/mhmd, Muhammad).
    if ka != kb and len(ka) == len(kb) >= MIN_SKELETON_EDIT and not mode & STRICT:
        sound = _osa(ka, kb, score_cutoff=0.66)
        variants = all(
            x == y or frozenset((x, y)) in _ABJAD_CONSONANT_VARIANTS for x, y in zip(ka, kb, strict=True)
        )
        if sound and variants and _osa(a, b) >= 0.4:
            return 0.7 + 0.55 * (sound - 0.66), TYPO
    return _NONE


# Arabic and Hebrew consonants romanised with different letters (as skeleton letters): ج g/j
# (Gamal/Jamal), ق q/g/k (Qasim/Gasim), ث th/s/t (Uthman/Usman, Thabit/Tabit), ذ dh/d/z
# (Dhakir/Zakir); Hebrew ב b/v (Avraham), כ k/kh, פ p/f.
_ABJAD_CONSONANT_VARIANTS = frozenset(frozenset(pair) for pair in ("gj", "gk", "st", "ds", "bv", "hk", "pv"))


def token_similarity(q: PreparedName, i: int, c: PreparedName, j: int, mode: int = 0) -> tuple[float, str]:
    """Similarity in [0, 1] of token ``i`` of ``q`` and token ``j`` of ``c``, and how it was found.

    Routes, strictest first: the same letters; the same phonetic spelling (consonant spellings
    unified, vowels kept: Mokhammed/Mohammed); the same consonants with vowels that are common
    romanisation variants (Mohammed/Muhammad, Omar/Umar: :func:`vowel_cost`); a typo (one edit
    in 4-6 letters, two in longer tokens; never in tokens of 3 letters or fewer, never a final
    vowel: Novikov/Novikova); a German-style romanisation of Cyrillic (Jakowlew/Yakovlev,
    Michail/Mikhail: tokens of 6+ letters, see :func:`german_reading`) or a French-style one
    (Poutine/Putin, see :func:`french_reading`); an initial.
    ``mode``: :data:`STRICT` for organisation words, :data:`ABJAD` when one side is a vowel-less
    Arabic/Hebrew reading.
    """
    a, b = q.tokens[i], c.tokens[j]
    if a == b:
        return 1.0, EXACT
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        # The initial of the name as written may differ from its canonical form (J. for Jelena).
        other = a in FORM_INITIALS.get(b, ()) if la == 1 else b in FORM_INITIALS.get(a, ())
        return (INITIAL_SIMILARITY, INITIAL) if a[0] == b[0] or other else _NONE
    key = (a, b, mode)
    found = _MEMO.get(key)
    if found is None:
        facts_a = (q.spellings[i], q.keys[i], q.slots[i], q.consonants[i], q.generic[i])
        facts_b = (c.spellings[j], c.keys[j], c.slots[j], c.consonants[j], c.generic[j])
        found = _token_similarity(a, b, facts_a, facts_b, mode)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = found
    if not found[0] and (q.written or c.written):
        wa = q.written[i] if q.written else a
        wb = c.written[j] if c.written else b
        if wa != a or wb != b:
            return _written_similarity(wa, wb, mode)
    return found


def _written_similarity(a: str, b: str, mode: int) -> tuple[float, str]:
    """Similarity of two tokens as written, before a national form of a given name was replaced
    by its canonical one: a typo is made in the written form ("Folha" is Volha mistyped, never
    Olga), so it is sought there too."""
    if a == b:
        return 1.0, EXACT
    key = (a, b, mode | WRITTEN)
    found = _MEMO.get(key)
    if found is None:
        found = _token_similarity(a, b, _string_facts(a), _string_facts(b), mode)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def _string_facts(token: str) -> _Facts:
    spelt = spelling(token)
    return spelt, skeleton(token), vowel_slots(spelt), written_consonants(token), False


# Spelling, skeleton, vowel slots, written consonants and the generic flag of one token.
_Facts = tuple[str, str, tuple[str, ...], str, bool]


def _token_similarity(a: str, b: str, facts_a: _Facts, facts_b: _Facts, mode: int) -> tuple[float, str]:
    pa, ka, slots_a, consonants_a, generic_a = facts_a
    pb, kb, slots_b, consonants_b, generic_b = facts_b
    consonants_differ = consonants_a != consonants_b
    if pa == pb:
        return SAME_SPELLING - (0.03 if consonants_differ else 0.0), PHONETIC
    if _belarusian_ending(a, b):
        return BELARUSIAN_FORM, PHONETIC
    if not mode & STRICT and (kb in FORMAL_KEYS.get(a, ()) or ka in FORMAL_KEYS.get(b, ())):
        familiar = _familiar_similarity(a, b, mode)
        if familiar[0]:
            return familiar
    if distinct_given_names(a, b):
        # Two frequent names a letter or a vowel apart (Khalid/Khalil, Zaid/Ziad): neither a
        # variant nor a typo of the other.
        return _NONE
    if mode & STRICT and generic_a and generic_b and (ka == kb or _word_stem(a) == _word_stem(b)):
        # Generic organisation words with the same consonants are one word in two languages
        # (bank/banco/banque, group/grupo/gruppe), or in another English form (Technologies/
        # Technology, Trading/Traders): the same kind of body.
        return GENERIC_COGNATE, PHONETIC
    if ka == kb and len(slots_a) == len(slots_b):
        cost = vowel_cost(slots_a, slots_b, mode)
        if consonants_differ:
            cost += _consonant_spelling_cost(consonants_a, consonants_b)
        limit = MAX_VOWEL_COST_LONG if min(len(a), len(b)) >= LONG_TOKEN else MAX_VOWEL_COST_SHORT
        if cost <= limit:
            return SAME_SPELLING - 0.08 * cost, PHONETIC
    short = min(len(a), len(b)) <= LONG_TOKEN
    # Only the vowel qualities differ, too much for a variant: in a short name that is another
    # name (Anas/Anis, Karimi/Karami, Jiang/Chang), not a typo. (Letters moved: "Ptuin" may be.)
    # In a long one, one vowel may be mistyped; two are another name (Komarov/Kemerov).
    if (
        ka == kb
        and not mode & ABJAD
        and _same_syllables(slots_a, slots_b)
        and (short or sum(x != y for x, y in zip(slots_a, slots_b, strict=True)) > 1)
    ):
        return _NONE
    if not mode & ABJAD and len(ka) == len(kb) and min(len(a), len(b)) >= MIN_HUSHING_LENGTH:
        hushing = _hushing_similarity((a, ka), (b, kb), (slots_a, slots_b), mode)
        if hushing[0]:
            return hushing
    if not mode & (STRICT | ABJAD):
        german = _german_similarity(a, b, mode)
        if german[0]:
            return german
        french = _french_similarity(a, b)
        if french[0]:
            return french
    if mode & ABJAD and not mode & STRICT:
        kh = _abjad_kh_similarity(a, b, mode)
        if kh[0]:
            return kh
    if not mode & ABJAD:
        english = _english_similarity(a, b)
        if english[0]:
            return english
    if not mode & STRICT and ("gh" in a) != ("gh" in b) and ("q" in a or "q" in b):
        persian = _persian_qaf_similarity(a, b, mode)
        if persian[0]:
            return persian
    typo = _typo(a, pa, b, pb, mode)
    if mode & ABJAD:
        abjad = _abjad_similarity(a, ka, b, kb, mode)
        if abjad[0] > typo[0]:
            return abjad
    return typo


#: English endings of the forms of one word (plural, -ing, -er), longest first (see _word_stem).
_ENGLISH_ENDINGS = ("ies", "ing", "ers", "es", "er", "s")
#: Letters a stem keeps at the least (Bank/Banks; "ser" is no stem of Services).
_MIN_STEM = 4


def _word_stem(word: str) -> str:
    """A rough English stem of a generic organisation word: its ending (see
    :data:`_ENGLISH_ENDINGS`) and a final e dropped, a final y written i (technologies,
    technology -> technologi; trading, traders, trade -> trad; services, service -> servic;
    holdings, holding -> hold: endings are taken off twice)."""
    for _ in range(2):
        for ending in _ENGLISH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                word = word[: -len(ending)] + ("i" if ending == "ies" else "")
                break
    if word.endswith("e") and len(word) > _MIN_STEM:
        word = word[:-1]
    return word[:-1] + "i" if word.endswith("y") else word


#: Similarity of a familiar form of a given name and the formal name (Bill/William, Sasha/Aleksandr).
FAMILIAR_FORM = 0.88
#: How close the other token must be to the formal name (a spelling variant: Aleksandr/Alexander).
_FORMAL_SPELLING = 0.88


def _familiar_similarity(a: str, b: str, mode: int) -> tuple[float, str]:
    """One token a familiar form of a given name (Bill, Sasha, Pepe), the other that formal name
    in some spelling (William, Aleksandr or Alexander, Jose): compared as any two spellings are,
    so a name with the same consonants is not taken for it (Bill is William, not Wilbur)."""
    for familiar, other in ((a, b), (b, a)):
        for formal in FORMAL_NAMES.get(familiar, ()):
            found = (
                (1.0, EXACT)
                if formal == other
                else _token_similarity(formal, other, _string_facts(formal), _string_facts(other), mode)
            )
            if found[0] >= _FORMAL_SPELLING:
                return FAMILIAR_FORM, PHONETIC
    return _NONE


#: Similarity of a Ukrainian/Russian surname in -enko and its Belarusian form in -enka.
BELARUSIAN_FORM = 0.92


def _belarusian_ending(a: str, b: str) -> bool:
    """Lukashenko / Lukashenka: Belarusian writes the unstressed final o of -enko surnames as a
    (akanye), so one person's name ends either way in Russian, Ukrainian and Belarusian
    romanisations. Other final vowels stay grammatical forms (see :func:`_differs_in_final_vowel`)."""
    return (
        len(a) == len(b)
        and len(a) > len(_ENKO)
        and a[:-1] == b[:-1]
        and a[-4:-1] == _ENKO[:-1]
        and {a[-1], b[-1]} == _AKANYE
    )


_ENKO = "enko"
_AKANYE = frozenset("ao")


def _persian_qaf_similarity(a: str, b: str, mode: int) -> tuple[float, str]:
    """Persian pronounces ق and غ alike, and romanisations write either letter q or gh (Qasem/
    Ghasem, Baqeri/Bagheri, Qalibaf/Ghalibaf): the tokens compared with gh read as q. Arabic
    keeps the letters apart, so short tokens, where one letter makes the name, are left alone
    (Ghazi غازي and Qazi قاضي are two names)."""
    if len(a if "gh" in a else b) < MIN_PERSIAN_QAF_LENGTH:
        return _NONE
    x, y = a.replace("gh", "q"), b.replace("gh", "q")
    if x == y:
        return SAME_SPELLING - PERSIAN_QAF_COST, PHONETIC
    found = _token_similarity(x, y, _string_facts(x), _string_facts(y), mode)
    return (found[0] - PERSIAN_QAF_COST, found[1]) if found[0] and found[1] != TYPO else _NONE


#: What reading gh as q costs, and the shortest token with gh read so (see _persian_qaf_similarity).
PERSIAN_QAF_COST = 0.03
MIN_PERSIAN_QAF_LENGTH = 6


def _abjad_kh_similarity(a: str, b: str, mode: int) -> tuple[float, str]:
    """A Latin "ch" for the sound Hebrew writes ח or כ and Arabic خ (Rachel, Menachem, Chaim; German
    Chalid), against the abjad reading, which writes it h or kh: the Latin token with h or kh for
    its "ch" compared with the reading (an English "ch" has its own skeleton, which cannot meet it)."""
    abjad_query = bool(mode & ABJAD_QUERY)
    if abjad_query == bool(mode & ABJAD_LIST):
        return _NONE  # both sides, or neither, read from an abjad
    latin, reading = (b, a) if abjad_query else (a, b)
    if "ch" not in latin:
        return _NONE
    best = _NONE
    for sound in ("h", "kh"):  # as the reading writes it: Hebrew ח h, Arabic خ kh
        respelt = latin.replace("ch", sound)
        x, y = (reading, respelt) if abjad_query else (respelt, reading)
        found = _token_similarity(x, y, _string_facts(x), _string_facts(y), mode)
        if found[0] > best[0]:
            best = found
    return best


def _german_similarity(a: str, b: str, mode: int) -> tuple[float, str]:
    """Tokens equal, or a typo apart, once German-style romanisation is respelt (Jakowlew/Yakovlev,
    Michail/Mikhail, Prigoschin/Prigozhin); 0 when neither token has a German-only spelling."""
    shortest = min(len(a), len(b))
    if shortest < MIN_GERMAN_LENGTH or _differs_in_final_vowel(a, b):
        return _NONE  # short syllables are other names (Chang/Hang, Jiang/Yang), not German spellings
    ga, gb = german_reading(a), german_reading(b)
    if ga == a and gb == b:
        return _NONE
    # Either token may be the German one: respell it alone ("Jurewitsch"/"Yurievich", whose English
    # "ch" must stay), or both when both have German-only spellings.
    best = _NONE
    for x, y in ((ga, b), (a, gb), (ga, gb)):
        if (x, y) != (a, b):
            found = _respelt_similarity(x, y, shortest)
            if found[0] > best[0]:
                best = found
    return best


def _french_similarity(a: str, b: str) -> tuple[float, str]:
    """Tokens equal once French-style romanisation is respelt (Poutine/Putin, Chostakovitch/
    Shostakovich, Brejnev/Brezhnev); 0 when neither token has a French-only spelling."""
    fa, fb = french_reading(a), french_reading(b)
    if (fa == a and fb == b) or min(len(fa), len(fb)) < MIN_FRENCH_LENGTH:
        return _NONE
    return _same_sounds([(x, y) for x, y in ((fa, b), (a, fb), (fa, fb)) if (x, y) != (a, b)])


def _english_similarity(a: str, b: str) -> tuple[float, str]:
    """An English word and its spelling through Cyrillic (Technologies/Tekhnolodzhiz,
    Teknolodzhiz): equal sounds once the English one is respelt; long tokens only."""
    if min(len(a), len(b)) < MIN_ENGLISH_LENGTH:
        return _NONE
    return _same_sounds([(r, b) for r in english_readings(a)] + [(a, r) for r in english_readings(b)])


def _same_sounds(respelt: list[tuple[str, str]]) -> tuple[float, str]:
    """The best similarity of respelt token pairs that sound the same: a typo left over is another
    name (Alejandra/Alejandro), not a romanisation."""
    best = _NONE
    for x, y in respelt:
        found = _respelt_similarity(x, y, min(len(x), len(y)))
        if found[1] != TYPO and found[0] > best[0]:
            best = found
    return best


def _respelt_similarity(ga: str, gb: str, shortest: int) -> tuple[float, str]:
    sa, sb = spelling(ga), spelling(gb)
    if sa == sb:
        return SAME_SPELLING - 0.05, PHONETIC
    if skeleton(ga) == skeleton(gb):
        # Respelt, the consonants agree: the vowels as in the phonetic route (Guruljow/Gurulev: ё).
        cost = vowel_cost(vowel_slots(sa), vowel_slots(sb))
        if cost <= MAX_VOWEL_COST_LONG:
            return SAME_SPELLING - 0.05 - 0.08 * cost, PHONETIC
    # German "sch" also writes zh (Prigoschin/Prigozhin): one sound apart in a long token.
    if (
        shortest >= MIN_GERMAN_TYPO_LENGTH
        and sa[0] == sb[0]
        and not _differs_in_final_vowel(ga, gb)
        and _osa_distance(sa, sb, score_cutoff=1) <= 1
    ):
        return 1.0 - 1.0 / max(len(ga), len(gb)), TYPO
    return _NONE


def _hushing_similarity(
    a: tuple[str, str], b: tuple[str, str], slots: tuple[tuple[str, ...], tuple[str, ...]], mode: int
) -> tuple[float, str]:
    """Equal consonants once a bare "c"/"z" of one token is read as the "ch"/"zh" of the other
    (a romanisation that lost its diacritics: Goncarova/Goncharova), vowels as in the phonetic route."""
    (ta, ka), (tb, kb) = a, b
    agree = _agrees_hushing(ka, hushing_skeleton(ta), kb) or _agrees_hushing(kb, hushing_skeleton(tb), ka)
    if not agree:
        return _NONE
    cost = vowel_cost(slots[0], slots[1], mode)
    limit = MAX_VOWEL_COST_LONG if min(len(ta), len(tb)) >= LONG_TOKEN else MAX_VOWEL_COST_SHORT
    if cost > limit:
        return _NONE
    return SAME_SPELLING - 0.03 - 0.08 * cost, PHONETIC


def _agrees_hushing(key: str, hushing: str, other: str) -> bool:
    """Every letter of ``other`` equals the letter of ``key`` or of its hushing reading."""
    if len(hushing) != len(key):
        return False
    return all(o in (k, h) for k, h, o in zip(key, hushing, other, strict=True))


#: Shortest tokens read as stripped hushing letters: short syllables are other names (Can/Chan, Zang/Zhang).
MIN_HUSHING_LENGTH = 5
#: Shortest tokens read as German romanisations, and shortest allowed a typo on top of that.
MIN_GERMAN_LENGTH = 6
MIN_GERMAN_TYPO_LENGTH = 8
#: Shortest respelt tokens compared in their French reading (Putin, from Poutine).
MIN_FRENCH_LENGTH = 5
#: Shortest tokens compared as an English word written through Cyrillic.
MIN_ENGLISH_LENGTH = 7


def _same_syllables(slots_a: tuple[str, ...], slots_b: tuple[str, ...]) -> bool:
    """As many vowels in the same places between the consonants (only their qualities differ)."""
    return all(len(x) == len(y) for x, y in zip(slots_a, slots_b, strict=True))


#: Token pair similarities remembered across comparisons (names repeat: Mohammed, Ivan, ...).
_MEMO: dict[tuple[str, str, int], tuple[float, str]] = {}
#: Bounded for long-running servers: about 200 bytes an entry (~50 MB when full).
_MEMO_SIZE = 250_000


def _joined_units(q: PreparedName, c: PreparedName, swap: bool) -> list[Unit]:
    """Adjacent tokens of ``q`` written as one token of ``c`` (indexes swapped back if ``swap``)."""
    units: list[Unit] = []
    for i, pair_key in enumerate(q.pair_keys):
        if pair_key not in c.key_set:
            continue
        if len(q.tokens[i]) == 1 or len(q.tokens[i + 1]) == 1:
            continue  # an initial is not half of a word ("K. Kyu" is not "Kkyu")
        joined = q.tokens[i] + q.tokens[i + 1]
        for j, key in enumerate(c.keys):
            if key != pair_key:
                continue
            if joined == c.tokens[j]:
                sim = JOINED_SIMILARITY
            else:
                # Equal skeletons are not enough for a join ("fku ik" ~ "vacek"): spellings must be
                # close, and only vowels may differ ("su bin" is not "Shubin", Шубин).
                spelling = _osa(joined, c.tokens[j], score_cutoff=MIN_JOINED_SPELLING)
                if not spelling or written_consonants(joined) != c.consonants[j]:
                    continue
                sim = JOINED_SIMILARITY - 0.1 * (1 - spelling)
            units.append((sim, (j,), (i, i + 1), JOINED) if swap else (sim, (i, i + 1), (j,), JOINED))
    return units


# Index tuples for single tokens, shared to avoid allocating them in the hot loop.
_SINGLE: tuple[tuple[int, ...], ...] = tuple((i,) for i in range(64))


def _edit_units(q: PreparedName, c: PreparedName, free: tuple[list[int], list[int]], mode: int) -> list[Unit]:
    """Typo, initial and consonant-variant correspondences between tokens left without a key match."""
    units: list[Unit] = []
    single = _SINGLE
    q_tokens, q_keys, c_tokens, c_keys = q.tokens, q.keys, c.tokens, c.keys
    free_q, free_c = free
    editable_c = [j for j in free_c if c.editable[j]]
    # The first and last letters and consonants of each, for the pre-check below.
    ends_c = [(j, c_tokens[j][0], c_tokens[j][-1], c_keys[j][0], c_keys[j][-1]) for j in editable_c]
    initials_c = _initials(c, free_c)
    # List tokens written with other first or last letters than their canonical form has.
    rewritten_c = [j for j in editable_c if _other_ends(c, j)] if c.written else []
    familiar_c = [j for j in free_c if c_tokens[j] in FORMAL_KEYS]
    for i in free_q:
        a, ka = q_tokens[i], q_keys[i]
        # An initial may stand for any token; otherwise only tokens long enough for a typo.
        if len(a) == 1:
            targets = free_c
        elif q.editable[i]:
            # One edit leaves the first or the last letter (or consonant) in place: a cheap pre-check.
            first, last, k_first, k_last = a[0], a[-1], ka[0], ka[-1]
            targets = [
                j
                for j, b_first, b_last, kb_first, kb_last in ends_c
                if b_first == first or b_last == last or kb_first == k_first or kb_last == k_last
            ]
            if rewritten_c or (q.written and _other_ends(q, i)):
                # ... and of a written form, before its canonical form replaced it (Uladzimiravich).
                targets.extend(j for j in _written_targets(q, i, c, editable_c) if j not in targets)
            if len(a) >= MIN_HUSHING_LENGTH:
                # ... and of a bare "c"/"z" read as ц/ч/ж, first or last (Celikavec/Tselikavets).
                targets.extend(j for j in _hushing_targets(q, i, c, editable_c) if j not in targets)
            targets.extend(initials_c)
        else:
            targets = initials_c
        if a in FORMAL_KEYS or familiar_c:
            # A familiar form and its formal name share no letters to pre-check (Bob/Robert).
            familiar = _familiar_targets(a, ka, c, free_c, familiar_c)
            targets = targets + [j for j in familiar if j not in targets]
        for j in targets:
            sim, how = token_similarity(q, i, c, j, mode)
            if sim:
                units.append((sim, single[i], single[j], how))
    return units


def _familiar_targets(
    a: str, ka: str, c: PreparedName, free_c: list[int], familiar_c: list[int]
) -> list[int]:
    """Free list tokens that may be the formal name of familiar form ``a`` (skeleton ``ka``), or
    familiar forms of ``a``'s formal name."""
    keys = FORMAL_KEYS.get(a, frozenset())
    found = [j for j in free_c if c.keys[j] in keys]
    found.extend(j for j in familiar_c if ka in FORMAL_KEYS[c.tokens[j]] and j not in found)
    return found


def _other_ends(name: PreparedName, i: int) -> bool:
    """Token ``i`` is written with another first or last letter than its canonical form has."""
    a, w = name.tokens[i], name.written[i]
    return a[0] != w[0] or a[-1] != w[-1]


def _written_targets(q: PreparedName, i: int, c: PreparedName, candidates: list[int]) -> list[int]:
    """The tokens of ``candidates`` whose first or last letter agrees with token ``i`` of ``q``,
    either taken as written (see :func:`_written_similarity`)."""
    a = q.written[i] if q.written else q.tokens[i]
    ends = {(a[0], a[-1]), (q.tokens[i][0], q.tokens[i][-1])}
    c_written = c.written or c.tokens
    found = []
    for j in candidates:
        b, wb = c.tokens[j], c_written[j]
        if any(x == b[0] or y == b[-1] or x == wb[0] or y == wb[-1] for x, y in ends):
            found.append(j)
    return found


def _hushing_targets(q: PreparedName, i: int, c: PreparedName, candidates: list[int]) -> list[int]:
    """The tokens of ``candidates`` whose key begins or ends as token ``i`` of ``q`` does once a
    bare "c" or "z" of either is read as a hushing sound (see :func:`_hushing_similarity`)."""
    a, ka = q.tokens[i], q.keys[i]
    own = hushing_skeleton(a)
    found = []
    for j in candidates:
        kb = c.keys[j]
        if len(kb) != len(ka) or len(c.tokens[j]) < MIN_HUSHING_LENGTH:
            continue
        other = hushing_skeleton(c.tokens[j])
        if (own and (own[0] == kb[0] or own[-1] == kb[-1])) or (
            other and (other[0] == ka[0] or other[-1] == ka[-1])
        ):
            found.append(j)
    return found


def _syllable_units(q: PreparedName, c: PreparedName, free_q: list[int], free_c: list[int]) -> list[Unit]:
    """Korean/Chinese syllables or Japanese morae romanised in two systems (Gim/Kim, Jeong/Jong,
    Hsu/Xu, Tsuchiya/Tutiya)."""
    single = _SINGLE
    units: list[Unit] = []
    for q_keys, c_keys in ((q.syllables, c.syllables), (q.morae, c.morae)):
        if q_keys and c_keys:
            units.extend(
                (SYLLABLE_SIMILARITY, single[i], single[j], ROMANISED)
                for i in free_q
                if q_keys[i]
                for j in free_c
                if q_keys[i] == c_keys[j]
            )
    return units


def _initials(name: PreparedName, indexes: list[int]) -> list[int]:
    if not name.has_initials:
        return []
    return [j for j in indexes if len(name.tokens[j]) == 1]


def candidate_units(q: PreparedName, c: PreparedName, strict: bool = False) -> list[Unit]:
    """Every plausible token correspondence between two names, best first.

    Tokens with equal skeletons are found by look-up (exact and phonetic matches: the common
    case); only tokens left over are compared pairwise for typos and initials.
    """
    units: list[Unit] = []
    single = _SINGLE
    q_tokens, c_tokens = q.tokens, c.tokens
    c_index = c.key_index
    mode = (STRICT if strict else 0) | (ABJAD if q.abjad or c.abjad else 0)
    mode |= (ABJAD_QUERY if q.abjad else 0) | (ABJAD_LIST if c.abjad else 0)
    hit_q: set[int] = set()
    hit_c: set[int] = set()
    for i, ka in enumerate(q.keys):
        found = c_index.get(ka)
        if not found:
            continue
        a = q_tokens[i]
        for j in found:
            sim, how = (1.0, EXACT) if a == c_tokens[j] else token_similarity(q, i, c, j, mode)
            if sim:
                units.append((sim, single[i], single[j], how))
                if how != INITIAL:  # an initial may stand for any name part: compare it with all
                    hit_q.add(i)
                    hit_c.add(j)
    if len(hit_q) != len(hit_c):
        _free_spare(q, c, hit_q, hit_c)
    if len(hit_q) < len(q_tokens) and len(hit_c) < len(c_tokens):
        free_q = [i for i in range(len(q_tokens)) if i not in hit_q]
        free_c = [j for j in range(len(c_tokens)) if j not in hit_c]
        if (q.syllables and c.syllables) or (q.morae and c.morae):
            units.extend(_syllable_units(q, c, free_q, free_c))
        units.extend(_edit_units(q, c, (free_q, free_c), mode))
    if q.pair_key_set & c.key_set:
        units.extend(_joined_units(q, c, swap=False))
    if c.pair_key_set & q.key_set:
        units.extend(_joined_units(c, q, swap=True))
    if east_asian_name(q.syllables) and east_asian_name(c.syllables):
        units = [u for u in units if _syllables_agree(q, c, u)]
    # Equal similarities: main parts first, then earlier tokens, so a repeated token aligns with
    # the given/family name rather than a middle name ("Nyi Swe" ~ "Nyi Nyi Swe").
    if len(units) > 1:
        q_main, c_main = q.main, c.main
        units.sort(
            key=lambda u: (u[0], q_main[u[1][0]] + c_main[u[2][0]], -abs(u[1][0] - u[2][0])), reverse=True
        )
    return units


def _free_spare(q: PreparedName, c: PreparedName, hit_q: set[int], hit_c: set[int]) -> None:
    """A key one name has more often than the other ("office ... office" against one "office"):
    its tokens stay free for typo comparison, as one of them is left over after the assignment
    ("Office ... Ofgfice" is not one office and an unaligned word)."""
    for key, q_found in q.key_index.items():
        c_found = c.key_index.get(key, ())
        if c_found and len(c_found) > len(q_found):
            hit_c.difference_update(c_found)
        elif c_found and len(q_found) > len(c_found):
            hit_q.difference_update(q_found)


def assign(units: list[Unit]) -> list[Unit]:
    """Greedy one-to-one assignment, most similar pairs first."""
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[Unit] = []
    for unit in units:
        if used_q.isdisjoint(unit[1]) and used_c.isdisjoint(unit[2]):
            chosen.append(unit)
            used_q.update(unit[1])
            used_c.update(unit[2])
    return chosen


HAN = "Hani"


def compact_similarity(q: PreparedName, c: PreparedName) -> float:
    """Similarity of the whole names written without spaces (0 below MIN_COMPACT_SIMILARITY).

    Names with different numbers ("Plant No 5"/"Plant No 6") are never similar this way.
    """
    if q.digits != c.digits:
        return 0.0
    if whole_syllables_alike(q, c):
        return SYLLABLE_SIMILARITY  # a Korean/Chinese organisation name spaced and romanised otherwise
    if len(q.tokens) == len(c.tokens):
        return 0.0
    if _same_syllables_joined(q.syllables, c.syllables) or _same_syllables_joined(q.morae, c.morae):
        return SYLLABLE_SIMILARITY  # syllables spaced differently and romanised in two systems
    if HAN in (q.script, c.script) and (q.written or c.written) and written_compact(q) == written_compact(c):
        return 1.0  # Chinese spaced otherwise, its words of a kind in English on one side only
    if max(len(q.tokens), len(c.tokens)) > 4 and HAN not in (q.script, c.script):
        # Only short names split differently ("Kim Jongun"); long ones align part by part, except
        # Chinese: written without spaces, romanised in one word or syllable by syllable.
        return 0.0
    if min(len(q.compact), len(c.compact)) < MIN_FUZZY_COMPACT:
        # A letter more or less in a short name is another name (Shubin/Su Bin, Luchao/Lucho).
        return 1.0 if q.compact == c.compact else 0.0
    return _indel(q.compact, c.compact, score_cutoff=MIN_COMPACT_SIMILARITY)


def whole_syllables_alike(q: PreparedName, c: PreparedName) -> bool:
    """An organisation name in Hangul/Han and another name (romanised in one word, by word or by
    syllable, in either system) have the same whole syllable key (see ``whole_syllable_key``)."""
    if q.whole_syllables:
        key, other = q.whole_syllables, c
    elif c.whole_syllables:
        key, other = c.whole_syllables, q
    else:
        return False
    return key == (other.whole_syllables or whole_syllable_key(written_compact(other)))


def written_compact(name: PreparedName) -> str:
    """The name's letters without spaces as written: before words took their canonical form
    (Chinese/Korean words of organisations their English one)."""
    return "".join(name.written) if name.written else name.compact


def _syllables_agree(q: PreparedName, c: PreparedName, unit: Unit) -> bool:
    """A phonetic or typo correspondence of two Korean/Chinese syllables keeps their syllable: one
    vowel for another (Peng/Ping) or another consonant (Kyong/Yong) is another syllable; only a
    vowel letter added or dropped may be a typo (Yiong/Yong), unless both are frequent family
    names. Other units pass."""
    if unit[3] not in (PHONETIC, TYPO) or len(unit[1]) != 1 or len(unit[2]) != 1:
        return True
    i, j = unit[1][0], unit[2][0]
    a, b = q.syllables[i], c.syllables[j]
    if not (a and b) or same_syllable_vowels(a, b):
        return True
    # Two frequent family names are two names, never one mistyped (Yuan/Yun, Xiao/Xia).
    return _vowel_letter_added(q.tokens[i], c.tokens[j]) and not frequent_family_names(a, b)


def _vowel_letter_added(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) != len(short) + 1:
        return False
    return any(long[k] in _VOWEL_LETTERS and long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _same_syllables_joined(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(a and b) and "".join(a) == "".join(b)


@dataclass(slots=True, frozen=True)
class PartMatch:
    """One aligned part: query token(s) -> list token(s), similarity and route."""

    query: str
    candidate: str
    similarity: float
    how: str


def describe(q: PreparedName, c: PreparedName, chosen: list[Unit], crossing: bool) -> tuple[PartMatch, ...]:
    """The alignment in words, unmatched tokens of both names included."""
    parts: list[PartMatch] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    for sim, qi, cj, how in chosen:
        used_q.update(qi)
        used_c.update(cj)
        if crossing and how in (EXACT, PHONETIC):
            how = TRANSLITERATED if how == EXACT else f"{TRANSLITERATED}+{PHONETIC}"
        query = " ".join(q.tokens[i] for i in qi)
        parts.append(PartMatch(query, " ".join(c.tokens[j] for j in cj), round(sim, 3), how))
    parts.extend(PartMatch(t, "", 0.0, UNMATCHED) for i, t in enumerate(q.tokens) if i not in used_q)
    parts.extend(PartMatch("", t, 0.0, UNMATCHED) for j, t in enumerate(c.tokens) if j not in used_c)
    return tuple(parts)
