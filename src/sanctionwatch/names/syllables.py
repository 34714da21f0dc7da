"""Korean and Chinese names in Latin letters: one key for the romanisations of a syllable.

Korean is romanised in Revised Romanisation (Gim Jeong Eun, Yeong, Gyeong, Bog) or in the
McCune-Reischauer style North Korean and most sanctions lists use (Kim Jong Un, Yong, Kyong, Bok):
the systems differ in the voicing of stops (g/k, d/t, b/p, j/ch), in aspiration marks (th/t, ph/p),
in the vowels eo/o and eu/u, and in the l/r of Ri/Li. Chinese names come in pinyin or Wade-Giles
(Zhang/Chang, Xu/Hsu, Deng/Teng, Cai/Tsai, Zedong/Tse-tung), which differ the same way. A syllable
key drops exactly these distinctions. Korean family names also have conventional spellings no rule
relates (Lee/Rhee/Yi/Ri, Park/Pak, Choi/Choe): those few are listed.

The key is only meaningful between names written as such syllables: the matcher uses it when every
part of both names has the shape of romanised Korean/Chinese syllables, and then only as a weak
equivalence (Deng and Teng are different pinyin syllables, but also one syllable in two systems).
"""

from __future__ import annotations

import re
from functools import lru_cache

# A romanised Korean/Chinese syllable: an optional initial (multi-letter spellings included), an
# optional glide, one to three vowel letters, an optional final consonant; at most four per token.
_INITIAL = "(?:tch|jj|kk|tt|pp|ss|ch|sh|hs|ts|tz|zh|kh|th|ph|[bcdfghjklmnpqrstwxyz])"
_SYLLABLE = f"{_INITIAL}?[yw]?[aeiou]{{1,3}}(?:ng|[nmlrkptgbd])?"
_SYLLABIC = re.compile(f"(?:{_SYLLABLE}){{1,4}}")

# Korean family names whose common Latin spellings differ beyond the rules below (the spelling
# lists use -> the key). 李/이 is Ri in the North, Lee/Yi/Rhee/I in the South and Li in Chinese.
_FAMILY_NAMES: dict[str, str] = {
    "lee": "li",
    "rhee": "li",
    "yi": "li",
    "i": "li",
    "ree": "li",
    "rhie": "li",
    "park": "pak",
    "bahk": "pak",
    "choi": "coe",
    "chwe": "coe",
    "paik": "paek",
    "ahn": "an",
    "noh": "no",
    "oh": "o",
    "roh": "no",
    "ro": "no",
    "lim": "im",
    "rim": "im",
    "ryu": "yu",
    "yoo": "yu",
    "yoon": "yun",
    "hyun": "hyon",
    "shin": "sin",
    "sohn": "son",
    "suh": "so",
    "jung": "cong",
    "chung": "cong",
}

# Spelling -> key letter, longest first. "ng" is parked so the g -> k rule leaves the nasal alone;
# the affricates (ch, j, zh, z, c, q, ts, tz) are one letter, as are the sibilants s and sh (Korean
# Sin/Shin); pinyin x is Wade-Giles hs (Xu/Hsu), never s (Xu and Su are two family names).
_RULES: dict[str, str] = {
    "ng": "N",
    "tch": "c",
    "jj": "c",
    "ch": "c",
    "zh": "c",
    "ts": "c",
    "tz": "c",
    "j": "c",
    "z": "c",
    "q": "c",
    "hs": "x",
    "sh": "s",
    "ss": "s",
    "kk": "k",
    "kh": "k",
    "g": "k",
    "tt": "t",
    "th": "t",
    "d": "t",
    "pp": "p",
    "ph": "p",
    "b": "p",
    "r": "l",
    "eo": "o",
    "eu": "u",
    "oi": "oe",
    # Popular South Korean spellings: oo for u (Joo/Ju, Soo/Su), ee for i (Hee/Hui, as ui below).
    "oo": "u",
    "ee": "i",
    "ui": "i",
    # Wade-Giles -ung is pinyin -ong (Tse-tung/Zedong); pinyin writes no -ung.
    "ung": "oN",
    # Wade-Giles -ien/-yen is pinyin -ian/-yan (Shui-pien/Shuibian).
    "ian": "ien",
    "yan": "yen",
}
_RULE = re.compile("|".join(sorted(_RULES, key=len, reverse=True)))


@lru_cache(maxsize=100_000)
def syllable_key(token: str, family: bool = False) -> str:
    """The romanisation-insensitive key of a syllabic token ("gyeong" and "kyong" -> "kyoN");
    "" when the token is not syllabic. ``family``: the token may be the family name, so the
    conventional spellings apply (Lee -> Ri); elsewhere "Yi" is a given name of its own (Wang Yi)."""
    if family:
        token = _FAMILY_NAMES.get(token, token)
    if not _SYLLABIC.fullmatch(token):
        return ""
    return _RULE.sub(lambda m: _RULES[m.group()], token)


def syllable_keys(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Keys of all tokens of a name written in romanised syllables, or () when some part is not
    such a syllable, or none is a single syllable: a Korean or Chinese name has at least one (the
    family name: Kim, Li, Zhang), where Western names of syllable shape often have none (Dina
    Karin is not Tina Garin). The family name is first (Korean and Chinese order, or "FAMILY, Given"), or
    last in a Western-order name of three or more parts ("Song Jin Lee")."""
    if not tokens or len(tokens) > _MAX_PARTS:
        return ()
    if not any(len(t) > 1 and len(_VOWEL_RUN.findall(t)) == 1 for t in tokens):
        return ()
    last = len(tokens) - 1
    keys = []
    for i, token in enumerate(tokens):
        if len(token) == 1:
            keys.append("")  # an initial: no syllable to compare
            continue
        key = syllable_key(token, i == 0 or (i == last and last >= 2))
        if not key:
            return ()
        keys.append(key)
    return tuple(keys)


_MAX_PARTS = 5
_VOWEL_RUN = re.compile("[aeiou]+")


# Japanese: Hepburn and Kunrei romanisation (Tsuchiya/Tutiya, Shimizu/Simizu, Fujita/Huzita,
# Jun/Zyun) and long vowels written doubled, with "h" or "u", or not at all (Ōno/Ohno/Oono/Ono,
# Itō/Itoh/Ito, Yūki/Yuuki/Yuki). A token is read so only when it is a sequence of Japanese morae.
_MORA = "(?:(?:[kgsztdnhbpmr]y|sh|ch|ts|j|f|[kgsztdnhbpmryw])?[aiueo](?:h(?![aiueoy]))?|n|[kstp](?=[kstpc]))"
_JAPANESE = re.compile(f"{_MORA}{{2,12}}")
_JAPANESE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("(?<=[aiueo])h(?![aiueoy])"), ""),  # Itoh, Ohno
    (re.compile("ou|oo"), "o"),
    (re.compile("uu"), "u"),
    (re.compile("aa"), "a"),
    (re.compile("ee"), "e"),
    (re.compile("tch"), "tty"),
    (re.compile("shi"), "si"),
    (re.compile("sh"), "sy"),
    (re.compile("chi"), "ti"),
    (re.compile("ch"), "ty"),
    (re.compile("tsu"), "tu"),
    (re.compile("fu"), "hu"),
    (re.compile("ji|di"), "zi"),
    (re.compile("du"), "zu"),
    (re.compile("j"), "zy"),
)


def japanese_keys(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Kunrei-style keys of a name of two to four parts, each a sequence of Japanese morae, or ()."""
    if not 2 <= len(tokens) <= 4 or not all(_JAPANESE.fullmatch(t) for t in tokens):
        return ()
    return tuple(_japanese_key(t) for t in tokens)


@lru_cache(maxsize=100_000)
def _japanese_key(token: str) -> str:
    for pattern, replacement in _JAPANESE_RULES:
        token = pattern.sub(replacement, token)
    return token


def same_syllable_vowels(a: str, b: str) -> bool:
    """Two syllable keys agree but for o/u. Korean/Chinese romanisations fix a syllable's vowel,
    except that Korean eo is written o or u (Chol/Chul, Song/Sung); another vowel is another
    syllable (Peng/Ping, Hua/Hui)."""
    return a.replace("u", "o") == b.replace("u", "o")


# The most frequent Chinese (pinyin and Wade-Giles) and Korean family names: a name with one of
# them as its first or last part is taken as Chinese or Korean, whose syllables have fixed vowels.
# (Syllable shape alone also fits Arabic names, Rana Saddam Husain, whose vowels vary.)
_FREQUENT_FAMILY_NAMES = """
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie
song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding
ren shen yao cui zhong tan wan qian fan jin shi liao jia xia fu fang zou xiong bai meng qin qiu hou
yin xue yan duan lei long tao mao hao gu gong shao kong chang chou hsu teng tsai hsieh kuo chiang
tseng chao hsiao
kim lee park pak choi choe jung jeong jong kang cho jo yoon yun jang lim rim oh o seo so shin sin
kwon hwang ahn an ryu hong jeon jon go ko moon mun son bae pae baek paek heo ho nam sim noh ro ha
kwak gwak sung seong cha joo ju woo u koo ku min ri hyon hyun thae tae kye ji chi
"""
_EAST_ASIAN_FAMILY_NAMES = frozenset(syllable_key(name, True) for name in _FREQUENT_FAMILY_NAMES.split()) - {
    ""
}


def east_asian_name(keys: tuple[str, ...]) -> bool:
    """The first or last part of a syllabic name is a frequent Chinese or Korean family name."""
    return bool(keys) and (keys[0] in _EAST_ASIAN_FAMILY_NAMES or keys[-1] in _EAST_ASIAN_FAMILY_NAMES)


def frequent_family_names(a: str, b: str) -> bool:
    """Both syllable keys are frequent Chinese or Korean family names (Yuan and Yun, Xiao and Xia)."""
    return a in _EAST_ASIAN_FAMILY_NAMES and b in _EAST_ASIAN_FAMILY_NAMES


# Whole organisation names: Korean company names are written as one word ("Joseonbaeghomuyeog"),
# by word ("Joseon Baegho Muyeog") or, romanised from Hangul, by syllable ("jo son paek ho mu yok");
# Chinese ones in pinyin with or without spaces. Their letters without spaces, with the
# distinctions of the romanisation systems dropped (as _RULES; Korean eo is written o or u:
# Choson/Chosun), are one key. Across syllables "n" + "g" is as often two sounds (seon-ga) as one,
# and "k" + "h" two letters (Paek-ho), so neither is one letter here.
_WHOLE_RULES: dict[str, str] = {
    k: v for k, v in _RULES.items() if k not in ("ng", "ung", "ian", "yan", "kh", "th", "ph")
}
_WHOLE_RULE = re.compile("|".join(sorted(_WHOLE_RULES, key=len, reverse=True)))
#: Shorter names are not keyed: a few letters folded this much are many names.
MIN_WHOLE_LETTERS = 6


@lru_cache(maxsize=100_000)
def whole_syllable_key(compact: str) -> str:
    """The romanisation-insensitive key of a whole Korean/Chinese name written without spaces
    ("joseonbaeghomuyeog" and "josonpaekhomuyok" -> "cosonpaekhomoyok"), "" if too short or not
    all letters."""
    if len(compact) < MIN_WHOLE_LETTERS or not compact.isalpha():
        return ""
    return _WHOLE_RULE.sub(lambda m: _WHOLE_RULES[m.group()], compact).replace("u", "o")
