"""The engine's storage and filtering paths on synthetic vectors (no model): incremental catch-up
across engines, prepared visibilities, the int8 shortlist and the lexical over-fetch."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from ponte.matching import dense as dense_module
from ponte.matching import engine as engine_module
from ponte.matching.dense import DenseIndex
from ponte.matching.engine import MatchingEngine, Visibility
from ponte.matching.lexical import LexicalIndex
from ponte.matching.types import Document, Query

DIM = 16
WORDS = [
    "sensori",
    "emulsioni",
    "packaging",
    "idrogeno",
    "vetro",
    "pigmenti",
    "robot",
    "enzimi",
    "ricarica",
    "talco",
]


class HashEmbedder:
    """Deterministic unit vectors from the text's hash (no model)."""

    name = "hash-test"
    dim = DIM

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)


def doc(i: int, kind: str = "offer") -> Document:
    words = " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(1 + i % 4))
    return Document(f"{kind}:{i}", kind, str(i), f"{kind} {i}", f"{words} numero{i}")


def keys(results: list) -> list[str]:
    return [r.key for r in results]


def test_another_engine_catches_up_with_deletes_and_reused_rows(tmp_path: Path) -> None:
    writer = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    writer.upsert(doc(i) for i in range(20))
    writer.commit()
    reader = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    assert "offer:3" in keys(reader.search(Query("numero3"), top=3, mode="lexical"))

    writer.delete(["offer:3"])
    writer.commit()
    writer.upsert([doc(99)])  # takes offer:3's free row
    writer.commit()
    assert writer._row_of["offer:99"] == 3
    assert "offer:3" not in keys(reader.search(Query("numero3"), top=20))
    assert reader.keys() == {f"offer:{i}" for i in range(20) if i != 3} | {"offer:99"}
    for mode in ("lexical", "dense", "hybrid"):
        found = reader.search(Query("numero99"), top=1, mode=mode)  # type: ignore[arg-type]
        if mode != "dense":
            assert keys(found) == ["offer:99"], mode
    # The reader's dense side sees the new row's vector through the mapped file.
    vector = HashEmbedder().passages([f"offer 99\n{doc(99).text}"])[0]
    assert reader.dense.scores(vector, np.array([3]))[0] == pytest.approx(1.0, abs=1e-5)
    # Replacing a document keeps its row and shows its new text.
    writer.upsert([Document("offer:5", "offer", "5", "Nuovo titolo", "vetro")])
    writer.commit()
    [top] = reader.search(Query("nuovo titolo"), top=1, mode="lexical")
    assert (top.key, top.title) == ("offer:5", "Nuovo titolo")
    # The reader catches up row by row, as the writer wrote them.
    assert reader._row_of == writer._row_of
    assert reader._key_at == writer._key_at
    reader.close()
    writer.close()


def test_an_index_replaced_in_place_is_read_again(tmp_path: Path) -> None:
    first = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    first.upsert(doc(i) for i in range(5))
    first.commit()
    reader = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    assert len(reader) == 5
    first.close()
    import shutil

    shutil.rmtree(tmp_path / "i")
    second = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    second.upsert([doc(7, "need")])
    second.commit()
    assert reader.keys() == {"need:7"}
    reader.close()
    second.close()


QUERIES = ("sensori emulsioni", "vetro talco robot", "numero9 numero10")
MODES = ("lexical", "dense", "hybrid")


def test_the_two_filter_paths_agree_and_drop_only_the_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over-fetching (share 0.0) and the term-set filter (1.01) return the same results, only
    allowed ones; lexically, exactly the unfiltered ranking with the hidden ones dropped."""
    docs = [doc(i) for i in range(60)]
    allowed = frozenset(d.key for d in docs if int(d.id) % 3 != 0)
    full = MatchingEngine(tmp_path / "full", embedder=HashEmbedder())
    full.upsert(docs)
    full.commit()
    runs = {}
    for share in (0.0, 1.01):
        monkeypatch.setattr(engine_module, "TERM_SET_SHARE", share)
        runs[share] = {
            (text, mode): [
                (r.key, r.reasons)
                for r in full.search(Query(text), top=15, mode=mode, allowed=allowed)  # type: ignore[arg-type]
            ]
            for text in QUERIES
            for mode in MODES
        }
    assert runs[0.0] == runs[1.01]
    for (text, mode), seen in runs[0.0].items():
        assert all(key in allowed for key, _ in seen)
        if mode == "lexical":
            unfiltered = full.search(Query(text), top=60, mode="lexical")
            assert [k for k, _ in seen] == [r.key for r in unfiltered if r.key in allowed][:15]
    full.close()


@pytest.mark.parametrize("term_set_share", [0.0, 1.01])
def test_a_visitor_sees_what_an_index_without_the_hidden_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, term_set_share: float
) -> None:
    """When what the viewer may see is the public side, results, scores and reasons are those
    of an index holding only those documents: the hidden ones do not even shape statistics."""
    monkeypatch.setattr(engine_module, "TERM_SET_SHARE", term_set_share)
    allowed = frozenset(f"offer:{i}" for i in range(60) if i % 3 != 0)
    docs = [replace(doc(i), public=f"offer:{i}" in allowed) for i in range(60)]
    full = MatchingEngine(tmp_path / "full", embedder=HashEmbedder())
    full.upsert(docs)
    full.commit()
    only = MatchingEngine(tmp_path / "only", embedder=HashEmbedder())
    only.upsert(d for d in docs if d.key in allowed)
    only.commit()
    for text in QUERIES:
        for mode in MODES:
            seen = full.search(Query(text), top=15, mode=mode, allowed=allowed)  # type: ignore[arg-type]
            reference = only.search(Query(text), top=15, mode=mode)  # type: ignore[arg-type]
            assert [(r.key, r.score, r.reasons) for r in seen] == [
                (r.key, r.score, r.reasons) for r in reference
            ], (text, mode)
    full.close()
    only.close()


def test_a_prepared_visibility_is_reused_and_renewed_after_a_commit(tmp_path: Path) -> None:
    engine = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    engine.upsert(doc(i) for i in range(10))
    engine.commit()
    allowed = frozenset({"offer:1", "offer:2", "offer:11"})
    prepared = engine.visibility(allowed)
    assert isinstance(prepared, Visibility) and prepared.count == 2
    assert engine.visibility(allowed) is prepared  # the same frozenset: remembered
    assert engine.visibility(prepared) is prepared
    assert {r.key for r in engine.search(Query("numero1"), top=10, allowed=prepared)} <= allowed

    engine.upsert([doc(11)])  # an allowed key that was not indexed yet
    engine.commit()
    renewed = engine.visibility(prepared)
    assert renewed is not prepared and renewed is not None and renewed.count == 3
    found = engine.search(Query("numero11"), top=10, mode="lexical", allowed=prepared)
    assert keys(found)[:1] == ["offer:11"]
    assert engine.search(Query("numero3"), top=10, allowed=set()) == []
    engine.close()


def test_the_int8_shortlist_returns_the_exact_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = DenseIndex(tmp_path / "vectors.f32", 64)
    index.load()
    for row, vector in enumerate(vectors):
        index.set(row, vector)
    index.flush()
    mask = np.ones(3000, dtype=bool)
    mask[::2] = False
    queries = rng.standard_normal((20, 64)).astype(np.float32)
    exact = [index.top(q, 10, mask) for q in queries]  # 3,000 rows: exact float32
    monkeypatch.setattr(dense_module, "EXACT_ROWS", 0)
    for q, (rows, scores) in zip(queries, exact, strict=True):
        got_rows, got_scores = index.top(q, 10, mask)
        assert got_rows.tolist() == rows.tolist()
        assert np.allclose(got_scores, scores)
        assert all(r % 2 == 1 for r in got_rows)

    # vectors.i8 is derived: deleted, it is written again from vectors.f32.
    (tmp_path / "vectors.i8").unlink()
    reopened = DenseIndex(tmp_path / "vectors.f32", 64)
    reopened.load()
    assert reopened.top(queries[0], 10, mask)[0].tolist() == exact[0][0].tolist()


def test_over_fetching_doubles_until_enough_hits_are_kept(tmp_path: Path) -> None:
    lexical = LexicalIndex(tmp_path / "lexical")
    lexical.write([(f"offer:{i}", "offer", f"vetro riciclato {i}") for i in range(200)], [])
    wanted = {f"offer:{i}" for i in range(0, 200, 25)}
    within = lexical.search("vetro", 5, within=wanted)
    # keep_share deliberately wrong (1.0 where 4 % are kept): the depth has to double.
    kept = lexical.search("vetro", 5, keep=wanted.__contains__, keep_share=1.0)
    assert kept == within and len(kept) == 5
    assert lexical.search("vetro", 50, keep=wanted.__contains__) == lexical.search(
        "vetro", 50, within=wanted
    )


def test_another_process_commit_is_invisible_until_its_rows_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caught between another process's tantivy commit and its meta write, a reader neither
    returns a key it does not know nor fails: tantivy readers reload only with the rows."""
    writer = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    writer.upsert(replace(doc(i), public=True) for i in range(20))
    writer.commit()
    reader = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    visitor = {f"offer:{i}" for i in range(20)}
    monkeypatch.setattr(writer, "_write_meta", lambda: None)
    writer.upsert([replace(doc(77), text="sensori numero77 unico", public=True)])
    writer.commit()
    time.sleep(1.0)  # tantivy's own reload policy (OnCommit) would have reloaded by now
    visitor.add("offer:77")  # the database already says it is visible
    for allowed in (visitor, visitor | {"need:1"}, None):
        for mode in ("lexical", "hybrid"):
            found = reader.search(Query("numero77 sensori"), top=5, mode=mode, allowed=allowed)  # type: ignore[arg-type]
            assert "offer:77" not in keys(found)
            assert set(keys(found)) <= reader.keys()
    writer.close()
    reader.close()


def test_a_visitor_allowed_part_of_the_public_side_gets_only_that_part(tmp_path: Path) -> None:
    """Expired public items stay in the public index until saved again: a visitor's search
    there drops them like any hidden item, on both filter paths."""
    engine = MatchingEngine(tmp_path / "i", embedder=HashEmbedder())
    engine.upsert(replace(doc(i), public=True) for i in range(60))
    engine.commit()
    expired = {f"offer:{i}" for i in range(0, 60, 4)}
    allowed = frozenset(f"offer:{i}" for i in range(60)) - expired
    for share in (0.0, 1.01):
        engine_module.TERM_SET_SHARE, saved = share, engine_module.TERM_SET_SHARE
        try:
            for text in QUERIES:
                for mode in MODES:
                    found = engine.search(Query(text), top=15, mode=mode, allowed=allowed)  # type: ignore[arg-type]
                    assert found and not set(keys(found)) & expired
                    unfiltered = engine.search(Query(text), top=60, mode="lexical", allowed=None)
                    if mode == "lexical":
                        assert keys(found) == [k for k in keys(unfiltered) if k in allowed][:15]
        finally:
            engine_module.TERM_SET_SHARE = saved
    engine.close()
