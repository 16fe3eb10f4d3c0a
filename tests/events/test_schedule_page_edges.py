"""The staff scheduling page on the awkward events: nothing to schedule, nobody available,
more accepted requests than tables; then the room plan, agendas and .ics of what it found."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.events import services
from ponte.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun
from tests.events.conftest import MakeParticipant, user_of

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def url(name: str, event: Event, *args: object) -> str:
    return reverse(f"events:{name}", args=[event.slug, *args])


def accepted(a: Registration, b: Registration, priority: int = 1) -> MeetingRequest:
    request = services.request_meeting(user_of(a), a, b, note="Parliamone")
    return services.accept_request(user_of(b), request, priority=priority)


def run_from_page(client: Client, event: Event, staff_user: User) -> ScheduleRun:
    client.force_login(staff_user)
    response = client.post(url("schedule_run", event), {"time_limit": 5, "keep_published": "on"})
    assert response.status_code in (200, 302)
    page = client.get(url("schedule", event))
    assert page.status_code == 200
    return ScheduleRun.objects.latest("pk")


def test_an_event_without_accepted_requests_schedules_nothing_and_says_so(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno")
    services.request_meeting(user_of(anna), anna, bruno, note="In attesa")  # never accepted

    run = run_from_page(client, event, staff_user)
    published = client.post(url("schedule_publish", event, run.pk))
    plan = client.get(url("room_plan", event))

    assert (run.accepted, run.scheduled, run.objective, run.bound) == (0, 0, 0, 0)
    assert run.status == "optimal"
    assert published.status_code == 302 and not Meeting.objects.exists()
    assert plan.status_code == 200


def test_participants_available_in_no_slot_leave_their_requests_unscheduled_with_a_reason(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna", available_slots=[]), join("bruno", available_slots=[])
    request = accepted(anna, bruno)

    run = run_from_page(client, event, staff_user)
    page = client.get(url("schedule", event))

    assert (run.accepted, run.scheduled, run.objective, run.bound) == (1, 0, 0, 0)
    assert run.result["unscheduled"] == {str(request.pk): "no_common_slot"}
    assert page.status_code == 200


def test_more_accepted_requests_than_tables_fill_every_table_and_no_more(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    # Six slots, one a break, two tables: ten meetings at most; 8 people all want each other.
    people = [join(f"p{i}") for i in range(8)]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            accepted(a, b, priority=1 + (i % 3))

    run = run_from_page(client, event, staff_user)
    client.post(url("schedule_publish", event, run.pk))
    plan = client.get(url("room_plan", event))

    assert run.accepted == 28 and run.scheduled == 10
    assert run.bound >= run.objective
    cells = [c for _s, _t, _b, row in plan.context["plan"] for c in row if c]
    assert len(cells) == 10 == Meeting.objects.count()
    slots = list(Meeting.objects.values_list("slot", "table"))
    assert len(set(slots)) == 10 and all(s != 3 for s, _t in slots)  # break: slot index 3
    busy = [
        (m.slot, reg)
        for m in Meeting.objects.select_related("request")
        for reg in (m.request.requester_id, m.request.recipient_id)
    ]
    assert len(busy) == len(set(busy))


def test_the_ics_file_parses_and_gives_rome_times_matching_the_slots(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno", available_slots=[5])
    accepted(anna, bruno)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    meeting = Meeting.objects.get()

    client.force_login(user_of(anna))
    response = client.get(url("agenda_ics", event))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert len(events) == 1 and meeting.slot == 5
    start = events[0].decoded("DTSTART")
    end = events[0].decoded("DTEND")
    b2b_start = datetime.datetime.combine(event.date, event.b2b_start, tzinfo=ROME)
    assert start.astimezone(ROME) == b2b_start + datetime.timedelta(minutes=20 * 5)
    assert end - start == datetime.timedelta(minutes=20)
    assert start.utcoffset() == b2b_start.utcoffset()
