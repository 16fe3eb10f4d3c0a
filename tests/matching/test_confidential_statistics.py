"""What hidden documents can still shape for a viewer who may not see them.

Known gap, kept as a strict expected failure so that the fix is noticed: BM25's document
frequencies come from the whole tantivy index, so confidential documents that use a word change
that word's weight, and with it the scores (shown by `ponte match --json`) and even the order
of what a visitor sees. See docs/matching.md, "BM25 collection statistics".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ponte.matching.embeddings import default_embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.types import Document, Query

VISIBLE = [
    ("Fenossietanolo nei sieri", "Alternative al fenossietanolo per sieri acquosi."),
    ("Shampoo solido", "Rischio microbiologico degli shampoo solidi e challenge test."),
    ("Creme viso", "Conservanti naturali per creme viso e shampoo."),
    ("Packaging", "Flaconi riciclabili."),
]
HIDDEN = "Fenossietanolo fenossietanolo nei nostri prodotti, riservato."


def ranked(embedding_cache: Path, hidden: int) -> list[tuple[str, float]]:
    docs = [
        Document(key=f"offer:{i}", kind="offer", id=str(i), title=t, text=x)
        for i, (t, x) in enumerate(VISIBLE, start=1)
    ]
    allowed = {d.key for d in docs}
    docs += [
        Document(key=f"need:{i}", kind="need", id=str(i), title="Riservato", text=HIDDEN)
        for i in range(1, hidden + 1)
    ]
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        engine.upsert(docs)
        engine.commit()
        results = engine.search(Query(text="fenossietanolo shampoo"), top=4, allowed=allowed)
    finally:
        engine.close()
    return [(r.key, round(r.score, 6)) for r in results]


@pytest.mark.xfail(
    strict=True,
    reason="BM25 document frequencies count hidden documents (docs/matching.md); "
    "needs per-visibility statistics",
)
def test_hidden_documents_do_not_change_what_a_visitor_sees(embedding_cache: Path) -> None:
    assert ranked(embedding_cache, hidden=3) == ranked(embedding_cache, hidden=0)
