"""Chinese and Korean words of organisation names -> the English word lists write for them.

Chinese and Korean organisations are listed under romanised and translated names alike: 华为技术
as "Huawei Jishu" and "Huawei Technologies", 中国银行 as "Zhongguo Yinhang" and "Bank of China",
조선백호무역 as "Joseon Baegho Muyeok" and "... Trading". The words saying what kind of body it
is (technology, trade, bank, group...) and China's own name are mapped to the English word, so
either writing aligns (organisation names only). Words as ICU cuts Chinese (pinyin, see
transliterate.chinese_words) and Korean words in Revised (final g as ICU writes it, or k) and
McCune-Reischauer romanisation. Never a word that is also a common name part.
"""

from __future__ import annotations

_FORMS: dict[str, tuple[str, ...]] = {
    "china": ("zhongguo",),
    "technology": ("jishu", "keji"),
    "trading": ("maoyi", "muyeok", "muyeog", "muyok"),
    # 银行 is yinhang; ICU reads its 行 (a polyphone) xing, as it reads each character alone.
    "bank": ("yinhang", "yinxing", "eunhaeng", "unhaeng"),
    "group": ("jituan",),
    "investment": ("touzi",),
    "international": ("guoji",),
    "industry": ("shiye", "gongye"),
    "development": ("fazhan",),
    "energy": ("nengyuan",),
    "shipping": ("hangyun", "haiyun"),
    "holding": ("konggu",),
    "electronics": ("dianzi",),
    "logistics": ("wuliu",),
    "aviation": ("hangkong",),
    "machinery": ("jixie",),
    "petrochemical": ("shihua",),
}

ORGANISATION_WORDS: dict[str, str] = {form: english for english, forms in _FORMS.items() for form in forms}


def english_organisation_words(tokens: list[str]) -> list[str]:
    """Replace Chinese/Korean words of organisation names by the English word (see the module)."""
    return [ORGANISATION_WORDS.get(t, t) for t in tokens]
