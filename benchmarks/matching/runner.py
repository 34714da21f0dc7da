"""The benchmark run, step by step (entry point: benchmarks/matching/run.py)."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sanctionwatch.index import NameIndex
from sanctionwatch.match import Matcher
from sanctionwatch.model import Entity

from .cases import Case, generate_negatives, generate_positives
from .clean_names import CleanNames, generate_faker_names
from .lists import REPO, LoadedLists, default_lists_dir, load_lists
from .metrics import best_pair_scores, e2e_outcome, pair_outcome
from .pair_scores import build_pairs, score_ours, write_pairs
from .peers import ALGORITHMS, PEER_THRESHOLD, WORK, ensure_venv, score_pairs
from .report import RunData, Speed, render

HERE = Path(__file__).resolve().parent
FAKER_PER_LOCALE = 400


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Matching benchmark: sanctionwatch vs nomenklatura")
    parser.add_argument("--lists", type=Path, default=default_lists_dir(), help="list snapshots directory")
    parser.add_argument("--positives", type=int, default=3000)
    parser.add_argument("--negatives", type=int, default=3000)
    parser.add_argument("--candidates", type=int, default=3, help="top candidates per negative for the pairs")
    parser.add_argument(
        "--throughput", type=int, default=2000, help="queries for the 2-worker throughput run"
    )
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--quick", action="store_true", help="600 + 600 cases (a smoke run in ~2 minutes)")
    parser.add_argument("--no-peers", action="store_true", help="skip nomenklatura")
    parser.add_argument(
        "--output", type=Path, default=None, help="report file (default benchmarks/RESULTS.md)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.positives, args.negatives, args.throughput = 600, 600, 400
    if args.output is None:
        quick = args.quick or args.positives < 3000 or args.negatives < 3000
        args.output = WORK / "RESULTS-quick.md" if quick else REPO / "benchmarks" / "RESULTS.md"
    return args


def _faker_names(seed: int) -> CleanNames:
    path = WORK / f"clean-names-{seed}-{FAKER_PER_LOCALE}.jsonl"
    if not path.exists():
        _log("generating clean names with Faker (peers venv)")
        generate_faker_names(ensure_venv(), HERE / "faker_names.py", path, FAKER_PER_LOCALE, seed)
    return CleanNames.load(path)


def _cases_key(args: argparse.Namespace, loaded: LoadedLists) -> str:
    digest = hashlib.sha256(f"{args.seed}|{args.positives}|{args.negatives}".encode())
    for info in loaded.infos:
        digest.update(f"|{info.source}:{info.sha256}:{info.entities}".encode())
    for module in ("cases", "variants", "romanisation", "legal_forms", "clean_names", "faker_names"):
        digest.update((HERE / f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def _cases(args: argparse.Namespace, loaded: LoadedLists) -> list[Case]:
    path = WORK / f"cases-{_cases_key(args, loaded)}.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            return [Case(**json.loads(line)) for line in handle if line.strip()]
    import random

    rng = random.Random(args.seed)
    clean = _faker_names(args.seed)
    cases = generate_positives(loaded.entities, args.positives, rng)
    cases += generate_negatives(loaded.entities, clean, args.negatives, rng)
    WORK.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for case in cases:
            handle.write(json.dumps(case.to_dict(), ensure_ascii=False) + "\n")
    return cases


def _screening(index_path: Path, cases_path: Path, throughput: int) -> dict[str, Any]:
    out = WORK / "screening.json"
    command = [
        sys.executable,
        "-m",
        "benchmarks.matching.screening",
        str(index_path),
        str(cases_path),
        str(out),
    ]
    subprocess.run([*command, "--throughput", str(throughput)], check=True, cwd=REPO)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _machine() -> str:
    model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.platform()}, {os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    args = _args(argv)
    started = time.perf_counter()
    _log(f"loading lists from {args.lists}")
    loaded = load_lists(args.lists)
    entities: dict[str, Entity] = {e.id: e for e in loaded.entities}
    _log(f"{len(entities):,} entities; generating cases")
    cases = _cases(args, loaded)
    by_id = {c.id: c for c in cases}
    cases_path = WORK / "cases-current.jsonl"
    with cases_path.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in cases)

    _log(f"{len(cases)} cases; building the index")
    build_started = time.perf_counter()
    index = NameIndex.build(loaded.entities, fingerprint="benchmark")
    build_seconds = time.perf_counter() - build_started
    index_path = WORK / "benchmark.idx"
    save_started = time.perf_counter()
    index.save(index_path)
    save_seconds = time.perf_counter() - save_started

    _log(f"index built in {build_seconds:.1f} s; screening end to end (fresh process)")
    e2e = _screening(index_path, cases_path, args.throughput)
    perf = {k: v for k, v in e2e.items() if k != "results"}
    perf.update(
        entities=index.entity_count,
        names=index.name_count,
        build_seconds=build_seconds,
        save_seconds=save_seconds,
        index_mb=index_path.stat().st_size / 1e6,
    )

    _log("building pairs and scoring them with sanctionwatch's matcher")
    pairs = build_pairs(cases, index, args.candidates)
    matcher = Matcher(None, index.frequencies)
    ours = score_ours(pairs, by_id, entities, matcher)
    outcomes = [
        e2e_outcome(cases, e2e["results"]),
        pair_outcome("sanctionwatch (pairs)", pairs, ours.scores, ours.threshold),
    ]
    speeds = [Speed("sanctionwatch (prepare + compare)", ours.threshold, len(pairs), ours.seconds, 0)]
    best = {"sanctionwatch (pairs)": best_pair_scores(pairs, ours.scores)}
    notes: list[str] = []
    version = "-"
    if not args.no_peers:
        pairs_path = WORK / "pairs.jsonl"
        write_pairs(pairs_path, pairs, by_id, entities)
        _log(f"scoring {len(pairs)} pairs with nomenklatura {', '.join(ALGORITHMS)}")
        peers = score_pairs(pairs_path, WORK / "peer-scores.json")
        version = peers["nomenklatura"]
        for result in peers["results"]:
            name = f"nomenklatura {result['algorithm']}"
            outcomes.append(pair_outcome(name, pairs, result["scores"], PEER_THRESHOLD))
            speeds.append(Speed(name, PEER_THRESHOLD, len(pairs), result["seconds"], len(result["errors"])))
            best[name] = best_pair_scores(pairs, result["scores"])
            notes.extend(f"- {name} error: {e}" for e in result["errors"][:3])

    header = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "command": "benchmarks/matching/run.py " + " ".join(argv),
        "cases": f"{args.positives} positives + {args.negatives} negatives, seed {args.seed}; "
        f"{len(pairs)} pairs ({args.candidates} candidates per negative)",
        "peers": f"nomenklatura {version} (threshold {PEER_THRESHOLD}, yente's default)"
        if not args.no_peers
        else "skipped",
        "run time": "",
    }
    data = RunData(
        header=header,
        lists=loaded.infos,
        cases=cases,
        perf=perf,
        outcomes=outcomes,
        speeds=speeds,
        alerts={r["id"]: r["alerts"] for r in e2e["results"]},
        pair_best=best,
        names={e.id: e.primary_name for e in loaded.entities},
        notes=notes,
    )
    header["run time"] = f"{time.perf_counter() - started:.0f} s"
    text = render(data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    _log(f"report written to {args.output}")
    return 0
