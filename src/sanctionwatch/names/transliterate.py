"""Any script -> lower-case Latin ASCII, with ICU (PyICU) plus name-specific conventions.

ICU gives the standard romanisation of each script (BGN/PCGN for Russian, Ukrainian and
Belarusian, UNGEGN for Greek, pinyin for Chinese, Revised Romanisation for Korean). Names add
conventions the generic transliterators do not know, handled here:

* Arabic and Hebrew write no short vowels and attach the article ("الرحمن" -> "alrhmn"); long
  vowels come out as "w"/"y" between consonants. They are turned back into vowels and the article
  is split off, so the phonetic skeleton of "mhmd" meets that of "Muhammad".
  Long vowels are ambiguous (و is "w" or "u", ي "y" or "i"), so a consonantal reading is offered too.
  The name of God, written "llh" without vowels, is restored to "allah" (Abdallah, Nasrallah).
* Chinese personal names are written without spaces; the first syllable is the family name and
  the rest the given name, which Latin lists write as one word ("Xi Jinping").
* Chinese organisation names are cut into words by ICU's dictionary word break (中国|船舶|重工|集团);
  the single characters it leaves of words it does not know (brand names: 华|为) are one word
  ("huawei"), so "Huawei Technologies" meets 华为技术有限公司.
* Korean names are written syllable by syllable in Latin lists ("Kim Yong Bok"), in the
  McCune-Reischauer style (initial k/t for Revised Romanisation's g/d, final k/p/t, o/u for
  eo/eu), and family names have conventional spellings (Kim not Gim, Pak not Bak, Ri not I).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import pairwise
from typing import Any

import icu

from sanctionwatch.model.scripts import char_script, detect_script

# Script (ISO 15924) -> ICU transform. Cyrillic depends on the language, see _cyrillic_id.
_SCRIPT_IDS: dict[str, str] = {
    "Grek": "Greek-Latin/UNGEGN",
    "Geor": "Georgian-Latin",
    "Hang": "Hangul-Latin",
    "Hani": "Han-Latin",
    "Arab": "Arabic-Latin",
    "Hebr": "Hebrew-Latin",
    "Armn": "Armenian-Latin",
}
_CYRILLIC_IDS: dict[str, str] = {
    "uk": "Ukrainian-Latin/BGN",
    "ukr": "Ukrainian-Latin/BGN",
    "be": "Belarusian-Latin/BGN",
    "bel": "Belarusian-Latin/BGN",
}
_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")
_BELARUSIAN_LETTERS = re.compile("[ўЎ]")

# Korean family names: Revised Romanisation -> the spelling sanctions lists use.
_KOREAN_SURNAMES: dict[str, str] = {
    "gim": "kim",
    "bag": "pak",
    "bak": "pak",
    "i": "ri",
    "li": "ri",
    "yi": "ri",
    "jeong": "jong",
    "choe": "choe",
    "jo": "jo",
    "gang": "kang",
    "go": "ko",
    "gu": "ku",
    "gwak": "kwak",
    "sin": "sin",
    "yun": "yun",
    "han": "han",
    "hyeon": "hyon",
}
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7af]")
_HAN_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ABJAD_W = re.compile(r"(?<=[b-df-hj-np-tv-z])w(?![aeiou])")
_ABJAD_Y = re.compile(r"(?<=[b-df-hj-np-tvwxz])y(?![aeiou])")
_ABJAD_ARTICLE = re.compile(r"\b(al)(?=[a-z]{3,})")
_ALLAH = re.compile(r"a?llh\b")
_ALIF_MAQSURA = re.compile("\u0649(?![\u0600-\u06ff])")
_WORD_START_AYN = re.compile(r"(?<![a-z])[ʿʻʼ]")

_local = threading.local()  # ICU transliterators are not thread-safe: one set per thread
#: Chinese personal names have two to four characters (family name first).
_PERSONAL_CHARS = range(2, 5)


@lru_cache(maxsize=64)
def _transform_id(script: str | None, lang: str | None) -> str:
    if script == "Cyrl":
        return _CYRILLIC_IDS.get(lang or "", "Russian-Latin/BGN")
    return _SCRIPT_IDS.get(script or "", "Any-Latin")


def _transliterator(transform: str) -> Any:
    cache: dict[str, Any] | None = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    instance = cache.get(transform)
    if instance is None:
        instance = cache[transform] = icu.Transliterator.createInstance(transform)
    return instance


#: Every transform :func:`to_latin` may use.
TRANSFORMS: frozenset[str] = frozenset(
    {
        *_SCRIPT_IDS.values(),
        *_CYRILLIC_IDS.values(),
        "Russian-Latin/BGN",
        "Greek-Latin",
        "Any-Latin",
        "Latin-ASCII",
    }
)


def warm_up() -> None:
    """Create this thread's transliterators now. ICU takes up to a tenth of a second to build one
    (Han-Latin, Arabic-Latin), which would otherwise fall on the first name in each script that a
    server or batch worker screens."""
    for transform in sorted(TRANSFORMS):
        _transliterator(transform)


def _cyrillic_lang(text: str, lang: str | None) -> str | None:
    if lang in _CYRILLIC_IDS:
        return lang
    if _UKRAINIAN_LETTERS.search(text):
        return "uk"
    if _BELARUSIAN_LETTERS.search(text):
        return "be"
    return lang


def _ascii(text: str) -> str:
    if text.isascii():
        return text  # Latin-ASCII leaves ASCII as it is: most list names skip ICU
    return _NON_ASCII.sub("", _transliterator("Latin-ASCII").transliterate(text))


def _abjad(latin: str, consonantal: bool, hebrew: bool) -> str:
    """Arabic/Hebrew romanisation: ayn at word start reads 'a', long vowels, the attached article."""
    latin = _WORD_START_AYN.sub("a", latin).replace("ẗ", "a")
    if hebrew:
        latin = _hebrew_names(latin)
    # Ayn/alef inside a word fold to an apostrophe: no letter of a romanised name (Saʿid, Shimʿon).
    latin = _ALLAH.sub("allah", _ascii(latin).lower().replace("'", ""))
    if not consonantal:
        latin = _ABJAD_W.sub("u", latin)
        latin = _ABJAD_Y.sub("i", latin)
    elif hebrew:
        latin = latin.replace("w", "v")  # Hebrew vav as a consonant is "v" (Levi, Aviv)
    return _ABJAD_ARTICLE.sub(r"\1 ", latin)


# Hebrew names as Israeli and list romanisation writes them, where ICU's Hebrew-Latin writes one
# letter per letter: shin "sh" (ş), tsadi "tz" (ẕ: Yitzhak, Katz); a word-final he after a
# consonant is a vowel (Moshe, Yehuda); kaf before he is k, not the digraph kh (Kohen). Final pe
# (ף) is f: replaced before ICU, which writes it p (see to_latin).
_HEBREW_FINAL_HE = re.compile(r"(?<=[b-df-hj-np-tv-zşẕẖţ])h\b")
_HEBREW_KAF_HE = re.compile(r"k(?=h)")


def _hebrew_names(latin: str) -> str:
    latin = _HEBREW_KAF_HE.sub("q", _HEBREW_FINAL_HE.sub("", latin))
    return latin.replace("ş", "sh").replace("ẕ", "tz")


_KOREAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^g"), "k"),
    (re.compile(r"^d"), "t"),
    (re.compile(r"(?<!n)g$"), "k"),
    (re.compile(r"b$"), "p"),
    (re.compile(r"d$"), "t"),
    (re.compile(r"eo"), "o"),
    (re.compile(r"eu"), "u"),
)


def _korean_syllable(syllable: str) -> str:
    for pattern, replacement in _KOREAN_RULES:
        syllable = pattern.sub(replacement, syllable)
    return syllable


def _word_breaker() -> Any:
    breaker = getattr(_local, "zh_words", None)
    if breaker is None:
        breaker = _local.zh_words = icu.BreakIterator.createWordInstance(icu.Locale("zh"))
    return breaker


# 市 (city, shi) and 省 (province, sheng) after a place name: words of their own, never part of
# the brand name that follows (深圳|市|亿|路|发: "shenzhen shi yilufa").
_ADMINISTRATIVE = frozenset("市省")


def chinese_words(text: str) -> list[str]:
    """Chinese characters cut into words by ICU's dictionary (中国|船舶|重工|集团); consecutive
    single characters, which is how it leaves words it does not know (华|为), stay one word."""
    breaker = _word_breaker()
    breaker.setText(text)
    bounds = [0, *breaker]
    words: list[str] = []
    single = False
    for start, end in pairwise(bounds):
        piece = text[start:end]
        if end - start == 1 and single and words and piece not in _ADMINISTRATIVE:
            words[-1] += piece
        else:
            words.append(piece)
        single = end - start == 1 and piece not in _ADMINISTRATIVE
    return words


def _syllabic_words(text: str, script: str, person: bool) -> str:
    """Chinese/Korean: romanise each word syllable by syllable. A 2-4 syllable Chinese word is a
    personal name unless ``person`` is False (organisations: cut into dictionary words); a
    Korean family name takes its conventional spelling only in a personal name (Kim, Ri)."""
    transform = _transliterator(_SCRIPT_IDS[script])
    pattern = _HAN_CHAR if script == "Hani" else _HANGUL_SYLLABLE
    words = []
    for word in text.split():
        chars = pattern.findall(word)
        if not chars:
            words.append(_ascii(transform.transliterate(word)).lower())
            continue
        syllables = [_ascii(transform.transliterate(c)).lower() for c in chars]
        if script == "Hang":
            if person:
                syllables[0] = _KOREAN_SURNAMES.get(syllables[0], syllables[0])
            words.append(" ".join(_korean_syllable(s) for s in syllables))
        elif person and len(syllables) in _PERSONAL_CHARS:
            words.append(syllables[0] + " " + "".join(syllables[1:]))
        elif len(chars) == len(word):
            words.extend("".join(_syllables(w, transform)) for w in chinese_words(word))
        else:
            words.append("".join(syllables))
    return " ".join(words)


def _syllables(word: str, transform: Any) -> list[str]:
    return [_ascii(transform.transliterate(c)).lower() for c in word]


def _has_other_script(text: str) -> bool:
    return any(char_script(c) not in (None, "Latn") for c in text)


def _mixed(text: str, lang: str | None, person: bool) -> str:
    """Mostly Latin with words in another script ("Aktsionernoe Obshchestvo Волгабурмаш"): each
    word romanised from its own script (Latin-ASCII alone would drop the name itself)."""
    words = []
    for word in text.split():
        script = detect_script(word)
        latin = to_latin(word, script, lang, person=person) if script not in (None, "Latn") else None
        words.append(_ascii(word).lower() if latin is None else latin)
    return " ".join(words)


def to_latin(
    text: str, script: str | None, lang: str | None = None, second: bool = False, person: bool = True
) -> str:
    """Romanise ``text`` (written mostly in ``script``) to lower-case ASCII.

    ``second``: the second reading of a script that has two. Arabic/Hebrew: the long-vowel letters
    read as consonants (w, y). Greek: the classical transliteration (β b, η e, υ y, φ ph, χ ch, as
    in ISO 843 and scholarly use: Epiboles, Sophronistike) instead of the modern UNGEGN one
    (Epivolis, Sofronistiki); lists and customer records use both.
    ``person``: False for a name known to be an organisation's (Chinese and Korean names are then
    not read as family and given names).
    """
    if script in (None, "Latn"):
        if not text.isascii() and _has_other_script(text):
            return _mixed(text, lang, person)
        return _ascii(text).lower()
    if script in ("Hani", "Hang"):
        return _syllabic_words(text, script, person)
    if script == "Cyrl":
        lang = _cyrillic_lang(text, lang)
    elif script == "Geor":
        # Mtavruli capitals (ᲛᲣᲛᲚᲐᲫᲔ, names written in capitals) are unknown to ICU's Georgian-Latin.
        text = text.lower()
    elif script == "Hebr":
        text = text.replace("\u05e3", "f")  # final pe is always f (Yosef); ICU writes p
    elif script == "Arab" and not second:
        # A word-final alif maqsura is a long a (Musa, Mustafa, Yahya, Muthanna), as alif is; the
        # second reading keeps it as y, for the Egyptian habit of writing final ya so (Ali).
        text = _ALIF_MAQSURA.sub("\u0627", text)
    transform = "Greek-Latin" if second and script == "Grek" else _transform_id(script, lang)
    latin = _transliterator(transform).transliterate(text)
    if script != "Latn":
        # Leftovers in other scripts (a Latin acronym inside an Arabic name, mixed scripts).
        latin = _transliterator("Any-Latin").transliterate(latin)
    if script in ("Arab", "Hebr"):
        return _abjad(latin.lower(), second, script == "Hebr")
    return _ascii(latin).lower()
