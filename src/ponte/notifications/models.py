"""In-app notifications, each user's e-mail preferences, and the record of expiry reminders."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What happened; the label is also the subject of the e-mail."""

    EOI_RECEIVED = "eoi_received", _("New expression of interest")
    EOI_ANSWERED = "eoi_answered", _("News about an expression of interest")
    MATCH_PROPOSED = "match_proposed", _("A match proposed by the cluster's staff")
    ITEM_EXPIRING = "item_expiring", _("Offer or need about to expire")
    MEETING_REQUESTED = "meeting_requested", _("New request for a B2B meeting")
    MEETING_ANSWERED = "meeting_answered", _("Answer to your request for a B2B meeting")
    EVENT_PLACE_CONFIRMED = "event_place_confirmed", _("Place confirmed from the waiting list")
    AGENDA_PUBLISHED = "agenda_published", _("B2B agenda published or changed")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")


class Delivery(models.TextChoices):
    """How a notification reaches the user by e-mail; the inbox always shows it."""

    IMMEDIATE = "immediate", _("E-mail at once")
    WEEKLY = "weekly", _("Weekly digest")
    NONE = "none", _("No e-mail, inbox only")


class Notification(models.Model):
    """One thing one user should know about, written in their language when it was created.

    `delivery` is the e-mail channel chosen when it was created (from the recipient's
    preferences); `emailed_at` and `digested_at` record that it went out, so a retried task
    never sends it twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    delivery = models.CharField(
        _("e-mail delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "digested_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.message[:60]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice of e-mail delivery for one kind; without a row the default applies
    (`ponte.notifications.preferences.DEFAULT_DELIVERY`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(_("e-mail delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


class ExpiryReminder(models.Model):
    """That the owners of an offer or need were reminded of one expiry date.

    One row per item and date keeps the daily reminder idempotent; a renewal moves the
    date, so the next window brings a new reminder.
    """

    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("item type")
    )
    target_id = models.PositiveBigIntegerField(_("item id"))
    target = GenericForeignKey("target_type", "target_id")
    reminded_for = models.DateField(_("expiry date reminded of"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "reminded_for"],
                name="unique_reminder_per_expiry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_type.model} {self.target_id} ({self.reminded_for:%Y-%m-%d})"
