"""`ponte eval --beir DIR [--json] [--queries FILE] [--top 100]`: the engine's quality."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.matching.embeddings import default_embedder
from ponte.matching.evaluation import MODES, BeirFormatError, evaluate_beir


class Command(BaseCommand):
    help = (
        "Evaluate matching on a benchmark in the BEIR layout (corpus.jsonl, queries.jsonl, "
        "qrels/test.tsv): nDCG@10, Recall@100 and MRR@10 for lexical, dense and hybrid "
        "retrieval, on a throw-away index that never touches the site's data."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--beir", required=True, type=Path, help="the benchmark directory")
        parser.add_argument(
            "--queries", type=Path, help="another queries file, judged by the same qrels"
        )
        parser.add_argument(
            "--top",
            type=int,
            default=100,
            help="results retrieved per query (at least 100, so Recall@100 means what it says)",
        )
        parser.add_argument("--json", action="store_true", help="print only a JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["beir"]
        if not directory.is_dir():
            raise CommandError(f"{directory}: no such directory")
        if options["top"] < 100:
            raise CommandError("--top must be at least 100: Recall@100 needs 100 results")
        cache = Path(settings.MATCHING_EMBED_CACHE)
        try:
            report = evaluate_beir(
                directory,
                queries_file=options["queries"],
                top=options["top"],
                embedder=default_embedder(cache),
                progress=lambda message: print(message, file=sys.stderr, flush=True),
            )
        except BeirFormatError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.write(
            f"{report['queries']} queries, {report['documents']} documents\n"
            f"{'mode':<10}{'nDCG@10':>10}{'R@100':>10}{'MRR@10':>10}"
        )
        for mode in MODES:
            row = report[mode]
            self.stdout.write(
                f"{mode:<10}{row['ndcg@10']:>10.4f}{row['recall@100']:>10.4f}{row['mrr@10']:>10.4f}"
            )
