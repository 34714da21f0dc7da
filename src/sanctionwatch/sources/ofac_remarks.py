"""The structured facts inside OFAC remarks ("DOB 12 Jan 1962; POB Moscow, Russia; Tax ID No. ...").

OFAC's legacy CSV writes nearly everything it knows about an entry as ``;``-separated clauses in
the remarks column; the XML keeps the clauses it has no element for ("(Linked To: HAMAS)") in its
``remarks``. Each clause is ``[alt. ]<label> <value>[ (<country>)][ issued <date>][ expires <date>]``.
Labels found in :data:`ofac_entry.ID_TYPES` go through the same mapping as the XML ``idList``;
DOB, POB, nationality, citizen, a.k.a./f.k.a./n.k.a. and "Linked To:" are handled here. Clauses
that are none of these (free text) stay only in the entity's ``remarks``, which keep the whole text.
"""

from __future__ import annotations

import re

from sanctionwatch.model import NameKind, country_or_text
from sanctionwatch.sources.ofac_entry import Facts, Use, find_id_type, split_id_value

_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s*(.*)$", re.IGNORECASE)
_CURRENCY = re.compile(r"^([A-Z]{2,5})(\S+)$")
# Quoted a.k.a.s in remarks are the names OFAC calls weak (low-quality) aliases.
_ALIAS_KINDS = {"a": NameKind.WEAK_ALIAS, "n": NameKind.WEAK_ALIAS, "f": NameKind.PREVIOUS}


def clauses(text: str) -> list[str]:
    """The ``;``-separated clauses, without ``alt.``, wrapping parentheses or the final full stop."""
    parts = [p.strip() for p in text.split(";")]
    out: list[str] = []
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and part.endswith("."):
            part = part[:-1].rstrip()  # the full stop closing the remarks, not part of the value
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1].strip()
        part = _ALT.sub("", part)
        if part:
            out.append(part)
    return out


def parse_remarks(text: str, facts: Facts) -> None:
    """Add the facts stated in OFAC remarks ``text`` to ``facts`` (problems go to ``facts.problems``)."""
    for clause in clauses(text):
        _clause(clause, facts)


def _clause(clause: str, facts: Facts) -> None:
    spec = find_id_type(clause)
    if spec is not None:
        if spec.family and spec.prop is None:
            # "Digital Currency Address - XBT 1A2b...": the word after the family label is its kind
            kind, rest = _currency(clause[len(spec.label) :])
            label = spec.label + kind
        else:
            label, rest = clause[: len(spec.label)], clause[len(spec.label) :]
        if spec.prop == "notes":
            label, rest = clause, ""
        rest = rest.lstrip(" :")
        value, country = split_id_value(rest) if spec.use is Use.IDENTIFIER else (rest, None)
        facts.add_id(spec, label, value, country)
        return
    keyword, _, rest = clause.partition(" ")
    _keyword_clause(keyword, rest.strip(), clause, facts)


def _currency(text: str) -> tuple[str, str]:
    """ "XBT 1A2b..." -> ("XBT", "1A2b..."); also OFAC's occasional "XBT1A2b..." without the space."""
    kind, space, rest = text.partition(" ")
    if not space and (match := _CURRENCY.match(text)):
        return match[1], match[2]
    return kind, rest


def _keyword_clause(keyword: str, rest: str, clause: str, facts: Facts) -> None:
    word = keyword.lower()
    if word == "dob" and rest:
        facts.add_birth_date(rest, "Remarks (DOB)")
    elif word == "pob" and rest:
        facts.birth_places.append(rest)
    elif word == "nationality" and rest:
        facts.nationalities.append(country_or_text(rest))
    elif word == "citizen" and rest:
        facts.citizenships.append(country_or_text(rest))
    elif word == "linked" and rest.lower().startswith("to:"):
        # "LTD." and the full stop closing the remarks cannot be told apart: drop both.
        facts.properties.append(("linkedTo", rest[3:].strip().rstrip(".")))
    elif alias := _ALIAS.match(clause):
        name = alias[2].strip()
        if name.startswith("'"):
            # A remark cut at 1000 characters can end inside the quotes.
            name = name[1:-1] if name.endswith("'") and len(name) > 1 else name[1:]
        facts.add_name(name, _ALIAS_KINDS[alias[1].lower()])
