"""Country names inside organisation names, in the forms lists write them.

State companies and banks carry their country in the name, and lists write it in English or in
the romanised original, often in its genitive or adjective form: "Sberbank of Russia" and
"Sberbank Rossii", "Gazprom Bank Rossii"; "Bank of Ukraine" and "Bank Ukrainy". Each romanised
form is mapped to the English name at analysis time, so the word aligns exactly. The table keeps
the countries most often named in sanctioned organisations, forms from BGN/PCGN and passport
romanisation of Russian, Ukrainian and Belarusian; never a word that is also a common name part,
and never the romanised nominative, which names companies of its own: Bank Rossiya is not the
Bank of Russia (Rossiya Airlines, Ukraina hotel).
"""

from __future__ import annotations

_FORMS: dict[str, tuple[str, ...]] = {
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

COUNTRY_WORDS: dict[str, str] = {form: country for country, forms in _FORMS.items() for form in forms}


def canonical_country_words(tokens: list[str]) -> list[str]:
    """Replace romanised forms of country names by the English name (organisation names only)."""
    return [COUNTRY_WORDS.get(t, t) for t in tokens]
