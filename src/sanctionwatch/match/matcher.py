"""The matcher: compares a prepared query with a prepared list entity and explains the score."""

from __future__ import annotations

from rapidfuzz.distance import Indel

from sanctionwatch.match import features
from sanctionwatch.match.alignment import HAN, whole_syllables_alike, written_compact
from sanctionwatch.match.config import MatchConfig
from sanctionwatch.match.frequencies import TokenFrequencies
from sanctionwatch.match.name_similarity import (
    GENERIC_FACTOR,
    INITIAL_WEIGHT,
    PARTICLE_WEIGHT,
    NamePairScore,
    name_similarity,
)
from sanctionwatch.match.prepared import PreparedEntity, PreparedName
from sanctionwatch.match.result import FeatureScore, MatchResult
from sanctionwatch.model import Schema

#: Token weights remembered per matcher (list vocabulary plus queries seen); cleared when full.
_WEIGHT_CACHE_SIZE = 250_000
#: Name pairs sharing no key are still compared when their spellings are this close (typos everywhere).
_PREFILTER_COMPACT = 0.75
#: Name pairs aligned in detail per comparison, the most promising by shared keys first.
_DETAILED_PAIRS = 3
#: A name pair this similar ends the search for a better one.
_GOOD_ENOUGH = 0.97
#: Ranking bonus of a name pair written in the same non-Latin script (see _name_pairs).
_SAME_SCRIPT_BONUS = 0.1
_LATIN = (None, "Latn")
#: Below this name score no feature but an identifier can reach the threshold: no details computed.
_HOPELESS = 0.4


class Matcher:
    """Compares prepared entities (see :func:`sanctionwatch.match.prepare`) with a :class:`MatchConfig`.

    ``frequencies`` (built over the list entities) makes common tokens weigh less; without it
    every token weighs the same.
    """

    def __init__(
        self, config: MatchConfig | None = None, frequencies: TokenFrequencies | None = None
    ) -> None:
        self.config = config or MatchConfig()
        self.frequencies = frequencies
        self._weights: dict[str, float] = {}
        self._name_weights: dict[tuple[tuple[str, ...], bool], list[float]] = {}

    def _token_weights(self, name: PreparedName, organization: bool) -> list[float]:
        cached = self._name_weights.get((name.tokens, organization))
        if cached is not None:
            return cached
        cache = self._weights
        out: list[float] = []
        for token, particle, generic in zip(name.tokens, name.particles, name.generic, strict=True):
            if particle:
                out.append(PARTICLE_WEIGHT)
                continue
            if len(token) == 1:
                out.append(INITIAL_WEIGHT)
                continue
            weight = cache.get(token)
            if weight is None:
                weight = cache[token] = self.frequencies.weight(token) if self.frequencies else 1.0
            out.append(weight * GENERIC_FACTOR if generic and organization else weight)
        if len(self._name_weights) >= _WEIGHT_CACHE_SIZE:
            self._name_weights.clear()
            cache.clear()
        self._name_weights[(name.tokens, organization)] = out
        return out

    def _name_pairs(
        self, query: PreparedEntity, candidate: PreparedEntity
    ) -> list[tuple[PreparedName, PreparedName]]:
        """The name pairs worth aligning, most promising first (by shared phonetic keys)."""
        # (share of shared keys, -position): sorted descending, ties keep their order; the
        # positions differ, so the names themselves are never compared.
        ranked: list[tuple[float, int, PreparedName, PreparedName]] = []
        for qn in query.names if _keys_meet(query, candidate) else ():
            q_keys, q_pairs, q_size = qn.key_set, qn.pair_key_set, len(qn.key_set)
            for cn in candidate.names:
                c_keys = cn.key_set
                shared = 0 if q_keys.isdisjoint(c_keys) else len(q_keys & c_keys)
                if (
                    shared
                    or not (q_pairs.isdisjoint(c_keys) and cn.pair_key_set.isdisjoint(q_keys))
                    or not (qn.reading_keys.isdisjoint(c_keys) and cn.reading_keys.isdisjoint(q_keys))
                ):
                    # Two parts of one name spelt as one part of the other ("Nasserahmed"/"Nasser
                    # Ahmed") count as shared: else an alias sharing only the other parts ranks first.
                    if not q_pairs.isdisjoint(c_keys):
                        shared += _joined_parts(qn, cn)
                    if not cn.pair_key_set.isdisjoint(q_keys):
                        shared += _joined_parts(cn, qn)
                    share = shared / (q_size + len(c_keys))
                    if qn.script == cn.script and qn.script not in _LATIN:
                        # The list's own writing of a name in the query's script is compared before
                        # its romanised aliases: nothing is lost to two romanisations.
                        share += _SAME_SCRIPT_BONUS
                    ranked.append((share, -len(ranked), qn, cn))
                elif _spaced_alike(qn, cn):
                    # The same letters spaced otherwise (Chinese romanised syllable by syllable
                    # against its characters romanised as one word): no key in common, yet one name.
                    ranked.append((1.0, -len(ranked), qn, cn))
        if not ranked:
            # No shared key at all: typos in every part, or an abjad spelling; compare close spellings.
            for qn in query.names:
                for cn in candidate.names:
                    if _close_spelling(qn, cn):
                        ranked.append((0.0, -len(ranked), qn, cn))
        ranked.sort(reverse=True)
        return [(qn, cn) for _, _, qn, cn in ranked[:_DETAILED_PAIRS]]

    def _best_names(
        self, query: PreparedEntity, candidate: PreparedEntity, organization: bool
    ) -> tuple[NamePairScore, PreparedName, PreparedName] | None:
        best: tuple[NamePairScore, PreparedName, PreparedName] | None = None
        best_score = -1.0
        config = self.config
        for qn, cn in self._name_pairs(query, candidate):
            weights = (self._token_weights(qn, organization), self._token_weights(cn, organization))
            pair = name_similarity(qn, cn, weights, organization, config)
            if (qn.weak or cn.weak) and pair.score > config.weak_alias_cap:
                pair.score = config.weak_alias_cap
                pair.notes.append("weak alias: name score capped")
            if pair.score > best_score:
                best, best_score = (pair, qn, cn), pair.score
                if best_score >= _GOOD_ENOUGH:
                    break
        return best

    def compare(self, query: PreparedEntity, candidate: PreparedEntity) -> MatchResult:
        """Score how likely ``candidate`` (a list entity) is the party ``query`` describes."""
        config = self.config
        organization = Schema.PERSON not in (query.schema, candidate.schema)
        type_feature = features.entity_type(query, candidate)
        best = self._best_names(query, candidate, organization)
        if best is None:
            detail = "no name of the query shares a part with any name of the list entry"
            name_feature = FeatureScore("name", 1.0, 0.0, detail)
            return MatchResult(
                0.0,
                False,
                _first_name(query),
                _first_name(candidate),
                (name_feature, type_feature),
                config.threshold,
            )
        pair, qn, cn = best
        if pair.score < _HOPELESS and query.identifiers.isdisjoint(candidate.identifiers):
            detail = f"best names '{qn.text}' and '{cn.text}' too dissimilar; other features not evaluated"
            name_feature = FeatureScore("name", 1.0, pair.score, detail, pair.score)
            score = pair.score if type_feature.score else 0.0
            return MatchResult(
                score, False, qn.name.full, cn.name.full, (name_feature, type_feature), config.threshold
            )
        crossing = features.script_crossing(qn, cn)
        # Every chosen unit pairs query token(s) with list token(s): each is one aligned part.
        detail = f"{len(pair.units)} part(s) aligned between '{qn.text}' and '{cn.text}'"
        if pair.notes:
            detail += "; " + "; ".join(pair.notes)
        name_feature = FeatureScore("name", 1.0, pair.score, detail, pair.score)
        scored = [
            features.birth_date(query, candidate, config),
            features.country(query, candidate, config),
            features.legal_form(qn, cn, config),
        ]
        score = pair.score + sum(f.contribution for f in scored)
        id_feature = features.identifier(query, candidate, config)
        if id_feature.score and score < config.identifier_floor:
            id_feature = _with_contribution(id_feature, config.identifier_floor - score)
            score = config.identifier_floor
        if not type_feature.score:
            type_feature = _with_contribution(type_feature, -max(score, 0.0))
            score = 0.0
        score = min(1.0, max(0.0, score))
        notes = tuple(
            f"name '{n.name.full[:60]}...' was truncated before matching" for n in (qn, cn) if n.truncated
        )
        return MatchResult(
            score=score,
            match=score >= config.threshold,
            query_name=qn.name.full,
            matched_name=cn.name.full,
            features=(name_feature, *scored, id_feature, type_feature, crossing),
            threshold=config.threshold,
            aligned=(qn, cn, tuple(pair.units), bool(crossing.score)),
            query_form=qn.text,
            matched_form=cn.text,
            notes=notes,
        )


def _keys_meet(query: PreparedEntity, candidate: PreparedEntity) -> bool:
    """Some name of one entity shares a key with, or has a pair key or a reading key among the keys
    of, the other: otherwise no name pair is ranked by keys, and the check per name pair is skipped
    (unrelated entities, a pair in n + m look-ups instead of n * m)."""
    q_all, c_all = query.all_keys, candidate.all_keys
    return not q_all.isdisjoint(c_all) or _related_by_name(query, c_all) or _related_by_name(candidate, q_all)


def _joined_parts(a: PreparedName, b: PreparedName) -> int:
    """How many pairs of adjacent parts of ``a``, written together, are a part of ``b``."""
    tokens, others, keys = a.tokens, b.tokens, b.key_set
    return sum(1 for i, key in enumerate(a.pair_keys) if key in keys and tokens[i] + tokens[i + 1] in others)


def _related_by_name(entity: PreparedEntity, keys: frozenset[str]) -> bool:
    """A pair key or a reading key of some name of ``entity`` is among ``keys``."""
    names = entity.names
    return any(not (n.pair_key_set.isdisjoint(keys) and n.reading_keys.isdisjoint(keys)) for n in names)


def _close_spelling(q: PreparedName, c: PreparedName) -> bool:
    """Whole names spelt alike, or sounding alike (skeletons: abjad spellings without vowels;
    Korean/Chinese syllables in two romanisations: Gim/Kim, Jeong/Jong)."""
    return bool(
        Indel.normalized_similarity(q.compact, c.compact, score_cutoff=_PREFILTER_COMPACT)
        or Indel.normalized_similarity(q.key_compact, c.key_compact, score_cutoff=_PREFILTER_COMPACT)
        or (q.syllables and c.syllables and not (set(q.syllables) - {""}).isdisjoint(c.syllables))
        or (q.morae and c.morae and not set(q.morae).isdisjoint(c.morae))
        or whole_syllables_alike(q, c)
    )


def _spaced_alike(q: PreparedName, c: PreparedName) -> bool:
    """Names of Chinese characters whose romanisation equals the other name's without spaces, or
    Korean/Chinese organisation names spaced and romanised otherwise."""
    if HAN in (q.script, c.script) and len(q.tokens) != len(c.tokens) and q.compact == c.compact:
        return True
    if HAN in (q.script, c.script) and (q.written or c.written) and written_compact(q) == written_compact(c):
        return True  # the same before Chinese words of a kind took their English form
    return whole_syllables_alike(q, c)


def _with_contribution(feature: FeatureScore, contribution: float) -> FeatureScore:
    return FeatureScore(feature.name, feature.weight, feature.score, feature.detail, contribution)


def _first_name(entity: PreparedEntity) -> str:
    return entity.names[0].name.full if entity.names else entity.entity.primary_name
