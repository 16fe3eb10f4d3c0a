"""Fusion settings on the development benchmark, several at once (how docs/matching.md's tables
were made). Tune on bench/data/dev only.

    .venv/bin/python bench/_fusion_grid.py \
        "{'served': Fusion(), 'text only': Fusion(feedback_weight=0)}" [--all-modes]

Builds one throw-away index of the dev corpus (vectors from the embedding cache in
var/cache/embeddings, or $PONTE_EMBED_CACHE), then prints nDCG@10 for every query as written
(`dev`), the Italian queries (`it`), the same queries in English (`en`) and the Italian gap.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ponte.matching.embeddings import default_embedder  # noqa: E402
from ponte.matching.engine import MatchingEngine  # noqa: E402
from ponte.matching.evaluation import (  # noqa: E402
    evaluate_run,
    load_corpus,
    load_qrels,
    load_queries,
)
from ponte.matching.ranking import Fusion  # noqa: E402
from ponte.matching.types import Mode, Query  # noqa: E402

DEV = ROOT / "bench" / "data" / "dev"


def main(argv: list[str]) -> None:
    configs: dict[str, Fusion] = eval(argv[0], {"Fusion": Fusion}) if argv else {"served": Fusion()}
    modes: tuple[Mode, ...] = (
        ("lexical", "dense", "hybrid") if "--all-modes" in argv else ("hybrid",)
    )
    corpus = load_corpus(DEV / "corpus.jsonl")
    qrels = load_qrels(DEV / "qrels" / "test.tsv")
    written = load_queries(DEV / "queries.jsonl")
    english = load_queries(DEV / "queries_en.jsonl")
    italian = [q for q in english if english[q].strip() != written.get(q, "").strip()]
    sets = {
        "dev": {q: t for q, t in written.items() if q in qrels},
        "it": {q: written[q] for q in italian},
        "en": {q: english[q] for q in italian},
    }
    cache = Path(os.environ.get("PONTE_EMBED_CACHE") or ROOT / "var" / "cache" / "embeddings")
    engine = MatchingEngine(None, embedder=default_embedder(cache))
    for start in range(0, len(corpus), 256):
        engine.upsert(corpus[start : start + 256])
    engine.commit()
    for label, fusion in configs.items():
        engine.fusion = fusion
        parts = []
        for mode in modes:
            score = {}
            for name, queries in sets.items():
                ids = list(queries)
                found = engine.search_many([Query(queries[q]) for q in ids], top=100, mode=mode)
                run = {q: [r.id for r in rs] for q, rs in zip(ids, found, strict=True)}
                score[name] = evaluate_run(run, qrels)["ndcg@10"]
            gap = (score["en"] - score["it"]) / score["en"] if score["en"] else 0.0
            parts.append(
                f"{mode}: dev {score['dev']:.4f} it {score['it']:.4f} en {score['en']:.4f} "
                f"gap {gap:.3f}"
            )
        print(f"{label:<24}", " | ".join(parts), flush=True)
    engine.close()


if __name__ == "__main__":
    main(sys.argv[1:])
