"""The named features a comparison weighs; each returns a :class:`FeatureScore` with its reason.

Feature scores are on a signed scale: +1 full agreement, -1 clear conflict, 0 no evidence
(missing on either side). A feature's contribution to the final score is its weight (from
:class:`MatchConfig`) times its score, except the name (the base of the score), the identifier
(a floor) and the entity type (a gate).
"""

from __future__ import annotations

from sanctionwatch.match.config import MatchConfig
from sanctionwatch.match.facts import DAY, MONTH, DateRange
from sanctionwatch.match.prepared import PreparedEntity, PreparedName
from sanctionwatch.match.result import FeatureScore
from sanctionwatch.model import Schema

_OBJECTS = (Schema.VESSEL, Schema.AIRCRAFT)
_ORGANIZATIONS = (Schema.ORGANIZATION, Schema.COMPANY)


def types_compatible(a: Schema, b: Schema) -> bool:
    """Person, organisation, vessel and aircraft are distinct kinds; LegalEntity is any of them."""
    if a is b or Schema.LEGAL_ENTITY in (a, b):
        return True
    return a in _ORGANIZATIONS and b in _ORGANIZATIONS


def entity_type(query: PreparedEntity, candidate: PreparedEntity) -> FeatureScore:
    """Entity type compatibility: a person never matches an organisation, vessel or aircraft."""
    key = (query.schema, candidate.schema)
    found = _TYPE_VERDICTS.get(key)
    if found is None:
        # Few schema pairs exist and the verdict is immutable: build its text once, not per compare.
        found = _TYPE_VERDICTS[key] = _entity_type(*key)
    return found


_TYPE_VERDICTS: dict[tuple[Schema, Schema], FeatureScore] = {}


def _entity_type(a: Schema, b: Schema) -> FeatureScore:
    if types_compatible(a, b):
        return FeatureScore("entity_type", 1.0, 1.0, f"{a.value} and {b.value} are compatible")
    return FeatureScore("entity_type", 1.0, 0.0, f"{a.value} cannot be a {b.value}: score set to 0")


def _date_agreement(a: DateRange, b: DateRange) -> float:
    """+1 same day, +0.7 same month, +0.5 same year/overlapping range, 0.4 day and month swapped."""
    if a[0] <= b[1] and b[0] <= a[1]:
        precision = min(a[2], b[2])
        return 1.0 if precision == DAY else 0.7 if precision == MONTH else 0.5
    if a[2] == DAY and b[2] == DAY and a[0] // 10000 == b[0] // 10000:
        md_a, md_b = a[0] % 10000, b[0] % 10000
        if (md_a // 100, md_a % 100) == (md_b % 100, md_b // 100):
            return 0.4  # 1962-01-12 vs 1962-12-01: the same date read day-first and month-first
    return 0.0


def _year_gap(a: DateRange, b: DateRange) -> int:
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0
    return max(a[0], b[0]) // 10000 - min(a[1], b[1]) // 10000


#: Conflict score by the years between the closest dates (0: same year, different day or month).
_GAP_SCORES = {0: -0.2, 1: -0.3, 2: -0.5}


def birth_date(query: PreparedEntity, candidate: PreparedEntity, config: MatchConfig) -> FeatureScore:
    """Birth date: agreement (same day/month/year or overlapping ranges, circa widened by a year)
    raises the score a little; a conflict lowers it, a lot when the dates are three or more years apart."""
    if not query.birth or not candidate.birth:
        side = "query" if not query.birth else "list entry"
        return FeatureScore("birth_date", 0.0, 0.0, f"not compared: no birth date on the {side}")
    agreement = max(_date_agreement(a, b) for a in query.birth for b in candidate.birth)
    if agreement:
        weight = config.dob_agreement_weight
        detail = "birth dates agree" + ("" if agreement == 1.0 else " (partially: year/month or range)")
        return FeatureScore("birth_date", weight, agreement, detail, weight * agreement)
    gap = min(_year_gap(a, b) for a in query.birth for b in candidate.birth)
    # A year or two apart happens with data-entry errors and approximate dates; three or more is clear.
    score = _GAP_SCORES.get(gap, -1.0)
    weight = config.dob_conflict_weight
    detail = f"birth dates conflict ({gap} year(s) apart at the closest)"
    return FeatureScore("birth_date", weight, score, detail, weight * score)


def country(query: PreparedEntity, candidate: PreparedEntity, config: MatchConfig) -> FeatureScore:
    """Nationality/citizenship/country: a small plus when they share one, a small minus when disjoint."""
    if not query.countries or not candidate.countries:
        return FeatureScore("country", 0.0, 0.0, "not compared: no country on one side")
    shared = query.countries & candidate.countries
    if shared:
        weight = config.country_agreement_weight
        return FeatureScore("country", weight, 1.0, f"shared country: {', '.join(sorted(shared))}", weight)
    weight = config.country_conflict_weight
    ours, theirs = ", ".join(sorted(query.countries)), ", ".join(sorted(candidate.countries))
    detail = f"no shared country ({ours} vs {theirs})"
    return FeatureScore("country", weight, -1.0, detail, -weight)


def identifier(query: PreparedEntity, candidate: PreparedEntity, config: MatchConfig) -> FeatureScore:
    """An equal normalised identifier (passport, national ID, INN, IMO, ...) is decisive: score floor."""
    shared = query.identifiers & candidate.identifiers
    if not shared:
        detail = "no shared identifier" if query.identifiers else "not compared: query has no identifier"
        return FeatureScore("identifier", 0.0, 0.0, detail)
    group, value = min(shared)
    return FeatureScore("identifier", config.identifier_floor, 1.0, f"same {group} identifier {value}")


def legal_form(q: PreparedName, c: PreparedName, config: MatchConfig) -> FeatureScore:
    """Organisation legal form (LLC, JSC, ...): agreement or conflict, a small effect, never decisive."""
    if not q.legal_form or not c.legal_form or "company" in (q.legal_form, c.legal_form):
        return FeatureScore("legal_form", 0.0, 0.0, "not compared: legal form not stated on both names")
    if q.legal_form == c.legal_form:
        weight = config.legal_form_agreement_weight
        return FeatureScore("legal_form", weight, 1.0, f"same legal form ({q.legal_form})", weight)
    weight = config.legal_form_conflict_weight
    return FeatureScore(
        "legal_form", weight, -1.0, f"legal forms differ ({q.legal_form} vs {c.legal_form})", -weight
    )


def script_crossing(q: PreparedName, c: PreparedName) -> FeatureScore:
    """Whether the names were written in different scripts and compared after romanisation (no effect)."""
    if q.script and c.script and q.script != c.script:
        detail = f"query name in {q.script}, list name in {c.script}: compared after romanisation to Latin"
        return FeatureScore("script_crossing", 0.0, 1.0, detail)
    return FeatureScore("script_crossing", 0.0, 0.0, f"both names in {q.script or c.script or 'no script'}")
