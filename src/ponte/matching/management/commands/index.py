"""`ponte index --rebuild | --status`: rebuild the matching index, or compare it with the data."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ponte.matching import services
from ponte.matching.services import EMBED_RATE


class Command(BaseCommand):
    help = (
        "Rebuild the matching index from the database (--rebuild) or show how it compares "
        "with the database and how many updates wait for a worker (--status)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--rebuild", action="store_true", help="Index every item again (idempotent)."
        )
        action.add_argument("--status", action="store_true", help="Show the index's state.")
        parser.add_argument("--json", action="store_true", help="Print --status as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self._status(options["json"])
            return
        total = sum(services.count_items().values())
        self.stdout.write(
            f"Indexing {total} items into {services.index.index_path()}. New or changed texts "
            f"are embedded at about {EMBED_RATE} a second (up to {max(1, total // EMBED_RATE)} s "
            "the first time); unchanged ones come from the embedding cache."
        )
        last = [0]

        def progress(kind: str, done: int, of: int) -> None:
            if kind == "queries":
                self.stdout.write(f"  preparing the suggestion panels of {done} offers and needs")
            elif done - last[0] >= 256 or done == of:
                last[0] = done
                self.stdout.write(f"  {done}/{of} ({kind})")

        try:
            report = services.rebuild_index(progress)
        except OSError as error:
            raise CommandError(f"Cannot write the index: {error}") from error
        per_kind = ", ".join(f"{n} {kind}" for kind, n in report.per_kind.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report.documents} documents ({per_kind}); removed {report.deleted} "
                f"stale; {report.seconds:.1f} s."
            )
        )

    def _status(self, as_json: bool) -> None:
        status = services.index_status()
        if as_json:
            self.stdout.write(json.dumps(status, indent=2))
            return
        self.stdout.write(f"Index: {status['path']}")
        self.stdout.write(f"Documents: {status['documents']}")
        for kind, in_db in status["in_database"].items():
            indexed = status["indexed"].get(kind, 0)
            flag = (
                "" if indexed == in_db else "  (differs: run `ponte index --rebuild` or a worker)"
            )
            self.stdout.write(f"  {kind:<7} indexed {indexed:>6}  in database {in_db:>6}{flag}")
        pending = status["pending_updates"]
        if pending is not None:
            self.stdout.write(f"Updates waiting for a worker (`ponte db_worker`): {pending}")
