"""The benchmark report, as Markdown (printed, and written to benchmarks/RESULTS.md)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cases import Case
from .lists import ListInfo
from .metrics import TOTAL, Outcome, breakdown


@dataclass(slots=True)
class Speed:
    name: str
    threshold: float
    pairs: int
    seconds: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.pairs / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class RunData:
    header: dict[str, str]
    lists: list[ListInfo]
    cases: list[Case]
    perf: dict[str, Any]
    outcomes: list[Outcome]  # end to end first, then pair algorithms
    speeds: list[Speed]
    alerts: dict[str, list[dict[str, Any]]]  # case id -> end-to-end alerts
    pair_best: dict[str, dict[str, tuple[float, str]]]  # algorithm -> case id -> (best score, entity id)
    names: dict[str, str]  # entity id -> primary name
    notes: list[str] = field(default_factory=list)


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines.extend("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows)
    return [*lines, ""]


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f}%" if total else "-"


def _per_1000(hits: int, total: int) -> str:
    return f"{1000 * hits / total:.0f}" if total else "-"


def _rate_table(
    data: RunData, kind: str, key: Callable[[Case], str], fmt: Callable[[int, int], str], label: str
) -> list[str]:
    cases = [c for c in data.cases if c.kind == kind]
    tables = [breakdown(cases, o.hit, key) for o in data.outcomes]
    keys = [*sorted({key(c) for c in cases}), TOTAL]
    rows = []
    for k in keys:
        total = tables[0].rates[k].total
        rows.append(
            [k if k != TOTAL else f"**{TOTAL}**", total, *(fmt(t.rates[k].hits, total) for t in tables)]
        )
    return _table([label, "n", *(o.name for o in data.outcomes)], rows)


def _lists(data: RunData) -> list[str]:
    rows = [
        [i.source, i.files, i.format, i.published, i.sha256, i.entities, i.problems, f"{i.seconds:.1f}"]
        for i in data.lists
    ]
    head = ["list", "files", "format", "published", "sha256[:16]", "entities", "problems", "parse s"]
    return ["## Lists screened against (all loaded together)", "", *_table(head, rows)]


def _cases(data: RunData) -> list[str]:
    counts = Counter((c.kind, c.category) for c in data.cases)
    rng = random.Random(0)
    rows = []
    for (kind, category), count in sorted(counts.items()):
        example = rng.choice([c for c in data.cases if c.category == category])
        rows.append([kind, category, count, f"`{example.name}` ← `{example.origin}`"])
    return [
        "## Cases",
        "",
        *_table(["kind", "category", "count", "example (query ← listed name / locale)"], rows),
    ]


def _perf(data: RunData) -> list[str]:
    p = data.perf
    rows = [
        ["entities / names indexed", f"{p['entities']:,} / {p['names']:,}"],
        ["index build (prepare + index, 1 core)", f"{p['build_seconds']:.1f} s"],
        ["index save / file size", f"{p['save_seconds']:.1f} s / {p['index_mb']:.0f} MB"],
        ["index load (fresh process)", f"{p['load_seconds']:.2f} s"],
        ["peak RSS after load / after screening", f"{p['rss_loaded_mb']:.0f} MB / {p['rss_peak_mb']:.0f} MB"],
        [
            "single-query latency median / p95 / max",
            (f"{p['latency_median_ms']:.1f} / {p['latency_p95_ms']:.1f} / {p['latency_max_ms']:.0f} ms"),
        ],
        ["sequential queries/s (1 core)", f"{p['single_qps']:.0f}"],
        [
            f"batch throughput, 2 workers ({p['throughput_queries']} queries)",
            f"{p['throughput_qps_2_workers']:.0f} queries/s",
        ],
        ["default threshold", f"{p['threshold']:.2f}"],
    ]
    return [
        "## sanctionwatch end-to-end screening: speed and memory",
        "",
        *_table(["measure", "value"], rows),
    ]


def _speeds(data: RunData) -> list[str]:
    rows = [
        [s.name, f"{s.threshold:.2f}", s.pairs, f"{s.seconds:.1f}", f"{s.per_second:,.0f}", s.errors]
        for s in data.speeds
    ]
    head = ["algorithm", "threshold", "pairs", "CPU s", "pairs/s (1 core)", "errors"]
    return ["## Pair comparison speed", "", *_table(head, rows)]


def _alert_text(alert: Mapping[str, Any]) -> str:
    return f"`{alert['matched_name']}` ({alert['source']}, {alert['score']:.2f})"


def _examples(data: RunData, per_category: int = 4) -> list[str]:
    e2e = data.outcomes[0]
    ours = data.pair_best.get("sanctionwatch (pairs)", {})
    lines = ["## Examples: end-to-end misses (positives) and false alerts (negatives)", ""]
    rng = random.Random(1)
    for kind in ("positive", "negative"):
        for category in sorted({c.category for c in data.cases if c.kind == kind}):
            wrong = [
                c
                for c in data.cases
                if c.category == category and c.kind == kind and e2e.hit(c) == (kind == "negative")
            ]
            if not wrong:
                continue
            lines.append(f"**{kind} / {category}** ({len(wrong)} wrong)")
            lines.append("")
            for case in rng.sample(wrong, min(per_category, len(wrong))):
                lines.append(
                    "- " + _example(case, data.alerts.get(case.id, []), ours.get(case.id), data.names)
                )
            lines.append("")
    return lines


def _example(
    case: Case, alerts: list[dict[str, Any]], ours: tuple[float, str] | None, names: Mapping[str, str]
) -> str:
    extras = f" [dob {case.birth_date}, nat {case.nationality}]" if case.birth_date else ""
    if case.kind == "positive":
        got = ", ".join(_alert_text(a) for a in alerts[:2]) or "no alert"
        pair = f"; pair score vs target {ours[0]:.2f}" if ours else ""
        return f"`{case.name}`{extras} ← `{case.origin}` ({case.target}); got: {got}{pair}"
    return f"`{case.name}`{extras} ({case.origin}) alerted: " + ", ".join(_alert_text(a) for a in alerts[:3])


def _peers_better(data: RunData) -> list[str]:
    """Positives a peer catches (pairs) that our matcher scores below its threshold."""
    outcomes = {o.name: o for o in data.outcomes}
    ours = outcomes.get("sanctionwatch (pairs)")
    if ours is None or len(data.outcomes) < 3:
        return []
    lines = ["## Positives a peer catches and sanctionwatch's matcher misses (pair scores)", ""]
    positives = [c for c in data.cases if c.kind == "positive"]
    rows = []
    for peer in data.outcomes[2:]:
        lost = [c for c in positives if peer.hit(c) and not ours.hit(c)]
        won = [c for c in positives if ours.hit(c) and not peer.hit(c)]
        by_category = Counter(c.category for c in lost).most_common(4)
        rows.append([peer.name, len(lost), len(won), ", ".join(f"{k} {v}" for k, v in by_category)])
    lines.extend(
        _table(["peer", "peer hits, we miss", "we hit, peer misses", "top categories of our misses"], rows)
    )
    first_peer = data.outcomes[2]
    lost = [c for c in positives if first_peer.hit(c) and not ours.hit(c)]
    best_ours = data.pair_best.get("sanctionwatch (pairs)", {})
    best_peer = data.pair_best.get(first_peer.name, {})
    for case in random.Random(2).sample(lost, min(12, len(lost))):
        o, p = best_ours.get(case.id, (0.0, "")), best_peer.get(case.id, (0.0, ""))
        scores = f"ours {o[0]:.2f}, {first_peer.name} {p[0]:.2f}"
        lines.append(f"- [{case.category}] `{case.name}` ← `{case.origin}`: {scores}")
    return [*lines, ""]


ACCURACY_NOTE = (
    "Columns: `sanctionwatch (screening)` is end-to-end `Screener.screen` over all lists at the default",
    "threshold and limit (a positive counts when its target entity is among the alerts; a negative when it",
    "has any alert). The other columns score the same pairs: (positive query, its target entity) and",
    "(negative query, each of its top candidates from our index); a negative counts when any of its pairs",
    "reaches the algorithm's threshold.",
)


def _worst(data: RunData) -> list[str]:
    """The weakest end-to-end categories, first thing in the report."""
    e2e = data.outcomes[0]
    positives = breakdown([c for c in data.cases if c.kind == "positive"], e2e.hit, lambda c: c.category)
    negatives = breakdown([c for c in data.cases if c.kind == "negative"], e2e.hit, lambda c: c.category)
    low = sorted((r.share, k) for k, r in positives.rates.items() if k != TOTAL)[:4]
    high = sorted(((r.share, k) for k, r in negatives.rates.items() if k != TOTAL), reverse=True)[:4]
    total_p, total_n = positives.rates[TOTAL], negatives.rates[TOTAL]
    ours = data.pair_best.get("sanctionwatch (pairs)", {})
    threshold = data.speeds[0].threshold if data.speeds else 1.0
    lost = Counter(
        c.category
        for c in data.cases
        if c.kind == "positive" and not e2e.hit(c) and ours.get(c.id, (0.0, ""))[0] >= threshold
    )
    return [
        "## Summary (end-to-end screening)",
        "",
        f"- recall {_pct(total_p.hits, total_p.total)}; false alerts {_per_1000(total_n.hits, total_n.total)}"
        " per 1,000 negative queries",
        "- lowest recall: " + ", ".join(f"{k} {100 * v:.0f}%" for v, k in low),
        "- most false alerts (per 1,000): " + ", ".join(f"{k} {1000 * v:.0f}" for v, k in high),
        f"- positives missed end to end although the matcher scores their target >= {threshold:.2f} "
        f"(lost at candidate generation or the alert limit): {sum(lost.values())} "
        f"({', '.join(f'{k} {v}' for k, v in lost.most_common(5))})",
        "",
    ]


def render(data: RunData) -> str:
    lines = ["# Matching benchmark results", ""]
    lines.extend(f"- **{k}**: {v}" for k, v in data.header.items())
    lines.extend(["", *data.notes, ""] if data.notes else [""])
    lines.extend(_worst(data))
    lines.extend(_lists(data))
    lines.extend(_cases(data))
    lines.extend(_perf(data))
    lines.extend(["## Accuracy", "", *ACCURACY_NOTE, "", "### Recall on positives, by category", ""])
    lines.extend(_rate_table(data, "positive", lambda c: c.category, _pct, "category"))
    lines.extend(["### False alerts per 1,000 negative queries, by category", ""])
    lines.extend(_rate_table(data, "negative", lambda c: c.category, _per_1000, "category"))
    lines.extend(["### Recall on positives, by extra facts given", ""])
    lines.extend(_rate_table(data, "positive", lambda c: c.extras, _pct, "extras"))
    lines.extend(["### Recall on positives, by list of the target", ""])
    lines.extend(_rate_table(data, "positive", lambda c: c.source, _pct, "list"))
    lines.extend(_speeds(data))
    lines.extend(_peers_better(data))
    lines.extend(_examples(data))
    return "\n".join(lines).rstrip() + "\n"
