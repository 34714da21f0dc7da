"""FtM export and import of our entities: schema-valid output, adjunct folding, lossless round trips."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import Location
from sanctionwatch.model import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
    make_entity_id,
)
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.model.ftm import from_ftm, has_home, import_ftm, to_ftm

SOURCE = "ofac_sdn"


def _person() -> Entity:
    return Entity(
        id="ofac_sdn-90001",
        schema=Schema.PERSON,
        source=SOURCE,
        source_id="90001",
        names=(
            Name(
                "Ivan Testovich PETROV-FICTIVE", given="Ivan", patronymic="Testovich", family="PETROV-FICTIVE"
            ),
            Name("Иван Тестович ПЕТРОВ-ФИКТИВ", NameKind.ALIAS),
            Name("Vanya the Tester", NameKind.WEAK_ALIAS),
        ),
        birth_dates=(parse_partial_date("12 Jan 1962"), parse_partial_date("circa 1960")),
        birth_places=("Zarkovgrad, Russia",),
        nationalities=("ru",),
        addresses=(Address(full="1 Fictive Street, Zarkovgrad, RU", country="ru"),),
        identifiers=(
            Identifier(IdentifierType.PASSPORT, "FX1234567", country="ru", label="Passport"),
            Identifier(IdentifierType.TAX, "770000000001"),
            Identifier(IdentifierType.CRYPTO_WALLET, "1FictiveWa11etAddre55", currency="XBT"),
            Identifier(IdentifierType.OTHER, "SEAFARER-42", label="Seafarer's Identification Document"),
        ),
        gender="male",
        positions=("Director of Zarkovia Trading LLC",),
        programs=("RUSSIA-EO14024", "CYBER2"),
        listed_on="2021-04-15",
        remarks="Fictional test person.",
        properties=(("topics", "sanction"), ("endDate", "2031-01-01")),
    )


def _by_schema(objects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        out.setdefault(obj["schema"], []).append(obj)
    return out


def test_person_exports_entity_sanction_and_adjuncts() -> None:
    objects = _by_schema(to_ftm(_person()))
    (person,) = objects["Person"]
    props = person["properties"]
    assert person["id"] == "ofac_sdn-90001"
    assert person["datasets"] == ["ofac_sdn"]
    assert props["name"] == ["Ivan Testovich PETROV-FICTIVE"]
    assert props["alias"] == ["Иван Тестович ПЕТРОВ-ФИКТИВ"]
    assert props["weakAlias"] == ["Vanya the Tester"]
    assert props["firstName"] == ["Ivan"] and props["fatherName"] == ["Testovich"]
    assert props["birthDate"] == ["1962-01-12", "1960"]
    assert props["passportNumber"] == ["FX1234567"]
    assert props["taxNumber"] == ["770000000001"]
    assert props["topics"] == ["sanction"]
    assert "endDate" not in props  # a Sanction property, not a Person one
    (sanction,) = objects["Sanction"]
    assert sanction["id"] == "ofac_sdn-90001-sanction"
    assert sanction["properties"]["entity"] == ["ofac_sdn-90001"]
    assert sanction["properties"]["program"] == ["RUSSIA-EO14024", "CYBER2"]
    assert sanction["properties"]["listingDate"] == ["2021-04-15"]
    assert sanction["properties"]["endDate"] == ["2031-01-01"]
    assert "Office of Foreign Assets Control" in sanction["properties"]["authority"][0]
    (passport,) = objects["Passport"]
    assert passport["properties"] == {
        "holder": ["ofac_sdn-90001"],
        "number": ["FX1234567"],
        "country": ["ru"],
        "type": ["Passport"],
    }
    (wallet,) = objects["CryptoWallet"]
    assert wallet["properties"]["publicKey"] == ["1FictiveWa11etAddre55"]
    assert wallet["properties"]["currency"] == ["XBT"]
    (other,) = objects["Identification"]
    assert other["properties"]["number"] == ["SEAFARER-42"]


def test_export_ids_are_stable() -> None:
    first, second = to_ftm(_person()), to_ftm(_person())
    assert [o["id"] for o in first] == [o["id"] for o in second]
    assert len({o["id"] for o in first}) == len(first)


def test_vessel_gets_only_vessel_properties() -> None:
    vessel = Entity(
        id="uk-sh0001",
        schema=Schema.VESSEL,
        source="uk",
        source_id="SH0001",
        names=(Name("ZARKOVIA STAR"),),
        birth_dates=(PartialDate("1999", value="1999"),),
        identifiers=(
            Identifier(IdentifierType.IMO, "IMO9999999"),
            Identifier(IdentifierType.TAX, "123-FICT", label="Tax ID No."),
        ),
        properties=(("flag", "ir"), ("tonnage", "2,000")),
    )
    (main, sanction) = to_ftm(vessel)
    props = main["properties"]
    assert main["schema"] == "Vessel"
    assert props["imoNumber"] == ["IMO9999999"]
    assert props["flag"] == ["ir"] and props["tonnage"] == ["2,000"]
    assert "birthDate" not in props and "taxNumber" not in props
    # What a vessel cannot hold is kept as a note, never dropped.
    assert props["notes"] == ["birthDate: 1999", "Tax ID No.: 123-FICT"]
    assert sanction["schema"] == "Sanction"


def test_aircraft_is_an_ftm_airplane() -> None:
    plane = Entity(
        id="ofac_sdn-1",
        schema=Schema.AIRCRAFT,
        source=SOURCE,
        source_id="1",
        names=(Name("EP-FIC"),),
        identifiers=(Identifier(IdentifierType.AIRCRAFT_SERIAL, "MSN 1234"),),
    )
    main = to_ftm(plane)[0]
    assert main["schema"] == "Airplane"
    assert main["properties"]["serialNumber"] == ["MSN 1234"]
    (back,), problems = from_ftm(to_ftm(plane), SOURCE)
    assert problems == []
    assert back.schema is Schema.AIRCRAFT


def test_person_round_trip_keeps_details() -> None:
    original = _person()
    (back,), problems = from_ftm(to_ftm(original), SOURCE)
    assert problems == []
    assert back.source_id == original.id
    assert back.id == make_entity_id(SOURCE, original.id)
    assert back.names[0] == Name(
        "Ivan Testovich PETROV-FICTIVE",
        script="Latn",
        given="Ivan",
        patronymic="Testovich",
        family="PETROV-FICTIVE",
    )
    assert back.names[1].script == "Cyrl"
    assert set(back.identifiers) == set(original.identifiers)
    assert back.addresses == (Address(full="1 Fictive Street, Zarkovgrad, RU"),)
    assert back.gender == "male"
    assert back.positions == original.positions
    assert back.remarks == "Fictional test person."
    assert set(back.properties) == {("topics", "sanction"), ("endDate", "2031-01-01")}
    assert back.listed_on == "2021-04-15"


def _obj(ftm_id: str, schema: str, **props: list[str]) -> dict[str, Any]:
    return {"id": ftm_id, "schema": schema, "properties": props, "datasets": ["zz_fictional"]}


def test_opensanctions_style_objects_fold_onto_their_holder() -> None:
    objects = [
        _obj(
            "NK-fict1",
            "Company",
            name=["Zarkovia Trading LLC"],
            addressEntity=["addr-1"],
            ogrnCode=["1027700000001"],
        ),
        _obj("addr-1", "Address", full=["5 Imaginary Lane, Zarkovgrad"], city=["Zarkovgrad"], country=["ru"]),
        _obj(
            "san-1",
            "Sanction",
            entity=["NK-fict1"],
            program=["Fictional Programme"],
            startDate=["2022-03-01"],
        ),
        _obj(
            "san-2", "Sanction", entity=["NK-fict1"], listingDate=["2022-02-24"], reason=["Invented reason"]
        ),
        _obj(
            "idn-1",
            "Identification",
            holder=["NK-fict1"],
            number=["1027700000001"],
            type=["OGRN"],
            country=["ru"],
        ),
        _obj("own-1", "Ownership", owner=["NK-fict1"], asset=["NK-fict2"]),
        _obj("san-x", "Sanction", entity=["NK-not-here"], program=["Lost"]),
    ]
    result = import_ftm(((_loc(i), o) for i, o in enumerate(objects)), "zz_fictional")
    assert result.problems == []
    (company,) = result.entities
    assert company.schema is Schema.COMPANY
    assert company.source_id == "NK-fict1"
    assert company.programs == ("Fictional Programme",)
    assert company.listed_on == "2022-02-24"  # the listing date wins over a start date
    assert company.addresses == (
        Address(full="5 Imaginary Lane, Zarkovgrad", city="Zarkovgrad", country="ru"),
    )
    assert company.identifiers == (
        Identifier(IdentifierType.OGRN, "1027700000001", country="ru", label="OGRN"),
    )
    assert ("reason", "Invented reason") in company.properties
    assert ("startDate", "2022-03-01") in company.properties
    assert result.skipped == {"Ownership": 1, "Sanction (holder not in input)": 1}


def _loc(index: int) -> Location:
    return Location("objects.json", line=index + 1)


def test_bad_objects_are_problems_and_the_rest_is_read() -> None:
    objects: list[Any] = [
        {"schema": "Person", "properties": {"name": ["No Id Person"]}},
        {"id": "p-2", "properties": {"name": ["No Schema Person"]}},
        {"id": "p-3", "schema": "Person", "properties": {"name": "not a list"}},
        {"id": "p-4", "schema": "Person", "properties": {"name": ["Good Fictive Person"], "birthDate": [7]}},
        {"id": "p-4", "schema": "Person", "properties": {"name": ["Duplicate Fictive Person"]}},
        "not an object",
    ]
    entities, problems = from_ftm(objects, "zz_fictional")
    assert [e.primary_name for e in entities] == ["Good Fictive Person"]
    by_line = {p.location.line: p for p in problems}
    assert set(by_line) == {1, 2, 3, 4, 5, 6}
    assert by_line[1].location.field == "id"
    assert by_line[2].location.field == "schema"
    assert by_line[3].location.field == "properties.name"
    assert "no name" in by_line[3].message or "not a list" in by_line[3].message
    assert by_line[4].location.field == "properties.birthDate"
    assert "duplicate" in by_line[5].message
    assert "not a JSON object" in by_line[6].message


# --------------------------------------------------------------------------------------- round trip

_TEXT = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij'-АБВГДЕЖЗИКЛМНОПабвгд", min_size=1, max_size=30
)
_FULL = _TEXT.map(lambda t: " ".join(t.split())).filter(bool)
_COUNTRIES = st.sampled_from(["ru", "ir", "kp", "by", "Atlantis"])
_PROGRAMS = st.sampled_from(["RUSSIA-EO14024", "CYBER2", "SDGT", "UA-WS-MARE", "EU-UKR"])
_DATES = st.sampled_from(["1962-01-12", "1962-01", "1962", "circa 1970", "1960 to 1962", "about thirty"]).map(
    parse_partial_date
)
_NAMES = st.lists(st.builds(Name, _FULL, st.sampled_from(list(NameKind))), min_size=1, max_size=5)


@st.composite
def _identifiers(draw: st.DrawFn, schema: Schema) -> tuple[Identifier, ...]:
    types = [t for t in IdentifierType if has_home(schema, t)]
    values = draw(st.lists(st.from_regex(r"[A-Z0-9]{4,12}", fullmatch=True), unique=True, max_size=4))
    out = []
    for value in values:
        id_type = draw(st.sampled_from(types))
        country = draw(st.sampled_from([None, "ru", "ir"]))
        label = draw(st.sampled_from([None, "Reg. No.", "Passport"]))
        currency = "XBT" if id_type is IdentifierType.CRYPTO_WALLET else None
        out.append(Identifier(id_type, value, country=country, label=label, currency=currency))
    return tuple(out)


@st.composite
def _entities(draw: st.DrawFn) -> Entity:
    schema = draw(st.sampled_from(list(Schema)))
    person = schema is Schema.PERSON
    return Entity(
        id=f"{SOURCE}-{draw(st.integers(1, 99999))}",
        schema=schema,
        source=SOURCE,
        source_id="x",
        names=tuple(draw(_NAMES)),
        birth_dates=tuple(draw(st.lists(_DATES, max_size=3))) if person else (),
        nationalities=tuple(draw(st.lists(_COUNTRIES, max_size=2))) if person else (),
        citizenships=tuple(draw(st.lists(_COUNTRIES, max_size=2))) if person else (),
        countries=tuple(draw(st.lists(_COUNTRIES, max_size=3))),
        identifiers=draw(_identifiers(schema)),
        programs=tuple(draw(st.lists(_PROGRAMS, max_size=3, unique=True))),
        listed_on=draw(st.sampled_from([None, "2014-03-17", "2022-02-24"])),
    )


def _date_values(dates: tuple[PartialDate, ...]) -> set[str]:
    out: set[str] = set()
    for date in dates:
        out.update(v for v in (date.value or date.text, date.until) if v)
    return out


@settings(max_examples=200, deadline=None)
@given(_entities())
def test_round_trip_preserves_what_ftm_can_hold(entity: Entity) -> None:
    (back,), problems = from_ftm(to_ftm(entity), entity.source)
    assert problems == []
    assert back.schema is entity.schema
    assert {(n.full, n.kind) for n in back.names} == {(n.full, n.kind) for n in entity.names}
    assert _date_values(back.birth_dates) == _date_values(entity.birth_dates)
    assert set(back.nationalities) == set(entity.nationalities)
    assert set(back.citizenships) == set(entity.citizenships)
    assert set(back.countries) == set(entity.countries)
    assert back.programs == entity.programs
    assert back.listed_on == entity.listed_on
    assert {(i.type, i.value) for i in back.identifiers} == {(i.type, i.value) for i in entity.identifiers}
    if entity.schema in (Schema.VESSEL, Schema.AIRCRAFT):
        return  # FtM vehicles hold identifiers only as plain properties: no country, label or currency
    assert set(back.identifiers) == set(entity.identifiers)
