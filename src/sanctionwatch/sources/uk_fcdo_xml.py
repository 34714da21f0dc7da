"""FCDO UK Sanctions List XML (``Designations/Designation``), as published at sanctionslist.fcdo.gov.uk.

One ``Designation`` is one entity, keyed by its ``UniqueID`` (e.g. ``RUS0001``). Details sit in
nested containers (IndividualDetails, EntityDetails, ShipDetails, Addresses, ...); each known
element is read wherever it appears, so a new wrapper level in a later schema loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
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
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.uk_conlist import (
    document_country,
    document_type,
    imo_number,
    language_code,
    merge_names,
    person_name,
    uk_date,
)
from sanctionwatch.sources.xml import XmlRecord, iter_elements, local_name, require_root, source_line

_ROOT = "Designations"
_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_NAME_KINDS = {
    "primary name": NameKind.PRIMARY,
    "primary name variation": NameKind.ALIAS,
    "alias": NameKind.ALIAS,
    "previous name": NameKind.PREVIOUS,
}
_GENDERS = {"male": "male", "female": "female"}
_NAME_PARTS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
_ADDRESS_LINES = (
    "AddressLine1",
    "AddressLine2",
    "AddressLine3",
    "AddressLine4",
    "AddressLine5",
    "AddressLine6",
)
# Leaf elements kept as labelled remark lines.
_REMARK_LABELS = {
    "UNReferenceNumber": "UN reference number",
    "OFSIGroupID": "OFSI Group ID",
    "DesignationSource": "Designation source",
    "SanctionsImposed": "Sanctions imposed",
    "TypeOfEntity": "Type of entity",
    "ParentCompany": "Parent company",
    "Subsidiary": "Subsidiary",
    "CurrentOwnerOperator": "Current owner/operator",
    "LengthOfShip": "Length of ship",
}
_CONTACTS = {
    "PhoneNumber": IdentifierType.PHONE,
    "EmailAddress": IdentifierType.EMAIL,
    "Website": IdentifierType.WEBSITE,
    "BusinessRegistrationNumber": IdentifierType.REGISTRATION,
}
Fields = dict[str, str]


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def _fields(element: etree._Element) -> Fields:
    """Child texts by local name (first occurrence), empty ones left out."""
    out: Fields = {}
    for child in element:
        text = _clean(child.text)
        if text:
            out.setdefault(local_name(child), text)
    return out


@dataclass(slots=True)
class _Record(XmlRecord):
    schema_text: str = ""
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    comments: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)


def parse(fileset: FileSet) -> ParsedList:
    """Read the FCDO UK Sanctions List XML into one entity per Designation."""
    path = fileset.path()
    require_root(path, _ROOT, "a UK Sanctions List XML")
    result = ParsedList(source=fileset.source, format=fileset.format)
    report = FileReport(path, result)
    seen: set[str] = set()
    for element in iter_elements(path, "{*}Designation"):
        if result.published is None:
            result.published = _generated(element)
        entity = _read(report, element, fileset.source)
        if entity is None:
            continue
        if entity.id in seen:
            message = "duplicate UniqueID: record skipped"
            report.problem(source_line(element), entity.source_id, "UniqueID", message)
            continue
        seen.add(entity.id)
        result.entities.append(entity)
    return result


def _generated(element: etree._Element) -> str | None:
    """DateGenerated, a sibling before the first Designation (still there when it is read)."""
    parent = element.getparent()
    for child in parent if parent is not None else ():
        if local_name(child) == "DateGenerated" and child.text:
            return uk_date(child.text).value
    return None


def _read(report: FileReport, element: etree._Element, source: str) -> Entity | None:
    top = _fields(element)
    ref = top.get("UniqueID")
    if ref is None:
        message = "Designation without UniqueID: record skipped"
        report.problem(source_line(element), top.get("OFSIGroupID"), "UniqueID", message)
        return None
    rec = _Record(report, ref, schema_text=top.get("IndividualEntityShip", ""))
    for node in element.iter():
        tag = local_name(node)
        group_reader = _GROUP_READERS.get(tag)
        if group_reader is not None:
            group_reader(rec, node)
            continue
        text = _clean(node.text)
        leaf_reader = _LEAF_READERS.get(tag)
        if text and leaf_reader is not None:
            leaf_reader(rec, node, text)
    if not rec.names:
        rec.problem(element, "Names", "Designation without any name: record skipped")
        return None
    return Entity(
        id=make_entity_id(source, ref),
        schema=_schema(rec, element),
        source=source,
        source_id=ref,
        names=merge_names(rec.names),
        birth_dates=distinct(rec.birth_dates),
        birth_places=distinct(rec.birth_places),
        nationalities=distinct(rec.nationalities),
        countries=distinct(rec.countries),
        addresses=distinct(rec.addresses),
        identifiers=distinct(rec.identifiers),
        gender=rec.genders[0] if rec.genders else None,
        titles=distinct(rec.titles),
        positions=distinct(rec.positions),
        programs=distinct(rec.programs),
        listed_on=rec.listed_on,
        remarks="\n".join(dict.fromkeys(rec.comments + rec.remarks)) or None,
        properties=distinct(rec.properties),
    )


def _schema(rec: _Record, element: etree._Element) -> Schema:
    schema = _SCHEMAS.get(rec.schema_text.lower())
    if schema is None:
        message = f"unknown IndividualEntityShip {rec.schema_text!r}: read as LegalEntity"
        rec.problem(element, "IndividualEntityShip", message)
        return Schema.LEGAL_ENTITY
    return schema


def _read_name(rec: _Record, element: etree._Element) -> None:
    fields = _fields(element)
    parts: list[str | None] = [fields.get(p) for p in _NAME_PARTS]
    if not any(parts):
        rec.problem(element, "Name", "name without any name part: name skipped")
        return
    kind = _NAME_KINDS.get(fields.get("NameType", "").lower(), NameKind.ALIAS)
    if kind is NameKind.ALIAS and fields.get("AliasStrength", "").lower().startswith("low"):
        kind = NameKind.WEAK_ALIAS
    if rec.schema_text.lower() == "individual":
        rec.names.append(person_name(parts, kind, None))
    else:
        full = " ".join(p for p in parts if p)
        rec.names.append(Name(full, kind, script=detect_script(full)))


def _read_non_latin(rec: _Record, element: etree._Element) -> None:
    fields = _fields(element)
    text = fields.get("NameNonLatinScript")
    if text:
        lang = language_code(fields.get("NonLatinScriptLanguage"))
        rec.names.append(Name(text, NameKind.ALIAS, lang=lang, script=detect_script(text)))


def _read_address(rec: _Record, element: etree._Element) -> None:
    fields = _fields(element)
    postal, country = fields.get("AddressPostalCode"), fields.get("AddressCountry")
    lines = [fields.get(a) for a in _ADDRESS_LINES]
    full = ", ".join(p for p in [*lines, postal, country] if p)
    if full:
        code = country_code(country)
        rec.addresses.append(Address(full, postal_code=postal, country=code))
        if code:
            rec.countries.append(code)


def _read_document(id_type: IdentifierType, number_tag: str, info_tag: str) -> _GroupReader:
    def read(rec: _Record, element: etree._Element) -> None:
        fields = _fields(element)
        number, info = fields.get(number_tag), fields.get(info_tag)
        if number:
            kind = document_type(id_type, number, info)
            rec.identifiers.append(Identifier(kind, number, document_country(info), info))
        elif info:
            rec.remarks.append(f"{info_tag}: {info}")

    return read


def _read_birth_place(rec: _Record, element: etree._Element) -> None:
    fields = _fields(element)
    place = ", ".join(p for p in (fields.get("TownOfBirth"), fields.get("CountryOfBirth")) if p)
    if place:
        rec.birth_places.append(place)


_GroupReader = Callable[[_Record, etree._Element], None]
_GROUP_READERS: dict[str, _GroupReader] = {
    "Name": _read_name,
    "NonLatinName": _read_non_latin,
    "Address": _read_address,
    "Passport": _read_document(IdentifierType.PASSPORT, "PassportNumber", "PassportAdditionalInformation"),
    "NationalIdentifier": _read_document(
        IdentifierType.NATIONAL_ID, "NationalIdentifierNumber", "NationalIdentifierAdditionalInformation"
    ),
    "Location": _read_birth_place,
}


def _leaf_dob(rec: _Record, element: etree._Element, text: str) -> None:
    date = uk_date(text)
    if date.value is None:
        rec.problem(element, "DOB", f"not a date: {text!r}")
    rec.birth_dates.append(date)


def _leaf_designated(rec: _Record, element: etree._Element, text: str) -> None:
    rec.listed_on = uk_date(text).value
    if rec.listed_on is None:
        rec.problem(element, "DateDesignated", f"not a date: {text!r}")


def _leaf_gender(rec: _Record, element: etree._Element, text: str) -> None:
    gender = _GENDERS.get(text.lower())
    if gender is None:
        rec.problem(element, "Gender", f"unknown gender {text!r}")
    else:
        rec.genders.append(gender)


def _leaf_flag(name: str) -> _LeafReader:
    def read(rec: _Record, element: etree._Element, text: str) -> None:
        rec.properties.append((name, country_or_text(text)))
        if code := country_code(text):
            rec.countries.append(code)

    return read


def _leaf_property(name: str) -> _LeafReader:
    def read(rec: _Record, element: etree._Element, text: str) -> None:
        rec.properties.append((name, text))

    return read


def _leaf_contact(rec: _Record, element: etree._Element, text: str) -> None:
    tag = local_name(element)
    rec.identifiers.append(Identifier(_CONTACTS[tag], text, label=tag))


def _leaf_remark(rec: _Record, element: etree._Element, text: str) -> None:
    rec.remarks.append(f"{_REMARK_LABELS[local_name(element)]}: {text}")


def _leaf_comment(rec: _Record, element: etree._Element, text: str) -> None:
    if element.text:
        rec.comments.append(element.text.strip())


_LeafReader = Callable[[_Record, etree._Element, str], None]
_LEAF_READERS: dict[str, _LeafReader] = {
    "DateDesignated": _leaf_designated,
    "RegimeName": lambda rec, _el, text: rec.programs.append(text),
    "Title": lambda rec, _el, text: rec.titles.append(text),
    "Position": lambda rec, _el, text: rec.positions.append(text),
    "Nationality": lambda rec, _el, text: rec.nationalities.append(country_or_text(text)),
    "DOB": _leaf_dob,
    "Gender": _leaf_gender,
    "IMONumber": lambda rec, _el, text: rec.identifiers.append(
        Identifier(IdentifierType.IMO, imo_number(text), label="IMONumber")
    ),
    "CurrentBelievedFlagOfShip": _leaf_flag("flag"),
    "PreviousFlag": _leaf_flag("pastFlags"),
    "TypeOfShip": _leaf_property("type"),
    "TonnageOfShip": _leaf_property("tonnage"),
    "YearBuilt": _leaf_property("buildDate"),
    "OtherInformation": _leaf_comment,
    "UKStatementofReasons": _leaf_comment,
    **dict.fromkeys(_CONTACTS, _leaf_contact),
    **dict.fromkeys(_REMARK_LABELS, _leaf_remark),
}
