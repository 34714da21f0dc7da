"""EU Financial Sanctions File, XML "export" v1.1 (namespace http://eu.europa.ec/fpi/fsd/export).

Each ``sanctionEntity`` becomes one entity; its ``logicalId`` is the source id. The FSF marks no
name as the primary one, so the primary name is picked by a fixed rule (see :func:`_primary_rank`)
and every other ``nameAlias`` is kept as an alias (``strong="false"`` -> weak alias), with its
language and script.
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
    detect_script,
    distinct,
    make_entity_id,
)
from sanctionwatch.model.dates import iso_prefix
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.xml import XmlRecord, iter_elements, local_name, require_root, source_line

_ROOT = "export"
_SUBJECT_TYPES = {"person": Schema.PERSON, "enterprise": Schema.ORGANIZATION}
_GENDERS = {"M": "male", "F": "female"}
_ID_TYPES = {
    "passport": IdentifierType.PASSPORT,
    "id": IdentifierType.NATIONAL_ID,
    "ssn": IdentifierType.NATIONAL_ID,
    "tin": IdentifierType.TAX,
    "fiscalcode": IdentifierType.TAX,
    "regnumber": IdentifierType.REGISTRATION,
    "swiftbic": IdentifierType.SWIFT_BIC,
    "imo": IdentifierType.IMO,
}
_CONTACT_TYPES = {
    "WEB": IdentifierType.WEBSITE,
    "PHONE": IdentifierType.PHONE,
    "FAX": IdentifierType.PHONE,
    "EMAIL": IdentifierType.EMAIL,
}
_UNKNOWN_COUNTRY = {"", "00", "UNKNOWN"}
# Russian-style patronymics ("Valerievich", "Ivanovna"): the FSF puts them in middleName.
_PATRONYMIC = re.compile(
    r"^\S+(?:ovich|evich|ich|ovna|evna|ichna|ович|евич|ич|овна|евна|ична)$", re.IGNORECASE
)


def _attr(element: etree._Element, name: str) -> str | None:
    """An attribute with whitespace collapsed; None when absent, empty or "-"."""
    value = element.get(name)
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned if cleaned and cleaned != "-" else None


def _country(element: etree._Element) -> tuple[str | None, str | None]:
    """(ISO code, country name as written) of an element's countryIso2Code/countryDescription."""
    code = (_attr(element, "countryIso2Code") or "").upper()
    text = _attr(element, "countryDescription")
    if text and text.upper() in _UNKNOWN_COUNTRY:
        text = None
    iso = None if code in _UNKNOWN_COUNTRY else country_code(code)
    return iso, text


def _remark_texts(element: etree._Element) -> list[str]:
    return [r.text.strip() for r in element if local_name(r) == "remark" and r.text and r.text.strip()]


@dataclass(slots=True)
class _Alias:
    name: Name
    strong: bool
    rank: tuple[int, int, int, int]


@dataclass(slots=True)
class _Record(XmlRecord):
    aliases: list[_Alias] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # the entity's own remarks
    remarks: list[str] = field(default_factory=list)  # remarks on its names, addresses, documents


def parse(fileset: FileSet) -> ParsedList:
    """Read an EU FSF export XML (v1.1) into entities (Person for person, Organization for enterprise)."""
    path = fileset.path()
    require_root(path, _ROOT, "an EU Financial Sanctions File")
    result = ParsedList(source=fileset.source, format=fileset.format)
    report = FileReport(path, result)
    seen: set[str] = set()
    for element in iter_elements(path, "{*}sanctionEntity"):
        if result.published is None and (root := element.getparent()) is not None:
            result.published = _attr(root, "generationDate")
        entity = _read(report, element, fileset.source)
        if entity is None:
            continue
        if entity.id in seen:
            message = "duplicate logicalId: record skipped"
            report.problem(source_line(element), entity.source_id, "logicalId", message)
            continue
        seen.add(entity.id)
        result.entities.append(entity)
    return result


def _read(report: FileReport, element: etree._Element, source: str) -> Entity | None:
    ref = _attr(element, "logicalId")
    if ref is None:
        message = "sanctionEntity without logicalId: record skipped"
        report.problem(source_line(element), _attr(element, "euReferenceNumber"), "logicalId", message)
        return None
    rec = _Record(report, ref)
    schema = Schema.LEGAL_ENTITY
    for child in element:
        tag = local_name(child)
        if tag == "subjectType":
            schema = _schema(rec, child)
        else:
            _READERS.get(tag, _ignore)(rec, child)
    if not rec.aliases:
        rec.problem(element, "nameAlias", "sanctionEntity without any name: record skipped")
        return None
    return Entity(
        id=make_entity_id(source, ref),
        schema=schema,
        source=source,
        source_id=ref,
        names=_names(rec.aliases),
        birth_dates=distinct(rec.birth_dates),
        birth_places=distinct(rec.birth_places),
        citizenships=distinct(rec.citizenships),
        countries=distinct(rec.countries),
        addresses=distinct(rec.addresses),
        identifiers=distinct(rec.identifiers),
        gender=rec.genders[0] if rec.genders else None,
        titles=distinct(rec.titles),
        positions=distinct(rec.positions),
        programs=distinct(rec.programs),
        listed_on=_listed_on(rec, element),
        remarks=_remarks(rec, element),
    )


def _schema(rec: _Record, element: etree._Element) -> Schema:
    code = _attr(element, "code") or ""
    schema = _SUBJECT_TYPES.get(code)
    if schema is None:
        rec.problem(element, "subjectType", f"unknown subject type {code!r}: read as LegalEntity")
        return Schema.LEGAL_ENTITY
    return schema


def _ignore(rec: _Record, element: etree._Element) -> None:
    """Elements that add nothing to the entity (regulationSummary, publicationUrl, ...)."""


def _read_name(rec: _Record, element: etree._Element) -> None:
    first, middle, last = (_attr(element, a) for a in ("firstName", "middleName", "lastName"))
    whole = _attr(element, "wholeName") or " ".join(p for p in (first, middle, last) if p)
    if not whole:
        rec.problem(element, "nameAlias", "name alias without any name: alias skipped")
        return
    lang = _attr(element, "nameLanguage")
    title = _attr(element, "title")
    patronymic = middle if middle and _PATRONYMIC.match(middle) else None
    script = detect_script(whole)
    name = Name(
        whole,
        NameKind.ALIAS,
        lang=lang.lower() if lang else None,
        script=script,
        given=first,
        middle=None if patronymic else middle,
        family=last,
        patronymic=patronymic,
        title=title,
    )
    remarks = _remark_texts(element)
    # strong="false" marks a weak alias; so does a remark calling it a "low quality alias".
    strong = (_attr(element, "strong") or "true").lower() != "false" and not any(
        "low quality" in r.lower() for r in remarks
    )
    function = _attr(element, "function")
    rank = (
        int(strong),
        int(bool(function or title)),
        int(bool(first or last)),
        int(script in (None, "Latn") and (lang or "EN").upper() == "EN"),
    )
    rec.aliases.append(_Alias(name, strong, rank))
    if title:
        rec.titles.append(title)
    if function:
        rec.positions.append(function)
    gender = _GENDERS.get((_attr(element, "gender") or "").upper())
    if gender:
        rec.genders.append(gender)
    rec.remarks.extend(f"Name {whole}: {r}" for r in remarks)


def _names(aliases: list[_Alias]) -> tuple[Name, ...]:
    """The best-ranked alias becomes the primary name; the others keep the list's order.

    The rank prefers, in this order: strong names, the alias that carries the function or title
    (the FSF attaches those to the main name), names given in parts, and Latin-script English names.
    """
    best = max(range(len(aliases)), key=lambda i: (aliases[i].rank, -i))
    names: list[Name] = []
    for i, alias in enumerate(aliases):
        kind = NameKind.ALIAS if alias.strong else NameKind.WEAK_ALIAS
        kind = NameKind.PRIMARY if i == best else kind
        n = alias.name
        names.append(Name(n.full, kind, n.lang, n.script, n.given, n.middle, n.family, n.patronymic, n.title))
    return distinct([names[best]] + [n for i, n in enumerate(names) if i != best])


def _read_regulation(rec: _Record, element: etree._Element) -> None:
    programme = _attr(element, "programme")
    if programme:
        rec.programs.append(programme)
    published = _attr(element, "publicationDate")
    if published:
        value = iso_prefix(published)
        if value is None:
            rec.problem(element, "regulation/publicationDate", f"not a date: {published!r}")
        else:
            rec.published.append(value)


def _read_citizenship(rec: _Record, element: etree._Element) -> None:
    code, text = _country(element)
    if code or text:
        rec.citizenships.append(code or text or "")


def _read_birthdate(rec: _Record, element: etree._Element) -> None:
    date = _birth_date(rec, element)
    if date is not None:
        rec.birth_dates.append(date)
    _code, country = _country(element)
    parts = [_attr(element, a) for a in ("place", "city", "zipCode", "region")] + [country]
    place = ", ".join(p for p in parts if p)
    if place:
        rec.birth_places.append(place)


def _birth_date(rec: _Record, element: etree._Element) -> PartialDate | None:
    circa = (_attr(element, "circa") or "").lower() == "true"
    notes = "; ".join(_remark_texts(element))
    start, end = _attr(element, "yearRangeFrom"), _attr(element, "yearRangeTo")
    if start or end:
        first, last = iso_prefix(start or ""), iso_prefix(end or "")
        text = _with_note(f"{start or '?'} to {end or '?'}", notes)
        if first is None and last is None:
            rec.problem(element, "birthdate", f"year range without valid years: {start}..{end}")
        return PartialDate(text, value=first, until=last, circa=circa)
    given = _attr(element, "birthdate")
    if given is None and (_attr(element, "calendarType") or "GREGORIAN").upper() == "GREGORIAN":
        parts = [_attr(element, a) for a in ("year", "monthOfYear", "dayOfMonth")]
        given = "-".join(p.zfill(2) for p in parts if p) or None
    if given is None:
        return PartialDate(notes, circa=circa) if notes else None
    value = iso_prefix(given)
    if value is None:
        rec.problem(element, "birthdate", f"not a date: {given!r}")
    return PartialDate(_with_note(given, notes), value=value, circa=circa)


def _with_note(text: str, note: str) -> str:
    return f"{text} ({note})" if note else text


def _read_address(rec: _Record, element: etree._Element) -> None:
    street, city = _attr(element, "street"), _attr(element, "city")
    region, postal = _attr(element, "region"), _attr(element, "zipCode")
    po_box, place = _attr(element, "poBox"), _attr(element, "place")
    code, country = _country(element)
    po = f"P.O. Box {po_box}" if po_box else None
    full = ", ".join(p for p in (street, po, city, postal, region, place, country) if p)
    if full:
        rec.addresses.append(Address(full, street, city, region, postal, code))
    if code:
        rec.countries.append(code)
    label = full or "Address"
    rec.remarks.extend(f"{label}: {r}" for r in _remark_texts(element))
    for contact in element:
        if local_name(contact) == "contactInfo":
            _read_contact(rec, contact)


def _read_contact(rec: _Record, element: etree._Element) -> None:
    key, value = (_attr(element, "key") or "").upper(), _attr(element, "value")
    if not value:
        return
    id_type = _CONTACT_TYPES.get(key)
    if id_type is None:
        rec.remarks.append(f"{key or 'Contact'}: {value}")
        return
    values = [v.strip() for v in value.split(";")] if id_type is IdentifierType.PHONE else [value]
    rec.identifiers.extend(Identifier(id_type, v, label=key) for v in values if v)


def _read_identification(rec: _Record, element: etree._Element) -> None:
    number = _attr(element, "number") or _attr(element, "latinNumber")
    type_code = (_attr(element, "identificationTypeCode") or "").lower()
    label = _attr(element, "identificationTypeDescription") or type_code or "identification"
    if number is None:
        rec.problem(element, "identification/number", f"{label} without a number: identifier skipped")
        return
    code, _text = _country(element)
    rec.identifiers.append(Identifier(_ID_TYPES.get(type_code, IdentifierType.OTHER), number, code, label))
    flags = ("knownExpired", "knownFalse", "reportedLost", "revokedByIssuer", "diplomatic")
    notes = [f for f in flags if (_attr(element, f) or "").lower() == "true"]
    notes += [f"{a} {v}" for a in ("issueDate", "validTo", "issuedBy", "region") if (v := _attr(element, a))]
    notes += _remark_texts(element)
    if notes:
        rec.remarks.append(f"{label} {number}: {'; '.join(notes)}")


def _read_remark(rec: _Record, element: etree._Element) -> None:
    if element.text and element.text.strip():
        rec.comments.append(element.text.strip())


_READERS = {
    "nameAlias": _read_name,
    "regulation": _read_regulation,
    "citizenship": _read_citizenship,
    "birthdate": _read_birthdate,
    "address": _read_address,
    "identification": _read_identification,
    "remark": _read_remark,
}


def _listed_on(rec: _Record, element: etree._Element) -> str | None:
    """The designation date; failing that, the earliest publication of a regulation listing it."""
    designated = _attr(element, "designationDate")
    if designated:
        value = iso_prefix(designated)
        if value is not None:
            return value
        rec.problem(element, "designationDate", f"not a date: {designated!r}")
    return min(rec.published) if rec.published else None


def _remarks(rec: _Record, element: etree._Element) -> str | None:
    refs = [
        f"{label}: {value}"
        for label, attr in (
            ("EU reference number", "euReferenceNumber"),
            ("UN reference number", "unitedNationId"),
            ("Designation details", "designationDetails"),
        )
        if (value := _attr(element, attr))
    ]
    lines = list(dict.fromkeys(rec.comments + rec.remarks)) + refs
    return "\n".join(lines) or None
