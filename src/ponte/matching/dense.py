"""Nearest neighbours over L2-normalised vectors: exact float32, with an int8 first pass at scale.

Two files, both memory-mapped (so every process on the index shares one copy in the page cache,
opening costs nothing, and another process's commit is visible without re-reading anything):

    vectors.f32   the embeddings, row r at byte r*dim*4: the truth, used for exact scores
    vectors.i8    the same rows quantised to int8 (component * 508, clipped): a derived file,
                  rebuilt from vectors.f32 whenever it is missing or disagrees in size

Up to `EXACT_ROWS` rows a search is an exact float32 matrix-vector product. Above it, the int8
matrix is scanned with numkong's integer dot-product kernels (AVX-512/AVX2; measured 17 ms at
10^6 x 384 on one core, against 60-140 ms for numpy's float32 product), the best
`RESCORE_FACTOR * k` rows are rescored exactly in float32 and the best k of those returned, so
scores are always exact cosines and the ranking is exact unless a true top-k row falls outside
the int8 shortlist (recall@10 vs exact is measured by `make bench`). Measured and chosen over
HNSW (usearch: 2.7k vectors/s to build, recall@10 0.90 at ef=128 on the benchmark's vectors) and
float16 (numkong: 37 ms at 10^6): see docs/matching.md.

A commit writes only the rows it changed, in place, in both files.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

EXACT_ROWS = 65_536
RESCORE_FACTOR = 4
MIN_SHORTLIST = 256
# E5's components stay below ~0.2 in absolute value (measured on the demo's 4,600 vectors);
# 127 / 0.25 keeps a little headroom and a 0.002 step.
QUANT_SCALE = 508.0
_MIN_CAPACITY = 1024


def quantise(vectors: np.ndarray) -> np.ndarray:
    """Rows of unit vectors as int8 (a fixed scale, so every row is comparable)."""
    return np.clip(np.rint(vectors * QUANT_SCALE), -127, 127).astype(np.int8)


class DenseIndex:
    def __init__(self, path: Path, dim: int) -> None:
        self.path = Path(path)
        self.quantised_path = self.path.with_suffix(".i8")
        self.dim = dim
        self._f32: np.ndarray = np.zeros((0, dim), dtype=np.float32)
        self._i8: np.ndarray = np.zeros((0, dim), dtype=np.int8)
        self._pending: dict[int, np.ndarray] = {}

    # --- files ------------------------------------------------------------------------------

    def load(self) -> None:
        """Map both files (deriving vectors.i8 when missing or stale)."""
        self._pending.clear()
        self._map()

    def refresh(self) -> None:
        """Another process may have grown the files: map them again if their size moved."""
        if self._mapped_rows() != self._file_rows(self.path):
            self._map()

    def _file_rows(self, path: Path) -> int:
        try:
            return path.stat().st_size // (self.dim * (4 if path == self.path else 1))
        except FileNotFoundError:
            return 0

    def _mapped_rows(self) -> int:
        return len(self._f32)

    def _map(self) -> None:
        rows = self._file_rows(self.path)
        if rows == 0:
            self._f32 = np.zeros((0, self.dim), dtype=np.float32)
            self._i8 = np.zeros((0, self.dim), dtype=np.int8)
            return
        self._f32 = np.memmap(self.path, dtype=np.float32, mode="r", shape=(rows, self.dim))
        if self._file_rows(self.quantised_path) != rows:
            self._derive_quantised(rows)
        self._i8 = np.memmap(self.quantised_path, dtype=np.int8, mode="r", shape=(rows, self.dim))

    def _derive_quantised(self, rows: int) -> None:
        """Write vectors.i8 from vectors.f32 (an index written before the int8 file existed)."""
        temporary = self.quantised_path.with_suffix(f".i8.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            for start in range(0, rows, 65_536):
                handle.write(quantise(np.asarray(self._f32[start : start + 65_536])).tobytes())
        temporary.replace(self.quantised_path)

    # --- writing ----------------------------------------------------------------------------

    def set(self, row: int, vector: np.ndarray) -> None:
        self._pending[row] = np.asarray(vector, dtype=np.float32)

    def clear(self, row: int) -> None:
        self._pending[row] = np.zeros(self.dim, dtype=np.float32)

    def flush(self) -> None:
        """Write the changed rows in place in both files (growing them), fsync, map again."""
        if not self._pending:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows = sorted(self._pending)
        needed = _capacity(rows[-1] + 1)
        for path, width in ((self.path, self.dim * 4), (self.quantised_path, self.dim)):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if os.fstat(fd).st_size < needed * width:
                    os.ftruncate(fd, needed * width)
                # Contiguous runs of rows go out in one write (a rebuild writes them all).
                for start, stop in _runs(rows):
                    block = np.stack([self._pending[r] for r in range(start, stop)])
                    data = block if width == self.dim * 4 else quantise(block)
                    os.pwrite(fd, data.tobytes(), start * width)
                os.fsync(fd)
            finally:
                os.close(fd)
        self._pending.clear()
        self.refresh()

    # --- searching --------------------------------------------------------------------------

    def scores(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of `query` with the given (committed) rows."""
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._f32[rows] @ query, dtype=np.float32)

    def top(self, query: np.ndarray, k: int, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The k best rows where `mask` is true (mask covers rows 0..len(mask)-1), best first,
        with their exact cosine; ties broken by row."""
        n = min(len(mask), self._mapped_rows())
        mask = mask[:n]
        if k <= 0 or n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        allowed = np.flatnonzero(mask)
        if len(allowed) == 0:
            return allowed, np.zeros(0, dtype=np.float32)
        query = np.asarray(query, dtype=np.float32)
        if len(allowed) * 8 < n:  # a small subset: gathering its rows is cheaper
            rows = allowed
            scores = self.scores(query, rows)
        elif n <= EXACT_ROWS:
            scores = np.asarray(self._f32[:n] @ query, dtype=np.float32)
            rows = allowed
            scores = scores[allowed] if len(allowed) < n else scores
        else:
            rows = self._shortlist(query, k, mask, len(allowed))
            scores = self.scores(query, rows)
        k = min(k, len(rows))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.lexsort((rows[best], -scores[best]))]
        return rows[best], scores[best]

    def _shortlist(self, query: np.ndarray, k: int, mask: np.ndarray, count: int) -> np.ndarray:
        """The rows whose int8 dot product is among the best RESCORE_FACTOR * k under `mask`."""
        import numkong

        n = len(mask)
        peak = float(np.abs(query).max()) or 1.0
        q8 = np.clip(np.rint(query * (127.0 / peak)), -127, 127).astype(np.int8)
        approx = np.asarray(
            numkong.cdist(q8[None, :], self._i8[:n], metric="dot", out_dtype="float32")
        ).reshape(n)
        if count < n:
            approx[~mask] = -np.inf
        size = min(count, max(RESCORE_FACTOR * k, MIN_SHORTLIST))
        if size >= n:
            return np.flatnonzero(mask)
        return np.argpartition(-approx, size - 1)[:size].astype(np.int64)


def _runs(rows: list[int], longest: int = 65_536) -> list[tuple[int, int]]:
    """Sorted rows as [start, stop) runs of consecutive numbers, at most `longest` long."""
    runs: list[tuple[int, int]] = []
    start = prev = rows[0]
    for row in rows[1:]:
        if row != prev + 1 or row - start >= longest:
            runs.append((start, prev + 1))
            start = row
        prev = row
    runs.append((start, prev + 1))
    return runs


def _capacity(rows: int) -> int:
    capacity = _MIN_CAPACITY
    while capacity < rows:
        capacity *= 2
    return capacity
