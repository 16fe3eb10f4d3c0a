"""BM25 over an embedded tantivy index with an Italian and an English field.

Each document's title and text are indexed twice, once through each language's analyser (see
`analysis.py`); a query is analysed both ways and every stem is an OR-ed term of its field, so
"innovazioni" meets "innovazione" through the Italian field and "recycling" meets "recycled"
through the English one, whatever language the document is in. Chosen by measurement over
SQLite FTS5, PostgreSQL and bm25s: see docs/matching.md.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy

from ponte.matching.analysis import ENGLISH, ITALIAN, analyze, build_analyzer

FIELDS: dict[str, str] = {"it": ITALIAN, "en": ENGLISH}
_WRITER_HEAP = 64_000_000
# A bulk write (a rebuild) gets two indexing threads and a larger heap: with one thread and
# 64 MB, tantivy took 105 s of a 192 s build at 10^6 documents (make bench).
_BULK_DOCUMENTS = 20_000
_BULK_WRITER_HEAP = 512_000_000
_BULK_WRITER_THREADS = 2
# tantivy's BM25 (src/query/bm25.rs), reproduced by `score_outside`.
K1 = 1.2
B = 0.75


def _fieldnorm_table() -> list[int]:
    """The 256 lengths tantivy stores a field's length as (src/fieldnorm/code.rs): exact up
    to 39, then buckets of eight whose width doubles (40, 42, ... 54, 56, 60, ...)."""
    table, base, step = list(range(40)), 40, 2
    while len(table) < 256:
        table.extend(base + i * step for i in range(8))
        base, step = base + 8 * step, step * 2
    return table


FIELDNORMS = _fieldnorm_table()
# Where `_statistics` looks for a term: stems are folded to ASCII and lowercased.
_INITIALS = "etcsaimpdrfobglnuvzhqkjywx0123456789"


def stored_length(length: int) -> int:
    """A field of `length` tokens as tantivy's BM25 sees it (the bucket at or below)."""
    return FIELDNORMS[bisect.bisect_right(FIELDNORMS, length) - 1]


@lru_cache(maxsize=8192)
def _field_counts(text: str, language: str) -> tuple[Counter[str], int]:
    """(stem -> occurrences, length as tantivy stores it) of `text` in `language`'s field."""
    stems = analyze(text, language)
    return Counter(stems), stored_length(len(stems))


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("kind", stored=False, tokenizer_name="raw", index_option="basic")
    for field, language in FIELDS.items():
        builder.add_text_field(field, tokenizer_name=f"ponte_{language}", index_option="freq")
    return builder.build()


class LexicalIndex:
    """Add, replace, delete by key and search with BM25, optionally within a set of keys."""

    def __init__(self, path: Path | None) -> None:
        self.schema = _schema()
        if path is None:
            self.index = tantivy.Index(self.schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        for language in FIELDS.values():
            self.index.register_tokenizer(f"ponte_{language}", build_analyzer(language))
        # Searches see a commit only when `reload` is called (by the engine, once it has read
        # the same commit's rows), never on tantivy's own schedule: otherwise another process's
        # new documents could come back before this process knows their keys.
        self.index.config_reader(reload_policy="Manual")
        self.index.reload()
        # (reload generation, field -> (N, average length)) for `score_outside`.
        self._generation = 0
        self._cached_statistics: tuple[int, dict[str, tuple[int, float | None]]] = (0, {})

    def write(self, upserts: Iterable[tuple[str, str, str]], deletes: Iterable[str]) -> None:
        """Apply (key, kind, text) upserts and key deletions in one tantivy commit."""
        upserts = list(upserts)
        if len(upserts) >= _BULK_DOCUMENTS:
            writer = self.index.writer(
                heap_size=_BULK_WRITER_HEAP, num_threads=_BULK_WRITER_THREADS
            )
        else:
            writer = self.index.writer(heap_size=_WRITER_HEAP, num_threads=1)
        try:
            for key in deletes:
                writer.delete_documents_by_term("key", key)
            for key, kind, text in upserts:
                writer.delete_documents_by_term("key", key)
                writer.add_document(tantivy.Document(key=key, kind=kind, it=text, en=text))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.reload()

    def reload(self) -> None:
        self.index.reload()
        self._generation += 1

    def query(
        self,
        text: str,
        extra: Mapping[str, Collection[str]] | None = None,
        extra_weight: float = 0.5,
    ) -> tantivy.Query | None:
        """The OR of every stem of `text` in both language fields, plus the `extra` stems of
        each language (a glossary's translations) weighted by `extra_weight`; None when nothing
        is left."""
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for field, stem, weight in self.terms(text, extra, extra_weight):
            term = self._term(field, stem)
            if weight != 1.0:
                term = tantivy.Query.boost_query(term, weight)
            clauses.append((tantivy.Occur.Should, term))
        if not clauses:
            return None
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def terms(
        text: str,
        extra: Mapping[str, Collection[str]] | None = None,
        extra_weight: float = 0.5,
    ) -> list[tuple[str, str, float]]:
        """(field, stem, weight) of every clause of `query`."""
        out: list[tuple[str, str, float]] = []
        for field, language in FIELDS.items():
            own = dict.fromkeys(analyze(text, language))
            out.extend((field, stem, 1.0) for stem in own)
            if extra_weight > 0:
                for stem in sorted((extra or {}).get(language, ())):
                    if stem not in own:
                        out.append((field, stem, extra_weight))
        return out

    def _term(self, field: str, stem: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, stem, index_option="freq")

    def search(
        self,
        text: str,
        limit: int,
        *,
        kinds: Sequence[str] = (),
        within: Collection[str] | None = None,
        without: Collection[str] = (),
        keep: Callable[[str], bool] | None = None,
        keep_share: float = 1.0,
        extra: Mapping[str, Collection[str]] | None = None,
        extra_weight: float = 0.5,
    ) -> list[tuple[str, float]]:
        """(key, BM25) best first. `within`: only these keys; `without`: never these keys.

        `keep`: a test applied to the hits instead of a filter inside tantivy (a term set of
        10^5 keys costs more to build than the search itself): tantivy is asked for
        ~limit / keep_share hits, the others are dropped, and the depth doubles until `limit`
        are kept or the hits run out. BM25 ignores filters, so the kept hits are exactly the
        best `limit` a filtered search would return, in the same order.
        `extra`, `extra_weight`: see `query`.
        """
        if limit <= 0 or (within is not None and not within):
            return []
        base = self.query(text, extra, extra_weight)
        if base is None:
            return []
        query = self._filtered(base, kinds, within, without)
        searcher = self.index.searcher()
        if keep is None:
            return self._hits(searcher, query, limit)
        fetch = max(2 * limit, math.ceil(1.25 * limit / max(keep_share, 0.01)))
        kept: list[tuple[str, float]] = []
        offset = 0
        while True:
            hits = self._hits(searcher, query, fetch, offset)
            kept.extend(hit for hit in hits if keep(hit[0]))
            if len(kept) >= limit or len(hits) < fetch:
                return kept[:limit]
            offset += fetch
            fetch *= 2

    def _hits(
        self, searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int = 0
    ) -> list[tuple[str, float]]:
        hits = searcher.search(query, limit=limit, count=False, offset=offset).hits
        return [(searcher.doc(address)["key"][0], float(score)) for score, address in hits]

    def _filtered(
        self,
        base: tantivy.Query,
        kinds: Sequence[str],
        within: Collection[str] | None,
        without: Collection[str],
    ) -> tantivy.Query:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, base)]
        if kinds:
            clauses.append((tantivy.Occur.Must, self._filter("kind", kinds)))
        if within is not None:
            clauses.append((tantivy.Occur.Must, self._filter("key", within)))
        if without:
            clauses.append((tantivy.Occur.MustNot, self._filter("key", without)))
        return base if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _filter(self, field: str, values: Iterable[str]) -> tantivy.Query:
        """A filter that adds nothing to the BM25 score (a term set alone would add 1)."""
        return tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(self.schema, field, list(values)), 0.0
        )

    def score_outside(
        self,
        text: str,
        documents: Mapping[str, str],
        extra: Mapping[str, Collection[str]] | None = None,
        extra_weight: float = 0.5,
    ) -> list[tuple[str, float]]:
        """(key, BM25) best first, for `documents` (key -> indexed text) that are NOT in this
        index, scored as `search` would score them with this index's statistics (document
        frequencies, number of documents, average lengths): documents hidden from everyone
        else can be ranked among this index's hits without their words entering them.
        Documents sharing no term are left out, as `search` leaves them out."""
        terms = self.terms(text, extra, extra_weight)
        if not terms or not documents:
            return []
        searcher = self.index.searcher()
        statistics = {field: self._statistics(searcher, field) for field in FIELDS}
        weights: dict[str, list[tuple[str, float]]] = {field: [] for field in FIELDS}
        for field, stem, boost in terms:
            count = statistics[field][0]
            frequency = int(searcher.doc_freq(field, stem))
            idf = math.log(1.0 + (count - frequency + 0.5) / (frequency + 0.5))
            weights[field].append((stem, boost * idf * (1.0 + K1)))
        scored: list[tuple[str, float]] = []
        for key, doc_text in documents.items():
            score = 0.0
            for field, language in FIELDS.items():
                counts, length = _field_counts(doc_text, language)
                average = statistics[field][1]
                norm = K1 * (1.0 - B + B * length / average) if average else K1
                for stem, weight in weights[field]:
                    frequency = counts.get(stem, 0)
                    if frequency:
                        score += weight * frequency / (frequency + norm)
            if score > 0:
                scored.append((key, score))
        scored.sort(key=lambda hit: (-hit[1], hit[0]))
        return scored

    def _statistics(self, searcher: tantivy.Searcher, field: str) -> tuple[int, float | None]:
        """(N, average length of `field`) as BM25 uses them here. tantivy counts deleted
        documents in both until their segment is merged away (N is the sum of the segments'
        `max_doc`, not `num_docs`) and shows them only in a score's explanation: one explained
        term per field, cached until the next reload."""
        generation, cache = self._cached_statistics
        if generation != self._generation:
            cache = {}
            self._cached_statistics = (self._generation, cache)
        if field in cache:
            return cache[field]
        found: tuple[int, float | None] = (int(searcher.num_docs), None)
        # Any live document's term will do: look among a few terms of one initial at a time
        # (walking the whole dictionary costs more at 10^6 documents).
        for initial in _INITIALS:
            for stem, _ in searcher.terms_with_prefix(field, initial, limit=4):
                term = self._term(field, stem)
                hits = searcher.search(term, limit=1, count=False).hits
                if hits:
                    explained = json.loads(term.explain(searcher, hits[0][1]).to_json())
                    total = _explained(explained, "N,")
                    average = _explained(explained, "avgdl")
                    found = (int(total) if total is not None else found[0], average)
                    break
            if found[1] is not None:
                break
        cache[field] = found
        return found

    def num_docs(self) -> int:
        return int(self.index.searcher().num_docs)

    def document_frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """How many documents hold each word (by its Italian stem): rare words explain a
        match better than common ones. Stop words are left out."""
        searcher = self.index.searcher()
        out: dict[str, int] = {}
        for word in words:
            stems = analyze(word, ITALIAN)
            if stems:
                out[word] = int(searcher.doc_freq("it", stems[0]))
        return out


def _explained(node: dict[str, Any], name: str) -> float | None:
    """The value whose description starts with `name` in a tantivy explanation tree."""
    if str(node.get("description", "")).startswith(name):
        return float(node["value"])
    for child in node.get("details", ()):
        found = _explained(child, name)
        if found is not None:
            return found
    return None
