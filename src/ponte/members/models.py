"""Organisations, people, affiliations and cluster memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.members.constants import (
    COMPANY_KINDS,
    PROVINCE_CHOICES,
    MembershipRole,
    MembershipStatus,
    OrganisationKind,
    SizeClass,
)
from ponte.members.periods import current_q, is_current
from ponte.members.sme import classify_enterprise, sme_status
from ponte.members.validators import validate_ateco_code, validate_vat_number
from ponte.web.i18n import LocalizedMixin


class Organisation(LocalizedMixin, models.Model):
    """A company, university, research centre or public body taking part in the network."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=220)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    vat_number = models.CharField(
        _("VAT number (Partita IVA)"),
        max_length=11,
        blank=True,
        validators=[validate_vat_number],
        help_text=_("Eleven digits, e.g. 01234567897."),
    )
    ateco_code = models.CharField(
        _("ATECO code"),
        max_length=8,
        blank=True,
        validators=[validate_ateco_code],
        help_text=_("Main activity code, e.g. 20.42."),
    )
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="IT")
    website = models.URLField(_("website"), blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    headcount = models.PositiveIntegerField(
        _("headcount (annual work units)"), null=True, blank=True
    )
    turnover_eur = models.DecimalField(
        _("annual turnover (€)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_eur = models.DecimalField(
        _("annual balance-sheet total (€)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Fictional record loaded with the demo.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["vat_number"],
                condition=~models.Q(vat_number=""),
                name="unique_vat_number",
                violation_error_message=_("An organisation with this VAT number already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation", args=[self.slug])

    @property
    def description(self) -> str:
        return self.tr("description")

    def clean(self) -> None:
        super().clean()
        own = self._own_size_class()
        if self.kind == OrganisationKind.SME and own == SizeClass.LARGE:
            raise ValidationError(
                {
                    "kind": _(
                        "Kind: with these headcount and financial figures the organisation is a "
                        "large enterprise under EU Recommendation 2003/361, not an SME."
                    )
                }
            )

    def _own_size_class(self) -> SizeClass | None:
        if self.kind not in COMPANY_KINDS or self.headcount is None:
            return None
        return classify_enterprise(self.headcount, self.turnover_eur, self.balance_sheet_eur)

    @property
    def size_class(self) -> SizeClass | None:
        """SME category by EU Recommendation 2003/361, for companies whose figures decide it.

        A company declared large stays large whatever its own figures: under Article 3 of the
        Recommendation's Annex, an enterprise linked to a large group is not an SME.
        """
        if self.kind == OrganisationKind.LARGE_COMPANY:
            return SizeClass.LARGE
        return self._own_size_class()

    @property
    def is_sme(self) -> bool | None:
        """True or False when the figures decide; None for non-companies and when they do not
        (a company may be sure to be an SME while its class is still open)."""
        size = self.size_class
        if size is not None:
            return size != SizeClass.LARGE
        if self.kind not in COMPANY_KINDS or self.headcount is None:
            return None
        return sme_status(self.headcount, self.turnover_eur, self.balance_sheet_eur)

    @property
    def province_name(self) -> str:
        return self.get_province_display() if self.province else ""


class Person(LocalizedMixin, models.Model):
    """Someone who works in or with the network, possibly with a log-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True, max_length=220)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. Prof., Dr."))
    email = models.EmailField(_("e-mail"), blank=True)
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True)
    bio_it = models.TextField(_("biography (Italian)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    is_public = models.BooleanField(
        _("public profile"), default=True, help_text=_("Show this profile to visitors.")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:person", args=[self.slug])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def bio(self) -> str:
        return self.tr("bio")


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self, on: datetime.date | None = None) -> AffiliationQuerySet:
        """Affiliations in force on `on` (today by default): see `ponte.members.periods`."""
        return self.filter(current_q(on=on))


class Affiliation(models.Model):
    """A person working for an organisation; current from `start` to `end` (both optional,
    both inclusive; see `ponte.members.periods`)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_primary = models.BooleanField(_("primary affiliation"), default=True)
    can_manage = models.BooleanField(
        _("manages the profile"),
        default=False,
        help_text=_("May edit the organisation's profile and answer on its behalf."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "organisation__name"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="unique_affiliation_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("End: an affiliation cannot end before it starts.")})

    @property
    def is_current(self) -> bool:
        return is_current(self.start, self.end)


class Membership(models.Model):
    """An organisation's membership of a cluster, with its lifecycle."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("cluster"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
        db_index=True,
    )
    motivation = models.TextField(_("motivation"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
        verbose_name=_("applied by"),
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    review_started_on = models.DateField(_("review started on"), null=True, blank=True)
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["cluster", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cluster"],
                name="unique_membership_per_cluster",
                violation_error_message=_(
                    "This organisation already has a membership of this cluster."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cluster} ({self.get_status_display()})"


class MembershipEvent(models.Model):
    """One dated, attributed step of a membership's lifecycle."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="events", verbose_name=_("membership")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=MembershipStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=MembershipStatus.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership history")

    def __str__(self) -> str:
        return f"{self.membership}: {self.from_status} → {self.to_status}"
