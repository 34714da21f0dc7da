"""Candidate recall of the index on the matching benchmark's cases (all lists loaded together).

For every positive case: is the target entity among the candidates the screener hands to the
matcher? And among the alerts? How many candidates does a query cost, and how long does the index
take per query? A miss is "lost by the index" when the matcher scores the target at or above the
threshold but the target was never a candidate.

    .venv/bin/python benchmarks/candidate_recall.py [--cases FILE] [--prepared CACHE.pkl] [--show N]

``--cases`` defaults to the newest full case file the matching benchmark cached in
benchmarks/.work (run ``benchmarks/matching/run.py`` once first). ``--prepared`` keeps the prepared
list entities in a pickle between runs (one file per version of names/ and match/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"


def _cases_file() -> Path:
    files = [p for p in WORK.glob("cases-*.jsonl") if p.name != "cases-current.jsonl"]
    if not files:
        sys.exit("no cached cases: run benchmarks/matching/run.py first")
    return max(files, key=lambda p: p.stat().st_size)


def _prepared(cache: Path | None) -> list[Any]:
    from benchmarks.matching.lists import default_lists_dir, load_lists

    from sanctionwatch.match import prepare

    if cache is not None:
        # Prepared entities depend on the matcher's code, which changes: one file per code version.
        digest = hashlib.sha256()
        for package in ("names", "match"):
            for path in sorted((REPO / "src" / "sanctionwatch" / package).rglob("*.py")):
                digest.update(path.read_bytes())
        cache = cache.with_name(f"{cache.stem}-{digest.hexdigest()[:12]}{cache.suffix}")
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            loaded: list[Any] = pickle.load(handle)  # noqa: S301 - our own scratch file
            return loaded
    entities = load_lists(default_lists_dir()).entities
    prepared = [prepare(e) for e in entities]
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump(prepared, handle, protocol=5)
    return prepared


def _reason(place: int | None, every: list[tuple[int, float]], screener: Any) -> str:
    if place is None:
        return "no shared term"
    from sanctionwatch.screen.screener import DEFAULT_CANDIDATE_FIRST

    score = every[place][1]
    if place < DEFAULT_CANDIDATE_FIRST:
        return "below the least score"
    if score < screener.candidate_floor:
        return "below floor"
    if score < every[0][1] * screener.candidate_ratio:
        return "below ratio"
    return f"rank > {screener.candidates}"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from benchmarks.matching.screening import query_entity

    from sanctionwatch.index import NameIndex
    from sanctionwatch.match import prepare
    from sanctionwatch.screen.screener import Screener

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=None)
    parser.add_argument("--prepared", type=Path, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many index losses")
    parser.add_argument("--candidates", type=int, default=None, help="override the screener's")
    parser.add_argument("--ratio", type=float, default=None)
    parser.add_argument("--floor", type=float, default=None)
    args = parser.parse_args(argv)
    cases_path = args.cases or _cases_file()
    with cases_path.open(encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle if line.strip()]

    started = time.perf_counter()
    prepared = _prepared(args.prepared)
    print(f"prepared {len(prepared)} entities in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    index = NameIndex.from_prepared(prepared, "recall")
    print(f"indexed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    number = {p.entity.id: i for i, p in enumerate(prepared)}
    screener = Screener(index)
    for attr, value in (("candidates", args.candidates), ("candidate_ratio", args.ratio)):
        if value is not None:
            setattr(screener, attr, value)
    if args.floor is not None:
        screener.candidate_floor = args.floor
    threshold = screener.threshold

    found = Counter[str]()
    total = Counter[str]()
    alerted = Counter[str]()
    lost = Counter[str]()
    lost_examples: list[str] = []
    reasons = Counter[str]()
    counts: list[int] = []
    index_seconds: list[float] = []
    reachable = 0
    reachable_found = 0
    for case in cases:
        query = prepare(query_entity(case))
        t0 = time.perf_counter()
        ranked = screener.ranked_candidates(query, 10)
        index_seconds.append(time.perf_counter() - t0)
        counts.append(len(ranked))
        if case["kind"] != "positive":
            continue
        category = case["category"]
        total[category] += 1
        target = number.get(case["target"])
        if target is None:
            continue
        hit = any(i == target for i, _ in ranked)
        found[category] += hit
        score = screener.matcher.compare(query, prepared[target]).score
        if score >= threshold:
            reachable += 1
            reachable_found += hit
            alerts = screener.screen_prepared(query)
            alerted[category] += any(a.entity_id == case["target"] for a in alerts)
            if not hit:
                lost[category] += 1
                every = index.ranked(query, 100_000)
                place = next((r for r, (i, _) in enumerate(every) if i == target), None)
                reasons[_reason(place, every, screener)] += 1
                if len(lost_examples) < args.show:
                    best = [(prepared[i].entity.names[0].full, round(s, 2)) for i, s in ranked[:3]]
                    lost_examples.append(
                        f"[{category}] {case['name']!r} <- {case['origin']!r} (score {score:.2f}); top {best}"
                    )
    positives = sum(total.values())
    print(f"cases: {cases_path.name}; positives {positives}; threshold {threshold}")
    print(
        f"candidate recall (all positives): {sum(found.values()) / positives:.2%}; "
        f"(positives the matcher scores >= threshold): {reachable_found / max(reachable, 1):.2%} "
        f"of {reachable}; lost by the index: {sum(lost.values())} {dict(lost.most_common())}"
    )
    print(f"why lost: {dict(reasons.most_common())}")
    print(f"alerted on target when reachable: {sum(alerted.values()) / max(reachable, 1):.2%}")
    print(
        f"candidates per query: mean {statistics.mean(counts):.1f}, median {statistics.median(counts)}, "
        f"max {max(counts)}; index time per query: mean {statistics.mean(index_seconds) * 1e6:.0f} us, "
        f"median {statistics.median(index_seconds) * 1e6:.0f} us"
    )
    for category in sorted(total):
        print(f"  {category:16} {found[category] / total[category]:7.2%} of {total[category]}")
    for line in lost_examples:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
