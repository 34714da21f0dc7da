"""The update pipeline against a real store: new versions, guards, and bad input that loses nothing."""

from __future__ import annotations

import csv
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import (
    Counts,
    Outcome,
    UpdateReport,
    update_download,
    update_from_directory,
    update_sources,
)

# Fictional designations in the OFAC legacy CSV layout: ent_num -> (name, type, program).
PEOPLE = {n: (f"PETROV-FICTIVE, Ivan {n}", "individual", "ZARKOVIA-EO1") for n in range(9001, 9007)}
COMPANIES = {n: (f"ZARKOVIA TRADING {n} LLC", "-0- ", "ZARKOVIA-EO2") for n in range(9101, 9105)}


def _sdn_row(ent_num: int, name: str, sdn_type: str, program: str) -> str:
    kind = f'"{sdn_type}"' if sdn_type.strip() != "-0-" else sdn_type
    return f'{ent_num},"{name}",{kind},"{program}"' + ",-0- " * 8 + "\r\n"


def _write_sdn(folder: Path, records: dict[int, tuple[str, str, str]], extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sdn.csv"
    text = "".join(_sdn_row(n, *record) for n, record in sorted(records.items())) + extra
    path.write_bytes(text.encode("latin-1") + b"\x1a")
    return path


def _un_xml(refs: list[str], generated: str = "2026-01-15T00:00:00Z") -> str:
    people = "".join(
        f"<INDIVIDUAL><DATAID>{9000000 + i}</DATAID><FIRST_NAME>ZARKO</FIRST_NAME>"
        f"<SECOND_NAME>FICTIVE {ref}</SECOND_NAME><UN_LIST_TYPE>Zarkovia</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER><LISTED_ON>2019-03-14</LISTED_ON></INDIVIDUAL>"
        for i, ref in enumerate(refs)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<CONSOLIDATED_LIST dateGenerated="{generated}">\n<INDIVIDUALS>{people}</INDIVIDUALS>'
        "<ENTITIES/></CONSOLIDATED_LIST>\n"
    )


def _ids(store: Store, source: str) -> set[str]:
    active = store.active_version(source)
    assert active is not None
    return {e.id for e in store.entities(active)}


def _only(report: UpdateReport, source: str) -> list[Outcome]:
    return [r.outcome for r in report.results if r.source == source]


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def test_dated_publications_become_versions_with_counts(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    lists = tmp_path / "lists"
    first = PEOPLE | COMPANIES
    second = {k: v for k, v in first.items() if k != 9001}  # one removed
    second[9102] = ("ZARKOVIA TRADING 9102 LLC", "-0- ", "ZARKOVIA-EO3")  # one changed
    second |= {
        9201: ("NEWCO FICTIVE", "-0- ", "ZARKOVIA-EO2"),
        9202: ("OTHERCO FICTIVE", "-0- ", "ZARKOVIA-EO2"),
    }
    _write_sdn(lists / "ofac_sdn" / "2024-02-01", second)
    _write_sdn(lists / "ofac_sdn" / "2024-01-01", first)
    (lists / "README.md").write_text("notes\n")

    report = update_from_directory(store, settings, lists)

    assert [r.outcome for r in report.results] == [Outcome.NEW, Outcome.NEW]
    assert [r.counts for r in report.results] == [Counts(10, 10, 0, 0), Counts(11, 2, 1, 1)]
    versions = store.versions("ofac_sdn")
    assert [(v.number, v.published, v.active) for v in versions] == [
        (1, "2024-01-01", False),
        (2, "2024-02-01", True),
    ]
    assert set(versions[0].files) == {"sdn.csv"}
    assert [s.path.name for s in report.skipped_files] == ["README.md"]
    assert report.exit_code == 0


def test_rerunning_the_same_directory_records_nothing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _write_sdn(tmp_path / "ofac_sdn" / "2024-01-01", PEOPLE)
    _write_sdn(tmp_path / "ofac_sdn" / "2024-02-01", PEOPLE | COMPANIES)
    update_from_directory(store, settings, tmp_path)

    again = update_from_directory(store, settings, tmp_path)

    assert [r.outcome for r in again.results] == [Outcome.SKIPPED, Outcome.UNCHANGED]
    assert "already recorded as version 1" in again.results[0].message
    assert [v.number for v in store.versions("ofac_sdn")] == [1, 2]


def test_older_publication_does_not_replace_the_active_one(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    update_sources(store, settings, [("ofac_sdn", _write_sdn(tmp_path / "2024-05-01", PEOPLE))])
    older = _write_sdn(tmp_path / "2023-01-01", PEOPLE | COMPANIES)

    report = update_sources(store, settings, [("ofac_sdn", older)])

    assert _only(report, "ofac_sdn") == [Outcome.SKIPPED]
    assert "older than the active version 1" in report.results[0].message
    assert _ids(store, "ofac_sdn") == {f"ofac_sdn-{n}" for n in PEOPLE}


def test_bad_csv_records_are_all_reported_and_nothing_changes(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    update_sources(store, settings, [("ofac_sdn", _write_sdn(tmp_path / "v1", PEOPLE))])
    bad_rows = 'X12,"NOT A NUMBER LLC",-0- ,"ZARKOVIA-EO2"' + ",-0- " * 8 + "\r\n"
    bad_rows += '9301,-0- ,-0- ,"ZARKOVIA-EO2"' + ",-0- " * 8 + "\r\n"
    corrupt = _write_sdn(tmp_path / "v2", PEOPLE | COMPANIES, extra=bad_rows)

    report = update_sources(store, settings, [("ofac_sdn", corrupt)])

    (result,) = report.results
    assert result.outcome is Outcome.FAILED and report.exit_code == 1
    assert "2 bad record(s)" in result.message and "version 1 stays active" in result.message
    lines = sorted(p.location.line for p in result.problems if p.location.line is not None)
    assert lines == [len(PEOPLE) + len(COMPANIES) + 1, len(PEOPLE) + len(COMPANIES) + 2]
    assert {p.location.file for p in result.problems} == {str(corrupt)}
    assert [v.number for v in store.versions("ofac_sdn")] == [1]
    assert _ids(store, "ofac_sdn") == {f"ofac_sdn-{n}" for n in PEOPLE}

    forced = update_sources(store, settings, [("ofac_sdn", corrupt)], force=True)

    assert forced.results[0].outcome is Outcome.NEW
    assert len(forced.results[0].problems) == 2  # still reported when forced
    assert _ids(store, "ofac_sdn") == {f"ofac_sdn-{n}" for n in PEOPLE | COMPANIES}


def test_large_drop_is_refused_unless_forced(store: Store, settings: Settings, tmp_path: Path) -> None:
    full = PEOPLE | COMPANIES
    update_sources(store, settings, [("ofac_sdn", _write_sdn(tmp_path / "v1", full))])
    shrunk = _write_sdn(tmp_path / "v2", {k: v for k, v in full.items() if k not in (9001, 9002, 9003)})

    refused = update_sources(store, settings, [("ofac_sdn", shrunk)])

    assert refused.results[0].outcome is Outcome.FAILED
    assert "would remove 3 of the 10 entities" in refused.results[0].message
    assert _ids(store, "ofac_sdn") == {f"ofac_sdn-{n}" for n in full}

    forced = update_sources(store, settings, [("ofac_sdn", shrunk)], force=True)

    assert forced.results[0].outcome is Outcome.NEW
    assert forced.results[0].counts == Counts(7, 0, 3, 0)
    assert store.active_version("ofac_sdn") is not None
    assert len(_ids(store, "ofac_sdn")) == 7


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("truncated", _un_xml(["ZVi.001", "ZVi.002", "ZVi.003"])[:300], "not well-formed XML"),
        (
            "xxe",
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
            + _un_xml(["ZVi.009"]).split("\n", 1)[1].replace("FICTIVE ZVi.009", "&leak;"),
            "DTD",
        ),
        (
            "bomb",
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
            + _un_xml(["ZVi.009"]).split("\n", 1)[1].replace("FICTIVE ZVi.009", "&lol3;"),
            "DTD",
        ),
        ("png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "XML"),
    ],
)
def test_unreadable_or_hostile_xml_keeps_the_last_good_version(
    store: Store, settings: Settings, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    good = tmp_path / "good" / "consolidated.xml"
    good.parent.mkdir()
    good.write_text(_un_xml(["ZVi.001", "ZVi.002", "ZVi.003"]))
    update_sources(store, settings, [("un_sc", good)])
    bad = tmp_path / name / "consolidated.xml"
    bad.parent.mkdir()
    bad.write_bytes(content.encode("latin-1"))

    report = update_sources(store, settings, [("un_sc", bad)])

    (result,) = report.results
    assert result.outcome is Outcome.FAILED
    assert expected in result.message and str(bad) in result.message
    assert result.version is not None and result.version.number == 1  # what stays active
    assert [v.number for v in store.versions("un_sc")] == [1]
    assert _ids(store, "un_sc") == {"un_sc-zvi.001", "un_sc-zvi.002", "un_sc-zvi.003"}
    assert not any("root:" in n.full for e in store.active_entities(["un_sc"]) for n in e.names)


def test_png_named_sdn_xml_fails_clearly(store: Store, settings: Settings, tmp_path: Path) -> None:
    update_sources(store, settings, [("ofac_sdn", _write_sdn(tmp_path / "v1", PEOPLE))])
    png = tmp_path / "v2" / "sdn.xml"
    png.parent.mkdir()
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))

    report = update_sources(store, settings, [("ofac_sdn", png)])

    assert report.results[0].outcome is Outcome.FAILED
    assert str(png) in report.results[0].message
    assert _ids(store, "ofac_sdn") == {f"ofac_sdn-{n}" for n in PEOPLE}


def test_one_failing_list_does_not_block_the_others(store: Store, settings: Settings, tmp_path: Path) -> None:
    _write_sdn(tmp_path / "ofac_sdn", PEOPLE)
    (tmp_path / "un_sc").mkdir()
    (tmp_path / "un_sc" / "consolidated.xml").write_text(_un_xml(["ZVi.001"])[:120])

    report = update_from_directory(store, settings, tmp_path)

    assert _only(report, "ofac_sdn") == [Outcome.NEW]
    assert _only(report, "un_sc") == [Outcome.FAILED]
    assert report.exit_code == 1
    assert store.active_version("un_sc") is None


def test_file_over_the_size_limit_is_refused(tmp_path: Path, database_url: str) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, max_download_bytes=200)
    with Store.open(settings) as store:
        report = update_sources(store, settings, [("ofac_sdn", _write_sdn(tmp_path / "v1", PEOPLE))])
        assert report.results[0].outcome is Outcome.FAILED
        assert "over the limit of 200" in report.results[0].message
        assert store.versions("ofac_sdn") == []


# --- downloads ------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A directory served over HTTP on 127.0.0.1 (with Last-Modified and 304 support)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _download_settings(settings: Settings, urls: dict[str, str]) -> Settings:
    return settings.model_copy(
        update={"source_urls": urls, "http_timeout": 2.0, "http_retries": 1, "http_backoff": 0.01}
    )


def test_download_records_then_304_then_failures_keep_the_version(
    store: Store, settings: Settings, served: tuple[Path, str]
) -> None:
    root, base = served
    (root / "consolidated.xml").write_text(_un_xml(["ZVi.001", "ZVi.002"]))
    (root / "error.xml").write_text("<!DOCTYPE html><html><body>Maintenance</body></html>")
    urls = {
        "un_sc": f"{base}/consolidated.xml",
        "html": f"{base}/error.xml",
        "gone": f"{base}/missing.xml",
        "down": "http://127.0.0.1:9/consolidated.xml",
    }
    conf = _download_settings(settings, urls)

    first = update_download(store, conf, ["un_sc"])
    assert first.results[0].outcome is Outcome.NEW
    version = store.active_version("un_sc")
    assert version is not None and version.http["url"] == urls["un_sc"] and "last_modified" in version.http

    again = update_download(store, conf, ["un_sc"])
    assert again.results[0].outcome is Outcome.UNCHANGED
    assert "HTTP 304" in again.results[0].message

    for key, url in (("un_sc", urls["html"]), ("un_sc", urls["gone"]), ("un_sc", urls["down"])):
        broken = _download_settings(settings, {key: url})
        report = update_download(store, broken, [key])
        assert report.results[0].outcome is Outcome.FAILED, url
        assert url in report.results[0].message
        assert report.exit_code == 1
    assert [v.number for v in store.versions("un_sc")] == [1]
    assert _ids(store, "un_sc") == {"un_sc-zvi.001", "un_sc-zvi.002"}


def test_download_of_an_unconfigured_list_fails_alone(
    store: Store, settings: Settings, served: tuple[Path, str]
) -> None:
    root, base = served
    (root / "consolidated.xml").write_text(_un_xml(["ZVi.001"]))
    conf = _download_settings(settings, {"un_sc": f"{base}/consolidated.xml"})

    report = update_download(store, conf, ["zz_nowhere", "un_sc"])

    assert [r.outcome for r in report.results] == [Outcome.FAILED, Outcome.NEW]
    assert "no download URL configured for 'zz_nowhere'" in report.results[0].message


# --- the real snapshots ---------------------------------------------------------------------------


def _ent_nums(path: Path) -> set[str]:
    with path.open(encoding="latin-1", newline="") as handle:
        return {row[0].strip() for row in csv.reader(handle) if row and row[0].strip().isdigit()}


@pytest.mark.shared_data
def test_shared_lists_load_with_the_stated_counts(shared_lists: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with Store.open(settings) as store:
        report = update_from_directory(store, settings, shared_lists)
        assert not report.failed, [
            (r.source, r.message) for r in report.results if r.outcome is Outcome.FAILED
        ]
        sdn = store.versions("ofac_sdn")
        assert [(v.number, v.published, v.entity_count) for v in sdn] == [
            (1, "2023-12-28", 13_821),
            (2, "2024-05-03", 14_965),
        ]
        assert sdn[1].active
        expected = {"ofac_cons": 442, "un_sc": 1_003, "uk": 4_686, "uk_fcdo": 5, "eu_fsf": 5}
        active = {key: store.active_version(key) for key in expected}
        assert {key: v.entity_count for key, v in active.items() if v is not None} == expected
        # The add/alt/comments files without their sdn.csv are reported, never loaded.
        incomplete = [s for s in report.skipped_files if s.path.parent.name == "2025-12-24_no_sdn_csv"]
        assert len(incomplete) == 3
        assert all("no sdn.csv" in s.reason for s in incomplete)
        old = _ent_nums(shared_lists / "ofac_sdn" / "2023-12-28" / "sdn.csv")
        new = _ent_nums(shared_lists / "ofac_sdn" / "2024-05-03" / "sdn.csv")
        second = next(
            r for r in report.results if r.source == "ofac_sdn" and r.version and r.version.number == 2
        )
        assert second.counts is not None
        assert (second.counts.added, second.counts.removed) == (len(new - old), len(old - new))
