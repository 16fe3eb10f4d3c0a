"""The matching engine: hybrid retrieval (BM25 + multilingual embeddings), fusion, re-ranking.

Pure Python over `types.Document` and `types.Query`; the Django side (documents.py,
services.py) feeds it. Everything lives under one directory:

    lexical/            the tantivy index (Italian and English fields, see lexical.py)
    lexical-public/     the same for the documents marked `public` only: BM25 for a viewer
                        who sees nothing else takes its statistics from here, so documents
                        the viewer may not see never shape the scores (docs/matching.md)
    lexical-members/    the same for what any member sees (`public` or `members`): BM25 for
                        a member who may see nothing more
    vectors.f32, .i8    the embeddings, one row per document, memory-mapped (see dense.py)
    documents.sqlite3   key -> row, kind, the document itself (for re-ranking and reasons) and
                        the generation that last wrote it; tombstones of deleted rows
    meta.json           format, model, an epoch and a generation number bumped by every commit

A commit holds an exclusive lock on the directory, so several processes (web workers, task
workers) can share it; a process notices another's commit through the generation number and,
before its next search, reads only the rows written since the generation it had (the vectors
need no reading: they are mapped).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import secrets
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from ponte.matching.analysis import cognates, content_words, expand_acronyms, matched_terms
from ponte.matching.dense import DenseIndex
from ponte.matching.embeddings import Embedder, default_embedder
from ponte.matching.glossary import Glossary, Translation, default_glossary, explain
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
#: The text analysis documents were indexed with: raised when it changes what a document is
#: indexed as (2: acronyms spelt out, regions by their codes). An index written with another
#: still opens and serves; `ponte index --status` asks for a rebuild, which brings it here.
ANALYSIS = 2
_DOCUMENT_FIELDS = {f.name for f in fields(Document)}
_FIELD_NAMES = tuple(f.name for f in fields(Document))
_TUPLE_FIELDS = {"competences", "competence_ancestors"}
#: Below this share of the index's keys, the lexical side filters inside tantivy with a term set
#: of the allowed keys; above it, it asks tantivy for more hits and drops the hidden ones
#: (measured at 10^5 with half the keys allowed: 219 ms -> a few ms; docs/matching.md).
TERM_SET_SHARE = 0.05
#: A viewer may see at most this many documents outside the members' index (their own
#: confidential items, a cluster's for its staff) to be scored on the members' index's
#: statistics; beyond it, on the whole index (docs/matching.md, "BM25 collection statistics").
OUTSIDE_LIMIT = 2000


def indexed_text(doc: Document) -> str:
    """What BM25 sees of a document (its acronyms spelt out, as queries spell them)."""
    return expand_acronyms(f"{doc.title}\n{doc.text}")


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
        glossary: Glossary | None = None,
    ) -> None:
        """Open (or create) the index stored under `path`; None = a throw-away temporary index.
        `glossary`: the Italian-English pairs used to expand queries and explain matches
        (default: the taxonomy's labels and the domain list)."""
        self._cleanup: Any = None
        if path is None:
            path = Path(tempfile.mkdtemp(prefix="ponte-index-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, path, ignore_errors=True)
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.embedder: Embedder = embedder if embedder is not None else default_embedder()
        self.fusion = fusion
        self.signals = signals
        self.glossary = glossary if glossary is not None else default_glossary()
        self._lock = threading.RLock()
        self._open_storage()
        self._pending: dict[str, tuple[Document, np.ndarray] | None] = {}
        self._rebuilt = False  # the next commit completes a rebuild (`mark_rebuilt`)
        self._cache: dict[str, Document] = {}
        self._visibility_cache: list[tuple[Any, Visibility]] = []
        self._generation: int = 0
        self._epoch: str | None = None
        self._meta_stamp: tuple[int, int] = (0, 0)
        self._load()

    def _open_storage(self) -> None:
        """Open the document store, the tantivy index and the vector files under `path`."""
        self._db = sqlite3.connect(
            self.path / "documents.sqlite3", timeout=30, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, row INTEGER NOT NULL,"
            " kind TEXT NOT NULL, payload TEXT NOT NULL, gen INTEGER NOT NULL DEFAULT 0)"
        )
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(documents)")}
        if "gen" not in columns:  # an index written before incremental reloads
            self._db.execute("ALTER TABLE documents ADD COLUMN gen INTEGER NOT NULL DEFAULT 0")
        if "public" not in columns:  # an index written before the public statistics
            self._db.execute("ALTER TABLE documents ADD COLUMN public INTEGER NOT NULL DEFAULT 0")
        if "members" not in columns:  # ... and before the members' statistics
            self._db.execute("ALTER TABLE documents ADD COLUMN members INTEGER NOT NULL DEFAULT 0")
        self._db.execute("CREATE INDEX IF NOT EXISTS documents_gen ON documents (gen)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS tombstones (row INTEGER PRIMARY KEY, gen INTEGER NOT NULL)"
        )
        self._db.commit()
        self.lexical = LexicalIndex(self.path / "lexical")
        self.public_lexical = LexicalIndex(self.path / "lexical-public")
        self.members_lexical = LexicalIndex(self.path / "lexical-members")
        self.dense = DenseIndex(self.path / "vectors.f32", self.embedder.dim)
        self._check_meta()

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
                self._catch_up()
                self._apply(self._pending)
            self._pending = {}

    def _apply(self, pending: dict[str, tuple[Document, np.ndarray] | None]) -> None:
        generation = self._generation + 1
        deleted: list[str] = []
        tombstones: list[tuple[int, int]] = []
        written: list[tuple[str, int, str, str, int, int, int]] = []
        lexical: list[tuple[str, str, str]] = []
        public: list[tuple[str, str, str]] = []
        unpublic: list[str] = []  # keys to take out of the public index
        members: list[tuple[str, str, str]] = []
        unmembers: list[str] = []  # keys to take out of the members' index
        free = self._free_rows()
        for key, change in pending.items():
            self._cache.pop(key, None)
            if change is None:
                row = self._row_of.pop(key, None)
                if row is None:
                    continue
                self._key_at[row] = None
                self._live[row] = False
                if self._public[row]:
                    unpublic.append(key)
                if self._members[row]:
                    unmembers.append(key)
                self._public[row] = self._members[row] = False
                self.dense.clear(row)
                free.append(row)
                deleted.append(key)
                tombstones.append((row, generation))
                continue
            doc, vector = change
            row = self._row_of.get(key)
            if row is None:
                row = free.pop() if free else len(self._key_at)
                self._grow(row + 1)
                self._row_of[key] = row
            self._key_at[row] = key
            self._live[row] = True
            self._kind_at[row] = self._kind_code(doc.kind)
            self.dense.set(row, vector)
            in_members = doc.public or doc.members  # what a visitor sees, any member sees
            written.append(
                (key, row, doc.kind, _dump(doc), generation, int(doc.public), int(in_members))
            )
            lexical.append((key, doc.kind, indexed_text(doc)))
            if doc.public:
                public.append(lexical[-1])
            elif self._public[row]:
                unpublic.append(key)
            if in_members:
                members.append(lexical[-1])
            elif self._members[row]:
                unmembers.append(key)
            self._public[row] = doc.public
            self._members[row] = in_members
        self.dense.flush()
        with self._db:
            self._db.executemany("DELETE FROM documents WHERE key = ?", [(k,) for k in deleted])
            self._db.executemany(
                "INSERT OR REPLACE INTO tombstones (row, gen) VALUES (?, ?)", tombstones
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO documents (key, row, kind, payload, gen, public, members)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                written,
            )
        self.lexical.write(lexical, deleted)
        if public or unpublic:
            self.public_lexical.write(public, unpublic)
        if members or unmembers:
            self.members_lexical.write(members, unmembers)
        self._generation = generation
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
        keys = list(dict.fromkeys(keys))
        found = {k: self._cache[k] for k in keys if k in self._cache}
        wanted = [k for k in keys if k not in found]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT key, payload FROM documents WHERE key IN ({marks})", chunk
                ).fetchall()
            if len(self._cache) + len(rows) > 50_000:
                self._cache.clear()
            for key, payload in rows:
                found[key] = self._cache[key] = _load(payload)
        return {k: found[k] for k in keys if k in found}

    def search(
        self,
        query: Query,
        top: int = 10,
        mode: Mode = "hybrid",
        allowed: Collection[str] | Visibility | None = None,
    ) -> list[Result]:
        """`allowed`: the keys the viewer may see (None = everything), or a `Visibility`
        prepared from them. Applied BEFORE ranking: a key not in `allowed` never appears,
        never shapes scores or reasons."""
        return self.search_many([query], top=top, mode=mode, allowed=allowed)[0]

    def search_many(
        self,
        queries: Sequence[Query],
        top: int = 10,
        mode: Mode = "hybrid",
        allowed: Collection[str] | Visibility | None = None,
    ) -> list[list[Result]]:
        """Like `search` for each query, embedding all the queries in one batch."""
        self._refresh()
        if not queries:
            return []
        translations = [self.glossary.translations(q.text) for q in queries]
        vectors = None
        if mode != "lexical":
            vectors = self._query_vectors(queries, translations)
        visible = self.visibility(allowed)
        results = []
        for i, query in enumerate(queries):
            vector = None if vectors is None else vectors[i]
            results.append(self._search_one(query, vector, top, mode, visible, translations[i]))
        return results

    def _query_vectors(
        self, queries: Sequence[Query], translations: Sequence[list[Translation]]
    ) -> np.ndarray:
        """The queries' embeddings; with `translated_query_weight`, each one that the glossary
        translates is mixed with the embedding of its translated text (same batch)."""
        texts, extra, translated = self._embedded_texts(queries, translations)
        vectors = np.array(self.embedder.queries(texts + extra), dtype=np.float32)
        weight = self.fusion.translated_query_weight
        if weight >= 1.0:
            return vectors
        for j, i in enumerate(translated):
            mixed = (1.0 - weight) * vectors[i] + weight * vectors[len(texts) + j]
            vectors[i] = mixed / (float(np.linalg.norm(mixed)) or 1.0)
        return vectors[: len(texts)]

    def query_texts(self, queries: Sequence[Query]) -> list[str]:
        """The texts `search` will embed for these queries (to warm an embedding cache)."""
        translations = [self.glossary.translations(q.text) for q in queries]
        texts, extra, _ = self._embedded_texts(queries, translations)
        return texts + extra

    def _embedded_texts(
        self, queries: Sequence[Query], translations: Sequence[list[Translation]]
    ) -> tuple[list[str], list[str], list[int]]:
        """(one text per query, extra texts, the queries the extra texts belong to). With
        `translated_query_weight` 1 a translated query's one text is the query followed by
        its translations; between 0 and 1 that text is an extra one, mixed in afterwards."""
        texts = [q.text for q in queries]
        weight = self.fusion.translated_query_weight
        translated = [i for i, t in enumerate(translations) if t] if weight > 0 else []
        extra = [f"{texts[i]}\n{'; '.join(t.target for t in translations[i])}" for i in translated]
        if weight >= 1.0:  # the translated text alone: one embedding a query, not two
            for j, i in enumerate(translated):
                texts[i] = extra[j]
            return texts, [], []
        return texts, extra, translated

    def _expansion(self, translations: Sequence[Translation], text: str) -> dict[str, set[str]]:
        if self.fusion.glossary_weight <= 0 or not translations:
            return {}
        return self.glossary.expansion(text)

    def visibility(self, allowed: Collection[str] | Visibility | None) -> Visibility | None:
        """`allowed` prepared for searching: a row mask over the index as it is now.

        Preparing costs one dictionary look-up per allowed key (~25 ms for 5x10^4 keys, ~0.4 s
        for 5x10^5: make bench), so callers that search repeatedly for one viewer should keep
        the result (or pass the same frozenset again: the last few are remembered by identity).
        A `Visibility` prepared before another commit is prepared again, transparently, from
        its keys.
        """
        if allowed is None:
            return None
        self._refresh()
        if isinstance(allowed, Visibility):
            if allowed.engine_state == self._state_id():
                return allowed
            allowed = allowed.keys
        cacheable = isinstance(allowed, frozenset)
        if cacheable:
            for source, prepared in self._visibility_cache:
                if source is allowed and prepared.engine_state == self._state_id():
                    return prepared
        prepared = self._prepare(allowed)
        if cacheable:
            self._visibility_cache = [(allowed, prepared), *self._visibility_cache[:3]]
        return prepared

    def _state_id(self) -> tuple[int, str | None, int]:
        return (id(self), self._epoch, self._generation)

    def _prepare(self, allowed: Collection[str]) -> Visibility:
        keys = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
        n = len(self._key_at)
        row_of = self._row_of
        rows = np.fromiter((row_of.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        rows = rows[rows >= 0]
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        public = self._public[:n]
        public_count = int(public.sum())
        members = self._members[:n]
        members_count = int(members.sum())
        # Everything the viewer may see is in the public index (a visitor), or — for a member
        # of a cluster, who sees every member-level document — in the members' one (a member
        # without items of their own hidden from others): search there, where documents the
        # viewer may not see are not counted in the BM25 statistics.
        member = bool(getattr(allowed, "member", False))
        public_only = public_count > 0 and not bool(np.any(mask & ~public))
        members_only = member and members_count > 0 and not bool(np.any(mask & ~members))
        # Someone who may see more (their organisation's confidential items, their cluster's
        # for its staff, an applicant its own profile) is scored on the members' index if a
        # member, else on the public one, with those few documents scored by its statistics
        # as if they were there (`LexicalIndex.score_outside`).
        outside: tuple[str, ...] = ()
        base, base_count = (members, members_count) if member else (public, public_count)
        if base_count > 0 and not public_only and not members_only:
            rows = np.flatnonzero(mask & ~base)
            if len(rows) <= OUTSIDE_LIMIT:
                outside = tuple(k for k in (self._key_at[r] for r in rows.tolist()) if k)
                members_only, public_only = member, not member
        return Visibility(
            keys,
            mask,
            int(mask.sum()),
            len(row_of),
            self._state_id(),
            public_total=public_count if public_only else 0,
            members_total=members_count if members_only else 0,
            outside=outside,
        )

    def _search_one(
        self,
        query: Query,
        vector: np.ndarray | None,
        top: int,
        mode: Mode,
        visible: Visibility | None,
        translations: Sequence[Translation] = (),
    ) -> list[Result]:
        if top <= 0:
            return []
        depth = max(top, self.fusion.depth)
        lexical: dict[str, float] = {}
        dense: dict[str, float] = {}
        extra = self._expansion(translations, query.text)
        if mode in ("lexical", "hybrid"):
            lexical = dict(self._lexical_hits(query, depth, visible, extra))
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
            scores, semantic = self._fuse(query, vector, lexical, dense, extra, visible)
        docs = self.documents(scores)
        if len(docs) < len(scores):  # written by another process's commit still under way
            scores = {k: v for k, v in scores.items() if k in docs}
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
        query_words = self._rarest_first(content_words(query.text))
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
                        translations,
                    ),
                )
            )
        return results

    def _rarest_first(self, words: list[str]) -> list[str]:
        """The query's words, rarest first (ties in the order written), so reasons lead with
        the words that say most ("fenossietanolo" before "cosmetici"). Counted on the public
        index: the order reveals nothing about documents a visitor may not see."""
        frequency = self.public_lexical.document_frequencies(words)
        return sorted(words, key=lambda word: frequency.get(word, 0))

    def _fuse(
        self,
        query: Query,
        vector: np.ndarray | None,
        lexical: dict[str, float],
        dense: dict[str, float],
        extra: dict[str, set[str]] | None = None,
        visible: Visibility | None = None,
    ) -> tuple[dict[str, float], dict[str, bool]]:
        """Fused scores over the union of both candidate lists, each candidate scored exactly
        by both retrievers (a key one list missed is scored, not assumed zero)."""
        lex_rank = {k: r for r, k in enumerate(lexical)}
        den_rank = {k: r for r, k in enumerate(dense)}
        unranked = len(lexical) + len(dense) + 1
        if self.fusion.method == "rrf":
            fused = rrf([list(lexical), list(dense)], self.fusion.rrf_k)
        else:
            fused = self._convex(query, vector, lexical, dense, extra, visible)
        # "semantic": the embedding ranked it higher than the words did.
        semantic = {k: den_rank.get(k, unranked) < lex_rank.get(k, unranked) for k in fused}
        return fused, semantic

    def _convex(
        self,
        query: Query,
        vector: np.ndarray | None,
        lexical: dict[str, float],
        dense: dict[str, float],
        extra: dict[str, set[str]] | None = None,
        visible: Visibility | None = None,
    ) -> dict[str, float]:
        lexical_full = dict(lexical)
        dense_full = dict(dense)
        only_dense = [k for k in dense if k not in lexical]
        if only_dense:
            found = self._lexical_scores(query.text, only_dense, visible, extra)
            for key in only_dense:
                lexical_full[key] = found.get(key, 0.0)
        only_lexical = [k for k in lexical if k not in dense and k in self._row_of]
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

    def _lexical_index(self, visible: Visibility | None) -> tuple[LexicalIndex, int]:
        """The smallest index that holds everything the viewer may see — the public one, the
        members' one, else the whole one — with how many documents it holds: its BM25
        statistics then count no document hidden from the viewer."""
        if visible is not None and visible.public_total:
            return self.public_lexical, visible.public_total
        if visible is not None and visible.members_total:
            return self.members_lexical, visible.members_total
        return self.lexical, visible.total if visible is not None else len(self._row_of)

    def _lexical_scores(
        self,
        text: str,
        keys: list[str],
        visible: Visibility | None,
        extra: dict[str, set[str]] | None,
    ) -> dict[str, float]:
        """BM25 of these keys (those sharing no term left out), on the viewer's index."""
        index, _ = self._lexical_index(visible)
        weight = self.fusion.glossary_weight
        outside = visible.outside_set if visible is not None else frozenset()
        inside = [k for k in keys if k not in outside]
        found = dict(
            index.search(text, len(inside), within=inside, extra=extra, extra_weight=weight)
        )
        texts = self._outside_texts([k for k in keys if k in outside])
        found.update(index.score_outside(text, texts, extra=extra, extra_weight=weight))
        return found

    def _outside_texts(self, keys: Iterable[str]) -> dict[str, str]:
        return {key: indexed_text(doc) for key, doc in self.documents(keys).items()}

    def _outside_hits(
        self,
        index: LexicalIndex,
        query: Query,
        visible: Visibility,
        extra: dict[str, set[str]] | None,
    ) -> list[tuple[str, float]]:
        """The viewer's documents outside `index`, scored with its statistics."""
        excluded = set(query.exclude)
        docs = self.documents(k for k in visible.outside if k not in excluded)
        texts = {
            key: indexed_text(doc)
            for key, doc in docs.items()
            if not query.kinds or doc.kind in query.kinds
        }
        return index.score_outside(
            query.text, texts, extra=extra, extra_weight=self.fusion.glossary_weight
        )

    def _lexical_hits(
        self,
        query: Query,
        depth: int,
        visible: Visibility | None,
        extra: dict[str, set[str]] | None = None,
    ) -> list[tuple[str, float]]:
        weight = self.fusion.glossary_weight
        if visible is None:
            return self.lexical.search(
                query.text,
                depth,
                kinds=query.kinds,
                without=query.exclude,
                extra=extra,
                extra_weight=weight,
            )
        index, total = self._lexical_index(visible)
        hits = self._indexed_hits(index, total, query, depth, visible, extra)
        if not visible.outside:
            return hits
        merged = hits + self._outside_hits(index, query, visible, extra)
        return sorted(merged, key=lambda hit: (-hit[1], hit[0]))[:depth]

    def _indexed_hits(
        self,
        index: LexicalIndex,
        total: int,
        query: Query,
        depth: int,
        visible: Visibility,
        extra: dict[str, set[str]] | None,
    ) -> list[tuple[str, float]]:
        """The hits inside `index` (of `total` documents) the viewer may see."""
        weight = self.fusion.glossary_weight
        count = visible.count - len(visible.outside)
        if count == total:
            # The viewer may see all the index holds: only keys this process knows (a reader
            # reloads after the rows are read, so there are none other; belt and braces).
            return index.search(
                query.text,
                depth,
                kinds=query.kinds,
                without=query.exclude,
                keep=self._row_of.__contains__,
                extra=extra,
                extra_weight=weight,
            )
        if count < TERM_SET_SHARE * total:
            # Few keys allowed: a term set inside tantivy is cheap and saves over-fetching.
            return index.search(
                query.text,
                depth,
                kinds=query.kinds,
                within=visible.indexed_keys(self._key_at),
                without=query.exclude,
                extra=extra,
                extra_weight=weight,
            )
        mask, row_of = visible.mask, self._row_of

        def keep(key: str) -> bool:
            row = row_of.get(key)
            return row is not None and row < len(mask) and bool(mask[row])

        return index.search(
            query.text,
            depth,
            kinds=query.kinds,
            without=query.exclude,
            keep=keep,
            keep_share=count / max(total, 1),
            extra=extra,
            extra_weight=weight,
        )

    def _dense_hits(
        self, query: Query, vector: np.ndarray, depth: int, visible: Visibility | None
    ) -> list[tuple[str, float]]:
        n = len(self._key_at)
        mask = self._live[:n].copy()
        if visible is not None:
            mask[: len(visible.mask)] &= visible.mask[:n]
            mask[len(visible.mask) :] = False
        if query.kinds:
            codes = [self._kind_codes[k] for k in query.kinds if k in self._kind_codes]
            mask &= np.isin(self._kind_at[:n], codes)
        for key in query.exclude:
            row = self._row_of.get(key)
            if row is not None:
                mask[row] = False
        rows, scores = self.dense.top(vector, depth, mask)
        return [(self._key_at[r] or "", float(s)) for r, s in zip(rows, scores, strict=True)]

    # --- storage --------------------------------------------------------------------------

    def _load(self) -> None:
        """Read the whole state (at opening, or when the index was replaced under us)."""
        meta = self._read_meta()
        rows = self._db.execute("SELECT key, row, kind, public, members FROM documents").fetchall()
        size = max((r for _, r, _, _, _ in rows), default=-1) + 1
        self._row_of: dict[str, int] = {}
        self._key_at: list[str | None] = [None] * size
        self._live = np.zeros(max(size, 1024), dtype=bool)
        self._kind_at = np.zeros(max(size, 1024), dtype=np.int16)
        self._public = np.zeros(max(size, 1024), dtype=bool)
        self._members = np.zeros(max(size, 1024), dtype=bool)
        self._kind_codes: dict[str, int] = {}
        for key, row, kind, public, members in rows:
            self._row_of[key] = row
            self._key_at[row] = key
            self._live[row] = True
            self._kind_at[row] = self._kind_code(kind)
            self._public[row] = bool(public)
            self._members[row] = bool(members)
        self.dense.load()
        self.lexical.reload()
        self.public_lexical.reload()
        self.members_lexical.reload()
        self._cache.clear()
        self._visibility_cache.clear()
        self._generation = int(meta.get("generation", 0))
        self._epoch = meta.get("epoch")
        self._meta_stamp = self._stamp()

    def _catch_up(self) -> None:
        """Apply what other processes committed since our generation: only the rows they
        wrote or deleted are read (one indexed SQLite query); the vectors are mapped."""
        meta = self._read_meta()
        generation = int(meta.get("generation", 0))
        if generation == self._generation and meta.get("epoch") == self._epoch:
            return
        if generation < self._generation or meta.get("epoch") != self._epoch:
            self._db.close()  # a new index in the same place: its files are new ones
            self._open_storage()
            self._load()
            return
        since = self._generation
        for (row,) in self._db.execute("SELECT row FROM tombstones WHERE gen > ?", (since,)):
            self._clear_row(row)
        changed = self._db.execute(
            "SELECT key, row, kind, public, members FROM documents WHERE gen > ?", (since,)
        ).fetchall()
        for key, row, kind, public, members in changed:
            old = self._row_of.get(key)
            if old is not None and old != row:
                self._clear_row(old)
            self._grow(row + 1)
            if self._key_at[row] not in (None, key):
                self._clear_row(row)
            self._row_of[key] = row
            self._key_at[row] = key
            self._live[row] = True
            self._kind_at[row] = self._kind_code(kind)
            self._public[row] = bool(public)
            self._members[row] = bool(members)
            self._cache.pop(key, None)
        self.dense.refresh()
        self.lexical.reload()
        self.public_lexical.reload()
        self.members_lexical.reload()
        self._generation = generation

    def _clear_row(self, row: int) -> None:
        if row >= len(self._key_at):
            return
        key = self._key_at[row]
        if key is not None:
            if self._row_of.get(key) == row:
                del self._row_of[key]
            self._cache.pop(key, None)
        self._key_at[row] = None
        self._live[row] = False
        self._public[row] = self._members[row] = False

    def _free_rows(self) -> list[int]:
        """Rows no document holds (reused by the next upserts), highest first."""
        n = len(self._key_at)
        return np.flatnonzero(~self._live[:n])[::-1].tolist()

    def _refresh(self) -> None:
        """Catch up when another process committed since we last looked (a stat, ~µs)."""
        if self._stamp() != self._meta_stamp:
            with self._lock:
                stamp = self._stamp()
                self._catch_up()
                self._meta_stamp = stamp

    def _grow(self, size: int) -> None:
        if len(self._key_at) < size:
            self._key_at.extend([None] * (size - len(self._key_at)))
        if size > len(self._live):
            capacity = max(size, 2 * len(self._live))
            self._live = np.concatenate([self._live, np.zeros(capacity - len(self._live), bool)])
            self._kind_at = np.concatenate(
                [self._kind_at, np.zeros(capacity - len(self._kind_at), np.int16)]
            )
            self._public = np.concatenate(
                [self._public, np.zeros(capacity - len(self._public), bool)]
            )
            self._members = np.concatenate(
                [self._members, np.zeros(capacity - len(self._members), bool)]
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

    def _check_meta(self) -> None:
        meta = self._read_meta()
        if meta and (meta.get("format") != FORMAT or meta.get("dim") != self.embedder.dim):
            raise ValueError(
                f"The index in {self.path} was built with another format or model; rebuild it."
            )

    def mark_rebuilt(self) -> None:
        """The next commit completes a rebuild: every document was indexed again now."""
        self._rebuilt = True

    def analysis_current(self) -> bool:
        """Whether every document was indexed with today's analysis (`ANALYSIS`)."""
        meta = self._read_meta()
        return not meta or meta.get("analysis") == ANALYSIS

    def _write_meta(self) -> None:
        if not self._epoch:
            self._epoch = secrets.token_hex(8)
        # Read from disk, not from memory: another process may have rebuilt meanwhile.
        previous = self._read_meta()
        rebuilt = self._rebuilt or not previous
        self._rebuilt = False
        meta = {
            "analysis": ANALYSIS if rebuilt else previous.get("analysis"),
            "format": FORMAT,
            "dim": self.embedder.dim,
            "embedder": str(getattr(self.embedder, "name", type(self.embedder).__name__)),
            "epoch": self._epoch,
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


class Visibility:
    """What a viewer may see, prepared for one state of one engine (`MatchingEngine.visibility`).

    `keys` the allowed keys as given; `mask` one boolean a row; `count` how many indexed
    documents are allowed, of `total`.
    """

    __slots__ = (
        "count",
        "engine_state",
        "keys",
        "mask",
        "members_total",
        "outside",
        "outside_set",
        "public_total",
        "total",
        "_indexed",
    )

    def __init__(
        self,
        keys: frozenset[str],
        mask: np.ndarray,
        count: int,
        total: int,
        engine_state: tuple[int, str | None, int],
        public_total: int = 0,
        members_total: int = 0,
        outside: tuple[str, ...] = (),
    ) -> None:
        self.keys = keys
        self.mask = mask
        self.count = count
        self.total = total
        self.engine_state = engine_state
        # > 0: every allowed document is in the public index, which holds this many.
        self.public_total = public_total
        # > 0: every allowed document is in the members' index, which holds this many.
        self.members_total = members_total
        # ... but for these allowed keys, scored with its statistics from outside.
        self.outside = outside
        self.outside_set = frozenset(outside)
        self._indexed: list[str] | None = None

    def indexed_keys(self, key_at: Sequence[str | None]) -> list[str]:
        """The allowed keys the index holds (for a term-set filter)."""
        if self._indexed is None:
            rows = np.flatnonzero(self.mask)
            self._indexed = [k for k in (key_at[r] for r in rows.tolist()) if k is not None]
        return self._indexed


def _reasons(
    query_words: list[str],
    doc: Document,
    structured: dict[str, Any],
    lexical_rank: int | None,
    dense_rank: int | None,
    semantic: bool,
    translations: Sequence[Translation] = (),
) -> dict[str, Any]:
    reasons: dict[str, Any] = {}
    doc_words = content_words(indexed_text(doc))
    terms = matched_terms(query_words, doc_words)
    if terms:
        reasons["matched_terms"] = terms
    matched = {t.split(" ↔ ")[0] for t in terms}
    translated = explain(translations, query_words, doc_words) if translations else []
    if translated:
        reasons["translated_terms"] = translated
        for line in translated:
            matched.update(line.split(" ↔ ")[0].split())
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
    # dataclasses.asdict deep-copies every field: ~6x slower over a rebuild of 10^6 documents.
    return json.dumps({name: getattr(doc, name) for name in _FIELD_NAMES}, ensure_ascii=False)


def _load(payload: str) -> Document:
    data = {k: v for k, v in json.loads(payload).items() if k in _DOCUMENT_FIELDS}
    for name in _TUPLE_FIELDS:
        data[name] = tuple(data.get(name) or ())
    return Document(**data)
