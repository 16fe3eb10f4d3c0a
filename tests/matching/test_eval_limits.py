"""`ponte eval` at its edges: an absurd `--top` is refused, not a crash; the query's own
document judged non-relevant is dropped as BEIR drops it."""

from __future__ import annotations

import json
import math
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ponte.matching.embeddings import default_embedder
from ponte.matching.evaluation import evaluate_beir


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    """The word "vexolind" is in d5 (short: BM25 puts it first) and d6; query d5 asks for it."""
    root = tmp_path / "beir"
    (root / "qrels").mkdir(parents=True)
    write_jsonl(
        root / "corpus.jsonl",
        [
            {"_id": "d5", "text": "vexolind"},
            {"_id": "d6", "text": "vexolind con molte altre parole di riempimento qui"},
            {"_id": "d7", "text": "zorbatron lamina"},
        ],
    )
    write_jsonl(root / "queries.jsonl", [{"_id": "d5", "text": "vexolind"}])
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nd5\td6\t1\n", encoding="utf-8"
    )
    return root


def test_an_absurd_top_is_refused_with_code_2_not_a_crash(
    bench: Path, settings: Any, embedding_cache: Path
) -> None:
    """`ponte eval --beir DIR --json --top 100000000000000000000000` ended in a Python
    traceback (OverflowError from tantivy's `limit`, exit code 1); `--top 2147483648` in a
    Rust "memory allocation of 68719476736 bytes failed" abort (SIGABRT, exit code 134).
    (Only the first is exercised here: the second kills the test process.)"""
    settings.MATCHING_EMBED_CACHE = embedding_cache
    with pytest.raises(CommandError) as error:
        call_command(
            "eval", "--beir", str(bench), "--json", "--top", str(2**80),
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    assert error.value.returncode == 2


def test_the_query_itself_judged_non_relevant_is_dropped_as_beir_drops_it(
    bench: Path, embedding_cache: Path
) -> None:
    """BEIR's `EvaluateRetrieval.evaluate(ignore_identical_ids=True)` pops the query's own id
    from every run. Ponte keeps it when the qrels name it for that query, to protect a real
    answer whose id merely coincides; but a grade-0 line is no answer (it typically marks the
    query's own copy as non-relevant), and keeping it at rank 1 pushes every relevant
    document down: nDCG@10 here is 0.6309 where BEIR reports 1.0."""
    with (bench / "qrels" / "test.tsv").open("a", encoding="utf-8") as qrels:
        qrels.write("d5\td5\t0\n")
    report = evaluate_beir(
        bench,
        modes=("lexical",),
        embedder=default_embedder(embedding_cache),
        progress=lambda message: None,
    )
    assert report["lexical"]["ndcg@10"] == pytest.approx(1.0), (
        report,
        1 / math.log2(3),
    )
