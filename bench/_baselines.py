"""Brute-force baselines the engine is measured against, in the same process and run.

* Lexical: exhaustive BM25 (k1 = 1.2, b = 0.75, Lucene/tantivy idf) in numpy. Postings are
  term-sorted arrays of (doc, tf); a query gathers every posting of every query term, scores it,
  accumulates into a dense array of *all* documents and takes the top k from that array. No
  skipping, no WAND, no early termination: every matching posting and every document is touched.
* Dense: exact inner product of the query with every vector (float32 matrix-vector product)
  followed by a top-k selection: the definition of the true nearest neighbours.
* Hybrid: both of the above (top 100 each) fused by reciprocal rank (k = 60).

Tokens are analysed with the same kind of analyser as the engine (per-language stemming, stop
words, lower-casing, accent folding); since the corpus is built from word ids, each vocabulary
word is analysed once and documents are mapped to terms with array operations.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from _corpus import Texts

K1, B = 1.2, 0.75
RRF_K = 60
FUSE_DEPTH = 100

Analyse = Callable[[str, str], list[str]]  # (text, "it"|"en") -> terms


def tantivy_analyser() -> Analyse:
    """Italian/English analysis with tantivy's own filters (what a tantivy engine would use)."""
    import tantivy

    analysers = {}
    for lang, name in (("it", "italian"), ("en", "english")):
        analysers[lang] = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stopword(name))
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer(name))
            .build()
        )

    def analyse(text: str, lang: str) -> list[str]:
        return list(analysers[lang].analyze(text))

    return analyse


def top_k(scores: np.ndarray, k: int, positive_only: bool = False) -> np.ndarray:
    """Indices of the k highest scores, best first (ties broken arbitrarily)."""
    n = len(scores)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    k = min(k, n)
    idx = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    if positive_only:
        idx = idx[scores[idx] > 0]
    return idx


@dataclass
class Timing:
    lexical_ms: float = 0.0
    dense_ms: float = 0.0
    fuse_ms: float = 0.0

    @property
    def hybrid_ms(self) -> float:
        return self.lexical_ms + self.dense_ms + self.fuse_ms


class LexicalBaseline:
    def __init__(
        self,
        words: np.ndarray,
        lang_range: Sequence[tuple[int, int]],
        docs: Texts,
        analyse: Analyse,
        query_languages: Sequence[str] = ("it", "en"),
        expand: Callable[[str], Iterable[str]] | None = None,
    ) -> None:
        """`analyse(text, language)`: the terms of `text` written in `language`; a query is
        analysed in each of `query_languages` and its terms OR-ed, with the terms `expand`
        adds to a query (the engine's glossary translations), if any."""
        self.analyse = analyse
        self.query_languages = tuple(query_languages)
        self.expand = expand
        n = len(docs)
        self.n = n
        # Analyse every vocabulary word once, in the language it belongs to.
        self.term_ids: dict[str, int] = {}
        w_terms: list[list[int]] = []
        for li, (lo, hi) in enumerate(lang_range):
            lang = ("it", "en")[li]
            for w in words[lo:hi]:
                w_terms.append(
                    [self.term_ids.setdefault(t, len(self.term_ids)) for t in analyse(w, lang)]
                )
        w_len = np.array([len(t) for t in w_terms], dtype=np.int64)
        w_off = np.zeros(len(w_terms) + 1, dtype=np.int64)
        np.cumsum(w_len, out=w_off[1:])
        w_flat = np.array([t for ts in w_terms for t in ts], dtype=np.int64)
        # Documents as (term, doc) pairs, then unique pairs with their counts = postings.
        doc_of_tok = np.repeat(np.arange(n, dtype=np.int64), np.diff(docs.offsets))
        keys_parts = []
        for start in range(0, len(docs.words), 1 << 24):
            wid = docs.words[start : start + (1 << 24)]
            dt = doc_of_tok[start : start + (1 << 24)]
            cnt = w_len[wid]
            tok = np.repeat(np.arange(len(wid)), cnt)
            first = np.repeat(np.cumsum(cnt) - cnt, cnt)
            pos = np.arange(len(tok)) - first
            term = w_flat[w_off[wid[tok]] + pos]
            keys_parts.append(term * n + dt[tok])
        del doc_of_tok
        keys = np.concatenate(keys_parts)
        del keys_parts
        self.doc_len = np.bincount(keys % n, minlength=n).astype(np.float32)
        keys, tf = np.unique(keys, return_counts=True)
        post_term = keys // n
        self.post_doc = (keys % n).astype(np.int32)
        self.post_tf = tf.astype(np.float32)
        del keys, tf
        self.term_off = np.searchsorted(post_term, np.arange(len(self.term_ids) + 1))
        del post_term
        df = np.diff(self.term_off).astype(np.float64)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        self.avgdl = float(self.doc_len.mean()) if n else 0.0
        self.norm = (K1 * (1 - B + B * self.doc_len / max(self.avgdl, 1e-9))).astype(np.float32)

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.post_doc, self.post_tf, self.term_off, self.norm))

    def query_terms(self, text: str) -> list[int]:
        terms = {t for lang in self.query_languages for t in self.analyse(text, lang)}
        if self.expand is not None:
            terms.update(self.expand(text))
        return [self.term_ids[t] for t in terms if t in self.term_ids]

    def scores(self, text: str) -> np.ndarray:
        ids_parts, w_parts = [], []
        for t in self.query_terms(text):
            s, e = self.term_off[t], self.term_off[t + 1]
            ids = self.post_doc[s:e]
            tf = self.post_tf[s:e]
            ids_parts.append(ids)
            w_parts.append(self.idf[t] * tf * (K1 + 1) / (tf + self.norm[ids]))
        if not ids_parts:
            return np.zeros(self.n)
        return np.bincount(np.concatenate(ids_parts), np.concatenate(w_parts), minlength=self.n)

    def search(self, text: str, k: int, mask: np.ndarray | None = None) -> np.ndarray:
        scores = self.scores(text)
        if mask is not None:
            scores *= mask
        return top_k(scores, k, positive_only=True)


class DenseBaseline:
    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def search(self, q: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
        scores = self.vectors @ q
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
            idx = top_k(scores, k)
            return idx[np.isfinite(scores[idx])]
        return top_k(scores, k)


def rrf(rankings: Sequence[np.ndarray], k: int) -> list[int]:
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking.tolist()):
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(fused, key=fused.__getitem__, reverse=True)[:k]


def hybrid(
    lexical: LexicalBaseline,
    dense: DenseBaseline,
    text: str,
    q: np.ndarray,
    k: int,
    mask: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, list[int], Timing]:
    """Lexical top, dense top (exact), fused top, and the time of each step."""
    t0 = time.perf_counter()
    lex = lexical.search(text, FUSE_DEPTH, mask)
    t1 = time.perf_counter()
    den = dense.search(q, FUSE_DEPTH, mask)
    t2 = time.perf_counter()
    fused = rrf([lex, den], k)
    t3 = time.perf_counter()
    return lex, den, fused, Timing((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3)


def mask_from_keys(allowed: Collection[str], key_index: dict[str, int], n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[[key_index[k] for k in allowed if k in key_index]] = True
    return mask
