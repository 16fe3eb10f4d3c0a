"""What users tell us about suggestions; the index itself lives on disk, not in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_MAX_LENGTH = 255


class SuggestionFeedback(models.Model):
    """One user's verdict on one suggestion: `target` shown for `source`.

    `source` is the key of the item the suggestions were made for ("need:12"), or "q:<text>"
    for a free-text search. `source_competences` keeps the competence codes the source had
    when the verdict was given, so similar sources can be recognised without re-reading them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suggestion_feedback",
        verbose_name=_("user"),
    )
    source = models.CharField(_("suggested for"), max_length=KEY_MAX_LENGTH, db_index=True)
    target = models.CharField(_("suggestion"), max_length=KEY_MAX_LENGTH, db_index=True)
    useful = models.BooleanField(_("useful"))
    source_competences = models.JSONField(_("competences of the source"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated", "-pk"]
        verbose_name = _("suggestion feedback")
        verbose_name_plural = _("suggestion feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source", "target"], name="unique_feedback_per_suggestion"
            )
        ]

    def __str__(self) -> str:
        verdict = _("useful") if self.useful else _("not useful")
        return f"{self.source} → {self.target}: {verdict}"
