"""The regional network, its clusters, their recognition history, staff and board."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ponte.members.periods import current_q, is_current
from ponte.web.i18n import LocalizedMixin


class RecognitionStatus(models.TextChoices):
    CONSTITUTED = "constituted", _("Constituted")
    TAKEN_NOTE = "taken_note", _("Taken note of by the regional government")
    UNDER_RECOGNITION = "under_recognition", _("Recognition procedure under way")
    RECOGNISED = "recognised", _("Recognised")
    SUSPENDED = "suspended", pgettext_lazy("recognition of a cluster", "Suspended")
    REVOKED = "revoked", _("Recognition revoked")


class Constituency(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia")
    INNOVATION = "innovation", _("Innovation")


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Board member")


class Cluster(LocalizedMixin, models.Model):
    """A technology cluster of the regional network."""

    slug = models.SlugField(_("slug"), unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    name_it = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sector_it = models.CharField(_("sector (Italian)"), max_length=200)
    sector_en = models.CharField(_("sector (English)"), max_length=200)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    coordinator = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_clusters",
    )
    website = models.URLField(_("website"), blank=True)
    region = models.CharField(_("region"), max_length=60, default="Lombardia")

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("clusters:detail", args=[self.slug])

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def sector(self) -> str:
        return self.tr("sector")

    @property
    def description(self) -> str:
        return self.tr("description")

    @property
    def current_recognition(self) -> RecognitionEvent | None:
        """The latest dated status; prefetch `recognition_events` to avoid a query per cluster."""
        events = sorted(self.recognition_events.all(), key=lambda e: (e.date, e.pk))
        return events[-1] if events else None


class RecognitionEvent(models.Model):
    """One dated step of a cluster's recognition by the Region."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="recognition_events",
        verbose_name=_("cluster"),
    )
    status = models.CharField(_("status"), max_length=30, choices=RecognitionStatus.choices)
    date = models.DateField(_("date"))
    act = models.CharField(
        _("act"), max_length=200, blank=True, help_text=_("Resolution or decree, if any.")
    )
    note_it = models.TextField(_("note (Italian)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        ordering = ["cluster", "date", "pk"]
        verbose_name = _("recognition event")
        verbose_name_plural = _("recognition history")

    def __str__(self) -> str:
        return f"{self.cluster}: {self.get_status_display()} ({self.date:%Y-%m-%d})"


class ClusterStaff(models.Model):
    """A user who works for a cluster's coordinating body and manages it in Ponte."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="staff", verbose_name=_("cluster")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cluster_staff_roles",
        verbose_name=_("user"),
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("cluster staff member")
        verbose_name_plural = _("cluster staff")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "user"], name="unique_staff_per_cluster")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cluster}"


class BoardSeatQuerySet(models.QuerySet["BoardSeat"]):
    def current(self, on: datetime.date | None = None) -> BoardSeatQuerySet:
        """Seats held on `on` (today by default): started and not yet ended."""
        return self.filter(current_q(on=on))


class BoardSeat(models.Model):
    """A seat on a cluster's board (Consiglio Direttivo), held for a constituency."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="board_seats", verbose_name=_("cluster")
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="board_seats",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="board_seats",
        verbose_name=_("represented organisation"),
    )
    constituency = models.CharField(_("constituency"), max_length=20, choices=Constituency.choices)
    role = models.CharField(
        _("role"), max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    objects = BoardSeatQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "role", "constituency"]
        verbose_name = _("board seat")
        verbose_name_plural = _("board seats")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_constituency_display()}) – {self.cluster}"

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("End: a board seat cannot end before it starts.")})

    @property
    def is_current(self) -> bool:
        return is_current(self.start, self.end)
