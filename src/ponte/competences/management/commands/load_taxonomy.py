"""`ponte load_taxonomy`: create or update the competence taxonomy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.competences.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = gettext_noop("Create or update the bilingual competence taxonomy (idempotent).")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_taxonomy()
        self.stdout.write(
            self.style.SUCCESS(_("Competence taxonomy loaded: %(count)d terms.") % {"count": count})
        )
