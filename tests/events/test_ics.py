"""The iCalendar files: one VEVENT per meeting, Europe/Rome times, stable UIDs, the table
and venue as location, RFC 5545 escaping and line folding; parsed back with `icalendar`."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from ponte.accounts.models import User
from ponte.events import services
from ponte.events.constants import EventStatus
from ponte.events.ics import agenda_ics
from ponte.events.models import Event, Meeting, Registration
from ponte.events.selectors import meetings_of
from tests.events.conftest import MakeParticipant, user_of
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def publish(staff: User, event: Event, *pairs: tuple[Registration, Registration]) -> None:
    for a, b in pairs:
        request = services.request_meeting(user_of(a), a, b, note="Prodotti; prezzi, tempi")
        services.accept_request(user_of(b), request, priority=2)
    services.publish_schedule(staff, services.run_schedule(staff, event, time_limit=2))


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def by_uid(client: Client, url: str) -> dict[str, Any]:
    """The VEVENTs of the calendar file at `url`, by UID."""
    return {str(v["uid"]): v for v in parse(client.get(url).content).walk("VEVENT")}


def annas_calendar(join: MakeParticipant, event: Event, staff: User) -> tuple[Client, str]:
    """Anna, with meetings published with Bruno and Carla, logged in; her calendar's URL."""
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    publish(staff, event, (anna, bruno), (anna, carla))
    client = Client()
    client.force_login(user_of(anna))
    return client, reverse("events:agenda_ics", args=[event.slug])


def test_a_personal_agenda_has_one_event_per_meeting_in_rome_time(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    publish(staff_user, event, (anna, bruno), (anna, carla))

    calendar = parse(agenda_ics(anna, meetings_of(anna)))

    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 2
    by_partner = {str(v["summary"]): v for v in vevents}
    meeting = Meeting.objects.get(request__recipient=bruno)
    vevent = next(v for s, v in by_partner.items() if "Bruno" in s)
    start = vevent.decoded("dtstart")
    assert start.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    assert start == datetime.datetime.combine(event.date, datetime.time(10, 0), ROME) + (
        datetime.timedelta(minutes=20 * meeting.slot)
    )
    assert vevent.decoded("dtend") - start == datetime.timedelta(minutes=20)
    assert str(vevent["location"]) == f"Table {meeting.table + 1} – La Pista"
    assert vevent["dtstart"].params["TZID"] == "Europe/Rome"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Rome"


def test_uids_stay_the_same_when_the_schedule_is_published_again(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno")
    publish(staff_user, event, (anna, bruno))
    first = [str(v["uid"]) for v in parse(agenda_ics(anna, meetings_of(anna))).walk("VEVENT")]

    Meeting.objects.all().delete()
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    again = [str(v["uid"]) for v in parse(agenda_ics(anna, meetings_of(anna))).walk("VEVENT")]
    assert first == again and len(first) == 1


def test_the_file_is_escaped_and_folded_as_rfc_5545_requires(
    join: MakeParticipant, event: Event, staff_user: User, cluster_a: object
) -> None:
    awkward = OrganisationFactory(
        name="Rossi, Bianchi & C.; Laboratorio di cosmetologia applicata e analisi sensoriale srl"
    )
    anna = join("anna")
    bruno = join("bruno", organisation=awkward)
    publish(staff_user, event, (anna, bruno))

    content = agenda_ics(anna, meetings_of(anna))

    lines = content.split(b"\r\n")
    assert content.endswith(b"\r\n") and all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    unfolded = content.replace(b"\r\n ", b"")
    assert b"Rossi\\, Bianchi & C.\\; Laboratorio" in unfolded
    summary = str(parse(content).walk("VEVENT")[0]["summary"])
    assert awkward.name in summary


def test_participants_download_their_own_agenda_file(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno")
    publish(staff_user, event, (anna, bruno))
    client.force_login(user_of(anna))

    response = client.get(reverse("events:agenda_ics", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert len(parse(response.content).walk("VEVENT")) == 1


def test_only_staff_download_the_event_wide_file(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla, dario = join("anna"), join("bruno"), join("carla"), join("dario")
    publish(staff_user, event, (anna, bruno), (carla, dario))
    url = reverse("events:event_ics", args=[event.slug])

    client.force_login(user_of(anna))
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    response = client.get(url)

    vevents = parse(response.content).walk("VEVENT")
    assert len(vevents) == 2
    assert len({str(v["uid"]) for v in vevents}) == 2


def test_a_meeting_called_off_after_publication_comes_back_cancelled_under_the_same_uid(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    client, url = annas_calendar(join, event, staff_user)
    before = by_uid(client, url)
    with_carla = Meeting.objects.get(request__recipient__person__first_name="Carla")
    carla_uid = next(uid for uid, v in before.items() if "Carla" in str(v["summary"]))

    services.withdraw_request(user_of(with_carla.request.recipient), with_carla.request)

    # Downloaded before the staff publish again: already cancelled, and newer than the copy.
    meanwhile = by_uid(client, url)
    assert str(meanwhile[carla_uid]["status"]) == "CANCELLED"
    assert int(meanwhile[carla_uid]["sequence"]) > int(before[carla_uid]["sequence"])

    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    after = by_uid(client, url)
    assert set(after) == set(before)
    cancelled = after[carla_uid]
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled.decoded("dtstart") == before[carla_uid].decoded("dtstart")
    assert int(cancelled["sequence"]) > int(after[next(iter(set(after) - {carla_uid}))]["sequence"])
    still = next(v for uid, v in after.items() if uid != carla_uid)
    assert "status" not in still and "Bruno" in str(still["summary"])

    staff = Client()
    staff.force_login(staff_user)
    staff_file = parse(staff.get(reverse("events:event_ics", args=[event.slug])).content)
    statuses = sorted(str(v.get("status", "")) for v in staff_file.walk("VEVENT"))
    assert statuses == ["", "CANCELLED"]


def test_a_cancelled_events_meetings_come_back_cancelled_and_newer(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    """Calendars that imported the agenda take the meetings off the day: same UIDs, STATUS
    CANCELLED, a higher SEQUENCE than the copy they hold; the staff's file too."""
    client, url = annas_calendar(join, event, staff_user)
    before = by_uid(client, url)

    event.status = EventStatus.CANCELLED
    event.save()

    after = by_uid(client, url)
    assert set(after) == set(before) and len(after) == 2
    for uid, vevent in after.items():
        assert str(vevent["status"]) == "CANCELLED"
        assert int(vevent["sequence"]) > int(before[uid]["sequence"])
        assert vevent.decoded("dtstart") == before[uid].decoded("dtstart")
    staff = Client()
    staff.force_login(staff_user)
    staff_file = parse(staff.get(reverse("events:event_ics", args=[event.slug])).content)
    assert [str(v["status"]) for v in staff_file.walk("VEVENT")] == ["CANCELLED"] * 2


def test_whoever_cancels_keeps_a_calendar_that_calls_their_meetings_off(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    client, url = annas_calendar(join, event, staff_user)
    before = by_uid(client, url)
    anna = Registration.objects.get(event=event, person__first_name="Anna")

    services.cancel_registration(user_of(anna), anna)

    response = client.get(url)
    assert response.status_code == 200
    after = by_uid(client, url)
    assert set(after) == set(before) and len(after) == 2
    for uid, vevent in after.items():
        assert str(vevent["status"]) == "CANCELLED"
        assert int(vevent["sequence"]) > int(before[uid]["sequence"])
    assert client.get(reverse("events:agenda", args=[event.slug])).status_code == 404


def test_a_reinstated_events_meetings_are_newer_than_their_cancellation(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    """Cancelled, then published again by the staff: calendars took the meetings off the
    day; the files now carry them with a SEQUENCE above the cancellation, so they come back."""
    client, url = annas_calendar(join, event, staff_user)
    before = by_uid(client, url)
    event.status = EventStatus.CANCELLED
    services.save_event(staff_user, event)
    cancelled = by_uid(client, url)
    event.status = EventStatus.PUBLISHED
    services.save_event(staff_user, event)
    back = by_uid(client, url)

    for uid in before:
        assert str(cancelled[uid]["status"]) == "CANCELLED" and "status" not in back[uid]
        assert (
            int(before[uid]["sequence"])
            < int(cancelled[uid]["sequence"])
            < int(back[uid]["sequence"])
        )
