"""`ponte index --rebuild | --status`: rebuild the matching index, or compare it with the data."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ponte.matching import services
from ponte.matching.services import EMBED_RATE


class Command(BaseCommand):
    help = gettext_noop(
        "Rebuild the matching index from the database (--rebuild) or show how it compares "
        "with the database and how many updates wait for a worker (--status)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--rebuild", action="store_true", help=_("Index every item again (idempotent).")
        )
        action.add_argument("--status", action="store_true", help=_("Show the index's state."))
        parser.add_argument("--json", action="store_true", help=_("Print --status as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self._status(options["json"])
            return
        total = sum(services.count_items().values())
        self.stdout.write(
            ngettext(
                "Indexing %(total)s item into %(path)s. New or changed texts are embedded at "
                "about %(rate)s a second (up to %(seconds)s s the first time); unchanged ones "
                "come from the embedding cache.",
                "Indexing %(total)s items into %(path)s. New or changed texts are embedded at "
                "about %(rate)s a second (up to %(seconds)s s the first time); unchanged ones "
                "come from the embedding cache.",
                total,
            )
            % {
                "total": total,
                "path": services.index.index_path(),
                "rate": EMBED_RATE,
                "seconds": max(1, total // EMBED_RATE),
            }
        )
        last = [0]

        def progress(kind: str, done: int, of: int) -> None:
            if kind == "queries":
                self.stdout.write(
                    "  "
                    + ngettext(
                        "preparing the suggestion panel of %(count)s offer or need",
                        "preparing the suggestion panels of %(count)s offers and needs",
                        done,
                    )
                    % {"count": done}
                )
            elif done - last[0] >= 256 or done == of:
                last[0] = done
                self.stdout.write(f"  {done}/{of} ({kind})")

        try:
            report = services.rebuild_index(progress)
        except OSError as error:
            raise CommandError(_("Cannot write the index: %(error)s") % {"error": error}) from error
        per_kind = ", ".join(f"{n} {kind}" for kind, n in report.per_kind.items())
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Indexed %(documents)s document (%(per_kind)s); removed %(deleted)s stale; "
                    "%(seconds).1f s.",
                    "Indexed %(documents)s documents (%(per_kind)s); removed %(deleted)s stale; "
                    "%(seconds).1f s.",
                    report.documents,
                )
                % {
                    "documents": report.documents,
                    "per_kind": per_kind,
                    "deleted": report.deleted,
                    "seconds": report.seconds,
                }
            )
        )

    def _status(self, as_json: bool) -> None:
        status = services.index_status()
        if as_json:
            self.stdout.write(json.dumps(status, indent=2))
            return
        self.stdout.write(_("Index: %(path)s") % {"path": status["path"]})
        self.stdout.write(_("Documents: %(count)s") % {"count": status["documents"]})
        for kind, in_db in status["in_database"].items():
            indexed = status["indexed"].get(kind, 0)
            flag = (
                ""
                if indexed == in_db
                else "  " + _("(differs: run `ponte index --rebuild` or a worker)")
            )
            self.stdout.write(
                "  "
                + _("%(kind)-7s indexed %(indexed)6s  in database %(in_database)6s")
                % {"kind": kind, "indexed": indexed, "in_database": in_db}
                + flag
            )
        if not status["analysis_current"]:
            self.stdout.write(
                _(
                    "Indexed with an older text analysis (acronyms, regions): run "
                    "`ponte index --rebuild` so that searches find what it now reads."
                )
            )
        pending = status["pending_updates"]
        if pending is not None:
            self.stdout.write(
                _("Updates waiting for a worker (`ponte db_worker`): %(count)s")
                % {"count": pending}
            )
