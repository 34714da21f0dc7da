"""Matching configuration: the threshold and the weight of every feature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class MatchConfig:
    """Threshold and feature weights of :class:`~sanctionwatch.match.Matcher`.

    The score is the name similarity (0..1) plus the signed contributions of the other features,
    clipped to [0, 1]; identifier equality lifts it to at least ``identifier_floor`` and
    incompatible entity types set it to 0.

    **Default threshold 0.70** (unchanged). At 0.70 a query alerts when every part of the shorter
    name aligns (exactly, transliterated, phonetically, with a typo or as an initial) with a part
    of the other name; missing middle names and patronymics cost a little; a given or family name
    left unaligned on either side (the main parts, see ``match.name_parts``), or a single shared
    token against a multi-part personal name, stays below.
    A clear birth-date conflict (three or more years apart) takes off ``dob_conflict_weight``,
    enough to drop a near-exact name match below the threshold; agreement adds a little.
    """

    threshold: float = 0.70
    #: Birth date: full agreement adds this much; a clear conflict subtracts dob_conflict_weight.
    dob_agreement_weight: float = 0.06
    dob_conflict_weight: float = 0.30
    #: Nationality/citizenship/country: small effects either way.
    country_agreement_weight: float = 0.03
    country_conflict_weight: float = 0.05
    #: Organisation legal form (LLC vs JSC...): never decisive alone.
    legal_form_agreement_weight: float = 0.02
    legal_form_conflict_weight: float = 0.04
    #: An equal identifier (passport, INN, IMO...) lifts the score to at least this.
    identifier_floor: float = 0.97
    #: The name score reachable through a weak alias (OFAC "low quality" a.k.a.).
    weak_alias_cap: float = 0.72
    #: A single-part name against a multi-part personal name (shared token only) stays below this.
    single_token_cap: float = 0.60
    #: Weight of the shorter name's coverage in the name score (the rest: the longer name's).
    person_short_side_weight: float = 0.8
    organization_short_side_weight: float = 0.6
    #: Each part of the shorter name left unaligned multiplies the name score by this.
    person_unmatched_factor: float = 0.55
    #: Share of that penalty for an unaligned middle name/patronymic/initial of the shorter name,
    #: and for an unaligned given or family name of the longer name.
    person_minor_unmatched_share: float = 0.5
    person_long_main_unmatched_share: float = 0.7
    organization_unmatched_factor: float = 0.6
    #: Organisations whose generic words differ on both sides (Post Bank / Post Groep): times this.
    organization_generic_conflict_factor: float = 0.8
    #: Each initial aligned while full name parts stay unaligned multiplies the name score by this.
    loose_initial_factor: float = 0.8
    #: Names with different numbers ("Plant No 5"/"Plant No 6") are multiplied by this.
    number_conflict_factor: float = 0.5
