"""One OFAC entry as both OFAC formats describe it.

The legacy CSV writes most facts into the free-text remarks ("Tax ID No. 7718668887 (Russia)");
the sdnList XML gives the same facts as ``idList`` items (idType "Tax ID No.", idNumber, idCountry).
Both parsers therefore share the ID-type table below (:data:`ID_TYPES`, the one place an OFAC
ID type is mapped to the model) and the :class:`Facts` accumulator that turns what they read
into an :class:`Entity`, so the two formats of one publication give the same entities.

Properties that have no field of their own in the model are kept as (FtM-style) pairs:
``incorporationDate``, ``sector`` (Organization Type), ``targetType``, ``flag``, ``pastFlags``,
``type`` (vessel type), ``tonnage``, ``grossRegisteredTonnage``, ``ownerName`` (vessel owner),
``buildDate``, ``model``, ``operator`` (aircraft), ``ticker``, ``issuer``, ``linkedTo``,
``secondarySanctionsRisk``, ``sanctionsInformation``, ``transactionsProhibited`` and ``notes``
(directive, listing and effective dates, written as OFAC writes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

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
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.sources.base import FileReport

T = IdentifierType


class Use(StrEnum):
    """What an OFAC ID type is, in the model."""

    IDENTIFIER = "identifier"
    GENDER = "gender"
    COUNTRY = "country"  # a linked country (Nationality of Registration)
    PROPERTY = "property"  # a plain (property, value) pair
    DATE = "date"  # a property whose value is a date
    FLAG = "flag"  # a property whose value is a country
    NOTE = "note"  # kept whole ("Listing Date (EO 14024 Directive 2): 24 Feb 2022") as a note


@dataclass(slots=True, frozen=True)
class IdSpec:
    """One OFAC ID type (the XML ``idType``, the leading words of a remarks clause)."""

    label: str
    use: Use
    id_type: IdentifierType | None = None
    prop: str | None = None
    family: bool = False  # the label is the common start of many types ("Digital Currency Address - ")


def _ids(id_type: IdentifierType, *labels: str) -> list[IdSpec]:
    return [IdSpec(label, Use.IDENTIFIER, id_type=id_type) for label in labels]


def _props(use: Use, prop: str, *labels: str) -> list[IdSpec]:
    return [IdSpec(label, use, prop=prop) for label in labels]


# The ID types found in the SDN and Consolidated lists (XML idType values, CSV remarks labels).
ID_TYPES: tuple[IdSpec, ...] = (
    *_ids(T.PASSPORT, "Passport", "Diplomatic Passport", "Passport No."),
    *_ids(
        T.NATIONAL_ID,
        "National ID No.",
        "Cedula No.",
        "D.N.I.",
        "Identification Number",
        "National Foreign ID Number",
        "Birth Certificate Number",
        "C.U.R.P.",
        "Personal ID Card",
        "Residency Number",
        "Kenyan ID No.",
        "Numero de Identidad",
        "Citizen's Card Number",
        "Stateless Person ID Card",
        "SSN",
        "Electoral Registry No.",
        "Refugee ID Card",
        "Turkish Identification Number",
        "NIE",
        "Immigration No.",
        "Public Security and Immigration No.",
        "Travel Document Number",
        "Afghan Money Service Provider License Number",
    ),
    *_ids(
        T.TAX,
        "Tax ID No.",
        "NIT #",
        "RUC #",
        "R.F.C.",
        "RFC",
        "CUIT",
        "CUIT #",
        "V.A.T. Number",
        "RIF #",
        "N.I.F.",
        "NIF #",
        "C.I.F.",
        "Fiscal Code",
        "Italian Fiscal Code",
        "Romanian Tax Registration",
        "UAE Identification",
    ),
    *_ids(
        T.REGISTRATION,
        "Registration Number",
        "Registration ID",
        "Business Registration Number",
        "Business Registration Document #",
        "Commercial Registry Number",
        "Company Number",
        "C.R. No.",
        "Folio Mercantil No.",
        "Matricula Mercantil No",
        "Public Registration Number",
        "Unified Social Credit Code (USCC)",
        "Economic Register Number (CBLS)",
        "Chamber of Commerce Number",
        "Trade License No.",
        "Central Registration System Number",
        "Istanbul Chamber of Comm. No.",
        "Government Gazette Number",
        "Certificate of Incorporation Number",
        "Enterprise Number",
        "Business Number",
        "Registered Charity No.",
        "Dubai Chamber of Commerce Membership No.",
        "UK Company Number",
        "United Social Credit Code Certificate (USCCC)",
        "Aircraft Tail Number",
        "Previous Aircraft Tail Number",
    ),
    *_ids(T.LEI, "Legal Entity Number"),
    *_ids(T.SWIFT_BIC, "SWIFT/BIC"),
    *_ids(T.EMAIL, "Email Address", "Email"),
    *_ids(T.WEBSITE, "Website"),
    *_ids(
        T.PHONE,
        "Phone Number",
        "Phone",
        "Telephone",
        "Telephone No.",
        "Telephone Number",
        "Fax",
        "Fax No.",
        "Fax Number",
    ),
    *_ids(T.IMO, "Vessel Registration Identification"),
    *_ids(T.MMSI, "MMSI"),
    *_ids(T.CALL_SIGN, "Other Vessel Call Sign"),
    *_ids(
        T.AIRCRAFT_SERIAL,
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
    ),
    *_ids(
        T.OTHER,
        "BIK (RU)",
        "ISIN",
        "D-U-N-S Number",
        "Driver's License No.",
        "License",
        "Aircraft Mode S Transponder Code",
        "Pilot License Number",
        "Chinese Commercial Code",
        "Cartilla de Servicio Militar Nacional",
        "Branch Unit Number",
        "SRE Permit No.",
    ),
    IdSpec("Digital Currency Address - ", Use.IDENTIFIER, id_type=T.CRYPTO_WALLET, family=True),
    IdSpec("Gender", Use.GENDER),
    IdSpec("Nationality of Registration", Use.COUNTRY),
    *_props(Use.DATE, "incorporationDate", "Organization Established Date"),
    *_props(Use.DATE, "buildDate", "Vessel Year of Build", "Aircraft Manufacture Date"),
    *_props(Use.FLAG, "pastFlags", "Former Vessel Flag"),
    *_props(Use.FLAG, "flag", "Other Vessel Flag"),
    *_props(Use.PROPERTY, "sector", "Organization Type:"),
    *_props(Use.PROPERTY, "targetType", "Target Type"),
    *_props(Use.PROPERTY, "type", "Other Vessel Type"),
    *_props(Use.PROPERTY, "model", "Aircraft Model"),
    *_props(Use.PROPERTY, "operator", "Aircraft Operator"),
    *_props(Use.PROPERTY, "ticker", "Equity Ticker"),
    *_props(Use.PROPERTY, "issuer", "Issuer Name"),
    *_props(Use.PROPERTY, "secondarySanctionsRisk", "Secondary sanctions risk:"),
    *_props(Use.PROPERTY, "sanctionsInformation", "Additional Sanctions Information -"),
    *_props(
        Use.PROPERTY,
        "transactionsProhibited",
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    ),
    *(
        IdSpec(label, Use.NOTE, prop="notes", family=True)
        for label in (
            "Listing Date (",
            "Effective Date (",
            "Executive Order ",
            "CAATSA Section ",
            "IFCA Determination -",
            "Purchase/Sales For Divestment Date",
        )
    ),
)


def _index(specs: tuple[IdSpec, ...]) -> dict[str, tuple[IdSpec, ...]]:
    """First word (lower case) -> the specs starting with it, longest label first."""
    index: dict[str, list[IdSpec]] = {}
    for spec in specs:
        index.setdefault(spec.label.split(" ", 1)[0].lower(), []).append(spec)
    return {k: tuple(sorted(v, key=lambda s: -len(s.label))) for k, v in index.items()}


_BY_FIRST_WORD = _index(ID_TYPES)
_LONGEST_LABEL = max(len(spec.label) for spec in ID_TYPES) + 1


def find_id_type(text: str) -> IdSpec | None:
    """The ID type ``text`` starts with (longest label wins, whole words only), or None."""
    first = text.split(" ", 1)[0].lower().rstrip(":")  # "Telephone: 0097..."
    lowered = text[:_LONGEST_LABEL].lower()
    for spec in _BY_FIRST_WORD.get(first, ()):
        label = spec.label.lower()
        if not lowered.startswith(label):
            continue
        after = lowered[len(label) : len(label) + 1]
        if spec.family or not after or not (label[-1].isalnum() and after.isalnum()):
            return spec
    return None


_DIGITS = re.compile(r"\d+")


def _refined_type(spec: IdSpec, value: str, country: str | None) -> IdentifierType:
    """Russian tax numbers are INNs (10/12 digits), Russian registration numbers OGRNs (13/15)."""
    kind = spec.id_type or T.OTHER
    if country != "ru" or not _DIGITS.fullmatch(value):
        return kind
    if kind is T.TAX and len(value) in (10, 12):
        return T.INN
    if kind is T.REGISTRATION and spec.label.startswith("Registration") and len(value) in (13, 15):
        return T.OGRN
    return kind


_ID_TAIL = re.compile(
    r"^(?P<value>.*?)(?:(?P<space>\s*)\((?P<country>[^()]*)\))?"
    r"(?:\s+issued\s+(?P<issued>.+?))?(?:\s+expires\s+(?P<expires>.+?))?$",
    re.IGNORECASE,
)


def split_id_value(text: str) -> tuple[str, str | None]:
    """Split "A123 (Russia) issued 2010 expires 2020" into value and country text.

    A parenthesis right after the number counts only if it names a country ("123(Russia)"),
    not in "Telephone (357)(22660766)". Issue and expiry dates have no place in the model;
    they stay in the remarks.
    """
    match = _ID_TAIL.match(text.strip())
    if match is None or not match["value"]:
        return text.strip(), None
    country = match["country"]
    if country is not None and not match["space"] and country_code(country) is None:
        return text.strip(), None
    return match["value"].strip(), country


_PERSON_PATRONYMIC = re.compile(r"(?:[oe]vich|[oe]vych|[ao]vich|[oe]vna|ivna|avna|ichna)$", re.IGNORECASE)


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _script(text: str) -> str | None:
    """detect_script, with a fast path for the plain-ASCII names that make up OFAC's lists."""
    if text.isascii():
        return "Latn" if _LATIN_LETTER.search(text) else None
    return detect_script(text)


def person_name(full: str, kind: NameKind) -> Name:
    """A person's name as OFAC writes it ("FAMILY, Given Names"), with its parts.

    ``full`` is kept exactly; a trailing Russian/Ukrainian/Belarusian patronymic among the given
    names is split off, so "PETROV, Ivan Sergeyevich" has given "Ivan", patronymic "Sergeyevich".
    """
    family, sep, given = full.partition(", ")
    if not sep or not family.strip() or not given.strip():
        return Name(full=full, kind=kind, script=_script(full))
    words = given.split()
    patronymic = None
    if len(words) >= 2 and _PERSON_PATRONYMIC.search(words[-1]):
        patronymic = words.pop()
    return Name(
        full=full,
        kind=kind,
        script=_script(full),
        family=family.strip(),
        given=" ".join(words),
        patronymic=patronymic,
    )


def make_name(full: str, kind: NameKind, schema: Schema) -> Name:
    """A name of an entry: split into parts for persons, kept whole otherwise."""
    if schema is Schema.PERSON:
        return person_name(full, kind)
    return Name(full=full, kind=kind, script=_script(full))


_KIND_ORDER = {NameKind.PRIMARY: 0, NameKind.ALIAS: 1, NameKind.WEAK_ALIAS: 2, NameKind.PREVIOUS: 3}


@dataclass(slots=True)
class Facts:
    """What the parsers learn about one entry, in any order; :meth:`entity` makes the Entity.

    ``problems`` and ``warnings`` hold (field, message) pairs; :meth:`report_to` locates them.
    """

    schema: Schema
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None
    positions: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # values kept only as text

    def add_name(self, full: str, kind: NameKind) -> None:
        if full.strip():
            self.names.append(make_name(full.strip(), kind, self.schema))

    def add_birth_date(self, text: str, field_name: str) -> None:
        """Add a date of birth; text that is no date is kept as text and reported."""
        date = birth_date(text)
        if date.value is None:
            self.warnings.append((field_name, f"unrecognised date of birth {text!r}, kept as text"))
        self.birth_dates.append(date)

    def add_id(self, spec: IdSpec, label: str, value: str, country_text: str | None) -> None:
        """Apply one ID-type item (XML idList item or remarks clause) to the entry.

        ``label`` is the list's full wording of the type (for families such as
        "Digital Currency Address - XBT" it carries the currency).
        """
        value = value.strip()
        if spec.use is Use.NOTE:
            self.properties.append(("notes", f"{label} {value}".strip()))
            return
        if not value:
            self.problems.append((label, f"{label!r} without a value"))
            return
        if spec.use is Use.GENDER:
            self.gender = value.lower()
        elif spec.use is Use.COUNTRY:
            self.countries.append(country_or_text(value))
        elif spec.use is Use.DATE:
            self.properties.append((spec.prop or "", parse_partial_date(value).value or value))
        elif spec.use is Use.FLAG:
            self.properties.append((spec.prop or "", country_or_text(value)))
        elif spec.use is Use.PROPERTY:
            self.properties.append((spec.prop or "", value))
        else:
            self._add_identifier(spec, label, value, country_text)

    def _add_identifier(self, spec: IdSpec, label: str, value: str, country_text: str | None) -> None:
        if country_text is None:
            value, country_text = split_id_value(value)  # the XML sometimes has "123 (Russia)"
        country = country_code(country_text)
        currency = (label[len(spec.label) :].strip() or None) if spec.family else None
        if value.upper().startswith("IMO "):
            # "Vessel Registration Identification IMO 9202053", "Company Number IMO 5532651"
            self.identifiers.append(Identifier(T.IMO, value[4:].strip(), country, label))
            return
        kind = _refined_type(spec, value, country)
        self.identifiers.append(Identifier(kind, value, country, label, currency))

    def add_vessel(self, vessel: Vessel) -> None:
        """The vessel columns of sdn.csv / the XML vesselInfo."""
        if vessel.call_sign:
            self.identifiers.append(Identifier(T.CALL_SIGN, vessel.call_sign, label="Call Sign"))
        if vessel.flag:
            flag = country_or_text(vessel.flag)
            self.properties.append(("flag", flag))
            self.countries.append(flag)
        for prop, value in (
            ("type", vessel.vessel_type),
            ("tonnage", vessel.tonnage),
            ("grossRegisteredTonnage", vessel.gross_tonnage),
            ("ownerName", vessel.owner),
        ):
            if value:
                self.properties.append((prop, value))

    def add_address(self, parts: Address, locality: str | None, country_text: str | None) -> None:
        """An address as OFAC writes it: street lines, "City, State Postal", country.

        ``parts`` holds what the format tells apart (the XML has city, region and postal code;
        the CSV only the street); ``full`` is made the same way for both formats.
        """
        full = ", ".join(p for p in (parts.street, locality, country_text) if p)
        if not full:
            return
        code = country_code(country_text)
        self.addresses.append(
            Address(
                full=full,
                street=parts.street,
                city=parts.city,
                region=parts.region,
                postal_code=parts.postal_code,
                country=code,
            )
        )
        if code:
            self.countries.append(code)

    def report_to(self, report: FileReport, line: int | None, record: str) -> None:
        """Hand the problems and warnings found to ``report``, located at the entry's line and id."""
        for field_name, message in self.problems:
            report.problem(line, record, field_name, message)
        for field_name, message in self.warnings:
            report.warn(line, record, field_name, message)

    def entity(self, source: str, source_id: str, remarks: str | None) -> Entity:
        """The Entity; sets without meaningful order (ids, programs, properties) are sorted,
        so both formats, and a republication in another order, give the same content hash."""
        names = _distinct_names(self.names)
        return Entity(
            id=make_entity_id(source, source_id),
            schema=self.schema,
            source=source,
            source_id=source_id,
            names=tuple(names),
            birth_dates=distinct(self.birth_dates),
            birth_places=distinct(self.birth_places),
            nationalities=distinct(self.nationalities),
            citizenships=distinct(self.citizenships),
            countries=distinct(self.countries),
            addresses=distinct(self.addresses),
            identifiers=tuple(sorted(distinct(self.identifiers), key=_identifier_key)),
            gender=self.gender,
            positions=distinct(self.positions),
            programs=tuple(sorted(distinct(self.programs))),
            remarks=remarks or None,
            properties=tuple(sorted(distinct(self.properties))),
        )


def _distinct_names(names: list[Name]) -> tuple[Name, ...]:
    """Primary first, then aliases, weak aliases, previous names; a text listed twice is kept once,
    as its strongest kind (the CSV sometimes repeats the primary name as an a.k.a.)."""
    best: dict[str, Name] = {}
    for name in sorted(names, key=lambda n: _KIND_ORDER[n.kind]):
        best.setdefault(name.full, name)
    return tuple(best.values())


def _identifier_key(identifier: Identifier) -> tuple[str, str, str, str]:
    return (identifier.type.value, identifier.value, identifier.country or "", identifier.label or "")


@dataclass(slots=True, frozen=True)
class Vessel:
    """The vessel facts both formats give in their own fields."""

    call_sign: str | None = None
    vessel_type: str | None = None
    tonnage: str | None = None
    gross_tonnage: str | None = None
    flag: str | None = None
    owner: str | None = None


_COMPACT_YEAR_RANGE = re.compile(r"\b(\d{4})-(\d{4})\b")


def birth_date(text: str) -> PartialDate:
    """A DOB as OFAC writes it; also reads "circa 1979-1982", a year range without spaces."""
    date = parse_partial_date(text)
    if date.value is None and _COMPACT_YEAR_RANGE.search(text):
        spaced = parse_partial_date(_COMPACT_YEAR_RANGE.sub(r"\1 to \2", text))
        return PartialDate(text=date.text, value=spaced.value, until=spaced.until, circa=spaced.circa)
    return date


SCHEMAS: dict[str, Schema] = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "entity": Schema.ORGANIZATION,
    "": Schema.ORGANIZATION,
}
