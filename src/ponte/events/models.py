"""Events, their programme, registrations, B2B meeting requests and the published schedule."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.events.constants import (
    MAX_MEETING_MINUTES,
    MAX_PROFILE_TEXT,
    MAX_REQUEST_NOTE,
    MAX_SLOTS,
    MAX_TABLES,
    MIN_MEETING_MINUTES,
    EventStatus,
    Priority,
    RegistrationStatus,
    RequestStatus,
    ScheduleStatus,
)
from ponte.web.i18n import LocalizedMixin


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A wall-clock time of the event's day, in the site's time zone (Europe/Rome)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class Event(LocalizedMixin, models.Model):
    """An event of a cluster; with `b2b_slots` (or a B2B end time) it hosts B2B meetings."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("cluster"),
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Participants admitted; further registrations join the waiting list. "
                    "Empty: no limit."),
    )  # fmt: skip
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=20,
        validators=[
            MinValueValidator(MIN_MEETING_MINUTES),
            MaxValueValidator(MAX_MEETING_MINUTES),
        ],
    )
    b2b_start = models.TimeField(_("first B2B meeting at"), null=True, blank=True)
    b2b_end = models.TimeField(
        _("B2B meetings end at"),
        null=True,
        blank=True,
        help_text=_("Used to derive the number of slots when that is left empty."),
    )
    b2b_slots = models.PositiveSmallIntegerField(
        _("number of slots"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_SLOTS)],
        help_text=_("Time slots of one meeting each, breaks included."),
    )
    break_slots = models.JSONField(
        _("break slots"),
        default=list,
        blank=True,
        help_text=_("Numbers of the slots (from 1) with no meetings, e.g. [7] for a break."),
    )
    b2b_tables = models.PositiveSmallIntegerField(
        _("number of tables"), default=0, validators=[MaxValueValidator(MAX_TABLES)]
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def description(self) -> str:
        return self.tr("description")

    @property
    def starts_at(self) -> datetime.datetime:
        return _at(self.date, self.start_time)

    @property
    def ends_at(self) -> datetime.datetime:
        return _at(self.date, self.end_time)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def is_over(self) -> bool:
        return timezone.now() >= self.ends_at

    @property
    def registration_deadline(self) -> datetime.datetime:
        return self.registration_closes or self.starts_at

    # --- B2B slots: numbered from 0 in code and in the scheduler, from 1 on pages. ---

    @property
    def slot_count(self) -> int:
        """Explicit, or derived from the B2B start and end and the meeting length."""
        if self.b2b_slots:
            return self.b2b_slots
        if self.b2b_start and self.b2b_end and self.meeting_minutes:
            minutes = (
                datetime.datetime.combine(self.date, self.b2b_end)
                - datetime.datetime.combine(self.date, self.b2b_start)
            ).total_seconds() // 60
            return max(0, min(MAX_SLOTS, int(minutes) // self.meeting_minutes))
        return 0

    @property
    def has_b2b(self) -> bool:
        return bool(self.b2b_start and self.slot_count and self.b2b_tables)

    @property
    def breaks(self) -> frozenset[int]:
        """The break slots, numbered from 0."""
        return frozenset(int(n) - 1 for n in self.break_slots or () if 1 <= int(n) <= 10_000)

    @property
    def meeting_slots(self) -> list[int]:
        """Slots in which meetings may take place, numbered from 0."""
        return [s for s in range(self.slot_count) if s not in self.breaks]

    def slot_start(self, slot: int) -> datetime.datetime:
        if self.b2b_start is None:
            raise ValueError("This event has no B2B session.")
        return _at(self.date, self.b2b_start) + datetime.timedelta(
            minutes=slot * self.meeting_minutes
        )

    def slot_end(self, slot: int) -> datetime.datetime:
        return self.slot_start(slot) + datetime.timedelta(minutes=self.meeting_minutes)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = str(_("Ends at: the event must end after it starts."))
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = str(
                _("Registration closes: it must close after it opens.")
            )
        if self.b2b_start and self.b2b_end and self.b2b_end <= self.b2b_start:
            errors["b2b_end"] = str(_("B2B meetings end at: they must end after they start."))
        if (self.b2b_slots or self.b2b_end) and not self.b2b_start:
            errors["b2b_start"] = str(
                _("First B2B meeting at: required when the event has B2B slots.")
            )
        errors.update(self._b2b_within_the_event())
        if not isinstance(self.break_slots, list) or not all(
            isinstance(n, int) and 1 <= n <= max(self.slot_count, 1) for n in self.break_slots
        ):
            errors["break_slots"] = str(
                _("Break slots: a list of slot numbers between 1 and the number of slots.")
            )
        if errors:
            raise ValidationError(errors)

    def _b2b_within_the_event(self) -> dict[str, str]:
        """The B2B session must fit in the event's hours: agendas, calendars and the closing
        of requests (at the end of the event) all assume its meetings happen that day."""
        if not (
            self.b2b_start
            and self.start_time
            and self.end_time
            and self.meeting_minutes
            and self.slot_count
        ):
            return {}
        day = datetime.date(2000, 1, 1)  # only the times matter
        first = datetime.datetime.combine(day, self.b2b_start)
        last_end = first + datetime.timedelta(minutes=self.slot_count * self.meeting_minutes)
        if first >= datetime.datetime.combine(day, self.start_time) and (
            last_end <= datetime.datetime.combine(day, self.end_time)
        ):
            return {}
        message = _(
            "B2B meetings: they must take place within the event's hours "
            "(%(start)s–%(end)s); these would run from %(first)s to %(last)s."
        ) % {
            "start": self.start_time.strftime("%H:%M"),
            "end": self.end_time.strftime("%H:%M"),
            "first": self.b2b_start.strftime("%H:%M"),
            "last": last_end.strftime("%H:%M") if last_end.date() == day else _("another day"),
        }
        if first < datetime.datetime.combine(day, self.start_time):
            return {"b2b_start": str(message)}
        return {"b2b_slots" if self.b2b_slots else "b2b_end": str(message)}


class Session(LocalizedMixin, models.Model):
    """One item of an event's programme."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    start = models.TimeField(_("starts at"))
    end = models.TimeField(_("ends at"), null=True, blank=True)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("programme session")
        verbose_name_plural = _("programme")

    def __str__(self) -> str:
        return f"{self.start:%H:%M} {self.title}"

    @property
    def title(self) -> str:
        return self.tr("title")


class Registration(models.Model):
    """A person taking part in an event for an organisation, with their B2B profile.

    `available_slots` lists the slots (from 0) they can attend; None means every slot."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
        db_index=True,
    )
    offering = models.TextField(_("what I offer"), max_length=MAX_PROFILE_TEXT, blank=True)
    looking_for = models.TextField(_("what I look for"), max_length=MAX_PROFILE_TEXT, blank=True)
    offers = models.ManyToManyField(
        "transfer.TechnologyOffer",
        blank=True,
        related_name="event_registrations",
        verbose_name=_("technology offers"),
    )
    needs = models.ManyToManyField(
        "transfer.InnovationNeed",
        blank=True,
        related_name="event_registrations",
        verbose_name=_("innovation needs"),
    )
    available_slots = models.JSONField(_("available slots"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="unique_registration_per_person",
                violation_error_message=_("This person is already registered for the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation}) – {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:participant", args=[self.event.slug, self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    def available_in(self, event: Event) -> frozenset[int]:
        """The meeting slots (from 0) this participant can attend: breaks never."""
        meeting = event.meeting_slots
        if self.available_slots is None:
            return frozenset(meeting)
        return frozenset(s for s in self.available_slots if s in meeting)


class MeetingRequest(models.Model):
    """One participant asks another for a B2B meeting; the other accepts or declines.

    Each side gives a priority (1–3, higher is more wanted); the scheduler weighs a
    meeting by the higher of the two (see `selectors.request_priority`)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("event")
    )
    requester = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="requests_sent",
        verbose_name=_("requested by"),
    )
    recipient = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="requests_received",
        verbose_name=_("requested of"),
    )
    note = models.TextField(_("note"), max_length=MAX_REQUEST_NOTE)
    requester_priority = models.PositiveSmallIntegerField(
        _("priority of the requester"), choices=Priority.choices, default=Priority.NICE
    )
    recipient_priority = models.PositiveSmallIntegerField(
        _("priority of the recipient"), choices=Priority.choices, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    created = models.DateTimeField(_("requested at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                name="unique_meeting_request",
                violation_error_message=_("You have already asked this participant."),
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="meeting_request_not_to_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester.person} → {self.recipient.person}"

    @property
    def priority(self) -> int:
        """The weight of the meeting in the schedule: the higher of the two sides'."""
        return max(self.requester_priority, self.recipient_priority or 0)

    def other_side(self, registration_id: int) -> Registration:
        return self.recipient if registration_id == self.requester_id else self.requester


class ScheduleRun(models.Model):
    """One run of the scheduler on an event, as the staff saw it; publishing it makes its
    meetings the event's `Meeting` rows.

    `result` holds the meetings as [{"request": id, "slot": s, "table": t}], the unscheduled
    requests with their reason and the moves against the schedule published before."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="schedule_runs", verbose_name=_("event")
    )
    created = models.DateTimeField(_("run at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("run by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ScheduleStatus.choices)
    method = models.CharField(_("method"), max_length=40, blank=True)
    time_limit = models.FloatField(_("time limit (seconds)"))
    seconds = models.FloatField(_("solve time (seconds)"))
    objective = models.PositiveIntegerField(_("scheduled priority"))
    bound = models.PositiveIntegerField(_("upper bound"))
    accepted = models.PositiveIntegerField(_("accepted requests"))
    scheduled = models.PositiveIntegerField(_("meetings scheduled"))
    kept_fixed = models.PositiveIntegerField(_("published meetings kept"), default=0)
    fixed = models.PositiveIntegerField(_("published meetings to keep"), default=0)
    result = models.JSONField(_("result"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        get_latest_by = "created"
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"{self.event} – {self.created:%Y-%m-%d %H:%M}"

    @property
    def gap(self) -> float:
        """How far the schedule may be from the optimum, as a share of the bound."""
        return (self.bound - self.objective) / self.bound if self.bound else 0.0


class Meeting(models.Model):
    """A published B2B meeting: an accepted request at a slot (from 0) and a table (from 0)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("event")
    )
    request = models.OneToOneField(
        MeetingRequest,
        on_delete=models.CASCADE,
        related_name="meeting",
        verbose_name=_("meeting request"),
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    run = models.ForeignKey(
        ScheduleRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("published by the run"),
    )

    class Meta:
        ordering = ["slot", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slot", "table"], name="one_meeting_per_table_and_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.slot + 1}/{self.table + 1}"

    @property
    def table_number(self) -> int:
        return self.table + 1

    @property
    def slot_number(self) -> int:
        return self.slot + 1

    @property
    def starts_at(self) -> datetime.datetime:
        return self.event.slot_start(self.slot)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.event.slot_end(self.slot)


class MeetingOutcome(models.Model):
    """What one side of a meeting says about it after the event."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meeting_outcomes",
        verbose_name=_("participant"),
    )
    happened = models.BooleanField(_("the meeting took place"))
    follow_up = models.BooleanField(_("it leads to a follow-up"), default=False)
    note = models.TextField(_("note"), max_length=MAX_REQUEST_NOTE, blank=True)
    interest = models.ForeignKey(
        "transfer.ExpressionOfInterest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("expression of interest"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="one_outcome_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.registration.person}"
