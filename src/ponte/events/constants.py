"""Code lists and limits of events and B2B meetings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("meeting request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting request status", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Priority(models.IntegerChoices):
    """How much a side wants a meeting; the scheduler maximises the sum of priorities."""

    NICE = 1, _("Nice to have")
    IMPORTANT = 2, _("Important")
    ESSENTIAL = 3, _("Essential")


class ScheduleStatus(models.TextChoices):
    """The solver's verdict on a run (the contract of `ponte.events.scheduler`)."""

    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (not proven optimal)")


#: The longest note of a meeting request, in characters.
MAX_REQUEST_NOTE = 500
#: The longest text of each side of a participant's profile, in characters.
MAX_PROFILE_TEXT = 1000
#: The solver's time limit on the staff page: default and the most one may ask for, in seconds.
DEFAULT_TIME_LIMIT = 10
MAX_TIME_LIMIT = 60
#: Bounds of a B2B session: slots per event, tables, minutes per meeting.
MAX_SLOTS = 48
MAX_TABLES = 200
MIN_MEETING_MINUTES = 5
MAX_MEETING_MINUTES = 120
