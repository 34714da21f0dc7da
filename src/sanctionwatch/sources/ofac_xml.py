"""OFAC sdnList XML (sdn.xml, and the Consolidated list, which uses the same schema).

Elements are matched on local names, so the namespace (which OFAC has changed over the years)
does not matter. The file is streamed entry by entry through :mod:`sources.xml` (no DTDs, no
entities, no network). ``idList`` items go through the same ID-type table as the CSV remarks
(:mod:`ofac_entry`), and the XML ``remarks`` (what OFAC has no element for, e.g. "Linked To:")
through the same remarks reader, so the CSV and XML of one publication give the same entities
apart from ``remarks`` (the CSV's hold every fact, the XML's only the leftovers) and the address
parts the CSV cannot tell apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from sanctionwatch.errors import Location, ParseError
from sanctionwatch.model import (
    Address,
    Identifier,
    IdentifierType,
    NameKind,
    Schema,
    country_code,
    country_or_text,
)
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.ofac_entry import SCHEMAS, Facts, Vessel, find_id_type
from sanctionwatch.sources.ofac_remarks import parse_remarks
from sanctionwatch.sources.xml import iter_elements, local_name, require_root, source_line

ROOT = "sdnList"
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == name:
            return child
    return None


def _children(element: etree._Element | None, name: str) -> Iterator[etree._Element]:
    if element is None:
        return
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == name:
            yield child


def _field(element: etree._Element, name: str) -> str | None:
    return _text(_child(element, name))


def _main_path(fileset: FileSet) -> Path:
    for role in ("main", "sdn", "xml"):
        if role in fileset.paths:
            return fileset.paths[role]
    raise ParseError(f"OFAC XML for {fileset.source} has no 'main' file (roles: {sorted(fileset.paths)})")


def _us_date(text: str | None) -> str | None:
    match = _US_DATE.match(text or "")
    if match is None:
        return None
    return f"{match[3]}-{int(match[1]):02d}-{int(match[2]):02d}"


def _read_header(path: Path, parsed: ParsedList) -> None:
    """Publish_Date (MM/DD/YYYY) and Record_Count from publshInformation, which opens the file."""
    for info in iter_elements(path, "{*}publshInformation"):
        where = Location(str(path), source_line(info))
        date_text = _field(info, "Publish_Date")
        if date_text is not None:
            published = _us_date(date_text)
            if published is None:
                parsed.problem(
                    Location(where.file, where.line, None, "Publish_Date"), f"unreadable date {date_text!r}"
                )
            parsed.published = published or parsed.published
        count = _field(info, "Record_Count")
        if count is not None and count.isdigit():
            parsed.stated_count = int(count)
        elif count is not None:
            parsed.problem(Location(where.file, where.line, None, "Record_Count"), f"not a number: {count!r}")
        return


def parse(fileset: FileSet) -> ParsedList:
    """Read an sdnList XML file into entities; every bad entry becomes a located Problem."""
    path = _main_path(fileset)
    require_root(path, ROOT, "OFAC sdnList XML")
    parsed = ParsedList(source=fileset.source, format=fileset.format, published=fileset.published_hint)
    _read_header(path, parsed)
    seen: dict[str, int | None] = {}
    count = 0
    for element in iter_elements(path, "{*}sdnEntry"):
        count += 1
        _read_entry(element, path, parsed, seen)
    if parsed.stated_count is not None and parsed.stated_count != count:
        parsed.problem(
            Location(str(path), None, None, "Record_Count"),
            f"the file states {parsed.stated_count} entries but holds {count}",
        )
    return parsed


def _read_entry(element: etree._Element, path: Path, parsed: ParsedList, seen: dict[str, int | None]) -> None:
    line = source_line(element)
    uid = _field(element, "uid") or ""
    if not uid.isdigit():
        parsed.problem(
            Location(str(path), line, uid or None, "uid"), f"uid {uid!r} is not a number; entry skipped"
        )
        return
    uid = str(int(uid))
    if uid in seen:
        parsed.problem(
            Location(str(path), line, uid, "uid"), f"uid {uid} appears again (first on line {seen[uid]})"
        )
        return
    seen[uid] = line
    last = _field(element, "lastName")
    if last is None:
        parsed.problem(Location(str(path), line, uid, "lastName"), "no lastName; entry skipped")
        return
    sdn_type = (_field(element, "sdnType") or "").lower()
    schema = SCHEMAS.get(sdn_type)
    if schema is None:
        parsed.problem(
            Location(str(path), line, uid, "sdnType"),
            f"unknown sdnType {sdn_type!r}, read as an organization",
        )
        schema = Schema.ORGANIZATION
    facts = Facts(schema)
    facts.add_name(_full_name(last, _field(element, "firstName")), NameKind.PRIMARY)
    _read_lists(element, facts)
    remarks = _field(element, "remarks")
    if remarks:
        parse_remarks(remarks, facts)
    facts.report_to(FileReport(path, parsed), line, uid)
    parsed.entities.append(facts.entity(parsed.source, uid, remarks))


def _full_name(last: str, first: str | None) -> str:
    """The name as the CSV writes it: "LAST, First" for names with a first name."""
    return f"{last}, {first}" if first else last


def _read_lists(entry: etree._Element, facts: Facts) -> None:
    if title := _field(entry, "title"):
        facts.positions.append(title)
    facts.programs.extend(p for p in map(_text, _children(_child(entry, "programList"), "program")) if p)
    for item in _children(_child(entry, "idList"), "id"):
        _read_id(item, facts)
    for aka in _children(_child(entry, "akaList"), "aka"):
        _read_alias(aka, facts)
    for address in _children(_child(entry, "addressList"), "address"):
        _read_address(address, facts)
    for item in _children(_child(entry, "nationalityList"), "nationality"):
        if country := _field(item, "country"):
            facts.nationalities.append(country_or_text(country))
    for item in _children(_child(entry, "citizenshipList"), "citizenship"):
        if country := _field(item, "country"):
            facts.citizenships.append(country_or_text(country))
    for item in _children(_child(entry, "dateOfBirthList"), "dateOfBirthItem"):
        if date := _field(item, "dateOfBirth"):
            facts.add_birth_date(date, "dateOfBirth")
    for item in _children(_child(entry, "placeOfBirthList"), "placeOfBirthItem"):
        if place := _field(item, "placeOfBirth"):
            facts.birth_places.append(place)
    vessel = _child(entry, "vesselInfo")
    if vessel is not None:
        facts.add_vessel(
            Vessel(
                call_sign=_field(vessel, "callSign"),
                vessel_type=_field(vessel, "vesselType"),
                tonnage=_field(vessel, "tonnage"),
                gross_tonnage=_field(vessel, "grossRegisteredTonnage"),
                flag=_field(vessel, "vesselFlag"),
                owner=_field(vessel, "vesselOwner"),
            )
        )


def _read_id(item: etree._Element, facts: Facts) -> None:
    id_type = _field(item, "idType") or ""
    number = _field(item, "idNumber") or ""
    country = _field(item, "idCountry")
    spec = find_id_type(id_type)
    if spec is not None:
        facts.add_id(spec, id_type, number, country)
    elif number:
        # An ID type we have no mapping for yet is still an identifier, under its own label.
        label = id_type or None
        facts.identifiers.append(Identifier(IdentifierType.OTHER, number, country_code(country), label))
    else:
        facts.problems.append(("idList", f"id item {id_type!r} without idNumber"))


def _read_alias(aka: etree._Element, facts: Facts) -> None:
    last = _field(aka, "lastName")
    if last is None:
        facts.problems.append(("akaList", "a.k.a. without lastName"))
        return
    aka_type = (_field(aka, "type") or "").lower()
    if aka_type == "f.k.a.":
        kind = NameKind.PREVIOUS
    elif (_field(aka, "category") or "").lower() == "weak":
        kind = NameKind.WEAK_ALIAS
    else:
        kind = NameKind.ALIAS
    facts.add_name(_full_name(last, _field(aka, "firstName")), kind)


def _read_address(address: etree._Element, facts: Facts) -> None:
    street = ", ".join(p for p in (_field(address, f"address{i}") for i in (1, 2, 3)) if p) or None
    city = _field(address, "city")
    region = _field(address, "stateOrProvince")
    postal = _field(address, "postalCode")
    # The CSV's "City, State Postal" column, built the way OFAC builds it.
    locality = " ".join(p for p in (", ".join(p for p in (city, region) if p), postal) if p) or None
    parts = Address(street=street, city=city, region=region, postal_code=postal)
    facts.add_address(parts, locality, _field(address, "country"))
