"""Score identity check for performance work: the matcher's output over a fixed set of pairs.

Performance changes to prepare() and Matcher.compare must not change a single score. This
script prepares every entity of the benchmark lists (a digest of each prepared entity is kept,
so a change in normalisation shows up even when no score moves) and compares:

* UK ConList pairs as benchmarks/match_speed.py builds them (shared-key and random, seed 7);
* each matching-benchmark case (benchmarks/.work/cases-current.jsonl, written by
  benchmarks/matching/run.py) against its target and against entities sharing a key with it.

Run ``--write`` once before a change, then without it after: every score, match flag, best name
pair and prepared digest must be identical (exit status 1 and the first differences otherwise).

    .venv/bin/python benchmarks/score_check.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"
DUMP = WORK / "score-check.jsonl"
#: Candidates sharing a key compared per benchmark case (besides its target).
PER_CASE = 8


def _canonical(value: object) -> object:
    """The value with sets sorted (their order changes with the string hash seed) and dataclasses
    unfolded, for a digest that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(v)) for v in value)
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return sorted((repr(k), repr(_canonical(v))) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [(f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)]
    return value


def _digest(prepared: object) -> str:
    return hashlib.sha256(repr(_canonical(prepared)).encode()).hexdigest()[:16]


def _shared_key_pairs(keys: list[frozenset[str]], count: int, rng: random.Random) -> list[tuple[int, int]]:
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, entity_keys in enumerate(keys):
        for key in entity_keys:
            by_key[key].append(i)
    pairs: list[tuple[int, int]] = []
    while len(pairs) < count:
        i = rng.randrange(len(keys))
        own = sorted(keys[i])
        if not own:
            continue
        j = rng.choice(by_key[rng.choice(own)])
        if j != i:
            pairs.append((i, j))
    return pairs


def _lines() -> list[str]:
    sys.path.insert(0, str(REPO))
    from benchmarks.matching.lists import default_lists_dir, load_lists
    from benchmarks.matching.screening import query_entity

    from sanctionwatch.match import Matcher, MatchResult, PreparedEntity, TokenFrequencies, prepare

    def line(kind: str, pair_id: str, result: MatchResult) -> str:
        name = result.features[0].score
        fields = [kind, pair_id, repr(result.score), result.match, repr(name)]
        return json.dumps([*fields, result.query_name, result.matched_name])

    entities = load_lists(default_lists_dir()).entities
    started = time.process_time()
    prepared = [prepare(e) for e in entities]
    print(f"prepared {len(prepared)} entities in {time.process_time() - started:.1f}s CPU", file=sys.stderr)
    lines = [json.dumps(["prepared", p.entity.id, _digest(p)]) for p in prepared]
    matcher = Matcher(frequencies=TokenFrequencies.build(prepared))

    uk = [p for p in prepared if p.entity.id.startswith("uk-")]
    rng = random.Random(7)
    uk_pairs = _shared_key_pairs([p.all_keys for p in uk], 20_000, rng)
    uk_pairs += [(rng.randrange(len(uk)), rng.randrange(len(uk))) for _ in range(20_000)]
    started = time.process_time()
    for i, j in uk_pairs:
        lines.append(line("uk", f"{uk[i].entity.id}:{uk[j].entity.id}", matcher.compare(uk[i], uk[j])))

    by_id = {p.entity.id: p for p in prepared}
    by_key: dict[str, list[PreparedEntity]] = defaultdict(list)
    for p in prepared:
        for key in p.all_keys:
            by_key[key].append(p)
    with (WORK / "cases-current.jsonl").open(encoding="utf-8") as handle:
        cases = [json.loads(text) for text in handle if text.strip()]
    for case in cases:
        query = prepare(query_entity(case))
        lines.append(json.dumps(["query", case["id"], _digest(query)]))
        targets = [by_id[case["target"]]] if case.get("target") in by_id else []
        sharing = sorted({c.entity.id: c for k in sorted(query.all_keys) for c in by_key[k]}.items())
        rng.shuffle(sharing)
        targets += [c for _, c in sharing[:PER_CASE]]
        for candidate in targets:
            pair_id = f"{case['id']}:{candidate.entity.id}"
            lines.append(line("case", pair_id, matcher.compare(query, candidate)))
    print(f"compared in {time.process_time() - started:.1f}s CPU", file=sys.stderr)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="write the reference dump")
    args = parser.parse_args()
    lines = _lines()
    if args.write:
        DUMP.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} lines to {DUMP}")
        return 0
    reference = DUMP.read_text(encoding="utf-8").splitlines()
    differences = [(a, b) for a, b in zip(reference, lines, strict=False) if a != b]
    if len(reference) != len(lines):
        print(f"{len(reference)} reference lines, {len(lines)} now")
    for before, after in differences[:20]:
        print(f"- {before}\n+ {after}")
    pairs = sum(1 for text in lines if not text.startswith('["prepared"') and not text.startswith('["query"'))
    print(f"{len(lines)} lines ({pairs} pairs): {len(differences)} differ")
    return 1 if differences or len(reference) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())
