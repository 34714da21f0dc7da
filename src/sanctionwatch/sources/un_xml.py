"""UN Security Council Consolidated List XML (``CONSOLIDATED_LIST``: ``INDIVIDUALS/INDIVIDUAL``,
``ENTITIES/ENTITY``), as published at scsanctions.un.org.

Records are streamed, one element at a time. Every name the list gives is kept: the primary name
(FIRST_NAME..FOURTH_NAME), each NAME_ORIGINAL_SCRIPT, and each alias (QUALITY "Low" -> weak alias,
"f.k.a." -> previous name). Empty alias elements, which the list carries on most records, are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from sanctionwatch.model import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
    country_code,
    country_or_text,
    detect_script,
    distinct,
    make_entity_id,
)
from sanctionwatch.model.dates import iso_prefix, parse_partial_date
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.xml import XmlRecord, iter_elements, local_name, require_root, source_line

_ROOT = "CONSOLIDATED_LIST"
_RECORDS = (("INDIVIDUAL", Schema.PERSON), ("ENTITY", Schema.ORGANIZATION))
_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ALIAS_KINDS = {"low": NameKind.WEAK_ALIAS, "f.k.a.": NameKind.PREVIOUS}
_GENDERS = {"male": "male", "female": "female"}
_DOCUMENT_TYPES = {
    "passport": IdentifierType.PASSPORT,
    "número de pasaporte": IdentifierType.PASSPORT,
    "numéro de passeport": IdentifierType.PASSPORT,
    "national identification number": IdentifierType.NATIONAL_ID,
}

Fields = dict[str, list[etree._Element]]
# xs:date with a time zone, e.g. LISTED_ON "2015-07-01-04:00".
_XS_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")


def _fields(element: etree._Element) -> Fields:
    out: Fields = {}
    for child in element:
        out.setdefault(local_name(child), []).append(child)
    return out


def _date(text: str) -> str | None:
    """ISO prefix of a date, also in the xs:date form with a time zone the list sometimes uses."""
    match = _XS_DATE.match(text)
    return iso_prefix(match[1] if match else text)


def _clean(text: str | None) -> str | None:
    """Text with runs of whitespace collapsed, or None when there is none."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def _text(fields: Fields, name: str) -> str | None:
    found = fields.get(name)
    return _clean(found[0].text) if found else None


def _values(fields: Fields, name: str) -> list[str]:
    """The VALUE texts of every ``name`` element (NATIONALITY, TITLE, DESIGNATION, ...)."""
    out: list[str] = []
    for element in fields.get(name, ()):
        for value in element:
            text = _clean(value.text)
            if text:
                out.append(text)
    return out


@dataclass(slots=True)
class _Record(XmlRecord):
    """One INDIVIDUAL or ENTITY being read, with the problems it reports into the result."""

    fields: Fields
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def parse(fileset: FileSet) -> ParsedList:
    """Read a UN consolidated.xml into entities (Person for INDIVIDUAL, Organization for ENTITY)."""
    path = fileset.path()
    require_root(path, _ROOT, "a UN consolidated list")
    result = ParsedList(source=fileset.source, format=fileset.format)
    report = FileReport(path, result)
    seen: set[str] = set()
    for tag, schema in _RECORDS:
        for element in iter_elements(path, "{*}" + tag):
            if result.published is None:
                result.published = _generated(element)
            entity = _read(report, element, fileset.source, schema)
            if entity is None:
                continue
            if entity.id in seen:
                message = "duplicate REFERENCE_NUMBER: record skipped"
                report.problem(source_line(element), entity.source_id, None, message)
                continue
            seen.add(entity.id)
            result.entities.append(entity)
    return result


def _generated(element: etree._Element) -> str | None:
    root = element
    while (parent := root.getparent()) is not None:
        root = parent
    return _clean(root.get("dateGenerated"))


def _read(report: FileReport, element: etree._Element, source: str, schema: Schema) -> Entity | None:
    fields = _fields(element)
    ref = _text(fields, "REFERENCE_NUMBER")
    if ref is None:
        record = _text(fields, "DATAID")
        message = "missing REFERENCE_NUMBER: record skipped"
        report.problem(source_line(element), record, "REFERENCE_NUMBER", message)
        return None
    rec = _Record(report, ref, fields)
    _read_names(rec, schema)
    if not rec.names:
        rec.problem(element, "FIRST_NAME", "record has no name: record skipped")
        return None
    _read_birth(rec)
    _read_addresses(rec)
    _read_documents(rec)
    return Entity(
        id=make_entity_id(source, ref),
        schema=schema,
        source=source,
        source_id=ref,
        names=distinct(rec.names),
        birth_dates=distinct(rec.birth_dates),
        birth_places=distinct(rec.birth_places),
        nationalities=distinct([country_or_text(v) for v in _values(fields, "NATIONALITY")]),
        countries=distinct(rec.countries),
        addresses=distinct(rec.addresses),
        identifiers=distinct(rec.identifiers),
        gender=_gender(rec),
        titles=distinct(_values(fields, "TITLE")),
        positions=distinct(_values(fields, "DESIGNATION")),
        programs=distinct([p for p in [_text(fields, "UN_LIST_TYPE")] if p]),
        listed_on=_listed_on(rec),
        remarks=_remarks(rec),
    )


def _read_names(rec: _Record, schema: Schema) -> None:
    parts = [p for p in (_text(rec.fields, f) for f in _NAME_FIELDS) if p]
    if parts:
        full = " ".join(parts)
        if schema is Schema.PERSON and len(parts) > 1:
            middle = " ".join(parts[1:-1]) or None
            rec.names.append(
                Name(full, script=detect_script(full), given=parts[0], middle=middle, family=parts[-1])
            )
        else:
            rec.names.append(Name(full, script=detect_script(full)))
    for element in rec.fields.get("NAME_ORIGINAL_SCRIPT", ()):
        text = _clean(element.text)
        if text:
            # The primary name as written in its own script: the same name, so also a primary name.
            rec.names.append(Name(text, script=detect_script(text)))
    for alias in rec.fields.get("INDIVIDUAL_ALIAS", []) + rec.fields.get("ENTITY_ALIAS", []):
        _read_alias(rec, _fields(alias))


def _read_alias(rec: _Record, alias: Fields) -> None:
    name = _text(alias, "ALIAS_NAME")
    if name is None:
        return  # the list carries an empty alias element on most records
    quality = (_text(alias, "QUALITY") or "").lower()
    rec.names.append(Name(name, _ALIAS_KINDS.get(quality, NameKind.ALIAS), script=detect_script(name)))
    # Some aliases carry their own date and place of birth (a second identity): keep them.
    date = _text(alias, "DATE_OF_BIRTH")
    if date:
        value = _date(date)
        rec.birth_dates.append(PartialDate(date, value=value) if value else parse_partial_date(date))
    place = ", ".join(p for p in (_text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")) if p)
    if place:
        rec.birth_places.append(place)
    note = _text(alias, "NOTE")
    if note:
        rec.remarks.append(f"Alias {name}: {note}")


def _read_birth(rec: _Record) -> None:
    for element in rec.fields.get("INDIVIDUAL_DATE_OF_BIRTH", ()):
        date = _birth_date(rec, element)
        if date is not None:
            rec.birth_dates.append(date)
    for element in rec.fields.get("INDIVIDUAL_PLACE_OF_BIRTH", ()):
        place = _fields(element)
        parts = [_text(place, f) for f in ("CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")]
        text = ", ".join(p for p in parts if p)
        if text:
            rec.birth_places.append(text)


def _birth_date(rec: _Record, element: etree._Element) -> PartialDate | None:
    dob = _fields(element)
    kind = (_text(dob, "TYPE_OF_DATE") or "EXACT").upper()
    note = _text(dob, "NOTE")
    if kind == "BETWEEN":
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        first, last = iso_prefix(start or ""), iso_prefix(end or "")
        if first is None or last is None:
            rec.problem(
                element, "INDIVIDUAL_DATE_OF_BIRTH", f"BETWEEN date without valid years: {start}..{end}"
            )
            return None
        return PartialDate(_with_note(f"between {start} and {end}", note), value=first, until=last)
    if kind not in ("EXACT", "APPROXIMATELY"):
        rec.problem(element, "TYPE_OF_DATE", f"unknown TYPE_OF_DATE {kind!r}")
    given = _text(dob, "DATE") or _text(dob, "YEAR")
    if given is None:
        if note:
            return parse_partial_date(note)  # a date given only in words ("Nov. 1973", "30-35 years old")
        return None  # an empty date element, which the list carries on many records
    value = _date(given)
    if value is None:
        rec.problem(element, "INDIVIDUAL_DATE_OF_BIRTH", f"not a date: {given!r}")
    circa = kind == "APPROXIMATELY"
    text = f"approximately {given}" if circa else given
    return PartialDate(_with_note(text, note), value=value, circa=circa)


def _with_note(text: str, note: str | None) -> str:
    return f"{text} ({note})" if note else text


def _read_addresses(rec: _Record) -> None:
    for element in rec.fields.get("INDIVIDUAL_ADDRESS", []) + rec.fields.get("ENTITY_ADDRESS", []):
        parts = _fields(element)
        street, city = _text(parts, "STREET"), _text(parts, "CITY")
        region, postal = _text(parts, "STATE_PROVINCE"), _text(parts, "ZIP_CODE")
        country_text, note = _text(parts, "COUNTRY"), _text(parts, "NOTE")
        full = ", ".join(p for p in (street, city, region, postal, country_text) if p)
        if not full:
            if note:
                rec.remarks.append(f"Address: {note}")
            continue
        code = country_code(country_text)
        rec.addresses.append(Address(full, street, city, region, postal, code))
        if code:
            rec.countries.append(code)
        if note:
            rec.remarks.append(f"Address {full}: {note}")


def _read_documents(rec: _Record) -> None:
    for element in rec.fields.get("INDIVIDUAL_DOCUMENT", ()):
        doc = _fields(element)
        if not doc:
            continue
        kind, kind2 = _text(doc, "TYPE_OF_DOCUMENT"), _text(doc, "TYPE_OF_DOCUMENT2")
        number = _text(doc, "NUMBER")
        issuer = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        label = " / ".join(dict.fromkeys(k for k in (kind, kind2) if k)) or "Document"
        code = country_code(issuer)
        details = [f"issued {d}" for d in (_text(doc, "DATE_OF_ISSUE"), _text(doc, "CITY_OF_ISSUE")) if d]
        if issuer and code is None:
            details.append(f"issuing country {issuer}")
        note = _text(doc, "NOTE")
        if note:
            details.append(note)
        if number:
            id_type = _DOCUMENT_TYPES.get((kind or "").lower(), IdentifierType.OTHER)
            rec.identifiers.append(Identifier(id_type, number, country=code, label=label))
        if details or not number:
            rec.remarks.append(
                f"{label} {number or ''}".strip() + (f": {'; '.join(details)}" if details else "")
            )


def _gender(rec: _Record) -> str | None:
    text = _text(rec.fields, "GENDER")
    if text is None:
        return None
    gender = _GENDERS.get(text.lower())
    if gender is None:
        rec.problem(rec.fields["GENDER"][0], "GENDER", f"unknown gender {text!r}")
    return gender


def _listed_on(rec: _Record) -> str | None:
    text = _text(rec.fields, "LISTED_ON")
    if text is None:
        return None
    value = _date(text)
    if value is None:
        rec.problem(rec.fields["LISTED_ON"][0], "LISTED_ON", f"not a date: {text!r}")
    return value


def _remarks(rec: _Record) -> str | None:
    comments = rec.fields.get("COMMENTS1")
    main = comments[0].text.strip() if comments and comments[0].text else ""
    lines = [main, *dict.fromkeys(rec.remarks)] if main else list(dict.fromkeys(rec.remarks))
    return "\n".join(lines) or None
