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
    OPEN_INTEREST_STATES,
    TRL_CHOICES,
    TRL_DEFINITIONS,
    AgreementKind,
    BudgetBand,
    Confidentiality,
    InterestAction,
    InterestState,
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

    def get_absolute_url(self) -> str:
        raise NotImplementedError

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


# --- Expressions of interest, invitations and proposed matches -------------------------------


def _one_item_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of `offer` and `need` is set."""
    return models.CheckConstraint(
        condition=(models.Q(offer__isnull=False, need__isnull=True))
        | (models.Q(offer__isnull=True, need__isnull=False)),
        name=name,
    )


class ItemLinked(models.Model):
    """A record about one offer or one need (two nullable keys, exactly one set, so that the
    database enforces integrity and visibility joins stay plain)."""

    offer = models.ForeignKey(
        TechnologyOffer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)s_set",
        verbose_name=_("technology offer"),
    )
    need = models.ForeignKey(
        InnovationNeed,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)s_set",
        verbose_name=_("innovation need"),
    )

    class Meta:
        abstract = True

    @property
    def item(self) -> MarketplaceItem:
        item = self.offer if self.offer_id is not None else self.need
        assert item is not None
        return item

    @property
    def item_kind(self) -> str:
        return "offer" if self.offer_id is not None else "need"


#: The field of an `ItemLinked` record that points at an item of each model.
ITEM_FIELD: dict[type[MarketplaceItem], str] = {TechnologyOffer: "offer", InnovationNeed: "need"}


def item_link(item: MarketplaceItem) -> dict[str, MarketplaceItem]:
    """`{"offer": item}` or `{"need": item}`, for filters and creation."""
    return {ITEM_FIELD[type(item)]: item}


class ExpressionOfInterest(ItemLinked):
    """An organisation's interest in an offer or need, and where it led: every step dated
    (the `*_at` fields, for the outcome figures) and recorded in `events`."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="sent_interests",
        verbose_name=_("interested organisation"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    message = models.TextField(_("message"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=InterestState.choices,
        default=InterestState.SENT,
        db_index=True,
    )
    agreement_kind = models.CharField(
        _("kind of agreement"), max_length=20, choices=AgreementKind.choices, blank=True
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("meeting held"), null=True, blank=True)
    agreement_at = models.DateTimeField(_("agreement signed"), null=True, blank=True)
    project_at = models.DateTimeField(_("project started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            _one_item_constraint("interest_one_item"),
            # One open (or answered) expression per item and organisation; a closed one may
            # be followed by a new one.
            models.UniqueConstraint(
                fields=["offer", "organisation"],
                condition=~models.Q(state=InterestState.CLOSED),
                name="interest_unique_offer_organisation",
            ),
            models.UniqueConstraint(
                fields=["need", "organisation"],
                condition=~models.Q(state=InterestState.CLOSED),
                name="interest_unique_need_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("transfer:interest", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_INTEREST_STATES

    @property
    def answered_at(self) -> datetime.datetime | None:
        return self.accepted_at or self.declined_at


class InterestEvent(models.Model):
    """One dated, attributed step of an expression of interest; never edited."""

    interest = models.ForeignKey(
        ExpressionOfInterest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("expression of interest"),
    )
    action = models.CharField(_("action"), max_length=20, choices=InterestAction.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=InterestState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=InterestState.choices)
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
    agreement_kind = models.CharField(
        _("kind of agreement"), max_length=20, choices=AgreementKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("step of an expression of interest")
        verbose_name_plural = _("steps of expressions of interest")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_action_display()}"


class ProposedMatch(ItemLinked):
    """Cluster staff proposing that an item and a suggested match (an item, organisation or
    person of the matching index, by key) talk to each other."""

    target_key = models.CharField(_("proposed match"), max_length=40)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("proposed match")
        verbose_name_plural = _("proposed matches")
        ordering = ["-at", "-pk"]
        constraints = [
            _one_item_constraint("proposal_one_item"),
            models.UniqueConstraint(fields=["offer", "target_key"], name="proposal_unique_offer"),
            models.UniqueConstraint(fields=["need", "target_key"], name="proposal_unique_need"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ↔ {self.target_key}"


class InterestInvitation(ItemLinked):
    """An organisation invited to see a confidential item and express interest in it, by its
    owner or the cluster's staff (or by a staff proposal of a match)."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="interest_invitations",
        verbose_name=_("invited organisation"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    proposal = models.ForeignKey(
        ProposedMatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        verbose_name=_("from the proposed match"),
    )

    class Meta:
        verbose_name = _("invitation to express interest")
        verbose_name_plural = _("invitations to express interest")
        ordering = ["-at", "-pk"]
        constraints = [
            _one_item_constraint("invitation_one_item"),
            models.UniqueConstraint(
                fields=["offer", "organisation"], name="invitation_unique_offer"
            ),
            models.UniqueConstraint(fields=["need", "organisation"], name="invitation_unique_need"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ← {self.item}"
