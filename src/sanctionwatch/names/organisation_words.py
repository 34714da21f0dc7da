"""Words of organisation names written in another language -> the English word lists write.

One organisation is listed under romanised and translated names alike, so the words that say
where it is from or what kind of body it is are mapped to the English word at analysis time, and
either writing aligns exactly (organisation names only). Never a word that is also a common name
part.

Country names: state companies and banks carry their country in the name, and lists write it in
English or in the romanised original, often in its genitive or adjective form: "Sberbank of
Russia" and "Sberbank Rossii", "Bank of Ukraine" and "Bank Ukrainy". The table keeps the
countries most often named in sanctioned organisations, forms from BGN/PCGN and passport
romanisation of Russian, Ukrainian and Belarusian; never the romanised nominative, which names
companies of its own: Bank Rossiya is not the Bank of Russia (Rossiya Airlines, Ukraina hotel).

Chinese and Korean words: 华为技术 is listed as "Huawei Jishu" and "Huawei Technologies", 中国银行
as "Zhongguo Yinhang" and "Bank of China", 조선백호무역 as "Joseon Baegho Muyeok" and "...
Trading". The words for kinds of body (technology, trade, bank, group...) and China's own name
are given as ICU cuts Chinese (pinyin, see transliterate.chinese_words) and as Korean in Revised
(final g as ICU writes it, or k) and McCune-Reischauer romanisation.
"""

from __future__ import annotations

_COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "russia": (
        "rossii",
        "rossiyskoy",
        "rossiyskoi",
        "rossiiskoi",
        "rossiiskoy",
        "rossiyskaya",
        "rossiiskaya",
        "rossiyskiy",
        "rossiiskii",
        "rossiyskoye",
        "rossiyskoe",
        "rossiiskoe",
        "rossiyskikh",
        "rossiiskikh",
    ),
    "ukraine": ("ukrainy", "ukrayiny", "ukrainskoi", "ukrainskoy", "ukrayinskoyi"),
    "belarus": ("belarusi", "belarusy", "byelorussia", "belorussii", "belorusskoi", "belorusskoy"),
    "crimea": ("kryma", "krymu", "krymskoi", "krymskoy", "krymskaya"),
    "syria": ("sirii",),
    "korea": ("korei",),
}

_WORD_FORMS: dict[str, tuple[str, ...]] = {
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

#: Romanised or foreign form -> the English word.
ORGANISATION_WORDS: dict[str, str] = {
    form: english
    for table in (_COUNTRY_FORMS, _WORD_FORMS)
    for english, forms in table.items()
    for form in forms
}


def english_organisation_words(tokens: list[str]) -> list[str]:
    """Replace the foreign forms of country names and organisation words by the English word."""
    return [ORGANISATION_WORDS.get(t, t) for t in tokens]
