"""The list commands end to end: update, lists, diff, show, export (CliRunner and the real executable)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner, Result

import sanctionwatch.cli.lists  # noqa: F401  (registers the commands on the app)
from sanctionwatch.cli.app import app

EXECUTABLE = Path(sys.executable).parent / "sanctionwatch"
PEOPLE = {n: f"PETROV-FICTIVE, Ivan {n}" for n in range(9001, 9011)}


def _write_sdn(folder: Path, records: dict[int, str], program: str = "ZARKOVIA-EO1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(
        f'{n},"{name}","individual","{program}"' + ",-0- " * 8 + "\r\n" for n, name in sorted(records.items())
    )
    path = folder / "sdn.csv"
    path.write_bytes(rows.encode("latin-1"))
    return path


def _run(data_dir: Path, *args: str) -> Result:
    env = {"SANCTIONWATCH_DATA_DIR": str(data_dir), "SANCTIONWATCH_DATABASE_URL": "", "COLUMNS": "200"}
    return CliRunner().invoke(app, list(args), env=env)


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def _executable(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONWATCH_")}
    env |= {"SANCTIONWATCH_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run([str(EXECUTABLE), *args], env=env, capture_output=True, text=True, timeout=120)


def test_update_from_sources_then_lists_diff_and_show(tmp_path: Path) -> None:
    data = tmp_path / "data"
    v1 = _write_sdn(tmp_path / "2024-01-01", PEOPLE)
    changed = PEOPLE | {9003: "PETROV-FICTIVE, Ivan Renamed"}
    added = {9501: "ZARKOVIA TRADING LLC", 9502: "ZARKOVIA SHIPPING LLC"}
    v2 = _write_sdn(tmp_path / "2024-02-01", {k: v for k, v in changed.items() if k != 9010} | added)

    first = _run(data, "update", "--source", f"ofac_sdn={v1}")
    assert first.exit_code == 0, first.output
    assert "new version" in first.stdout
    second = _run(data, "update", "--source", f"ofac_sdn={v2}")
    assert second.exit_code == 0, second.output

    versions = _json(_run(data, "lists", "--json"))
    assert [(v["source"], v["number"], v["active"], v["entity_count"]) for v in versions] == [
        ("ofac_sdn", 1, False, 10),
        ("ofac_sdn", 2, True, 11),
    ]
    assert versions[1]["published"] == "2024-02-01" and list(versions[1]["files"]) == ["sdn.csv"]
    table = _run(data, "lists")
    assert "ofac_sdn" in table.stdout and "active" in table.stdout and "sdn.csv" in table.stdout

    delta = _json(_run(data, "diff", "ofac_sdn", "--json"))
    assert sorted(e["id"] for e in delta["added"]) == ["ofac_sdn-9501", "ofac_sdn-9502"]
    assert [e["id"] for e in delta["removed"]] == ["ofac_sdn-9010"]
    assert delta["summary"]["changed"] == 1
    text = _run(data, "diff", "ofac_sdn").stdout
    assert "ZARKOVIA TRADING LLC" in text and "Renamed" in text
    assert "2 added, 1 removed, 1 changed" in text
    assert "Added by programme: ZARKOVIA-EO1 2" in text

    shown = _json(_run(data, "show", "ofac_sdn-9003", "--json"))
    assert [a["version"] for a in shown["appearances"]] == [1, 2]
    assert shown["appearances"][1]["changes"]
    gone = _json(_run(data, "show", "ofac_sdn-9010", "--json"))
    assert [a["version"] for a in gone["appearances"]] == [1] and gone["absent_from_versions"] == [2]


def test_diff_filters_by_programme(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _run(data, "update", "--source", f"ofac_sdn={_write_sdn(tmp_path / 'a', PEOPLE)}")
    both = PEOPLE | {9601: "ONE FICTIVE"}
    v2 = _write_sdn(tmp_path / "b", both)
    extra = '9602,"TWO FICTIVE","individual","CYBER-FICTIVE"' + ",-0- " * 8 + "\r\n"
    v2.write_bytes(v2.read_bytes() + extra.encode())
    _run(data, "update", "--source", f"ofac_sdn={v2}")

    delta = _json(_run(data, "diff", "ofac_sdn", "--program", "CYBER-FICTIVE", "--json"))

    assert [e["id"] for e in delta["added"]] == ["ofac_sdn-9602"]
    assert delta["summary"]["added_by_program"] == {"CYBER-FICTIVE": 1}


def test_export_writes_ftm_json_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _run(data, "update", "--source", f"ofac_sdn={_write_sdn(tmp_path / 'a', PEOPLE)}")
    out = tmp_path / "out" / "export.ftm.json"

    result = _run(data, "export", "--format", "ftm", "--list", "ofac_sdn", "--output", str(out))

    assert result.exit_code == 0, result.output
    objects = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    people = [o for o in objects if o["schema"] == "Person"]
    assert len(people) == len(PEOPLE)
    assert {name for o in people for name in o["properties"]["name"]} == set(PEOPLE.values())


def test_refused_update_exits_nonzero_and_keeps_the_active_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert (
        _executable(data, "update", "--source", f"ofac_sdn={_write_sdn(tmp_path / 'a', PEOPLE)}").returncode
        == 0
    )
    shrunk = _write_sdn(tmp_path / "b", {k: v for k, v in PEOPLE.items() if k < 9005})

    refused = _executable(data, "update", "--source", f"ofac_sdn={shrunk}")

    assert refused.returncode == 1
    assert "FAILED" in refused.stdout and "would remove 6 of the 10" in refused.stdout
    listed = orjson.loads(_executable(data, "lists", "--json").stdout)
    assert [(v["number"], v["active"], v["entity_count"]) for v in listed] == [(1, True, 10)]

    forced = _executable(data, "update", "--force", "--source", f"ofac_sdn={shrunk}")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    listed = orjson.loads(_executable(data, "lists", "--json").stdout)
    assert [(v["number"], v["active"], v["entity_count"]) for v in listed] == [(1, False, 10), (2, True, 4)]


def test_bad_option_and_unknown_entity_are_one_line_errors(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = _executable(data, "update", "--source", "no-equals-sign")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --source 'no-equals-sign': expected KEY=PATH")
    missing = _executable(data, "show", "ofac_sdn-424242")
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: ")
    assert "Traceback" not in missing.stderr


# --- the real SDN snapshots -----------------------------------------------------------------------


def _sdn_programs(path: Path) -> dict[str, list[str]]:
    """ent_num -> programmes, read straight from an OFAC sdn.csv with the csv module."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) > 3 and row[0].strip().isdigit():
                field = row[3].strip()
                out[row[0].strip()] = [] if field == "-0-" else [p.strip(" []") for p in field.split("] [")]
    return out


@pytest.fixture(scope="module")
def sdn_store(shared_lists: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("sdn") / "data"
    for folder in ("2023-12-28", "2024-05-03"):
        result = _run(
            data, "update", "--source", f"ofac_sdn={shared_lists / 'ofac_sdn' / folder / 'sdn.csv'}"
        )
        assert result.exit_code == 0, result.output
    return data


@pytest.mark.shared_data
def test_diff_of_the_real_sdn_snapshots(sdn_store: Path, shared_lists: Path) -> None:
    old = _sdn_programs(shared_lists / "ofac_sdn" / "2023-12-28" / "sdn.csv")
    new = _sdn_programs(shared_lists / "ofac_sdn" / "2024-05-03" / "sdn.csv")
    added = set(new) - set(old)
    removed = set(old) - set(new)

    delta = _json(_run(sdn_store, "diff", "ofac_sdn", "--json"))

    assert len(added) > 1_100
    assert {e["source_id"] for e in delta["added"]} == added
    assert {e["source_id"] for e in delta["removed"]} == removed
    by_program = Counter(p for n in added for p in set(new[n]))
    assert delta["summary"]["added_by_program"] == dict(by_program)
    assert by_program["RUSSIA-EO14024"] > 800
    russia = _json(_run(sdn_store, "diff", "ofac_sdn", "--program", "RUSSIA-EO14024", "--json"))
    assert len(russia["added"]) == by_program["RUSSIA-EO14024"]


@pytest.mark.shared_data
def test_show_positive_technologies(sdn_store: Path, shared_lists: Path) -> None:
    # The 2023 set comes with alt.csv, where "JSC POSITIVE TECHNOLOGIES" is an alias of ent 31455.
    result = _run(sdn_store, "show", "ofac_sdn-31455")
    assert result.exit_code == 0, result.output
    assert "JSC POSITIVE TECHNOLOGIES" in result.stdout
    shown = _json(_run(sdn_store, "show", "ofac_sdn-31455", "--json"))
    assert [a["version"] for a in shown["appearances"]] == [1, 2]
    assert "POZITIV" in shown["entity"]["names"][0]["full"]
