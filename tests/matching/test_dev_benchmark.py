"""The development benchmark in bench/data/dev/ is a well-formed BEIR dataset.

Reads the files only (no database): counts, ids, languages, judgements, and that the files are
exactly what bench/make_dev_corpus.py produces from its sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "bench" / "data" / "dev"
KINDS = {"offer", "org", "person", "project", "need"}


def _jsonl(name: str) -> list[dict]:
    raw = (DEV / name).read_bytes()
    text = raw.decode("utf-8")  # raises on anything that is not UTF-8
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return _jsonl("corpus.jsonl")


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return _jsonl("queries.jsonl")


@pytest.fixture(scope="module")
def queries_en() -> list[dict]:
    return _jsonl("queries_en.jsonl")


@pytest.fixture(scope="module")
def qrels() -> list[tuple[str, str, int]]:
    lines = (DEV / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "query-id\tcorpus-id\tscore"
    rows = []
    for line in lines[1:]:
        qid, cid, score = line.split("\t")
        rows.append((qid, cid, int(score)))
    return rows


def test_corpus_shape(corpus: list[dict]) -> None:
    assert len(corpus) >= 2000
    ids = [doc["_id"] for doc in corpus]
    assert len(set(ids)) == len(ids), "duplicate document ids"
    texts = [doc["text"] for doc in corpus]
    assert len(set(texts)) == len(texts), "duplicate document texts"
    for doc in corpus:
        assert isinstance(doc["title"], str) and doc["title"].strip()
        assert isinstance(doc["text"], str) and len(doc["text"]) > 40
        meta = doc["metadata"]
        assert meta["kind"] in KINDS
        assert meta["lang"] in {"it", "en"}
        assert isinstance(meta["competences"], list)
        assert meta["trl"] is None or 1 <= meta["trl"] <= 9
        assert meta["cluster"] is None or isinstance(meta["cluster"], str)


def test_corpus_mixes_languages_and_sources(corpus: list[dict]) -> None:
    langs = Counter(doc["metadata"]["lang"] for doc in corpus)
    assert min(langs.values()) / len(corpus) > 0.35
    demo = [doc for doc in corpus if doc["metadata"].get("source") == "demo"]
    assert {doc["metadata"]["kind"] for doc in demo} == {"offer", "org", "person"}
    synthetic = [doc for doc in corpus if doc["metadata"].get("synthetic")]
    assert len(demo) + len(synthetic) == len(corpus)


def test_queries(queries: list[dict], queries_en: list[dict]) -> None:
    assert len(queries) >= 60
    ids = [q["_id"] for q in queries]
    assert len(set(ids)) == len(ids)
    assert len({q["text"] for q in queries}) == len(queries)
    langs = Counter(q["metadata"]["lang"] for q in queries)
    assert set(langs) == {"it", "en"}
    assert 0.6 <= langs["it"] / len(queries) <= 0.72, "about two thirds Italian"
    italian = {q["_id"]: q["text"] for q in queries if q["metadata"]["lang"] == "it"}
    english = {q["_id"]: q["text"] for q in queries_en}
    assert len(english) == len(queries_en), "duplicate ids in queries_en"
    assert set(english) == set(italian), "queries_en translates exactly the Italian queries"
    for qid, text in english.items():
        assert text.strip() and text != italian[qid]
    assert all(q["metadata"]["lang"] == "en" for q in queries_en)


def test_qrels(qrels: list[tuple[str, str, int]], corpus: list[dict], queries: list[dict]) -> None:
    doc_ids = {doc["_id"] for doc in corpus}
    query_ids = {q["_id"] for q in queries}
    pairs = [(qid, cid) for qid, cid, _ in qrels]
    assert len(set(pairs)) == len(pairs), "a document is judged twice for a query"
    for qid, cid, score in qrels:
        assert qid in query_ids, qid
        assert cid in doc_ids, cid
        assert score in {1, 2, 3}
    per_query = Counter(qid for qid, _, _ in qrels)
    assert set(per_query) == query_ids, "every query has judgements"
    assert min(per_query.values()) >= 2
    assert 5 <= len(qrels) / len(query_ids) <= 15
    best = {qid: max(s for q, _, s in qrels if q == qid) for qid in query_ids}
    assert all(score == 3 for score in best.values()), "every query has an exact answer"


def test_cross_language_judgements(
    qrels: list[tuple[str, str, int]], corpus: list[dict], queries: list[dict]
) -> None:
    lang = {doc["_id"]: doc["metadata"]["lang"] for doc in corpus}
    query_lang = {q["_id"]: q["metadata"]["lang"] for q in queries}
    crossing = {qid for qid, cid, _ in qrels if lang[cid] != query_lang[qid]}
    assert len(crossing) >= len(queries) * 0.8


def test_files_are_regenerated_from_sources() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_dev_corpus.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
