"""BM25 over an embedded tantivy index with an Italian and an English field.

Each document's title and text are indexed twice, once through each language's analyser (see
`analysis.py`); a query is analysed both ways and every stem is an OR-ed term of its field, so
"innovazioni" meets "innovazione" through the Italian field and "recycling" meets "recycled"
through the English one, whatever language the document is in. Chosen by measurement over
SQLite FTS5, PostgreSQL and bm25s: see docs/matching.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import tantivy

from ponte.matching.analysis import ENGLISH, ITALIAN, analyze, build_analyzer

FIELDS: dict[str, str] = {"it": ITALIAN, "en": ENGLISH}
_WRITER_HEAP = 64_000_000


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
        self.index.reload()

    def write(self, upserts: Iterable[tuple[str, str, str]], deletes: Iterable[str]) -> None:
        """Apply (key, kind, text) upserts and key deletions in one tantivy commit."""
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

    def query(self, text: str) -> tantivy.Query | None:
        """The OR of every stem of `text` in both language fields; None when nothing is left."""
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for field, language in FIELDS.items():
            for stem in dict.fromkeys(analyze(text, language)):
                clauses.append((tantivy.Occur.Should, self._term(field, stem)))
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
    ) -> list[tuple[str, float]]:
        """(key, BM25) best first. `within`: only these keys; `without`: never these keys."""
        if limit <= 0 or (within is not None and not within):
            return []
        base = self.query(text)
        if base is None:
            return []
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, base)]
        if kinds:
            clauses.append((tantivy.Occur.Must, self._filter("kind", kinds)))
        if within is not None:
            clauses.append((tantivy.Occur.Must, self._filter("key", within)))
        if without:
            clauses.append((tantivy.Occur.MustNot, self._filter("key", without)))
        query = base if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
        searcher = self.index.searcher()
        hits = searcher.search(query, limit=limit, count=False).hits
        return [(searcher.doc(address)["key"][0], float(score)) for score, address in hits]

    def _filter(self, field: str, values: Iterable[str]) -> tantivy.Query:
        """A filter that adds nothing to the BM25 score (a term set alone would add 1)."""
        return tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(self.schema, field, list(values)), 0.0
        )

    def num_docs(self) -> int:
        return int(self.index.searcher().num_docs)
