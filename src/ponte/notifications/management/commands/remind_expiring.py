"""`ponte remind_expiring`: remind owners of offers and needs that expire within 30 days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ponte.notifications.services import REMINDER_DAYS_BEFORE, remind_expiring


class Command(BaseCommand):
    help = (
        f"Notify the owners of published offers and needs expiring within {REMINDER_DAYS_BEFORE} "
        "days, once per expiry date (safe to run any number of times a day)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_expiring()
        self.stdout.write(_("Items reminded of: %(count)d") % {"count": reminded})
