"""`ponte remind_expiring`: remind owners of offers and needs that expire within 30 days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.notifications.services import REMINDER_DAYS_BEFORE, remind_expiring


class Command(BaseCommand):
    help = gettext_noop(
        "Notify the owners of published offers and needs expiring within %(days)d days, once "
        "per expiry date (safe to run any number of times a day)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # Marked with gettext_noop, translated (and the days filled in) once a language is on;
        # from the class, so that a second parser does not format the text twice.
        self.help = _(type(self).help) % {"days": REMINDER_DAYS_BEFORE}
        return super().create_parser(prog_name, subcommand, **kwargs)

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_expiring()
        self.stdout.write(_("Items reminded of: %(count)d") % {"count": reminded})
