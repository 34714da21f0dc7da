"""The one entity model every list is read into.

Schemas and property names follow FollowTheMoney (FtM), so entities export as FtM JSON lines
(see :mod:`sanctionwatch.model.ftm`). Values are immutable slotted dataclasses holding tuples:
hashable, cheap, and serialised deterministically for content hashing and version diffs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import orjson


class Schema(StrEnum):
    """FtM schema of an entity."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    COMPANY = "Company"
    LEGAL_ENTITY = "LegalEntity"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"

    @property
    def is_person(self) -> bool:
        return self is Schema.PERSON

    @property
    def is_organization(self) -> bool:
        return self in (Schema.ORGANIZATION, Schema.COMPANY, Schema.LEGAL_ENTITY)


class NameKind(StrEnum):
    """How a list presents a name: FtM `name`, `alias`, `weakAlias`, `previousName`."""

    PRIMARY = "primary"
    ALIAS = "alias"
    WEAK_ALIAS = "weak_alias"
    PREVIOUS = "previous"


class IdentifierType(StrEnum):
    """Kinds of identifiers; each maps to one FtM property (see ``model.ftm``)."""

    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX = "tax"
    INN = "inn"
    OGRN = "ogrn"
    REGISTRATION = "registration"
    LEI = "lei"
    IMO = "imo"
    MMSI = "mmsi"
    CALL_SIGN = "call_sign"
    SWIFT_BIC = "swift_bic"
    EMAIL = "email"
    PHONE = "phone"
    WEBSITE = "website"
    CRYPTO_WALLET = "crypto_wallet"
    AIRCRAFT_SERIAL = "aircraft_serial"
    OTHER = "other"


@dataclass(slots=True, frozen=True)
class Name:
    """One name of an entity, with its kind and, where the list gives them, language, script and parts."""

    full: str
    kind: NameKind = NameKind.PRIMARY
    lang: str | None = None  # ISO 639 code as the list gives it, lower case ("ru", "rus", "ar")
    script: str | None = None  # ISO 15924 ("Latn", "Cyrl", "Arab", ...)
    given: str | None = None
    middle: str | None = None
    family: str | None = None
    patronymic: str | None = None
    title: str | None = None


@dataclass(slots=True, frozen=True)
class PartialDate:
    """A date as a list states it: full, year-month, year only, circa, or a range.

    ``value`` is the ISO prefix of the (first) date (``1962-01-12``, ``1962-01`` or ``1962``);
    ``until`` the ISO prefix of the end of a range (``1960`` .. ``1962``); ``text`` what the list said.
    """

    text: str
    value: str | None = None
    until: str | None = None
    circa: bool = False


@dataclass(slots=True, frozen=True)
class Address:
    full: str | None = None
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, lower case, as FtM


@dataclass(slots=True, frozen=True)
class Identifier:
    type: IdentifierType
    value: str
    country: str | None = None  # issuing country, ISO 3166-1 alpha-2 lower case
    label: str | None = None  # the list's own wording of the type ("Tax ID No.", "NIF", ...)
    currency: str | None = None  # for digital currency addresses ("XBT", "ETH", ...)


@dataclass(slots=True, frozen=True)
class Entity:
    """A listed party: a person, organisation, vessel or aircraft on one list."""

    id: str
    schema: Schema
    source: str  # list key: ofac_sdn, ofac_cons, eu_fsf, un_sc, uk, uk_fcdo, or an FtM dataset name
    source_id: str  # the list's own id: SDN ent_num/uid, UN reference number, UK Group ID, EU logicalId
    names: tuple[Name, ...] = ()
    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 lower case where resolvable, else the text
    citizenships: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # other links: residence, jurisdiction, flag
    addresses: tuple[Address, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    gender: str | None = None  # "male", "female", "other"
    titles: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()  # e.g. RUSSIA-EO14024, CYBER2, ELECTION-EO13848
    listed_on: str | None = None  # ISO date of (first) listing
    remarks: str | None = None
    # Any further FtM property as (property, value) pairs, e.g. ("flag", "ir"), ("tonnage", "2,000").
    properties: tuple[tuple[str, str], ...] = field(default=())

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.full
        return self.names[0].full if self.names else ""

    def to_dict(self) -> dict[str, Any]:
        return entity_to_dict(self)

    def to_json(self) -> bytes:
        return entity_to_json(self)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: equal hashes mean equal content."""
        return hashlib.sha256(self.to_json()).hexdigest()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return entity_from_dict(data)


_T = TypeVar("_T")


def distinct(items: Iterable[_T]) -> tuple[_T, ...]:
    """The items without repeats, in first-seen order (how parsers fill an entity's tuple fields)."""
    return tuple(dict.fromkeys(items))


_ID_UNSAFE = re.compile(r"[^a-z0-9.]+")


def make_entity_id(source: str, source_id: str) -> str:
    """Stable entity id from (list key, list id): ``ofac_sdn-31455``, ``un_sc-qdi.001``.

    The same designation keeps the same id in every version of its list.
    """
    slug = _ID_UNSAFE.sub("-", source_id.strip().lower()).strip("-")
    if not slug:
        raise ValueError(f"empty source id for list {source!r}")
    return f"{source}-{slug}"


def _without_empty(obj: Any) -> dict[str, Any]:
    """A dataclass as a dict of its non-empty fields (called by orjson for every dataclass)."""
    out: dict[str, Any] = {}
    for name in _FIELDS[type(obj)]:
        value = getattr(obj, name)
        if value is not None and value is not False and value != ():
            out[name] = value
    return out


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(cls.__dataclass_fields__) for cls in (Entity, Name, PartialDate, Address, Identifier)
}
# orjson writes enums, tuples and strings itself; dataclasses go through _without_empty, so that
# empty fields are left out (the JSON, and so the content hash, only changes when content does).
_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS


def entity_to_json(entity: Entity) -> bytes:
    return orjson.dumps(entity, default=_without_empty, option=_JSON_OPTIONS)


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(entity_to_json(entity))
    return data


_KINDS = {k.value: k for k in NameKind}
_ID_TYPES = {t.value: t for t in IdentifierType}
_SCHEMAS = {s.value: s for s in Schema}


def _name(d: dict[str, Any]) -> Name:
    get = d.get
    return Name(
        d["full"],
        _KINDS[get("kind", "primary")],
        get("lang"),
        get("script"),
        get("given"),
        get("middle"),
        get("family"),
        get("patronymic"),
        get("title"),
    )


def _identifier(d: dict[str, Any]) -> Identifier:
    get = d.get
    return Identifier(_ID_TYPES[d["type"]], d["value"], get("country"), get("label"), get("currency"))


def _date(d: dict[str, Any]) -> PartialDate:
    get = d.get
    return PartialDate(d["text"], get("value"), get("until"), get("circa", False))


def _address(d: dict[str, Any]) -> Address:
    get = d.get
    return Address(get("full"), get("street"), get("city"), get("region"), get("postal_code"), get("country"))


_NONE: tuple[Any, ...] = ()


def entity_from_dict(data: dict[str, Any]) -> Entity:
    """Inverse of :func:`entity_to_dict` (hot: the store decodes tens of thousands at a time)."""
    get = data.get
    return Entity(
        id=data["id"],
        schema=_SCHEMAS[data["schema"]],
        source=data["source"],
        source_id=data["source_id"],
        names=tuple(map(_name, get("names", _NONE))),
        birth_dates=tuple(map(_date, get("birth_dates", _NONE))),
        birth_places=tuple(get("birth_places", _NONE)),
        nationalities=tuple(get("nationalities", _NONE)),
        citizenships=tuple(get("citizenships", _NONE)),
        countries=tuple(get("countries", _NONE)),
        addresses=tuple(map(_address, get("addresses", _NONE))),
        identifiers=tuple(map(_identifier, get("identifiers", _NONE))),
        gender=get("gender"),
        titles=tuple(get("titles", _NONE)),
        positions=tuple(get("positions", _NONE)),
        programs=tuple(get("programs", _NONE)),
        listed_on=get("listed_on"),
        remarks=get("remarks"),
        properties=tuple((str(k), str(v)) for k, v in get("properties", _NONE)),
    )
