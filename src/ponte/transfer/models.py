"""Technology offers and innovation needs: the marketplace of technology transfer."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.transfer.constants import (
    MAX_VALIDITY_DAYS,
    TRL_CHOICES,
    TRL_DEFINITIONS,
    BudgetBand,
    Confidentiality,
    IPRStatus,
    ItemStatus,
    Language,
    Partnership,
    TimeFrame,
)


class MarketplaceItem(models.Model):
    """What offers and needs share: owner, texts, competences, confidentiality, expiry."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ITALIAN
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("organisation"),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("cluster"),
    )
    contact = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    competences = models.ManyToManyField(
        "competences.Competence",
        related_name="%(class)ss",
        verbose_name=_("competences"),
        blank=True,
    )
    partnership = models.CharField(
        _("partnership sought"), max_length=20, choices=Partnership.choices
    )
    confidentiality = models.CharField(
        _("visible to"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
        db_index=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ItemStatus.choices,
        default=ItemStatus.PUBLISHED,
        db_index=True,
    )
    expires_on = models.DateField(_("expires on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.expires_on is None:
            return
        today = timezone.localdate()
        if self._state.adding and self.expires_on < today:
            raise ValidationError({"expires_on": _("Expires on: the date cannot be in the past.")})
        if self.expires_on > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
            raise ValidationError(
                {
                    "expires_on": _(
                        "Expires on: an item stays open at most %(days)d days; renew it later."
                    )
                    % {"days": MAX_VALIDITY_DAYS}
                }
            )

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_live(self) -> bool:
        return self.status == ItemStatus.PUBLISHED and not self.is_expired

    def expires_in(self) -> datetime.timedelta:
        return self.expires_on - timezone.localdate()


class TechnologyOffer(MarketplaceItem):
    """A technology, competence or service that research (or a firm) offers to others."""

    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        choices=TRL_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    ipr_status = models.CharField(_("IPR status"), max_length=20, choices=IPRStatus.choices)
    advantages = models.TextField(_("innovative aspects and advantages"), blank=True)
    applications = models.TextField(_("applications"), blank=True)

    class Meta(MarketplaceItem.Meta):
        verbose_name = _("technology offer")
        verbose_name_plural = _("technology offers")

    def get_absolute_url(self) -> str:
        return reverse("transfer:offer", args=[self.pk])

    @property
    def trl_definition(self) -> str:
        return str(TRL_DEFINITIONS[self.trl])


class InnovationNeed(MarketplaceItem):
    """A company's innovation challenge looking for a research or technology partner."""

    expected_result = models.TextField(_("expected result"))
    trl_min = models.PositiveSmallIntegerField(
        _("minimum TRL sought"),
        choices=TRL_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("How mature a solution must be to be useful."),
    )
    budget_band = models.CharField(_("budget"), max_length=10, choices=BudgetBand.choices)
    time_frame = models.CharField(_("time frame"), max_length=10, choices=TimeFrame.choices)

    class Meta(MarketplaceItem.Meta):
        verbose_name = _("innovation need")
        verbose_name_plural = _("innovation needs")

    def get_absolute_url(self) -> str:
        return reverse("transfer:need", args=[self.pk])

    @property
    def trl_definition(self) -> str:
        return str(TRL_DEFINITIONS[self.trl_min]) if self.trl_min else ""
