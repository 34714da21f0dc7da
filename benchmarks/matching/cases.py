"""Benchmark cases: queries that must alert (positives) and queries that must not (negatives).

Everything is drawn from one seeded ``random.Random``, so a seed and the list files fix the cases.

Positives start from a listed name (primary, or a strong alias) of a person or organisation and
change it the way customer data differs from lists: see ``POSITIVE_CATEGORIES``. Some carry the
true birth date and nationality, a few a birth year one or two years off (``extras``).
Negatives are clean names of many cultures from Faker (see ``clean_names``) and hard negatives
built from listed names: a listed family name with another given name, a listed given name with
another family name, a listed organisation with its distinctive word changed. A negative whose
name equals a listed name (after folding case, accents, punctuation and word order, and loosely:
romanisation variants, spacing, initials, a listed given + family name within it; see
``ListedFolds``) is dropped.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz

from sanctionwatch.model import Entity, Name, NameKind, Schema, detect_script

from .clean_names import CleanNames, CleanPerson
from .legal_forms import strip_legal_form, swap_legal_form
from .romanisation import ARABIC_VARIANTS, arabic_variant, icu_latin, romanisations
from .variants import (
    PersonParts,
    case_punct,
    drop_middle,
    fold,
    honorific,
    initials,
    join_split,
    name_units,
    person_parts,
    reorder,
    typos,
)


@dataclass(slots=True, frozen=True)
class Case:
    """One benchmark query and what it must (or must not) alert on."""

    id: str
    kind: str  # "positive" | "negative"
    category: str
    schema: str  # FtM schema of the query: Person or Organization
    name: str
    origin: str  # the listed name it was made from, or the Faker locale
    source: str  # list key of the target entity, or "clean"/"hard"
    target: str | None = None  # entity id a positive must alert on
    birth_date: str | None = None
    nationality: str | None = None
    extras: str = "name_only"  # name_only | dob_nat | near_dob

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def properties(self) -> dict[str, list[str]]:
        """The query as FtM properties (what a customer record carries)."""
        props: dict[str, list[str]] = {"name": [self.name]}
        if self.birth_date:
            props["birthDate"] = [self.birth_date]
        if self.nationality:
            props["nationality" if self.schema == "Person" else "country"] = [self.nationality]
        return props

    def ftm(self) -> dict[str, Any]:
        return {"id": self.id, "schema": self.schema, "properties": self.properties()}


# Where positives come from, with their share (the EU sample has only 5 entries).
SOURCE_WEIGHTS: dict[str, float] = {
    "ofac_sdn": 3.0,
    "uk": 2.0,
    "eu_journal": 2.0,
    "un_sc": 1.0,
    "ua_war_sanctions": 1.5,
    "eu_derived": 1.0,
    "eu_fsf": 0.2,
}
ARAB_COUNTRIES = frozenset(
    [
        "ae",
        "af",
        "bh",
        "dz",
        "eg",
        "iq",
        "ir",
        "jo",
        "kw",
        "lb",
        "ly",
        "ma",
        "om",
        "pk",
        "ps",
        "qa",
        "sa",
        "sd",
        "so",
        "sy",
        "tn",
        "ye",
    ]
)
SLAVIC_COUNTRIES = frozenset(["ru", "ua", "by", "kz", "kg", "md", "tj", "uz", "am", "az", "ge", "rs"])
_ARABIC_TOKENS = frozenset(s for group in ARABIC_VARIANTS for s in group)
_VARIANT_GROUP = {s: group for group in ARABIC_VARIANTS for s in group}
_GENERIC_ORG_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "at",
        "de",
        "la",
        "le",
        "el",
        "al",
        "company",
        "co",
        "bank",
        "trading",
        "international",
        "group",
        "holding",
        "holdings",
        "industrial",
        "industries",
        "industry",
        "corporation",
        "corp",
        "limited",
        "ltd",
        "llc",
        "jsc",
        "ojsc",
        "pjsc",
        "cjsc",
        "ooo",
        "ao",
        "zao",
        "oao",
        "pao",
        "inc",
        "enterprise",
        "enterprises",
        "services",
        "service",
        "shipping",
        "management",
        "investment",
        "investments",
        "general",
        "national",
        "state",
        "federal",
        "scientific",
        "research",
        "institute",
        "production",
        "plant",
        "factory",
        "center",
        "centre",
        "russian",
        "iranian",
        "joint",
        "stock",
        "liability",
        "open",
        "closed",
        "public",
        "llp",
        "gmbh",
        "fze",
        "sa",
        "partnership",
        "agency",
        "organization",
        "organisation",
        "foundation",
        "ministry",
        "association",
        "union",
        "technologies",
        "technology",
        "systems",
        "engineering",
        "construction",
        "development",
        "energy",
        "oil",
        "gas",
        "petroleum",
        "export",
        "import",
        "commercial",
    ]
)


@dataclass(slots=True, frozen=True)
class _Listed:
    """A listed entity with the facts the generators need, computed once."""

    entity: Entity
    latin: tuple[Name, ...]  # non-weak Latin-script names
    native: tuple[Name, ...]  # non-weak names in another script
    is_person: bool
    arabic: bool


def _listed(entity: Entity) -> _Listed | None:
    if not (entity.schema.is_person or entity.schema.is_organization):
        return None
    strong = [n for n in entity.names if n.kind is not NameKind.WEAK_ALIAS and len(n.full.strip()) >= 3]
    latin = tuple(n for n in strong if detect_script(n.full) == "Latn")
    if not latin:
        return None
    native = tuple(n for n in strong if detect_script(n.full) not in ("Latn", None))
    tokens = {w.lower().strip(",-") for n in latin for w in n.full.split()}
    arabic = (
        any(detect_script(n.full) == "Arab" for n in native)
        or bool(tokens & _ARABIC_TOKENS)
        or bool(set(entity.nationalities) & ARAB_COUNTRIES)
    )
    return _Listed(entity, latin, native, entity.schema.is_person, arabic)


# A generator makes a query name from a listed entity, or None if it does not apply to it.
Generator = Callable[[_Listed, random.Random], tuple[str, str] | None]


def _base(listed: _Listed, rng: random.Random) -> Name:
    """The listed name a variant starts from: usually the primary name, sometimes an alias."""
    primary = [n for n in listed.latin if n.kind is NameKind.PRIMARY]
    if primary and (rng.random() < 0.75 or len(listed.latin) == 1):
        return primary[0]
    return rng.choice(listed.latin)


def _on_text(change: Callable[[str, random.Random], str | None]) -> Generator:
    def generate(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
        base = _base(listed, rng)
        made = change(base.full, rng)
        return (made, base.full) if made else None

    return generate


def _on_parts(change: Callable[[PersonParts, random.Random], str | None]) -> Generator:
    def generate(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
        if not listed.is_person:
            return None
        base = _base(listed, rng)
        parts = person_parts(base)
        made = change(parts, rng) if parts is not None else None
        return (made, base.full) if made and made != base.full else None

    return generate


def _exact(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    base = _base(listed, rng)
    return base.full, base.full


def _honorific(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    if not listed.is_person:
        return None
    base = _base(listed, rng)
    return honorific(base.full, rng), base.full


_SEPARATORS = frozenset("/;")
_OTHER_SCRIPTS = frozenset({"Grek", "Hani", "Hang", "Kana", "Geor", "Hebr", "Armn", "Thai", "Ethi"})


def _native_change(name: str, person: bool, rng: random.Random) -> str | None:
    """A native-script name written another natural way: ё as е, other case or punctuation, the
    legal form spelled out or abbreviated; for people also another word order, patronymic or middle
    names dropped, the Arabic article or short vowels changed."""
    words = list(name_units(name)) if person else name.split()
    options: list[str] = []
    if "ё" in name.lower():
        options.append(name.replace("ё", "е").replace("Ё", "Е"))
    if any(w.isupper() and len(w) > 1 for w in words):
        options.append(" ".join(w.capitalize() if w.isupper() else w for w in words))
    stripped = re.sub("[\u064b-\u0652]", "", name)  # Arabic short-vowel marks
    if stripped != name:
        options.append(stripped)
    if "ال" in name:
        options.append(re.sub(r"(?<!عبد )(?<!\S)ال(?!له)", "", name, count=1))
    if not person:
        options.append(re.sub(r"[«»\"“”„‘’']", "", name))
        options.append(swap_legal_form(name, rng, same_script=True) or name)
    elif len(words) >= 2:
        options.append(" ".join((*words[1:], words[0])))
        options.append(" ".join((words[-1], *words[:-1])))
        if len(words) >= 3:
            options.append(" ".join((words[0], words[-1])))
    options = [
        " ".join(o.split()) for o in options if o.strip() and " ".join(o.split()) != " ".join(name.split())
    ]
    return rng.choice(options) if options else None


def _native(scripts: frozenset[str]) -> Generator:
    def generate(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
        natives = [
            n for n in listed.native if detect_script(n.full) in scripts and not _SEPARATORS & set(n.full)
        ]
        if not natives:
            return None
        base = rng.choice(natives)
        made = _native_change(base.full, listed.is_person, rng)
        if made is None or fold(made) in {fold(n.full) for n in listed.entity.names}:
            return None
        return made, base.full

    return generate


def _latin_of_native(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    """Romanisation (by ICU) of a Greek/Chinese/Korean/Georgian/... name the list gives."""
    natives = [n for n in listed.native if detect_script(n.full) in _OTHER_SCRIPTS]
    if not natives:
        return None
    base = rng.choice(natives)
    made = _romanised(base.full, listed.is_person)
    if not made.strip() or fold(made) in {fold(n.full) for n in listed.entity.names}:
        return None
    return made, base.full


def _romanised(name: str, person: bool) -> str:
    """ICU romanisation; a Chinese or Korean person's unspaced name as 'Family Given'."""
    if person and " " not in name and detect_script(name) in ("Hani", "Hang") and len(name) >= 2:
        given = "".join(icu_latin(c) for c in name[1:]).replace("-", "")
        return f"{icu_latin(name[0]).capitalize()} {given.capitalize()}"
    return " ".join(w.capitalize() for w in icu_latin(name).split())


def _romanisation(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    """Another romanisation of a Cyrillic name the list gives, unlike every listed Latin spelling."""
    natives = [n for n in listed.native if detect_script(n.full) == "Cyrl"]
    if not natives:
        return None
    base = rng.choice(natives)
    listed_folds = {fold(n.full) for n in listed.entity.names}
    spelled = [s for s in romanisations(base.full, rng).values() if fold(s) not in listed_folds]
    return (rng.choice(spelled), base.full) if spelled else None


def _arabic(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    if not listed.arabic:
        return None
    base = _base(listed, rng)
    made = arabic_variant(base.full, rng)
    if made is None or fold(made) in {fold(n.full) for n in listed.entity.names}:
        return None
    return made, base.full


def _legal_form(listed: _Listed, rng: random.Random) -> tuple[str, str] | None:
    if listed.is_person:
        return None
    for base in rng.sample(list(listed.latin), len(listed.latin)):
        made = swap_legal_form(base.full, rng)
        if made is not None:
            return made, base.full
    return None


POSITIVE_CATEGORIES: dict[str, tuple[float, Generator]] = {
    "exact": (0.04, _exact),
    "case_punct": (0.07, _on_text(case_punct)),
    "reorder": (0.07, _on_parts(reorder)),
    "drop_middle": (0.07, _on_parts(drop_middle)),
    "initials": (0.05, _on_parts(initials)),
    "typo_1": (0.09, _on_text(lambda t, r: typos(t, 1, r))),
    "typo_2": (0.06, _on_text(lambda t, r: typos(t, 2, r))),
    "join_split": (0.05, _on_text(join_split)),
    "honorific": (0.04, _honorific),
    "native_cyrillic": (0.08, _native(frozenset({"Cyrl"}))),
    "native_arabic": (0.05, _native(frozenset({"Arab"}))),
    "native_other": (0.02, _native(_OTHER_SCRIPTS)),
    "latin_of_native": (0.02, _latin_of_native),
    "romanisation": (0.11, _romanisation),
    "arabic_variant": (0.09, _arabic),
    "legal_form": (0.09, _legal_form),
}


def _extras(case: Case, entity: Entity, rng: random.Random) -> Case:
    """Sometimes the true birth date and nationality, sometimes a birth year 1-2 years off."""
    if case.schema != "Person":
        return case
    dates = [d.value for d in entity.birth_dates if d.value]
    codes = [c for c in (*entity.nationalities, *entity.citizenships) if len(c) == 2]
    roll = rng.random()
    if dates and roll < 0.3:
        nationality = rng.choice(codes) if codes and rng.random() < 0.8 else None
        return _replace(case, birth_date=rng.choice(dates), nationality=nationality, extras="dob_nat")
    if dates and roll < 0.4:
        value = rng.choice(dates)
        year = int(value[:4]) + rng.choice((-2, -1, 1, 2))
        return _replace(case, birth_date=f"{year}{value[4:]}", extras="near_dob")
    return case


def _replace(case: Case, **changes: Any) -> Case:
    return Case(**{**case.to_dict(), **changes})


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def generate_positives(entities: Sequence[Entity], count: int, rng: random.Random) -> list[Case]:
    """``count`` positive cases, categories in the shares of ``POSITIVE_CATEGORIES``."""
    by_source: dict[str, list[_Listed]] = defaultdict(list)
    for entity in entities:
        listed = _listed(entity) if entity.source in SOURCE_WEIGHTS else None
        if listed is not None:
            by_source[entity.source].append(listed)
    weights = {c: w for c, (w, _) in POSITIVE_CATEGORIES.items()}
    source_weights = {s: w for s, w in SOURCE_WEIGHTS.items() if by_source.get(s)}
    cases: list[Case] = []
    seen: set[tuple[str, str]] = set()
    while len(cases) < count:
        category = _weighted(rng, weights)
        generate = POSITIVE_CATEGORIES[category][1]
        for _attempt in range(200):
            listed = rng.choice(by_source[_weighted(rng, source_weights)])
            made = generate(listed, rng)
            if made is None or (listed.entity.id, made[0]) in seen:
                continue
            seen.add((listed.entity.id, made[0]))
            entity = listed.entity
            case = Case(
                id=f"pos-{len(cases):05d}",
                kind="positive",
                category=category,
                schema="Person" if listed.is_person else "Organization",
                name=made[0],
                origin=made[1],
                source=entity.source,
                target=entity.id,
            )
            cases.append(_extras(case, entity, rng))
            break
    return cases


@dataclass(slots=True, frozen=True)
class ListedFolds:
    """Folded listed names, to keep negatives from being (near-)listed names themselves.

    Besides the plain fold, names are compared in a *loose* fold (see :func:`loose_fold`) that
    writes the romanisation variants of one name alike (Muhammad/Mohammad, Strelkow/Strelkov,
    Kusnezow/Kuznetsov) and ignores spacing (BENALI/BEN ALI): "Muhammad HADDAD" against a listed
    "Mohammad Samir HADDAD" is that person's given and family name, a fair alert, not a negative.
    A listed given name that is an initial ("H. Farahani") covers every given name with that
    letter, and a listed name followed by a bracketed remark ("Alexey Yurevich MILCHAKOV (a.k.a.
    Fritz, Nestor") is that name.
    """

    names: frozenset[str]
    given_family: frozenset[str]
    initial_family: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entities: Sequence[Entity]) -> ListedFolds:
        names: set[str] = set()
        pairs: set[str] = set()
        initial: set[str] = set()
        for entity in entities:
            for name in entity.names:
                names.update((fold(name.full), loose_fold(name.full), joined_fold(name.full)))
                words = _loose_words(name.full)
                if entity.schema in _PERSON_LIKE and len(words) >= 2 and sum(len(w) == 1 for w in words) == 1:
                    initial.add(" ".join(sorted(words)))  # one initial: "H. Farahani"
                parts = person_parts(name) if entity.schema.is_person else None
                if parts is not None:
                    both = " ".join((*parts.given, *parts.family))
                    pairs.update((fold(both), loose_fold(both)))
        return cls(frozenset(names), frozenset(pairs), frozenset(initial))

    def is_listed(self, name: str) -> bool:
        """True if the name, or its romanisation, is a listed name or given + family name."""
        forms = {fold(name), loose_fold(name), joined_fold(name)}
        if detect_script(name) not in ("Latn", None):
            forms.add(fold(icu_latin(name)))
            forms.update(fold(s) for s in romanisations(name, random.Random(0)).values())
        if any(f in self.names or f in self.given_family for f in forms):
            return True
        words = loose_fold(name).split()
        for k, word in enumerate(words):  # any word may be the given name a listed initial stands for
            if " ".join(sorted((*words[:k], word[0], *words[k + 1 :]))) in self.initial_family:
                return True
        # A listed name followed by a bracketed remark ("... MILCHAKOV (a.k.a. Fritz, Nestor").
        head = name.split("(", 1)[0]
        return head != name and len(head.split()) > 1 and loose_fold(head) in self.names


#: Schemas whose names may be a person's: a legal entity often is one ("H. Farahani" on the US CSL).
_PERSON_LIKE = frozenset({Schema.PERSON, Schema.LEGAL_ENTITY})

# German and other romanisations of Cyrillic written the English way, for loose_fold: tsch, sch
# (ч, ш), w (в), z, tz, ts (з and ц are s, z or ts depending on the system), kh/ch (х).
_LOOSE_SPELLINGS = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("w", "v"),
    ("tz", "s"),
    ("ts", "s"),
    ("z", "s"),
    ("kh", "h"),
)

# -ий/-ый written -ii, -iy, -ij, -yi, -y (Evgenii, Evgeniy, Evgeny).
_SOFT_ENDING = re.compile("(?:ii|iy|ij|yi|y)$")


def _loose_words(text: str) -> list[str]:
    """The words of ``text`` in order, folded, each spelt in one romanisation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = []
    for word in re.sub(r"[\W_]+", " ", plain).split():
        group = _VARIANT_GROUP.get(word)
        if group:
            word = min(group)
        for written, sound in _LOOSE_SPELLINGS:
            word = word.replace(written, sound)
        words.append(_SOFT_ENDING.sub("i", word))
    return words


def loose_fold(text: str) -> str:
    """:func:`fold` with every word spelt in one romanisation: Arabic name variants as one
    (Muhammad/Mohammad), German-style Slavic spellings respelt (Strelkow, Kusnezow)."""
    return " ".join(sorted(_loose_words(text)))


def joined_fold(text: str) -> str:
    """The loosely folded words in their order, written as one ("BEN ALI" = "BENALI")."""
    return "".join(_loose_words(text))


NEGATIVE_SHARES: dict[str, float] = {
    "clean_western": 0.18,
    "clean_slavic_latin": 0.09,
    "clean_slavic_native": 0.06,
    "clean_arabic_latin": 0.08,
    "clean_arabic_native": 0.05,
    "clean_east_asian": 0.07,
    "clean_other": 0.12,
    "clean_org": 0.12,
    "hard_family": 0.08,
    "hard_given": 0.08,
    "hard_org": 0.07,
}


def generate_negatives(
    entities: Sequence[Entity], clean: CleanNames, count: int, rng: random.Random
) -> list[Case]:
    """``count`` negative cases in the shares of ``NEGATIVE_SHARES``."""
    folds = ListedFolds.build(entities)
    persons = [listed for e in entities if e.schema.is_person and (listed := _listed(e)) is not None]
    orgs = [listed for e in entities if e.schema.is_organization and (listed := _listed(e)) is not None]
    frequency = Counter(w.lower() for o in orgs for n in o.latin for w in set(_distinctive_words(n.full)))
    # Replacement words from clean (Faker) company names that no listed organisation uses, so a
    # hard negative never borrows another listed organisation's distinctive word.
    org_words = sorted(
        {
            w
            for o in clean.orgs
            for w in _distinctive_words(o.name)
            if w.isascii() and w.lower() not in frequency
        }
    )
    cases: list[Case] = []
    attempts = 0
    while len(cases) < count and attempts < count * 50:
        attempts += 1
        category = _weighted(rng, NEGATIVE_SHARES)
        made = _negative(category, clean, persons, (orgs, org_words, frequency), rng)
        if made is None or folds.is_listed(made[0]):
            continue
        name, origin, schema = made
        case = Case(
            id=f"neg-{len(cases):05d}",
            kind="negative",
            category=category,
            schema=schema,
            name=name,
            origin=origin,
            source="hard" if category.startswith("hard") else "clean",
        )
        cases.append(_negative_extras(case, clean, rng))
    return cases


def _negative(
    category: str,
    clean: CleanNames,
    persons: list[_Listed],
    org_pool: tuple[list[_Listed], list[str], Counter[str]],
    rng: random.Random,
) -> tuple[str, str, str] | None:
    if category == "clean_org":
        org = rng.choice(clean.orgs)
        return org.name, org.locale, "Organization"
    if category.startswith("clean_"):
        person = clean.person(category.removeprefix("clean_"), rng)
        return (person.name, person.locale, "Person") if person is not None else None
    if category == "hard_org":
        orgs, org_words, frequency = org_pool
        made = _hard_org(rng.choice(orgs), org_words, frequency, rng)
        return (made[0], made[1], "Organization") if made else None
    made = _hard_person(rng.choice(persons), clean, keep_family=category == "hard_family", rng=rng)
    return (made[0], made[1], "Person") if made else None


def _negative_extras(case: Case, clean: CleanNames, rng: random.Random) -> Case:
    """Clean customers often come with a birth date and nationality too."""
    if case.schema != "Person" or rng.random() >= 0.35:
        return case
    year, month, day = rng.randint(1945, 2003), rng.randint(1, 12), rng.randint(1, 28)
    nationality = clean.country_of(case.origin)
    return _replace(
        case, birth_date=f"{year:04d}-{month:02d}-{day:02d}", nationality=nationality, extras="dob_nat"
    )


def _culture(listed: _Listed) -> str:
    if listed.arabic:
        return "arabic_latin"
    if any(detect_script(n.full) == "Cyrl" for n in listed.native) or set(listed.entity.nationalities) & (
        SLAVIC_COUNTRIES
    ):
        return "slavic_latin"
    return "western"


def _hard_person(
    listed: _Listed, clean: CleanNames, *, keep_family: bool, rng: random.Random
) -> tuple[str, str] | None:
    """A listed family name with another given name of the same culture (or the reverse)."""
    base = _base(listed, rng)
    parts = person_parts(base)
    if parts is None or not parts.given or not parts.family:
        return None
    other: CleanPerson | None = clean.person(_culture(listed), rng)
    if other is None:
        return None
    listed_words = {w for n in listed.entity.names for w in fold(n.full).split()}
    if keep_family:
        new = other.first
        if _resembles(new, listed_words):
            return None
        family = " ".join(parts.family)
        given = new.upper() if parts.given[0].isupper() else new
        name = f"{family}, {given}" if "," in base.full else f"{given} {family}"
    else:
        new = other.last
        if _resembles(new, listed_words):
            return None
        family = new.upper() if parts.family[0].isupper() else new
        keep_middle = parts.middle if rng.random() < 0.5 else ()
        name = " ".join((*parts.given, *keep_middle, family))
    return name, base.full


def _resembles(name: str, listed_words: set[str]) -> bool:
    """Whether any word of ``name`` is (a spelling variant of) a word the listed entity has: then
    the 'other' name is not other, and the query would be a fair alert."""
    for word in fold(name).split():
        variants = {word, *_VARIANT_GROUP.get(word, ())}
        if variants & listed_words or any(fuzz.ratio(word, w) >= 80 for w in listed_words):
            return True
    return False


def _distinctive_words(name: str) -> list[str]:
    rest, _form = strip_legal_form(name)
    return [w for w in re.findall(r"[^\W\d_]{4,}", rest) if w.lower() not in _GENERIC_ORG_WORDS]


def _hard_org(
    listed: _Listed, org_words: list[str], frequency: Counter[str], rng: random.Random
) -> tuple[str, str] | None:
    """A listed organisation with its distinctive words (the rarest one, and any other word about
    as rare) replaced; generic words and the legal form stay."""
    base = _base(listed, rng)
    # Bracketed acronyms and former names repeat the distinctive words: leave them out.
    plain = " ".join(re.sub(r"\([^)]*\)", " ", base.full).split())
    words = _distinctive_words(plain)
    if not words or len(plain.split()) < 2:
        return None
    rarest = min(words, key=lambda w: (frequency[w.lower()], -len(w)))
    targets = {rarest, *(w for w in words if frequency[w.lower()] <= max(2, frequency[rarest.lower()]))}
    name = plain
    for target in targets:
        new = rng.choice(org_words)
        if new.lower() in {w.lower() for w in words}:
            return None
        new = new.upper() if target.isupper() else new.capitalize()
        name = re.sub(rf"(?<!\w){re.escape(target)}(?!\w)", new, name, flags=re.IGNORECASE)
    return name, base.full
