"""An event with B2B meetings in cluster A, and a helper to add participants to it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.events import services
from ponte.events.constants import EventStatus, RegistrationStatus
from ponte.events.models import Event, Meeting, Registration
from ponte.members.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, person_in

MakeParticipant = Callable[..., Registration]


def make_event(cluster: Cluster, **fields: Any) -> Event:
    """A published event a month from now: six 20-minute slots from 10:00 (the fourth a
    break), two tables, no capacity limit."""
    values: dict[str, Any] = {
        "cluster": cluster,
        "slug": "b2b-day",
        "title_it": "Giornata B2B",
        "title_en": "B2B day",
        "date": timezone.localdate() + datetime.timedelta(days=30),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(18, 0),
        "venue": "La Pista",
        "address": "Lainate (MI)",
        "status": EventStatus.PUBLISHED,
        "meeting_minutes": 20,
        "b2b_start": datetime.time(10, 0),
        "b2b_slots": 6,
        "break_slots": [4],
        "b2b_tables": 2,
    }
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture
def event(cluster_a: Cluster) -> Event:
    return make_event(cluster_a)


@pytest.fixture
def join(event: Event, cluster_a: Cluster) -> MakeParticipant:
    """`join("anna")`: a user of a new member organisation, registered for the event."""

    def make(
        username: str,
        *,
        organisation: Organisation | None = None,
        status: str = RegistrationStatus.CONFIRMED,
        on: Event | None = None,
        **fields: Any,
    ) -> Registration:
        if organisation is None:
            organisation = OrganisationFactory(name=f"{username.capitalize()} srl")
            MembershipFactory(organisation=organisation, cluster=cluster_a)
        user = person_in(organisation, username=username, first_name=username.capitalize())
        return Registration.objects.create(
            event=on or event,
            person=user.person,
            organisation=organisation,
            status=status,
            **fields,
        )

    return make


def user_of(registration: Registration) -> User:
    user = registration.person.user
    assert user is not None
    return user


@pytest.fixture
def meeting(join: MakeParticipant, event: Event, staff_user: User) -> Meeting:
    """One published meeting between two participants, anna (requester) and bruno."""
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Conservanti")
    services.accept_request(user_of(bruno), request, priority=2)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    return Meeting.objects.select_related("request__requester", "request__recipient").get()
