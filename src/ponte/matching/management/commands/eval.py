"""`ponte eval --beir DIR [--json] [--queries FILE] [--top 100]`: the engine's quality."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.matching.embeddings import default_embedder
from ponte.matching.evaluation import MODES, BeirFormatError, evaluate_beir

MAX_TOP = 1000  # BEIR's own depth; a larger one only costs memory (2^31 aborted in tantivy)


def fail(message: str) -> CommandError:
    """Bad input exits with code 2, as `ponte match` and `ponte schedule` do."""
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = gettext_noop(
        "Evaluate matching on a benchmark in the BEIR layout (corpus.jsonl, queries.jsonl, "
        "qrels/test.tsv): nDCG@10, Recall@100 and MRR@10 for lexical, dense and hybrid "
        "retrieval, on a throw-away index that never touches the site's data."
    )
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--beir", required=True, type=Path, metavar="DIR", help=_("The benchmark directory.")
        )
        parser.add_argument(
            "--queries",
            type=Path,
            metavar="FILE",
            help=_("Another queries file, judged by the same qrels."),
        )
        parser.add_argument(
            "--top",
            type=int,
            default=100,
            help=_(
                "Results retrieved per query, 100 to 1,000 (at least 100, so that Recall@100 "
                "means what it says)."
            ),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help=_("Print only a JSON object (progress goes to standard error)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["beir"]
        if not directory.is_dir():
            raise fail(_("%(directory)s: no such directory") % {"directory": directory})
        if options["top"] < 100:
            raise fail(_("--top must be at least 100: Recall@100 needs 100 results"))
        if options["top"] > MAX_TOP:
            raise fail(_("--top must be at most %(max)d.") % {"max": MAX_TOP})
        cache = Path(settings.MATCHING_EMBED_CACHE)
        embedder = default_embedder(cache)
        try:
            report = evaluate_beir(
                directory,
                queries_file=options["queries"],
                top=options["top"],
                embedder=embedder,
                progress=lambda message: print(message, file=sys.stderr, flush=True),
            )
        except BeirFormatError as error:
            raise fail(str(error)) from error
        finally:
            embedder.close()
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.write(
            _("%(queries)d queries, %(documents)d documents")
            % {"queries": report["queries"], "documents": report["documents"]}
        )
        mode_label = _("mode")
        self.stdout.write(f"{mode_label:<10}{'nDCG@10':>10}{'R@100':>10}{'MRR@10':>10}")
        for mode in MODES:
            row = report[mode]
            self.stdout.write(
                f"{mode:<10}{row['ndcg@10']:>10.4f}{row['recall@100']:>10.4f}{row['mrr@10']:>10.4f}"
            )
