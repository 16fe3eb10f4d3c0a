"""The demo's Lainate event: published, sample participants with requests and availability,
not yet scheduled; the demo staff schedule it from the page. Loading twice changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ponte.demo.loader import LAINATE_SLUG, load_demo
from ponte.events.constants import EventStatus, RequestStatus
from ponte.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun

pytestmark = pytest.mark.django_db
PASSWORD = "ponte-demo-2026"


def test_the_demo_loads_the_lainate_event_ready_to_schedule() -> None:
    load_demo()
    event = Event.objects.get(slug=LAINATE_SLUG)
    requests = sorted(
        MeetingRequest.objects.filter(event=event).values_list("pk", "status", "requester_priority")
    )
    registrations = event.registrations.count()

    load_demo()

    assert (event.date, event.venue, event.status) == (
        datetime.date(2026, 2, 24),
        "La Pista",
        EventStatus.PUBLISHED,
    )
    assert "Lainate" in event.address and event.title_it == "L'innovazione per le PMI"
    assert event.cluster.slug == "cosmetica"
    assert (event.slot_count, event.meeting_minutes, event.b2b_tables) == (16, 20, 10)
    assert len(event.breaks) == 1
    assert registrations == event.registrations.count() == 40
    assert (
        sorted(
            MeetingRequest.objects.filter(event=event).values_list(
                "pk", "status", "requester_priority"
            )
        )
        == requests
    )
    statuses = set(MeetingRequest.objects.filter(event=event).values_list("status", flat=True))
    assert {RequestStatus.ACCEPTED, RequestStatus.PENDING, RequestStatus.DECLINED} <= statuses
    assert event.registrations.exclude(available_slots=None).exists()
    assert not Meeting.objects.exists() and not ScheduleRun.objects.exists()
    for registration in Registration.objects.select_related("person", "organisation"):
        assert registration.person.is_sample and registration.organisation.is_sample


def test_the_demo_staff_schedule_the_lainate_event_from_its_page() -> None:
    load_demo()
    event = Event.objects.get(slug=LAINATE_SLUG)
    client = Client()
    client.login(username="staff", password=PASSWORD)

    page = client.get(reverse("events:schedule", args=[event.slug]))
    client.post(reverse("events:schedule_run", args=[event.slug]), {"time_limit": 10})
    run = ScheduleRun.objects.get()
    client.post(reverse("events:schedule_publish", args=[event.slug, run.pk]))

    assert page.status_code == 200 and page.context["accepted"] == run.accepted > 50
    assert run.scheduled >= 0.9 * run.accepted
    assert Meeting.objects.count() == run.scheduled
    pmi = Client()
    pmi.login(username="pmi", password=PASSWORD)
    agenda = pmi.get(reverse("events:agenda", args=[event.slug]))
    assert agenda.status_code == 200 and agenda.context["meetings"] > 0
