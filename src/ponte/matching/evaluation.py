"""Quality of the engine on any benchmark in the BEIR layout, with BEIR's metric definitions.

    corpus.jsonl     {"_id", "title", "text"} a line
    queries.jsonl    {"_id", "text"} a line
    qrels/test.tsv   query-id <tab> corpus-id <tab> score, after a header row

The metrics are those of trec_eval as BEIR computes them (through pytrec_eval), so the
figures compare with published BEIR tables:

- nDCG@10: gain = the relevance grade, discount log2(rank + 1); the ideal DCG sorts all the
  query's judged grades, retrieved or not.
- Recall@100: the share of the relevant documents (grade > 0) in the first 100.
- MRR@10: 1 / rank of the first relevant document in the first 10, else 0.

Each is averaged over the queries that have judgements; the others are skipped, as in BEIR.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ponte.matching.embeddings import Embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.ranking import DEFAULT_FUSION, Fusion
from ponte.matching.types import KINDS, Document, Mode, Query

MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")
Qrels = dict[str, dict[str, int]]


class BeirFormatError(ValueError):
    """A file of the benchmark is missing or malformed; the message names file and line."""


# --- reading the layout ---------------------------------------------------------------------


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise BeirFormatError(f"{path}: file not found")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                raise BeirFormatError(f"{path}:{number}: not JSON ({error})") from error
            if not isinstance(row, dict) or "_id" not in row:
                raise BeirFormatError(f"{path}:{number}: an object with an _id is expected")
            yield number, row


def load_corpus(path: Path) -> list[Document]:
    """The corpus as engine documents; key and id are the BEIR `_id`. Structure given in an
    optional `metadata` object (kind, lang, competences, trl, cluster, ...) is kept, as the
    site's documents carry it."""
    docs: list[Document] = []
    for _, row in _jsonl(path):
        doc_id = str(row["_id"])
        prefix = doc_id.split(":", 1)[0]
        metadata: dict[str, Any] = row["metadata"] if isinstance(row.get("metadata"), dict) else {}
        kind = str(metadata.get("kind") or (prefix if prefix in KINDS else "doc"))
        docs.append(
            Document(
                key=doc_id,
                kind=kind,
                id=doc_id,
                title=str(row.get("title") or ""),
                text=str(row.get("text") or ""),
                language=metadata.get("lang") or metadata.get("language"),
                competences=tuple(str(c) for c in metadata.get("competences") or ()),
                competence_ancestors=tuple(
                    str(c) for c in metadata.get("competence_ancestors") or ()
                ),
                trl=metadata["trl"] if isinstance(metadata.get("trl"), int) else None,
                partnership=metadata.get("partnership"),
                org_kind=metadata.get("org_kind"),
                cluster=metadata.get("cluster"),
                province=metadata.get("province"),
                region=metadata.get("region"),
            )
        )
    return docs


def load_queries(path: Path) -> dict[str, str]:
    return {str(row["_id"]): str(row.get("text") or "") for _, row in _jsonl(path)}


def load_qrels(path: Path) -> Qrels:
    """qrels/test.tsv: a header row, then query-id, corpus-id, integer score."""
    if not path.is_file():
        raise BeirFormatError(f"{path}: file not found")
    qrels: Qrels = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("\t")
            if number == 1 and parts[:1] == ["query-id"]:
                continue
            if not line.strip():
                continue
            if len(parts) < 3:
                raise BeirFormatError(f"{path}:{number}: three tab-separated columns expected")
            try:
                score = int(float(parts[2]))
            except ValueError as error:
                raise BeirFormatError(
                    f"{path}:{number}: score {parts[2]!r} is no number"
                ) from error
            qrels.setdefault(parts[0], {})[parts[1]] = score
    return qrels


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
    """
    say = progress or (lambda message: print(message, file=sys.stderr))
    corpus = load_corpus(directory / "corpus.jsonl")
    queries = load_queries(queries_file or directory / "queries.jsonl")
    qrels = load_qrels(directory / "qrels" / "test.tsv")
    judged = {qid: text for qid, text in queries.items() if qid in qrels}
    say(f"{len(corpus)} documents, {len(judged)} judged queries of {len(queries)}")
    report: dict[str, Any] = {"queries": len(judged), "documents": len(corpus)}
    engine = MatchingEngine(None, embedder=embedder, fusion=fusion)
    try:
        started = time.perf_counter()
        for start in range(0, len(corpus), 256):
            engine.upsert(corpus[start : start + 256])
            say(f"embedded {min(start + 256, len(corpus))}/{len(corpus)}")
        engine.commit()
        say(f"indexed in {time.perf_counter() - started:.1f} s")
        ids = list(judged)
        batch = [Query(text=judged[qid]) for qid in ids]
        for mode in modes:
            started = time.perf_counter()
            results = engine.search_many(batch, top=top, mode=mode)
            elapsed = time.perf_counter() - started
            run = {qid: [r.id for r in found] for qid, found in zip(ids, results, strict=True)}
            report[mode] = {k: round(v, 4) for k, v in evaluate_run(run, qrels).items()}
            say(f"{mode}: {report[mode]} ({1000 * elapsed / max(len(ids), 1):.1f} ms/query)")
    finally:
        engine.close()
    return report
