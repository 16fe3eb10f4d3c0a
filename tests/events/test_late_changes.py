"""Late changes that must not rewrite history: once the event has started or is over,
cancelling and withdrawing keep the meetings held and their outcomes, publishing never moves
a meeting whose outcome is recorded, and a schedule computed before the participants'
availability changed is not published."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import AuditLog, User
from ponte.events import services
from ponte.events.constants import EventStatus, RegistrationStatus
from ponte.events.models import Event, Meeting, MeetingOutcome, Registration, ScheduleRun
from tests.events.conftest import MakeParticipant, user_of

pytestmark = pytest.mark.django_db


def after_the_event(event: Event) -> datetime.datetime:
    return event.ends_at + datetime.timedelta(days=1)


def test_withdrawing_a_held_meeting_after_the_event_is_refused_and_keeps_its_outcome(
    meeting: Meeting,
) -> None:
    anna = meeting.request.requester
    with time_machine.travel(after_the_event(meeting.event), tick=False):
        services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        with pytest.raises(ValidationError):
            services.withdraw_request(user_of(anna), meeting.request)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert MeetingOutcome.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("moment", ["during", "after"])
def test_a_registration_cannot_be_cancelled_once_the_event_has_started(
    meeting: Meeting, join: MakeParticipant, staff_user: User, moment: str
) -> None:
    event = meeting.event
    event.capacity = 2
    event.save()
    waiting = join("carla", status=RegistrationStatus.WAITING)
    anna = meeting.request.requester
    when = event.starts_at + datetime.timedelta(hours=1)
    if moment == "after":
        when = after_the_event(event)
    with time_machine.travel(when, tick=False):
        for user in (user_of(anna), staff_user):
            with pytest.raises(ValidationError):
                services.cancel_registration(user, anna)
    anna.refresh_from_db()
    waiting.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED
    assert waiting.status == RegistrationStatus.WAITING  # no place offered after the start
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_cancelling_from_the_page_after_the_event_shows_why(meeting: Meeting) -> None:
    anna = meeting.request.requester
    client = Client()
    with time_machine.travel(after_the_event(meeting.event), tick=False):
        client.force_login(user_of(anna))
        response = client.post(reverse("events:cancel", args=[meeting.event.slug]), follow=True)
    assert response.status_code == 200
    assert "can no longer be cancelled" in response.content.decode()
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.CONFIRMED


def test_a_schedule_that_would_move_a_meeting_with_a_recorded_outcome_is_not_published(
    meeting: Meeting, staff_user: User
) -> None:
    event, anna, bruno = meeting.event, meeting.request.requester, meeting.request.recipient
    with time_machine.travel(after_the_event(event), tick=False):
        services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        services.set_availability(
            user_of(bruno), bruno, [s for s in event.meeting_slots if s != meeting.slot]
        )
        run = services.run_schedule(staff_user, event, time_limit=2, keep_published=False)
        assert run.result["meetings"][0]["slot"] != meeting.slot
        with pytest.raises(ValidationError):
            services.publish_schedule(staff_user, run)
    assert Meeting.objects.get().pk == meeting.pk
    assert MeetingOutcome.objects.filter(meeting=meeting).exists()


def test_a_run_is_published_once_even_from_two_copies_loaded_before_either_click(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Conservanti")
    services.accept_request(user_of(bruno), request, priority=2)
    run = services.run_schedule(staff_user, event, time_limit=2)
    first_click, second_click = (ScheduleRun.objects.get(pk=run.pk) for _ in range(2))

    services.publish_schedule(staff_user, first_click)
    with pytest.raises(ValidationError):
        services.publish_schedule(staff_user, second_click)

    assert AuditLog.objects.filter(action="event.schedule_published").count() == 1


def test_a_run_made_before_a_request_was_accepted_is_not_published(
    meeting: Meeting, join: MakeParticipant, staff_user: User
) -> None:
    """From a second tab: an older run left out a request accepted since; publishing it would
    drop that meeting, published by a later run, without anyone deciding it."""
    event = meeting.event
    older = services.run_schedule(staff_user, event, time_limit=2)
    carla, anna = join("carla"), meeting.request.requester
    late = services.request_meeting(user_of(carla), carla, anna, note="Tardi")
    services.accept_request(user_of(anna), late, priority=2)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    assert Meeting.objects.filter(request=late).exists()

    with pytest.raises(ValidationError, match="run the scheduler again"):
        services.publish_schedule(staff_user, older)
    assert Meeting.objects.filter(request=late).exists()


def test_a_run_made_before_an_availability_change_is_not_published(
    meeting: Meeting, staff_user: User
) -> None:
    """The requests are the same, but one side can no longer attend the run's slot."""
    event = meeting.event
    run = services.run_schedule(staff_user, event, time_limit=2, keep_published=False)
    (placed,) = run.result["meetings"]
    bruno = meeting.request.recipient
    services.set_availability(
        user_of(bruno), bruno, [s for s in event.meeting_slots if s != placed["slot"]]
    )
    with pytest.raises(ValidationError):
        services.publish_schedule(staff_user, run)
    fresh = services.run_schedule(staff_user, event, time_limit=2)
    services.publish_schedule(staff_user, fresh)
    (kept,) = Meeting.objects.all()
    assert kept.slot != placed["slot"]


@pytest.mark.parametrize(
    ("fields", "culprit"),
    [
        ({"b2b_start": datetime.time(17, 0), "b2b_slots": 6}, "b2b_slots"),  # until 19:00
        ({"b2b_start": datetime.time(17, 0), "b2b_slots": 48, "meeting_minutes": 120}, "b2b_slots"),
        (
            {"b2b_start": datetime.time(16, 0), "b2b_slots": None, "b2b_end": datetime.time(20, 0)},
            "b2b_end",
        ),
        ({"b2b_start": datetime.time(8, 0)}, "b2b_start"),
    ],
)
def test_the_b2b_session_must_fit_in_the_events_hours(
    event: Event, fields: dict[str, object], culprit: str
) -> None:
    """Otherwise agendas and calendars show meetings after the event (even days later), when
    requests are already closed and nobody is there."""
    for name, value in fields.items():
        setattr(event, name, value)
    event.break_slots = []
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert culprit in error.value.message_dict


def test_a_b2b_session_ending_with_the_event_is_valid(event: Event) -> None:
    event.b2b_start, event.b2b_slots, event.end_time = (
        datetime.time(16, 0),
        6,
        datetime.time(18, 0),
    )
    event.full_clean()


def test_a_meeting_that_has_begun_cannot_be_called_off_during_the_event(
    meeting: Meeting,
) -> None:
    anna, bruno = meeting.request.requester, meeting.request.recipient
    a_minute_in = meeting.starts_at + datetime.timedelta(minutes=1)
    with time_machine.travel(a_minute_in, tick=False):
        services.record_outcome(user_of(anna), meeting, happened=True, follow_up=False)
        with pytest.raises(ValidationError, match="already started"):
            services.withdraw_request(user_of(bruno), meeting.request)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert MeetingOutcome.objects.filter(meeting=meeting).count() == 1


def test_a_meeting_that_has_begun_cannot_be_called_off_even_before_anything_is_recorded(
    meeting: Meeting,
) -> None:
    a_minute_in = meeting.starts_at + datetime.timedelta(minutes=1)
    with (
        time_machine.travel(a_minute_in, tick=False),
        pytest.raises(ValidationError, match="already started"),
    ):
        services.withdraw_request(user_of(meeting.request.recipient), meeting.request)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_later_meeting_can_still_be_called_off_during_the_event(meeting: Meeting) -> None:
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=5), tick=False):
        services.withdraw_request(user_of(meeting.request.recipient), meeting.request)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_cancelled_event_is_neither_scheduled_published_nor_checked_in(
    meeting: Meeting, staff_user: User
) -> None:
    event = meeting.event
    run = services.run_schedule(staff_user, event, time_limit=2)
    event.status = EventStatus.CANCELLED
    event.save()

    for action in (
        lambda: services.run_schedule(staff_user, event, time_limit=2),
        lambda: services.publish_schedule(staff_user, run),
        lambda: services.check_in(staff_user, meeting.request.requester),
    ):
        with pytest.raises(ValidationError, match="cancelled"):
            action()
    client = Client()
    client.force_login(staff_user)
    response = client.post(
        reverse("events:schedule_run", args=[event.slug]), {"time_limit": 2}, follow=True
    )
    assert response.status_code == 200
    assert "cancelled" in " ".join(str(m) for m in response.context["messages"])
