"""`ponte send_digests [--now]`: send the weekly digests by hand or from cron."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.notifications.services import send_digests


class Command(BaseCommand):
    help = gettext_noop(
        "Send the weekly digest e-mails to users whose last digest is at least six days old; "
        "with --now, to everyone with pending notifications. Never sends a notification twice."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help=_("Do not wait for the weekly rhythm: send every pending digest now."),
        )

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        sent = send_digests(force=now)
        self.stdout.write(_("Digests sent: %(count)d") % {"count": sent})
