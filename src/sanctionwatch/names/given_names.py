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
    # Russian form <- Belarusian (BGN/PCGN and passport spellings) and Ukrainian forms.
    "igor": ("ihar", "ihor"),
    "oleg": ("aleh", "oleh"),
    "sergei": ("siarhei", "siarhiej", "sergii", "serhii", "serhiy", "serhiy"),
    "nikolai": ("mikalai", "mikalaj", "mykola"),
    "vladimir": ("uladzimir", "uladzimer", "volodymyr"),
    "aleksandr": ("aliaksandr", "aliaksandar", "alyaksandr", "oleksandr", "olexandr"),
    "aleksei": ("aliaksei", "aliaksiej", "oleksii", "oleksiy", "oleksiy"),
    "evgeni": ("yauhen", "yauheni", "yevhen", "yevhenii", "yevheniy"),
    "dmitri": ("dzmitry", "dzmitri", "dmytro"),
    "andrei": ("andrei", "andrii", "andriy", "andrej"),
    "mikhail": ("mikhas", "mykhailo", "mykhaylo"),
    "pavel": ("paval", "pavlo"),
    "petr": ("piotr", "petro", "pyotr"),
    "vasili": ("vasil", "vasyl"),
    "grigori": ("ryhor", "hryhorii", "hryhoriy"),
    "viktor": ("viktar",),
    "leonid": ("leanid",),
    "anatoli": ("anatol", "anatolii", "anatoliy"),
    "yuri": ("yury", "yurii", "iurii", "jurij", "juri", "jurii"),
    "elena": ("alena", "olena", "jelena", "yelena"),
    "olga": ("volha", "olha"),
    "natalia": ("natallia", "nataliia"),
    "tatiana": ("tatsiana", "tetiana", "tetyana"),
    # Arabic names whose common spellings differ in a vowel beyond the usual variants.
    "yusuf": ("yousef", "youssef", "yousif", "yusef", "yousuf", "yossef"),
    # Abbreviations of Muhammad.
    "muhammad": ("mohd", "muhd"),
}

GIVEN_NAME_FORMS: dict[str, str] = {
    form: canonical for canonical, forms in _CANONICAL.items() for form in forms if form != canonical
}


def canonical_given_names(tokens: list[str]) -> list[str]:
    """Replace national forms and abbreviations of common given names by one canonical form."""
    return [GIVEN_NAME_FORMS.get(t, t) for t in tokens]
