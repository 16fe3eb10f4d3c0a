"""The evaluation metrics against cases computed by hand (trec_eval / BEIR definitions)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ponte.matching.evaluation import (
    BeirFormatError,
    evaluate_run,
    load_corpus,
    load_qrels,
    load_queries,
    mrr_at_k,
    ndcg_at_k,
    recall_at_k,
)


def test_ndcg_uses_graded_gains_and_the_ideal_of_all_judged_documents() -> None:
    # DCG = 2/log2(2) + 0 + 1/log2(4) = 2.5; "d" (grade 3) was never retrieved but counts in
    # the ideal: IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4).
    judged = {"a": 2, "c": 1, "d": 3}
    ideal = 3 + 2 / math.log2(3) + 0.5
    assert ndcg_at_k(["a", "b", "c"], judged) == pytest.approx(2.5 / ideal)
    assert ndcg_at_k(["a", "b", "c"], judged) == pytest.approx(0.52500, abs=1e-5)


def test_ndcg_is_one_for_the_ideal_ranking_and_zero_without_relevant_results() -> None:
    judged = {"a": 1, "b": 2}
    assert ndcg_at_k(["b", "a", "x"], judged) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], judged) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0


def test_ndcg_counts_only_the_first_ten() -> None:
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at_k(ranking, {"a": 1}) == 0.0
    assert ndcg_at_k(ranking[1:], {"a": 1}) == pytest.approx(1 / math.log2(11))


def test_recall_counts_relevant_documents_found_in_the_first_hundred() -> None:
    judged = {"a": 2, "c": 1, "d": 3, "z": 0}  # a grade of 0 is judged, not relevant
    assert recall_at_k(["a", "b", "c", "z"], judged) == pytest.approx(2 / 3)
    assert recall_at_k([f"x{i}" for i in range(100)] + ["a"], {"a": 1}) == 0.0
    assert recall_at_k(["a"], {"a": 0}) == 0.0


def test_mrr_is_the_inverse_rank_of_the_first_relevant_result_within_ten() -> None:
    assert mrr_at_k(["x", "y", "b"], {"b": 1}) == pytest.approx(1 / 3)
    assert mrr_at_k(["x", "b"], {"x": 0, "b": 2}) == pytest.approx(1 / 2)
    assert mrr_at_k([f"x{i}" for i in range(10)] + ["b"], {"b": 1}) == 0.0


def test_evaluate_run_averages_over_judged_queries_only() -> None:
    run = {"q1": ["a", "b"], "q2": ["x", "b"], "unjudged": ["a"]}
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    assert evaluate_run(run, qrels) == {
        "ndcg@10": pytest.approx((1.0 + 1 / math.log2(3)) / 2),
        "recall@100": pytest.approx(1.0),
        "mrr@10": pytest.approx(0.75),
    }


def test_beir_files_are_read_with_their_header_and_their_line_numbers_in_errors(
    tmp_path: Path,
) -> None:
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "offer:1", "title": "T", "text": "body"}\n\n{"_id": "d2", "text": "x"}\n'
    )
    (tmp_path / "queries.jsonl").write_text('{"_id": "q1", "text": "what"}\n')
    (tmp_path / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\toffer:1\t2\nq1\td2\t0\n")
    docs = load_corpus(tmp_path / "corpus.jsonl")
    assert [(d.key, d.kind, d.title) for d in docs] == [
        ("offer:1", "offer", "T"),
        ("d2", "doc", ""),
    ]
    assert load_queries(tmp_path / "queries.jsonl") == {"q1": "what"}
    assert load_qrels(tmp_path / "qrels.tsv") == {"q1": {"offer:1": 2, "d2": 0}}

    (tmp_path / "bad.tsv").write_text("query-id\tcorpus-id\tscore\nq1\toffer:1\n")
    with pytest.raises(BeirFormatError, match=r"bad.tsv:2"):
        load_qrels(tmp_path / "bad.tsv")
    (tmp_path / "bad.jsonl").write_text('{"_id": "a", "text": "x"}\n{not json\n')
    with pytest.raises(BeirFormatError, match=r"bad.jsonl:2"):
        load_queries(tmp_path / "bad.jsonl")
