"""`ponte load_taxonomy`: create or update the competence taxonomy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ponte.competences.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = "Create or update the bilingual competence taxonomy (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_taxonomy()
        self.stdout.write(
            self.style.SUCCESS(_("Competence taxonomy loaded: %(count)d terms.") % {"count": count})
        )
