"""One written name -> the normalised tokens the matcher compares (:class:`NameForm`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from sanctionwatch.model.scripts import detect_script
from sanctionwatch.names.given_names import canonical_given_names
from sanctionwatch.names.honorifics import strip_titles
from sanctionwatch.names.legal_forms import is_legal_form, strip_legal_forms
from sanctionwatch.names.normalise import clean
from sanctionwatch.names.organisation_words import english_organisation_words
from sanctionwatch.names.particles import PARTICLES, canonical_particles
from sanctionwatch.names.transliterate import to_latin

#: Most tokens kept per name, and longest token; real names have fewer than 15 tokens of < 30 letters.
MAX_TOKENS = 24
MAX_TOKEN_CHARS = 48

_APOSTROPHES = re.compile(r"['`´ʼʹʻ’‘]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
# An initialism written with dots and no spaces ("T.E.G.", "O.S.A."): one word of an organisation
# name, not initials of given names (and never a legal form: "e.g." must not read as the German "eG").
_DOTTED_INITIALISM = re.compile(r"(?<![a-z0-9])(?:[a-z]\.){2,}(?![a-z0-9])")


def _join_initialisms(latin: str) -> str:
    return _DOTTED_INITIALISM.sub(lambda m: m.group().replace(".", "") + " ", latin)


def _join_letter_runs(tokens: list[str]) -> list[str]:
    """Organisations: single letters in a row are one initialism ("T. E. G." = "TEG", "O S A")."""
    out: list[str] = []
    run = ""
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run += token
            continue
        if run:
            out.append(run)
            run = ""
        if token:
            out.append(token)
    return out


class NameRole(Enum):
    """What kind of party a name belongs to, which decides the clean-up applied."""

    PERSON = "person"
    ORGANIZATION = "organization"
    ANY = "any"  # unknown: person or organisation (FtM LegalEntity / Thing)
    OBJECT = "object"  # vessels and aircraft: names are kept as written


@dataclass(slots=True, frozen=True)
class NameForm:
    """A name after clean-up: Latin ASCII tokens, the legal form, and what happened on the way."""

    tokens: tuple[str, ...]
    legal_form: str | None
    script: str | None  # the script the name was written in (ISO 15924)
    truncated: bool  # the input was longer than MAX_NAME_CHARS / MAX_TOKENS and was cut
    only_legal_form: bool = False  # the name is nothing but a legal form (kept as its tokens)
    #: The tokens as written where a national form of a given name or an Abd compound became its
    #: canonical form (Volha -> olga, Abdallah -> abdlah), else (): typos are made in the written form.
    written: tuple[str, ...] = ()


#: Scripts that write no short vowels: their names get a second, consonantal reading.
ABJAD_SCRIPTS = frozenset({"Arab", "Hebr"})
#: Scripts whose names get a second reading (see ``to_latin``): the abjads, and Greek (classical).
TWO_READING_SCRIPTS = ABJAD_SCRIPTS | {"Grek"}


def analyse(full: str, role: NameRole, lang: str | None = None, second: bool = False) -> NameForm:
    """Clean, romanise and tokenise one name; strip titles (persons) and legal forms (organisations).

    ``second`` selects the second reading of Arabic, Hebrew and Greek names (see ``to_latin``).
    """
    text, truncated = clean(full)
    script = detect_script(text)
    person = role in (NameRole.PERSON, NameRole.ANY)
    latin = to_latin(_APOSTROPHES.sub("", text), script, lang, second, person)
    if role in (NameRole.ORGANIZATION, NameRole.ANY):
        latin = _join_initialisms(latin)
    tokens = [t[:MAX_TOKEN_CHARS] for t in _SEPARATORS.split(_APOSTROPHES.sub("", latin)) if t]
    if len(tokens) > MAX_TOKENS:
        tokens, truncated = tokens[:MAX_TOKENS], True
    legal_form = None
    only_legal_form = False
    written: tuple[str, ...] = ()
    if role is not NameRole.OBJECT and tokens:
        if role is not NameRole.ORGANIZATION:
            tokens = strip_titles(tokens, person=role is NameRole.PERSON)
        if role is NameRole.ORGANIZATION:
            tokens = _join_letter_runs(tokens)
        if role is not NameRole.PERSON:
            stripped, legal_form = strip_legal_forms(tokens)
            only_legal_form = is_legal_form(stripped)
            # A name of legal forms only keeps them all: "PRAT, OOO" (ПрАТ, ООО) is not "OOO".
            tokens = tokens if only_legal_form else stripped
        before = tokens
        tokens = canonical_particles(tokens)
        if role is not NameRole.ORGANIZATION:
            tokens = canonical_given_names(tokens)
        if role is not NameRole.PERSON:
            tokens = english_organisation_words(tokens)
        if len(before) == len(tokens) and any(
            b != t and t not in PARTICLES for b, t in zip(before, tokens, strict=True)
        ):
            written = tuple(b if t not in PARTICLES else t for b, t in zip(before, tokens, strict=True))
    return NameForm(tuple(tokens), legal_form, script, truncated, only_legal_form, written)
