"""The matching engine: hybrid retrieval (BM25 + multilingual embeddings), fusion, re-ranking.

Pure Python over `types.Document` and `types.Query`; the Django side (documents.py,
services.py) feeds it. Everything lives under one directory:

    lexical/            the tantivy index (Italian and English fields, see lexical.py)
    vectors.f32         the embeddings, one row per document (see dense.py)
    documents.sqlite3   key -> row, kind and the document itself (for re-ranking and reasons)
    meta.json           format, model and a generation number bumped by every commit

A commit holds an exclusive lock on the directory, so several processes (web workers, task
workers) can share it; a process notices another's commit through the generation number and
reloads before its next search.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import numpy as np

from ponte.matching.analysis import cognates, content_words, matched_terms
from ponte.matching.dense import DenseIndex
from ponte.matching.embeddings import Embedder, default_embedder
from ponte.matching.lexical import LexicalIndex
from ponte.matching.ranking import (
    DEFAULT_FUSION,
    DEFAULT_SIGNALS,
    Fusion,
    SignalWeights,
    competence_feedback,
    convex,
    feedback_share,
    rrf,
    structured_signals,
)
from ponte.matching.types import Document, Mode, Query, Result

FORMAT = 1
_DOCUMENT_FIELDS = {f.name for f in fields(Document)}
_TUPLE_FIELDS = {"competences", "competence_ancestors"}


def indexed_text(doc: Document) -> str:
    """What BM25 sees of a document."""
    return f"{doc.title}\n{doc.text}"


def passage_text(doc: Document) -> str:
    """What the embedding model sees of a document (and the key of its cached vector)."""
    return f"{doc.title}\n{doc.text}".strip()


class MatchingEngine:
    def __init__(
        self,
        path: Path | None = None,
        *,
        embedder: Embedder | None = None,
        fusion: Fusion = DEFAULT_FUSION,
        signals: SignalWeights = DEFAULT_SIGNALS,
    ) -> None:
        """Open (or create) the index stored under `path`; None = a throw-away temporary index."""
        self._cleanup: Any = None
        if path is None:
            path = Path(tempfile.mkdtemp(prefix="ponte-index-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, path, ignore_errors=True)
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.embedder: Embedder = embedder if embedder is not None else default_embedder()
        self.fusion = fusion
        self.signals = signals
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.path / "documents.sqlite3", timeout=30, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, row INTEGER NOT NULL,"
            " kind TEXT NOT NULL, payload TEXT NOT NULL)"
        )
        self._db.commit()
        self._check_meta()
        self.lexical = LexicalIndex(self.path / "lexical")
        self.dense = DenseIndex(self.path / "vectors.f32", self.embedder.dim)
        self._pending: dict[str, tuple[Document, np.ndarray] | None] = {}
        self._cache: dict[str, Document] = {}
        self._load()

    # --- writing --------------------------------------------------------------------------

    def upsert(self, docs: Iterable[Document]) -> None:
        """Add or replace documents by key; embeds now (cached), visible after `commit`."""
        batch = {doc.key: doc for doc in docs}
        if not batch:
            return
        vectors = self.embedder.passages([passage_text(d) for d in batch.values()])
        with self._lock:
            for (key, doc), vector in zip(batch.items(), vectors, strict=True):
                self._pending[key] = (doc, np.asarray(vector, dtype=np.float32))

    def delete(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._pending[key] = None

    def commit(self) -> None:
        """Make the pending changes durable and visible to search, in every process."""
        with self._lock:
            if not self._pending:
                return
            with self._directory_lock():
                if self._read_generation() != self._generation:
                    self._load()
                self._apply(self._pending)
            self._pending = {}

    def _apply(self, pending: dict[str, tuple[Document, np.ndarray] | None]) -> None:
        deleted: list[str] = []
        written: list[tuple[str, int, str, str]] = []
        lexical: list[tuple[str, str, str]] = []
        for key, change in pending.items():
            if change is None:
                row = self._row_of.pop(key, None)
                if row is None:
                    continue
                self._key_at[row] = None
                self._live[row] = False
                self.dense.clear(row)
                self._free.append(row)
                deleted.append(key)
                continue
            doc, vector = change
            row = self._row_of.get(key)
            if row is None:
                row = self._free.pop() if self._free else len(self._key_at)
                self._grow(row + 1)
                self._row_of[key] = row
            self._key_at[row] = key
            self._live[row] = True
            self._kind_at[row] = self._kind_code(doc.kind)
            self.dense.set(row, vector)
            written.append((key, row, doc.kind, _dump(doc)))
            lexical.append((key, doc.kind, indexed_text(doc)))
        self.dense.flush()
        with self._db:
            self._db.executemany("DELETE FROM documents WHERE key = ?", [(k,) for k in deleted])
            self._db.executemany(
                "INSERT OR REPLACE INTO documents (key, row, kind, payload) VALUES (?, ?, ?, ?)",
                written,
            )
        self.lexical.write(lexical, deleted)
        self._cache.clear()
        self._generation = self._read_generation() + 1
        self._write_meta()

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        self._refresh()
        return len(self._row_of)

    def keys(self) -> set[str]:
        self._refresh()
        return set(self._row_of)

    def documents(self, keys: Iterable[str]) -> dict[str, Document]:
        """The stored documents for these keys (missing keys are left out)."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self._cache]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT key, payload FROM documents WHERE key IN ({marks})", chunk
                ).fetchall()
            for key, payload in rows:
                if len(self._cache) > 50_000:
                    self._cache.clear()
                self._cache[key] = _load(payload)
        return {k: self._cache[k] for k in keys if k in self._cache}

    def search(
        self,
        query: Query,
        top: int = 10,
        mode: Mode = "hybrid",
        allowed: Collection[str] | None = None,
    ) -> list[Result]:
        """`allowed`: the keys the viewer may see (None = everything). Applied BEFORE ranking:
        a key not in `allowed` never appears, never shapes scores or reasons."""
        return self.search_many([query], top=top, mode=mode, allowed=allowed)[0]

    def search_many(
        self,
        queries: Sequence[Query],
        top: int = 10,
        mode: Mode = "hybrid",
        allowed: Collection[str] | None = None,
    ) -> list[list[Result]]:
        """Like `search` for each query, embedding all the queries in one batch."""
        self._refresh()
        if not queries:
            return []
        vectors = None
        if mode != "lexical":
            vectors = self.embedder.queries([q.text for q in queries])
        visible = self._visibility(allowed)
        results = []
        for i, query in enumerate(queries):
            vector = None if vectors is None else vectors[i]
            results.append(self._search_one(query, vector, top, mode, visible))
        return results

    def _search_one(
        self,
        query: Query,
        vector: np.ndarray | None,
        top: int,
        mode: Mode,
        visible: _Visibility,
    ) -> list[Result]:
        if top <= 0:
            return []
        depth = max(top, self.fusion.depth)
        lexical: dict[str, float] = {}
        dense: dict[str, float] = {}
        if mode in ("lexical", "hybrid"):
            lexical = dict(self._lexical_hits(query, depth, visible))
        if mode in ("dense", "hybrid") and vector is not None:
            dense = dict(self._dense_hits(query, vector, depth, visible))
        lexical_rank = {key: rank for rank, key in enumerate(lexical, start=1)}
        dense_rank = {key: rank for rank, key in enumerate(dense, start=1)}

        semantic: dict[str, bool] = {}
        if mode == "lexical":
            scores = lexical
        elif mode == "dense":
            scores = dense
            semantic = dict.fromkeys(dense, True)
        else:
            scores, semantic = self._fuse(query, vector, lexical, dense)
        docs = self.documents(scores)
        reasons: dict[str, dict[str, Any]] = {}
        if mode == "hybrid":
            scores, shared = self._feedback(scores, docs)
            for key in list(scores):
                bonus, why = structured_signals(query, docs[key], self.signals)
                scores[key] += bonus
                if key in shared:
                    why["related_competences"] = shared[key]
                reasons[key] = why
        ranked = sorted(scores, key=lambda k: (-scores[k], k))[:top]
        query_words = content_words(query.text)
        results = []
        for key in ranked:
            doc = docs[key]
            why = reasons[key] if key in reasons else structured_signals(query, doc)[1]
            results.append(
                Result(
                    key=key,
                    kind=doc.kind,
                    id=doc.id,
                    title=doc.title,
                    score=float(scores[key]),
                    reasons=_reasons(
                        query_words,
                        doc,
                        why,
                        lexical_rank.get(key),
                        dense_rank.get(key),
                        semantic.get(key, False),
                    ),
                )
            )
        return results

    def _fuse(
        self,
        query: Query,
        vector: np.ndarray | None,
        lexical: dict[str, float],
        dense: dict[str, float],
    ) -> tuple[dict[str, float], dict[str, bool]]:
        """Fused scores over the union of both candidate lists, each candidate scored exactly
        by both retrievers (a key one list missed is scored, not assumed zero)."""
        lex_rank = {k: r for r, k in enumerate(lexical)}
        den_rank = {k: r for r, k in enumerate(dense)}
        unranked = len(lexical) + len(dense) + 1
        if self.fusion.method == "rrf":
            fused = rrf([list(lexical), list(dense)], self.fusion.rrf_k)
        else:
            fused = self._convex(query, vector, lexical, dense)
        # "semantic": the embedding ranked it higher than the words did.
        semantic = {k: den_rank.get(k, unranked) < lex_rank.get(k, unranked) for k in fused}
        return fused, semantic

    def _convex(
        self,
        query: Query,
        vector: np.ndarray | None,
        lexical: dict[str, float],
        dense: dict[str, float],
    ) -> dict[str, float]:
        lexical_full = dict(lexical)
        dense_full = dict(dense)
        only_dense = [k for k in dense if k not in lexical]
        if only_dense:
            found = dict(self.lexical.search(query.text, len(only_dense), within=only_dense))
            for key in only_dense:
                lexical_full[key] = found.get(key, 0.0)
        only_lexical = [k for k in lexical if k not in dense]
        if only_lexical and vector is not None:
            rows = np.array([self._row_of[k] for k in only_lexical], dtype=np.int64)
            for key, score in zip(only_lexical, self.dense.scores(vector, rows), strict=True):
                dense_full[key] = float(score)
        return convex(lexical_full, dense_full, self.fusion.dense_weight)

    def _feedback(
        self, fused: dict[str, float], docs: dict[str, Document]
    ) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Competence feedback: a bonus for sharing the competences of the best fused results
        (which are themselves within what the viewer may see)."""
        count, weight = self.fusion.feedback_docs, self.fusion.feedback_weight
        if count <= 0 or weight <= 0:
            return fused, {}
        best = sorted(fused, key=lambda k: (-fused[k], k))[:count]
        profile = competence_feedback([(fused[k], docs[k].competences) for k in best])
        if not profile:
            return fused, {}
        boosted: dict[str, float] = {}
        shared: dict[str, list[str]] = {}
        for key, score in fused.items():
            codes = docs[key].competences
            boosted[key] = score + weight * feedback_share(profile, codes)
            common = [c for c in dict.fromkeys(codes) if c in profile]
            if common:
                shared[key] = common
        return boosted, shared

    def _lexical_hits(
        self, query: Query, depth: int, visible: _Visibility
    ) -> list[tuple[str, float]]:
        without = set(query.exclude) | visible.denied
        return self.lexical.search(
            query.text, depth, kinds=query.kinds, within=visible.allowed, without=without
        )

    def _dense_hits(
        self, query: Query, vector: np.ndarray, depth: int, visible: _Visibility
    ) -> list[tuple[str, float]]:
        n = len(self._key_at)
        mask = self._live[:n].copy()
        if visible.mask is not None:
            mask &= visible.mask[:n]
        if query.kinds:
            codes = [self._kind_codes[k] for k in query.kinds if k in self._kind_codes]
            mask &= np.isin(self._kind_at[:n], codes)
        for key in query.exclude:
            row = self._row_of.get(key)
            if row is not None:
                mask[row] = False
        rows, scores = self.dense.top(vector, depth, mask)
        return [(self._key_at[r] or "", float(s)) for r, s in zip(rows, scores, strict=True)]

    def _visibility(self, allowed: Collection[str] | None) -> _Visibility:
        """`allowed` turned into what each retriever filters on: the dense side a row mask, the
        lexical side a key set, or its complement when that is smaller."""
        if allowed is None:
            return _Visibility(None, None, set())
        allowed_set = set(allowed)
        n = len(self._key_at)
        mask = np.zeros(n, dtype=bool)
        rows = [self._row_of[k] for k in allowed_set if k in self._row_of]
        mask[rows] = True
        if len(rows) * 2 <= len(self._row_of):
            return _Visibility(mask, {k for k in allowed_set if k in self._row_of}, set())
        return _Visibility(mask, None, {k for k in self._row_of if k not in allowed_set})

    # --- storage --------------------------------------------------------------------------

    def _load(self) -> None:
        rows = self._db.execute("SELECT key, row, kind FROM documents").fetchall()
        size = max((r for _, r, _ in rows), default=-1) + 1
        self._row_of: dict[str, int] = {}
        self._key_at: list[str | None] = [None] * size
        self._live = np.zeros(max(size, 1024), dtype=bool)
        self._kind_at = np.zeros(max(size, 1024), dtype=np.int16)
        self._kind_codes: dict[str, int] = {}
        for key, row, kind in rows:
            self._row_of[key] = row
            self._key_at[row] = key
            self._live[row] = True
            self._kind_at[row] = self._kind_code(kind)
        self._free = [r for r in range(size - 1, -1, -1) if self._key_at[r] is None]
        self.dense.load(size)
        self.lexical.reload()
        self._cache.clear()
        self._generation = self._read_generation()
        self._meta_stamp = self._stamp()

    def _refresh(self) -> None:
        """Reload when another process committed since we last looked (a stat, ~µs)."""
        if self._stamp() != self._meta_stamp:
            with self._lock:
                if self._read_generation() != self._generation:
                    self._load()
                self._meta_stamp = self._stamp()

    def _grow(self, size: int) -> None:
        while len(self._key_at) < size:
            self._key_at.append(None)
        if size > len(self._live):
            capacity = max(size, 2 * len(self._live))
            self._live = np.concatenate([self._live, np.zeros(capacity - len(self._live), bool)])
            self._kind_at = np.concatenate(
                [self._kind_at, np.zeros(capacity - len(self._kind_at), np.int16)]
            )

    def _kind_code(self, kind: str) -> int:
        return self._kind_codes.setdefault(kind, len(self._kind_codes) + 1)

    @contextlib.contextmanager
    def _directory_lock(self) -> Iterator[None]:
        with open(self.path / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _meta_path(self) -> Path:
        return self.path / "meta.json"

    def _stamp(self) -> tuple[int, int]:
        try:
            stat = self._meta_path().stat()
        except FileNotFoundError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_ino)

    def _read_meta(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self._meta_path().read_text()))
        except (FileNotFoundError, ValueError):
            return {}

    def _read_generation(self) -> int:
        return int(self._read_meta().get("generation", 0))

    def _check_meta(self) -> None:
        meta = self._read_meta()
        if meta and (meta.get("format") != FORMAT or meta.get("dim") != self.embedder.dim):
            raise ValueError(
                f"The index in {self.path} was built with another format or model; rebuild it."
            )

    def _write_meta(self) -> None:
        meta = {
            "format": FORMAT,
            "dim": self.embedder.dim,
            "embedder": str(getattr(self.embedder, "name", type(self.embedder).__name__)),
            "generation": self._generation,
        }
        temporary = self._meta_path().with_suffix(".tmp")
        temporary.write_text(json.dumps(meta))
        temporary.replace(self._meta_path())
        self._meta_stamp = self._stamp()

    def close(self) -> None:
        self._db.close()
        if self._cleanup is not None:
            self._cleanup()


class _Visibility:
    """What a viewer may see, in the forms the two retrievers filter on."""

    def __init__(self, mask: np.ndarray | None, allowed: set[str] | None, denied: set[str]):
        self.mask = mask
        self.allowed = allowed
        self.denied = denied


def _reasons(
    query_words: list[str],
    doc: Document,
    structured: dict[str, Any],
    lexical_rank: int | None,
    dense_rank: int | None,
    semantic: bool,
) -> dict[str, Any]:
    reasons: dict[str, Any] = {}
    doc_words = content_words(indexed_text(doc))
    terms = matched_terms(query_words, doc_words)
    if terms:
        reasons["matched_terms"] = terms
    matched = {t.split(" ↔ ")[0] for t in terms}
    related = cognates([w for w in query_words if w not in matched], doc_words)
    if related:
        reasons["related_terms"] = related
    reasons.update(structured)
    if semantic:
        reasons["semantic"] = True
    if lexical_rank is not None:
        reasons["lexical_rank"] = lexical_rank
    if dense_rank is not None:
        reasons["dense_rank"] = dense_rank
    return reasons


def _dump(doc: Document) -> str:
    return json.dumps(asdict(doc), ensure_ascii=False)


def _load(payload: str) -> Document:
    data = {k: v for k, v in json.loads(payload).items() if k in _DOCUMENT_FIELDS}
    for name in _TUPLE_FIELDS:
        data[name] = tuple(data.get(name) or ())
    return Document(**data)
