"""``sanctionwatch screen`` and ``sanctionwatch compare``, run as real processes against a real store
holding the bundled (fictional) example lists."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from sanctionwatch.screen.alert_file import read_alerts
from sanctionwatch.settings import Settings
from sanctionwatch.sources.catalog import discover
from sanctionwatch.sources.registry import parse_fileset
from sanctionwatch.store import Store, VersionMeta

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with every example list recorded (SQLite in a fresh data directory)."""
    directory = tmp_path_factory.mktemp("data")
    with Store.open(Settings(data_dir=directory)) as store:
        for fileset in discover(EXAMPLES).filesets:
            parsed = parse_fileset(fileset)
            meta = VersionMeta(
                fetched_at=datetime.now(UTC),
                origin=str(fileset.path(next(iter(fileset.paths)))),
                format=fileset.format,
            )
            store.record_version(fileset.source, parsed.entities, meta)
    return directory


def _cli(data_dir: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCTIONWATCH_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    env.pop("SANCTIONWATCH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "sanctionwatch", *args], capture_output=True, text=True, env=env, check=check
    )


def test_screen_one_name_prints_a_table(data_dir: Path) -> None:
    result = _cli(data_dir, "screen", "Zarkovia Trading", "--schema", "Company")
    assert result.returncode == 0, result.stderr
    assert "ZARKOVIA TRADING LLC" in result.stdout.upper()
    assert [p.suffix for p in (data_dir / "index").iterdir()] == [".idx"]  # built once, cached


def test_screen_one_name_as_json(data_dir: Path) -> None:
    result = _cli(data_dir, "screen", "Iwan Testowitsch Petrow-Fiktiv", "--schema", "Person", "--json")
    assert result.returncode == 0, result.stderr
    alerts = orjson.loads(result.stdout)
    assert alerts and {a["query_id"] for a in alerts} == {"query"}
    # The person is on three example lists, with a Cyrillic alias on some of them.
    assert all(
        "PETROV-FICTIVE" in a["matched_name"].upper() or "ПЕТРОВ-ФИКТИВ" in a["matched_name"] for a in alerts
    )
    assert len({a["source"] for a in alerts}) >= 3
    assert alerts == sorted(alerts, key=lambda a: -a["score"])


def test_screen_without_a_name_or_input_is_an_error(data_dir: Path) -> None:
    result = _cli(data_dir, "screen")
    assert result.returncode == 2
    assert "give either a NAME or --input FILE" in result.stderr


def test_screen_with_no_lists_loaded_says_so(tmp_path: Path) -> None:
    result = _cli(tmp_path, "screen", "Zarkovia")
    assert result.returncode == 1
    assert "no lists loaded" in result.stderr


CSV_QUERIES = (
    b"id,name,schema,birth_date,nationality,passport\n"
    b"c1,Ivan Testovich Petrov-Fictive,Person,,ru,\n"
    b"c2,Zarkovia Trading,Company,,,\n"
    b"c3,,Person,,,\n"
    b"c4,Zark\xffovia,Company,,,\n"
    b"c5,Olga Samplovna Ivanova-Example,Person,bad date,,\n"
    b"c6,Xyloquent Hamperdash,Person,,,\n"
    b"c7,Khalid Zarif Al Mithali,Person,,,\n"
)


def test_batch_formats_hold_the_same_alerts_and_bad_lines_are_reported(
    data_dir: Path, tmp_path: Path
) -> None:
    queries = tmp_path / "customers.csv"
    queries.write_bytes(CSV_QUERIES)
    outputs = {}
    for name in ("alerts.jsonl", "alerts.csv", "alerts.parquet"):
        result = _cli(data_dir, "screen", "--input", str(queries), "--output", str(tmp_path / name))
        assert result.returncode == 3, result.stderr  # done, but some lines were bad
        outputs[name] = read_alerts(tmp_path / name)
        assert f"{queries}, line 4, record c3, field name: the query has no name" in result.stderr
        assert "line 5, record c4, field name: value is not valid UTF-8" in result.stderr
        assert "line 6, record c5, field birthDate" in result.stderr
    jsonl = outputs["alerts.jsonl"]
    assert {a["query_id"] for a in jsonl} >= {"c1", "c2", "c7"}
    assert "c6" not in {a["query_id"] for a in jsonl}
    assert outputs["alerts.csv"] == jsonl and outputs["alerts.parquet"] == jsonl
    errors = [orjson.loads(x) for x in (tmp_path / "alerts.jsonl.errors.jsonl").read_bytes().splitlines()]
    assert [e["line"] for e in errors] == [4, 5, 6]


def test_format_option_overrides_the_extension(data_dir: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(
        orjson.dumps({"id": "z", "schema": "Company", "properties": {"name": ["Zarkovia Trading"]}})
    )
    out = tmp_path / "alerts.out"
    result = _cli(data_dir, "screen", "--input", str(queries), "--output", str(out), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("query_id,entity_id,source,source_id,schema,")


def _many_queries(path: Path, count: int) -> None:
    names = [
        "Ivan Petrov-Fictive",
        "Zarkovia Trading",
        "Olga Ivanova-Example",
        "Nobody Inparticular",
        "Al Mithali",
    ]
    lines = [
        orjson.dumps({"id": f"q{i}", "properties": {"name": [f"{names[i % len(names)]}"]}})
        for i in range(count)
    ]
    lines[count // 2] = b"{broken"
    path.write_bytes(b"\n".join(lines) + b"\n")


def _wait_for_chunks(checkpoint: Path, process: subprocess.Popen[bytes], chunks: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be interrupted"
        try:
            done = orjson.loads(checkpoint.read_bytes())["chunks"]
        except (FileNotFoundError, orjson.JSONDecodeError):
            done = 0
        if done >= chunks:
            return
        time.sleep(0.01)
    raise AssertionError("no progress")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_batch_resumes_to_exactly_one_full_run(
    data_dir: Path, tmp_path: Path, how: signal.Signals
) -> None:
    queries = tmp_path / "q.jsonl"
    _many_queries(queries, 3000)
    common = ("screen", "--input", str(queries), "--chunk-size", "5", "--workers", "2")
    reference = tmp_path / "reference.jsonl"
    assert _cli(data_dir, *common, "--output", str(reference)).returncode == 3

    output = tmp_path / "out.jsonl"
    env = {**os.environ, "SANCTIONWATCH_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sanctionwatch", *common, "--output", str(output)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _wait_for_chunks(tmp_path / "out.jsonl.checkpoint.json", process, 3)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    if how is signal.SIGINT:
        assert process.returncode == 130
        assert b"rerun with --resume" in stderr
    assert not output.exists()

    resumed = _cli(data_dir, *common, "--output", str(output), "--resume")
    assert resumed.returncode == 3, resumed.stderr
    assert "resumed after" in resumed.stderr
    assert output.read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.jsonl.errors.jsonl").read_bytes() == (
        tmp_path / "reference.jsonl.errors.jsonl"
    ).read_bytes().replace(b"reference", b"reference")
    assert not (tmp_path / "out.jsonl.checkpoint.json").exists()


def test_compare_scores_pairs_and_reports_bad_lines(tmp_path: Path) -> None:
    person = {
        "schema": "Person",
        "properties": {"name": ["Ivan Testovich PETROV-FICTIVE"], "birthDate": ["1971"]},
    }
    pairs = [
        {
            "id": "same",
            "query": {"schema": "Person", "properties": {"name": ["Iwan Petrow-Fiktiv"]}},
            "candidate": person,
        },
        {
            "id": "other",
            "query": {"schema": "Company", "properties": {"name": ["Zarkovia Trading"]}},
            "candidate": person,
        },
        {"id": "nocand", "query": person},
        {"id": "badschema", "query": {"schema": "Robot", "properties": {"name": ["X"]}}, "candidate": person},
    ]
    source = tmp_path / "pairs.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(p) for p in pairs) + b"\n{oops\n")
    output = tmp_path / "scores.jsonl"
    result = _cli(tmp_path, "compare", "--input", str(source), "--output", str(output))
    assert result.returncode == 3, result.stderr
    rows = {r["id"]: r for r in (orjson.loads(x) for x in output.read_bytes().splitlines())}
    assert set(rows) == {"same", "other"}
    assert set(rows["same"]) == {"id", "score", "match", "explanation"}
    assert rows["same"]["match"] is True and rows["other"]["match"] is False
    assert rows["same"]["score"] > rows["other"]["score"]
    assert "line 3, record nocand, field candidate: missing object" in result.stderr
    assert "line 4, record badschema, field query.schema: unknown schema 'Robot'" in result.stderr
    assert "line 5: malformed JSON" in result.stderr


def test_compare_reads_the_candidate_as_the_list_states_it(tmp_path: Path) -> None:
    # A list entity exported in FtM form: 150 aliases and a birth date in the Hijri calendar are
    # what lists publish; the pair is still scored (the date kept as text, not compared). The
    # query is customer data and stays strict.
    aliases = [f"Zarkov Fictivia Alias{i:03d}" for i in range(150)]
    listed = {
        "schema": "Person",
        "properties": {
            "name": ["Abdul Karim ZARKOV-FICTIVE"],
            "alias": aliases,
            "birthDate": ["24/06/1402 (Hijri Calendar)"],
        },
    }
    pairs = [
        {
            "id": "listed",
            "query": {"schema": "Person", "properties": {"name": ["Abdul Karim Zarkov-Fictive"]}},
            "candidate": listed,
        },
        {
            "id": "strict",
            "query": {
                "schema": "Person",
                "properties": {
                    "name": ["Abdul Karim Zarkov-Fictive"],
                    "birthDate": ["24/06/1402 (Hijri Calendar)"],
                },
            },
            "candidate": listed,
        },
        {"id": "many", "query": {"schema": "Person", "properties": {"alias": aliases}}, "candidate": listed},
    ]
    source = tmp_path / "pairs.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(p) for p in pairs) + b"\n")
    output = tmp_path / "scores.jsonl"
    result = _cli(tmp_path, "compare", "--input", str(source), "--output", str(output))
    assert result.returncode == 3, result.stderr
    rows = {r["id"]: r for r in (orjson.loads(x) for x in output.read_bytes().splitlines())}
    assert set(rows) == {"listed"}
    assert rows["listed"]["match"] is True
    birth = next(f for f in rows["listed"]["explanation"]["features"] if f["feature"] == "birth_date")
    assert birth["contribution"] == 0
    assert (
        "record strict, field query.birthDate: '24/06/1402 (Hijri Calendar)' is not a date" in result.stderr
    )
    assert "record many, field query.alias: 150 values (limit 100)" in result.stderr
