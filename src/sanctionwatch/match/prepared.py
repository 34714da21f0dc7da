"""Entities prepared for matching: every name normalised, romanised and keyed once.

List entities are prepared when the index is built and cached on disk, so everything here is a
slotted frozen dataclass of tuples, strings and numbers: picklable, compact, and ready for the
hot comparison loop (no normalisation happens in :meth:`Matcher.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from sanctionwatch.match.facts import DateRange, birth_ranges, entity_countries, identifier_keys
from sanctionwatch.match.name_parts import main_parts, surname_group
from sanctionwatch.model import Entity, Name, NameKind, Schema
from sanctionwatch.names import NameRole, analyse, skeleton
from sanctionwatch.names.form import ABJAD_SCRIPTS, TWO_READING_SCRIPTS, NameForm
from sanctionwatch.names.generic_terms import is_generic
from sanctionwatch.names.honorifics import leading_honorifics
from sanctionwatch.names.particles import CONNECTORS, PARTICLES, is_patronymic
from sanctionwatch.names.phonetic import reading_skeletons, spelling, vowel_slots, written_consonants
from sanctionwatch.names.syllables import japanese_keys, syllable_keys, whole_syllable_key

#: Most names kept per entity (aliases beyond this add nothing but cost).
MAX_NAMES = 64
#: Shortest tokens for which a typo (edit) is allowed: a one-letter change in "Ali" is another name.
MIN_TYPO_LENGTH = 4
#: Shortest skeletons compared with an edit distance (consonant variants: Ragab/Rajab).
MIN_SKELETON_EDIT = 3
#: Scripts whose names may be romanised Korean/Chinese/Japanese syllables (Latin, or romanised
#: from Hangul, Han or kana).
_SYLLABIC_SCRIPTS = frozenset({None, "Latn", "Hang", "Hani", "Hira", "Kana", "Jpan"})
#: Scripts written in Korean/Chinese syllables.
CJK_SCRIPTS = frozenset({"Hang", "Hani"})


@dataclass(slots=True, frozen=True)
class PreparedName:
    """One name ready for comparison.

    ``keys`` are the phonetic skeletons of ``tokens``, one per token (same order); ``pair_keys[i]``
    the skeleton of tokens i and i+1 written as one, for joined/split names ("Abu Bakr"/"Abubakr").
    """

    name: Name
    text: str  # the compared form: tokens joined by spaces
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    legal_form: str | None
    weak: bool
    script: str | None = None  # script the name was written in
    truncated: bool = False  # the name was longer than the analysed maximum and was cut
    compact: str = ""  # tokens without spaces
    key_compact: str = ""  # keys without spaces
    digits: str = ""  # the digits of the name, in order
    key_set: frozenset[str] = frozenset()
    # Keys of the tokens read as German/French romanisations of Cyrillic (Prigoschin, Poutine).
    reading_keys: frozenset[str] = frozenset()
    pair_keys: tuple[str, ...] = ()
    pair_key_set: frozenset[str] = frozenset()
    particles: tuple[bool, ...] = ()  # article/kinship word/connector, or an honorific that is also a name
    patronymics: tuple[bool, ...] = ()  # token is a patronymic (-ovich, -ovna, -ogly...)
    generic: tuple[bool, ...] = ()  # token is a generic organisation word
    editable: tuple[bool, ...] = ()  # token is long and alphabetic enough for typo matching
    has_initials: bool = False  # some token is a single letter
    written: tuple[str, ...] = ()  # tokens before given names took their canonical form, or ()
    abjad: bool = False  # romanised from Arabic/Hebrew script: vowels unwritten
    spellings: tuple[str, ...] = ()  # phonetic spellings of the tokens (vowels kept)
    slots: tuple[tuple[str, ...], ...] = ()  # vowel runs around the consonants of each spelling
    consonants: tuple[str, ...] = ()  # the written consonants of each token (ch/zh/kh kept apart)
    main: tuple[bool, ...] = ()  # token is a given or family name (not a middle name or particle)
    surnames: tuple[bool, ...] = ()  # token is a part of a family name of two or more parts, or ()
    syllables: tuple[str, ...] = ()  # Korean/Chinese syllable keys of all tokens, () if not such a name
    morae: tuple[str, ...] = ()  # Japanese (Kunrei) keys of all tokens, () if not such a name
    # An organisation name written in Hangul or Han: its whole syllable key (see
    # whole_syllable_key), met by romanisations spaced otherwise ("Joseonbaeghomuyeog"); else "".
    whole_syllables: str = ""
    key_index: dict[str, tuple[int, ...]] = field(
        default_factory=dict, compare=False, hash=False
    )  # key -> tokens


@dataclass(slots=True, frozen=True)
class PreparedEntity:
    """An entity with its names prepared and its other facts normalised for the features."""

    entity: Entity
    names: tuple[PreparedName, ...]
    birth: tuple[DateRange, ...] = ()
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[tuple[str, str]] = frozenset()
    all_keys: frozenset[str] = frozenset()  # the keys of all names (the matcher relies on it)

    @property
    def schema(self) -> Schema:
        return self.entity.schema


def _role(schema: Schema) -> NameRole:
    if schema is Schema.PERSON:
        return NameRole.PERSON
    if schema in (Schema.ORGANIZATION, Schema.COMPANY):
        return NameRole.ORGANIZATION
    if schema is Schema.LEGAL_ENTITY:
        return NameRole.ANY
    return NameRole.OBJECT


def prepare_name(name: Name, role: NameRole) -> PreparedName:
    """Normalise one name (see :func:`sanctionwatch.names.analyse`) and precompute its keys."""
    return _prepared(name, analyse(name.full, role, name.lang), role)


def _readings(name: Name, role: NameRole) -> list[PreparedName]:
    """The prepared name, plus its second reading for Arabic/Hebrew (consonantal) and Greek (classical)."""
    form = analyse(name.full, role, name.lang)
    readings = [_prepared(name, form, role)]
    if form.script in TWO_READING_SCRIPTS:
        readings.append(_prepared(name, analyse(name.full, role, name.lang, second=True), role))
    return readings


#: Per-token facts (see _token_facts): skeleton, phonetic spelling, vowel slots, written
#: consonants, and the particle, patronymic, generic-word and editable flags.
_TokenFacts = tuple[str, str, tuple[str, ...], str, bool, bool, bool, bool]
#: The facts transposed: one tuple per fact, over the tokens of a name.
_Columns = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[tuple[str, ...], ...],
    tuple[str, ...],
    tuple[bool, ...],
    tuple[bool, ...],
    tuple[bool, ...],
    tuple[bool, ...],
]
#: The transposed facts of a name without tokens.
_NO_FACTS: tuple[tuple[object, ...], ...] = ((),) * 8


@lru_cache(maxsize=200_000)
def _token_facts(token: str) -> _TokenFacts:
    """Everything :class:`PreparedName` derives from one token alone: tokens repeat across names
    (Mohammed, Ali, LLC), so one look-up replaces eight computations."""
    key = skeleton(token)
    spelt = spelling(token)
    return (
        key,
        spelt,
        vowel_slots(spelt),
        written_consonants(token),
        token in PARTICLES,
        is_patronymic(token),
        is_generic(token, key),
        # Vowel-less romanisations (Arabic "rjb") are short but as telling as longer spellings.
        (len(token) >= MIN_TYPO_LENGTH - 1 or len(key) >= MIN_SKELETON_EDIT) and token.isalpha(),
    )


def _head_tokens(full: str, role: NameRole) -> tuple[str, ...]:
    """The tokens before the comma of a "FAMILY, Given" name."""
    return analyse(full.split(",", 1)[0], role).tokens


def _prepared(name: Name, form: NameForm, role: NameRole) -> PreparedName:
    tokens = form.tokens
    # One column per fact (keys, spellings, ...), each a tuple over the tokens.
    columns = tuple(zip(*map(_token_facts, tokens), strict=True)) if tokens else _NO_FACTS
    keys, spellings, slots, consonants, particles, patronymics, generic, editable = cast(_Columns, columns)
    person = role in (NameRole.PERSON, NameRole.ANY)
    # Honorifics that are also names (Sheikh, Syed) are optional before a personal name; in the
    # "FAMILY, Given" form the first words are the family name, unless more of it follows
    # ("Sheikh GIRALDO FRANCO, Juan Carlos"; but "SHEIKH, Omar Saeed").
    lead = leading_honorifics(tokens) if person else 0
    if lead and "," in name.full:
        lead = min(lead, len(_head_tokens(name.full, role)) - 1)
    # European connectors (de, da, la, e) do not occur in Arabic or Hebrew script: there a short
    # romanised word like "da" (دعاء, Du'a, its ayn and hamza unwritten) is a name.
    abjad = form.script in ABJAD_SCRIPTS
    if lead > 0 or abjad:
        particles = tuple(
            [
                (p and not (abjad and t in CONNECTORS)) or i < lead
                for i, (t, p) in enumerate(zip(tokens, particles, strict=True))
            ]
        )
    main = main_parts(name, tokens, particles, patronymics) if person else tuple([not p for p in particles])
    pairs = tuple(map(skeleton, map(str.__add__, tokens, tokens[1:])))
    syllabic = person and form.script in _SYLLABIC_SCRIPTS
    key_index: dict[str, tuple[int, ...]] = {}
    for i, key in enumerate(keys):
        key_index[key] = (*key_index.get(key, ()), i)
    compact = "".join(tokens)
    return PreparedName(
        name=name,
        text=" ".join(tokens),
        tokens=tokens,
        keys=keys,
        legal_form=form.legal_form,
        weak=name.kind is NameKind.WEAK_ALIAS,
        script=form.script,
        truncated=form.truncated,
        compact=compact,
        key_compact="".join(keys),
        digits="" if compact.isalpha() else "".join(ch for ch in compact if ch.isdigit()),
        key_set=frozenset(keys),
        reading_keys=frozenset([k for t in tokens for k in reading_skeletons(t)]),
        pair_keys=pairs,
        pair_key_set=frozenset(pairs),
        particles=particles,
        # A name that is nothing but a legal form ("Sp. z o.o.") has no distinctive word.
        generic=(True,) * len(tokens) if form.only_legal_form else generic,
        patronymics=patronymics,
        editable=editable,
        has_initials=any(len(t) == 1 for t in tokens),
        written=form.written,
        abjad=abjad,
        spellings=spellings,
        slots=slots,
        consonants=consonants,
        main=main,
        surnames=surname_group(name, tokens, particles) if person else (),
        syllables=syllable_keys(tokens) if syllabic else (),
        morae=japanese_keys(tokens) if syllabic else (),
        whole_syllables=_whole_syllables(form, role),
        key_index=key_index,
    )


def _whole_syllables(form: NameForm, role: NameRole) -> str:
    """The whole syllable key of an organisation name in Hangul/Han, from its romanised words
    before they took their English form (as queries romanise it)."""
    if role is NameRole.PERSON or form.script not in CJK_SCRIPTS:
        return ""
    return whole_syllable_key("".join(form.written or form.tokens))


def prepare(entity: Entity) -> PreparedEntity:
    """Prepare an entity for matching: all normalisation and transliteration happens here, once."""
    role = _role(entity.schema)
    names: list[PreparedName] = []
    seen: set[tuple[tuple[str, ...], bool, tuple[str, ...]]] = set()
    for name in entity.names[:MAX_NAMES]:
        for prepared in _readings(name, role):
            # Written forms apart: "huawei technology" of 华为技术 is also "huawei jishu" in one word.
            marker = (prepared.tokens, prepared.weak, prepared.written)
            if not prepared.tokens or marker in seen:
                continue  # the same tokens twice (e.g. a name in two scripts that romanise alike)
            seen.add(marker)
            names.append(prepared)
    all_keys = frozenset(k for n in names for k in n.keys)
    return PreparedEntity(
        entity=entity,
        names=tuple(names),
        birth=birth_ranges(entity),
        countries=entity_countries(entity),
        identifiers=identifier_keys(entity),
        all_keys=all_keys,
    )
