"""A synthetic corpus drawn from Ponte's real vocabulary, with matching synthetic embeddings.

Generative model (seeded, so every run and every size sees the same kind of data):

* A document has a language (60 % Italian, as in the demo), a length of 20–80 words and a topic
  (256 topics, Zipf-distributed popularity). Each word is drawn either from the language's whole
  vocabulary with a Zipf law over the real frequency rank (p ∝ 1/rank), or (40 %) from the
  topic's own 150 words, again Zipf-weighted. The first six words are the title.
* A query has 3–30 words, half of the queries Italian and half English, drawn the same way.
* Vectors are unit vectors of the model's dimension: a direction shared by everything (E5
  similarities sit in a narrow band), plus the topic's direction, plus per-item noise. That
  gives the clustered structure of real embeddings, so approximate nearest-neighbour indexes
  are measured on data that is neither trivially easy nor uniformly random.

Tokens are kept as word ids (`doc_words`, CSR-style with `doc_offsets`) so the brute-force
lexical baseline can analyse each vocabulary word once instead of re-tokenising every text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from _vocab import Vocabulary

DIM = 384
TOPICS = 256
TOPIC_WORDS = 150
TOPIC_SHARE = 0.4
TITLE_WORDS = 6
IT_SHARE_DOCS = 0.6
# Vector mixture weights: shared direction, topic direction, noise.
ALPHA, BETA, GAMMA = 1.0, 0.8, 0.8
CHUNK = 65536


@dataclass
class Texts:
    """Items as word ids and strings; `lang` is 0 for Italian, 1 for English."""

    offsets: np.ndarray  # int64 (n + 1,)
    words: np.ndarray  # int32 word ids into `Corpus.words`
    lang: np.ndarray  # int8 (n,)
    topic: np.ndarray  # int32 (n,)
    vectors: np.ndarray  # float32 (n, DIM), L2-normalised

    def __len__(self) -> int:
        return len(self.lang)


class Generator:
    """Draws documents and queries; word ids index `self.words` (Italian first, then English)."""

    def __init__(self, vocab: Vocabulary, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        it, en = vocab.words["it"], vocab.words["en"]
        self.words = np.array([*it, *en], dtype=object)
        self.lang_range = ((0, len(it)), (len(it), len(it) + len(en)))
        self.global_p = [self._zipf(hi - lo) for lo, hi in self.lang_range]
        topic_rng = np.random.default_rng(seed + 1)
        # Topic words: drawn from below the 30 most frequent words (mostly function words).
        self.topic_words = [
            np.stack(
                [
                    lo + topic_rng.choice(np.arange(30, hi - lo), TOPIC_WORDS, replace=False)
                    for _ in range(TOPICS)
                ]
            )
            for lo, hi in self.lang_range
        ]
        self.topic_p = self._zipf(TOPICS, 0.8)
        self.topic_word_p = self._zipf(TOPIC_WORDS)
        self.shared = self._unit(topic_rng.standard_normal(DIM).astype(np.float32))
        self.centroids = self._unit(topic_rng.standard_normal((TOPICS, DIM)).astype(np.float32))

    @staticmethod
    def _zipf(n: int, s: float = 1.0) -> np.ndarray:
        p = 1.0 / np.arange(1, n + 1) ** s
        return p / p.sum()

    @staticmethod
    def _unit(x: np.ndarray) -> np.ndarray:
        return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)

    def _draw(self, n: int, lengths: np.ndarray, it_share: float) -> Texts:
        rng = self.rng
        lang = (rng.random(n) >= it_share).astype(np.int8)
        topic = rng.choice(TOPICS, n, p=self.topic_p).astype(np.int32)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        words = np.empty(int(offsets[-1]), dtype=np.int32)
        vectors = np.empty((n, DIM), dtype=np.float32)
        cdfs = [np.cumsum(p) for p in self.global_p]
        topic_cdf = np.cumsum(self.topic_word_p)
        for start in range(0, n, CHUNK):
            stop = min(n, start + CHUNK)
            lo_tok, hi_tok = int(offsets[start]), int(offsets[stop])
            tok_doc = np.repeat(np.arange(start, stop), lengths[start:stop])
            tok_lang = lang[tok_doc]
            u = rng.random(hi_tok - lo_tok)
            from_topic = rng.random(hi_tok - lo_tok) < TOPIC_SHARE
            out = np.empty(hi_tok - lo_tok, dtype=np.int32)
            for li, (lo, _hi) in enumerate(self.lang_range):
                in_lang = tok_lang == li
                sel = in_lang & ~from_topic
                out[sel] = lo + np.minimum(np.searchsorted(cdfs[li], u[sel]), len(cdfs[li]) - 1)
                sel = in_lang & from_topic
                pick = np.minimum(np.searchsorted(topic_cdf, u[sel]), TOPIC_WORDS - 1)
                out[sel] = self.topic_words[li][topic[tok_doc[sel]], pick]
            words[lo_tok:hi_tok] = out
            noise = rng.standard_normal((stop - start, DIM), dtype=np.float32) / np.sqrt(DIM)
            v = ALPHA * self.shared + BETA * self.centroids[topic[start:stop]] + GAMMA * noise
            vectors[start:stop] = self._unit(v)
        return Texts(offsets, words, lang, topic, vectors)

    def documents(self, n: int) -> Texts:
        return self._draw(n, self.rng.integers(20, 81, n), IT_SHARE_DOCS)

    def queries(self, n: int) -> Texts:
        return self._draw(n, self.rng.integers(3, 31, n), 0.5)

    def strings(self, texts: Texts, lo: int = 0, hi: int | None = None) -> list[str]:
        """The items' texts as strings (words joined by spaces)."""
        hi = len(texts) if hi is None else hi
        off = texts.offsets
        flat = self.words[texts.words[off[lo] : off[hi]]].tolist()
        base = int(off[lo])
        return [" ".join(flat[off[i] - base : off[i + 1] - base]) for i in range(lo, hi)]


def split_title(text: str) -> tuple[str, str]:
    """The first TITLE_WORDS words are the title, the rest the body."""
    parts = text.split(" ", TITLE_WORDS)
    if len(parts) <= TITLE_WORDS:
        return text, ""
    return " ".join(parts[:TITLE_WORDS]), parts[TITLE_WORDS]


def hashed_unit_vectors(texts: Sequence[str], dim: int = DIM) -> np.ndarray:
    """Deterministic unit vectors for texts the generator did not produce."""
    out = np.empty((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
        out[i] = v / np.linalg.norm(v)
    return out
