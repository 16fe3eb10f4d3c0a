"""`LexicalIndex.score_outside` scores documents that are not in the index exactly as tantivy
scores the ones that are (same BM25, same statistics, same stored lengths), so a viewer's own
hidden documents rank fairly among the members' index's hits (docs/matching.md)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ponte.matching.embeddings import default_embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.lexical import FIELDNORMS, LexicalIndex, stored_length
from ponte.matching.types import Document, Query

WORDS = [
    "mascara",
    "conservanti",
    "formulazione",
    "packaging",
    "riciclabile",
    "cosmetici",
    "crema",
    "siero",
    "emulsione",
    "stabilità",
    "test",
    "microbiologico",
    "profumo",
    "fragranza",
    "vetro",
    "alluminio",
    "plastica",
    "biodegradabile",
    "innovazione",
    "ricerca",
    "laboratorio",
    "analisi",
    "recyclable",
    "glass",
    "preservative",
]


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    """Documents of every length class: exact stored lengths (< 40) and bucketed ones."""
    rng = random.Random(7)
    lengths = [1, 3, 10, 39, 40, 41, 45, 57, 90, 200, 700]
    return {
        f"d{i}": " ".join(rng.choice(WORDS) for _ in range(lengths[i % len(lengths)]))
        for i in range(220)
    }


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("mascara conservanti", None),
        ("packaging riciclabile per cosmetici in vetro", None),
        ("profumo", {"italian": {"vetr", "flacon"}, "english": {"glass"}}),
    ],
)
def test_a_document_scores_as_tantivy_scores_it(
    corpus: dict[str, str], text: str, extra: dict[str, set[str]] | None
) -> None:
    index = LexicalIndex(None)
    index.write([(key, "offer", body) for key, body in corpus.items()], [])
    theirs = dict(index.search(text, len(corpus), extra=extra, extra_weight=0.5))
    ours = dict(index.score_outside(text, corpus, extra=extra, extra_weight=0.5))

    assert theirs and set(ours) == set(theirs)
    for key, score in theirs.items():
        assert ours[key] == pytest.approx(score, rel=1e-5)


def test_re_saved_and_deleted_documents_count_as_tantivy_counts_them(
    corpus: dict[str, str],
) -> None:
    """tantivy keeps a replaced or deleted document in N, the document frequencies and the
    average length until its segment is merged: the outside score must follow, or a re-saved
    site's hidden items would rank by a different idf (negative for a common term)."""
    index = LexicalIndex(None)
    keys = list(corpus)
    index.write([(key, "offer", corpus[key]) for key in keys], [])
    live = {key: corpus[key] for key in keys[:-3]}
    for round_ in range(3):  # small commits: separate segments, deletes left unmerged
        index.write([(key, "offer", live[key]) for key in list(live)[round_::5]], keys[-3:])
    searcher = index.index.searcher()
    assert searcher.num_docs == len(live)
    for text in ("mascara conservanti", "crema siero emulsione"):
        theirs = dict(index.search(text, len(corpus)))
        ours = dict(index.score_outside(text, live))
        assert theirs and set(ours) == set(theirs)
        for key, score in theirs.items():
            assert ours[key] == pytest.approx(score, rel=1e-5)


def test_stored_lengths_are_tantivys_buckets() -> None:
    assert len(FIELDNORMS) == 256 and sorted(set(FIELDNORMS)) == FIELDNORMS
    assert [stored_length(n) for n in (0, 39, 40, 41, 43, 56, 59, 60, 1048, 1100)] == [
        0, 39, 40, 40, 42, 56, 56, 60, 1048, 1048,
    ]  # fmt: skip


def test_an_empty_index_still_scores_by_term_frequency() -> None:
    scored = LexicalIndex(None).score_outside("mascara", {"a": "mascara mascara", "b": "crema"})
    assert [key for key, _ in scored] == ["a"]


def test_a_viewers_own_hidden_documents_obey_the_querys_kinds_and_exclusions(
    embedding_cache: Path,
) -> None:
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        engine.upsert(
            [
                Document(key="offer:1", kind="offer", id="1", title="Shampoo solido",
                         text="Shampoo senza solfati.", public=True),
                Document(key="need:1", kind="need", id="1", title="Il nostro shampoo",
                         text="Shampoo solido riservato."),
                Document(key="need:2", kind="need", id="2", title="Altrui",
                         text="Shampoo di un altro."),
            ]
        )  # fmt: skip
        engine.commit()
        allowed = {"offer:1", "need:1"}
        found = engine.search(Query(text="shampoo solido"), allowed=allowed, mode="lexical")
        assert [r.key for r in found] == ["need:1", "offer:1"]
        offers = Query(text="shampoo solido", kinds=("offer",))
        assert [r.key for r in engine.search(offers, allowed=allowed, mode="lexical")] == [
            "offer:1"
        ]
        others = Query(text="shampoo solido", exclude=("need:1",))
        assert [r.key for r in engine.search(others, allowed=allowed)] == ["offer:1"]
    finally:
        engine.close()
