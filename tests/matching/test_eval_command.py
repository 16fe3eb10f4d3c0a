"""`ponte eval --beir` on a tiny benchmark in the BEIR layout, with the real model."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

CORPUS = [
    ("offer:1", "Preservative-free mascara formulation", "Natural antimicrobial actives."),
    ("offer:2", "Recyclable cosmetic packaging", "Mono-material jars and tubes."),
    ("offer:3", "Hydrogen in gas networks", "Blending green hydrogen into gas grids."),
    ("org:4", "Laboratorio di reologia", "Viscosità e texture delle emulsioni cosmetiche."),
    ("project:5", "Machine vision for quality control", "Defect detection on production lines."),
]


@pytest.fixture
def beir(tmp_path: Path, settings: Any) -> Path:
    settings.MATCHING_EMBED_CACHE = tmp_path / "cache"
    root = tmp_path / "beir"
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, t, x in CORPUS)
    )
    queries = {"q1": "mascara senza conservanti", "q2": "imballaggi riciclabili", "q3": "nessuno"}
    (root / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in queries.items())
    )
    (root / "queries_en.jsonl").write_text(
        json.dumps({"_id": "q1", "text": "mascara without preservatives"}) + "\n"
    )
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\toffer:1\t2\nq1\torg:4\t1\nq2\toffer:2\t2\n"
    )
    return root


def run_eval(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("eval", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_eval_prints_exactly_the_documented_json(beir: Path, capsys: Any) -> None:
    out, _ = run_eval("--beir", str(beir), "--json")
    report = json.loads(out)
    assert list(report) == ["queries", "documents", "lexical", "dense", "hybrid"]
    assert (report["queries"], report["documents"]) == (2, 5)  # q3 has no judgements
    for mode in ("lexical", "dense", "hybrid"):
        assert list(report[mode]) == ["ndcg@10", "recall@100", "mrr@10"]
        assert all(0.0 <= value <= 1.0 for value in report[mode].values())
    assert report["dense"]["mrr@10"] == 1.0
    assert capsys.readouterr().out == ""  # progress goes to stderr
    assert (beir.parent / "cache" / "embeddings.sqlite3").exists()


def test_eval_takes_another_queries_file_against_the_same_judgements(beir: Path) -> None:
    out, _ = run_eval("--beir", str(beir), "--json", "--queries", str(beir / "queries_en.jsonl"))
    report = json.loads(out)
    assert (report["queries"], report["documents"]) == (1, 5)
    assert report["hybrid"]["ndcg@10"] > 0.9


def test_eval_reports_a_table_without_json_and_refuses_a_missing_directory(beir: Path) -> None:
    out, _ = run_eval("--beir", str(beir))
    assert "nDCG@10" in out and "hybrid" in out
    with pytest.raises(CommandError, match="no such directory"):
        run_eval("--beir", str(beir / "missing"))
    (beir / "qrels" / "test.tsv").unlink()
    with pytest.raises(CommandError, match="test.tsv: file not found"):
        run_eval("--beir", str(beir))
