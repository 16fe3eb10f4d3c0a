"""`ponte load_demo [--force]`: load the demo network, idempotently, in one transaction."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.demo.loader import load_demo, seed_embedding_cache


class Command(BaseCommand):
    help = gettext_noop(
        "Load the demo data: the ten Lombardy clusters, the real founders of the cosmetics "
        "cluster and clearly marked sample data. Safe to run more than once."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load the demo even when DEBUG is off (e.g. on a staging server)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "Refusing to load demo data: DEBUG is off, so this looks like a "
                    "production installation. Run again with --force if you really want "
                    "sample data and the demo log-ins (password ponte-demo-2026) here."
                )
            )
        started = time.monotonic()
        with transaction.atomic():
            counts = load_demo()
        seed_embedding_cache()
        labels = {
            "competences": _("Competences"),
            "clusters": _("Clusters"),
            "recognition_events": _("Recognition events"),
            "organisations": _("Organisations"),
            "sample_organisations": _("of which sample organisations"),
            "memberships": _("Memberships"),
            "membership_events": _("Membership events"),
            "people": _("People"),
            "affiliations": _("Affiliations"),
            "person_competences": _("Person competences"),
            "organisation_competences": _("Organisation competences"),
            "evidence": _("Evidence items"),
            "board_seats": _("Board seats"),
            "offers": _("Technology offers"),
            "needs": _("Innovation needs"),
            "users": _("Users"),
            "interests": _("Expressions of interest"),
            "interest_events": _("Steps of expressions of interest"),
            "events": _("Events"),
            "registrations": _("Event registrations"),
            "meeting_requests": _("B2B meeting requests"),
        }
        for key, count in counts.items():
            self.stdout.write(f"  {labels.get(key, key)}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data loaded in %(seconds).1f s. Log in as pmi, ricercatrice, staff, "
                    "consiglio, regione or admin with password ponte-demo-2026."
                )
                % {"seconds": time.monotonic() - started}
            )
        )
