"""FollowTheMoney (FtM) JSON <-> :class:`Entity`.

:func:`to_ftm` exports one entity as the FtM objects OpenSanctions publishes for a target: the
entity itself, a ``Sanction`` and, where needed, ``Identification``/``Passport`` and ``CryptoWallet``
objects. :func:`from_ftm` reads such objects back, folding each adjunct onto its holder.

Property names follow the followthemoney 4.x schemata (checked against its YAML): a value whose
property the schema lacks goes to the ``Sanction`` if valid there, else into ``notes`` as
``"property: value"``, so an export is always schema-valid and loses nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.errors import Location, Problem
from sanctionwatch.model.countries import country_or_text
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.model.entity import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
    distinct,
    make_entity_id,
)
from sanctionwatch.model.scripts import detect_script

FtmObject = dict[str, Any]

# FtM schema names; FtM calls aircraft "Airplane".
_FTM_SCHEMA = {s: s.value for s in Schema} | {Schema.AIRCRAFT: "Airplane"}
_OUR_SCHEMA = {v: k for k, v in _FTM_SCHEMA.items()} | {"Aircraft": Schema.AIRCRAFT}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Non-stub properties per schema in followthemoney 4.x, grouped by inheritance.
_THING = _words(
    "address addressEntity alephUrl alias country createdAt description indexText keywords modifiedAt "
    "name notes previousName program programId proof publisher publisherUrl registrationNumber "
    "retrievedAt riskSource sourceUrl summary topics weakAlias wikidataId wikipediaUrl"
)
_LEGAL_ENTITY = _THING | _words(
    "abbreviation brightQueryId brightQueryOrgId bvdId classification dissolutionDate dunsCode email "
    "icijId idNumber incorporationDate innCode jurisdiction legalForm leiCode licenseNumber mainCountry "
    "npiCode ogrnCode okpoCode okvedCode opencorporatesUrl parent phone sayariId sector status swiftBic "
    "taxNumber taxStatus uniqueEntityId uscCode vatCode website"
)
_PERSON = _LEGAL_ENTITY | _words(
    "appearance biography birthCountry birthDate birthPlace citizenship deathDate education ethnicity "
    "eyeColor fatherName firstName gender hairColor height lastName middleName motherName nameSuffix "
    "nationality passportNumber political position profession religion secondName socialSecurityNumber "
    "spokenLanguage title weight"
)
_ORGANIZATION = _LEGAL_ENTITY | _words("cageCode giiNumber imoNumber permId")
_COMPANY = _ORGANIZATION | _words(
    "amount amountEur amountUsd bikCode caemCode capital cikCode coatoCode currency fnsCode fssCode "
    "ipoCode irsCode isinCode jibCode kppCode mbsCode okopfCode oksmCode pfrNumber ricCode ticker "
    "voenCode"
)
_VESSEL = _THING | _words(
    "amount amountEur amountUsd buildDate callSign crsNumber currency deadweightTonnage "
    "deregistrationDate flag grossRegisteredTonnage imoNumber mmsi model nameChangeDate navigationArea "
    "operator owner pastFlags pastTypes registrationDate registrationPort tonnage type"
)
_AIRPLANE = _THING | _words(
    "amount amountEur amountUsd buildDate currency deregistrationDate icaoCode manufacturer model "
    "operator owner registrationDate serialNumber type"
)
_SANCTION = _words(
    "alephUrl authority authorityId country date description duration endDate entity indexText "
    "listingDate modifiedAt namesMentioned program programId programUrl proof provisions publisher "
    "publisherUrl reason recordId retrievedAt sourceUrl startDate status summary unscId"
)
_PROPERTIES: dict[Schema, frozenset[str]] = {
    Schema.PERSON: _PERSON,
    Schema.ORGANIZATION: _ORGANIZATION,
    Schema.COMPANY: _COMPANY,
    Schema.LEGAL_ENTITY: _LEGAL_ENTITY,
    Schema.VESSEL: _VESSEL,
    Schema.AIRCRAFT: _AIRPLANE,
}
# Properties that reference other entities: never copied as plain values.
_REFERENCES = _words("addressEntity entity holder operator owner parent proof riskSource")

_NAME_PROPS = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.WEAK_ALIAS: "weakAlias",
    NameKind.PREVIOUS: "previousName",
}
_NAME_KINDS = {v: k for k, v in _NAME_PROPS.items()}
_NAME_PARTS = {"given": "firstName", "middle": "middleName", "family": "lastName", "patronymic": "fatherName"}
_PART_PROPS = frozenset(_NAME_PARTS.values())

_IDENTIFIER_PROPS = {
    IdentifierType.PASSPORT: "passportNumber",
    IdentifierType.NATIONAL_ID: "idNumber",
    IdentifierType.TAX: "taxNumber",
    IdentifierType.INN: "innCode",
    IdentifierType.OGRN: "ogrnCode",
    IdentifierType.REGISTRATION: "registrationNumber",
    IdentifierType.LEI: "leiCode",
    IdentifierType.IMO: "imoNumber",
    IdentifierType.MMSI: "mmsi",
    IdentifierType.CALL_SIGN: "callSign",
    IdentifierType.SWIFT_BIC: "swiftBic",
    IdentifierType.EMAIL: "email",
    IdentifierType.PHONE: "phone",
    IdentifierType.WEBSITE: "website",
    IdentifierType.AIRCRAFT_SERIAL: "serialNumber",
}
_IDENTIFIER_TYPES = {v: k for k, v in _IDENTIFIER_PROPS.items()}
_TYPE_VALUES = frozenset(t.value for t in IdentifierType)

# Properties from_ftm maps to Entity fields itself; everything else becomes a ``properties`` pair.
_MAPPED = _words(
    "birthDate birthPlace nationality citizenship country address gender title position notes program "
    "indexText"
) | frozenset([*_NAME_KINDS, *_IDENTIFIER_TYPES])
# Sanction properties from_ftm maps itself (``authority`` too, when it is the list's own).
_SANCTION_MAPPED = frozenset(["entity", "program", "listingDate", "indexText"])

# Who issues each list we read; FtM datasets of other publishers get no authority.
_AUTHORITIES = {
    "ofac_sdn": "US Office of Foreign Assets Control (OFAC)",
    "ofac_cons": "US Office of Foreign Assets Control (OFAC)",
    "un_sc": "United Nations Security Council",
    "eu_fsf": "European Union",
    "uk": "UK Office of Financial Sanctions Implementation (OFSI)",
    "uk_fcdo": "UK Foreign, Commonwealth & Development Office (FCDO)",
    "us_csl": "US Consolidated Screening List (International Trade Administration)",
    "eu_journal": "European Union (Official Journal, as transcribed by OpenSanctions)",
}
_ADJUNCT_SCHEMAS = frozenset(["Sanction", "Passport", "Identification", "Address", "CryptoWallet"])
_LEGAL_ENTITIES = frozenset([Schema.PERSON, Schema.ORGANIZATION, Schema.COMPANY, Schema.LEGAL_ENTITY])


def ftm_schema(schema: Schema) -> str:
    """The FtM schema name of one of ours (``Aircraft`` is FtM's ``Airplane``)."""
    return _FTM_SCHEMA[schema]


def authority_of(source: str) -> str | None:
    """The issuing authority of a list key, as written on exported ``Sanction`` objects."""
    return _AUTHORITIES.get(source)


def has_home(schema: Schema, identifier_type: IdentifierType) -> bool:
    """Whether ``to_ftm`` can keep an identifier of this type as an identifier on this schema.

    Legal entities can hold any identifier (via ``Identification``/``CryptoWallet``); vessels and
    aircraft only those with a property of their own; the rest goes to ``notes``.
    """
    if schema in _LEGAL_ENTITIES:
        return True
    prop = _IDENTIFIER_PROPS.get(identifier_type)
    return prop is not None and prop in _PROPERTIES[schema]


# ---------------------------------------------------------------------------------------------- export


class _Props:
    """Property values of one FtM object, in order, without duplicates."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: dict[str, dict[str, None]] = {}

    def add(self, prop: str, value: str | None) -> None:
        if value:
            self.values.setdefault(prop, {})[value] = None

    def to_dict(self) -> dict[str, list[str]]:
        return {prop: list(values) for prop, values in self.values.items()}


@dataclass(slots=True)
class _Export:
    """The objects of one entity being exported: the entity itself, its Sanction, its adjuncts."""

    entity: Entity
    main: _Props = field(default_factory=_Props)
    sanction: _Props = field(default_factory=_Props)
    adjuncts: list[FtmObject] = field(default_factory=list)

    def put(self, prop: str, value: str | None) -> None:
        """Add to the entity if its schema has ``prop``, else to the Sanction, else to the notes."""
        if not value:
            return
        if prop in _PROPERTIES[self.entity.schema]:
            self.main.add(prop, value)
        elif prop in _SANCTION:
            self.sanction.add(prop, value)
        else:
            self.main.add("notes", f"{prop}: {value}")

    def adjunct(self, schema: str, suffix: str, props: _Props) -> None:
        self.adjuncts.append(_object(f"{self.entity.id}-{suffix}", schema, props, self.entity.source))


def _object(ftm_id: str, schema: str, props: _Props, source: str) -> FtmObject:
    return {"id": ftm_id, "schema": schema, "properties": props.to_dict(), "datasets": [source]}


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()[:12]


def to_ftm(entity: Entity) -> list[FtmObject]:
    """The FtM objects of one entity: itself, a ``Sanction``, and identifier adjuncts.

    Derived objects have stable ids (``{id}-sanction``, ``{id}-id-{hash}``, ``{id}-wallet-{hash}``),
    so the same entity exports the same objects in every version of its list.
    """
    out = _Export(entity)
    _export_names(out)
    _export_person(out)
    for address in entity.addresses:
        out.put("address", _address_text(address))
    for country in entity.countries:
        out.put("country", country)
    for identifier in entity.identifiers:
        _export_identifier(out, identifier)
    for program in entity.programs:
        out.put("program", program)
    out.put("notes", entity.remarks)
    for prop, value in entity.properties:
        out.put(prop, value)
    _export_sanction(out)
    main = _object(entity.id, ftm_schema(entity.schema), out.main, entity.source)
    return [main, *out.adjuncts]


def _export_names(out: _Export) -> None:
    for name in out.entity.names:
        out.put(_NAME_PROPS[name.kind], name.full)
    if out.entity.schema is not Schema.PERSON:
        return  # name parts are Person properties; the full names above already hold them
    for name in out.entity.names:
        if name.kind is NameKind.PRIMARY:
            for attr, prop in _NAME_PARTS.items():
                out.put(prop, getattr(name, attr))
            out.put("title", name.title)


def _export_person(out: _Export) -> None:
    entity = out.entity
    for date in entity.birth_dates:
        out.put("birthDate", date.value or date.text)
        out.put("birthDate", date.until)
    for place in entity.birth_places:
        out.put("birthPlace", place)
    for country in entity.nationalities:
        out.put("nationality", country)
    for country in entity.citizenships:
        out.put("citizenship", country)
    out.put("gender", entity.gender)
    for title in entity.titles:
        out.put("title", title)
    for position in entity.positions:
        out.put("position", position)


def _address_text(address: Address) -> str | None:
    if address.full:
        return address.full
    parts = (address.street, address.postal_code, address.city, address.region, address.country)
    return ", ".join(p for p in parts if p) or None


def _export_identifier(out: _Export, identifier: Identifier) -> None:
    legal = out.entity.schema in _LEGAL_ENTITIES
    if identifier.type is IdentifierType.CRYPTO_WALLET and legal:
        _export_wallet(out, identifier)
        return
    prop = _IDENTIFIER_PROPS.get(identifier.type)
    valid = prop is not None and prop in _PROPERTIES[out.entity.schema]
    if prop is not None and valid:
        out.put(prop, identifier.value)
    if legal and (not valid or identifier.country or identifier.label):
        _export_identification(out, identifier, typed_by_property=valid)
    elif not valid:
        label = identifier.label or identifier.type.value
        out.put("notes", f"{label}: {identifier.value}")


def _export_identification(out: _Export, identifier: Identifier, *, typed_by_property: bool) -> None:
    props = _Props()
    props.add("holder", out.entity.id)
    props.add("number", identifier.value)
    props.add("country", identifier.country)
    # The list's wording where known, else our type. When neither a property with the same number
    # nor the Passport schema tells our type, the description carries it, so from_ftm can restore it.
    props.add("type", identifier.label or identifier.type.value)
    passport = identifier.type is IdentifierType.PASSPORT
    if identifier.label and not typed_by_property and not passport:
        props.add("description", identifier.type.value)
    suffix = "id-" + _digest(identifier.type.value, identifier.value)
    out.adjunct("Passport" if passport else "Identification", suffix, props)


def _export_wallet(out: _Export, identifier: Identifier) -> None:
    props = _Props()
    props.add("holder", out.entity.id)
    props.add("publicKey", identifier.value)
    props.add("currency", identifier.currency)
    props.add("country", identifier.country)
    props.add("description", identifier.label)  # a wallet has no type: the list's wording goes here
    out.adjunct("CryptoWallet", "wallet-" + _digest(identifier.value), props)


def _export_sanction(out: _Export) -> None:
    entity = out.entity
    out.sanction.add("entity", entity.id)
    out.sanction.add("authority", authority_of(entity.source))
    for program in entity.programs:
        out.sanction.add("program", program)
    out.sanction.add("listingDate", entity.listed_on)
    out.adjunct("Sanction", "sanction", out.sanction)


# ---------------------------------------------------------------------------------------------- import


@dataclass(slots=True)
class FtmImport:
    """What :func:`import_ftm` read: entities, problems, and objects skipped by schema."""

    entities: list[Entity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Objects of schemas we do not keep (Ownership, Family, ...), adjuncts whose holder is not in the input.
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Main:
    """A Person/Organization/... object with the adjuncts that refer to it."""

    location: Location
    ftm_id: str
    schema: Schema
    props: dict[str, list[str]]
    sanctions: list[dict[str, list[str]]] = field(default_factory=list)
    documents: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)


@dataclass(slots=True)
class _Grouping:
    """Objects read so far, by role."""

    result: FtmImport
    mains: dict[str, _Main] = field(default_factory=dict)
    addresses: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    adjuncts: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)

    def problem(self, location: Location, message: str) -> None:
        self.result.problems.append(Problem(location, message))


def from_ftm(objects: Iterable[FtmObject], source: str) -> tuple[list[Entity], list[Problem]]:
    """FtM objects -> our entities (Person, Organization, Company, LegalEntity, Vessel, Airplane).

    ``Sanction``, ``Passport``, ``Identification``, ``Address`` and ``CryptoWallet`` objects are folded
    onto the entity they refer to; other schemas (Ownership, Family, ...) are skipped, not problems.
    Problems are located by the object's position (1-based) and id.
    """
    result = import_ftm(_numbered(objects), source)
    return result.entities, result.problems


def _numbered(objects: Iterable[FtmObject]) -> Iterator[tuple[Location, FtmObject]]:
    for number, obj in enumerate(objects, start=1):
        record = obj.get("id") if isinstance(obj, dict) else None
        yield Location("<ftm objects>", line=number, record=str(record) if record else None), obj


def import_ftm(records: Iterable[tuple[Location, FtmObject]], source: str) -> FtmImport:
    """Like :func:`from_ftm`, for objects with their locations; also counts what was skipped."""
    grouping = _Grouping(FtmImport())
    for location, obj in records:
        _collect(grouping, location, obj)
    _attach(grouping)
    seen: set[str] = set()
    for main in grouping.mains.values():
        entity = _build(grouping, main, source)
        if entity is None:
            continue
        if entity.id in seen:
            grouping.problem(main.location, f"id {main.ftm_id!r} gives entity id {entity.id!r} twice")
            continue
        seen.add(entity.id)
        grouping.result.entities.append(entity)
    return grouping.result


def _collect(grouping: _Grouping, location: Location, obj: FtmObject) -> None:
    checked = _checked(grouping, location, obj)
    if checked is None:
        return
    ftm_id, schema_name, props = checked
    schema = _OUR_SCHEMA.get(schema_name)
    if schema is not None:
        if ftm_id in grouping.mains:
            grouping.problem(location, f"duplicate entity id {ftm_id!r}: object skipped")
            return
        grouping.mains[ftm_id] = _Main(location, ftm_id, schema, props)
    elif schema_name == "Address":
        grouping.addresses[ftm_id] = props
    elif schema_name in _ADJUNCT_SCHEMAS:
        grouping.adjuncts.append((schema_name, props))
    else:
        grouping.result.skipped[schema_name] += 1


def _checked(
    grouping: _Grouping, location: Location, obj: object
) -> tuple[str, str, dict[str, list[str]]] | None:
    """(id, schema, properties) of a well-formed FtM object; a problem for anything else."""
    if not isinstance(obj, dict):
        grouping.problem(location, f"not a JSON object but {type(obj).__name__}")
        return None
    ftm_id, schema = obj.get("id"), obj.get("schema")
    for key, value in (("id", ftm_id), ("schema", schema)):
        if not isinstance(value, str) or not value.strip():
            grouping.problem(_at(location, key), f"missing or empty {key!r}: object skipped")
            return None
    raw = obj.get("properties", {})
    if not isinstance(raw, dict):
        grouping.problem(_at(location, "properties"), "'properties' is not an object: object skipped")
        return None
    return str(ftm_id), str(schema), _clean_props(grouping, location, raw)


def _at(location: Location, field_name: str) -> Location:
    return Location(location.file, location.line, location.record, field_name)


def _clean_props(grouping: _Grouping, location: Location, raw: dict[Any, Any]) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for prop, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            grouping.problem(_at(location, f"properties.{prop}"), "not a list of strings: property skipped")
            continue
        kept = [v.strip() for v in values if v.strip()]
        if kept:
            props[str(prop)] = kept
    return props


def _attach(grouping: _Grouping) -> None:
    """Fold each adjunct onto the entity it refers to; count the ones whose holder is missing."""
    for schema_name, props in grouping.adjuncts:
        ref_prop = "entity" if schema_name == "Sanction" else "holder"
        holders = [grouping.mains[r] for r in props.get(ref_prop, ()) if r in grouping.mains]
        if not holders:
            grouping.result.skipped[f"{schema_name} (holder not in input)"] += 1
        for main in holders:
            if schema_name == "Sanction":
                main.sanctions.append(props)
            else:
                main.documents.append((schema_name, props))


@dataclass(slots=True)
class _Fields:
    """Entity fields being gathered from one object and its adjuncts."""

    names: list[Name] = field(default_factory=list)
    identifiers: dict[tuple[IdentifierType, str], Identifier] = field(default_factory=dict)
    addresses: list[Address] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listing_dates: list[str] = field(default_factory=list)
    start_dates: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _build(grouping: _Grouping, main: _Main, source: str) -> Entity | None:
    props = main.props
    fields = _Fields()
    fields.names, parts_used = _names(main)
    if not fields.names:
        grouping.problem(_at(main.location, "properties.name"), "entity has no name: skipped")
        return None
    try:
        entity_id = make_entity_id(source, main.ftm_id)
    except ValueError as exc:
        grouping.problem(_at(main.location, "id"), f"{exc}: skipped")
        return None
    _import_identifiers(fields, props)
    _import_documents(fields, main.documents)
    _import_addresses(fields, grouping, props)
    _import_sanctions(fields, main.sanctions, source)
    fields.programs[:0] = props.get("program", [])
    # Name parts not attached to a name (several primary names) are kept as plain properties.
    skip = _MAPPED | _REFERENCES | (_PART_PROPS if parts_used else frozenset())
    fields.pairs[:0] = [(p, v) for p, vs in props.items() if p not in skip for v in vs]
    return Entity(
        id=entity_id,
        schema=main.schema,
        source=source,
        source_id=main.ftm_id,
        names=distinct(fields.names),
        birth_dates=distinct([parse_partial_date(d) for d in props.get("birthDate", [])]),
        birth_places=distinct(props.get("birthPlace", [])),
        nationalities=_countries(props, "nationality"),
        citizenships=_countries(props, "citizenship"),
        countries=_countries(props, "country"),
        addresses=distinct(fields.addresses),
        identifiers=tuple(fields.identifiers.values()),
        gender=_first(props, "gender"),
        titles=distinct(props.get("title", [])),
        positions=distinct(props.get("position", [])),
        programs=distinct(fields.programs),
        listed_on=min(fields.listing_dates or fields.start_dates, default=None),
        remarks="\n".join(dict.fromkeys(props.get("notes", []))) or None,
        properties=distinct(fields.pairs),
    )


def _first(props: dict[str, list[str]], prop: str) -> str | None:
    values = props.get(prop)
    return values[0] if values else None


def _countries(props: dict[str, list[str]], prop: str) -> tuple[str, ...]:
    return distinct(country_or_text(v) for v in props.get(prop, []))


def _names(main: _Main) -> tuple[list[Name], bool]:
    """The names of an object, and whether its name parts were attached to its one primary name."""
    names = [
        Name(full, kind, script=detect_script(full))
        for prop, kind in _NAME_KINDS.items()
        for full in main.props.get(prop, [])
    ]
    primaries = [i for i, n in enumerate(names) if n.kind is NameKind.PRIMARY]
    # Name parts are flat properties in FtM: they belong to a name only when there is just one.
    if main.schema is not Schema.PERSON or len(primaries) != 1:
        return names, False
    parts = {attr: _first(main.props, prop) for attr, prop in _NAME_PARTS.items()}
    if any(parts.values()):
        base = names[primaries[0]]
        names[primaries[0]] = Name(base.full, base.kind, script=base.script, **parts)
    return names, True


def _import_identifiers(fields: _Fields, props: dict[str, list[str]]) -> None:
    for prop, id_type in _IDENTIFIER_TYPES.items():
        for value in props.get(prop, []):
            fields.identifiers.setdefault((id_type, value), Identifier(id_type, value))


def _import_documents(fields: _Fields, documents: list[tuple[str, dict[str, list[str]]]]) -> None:
    for schema_name, props in documents:
        if schema_name == "CryptoWallet":
            for key in props.get("publicKey", []):
                wallet = Identifier(
                    IdentifierType.CRYPTO_WALLET,
                    key,
                    country=_first(props, "country"),
                    label=_first(props, "description"),
                    currency=_first(props, "currency"),
                )
                fields.identifiers[(wallet.type, key)] = wallet
            continue
        for number in props.get("number", []) + props.get("passportNumber", []):
            _merge_document(fields, schema_name, number, props)


def _merge_document(fields: _Fields, schema_name: str, number: str, props: dict[str, list[str]]) -> None:
    """An Identification/Passport: enrich the identifier with the same number, or add one."""
    kind, described = _first(props, "type"), _first(props, "description")
    typed = kind in _TYPE_VALUES or described in _TYPE_VALUES
    country = _first(props, "country")
    label = None if kind in _TYPE_VALUES else kind
    if typed:
        id_type = IdentifierType(kind if kind in _TYPE_VALUES else str(described))
    elif schema_name == "Passport":
        id_type = IdentifierType.PASSPORT
    else:
        id_type = IdentifierType.OTHER
    for key, known in fields.identifiers.items():
        same_type = known.type is id_type or not typed
        if key[1] == number and same_type and known.country is None and known.label is None:
            fields.identifiers[key] = Identifier(known.type, number, country=country, label=label)
            return
    fields.identifiers.setdefault((id_type, number), Identifier(id_type, number, country, label))


def _import_addresses(fields: _Fields, grouping: _Grouping, props: dict[str, list[str]]) -> None:
    for ref in props.get("addressEntity", []):
        found = grouping.addresses.get(ref)
        if found is None:
            grouping.result.skipped["addressEntity (address not in input)"] += 1
            continue
        country = _first(found, "country")
        fields.addresses.append(
            Address(
                full=_first(found, "full"),
                street=_first(found, "street"),
                city=_first(found, "city"),
                region=_first(found, "region") or _first(found, "state"),
                postal_code=_first(found, "postalCode"),
                country=country_or_text(country) if country else None,
            )
        )
    structured = {a.full for a in fields.addresses}
    fields.addresses.extend(Address(full=t) for t in props.get("address", []) if t not in structured)


def _import_sanctions(fields: _Fields, sanctions: list[dict[str, list[str]]], source: str) -> None:
    own_authority = authority_of(source)
    for props in sanctions:
        fields.programs.extend(props.get("program", []))
        fields.listing_dates.extend(_dates(props.get("listingDate", [])))
        fields.start_dates.extend(_dates(props.get("startDate", [])))
        for prop, values in props.items():
            if prop in _SANCTION_MAPPED:
                continue
            fields.pairs.extend((prop, v) for v in values if (prop, v) != ("authority", own_authority))


def _dates(texts: list[str]) -> list[str]:
    parsed: list[PartialDate] = [parse_partial_date(t) for t in texts]
    return [p.value for p in parsed if p.value]
