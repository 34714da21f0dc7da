"""Score benchmark pairs with nomenklatura's matching algorithms (runs inside the peers venv).

    benchmarks/.work/peers-venv/bin/python benchmarks/matching/peer_worker.py PAIRS.jsonl OUT.json ALGO...

PAIRS.jsonl holds ``{"id", "query": FtM dict, "candidate": FtM dict}`` per line. OUT.json gets, per
algorithm, the score of every pair, the seconds spent in ``compare`` (one process, one thread,
so pairs/s is per core) and the number of pairs that raised. Entities are built once, before the
clock starts, as a caller would hold them already.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy
from nomenklatura.matching import ScoringConfig, get_algorithm


def _proxies(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    cache: dict[str, Any] = {}
    for pair in pairs:
        for side in ("query", "candidate"):
            data = pair[side]
            if data["id"] not in cache:
                cache[data["id"]] = EntityProxy.from_dict(data)
    return cache


def score(name: str, pairs: list[dict[str, Any]], proxies: dict[str, Any]) -> dict[str, Any]:
    algorithm = get_algorithm(name)
    if algorithm is None:
        raise SystemExit(f"nomenklatura has no algorithm {name!r}")
    config = ScoringConfig.defaults()
    scores: dict[str, float | None] = {}
    errors: list[str] = []
    started = time.process_time()
    for pair in pairs:
        query, candidate = proxies[pair["query"]["id"]], proxies[pair["candidate"]["id"]]
        try:
            scores[pair["id"]] = float(algorithm.compare(query, candidate, config).score)
        except Exception as exc:  # a peer failing on one pair must not lose the others
            scores[pair["id"]] = None
            errors.append(f"{pair['id']}: {exc!r}"[:300])
    seconds = time.process_time() - started
    return {"algorithm": name, "scores": scores, "seconds": seconds, "errors": errors}


def main(argv: list[str]) -> int:
    pairs_path, out_path, names = Path(argv[1]), Path(argv[2]), argv[3:]
    with pairs_path.open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle if line.strip()]
    proxies = _proxies(pairs)
    results = []
    for name in names:
        result = score(name, pairs, proxies)
        print(f"  {name}: {len(pairs)} pairs in {result['seconds']:.1f} s cpu", file=sys.stderr, flush=True)
        results.append(result)
    import nomenklatura

    out = {"nomenklatura": getattr(nomenklatura, "__version__", "?"), "results": results}
    out_path.write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
