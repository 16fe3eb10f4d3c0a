"""Quality of the engine on any benchmark in the BEIR layout, with BEIR's metric definitions.

    corpus.jsonl     {"_id", "title", "text"} a line
    queries.jsonl    {"_id", "text"} a line
    qrels/test.tsv   query-id <tab> corpus-id <tab> score, after an optional header row
    (each file may also come gzipped, as `<name>.gz`)

The metrics are those of trec_eval as BEIR computes them (through pytrec_eval), so the
figures compare with published BEIR tables:

- nDCG@10: gain = the relevance grade, discount log2(rank + 1); the ideal DCG sorts all the
  query's judged grades, retrieved or not.
- Recall@100: the share of the relevant documents (grade > 0) in the first 100.
- MRR@10: 1 / rank of the first relevant document in the first 10, else 0.

Each is averaged over the queries that have judgements (a query whose judgements are all 0
counts, and scores 0); the others are skipped, as in BEIR. Checked against pytrec_eval on 300
random runs (`tests/matching/test_metrics.py` keeps hand-computed cases). One difference
remains: the ranking evaluated is the engine's own order, ties included, where trec_eval would
re-sort tied scores by descending document id.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ponte.matching.embeddings import Embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.ranking import DEFAULT_FUSION, Fusion
from ponte.matching.types import KINDS, Document, Mode, Query
from ponte.web.text import json_reason, translated

MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")
Qrels = dict[str, dict[str, int]]
#: Queries are searched this many at a time, so a long run reports its progress.
QUERY_BATCH = 100


def _(message: str) -> str:
    """Marked `_` so makemessages collects the messages; translated once Django is set up."""
    return translated(message)


class BeirFormatError(ValueError):
    """A file of the benchmark is missing or malformed; the message names file and line."""


def _where(path: Path, number: int | None = None) -> str:
    return f"{path}:{number}" if number is not None else str(path)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(number, line) of a UTF-8 text file (a byte-order mark is allowed), gzipped when its
    name ends in .gz or when only `<name>.gz` exists (BEIR's copies on the Hugging Face hub
    ship corpus.jsonl.gz); a missing or unreadable file, a broken gzip stream and a line that
    is not UTF-8 are reported as BeirFormatError."""
    packed = path.with_name(path.name + ".gz")
    if not path.exists() and packed.is_file():
        path = packed
    if path.is_dir():
        raise BeirFormatError(_("%(file)s: not a file") % {"file": path})
    if not path.is_file():
        raise BeirFormatError(_("%(file)s: file not found") % {"file": path} + _other_splits(path))
    try:
        # Opened here to report an unreadable file as such; closed by the `with` below.
        handle: IO[bytes] = (
            gzip.open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
            if path.suffix == ".gz"
            else path.open("rb")
        )
    except OSError as error:
        raise BeirFormatError(
            _("%(file)s: cannot be read (%(error)s)") % {"file": path, "error": error.strerror}
        ) from None
    number = 0
    with handle:
        try:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise BeirFormatError(
                        _("%(where)s: not UTF-8 text") % {"where": _where(path, number)}
                    ) from None
                yield number, line.rstrip("\r\n")
        except (gzip.BadGzipFile, EOFError, zlib.error):
            raise BeirFormatError(
                _("%(where)s: not a complete gzip file") % {"where": _where(path, number + 1)}
            ) from None


def _other_splits(path: Path) -> str:
    """For a missing qrels split, the splits its folder does have (BEIR datasets such as
    MS MARCO ship dev.tsv only): which file to rename is then plain. Empty otherwise."""
    folder = path.parent
    if folder.name != "qrels" or not folder.is_dir():
        return ""
    splits = sorted(p.name for p in folder.glob("*.tsv") if p.is_file())
    if not splits:
        return ""
    return " " + _("(qrels/ has %(splits)s; ponte eval reads %(name)s)") % {
        "splits": ", ".join(splits),
        "name": path.name,
    }


def _identifier(value: Any, where: str, field: str) -> str:
    """BEIR ids are strings; integers (as many converted datasets write them) become strings."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BeirFormatError(
        _("%(where)s: %(field)s must be a non-empty string or an integer")
        % {"where": where, "field": field}
    )


def _text(value: Any, where: str, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise BeirFormatError(
        _("%(where)s: %(field)s must be a string") % {"where": where, "field": field}
    )


def _jsonl(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    """(file:line, object) of each non-blank line."""
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = _where(path, number)
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise BeirFormatError(
                _("%(where)s: not valid JSON (%(error)s at column %(column)d)")
                % {"where": where, "error": json_reason(error), "column": error.colno}
            ) from None
        if not isinstance(row, dict) or "_id" not in row:
            raise BeirFormatError(
                _("%(where)s: a JSON object with an _id is expected") % {"where": where}
            )
        yield where, row


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list | tuple):
        return tuple(str(c) for c in value if isinstance(c, str | int) and str(c))
    return ()


def load_corpus(path: Path) -> list[Document]:
    """The corpus as engine documents; key and id are the BEIR `_id` (an integer id becomes
    its decimal string, as qrels write it). A repeated `_id` keeps its last line, as BEIR's
    loader does. Structure given in an optional `metadata` object (kind, lang, competences,
    trl, cluster, ...) is kept, as the site's documents carry it; other metadata is ignored."""
    docs: dict[str, Document] = {}
    for where, row in _jsonl(path):
        doc_id = _identifier(row["_id"], where, "_id")
        prefix = doc_id.split(":", 1)[0]
        metadata: dict[str, Any] = row["metadata"] if isinstance(row.get("metadata"), dict) else {}
        kind = _optional_str(metadata.get("kind")) or (prefix if prefix in KINDS else "doc")
        trl = metadata.get("trl")
        docs.pop(doc_id, None)  # a repeated id takes the place of its last line
        docs[doc_id] = Document(
            key=doc_id,
            kind=kind,
            id=doc_id,
            title=_text(row.get("title"), where, "title"),
            text=_text(row.get("text"), where, "text"),
            language=_optional_str(metadata.get("lang") or metadata.get("language")),
            competences=_codes(metadata.get("competences")),
            competence_ancestors=_codes(metadata.get("competence_ancestors")),
            trl=trl if isinstance(trl, int) and not isinstance(trl, bool) else None,
            partnership=_optional_str(metadata.get("partnership")),
            org_kind=_optional_str(metadata.get("org_kind")),
            cluster=_optional_str(metadata.get("cluster")),
            province=_optional_str(metadata.get("province")),
            region=_optional_str(metadata.get("region")),
        )
    return list(docs.values())


def load_queries(path: Path) -> dict[str, str]:
    """`_id` -> text; a repeated `_id` keeps its last line (BEIR's loader does the same).
    A query without text (no `text`, null, blank: often a field named otherwise) is an error
    naming its line, not an empty search scored as if it were one."""
    queries: dict[str, str] = {}
    for where, row in _jsonl(path):
        text = _text(row.get("text"), where, "text")
        if not text.strip():
            raise BeirFormatError(
                _("%(where)s: text must be a non-empty string") % {"where": where}
            )
        queries[_identifier(row["_id"], where, "_id")] = text
    return queries


def load_qrels(path: Path) -> Qrels:
    """qrels/test.tsv: query-id, corpus-id and an integer score, tab-separated. The first
    non-blank line is a header when its score column is not a number (BEIR writes `query-id
    corpus-id score`), else it is data. TREC's own four columns (`query-id 0 corpus-id
    score`, tabs or spaces) are read as well. A repeated (query, document) pair keeps its
    last score, as BEIR's loader and pytrec_eval do."""
    qrels: Qrels = {}
    first = True
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = _where(path, number)
        may_be_header, first = first, False
        parts = [p.strip() for p in line.split("\t")]
        trec = parts if len(parts) == 4 else line.split()
        if len(trec) == 4 and trec[1] in ("0", "Q0") and _is_number(trec[3]):
            parts = [trec[0], trec[2], trec[3]]  # TREC: query-id, iteration, doc, score
        if len(parts) < 3 or not parts[0] or not parts[1]:
            raise BeirFormatError(
                _("%(where)s: three tab-separated columns expected: query-id, corpus-id, score")
                % {"where": where}
            )
        try:
            value = float(parts[2])
        except ValueError:
            if may_be_header:
                continue  # the header: the first line that is not blank
            value = math.nan
        if not value.is_integer():
            raise BeirFormatError(
                _("%(where)s: score %(score)r is not an integer")
                % {"where": where, "score": parts[2]}
            )
        qrels.setdefault(parts[0], {})[parts[1]] = int(value)
    return qrels


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- metrics ------------------------------------------------------------------------------


def ndcg_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    dcg = sum(
        judged.get(doc, 0) / math.log2(rank + 1)
        for rank, doc in enumerate(ranking[:k], start=1)
        if judged.get(doc, 0) > 0
    )
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 100) -> float:
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def mrr_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    for rank, doc in enumerate(ranking[:k], start=1):
        if judged.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def evaluate_run(run: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, float]:
    """Mean nDCG@10, Recall@100 and MRR@10 over the judged queries of `run`."""
    judged = [q for q in run if q in qrels]
    if not judged:
        return {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    n = len(judged)
    return {
        "ndcg@10": sum(ndcg_at_k(run[q], qrels[q]) for q in judged) / n,
        "recall@100": sum(recall_at_k(run[q], qrels[q]) for q in judged) / n,
        "mrr@10": sum(mrr_at_k(run[q], qrels[q]) for q in judged) / n,
    }


# --- the runner ---------------------------------------------------------------------------


def evaluate_beir(
    directory: Path,
    *,
    queries_file: Path | None = None,
    top: int = 100,
    embedder: Embedder | None = None,
    fusion: Fusion = DEFAULT_FUSION,
    modes: Sequence[Mode] = MODES,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Index the corpus in a throw-away engine, run every judged query in each mode, score.

    The engine and its parameters are those `ponte match` serves; only the index is new.
    As BEIR's `EvaluateRetrieval.evaluate` does by default, a document whose id is the query's
    own id is not counted as retrieved (datasets such as ArguAna and Quora put the queries in
    the corpus) -- unless the qrels judge that document relevant (a grade above 0) for that
    query: then the ids merely coincide (numeric ids in two namespaces) and dropping a judged
    answer would be wrong. Raises BeirFormatError when a file is missing or malformed, or when
    no query can be evaluated.
    """
    say = progress or (lambda message: print(message, file=sys.stderr, flush=True))
    corpus_path = directory / "corpus.jsonl"
    queries_path = queries_file or directory / "queries.jsonl"
    qrels_path = directory / "qrels" / "test.tsv"
    corpus = load_corpus(corpus_path)
    queries = load_queries(queries_path)
    qrels = load_qrels(qrels_path)
    if not corpus:
        raise BeirFormatError(_("%(file)s: no documents") % {"file": corpus_path})
    judged = {qid: text for qid, text in queries.items() if qid in qrels}
    if not judged:
        raise BeirFormatError(
            _("no query of %(queries)s is judged in %(qrels)s")
            % {"queries": queries_path, "qrels": qrels_path}
        )
    say(
        _("documents: %(documents)d; queries judged: %(judged)d of %(queries)d")
        % {"documents": len(corpus), "judged": len(judged), "queries": len(queries)}
    )
    without_text = len(set(qrels) - set(queries))
    if without_text:
        say(
            _("judged query ids without a line in %(queries)s, not evaluated: %(count)d")
            % {"count": without_text, "queries": queries_path}
        )
    ids_in_corpus = {doc.id for doc in corpus}
    absent = {doc for qid in judged for doc in qrels[qid] if doc not in ids_in_corpus}
    if absent:
        say(
            _(
                "judged document ids not in the corpus (they count in the ideal ranking, as "
                "in BEIR, and can never be retrieved): %(count)d"
            )
            % {"count": len(absent)}
        )
    report: dict[str, Any] = {"queries": len(judged), "documents": len(corpus)}
    engine = MatchingEngine(None, embedder=embedder, fusion=fusion)
    try:
        started = time.perf_counter()
        for start in range(0, len(corpus), 256):
            engine.upsert(corpus[start : start + 256])
            done = min(start + 256, len(corpus))
            elapsed = time.perf_counter() - started
            rate = done / elapsed if elapsed > 0 else 0.0
            left = (len(corpus) - done) / rate if rate > 0 else 0.0
            say(
                _("embedded %(done)d/%(total)d documents (%(rate).0f/s, about %(left).0f s left)")
                % {"done": done, "total": len(corpus), "rate": rate, "left": left}
            )
        engine.commit()
        say(_("indexed in %(seconds).1f s") % {"seconds": time.perf_counter() - started})
        ids = list(judged)
        # One more result when a query's id is also a document's, so that dropping the query
        # itself still leaves `top` results (BEIR retrieves 1,000 and drops it).
        extra = 1 if ids_in_corpus.intersection(ids) else 0
        for mode in modes:
            started = time.perf_counter()
            run: dict[str, list[str]] = {}
            for first in range(0, len(ids), QUERY_BATCH):
                chunk = ids[first : first + QUERY_BATCH]
                found = engine.search_many(
                    [Query(text=judged[qid]) for qid in chunk], top=top + extra, mode=mode
                )
                for qid, results in zip(chunk, found, strict=True):
                    itself = qid if qrels[qid].get(qid, 0) <= 0 else None
                    run[qid] = [r.id for r in results if r.id != itself][:top]
                if len(ids) > QUERY_BATCH:
                    say(
                        _("%(mode)s: %(done)d/%(total)d queries")
                        % {"mode": mode, "done": len(run), "total": len(ids)}
                    )
            elapsed = time.perf_counter() - started
            report[mode] = {k: round(v, 4) for k, v in evaluate_run(run, qrels).items()}
            say(
                _("%(mode)s: %(scores)s (%(ms).1f ms a query)")
                % {"mode": mode, "scores": report[mode], "ms": 1000 * elapsed / len(ids)}
            )
    finally:
        engine.close()
    return report
