"""The facts inside OFAC remarks: a case table of real-style clauses, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.model import Entity, Identifier, Name, NameKind, PartialDate, Schema
from sanctionwatch.model import IdentifierType as T
from sanctionwatch.sources.ofac_entry import ID_TYPES, Facts, find_id_type
from sanctionwatch.sources.ofac_remarks import clauses, parse_remarks


def read(text: str, schema: Schema = Schema.PERSON) -> tuple[Entity, list[tuple[str, str]]]:
    facts = Facts(schema)
    parse_remarks(text, facts)
    return facts.entity("ofac_sdn", "1", text), facts.problems + facts.warnings


CASES: list[tuple[str, str, object]] = [
    ("DOB 12 Jan 1962", "birth_dates", (PartialDate("12 Jan 1962", "1962-01-12"),)),
    (
        "DOB 12 Jan 1962; alt. DOB 1963",
        "birth_dates",
        (PartialDate("12 Jan 1962", "1962-01-12"), PartialDate("1963", "1963")),
    ),
    ("DOB circa 1960", "birth_dates", (PartialDate("circa 1960", "1960", circa=True),)),
    ("DOB 1960 to 1962", "birth_dates", (PartialDate("1960 to 1962", "1960", "1962"),)),
    ("DOB circa 1979-1982", "birth_dates", (PartialDate("circa 1979-1982", "1979", "1982", circa=True),)),
    ("DOB Mar 1955.", "birth_dates", (PartialDate("Mar 1955", "1955-03"),)),
    ("POB Moscow, Russia", "birth_places", ("Moscow, Russia",)),
    ("nationality Russia; alt. nationality Ukraine", "nationalities", ("ru", "ua")),
    ("nationality Korea, North", "nationalities", ("kp",)),
    ("citizen Russia", "citizenships", ("ru",)),
    ("Gender Male.", "gender", "male"),
    ("Gender Female", "gender", "female"),
    (
        "Passport 123456 (Russia) expires 2025",
        "identifiers",
        (Identifier(T.PASSPORT, "123456", "ru", "Passport"),),
    ),
    (
        "alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011",
        "identifiers",
        (Identifier(T.PASSPORT, "G 649385", None, "Passport"),),
    ),
    (
        "National ID No. 06110065397 (Syria).",
        "identifiers",
        (Identifier(T.NATIONAL_ID, "06110065397", "sy", "National ID No."),),
    ),
    (
        "Cedula No. 1234567 (Colombia)",
        "identifiers",
        (Identifier(T.NATIONAL_ID, "1234567", "co", "Cedula No."),),
    ),
    ("Tax ID No. 7718668887 (Russia)", "identifiers", (Identifier(T.INN, "7718668887", "ru", "Tax ID No."),)),
    (
        "Tax ID No. 771866888712 (Russia)",
        "identifiers",
        (Identifier(T.INN, "771866888712", "ru", "Tax ID No."),),
    ),
    ("Tax ID No. 77186688 (Russia)", "identifiers", (Identifier(T.TAX, "77186688", "ru", "Tax ID No."),)),
    (
        "Tax ID No. 7718668887 (Kazakhstan)",
        "identifiers",
        (Identifier(T.TAX, "7718668887", "kz", "Tax ID No."),),
    ),
    ("NIT # 800123456-1 (Colombia)", "identifiers", (Identifier(T.TAX, "800123456-1", "co", "NIT #"),)),
    (
        "Registration Number 1027700132195 (Russia)",
        "identifiers",
        (Identifier(T.OGRN, "1027700132195", "ru", "Registration Number"),),
    ),
    (
        "Registration ID 304500116000157 (Russia)",
        "identifiers",
        (Identifier(T.OGRN, "304500116000157", "ru", "Registration ID"),),
    ),
    (
        "Registration Number 205721650 (Bulgaria)",
        "identifiers",
        (Identifier(T.REGISTRATION, "205721650", "bg", "Registration Number"),),
    ),
    (
        "Registration Number 1027700070518(Russia)",  # OFAC sometimes leaves out the space
        "identifiers",
        (Identifier(T.OGRN, "1027700070518", "ru", "Registration Number"),),
    ),
    ("SWIFT/BIC VTBRRUMM", "identifiers", (Identifier(T.SWIFT_BIC, "VTBRRUMM", None, "SWIFT/BIC"),)),
    (
        "Legal Entity Number 253400V1H6ART1UQ0N98",
        "identifiers",
        (Identifier(T.LEI, "253400V1H6ART1UQ0N98", None, "Legal Entity Number"),),
    ),
    (
        "Email Address info@example.test.",
        "identifiers",
        (Identifier(T.EMAIL, "info@example.test", None, "Email Address"),),
    ),
    (
        "Website www.ptsecurity.ru",
        "identifiers",
        (Identifier(T.WEBSITE, "www.ptsecurity.ru", None, "Website"),),
    ),
    (
        "Phone Number 8613314257947",
        "identifiers",
        (Identifier(T.PHONE, "8613314257947", None, "Phone Number"),),
    ),
    (
        "Telephone (357)(22660766)",
        "identifiers",
        (Identifier(T.PHONE, "(357)(22660766)", None, "Telephone"),),
    ),
    ("Telephone: 0097282851500", "identifiers", (Identifier(T.PHONE, "0097282851500", None, "Telephone"),)),
    (
        "Digital Currency Address - XBT 1A2b3C4d5E",
        "identifiers",
        (Identifier(T.CRYPTO_WALLET, "1A2b3C4d5E", None, "Digital Currency Address - XBT", "XBT"),),
    ),
    (
        "alt. Digital Currency Address - ETH 0xabc123",
        "identifiers",
        (Identifier(T.CRYPTO_WALLET, "0xabc123", None, "Digital Currency Address - ETH", "ETH"),),
    ),
    (
        "Digital Currency Address - XBT194xmrZA53UBsZau",  # no space after the currency in one real entry
        "identifiers",
        (Identifier(T.CRYPTO_WALLET, "194xmrZA53UBsZau", None, "Digital Currency Address - XBT", "XBT"),),
    ),
    (
        "Vessel Registration Identification IMO 1234567",
        "identifiers",
        (Identifier(T.IMO, "1234567", None, "Vessel Registration Identification"),),
    ),
    ("MMSI 273000001", "identifiers", (Identifier(T.MMSI, "273000001", None, "MMSI"),)),
    (
        "Aircraft Manufacturer's Serial Number (MSN) 1023409321",
        "identifiers",
        (Identifier(T.AIRCRAFT_SERIAL, "1023409321", None, "Aircraft Manufacturer's Serial Number (MSN)"),),
    ),
    ("Organization Established Date 17 Oct 1990", "properties", (("incorporationDate", "1990-10-17"),)),
    ("Organization Type: Real estate activities", "properties", (("sector", "Real estate activities"),)),
    ("Target Type Financial Institution", "properties", (("targetType", "Financial Institution"),)),
    ("Nationality of Registration Korea, North", "countries", ("kp",)),
    ("Former Vessel Flag Malta", "properties", (("pastFlags", "mt"),)),
    ("Vessel Year of Build 1999", "properties", (("buildDate", "1999"),)),
    (
        "Aircraft Model IL-76TD; Aircraft Operator YAS AIR",
        "properties",
        (("model", "IL-76TD"), ("operator", "YAS AIR")),
    ),
    ("Linked To: HAMAS.", "properties", (("linkedTo", "HAMAS"),)),
    ("(Linked To: HAMAS)", "properties", (("linkedTo", "HAMAS"),)),
    (
        "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by EO 13886",
        "properties",
        (
            (
                "secondarySanctionsRisk",
                "section 1(b) of Executive Order 13224, as amended by EO 13886",
            ),
        ),
    ),
    (
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "properties",
        (("sanctionsInformation", "Subject to Secondary Sanctions"),),
    ),
    (
        "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
        "properties",
        (("notes", "Listing Date (EO 14024 Directive 2): 24 Feb 2022"),),
    ),
    ("a.k.a. 'BNC'.", "names", (Name("BNC", NameKind.WEAK_ALIAS, script="Latn"),)),
    ("f.k.a. 'ANA I'", "names", (Name("ANA I", NameKind.PREVIOUS, script="Latn"),)),
    ("a.k.a. 'WHOIS HACKIN", "names", (Name("WHOIS HACKIN", NameKind.WEAK_ALIAS, script="Latn"),)),  # cut
    ("Member of the State Duma of the Federal Assembly of the Russian Federation.", "identifiers", ()),
    ("ICTY indictee.", "properties", ()),
]


@pytest.mark.parametrize(("text", "field", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_remark_clause(text: str, field: str, expected: object) -> None:
    entity, problems = read(text)
    assert getattr(entity, field) == expected
    assert problems == []
    assert entity.remarks == text  # the full original text is kept


def test_unreadable_dob_is_kept_as_text_and_reported() -> None:
    entity, problems = read("DOB sometime in spring; POB Minsk, Belarus")
    assert entity.birth_dates == (PartialDate("sometime in spring"),)
    assert entity.birth_places == ("Minsk, Belarus",)
    assert problems == [("Remarks (DOB)", "unrecognised date of birth 'sometime in spring', kept as text")]


def test_a_realistic_remark_fills_every_field() -> None:
    text = (
        "DOB 12 Jan 1962; POB Moscow, Russia; nationality Russia; Gender Male; "
        "Passport 7100000001 (Russia); Tax ID No. 771234567890 (Russia); a.k.a. 'VANYA'; "
        "Linked To: ZARKOVIA TRADING LLC."
    )
    entity, problems = read(text)
    assert problems == []
    assert entity.gender == "male" and entity.nationalities == ("ru",)
    assert {i.type for i in entity.identifiers} == {T.PASSPORT, T.INN}
    assert [n.full for n in entity.names] == ["VANYA"]
    assert entity.properties == (("linkedTo", "ZARKOVIA TRADING LLC"),)


def test_only_the_closing_full_stop_is_dropped() -> None:
    assert clauses("Secondary sanctions risk: See Section 11 of Executive Order 14024.; Gender Male.") == [
        "Secondary sanctions risk: See Section 11 of Executive Order 14024.",
        "Gender Male",
    ]


def test_every_id_type_label_is_found_by_its_own_text() -> None:
    for spec in ID_TYPES:
        assert find_id_type(spec.label + "X" if spec.family else spec.label) is spec, spec.label


def test_labels_match_whole_words_only() -> None:
    assert find_id_type("Passports are not a label") is None
    spec = find_id_type("Phone Number 123")
    assert spec is not None and spec.label == "Phone Number"


@given(st.text(max_size=300))
def test_any_text_is_read_without_raising_and_kept_whole(text: str) -> None:
    entity, _problems = read(text)
    assert entity.remarks == (text or None)


@given(st.from_regex(r"[1-9][0-9]{5,15}", fullmatch=True))
def test_russian_tax_numbers_are_inns_exactly_when_10_or_12_digits(number: str) -> None:
    entity, _ = read(f"Tax ID No. {number} (Russia)")
    (identifier,) = entity.identifiers
    assert identifier.value == number and identifier.country == "ru"
    assert (identifier.type is T.INN) == (len(number) in (10, 12))
