"""BM25 over an embedded tantivy index with an Italian and an English field.

Each document's title and text are indexed twice, once through each language's analyser (see
`analysis.py`); a query is analysed both ways and every stem is an OR-ed term of its field, so
"innovazioni" meets "innovazione" through the Italian field and "recycling" meets "recycled"
through the English one, whatever language the document is in. Chosen by measurement over
SQLite FTS5, PostgreSQL and bm25s: see docs/matching.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

import tantivy

from ponte.matching.analysis import ENGLISH, ITALIAN, analyze, build_analyzer

FIELDS: dict[str, str] = {"it": ITALIAN, "en": ENGLISH}
_WRITER_HEAP = 64_000_000
# A bulk write (a rebuild) gets two indexing threads and a larger heap: with one thread and
# 64 MB, tantivy took 105 s of a 192 s build at 10^6 documents (make bench).
_BULK_DOCUMENTS = 20_000
_BULK_WRITER_HEAP = 512_000_000
_BULK_WRITER_THREADS = 2


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
        self.index.reload()

    def reload(self) -> None:
        self.index.reload()

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
        for field, language in FIELDS.items():
            own = dict.fromkeys(analyze(text, language))
            for stem in own:
                clauses.append((tantivy.Occur.Should, self._term(field, stem)))
            for stem in sorted((extra or {}).get(language, ())):
                if stem not in own and extra_weight > 0:
                    term = self._term(field, stem)
                    clauses.append(
                        (tantivy.Occur.Should, tantivy.Query.boost_query(term, extra_weight))
                    )
        if not clauses:
            return None
        return tantivy.Query.boolean_query(clauses)

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
