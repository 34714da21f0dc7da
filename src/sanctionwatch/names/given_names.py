"""Equivalent forms of common given names across languages, and conventional abbreviations.

Belarusian and Ukrainian lists write the national form of a name (Ihar, Aleh, Siarhei, Mykola)
where Russian-language sources and customer records write the Russian one (Igor, Oleg, Sergei,
Nikolai); the forms differ in letters no romanisation rule relates (h/g, a/o, ia/e). Malaysian and
South Asian records abbreviate Muhammad as "Mohd"/"Muhd"/"Md". Each form is mapped to one
canonical spelling at analysis time. The table is deliberately small: the most frequent names
only, each entry a well-known equivalence, never a guess.
"""

from __future__ import annotations

_CANONICAL: dict[str, tuple[str, ...]] = {
    # Russian form <- Belarusian (BGN/PCGN and passport spellings) and Ukrainian forms (national
    # passport system, BGN/PCGN, and ISO 9 or German renderings: Andrij, Mikola, Jewgen).
    "igor": ("ihar", "ihor"),
    "oleg": ("aleh", "aleg", "oleh"),
    "sergei": ("siarhei", "siarhiej", "sergii", "serhii", "serhiy", "serhij", "sergij"),
    "nikolai": ("mikalai", "mikalaj", "mykola", "mikola"),
    "vladimir": ("uladzimir", "uladzimer", "volodymyr", "volodimir", "wolodymyr"),
    "aleksandr": ("aliaksandr", "aliaksandar", "alyaksandr", "oleksandr", "olexandr"),
    "aleksei": ("aliaksei", "aliaksiej", "oleksii", "oleksiy", "oleksij"),
    "evgeni": (
        "yauhen",
        "yauheni",
        "yevhen",
        "yevhenii",
        "yevheniy",
        "evhen",
        "evgen",
        "jevgen",
        "jewgen",
        "yevgen",
    ),
    "dmitri": ("dzmitry", "dzmitri", "dmytro", "dmitro"),
    "andrei": ("andrii", "andriy", "andrij", "andrej"),
    "mikhail": ("mikhas", "mykhailo", "mykhaylo", "mychajlo"),
    "pavel": ("paval", "pavlo"),
    "petr": ("piotr", "petro", "pyotr"),
    "vasili": ("vasil", "vasyl"),
    "grigori": ("ryhor", "rygor", "hryhorii", "hryhoriy", "hryhorij"),
    "viktor": ("viktar",),
    "leonid": ("leanid",),
    "anatoli": ("anatol", "anatolii", "anatoliy", "anatolij"),
    "yuri": ("yury", "yurii", "iurii", "jurij", "juri", "jurii"),
    "elena": ("alena", "olena", "jelena", "yelena"),
    "olga": ("volha", "olha"),
    "natalia": ("natallia", "nataliia"),
    "tatiana": ("tatsiana", "tetiana", "tetyana"),
    "svetlana": ("svitlana", "sviatlana", "svyatlana"),
    # Patronymics of the names above: Ukrainian -ovych/-ivna and Belarusian -avich/-auna forms.
    "aleksandrovich": ("oleksandrovych", "oleksandrovic", "aliaksandravich"),
    "aleksandrovna": ("oleksandrivna", "aliaksandrauna"),
    "alekseevich": ("oleksiiovych", "oleksiyovych", "oleksijovic", "oleksijovych"),
    "alekseevna": ("oleksiivna", "oleksiyivna", "oleksijivna"),
    "vladimirovich": ("volodymyrovych", "volodimirovic", "volodymyrovic", "uladzimiravich"),
    "vladimirovna": ("volodymyrivna", "volodimirivna", "uladzimirauna"),
    "nikolaevich": ("mykolaiovych", "mykolayovych", "mikolajovic", "mikolajovych", "mikalaevich"),
    "nikolaevna": ("mykolaivna", "mykolayivna", "mikolajivna", "mikalaeuna"),
    "sergeevich": ("serhiiovych", "serhiyovych", "sergijovic", "serhijovych", "siarheevich"),
    "sergeevna": ("serhiivna", "serhiyivna", "sergiivna", "serhijivna", "siarheeuna"),
    "andreevich": ("andriiovych", "andriyovych", "andrijovic", "andrijovych"),
    "andreevna": ("andriivna", "andriyivna", "andrijivna"),
    "yurievich": ("yuriiovych", "yuriyovych", "jurijovic", "jurijovych"),
    "yurievna": ("yuriivna", "yuriyivna", "jurijivna"),
    "grigorievich": ("hryhoriiovych", "hryhoriyovych", "ryhoravich"),
    "grigorievna": ("hryhorivna", "ryhorauna"),
    "anatolievich": ("anatoliiovych", "anatoliyovych", "anatolijovic"),
    "anatolievna": ("anatoliivna", "anatoliyivna", "anatolijivna"),
    "evgenievich": ("yevheniiovych", "yevhenovych", "jevhenovych"),
    "evgenievna": ("yevhenivna", "jevhenivna"),
    "mikhailovich": ("mykhailovych", "mykhaylovych", "mychajlovic"),
    "mikhailovna": ("mykhailivna", "mykhaylivna"),
    # Arabic names whose common spellings differ in a vowel beyond the usual variants.
    "yusuf": ("yousef", "youssef", "yousif", "yusef", "yousuf", "yossef"),
    # Abbreviations of Muhammad.
    "muhammad": ("mohd", "muhd"),
}

GIVEN_NAME_FORMS: dict[str, str] = {
    form: canonical for canonical, forms in _CANONICAL.items() for form in forms if form != canonical
}


#: Canonical form -> the first letters its national forms are written with: "J." is an initial of
#: Jelena (canonical "elena"), "U." of Uladzimir ("vladimir").
FORM_INITIALS: dict[str, frozenset[str]] = {
    canonical: frozenset(f[0] for f in forms) - {canonical[0]} for canonical, forms in _CANONICAL.items()
}


# Frequent given names that are other names one letter away from each other (Khalid/Khalil,
# Yasmin/Yassin, Zaid/Ziad, Marta/Maria, Paul/Raul): when both tokens are such names, the letter
# that differs is a different name, not a typo. Only well-known names, none a spelling variant of
# another here (those match as variants before a typo is considered: Salim/Salem, Karl/Carl).
_DISTINCT_GIVEN_NAMES = (
    # Arabic and Persian
    "khalid khalil walid majid hamid hamdi nasir nasim nadir nadim nabil nabih jamal kamal jamil kamil "
    "hakim halim salim karim rahim amin amir samir samira amira yasin yassin yasmin rami sami hani "
    "hadi fadi zaid ziad riad imad iyad saad saud fahd fadl ayman adnan adham hamza "
    "faris farid salah saleh ramzi karam akram "
    "dina dana lina rana hana sana maha maya mira nada hala "
    # European
    "maria marta mario marco mark mary paul saul raul sean dean "
    "gina nina tina boris doris irina marina karina galina "
    "lena lara sara vera yuri yuli"
)
DISTINCT_GIVEN_NAMES: frozenset[str] = frozenset(_DISTINCT_GIVEN_NAMES.split())


def distinct_given_names(a: str, b: str) -> bool:
    """Both tokens are frequent given names of their own (a one-letter difference is not a typo)."""
    return a != b and a in DISTINCT_GIVEN_NAMES and b in DISTINCT_GIVEN_NAMES


def canonical_given_names(tokens: list[str]) -> list[str]:
    """Replace national forms and abbreviations of common given names by one canonical form."""
    return [GIVEN_NAME_FORMS.get(t, t) for t in tokens]
