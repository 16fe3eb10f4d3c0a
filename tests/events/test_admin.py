"""The admin of events: cluster staff see and create only their own clusters' events."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.clusters.services import ensure_staff_group
from ponte.events.models import Event
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff(staff_user: User) -> User:
    staff_user.is_staff = True
    staff_user.save()
    staff_user.groups.add(ensure_staff_group())
    return staff_user


def test_staff_see_only_their_clusters_events_in_the_admin(
    client: Client, admin_staff: User, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    mine = make_event(cluster_a, slug="mine")
    make_event(cluster_b, slug="theirs")
    client.force_login(admin_staff)

    listing = client.get(reverse("admin:events_event_changelist"))
    add = client.get(reverse("admin:events_event_add"))

    assert [e.pk for e in listing.context["cl"].result_list] == [mine.pk]
    assert list(add.context["adminform"].form.fields["cluster"].queryset) == [cluster_a]


def test_staff_create_an_event_through_the_admin(
    client: Client, admin_staff: User, cluster_a: Cluster
) -> None:
    client.force_login(admin_staff)

    response = client.post(
        reverse("admin:events_event_add"),
        {
            "cluster": cluster_a.pk,
            "slug": "giornata",
            "title_it": "Giornata",
            "status": "draft",
            "date": "2030-03-01",
            "start_time": "09:00",
            "end_time": "13:00",
            "venue": "La Pista",
            "meeting_minutes": 20,
            "b2b_start": "10:00",
            "b2b_end": "12:00",
            "break_slots": "[3]",
            "b2b_tables": 4,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="giornata")
    assert event.slot_count == 6 and event.meeting_slots == [0, 1, 3, 4, 5]
