"""Fusion and structured signals: pure functions over plain data."""

from __future__ import annotations

import pytest

from ponte.matching.ranking import (
    competence_feedback,
    competence_matches,
    competence_share,
    convex,
    feedback_share,
    min_max,
    rrf,
    structured_signals,
    trl_fit,
)
from ponte.matching.types import Document, Query


def doc(**fields: object) -> Document:
    base: dict[str, object] = {
        "key": "offer:1",
        "kind": "offer",
        "id": "1",
        "title": "",
        "text": "",
    }
    return Document(**{**base, **fields})  # type: ignore[arg-type]


def test_min_max_and_convex_combination() -> None:
    assert min_max({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": 0.5}
    assert min_max({"a": 5.0}) == {"a": 1.0}
    fused = convex({"a": 10.0, "b": 0.0}, {"a": 0.5, "b": 0.9}, dense_weight=0.6)
    assert fused == {"a": pytest.approx(0.4), "b": pytest.approx(0.6)}


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = rrf([["a", "b"], ["b", "c"]], k=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert max(fused, key=fused.__getitem__) == "b"


def test_a_parent_competence_partly_matches_its_children_and_back() -> None:
    query = Query(
        "x", competences=("emulsions", "packaging-recyclable"), competence_ancestors=("packaging",)
    )
    item = doc(
        competences=("emulsions-cold-process", "packaging"),
        competence_ancestors=("emulsions", "formulation"),
    )
    matches = competence_matches(query, item)
    assert matches == [
        {"code": "emulsions", "match": "narrower"},
        {"code": "packaging", "match": "broader"},
    ]
    assert competence_share(matches, 2) == pytest.approx(0.5)
    exact = competence_matches(
        Query("x", competences=("emulsions",)), doc(competences=("emulsions",))
    )
    assert exact == [{"code": "emulsions", "match": "exact"}]
    assert competence_share(exact, 1) == 1.0


def test_trl_fit_compares_the_offer_with_the_need_minimum() -> None:
    assert trl_fit(5, 7) == "fit"
    assert trl_fit(5, 5) == "fit"
    assert trl_fit(5, 4) == "near"
    assert trl_fit(6, 3) == "below"
    assert trl_fit(None, 3) is None


def test_structured_signals_are_neutral_without_structure_and_small_with_it() -> None:
    assert structured_signals(Query("x"), doc()) == (0.0, {})
    need = Query(
        "x", trl=5, partnership="research", cluster="cosmetica", region="Lombardia", origin="need"
    )
    lab = doc(kind="org", org_kind="university", cluster="cosmetica", region="Lombardia", trl=7)
    bonus, reasons = structured_signals(need, lab)
    assert reasons == {
        "trl_fit": "fit",
        "org_kind": "university",
        "same_cluster": True,
        "same_region": True,
    }
    assert 0 < bonus < 0.1
    low = doc(trl=2)
    assert structured_signals(need, low)[0] < 0
    # Two needs: their TRLs are not compared.
    assert "trl_fit" not in structured_signals(need, doc(kind="need", trl=2))[1]


def test_competence_feedback_weights_the_codes_of_the_best_results_by_score() -> None:
    profile = competence_feedback([(0.75, ("a", "b")), (0.25, ("b",))])
    assert profile == {"a": 0.75, "b": 1.0}
    assert feedback_share(profile, ("a",)) == 0.75
    assert feedback_share(profile, ("a", "b")) == 1.0
    assert feedback_share(profile, ("z",)) == 0.0
    assert competence_feedback([]) == {}
