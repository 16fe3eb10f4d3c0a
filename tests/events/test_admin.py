"""The admin of events: cluster staff see and create only their own clusters' events."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.clusters.services import appoint_cluster_staff, ensure_staff_group
from ponte.events.constants import EventStatus
from ponte.events.models import Event, Registration
from ponte.transfer.constants import Confidentiality
from tests.events.conftest import make_event
from tests.factories import (
    ClusterFactory,
    InnovationNeedFactory,
    MembershipFactory,
    TechnologyOfferFactory,
    person_in,
)

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


def _filter_choices(page: Any) -> list[str]:
    changelist = page.context["cl"]
    return [
        str(choice["display"])
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]


def test_the_admin_filters_offer_staff_only_their_clusters_and_events(
    client: Client, admin_staff: User, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    cluster_c = ClusterFactory(short_name="Cluster C")
    appoint_cluster_staff(None, admin_staff, cluster_c)
    make_event(cluster_a, slug="a", title_en="Day of A")
    make_event(cluster_c, slug="c", title_en="Day of C", status=EventStatus.DRAFT)
    make_event(cluster_b, slug="b", title_en="Secret draft of B", status=EventStatus.DRAFT)
    client.force_login(admin_staff)

    for name, mine in (
        ("event", {"Cluster A", "Cluster C"}),
        ("registration", {"Day of A", "Day of C"}),
        ("schedulerun", {"Day of A", "Day of C"}),
        ("meeting", {"Day of A", "Day of C"}),
    ):
        page = client.get(reverse(f"admin:events_{name}_changelist"))
        assert page.status_code == 200, name
        choices = _filter_choices(page)
        assert mine <= set(choices), name
        assert "Cluster B" not in choices, name
        assert "Secret draft of B" not in choices, name
        assert "Secret draft of B" not in page.content.decode(), name


def test_a_registration_shows_staff_only_their_clusters_offers_and_needs(
    client: Client,
    admin_staff: User,
    superuser: User,
    event: Event,
    cluster_a: Cluster,
    cluster_b: Cluster,
) -> None:
    """The participant's organisation is in both clusters and links items of each."""
    both = MembershipFactory(cluster=cluster_a, organisation__name="Both srl").organisation
    MembershipFactory(cluster=cluster_b, organisation=both)
    person = person_in(both, username="bianca").person
    registration = Registration.objects.create(event=event, person=person, organisation=both)
    registration.offers.set(
        [
            TechnologyOfferFactory(title="Offer in A", organisation=both, cluster=cluster_a),
            TechnologyOfferFactory(
                title="Secret offer in B",
                organisation=both,
                cluster=cluster_b,
                confidentiality=Confidentiality.STAFF,
            ),
        ]
    )
    registration.needs.set(
        [InnovationNeedFactory(title="Secret need in B", organisation=both, cluster=cluster_b)]
    )
    url = reverse("admin:events_registration_change", args=[registration.pk])

    client.force_login(admin_staff)
    page = client.get(url).content.decode()
    client.force_login(superuser)
    everything = client.get(url).content.decode()

    assert "Offer in A" in page
    assert "Secret offer in B" not in page
    assert "Secret need in B" not in page
    assert "Secret offer in B" in everything and "Secret need in B" in everything


def test_staff_allowed_to_change_a_registration_keep_its_links_they_cannot_see(
    client: Client, admin_staff: User, event: Event, cluster_b: Cluster
) -> None:
    """Should the Region let staff change registrations, they would not unlink (by saving
    a form without them) the items of other clusters they are not shown."""
    admin_staff.user_permissions.add(Permission.objects.get(codename="change_registration"))
    organisation = MembershipFactory(cluster=event.cluster).organisation
    MembershipFactory(cluster=cluster_b, organisation=organisation)
    person = person_in(organisation, username="bianca").person
    registration = Registration.objects.create(
        event=event, person=person, organisation=organisation
    )
    elsewhere = TechnologyOfferFactory(organisation=organisation, cluster=cluster_b)
    registration.offers.set([elsewhere])
    url = reverse("admin:events_registration_change", args=[registration.pk])
    client.force_login(admin_staff)

    form = client.get(url).context["adminform"].form
    assert "offers" not in form.fields and "needs" not in form.fields
    response = client.post(
        url,
        {
            "event": event.pk,
            "person": person.pk,
            "organisation": organisation.pk,
            "status": registration.status,
            "registered_at_0": registration.registered_at.date().isoformat(),
            "registered_at_1": "10:00:00",
            "offers": [],
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(registration.offers.all()) == [elsewhere]
