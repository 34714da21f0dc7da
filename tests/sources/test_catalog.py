"""Recognising list files by name and content, and ordering publications oldest first."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from sanctionwatch.errors import UnsupportedFormatError
from sanctionwatch.sources.catalog import discover, fileset_for

SDN_ROW = '36,"ZARKOVIA TRADING LLC",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
OFAC_XML = '<?xml version="1.0"?>\n<sdnList xmlns="https://x.invalid/XML"><publshInformation/></sdnList>\n'
UN_XML = '<?xml version="1.0"?>\n<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>\n'
FCDO_XML = '<?xml version="1.0"?>\n<Designations><DateGenerated>01/01/2026</DateGenerated></Designations>\n'
EU_XML = '<?xml version="1.0"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export"></export>\n'
CSL_HEADER = "_id,source,entity_number,type,programs,name,title,addresses\n"
TARGETS = (
    '"id","schema","name","aliases","birth_date","dataset"\n'
    '"NK-1","Person","Ivan Testovich PETROV-FICTIVE","","","zz_fictional_sanctions"\n'
)


def _write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _kinds(root: Path) -> dict[str, tuple[str, str]]:
    """Relative path of each fileset's main file -> (list key, format)."""
    found = discover(root)
    return {
        next(iter(fs.paths.values())).relative_to(root).as_posix(): (fs.source, fs.format)
        for fs in found.filesets
    }


def test_consolidated_xml_is_told_apart_by_its_root(tmp_path: Path) -> None:
    _write(tmp_path, "a/consolidated.xml", OFAC_XML)
    _write(tmp_path, "b/consolidated.xml", UN_XML)
    _write(tmp_path, "c/CONSOLIDATED.XML", OFAC_XML)
    assert _kinds(tmp_path) == {
        "a/consolidated.xml": ("ofac_cons", "ofac_xml"),
        "b/consolidated.xml": ("un_sc", "un_xml"),
        "c/CONSOLIDATED.XML": ("ofac_cons", "ofac_xml"),
    }


def test_single_file_formats_are_recognised(tmp_path: Path) -> None:
    _write(tmp_path, "x/SDN.XML", OFAC_XML)
    _write(tmp_path, "x/UK_Sanctions_List.xml", FCDO_XML)
    _write(tmp_path, "y/eu_latest.xml", EU_XML)
    _write(tmp_path, "y/ConList.csv", "Last Updated,01/01/2026\r\n")
    _write(tmp_path, "y/ConList_2026.csv", "Last Updated,01/01/2026\r\n")
    _write(tmp_path, "z/consolidated.csv", CSL_HEADER)
    _write(tmp_path, "z/entities.ftm.json", '{"id": "x", "schema": "Person", "datasets": ["zz_test"]}\n')
    _write(tmp_path, "w/targets.simple.csv", TARGETS)
    (tmp_path / "g").mkdir()
    with gzip.open(tmp_path / "g" / "consolidated.csv.gz", "wt") as handle:
        handle.write(CSL_HEADER)
    assert _kinds(tmp_path) == {
        "x/SDN.XML": ("ofac_sdn", "ofac_xml"),
        "x/UK_Sanctions_List.xml": ("uk_fcdo", "uk_fcdo_xml"),
        "y/eu_latest.xml": ("eu_fsf", "eu_fsf_xml"),
        "y/ConList.csv": ("uk", "uk_conlist"),
        "y/ConList_2026.csv": ("uk", "uk_conlist"),
        "z/consolidated.csv": ("us_csl", "us_csl"),
        "z/entities.ftm.json": ("zz_test", "ftm_json"),
        "w/targets.simple.csv": ("zz_fictional_sanctions", "os_targets_csv"),
        "g/consolidated.csv.gz": ("us_csl", "us_csl"),
    }


def test_targets_with_a_dataset_title_take_the_folder_as_key(tmp_path: Path) -> None:
    _write(
        tmp_path, "zz_war/targets.simple.csv", TARGETS.replace("zz_fictional_sanctions", "Fictional War List")
    )
    assert _kinds(tmp_path) == {"zz_war/targets.simple.csv": ("zz_war", "os_targets_csv")}


def test_ofac_csv_set_groups_its_siblings(tmp_path: Path) -> None:
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        _write(tmp_path, f"s/{name}", SDN_ROW)
    for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"):
        _write(tmp_path, f"c/{name}", SDN_ROW)
    found = discover(tmp_path)
    assert found.skipped == ()
    by_source = {fs.source: fs for fs in found.filesets}
    assert set(by_source) == {"ofac_sdn", "ofac_cons"}
    assert {role: p.name for role, p in by_source["ofac_sdn"].paths.items()} == {
        "sdn": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    }
    assert by_source["ofac_cons"].format == "ofac_csv"
    assert set(by_source["ofac_cons"].paths) == {"prim", "add", "alt", "comments"}


def test_incomplete_ofac_set_is_skipped_with_the_reason(tmp_path: Path) -> None:
    _write(tmp_path, "2025-12-24_no_sdn_csv/add.csv", SDN_ROW)
    _write(tmp_path, "2025-12-24_no_sdn_csv/alt.csv", SDN_ROW)
    found = discover(tmp_path)
    assert found.filesets == ()
    assert [(s.path.name, s.reason) for s in found.skipped] == [
        ("add.csv", "incomplete OFAC CSV set: no sdn.csv beside it"),
        ("alt.csv", "incomplete OFAC CSV set: no sdn.csv beside it"),
    ]


def test_dated_folders_give_the_hint_and_the_order(tmp_path: Path) -> None:
    # Path order would put "a/" first; the folder dates must decide instead.
    _write(tmp_path, "a/2024-05-03/sdn.csv", SDN_ROW)
    _write(tmp_path, "z/2023-12-28/sdn.csv", SDN_ROW)
    _write(tmp_path, "m/2024-01-15_extra/sdn.csv", SDN_ROW)
    found = discover(tmp_path)
    assert [fs.published_hint for fs in found.filesets] == ["2023-12-28", "2024-01-15", "2024-05-03"]


def test_unrecognised_files_are_skipped_not_dropped(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", "# lists\n")
    _write(tmp_path, "derived/names.csv", "Name,Alias\nZarkov,\n")
    _write(tmp_path, "journal/32026R0001.csv", "amendedCelex,amendmentCelex,recordId,programKey\n")
    _write(tmp_path, "other.xml", "<?xml version='1.0'?><catalog/>")
    _write(tmp_path, "us/consolidated.csv", "a,b,c\n")
    reasons = {s.path.relative_to(tmp_path).as_posix(): s.reason for s in discover(tmp_path).skipped}
    assert reasons["README.md"] == "documentation, not a list file"
    assert "no known list layout" in reasons["derived/names.csv"]
    assert "EU journal amendment" in reasons["journal/32026R0001.csv"]
    assert reasons["other.xml"] == "XML root element <catalog> is not a known list format"
    assert "Consolidated Screening List" in reasons["us/consolidated.csv"]


def test_a_folder_of_eu_journal_files_is_one_publication(tmp_path: Path) -> None:
    header = "celex,recordId,programKey,annex,measure\n"
    _write(tmp_path, "eu/a/32014R0269.csv", header)
    _write(tmp_path, "eu/a/32014R0833.csv", header)
    _write(tmp_path, "eu/2026-01-05/32014R0269.csv", header)
    found = discover(tmp_path)
    assert found.skipped == ()
    assert [(fs.source, fs.format, sorted(fs.paths), fs.published_hint) for fs in found.filesets] == [
        ("eu_journal", "eu_journal_csv", ["32014R0269", "32014R0833"], None),
        ("eu_journal", "eu_journal_csv", ["32014R0269"], "2026-01-05"),
    ]


def test_unreadable_consolidated_xml_goes_to_its_folders_parser(tmp_path: Path) -> None:
    # A broken or hostile file must reach a parser (which fails loudly), not vanish as "skipped".
    _write(tmp_path, "un_sc/consolidated.xml", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(
        tmp_path, "misc/consolidated.xml", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    found = discover(tmp_path)
    assert [(fs.source, fs.format) for fs in found.filesets] == [("un_sc", "un_xml")]
    assert [s.path.relative_to(tmp_path).as_posix() for s in found.skipped] == ["misc/consolidated.xml"]


@pytest.mark.shared_data
def test_every_shared_file_is_loaded_or_skipped_with_a_reason(shared_lists: Path) -> None:
    found = discover(shared_lists)
    loaded = {p for fs in found.filesets for p in fs.paths.values()}
    skipped = {s.path for s in found.skipped}
    every = {p for p in shared_lists.rglob("*") if p.is_file()}
    assert loaded | skipped == every
    assert not loaded & skipped
    assert all(s.reason for s in found.skipped)
    sdn = [fs for fs in found.filesets if fs.source == "ofac_sdn"]
    assert [fs.published_hint for fs in sdn] == ["2023-12-28", "2024-05-03"]
    assert set(sdn[0].paths) == {"sdn", "add", "alt", "comments"}
    kinds = {(fs.source, fs.format) for fs in found.filesets}
    assert {
        ("ofac_cons", "ofac_xml"),
        ("ofac_cons", "ofac_csv"),
        ("un_sc", "un_xml"),
        ("uk", "uk_conlist"),
        ("uk_fcdo", "uk_fcdo_xml"),
        ("eu_fsf", "eu_fsf_xml"),
        ("us_csl", "us_csl"),
        ("ua_war_sanctions", "os_targets_csv"),
        ("eu_journal", "eu_journal_csv"),
    } <= kinds
    incomplete = {s.path.name for s in found.skipped if s.path.parent.name == "2025-12-24_no_sdn_csv"}
    assert incomplete == {"add.csv", "alt.csv", "sdn_comments.csv"}


def test_fileset_for_brings_the_ofac_siblings(tmp_path: Path) -> None:
    main = _write(tmp_path, "2024-02-01/sdn.csv", SDN_ROW)
    _write(tmp_path, "2024-02-01/alt.csv", SDN_ROW)
    fileset = fileset_for("ofac_sdn", main)
    assert fileset.format == "ofac_csv"
    assert set(fileset.paths) == {"sdn", "alt"}
    assert fileset.published_hint == "2024-02-01"


def test_fileset_for_uses_name_then_content_then_the_key(tmp_path: Path) -> None:
    png = _write(tmp_path, "sdn.xml", b"\x89PNG\r\n\x1a\n")
    assert fileset_for("ofac_sdn", png).format == "ofac_xml"  # the parser will say it is not XML
    renamed = _write(tmp_path, "today.xml", UN_XML)
    assert (fileset_for("un_sc", renamed).source, fileset_for("un_sc", renamed).format) == ("un_sc", "un_xml")
    csv_set = _write(tmp_path, "ofac-2024.csv", SDN_ROW)
    assert fileset_for("ofac_sdn", csv_set).format == "ofac_csv"


def test_fileset_for_refuses_what_it_cannot_place(tmp_path: Path) -> None:
    notes = _write(tmp_path, "notes.txt", "hello")
    with pytest.raises(UnsupportedFormatError, match="cannot tell the list format"):
        fileset_for("zz_unknown", notes)
    with pytest.raises(UnsupportedFormatError, match="no such file"):
        fileset_for("un_sc", tmp_path / "absent.xml")
