"""The demo's upcoming sample event: always ahead of the day the demo is loaded, registration
open, so the demo SME can register and request meetings through the real pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.demo.loader import UPCOMING_SLUG, load_demo
from ponte.events.constants import RegistrationStatus, RequestStatus
from ponte.events.models import Event, MeetingRequest, Registration

pytestmark = pytest.mark.django_db
PASSWORD = "ponte-demo-2026"


@time_machine.travel(datetime.datetime(2027, 3, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_upcoming_event_follows_the_day_the_demo_is_loaded() -> None:
    load_demo()
    event = Event.objects.get(slug=UPCOMING_SLUG)
    today = timezone.localdate()

    assert event.date > today + datetime.timedelta(days=40)
    assert event.date.weekday() == 1
    assert event.registration_opens < timezone.now() < event.registration_closes
    assert event.is_sample and event.registrations.count() == 24
    assert not event.registrations.filter(person__user__username="pmi").exists()
    assert event.meeting_requests.filter(status=RequestStatus.PENDING).exists()
    assert all(r.created <= timezone.now() for r in event.meeting_requests.all())


def test_loading_twice_changes_nothing_for_the_upcoming_event() -> None:
    load_demo()
    rows = sorted(
        MeetingRequest.objects.filter(event__slug=UPCOMING_SLUG).values_list("pk", "status")
    )
    load_demo()
    assert Event.objects.filter(slug=UPCOMING_SLUG).count() == 1
    assert (
        sorted(MeetingRequest.objects.filter(event__slug=UPCOMING_SLUG).values_list("pk", "status"))
        == rows
    )


def test_the_demo_sme_registers_and_requests_a_meeting_with_the_researcher() -> None:
    load_demo()
    event = Event.objects.get(slug=UPCOMING_SLUG)
    researcher = event.registrations.get(person__user__username="ricercatrice")
    pmi = Client()
    assert pmi.login(username="pmi", password=PASSWORD)

    form = pmi.get(reverse("events:register", args=[event.slug]))
    organisation = form.context["form"].fields["organisation"].queryset.get()
    pmi.post(
        reverse("events:register", args=[event.slug]),
        {
            "organisation": organisation.pk,
            "offering": "Produzione conto terzi di creme e sieri.",
            "looking_for": "Laboratori per test di stabilità.",
        },
    )
    mine = Registration.objects.get(event=event, person__user__username="pmi")
    pmi.post(
        reverse("events:request_meeting", args=[event.slug, researcher.pk]),
        {"note": "Possiamo parlare di un test di stabilità?", "priority": 2},
    )

    assert form.status_code == 200 and mine.status == RegistrationStatus.CONFIRMED
    sent = MeetingRequest.objects.get(requester=mine, recipient=researcher)
    assert sent.status == RequestStatus.PENDING
