"""Fusion of the lexical and dense lists, and the structured signals that re-rank them.

Pure functions over plain data, tested without an index. The weights below were chosen on the
development benchmark only (bench/data/dev/, see docs/matching.md), except the structured
signals, which that benchmark cannot measure (its documents carry no structure): they are
deliberately small, so a shared competence or a TRL fit re-orders close candidates but never
lifts an unrelated one above a relevant one, and cross-cluster discovery stays possible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ponte.matching.types import Document, Query

# Organisation kinds a company's need is usually answered by (members.constants.OrganisationKind
# values; repeated here so the engine stays free of Django).
RESEARCH_ORG_KINDS = frozenset({"university", "research_centre", "its_academy"})

FusionMethod = Literal["convex", "rrf"]


@dataclass(frozen=True)
class Fusion:
    """How the hybrid combines its two lists; the defaults are what `ponte match` serves."""

    method: FusionMethod = "convex"
    dense_weight: float = 0.5  # convex: weight of the min-max normalised cosine
    rrf_k: int = 60  # rrf: the constant of Cormack et al. (2009)
    depth: int = 100  # candidates taken from each list before fusing
    feedback_docs: int = 3  # competence feedback: the best fused results read...
    feedback_weight: float = 0.3  # ...and the bonus for sharing their competences
    # The glossary (glossary.py): BM25 weight of a query's translated terms (1: a translation
    # counts as the word itself; 0: off), and the share of the vector of the query followed by
    # its translations in the query's embedding (0: the query alone; 1: the query followed by
    # its translations alone, one embedding a query: best on the dev set, 0.664 vs 0.646 at ½,
    # and half the embedding time; docs/matching.md).
    glossary_weight: float = 1.0
    translated_query_weight: float = 1.0


@dataclass(frozen=True)
class SignalWeights:
    """Bonuses added to a fused score in [0, 1]."""

    competences: float = 0.10  # times the share of the query's competences the item covers
    trl_fit: float = 0.03
    trl_below: float = -0.05  # the offer is two or more levels below what the need asks
    partnership: float = 0.02
    research_partner: float = 0.02  # a need meets a university or research centre
    same_cluster: float = 0.01
    same_region: float = 0.01


DEFAULT_FUSION = Fusion()
DEFAULT_SIGNALS = SignalWeights()
COMPETENCE_CREDIT = {"exact": 1.0, "narrower": 0.5, "broader": 0.5}


def min_max(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores rescaled to [0, 1] over the candidate pool (Bruch et al., ACM TOIS 2023)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high <= low:
        return {key: (1.0 if high > 0 else 0.0) for key in scores}
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def convex(
    lexical: Mapping[str, float], dense: Mapping[str, float], dense_weight: float
) -> dict[str, float]:
    """dense_weight * normalised cosine + (1 - dense_weight) * normalised BM25; absent = 0."""
    lex, den = min_max(lexical), min_max(dense)
    keys = lex.keys() | den.keys()
    return {
        key: dense_weight * den.get(key, 0.0) + (1.0 - dense_weight) * lex.get(key, 0.0)
        for key in keys
    }


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal-rank fusion: the sum over lists of 1 / (k + rank)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


def competence_feedback(
    best: Sequence[tuple[float, Sequence[str]]],
) -> dict[str, float]:
    """Pseudo-relevance feedback in the taxonomy: each competence of the best first-pass
    results (score, competences), weighted by the share of their score that carries it.

    Competence codes are the same in every language, so feedback from an English result helps
    an Italian query find more English (and Italian) items on the same subject.
    """
    total = sum(score for score, _ in best)
    if total <= 0:
        return {}
    weights: dict[str, float] = {}
    for score, codes in best:
        for code in set(codes):
            weights[code] = weights.get(code, 0.0) + score / total
    return weights


def feedback_share(weights: Mapping[str, float], codes: Sequence[str]) -> float:
    """How much (0..1) of the feedback profile an item's competences cover."""
    return min(1.0, sum(weights.get(code, 0.0) for code in set(codes)))


def competence_matches(query: Query, doc: Document) -> list[dict[str, str]]:
    """Shared competences, taxonomy-aware: the same term, or a parent and its child.

    "narrower": the item has a more specific term under one the query asks for;
    "broader": the item has a broader term of one the query asks for.
    """
    doc_codes = set(doc.competences)
    doc_ancestors = set(doc.competence_ancestors)
    query_ancestors = set(query.competence_ancestors)
    matches: list[dict[str, str]] = []
    seen: set[str] = set()
    for code in dict.fromkeys(query.competences):
        if code in doc_codes:
            matches.append({"code": code, "match": "exact"})
            seen.add(code)
        elif code in doc_ancestors:
            matches.append({"code": code, "match": "narrower"})
            seen.add(code)
    for code in dict.fromkeys(doc.competences):
        if code in query_ancestors and code not in seen:
            matches.append({"code": code, "match": "broader"})
            seen.add(code)
    return matches


def competence_share(matches: Sequence[Mapping[str, str]], asked: int) -> float:
    """The share (0..1) of the query's competences the item covers, partial matches half."""
    if asked == 0:
        return 0.0
    return min(1.0, sum(COMPETENCE_CREDIT[m["match"]] for m in matches) / asked)


def trl_fit(need_minimum: int | None, offer_trl: int | None) -> str | None:
    """ "fit" when the offer is at or above the need's minimum TRL, "near" one level below,
    "below" two or more below; None when either is unknown."""
    if need_minimum is None or offer_trl is None:
        return None
    if offer_trl >= need_minimum:
        return "fit"
    return "near" if need_minimum - offer_trl == 1 else "below"


def structured_signals(
    query: Query, doc: Document, weights: SignalWeights = DEFAULT_SIGNALS
) -> tuple[float, dict[str, Any]]:
    """The bonus for `doc` and the reasons behind it; (0.0, {}) when neither has structure."""
    bonus = 0.0
    reasons: dict[str, Any] = {}
    matches = competence_matches(query, doc)
    if matches:
        reasons["shared_competences"] = matches
        bonus += weights.competences * competence_share(matches, len(set(query.competences)))
    # A TRL compares a need's minimum with what an offer (or project, profile) has reached.
    if doc.kind == "need":
        fit = trl_fit(doc.trl, query.trl) if query.origin == "offer" else None
    else:
        fit = trl_fit(query.trl, doc.trl) if query.origin != "offer" else None
    if fit is not None:
        reasons["trl_fit"] = fit
        bonus += {"fit": weights.trl_fit, "near": 0.0, "below": weights.trl_below}[fit]
    if query.partnership and query.partnership == doc.partnership:
        reasons["partnership"] = doc.partnership
        bonus += weights.partnership
    if query.origin == "need" and doc.org_kind in RESEARCH_ORG_KINDS:
        reasons["org_kind"] = doc.org_kind
        bonus += weights.research_partner
    if query.cluster and query.cluster == doc.cluster:
        reasons["same_cluster"] = True
        bonus += weights.same_cluster
    if query.region and query.region == doc.region:
        reasons["same_region"] = True
        bonus += weights.same_region
    return bonus, reasons
