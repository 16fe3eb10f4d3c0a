"""The bilingual competence taxonomy, competence profiles and their evidence."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.web.i18n import LocalizedMixin


class Competence(LocalizedMixin, models.Model):
    """A term of the hierarchical taxonomy; roots are branches (e.g. formulation)."""

    code = models.SlugField(_("code"), unique=True, max_length=80)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("broader term"),
    )
    name_it = models.CharField(_("name (Italian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_cross_cutting = models.BooleanField(_("cross-cutting"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competences:detail", args=[self.code])

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def description(self) -> str:
        return self.tr("description")


class CompetenceLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    ADVANCED = 2, _("Advanced")
    EXPERT = 3, _("Expert")


class OrganisationCompetence(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="competence_links",
        verbose_name=_("organisation"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="organisation_links",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=CompetenceLevel.choices, default=CompetenceLevel.ADVANCED
    )

    class Meta:
        verbose_name = _("organisation competence")
        verbose_name_plural = _("organisation competences")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "competence"], name="unique_org_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.competence}"


class PersonCompetence(models.Model):
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="competence_links",
        verbose_name=_("person"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="person_links",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=CompetenceLevel.choices, default=CompetenceLevel.ADVANCED
    )

    class Meta:
        verbose_name = _("person competence")
        verbose_name_plural = _("person competences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competence"], name="unique_person_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.competence}"


class EvidenceKind(models.TextChoices):
    PROJECT = "project", _("Project")
    PATENT = "patent", _("Patent")
    PUBLICATION = "publication", _("Publication")
    LABORATORY = "laboratory", _("Laboratory")
    EQUIPMENT = "equipment", _("Equipment")


class Evidence(models.Model):
    """What backs a competence claim: a project, patent, publication, lab or instrument."""

    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("DOI, patent number, grant id…")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("person"),
    )
    competences = models.ManyToManyField(
        Competence, related_name="evidence", verbose_name=_("competences"), blank=True
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(person__isnull=False),
                name="evidence_has_owner",
                violation_error_message=_("Evidence belongs to an organisation or a person."),
            )
        ]

    def __str__(self) -> str:
        return self.title
