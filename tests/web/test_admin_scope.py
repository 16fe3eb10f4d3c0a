"""The admin serves cluster staff, but only for their own clusters' records."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.clusters.services import STAFF_GROUP, appoint_cluster_staff
from ponte.members.models import Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(cluster_a: Cluster) -> Client:
    user = UserFactory(username="cluster-a-staff")
    appoint_cluster_staff(None, user, cluster_a)
    client = Client()
    client.force_login(user)
    return client


def test_appointed_staff_get_admin_access_and_the_staff_group(cluster_a: Cluster) -> None:
    user = UserFactory()
    appoint_cluster_staff(None, user, cluster_a)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=STAFF_GROUP).exists()
    assert user.has_perm("members.change_organisation")
    assert not user.has_perm("accounts.change_user")


def test_staff_admin_lists_only_organisations_of_their_cluster(
    staff_client: Client, member_org: Organisation, other_member_org: Organisation
) -> None:
    response = staff_client.get("/admin/members/organisation/")
    assert response.status_code == 200
    assert member_org.name in response.content.decode()
    assert other_member_org.name not in response.content.decode()


def test_staff_cannot_open_another_clusters_organisation_in_the_admin(
    staff_client: Client, other_member_org: Organisation
) -> None:
    response = staff_client.get(f"/admin/members/organisation/{other_member_org.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    response = staff_client.get(
        f"/admin/members/organisation/{other_member_org.pk}/change/", follow=True
    )
    assert other_member_org.name not in response.content.decode().split("<title>")[0]


def test_staff_can_edit_their_clusters_organisation_in_the_admin(
    staff_client: Client, member_org: Organisation
) -> None:
    response = staff_client.get(f"/admin/members/organisation/{member_org.pk}/change/")
    assert response.status_code == 200


def test_staff_cannot_change_recognition_history(staff_client: Client, cluster_a: Cluster) -> None:
    assert staff_client.get("/admin/clusters/recognitionevent/add/").status_code == 403


def test_staff_do_not_see_the_user_admin(staff_client: Client) -> None:
    assert staff_client.get("/admin/accounts/user/").status_code == 403


def test_staff_cannot_move_a_membership_to_another_cluster(
    staff_client: Client, member_org: Organisation, cluster_b: Cluster
) -> None:
    membership = member_org.memberships.get()
    page = staff_client.get(f"/admin/members/membership/{membership.pk}/change/")
    assert page.status_code == 200
    assert 'name="cluster"' not in page.content.decode()
    staff_client.post(
        f"/admin/members/membership/{membership.pk}/change/",
        {"cluster": cluster_b.pk, "role": "founding_member", "organisation": member_org.pk},
    )
    membership.refresh_from_db()
    assert membership.cluster_id != cluster_b.pk
    assert membership.role != "founding_member"


def test_staff_cannot_affiliate_someone_to_another_clusters_organisation(
    staff_client: Client, member_user: User, other_member_org: Organisation
) -> None:
    from ponte.members.models import Affiliation

    response = staff_client.post(
        "/admin/members/affiliation/add/",
        {
            "person": member_user.person.pk,
            "organisation": other_member_org.pk,
            "can_manage": "on",
            "is_primary": "on",
        },
    )
    assert response.status_code == 200  # the form is shown again with an invalid choice
    assert (
        not Affiliation.objects.filter(organisation=other_member_org, can_manage=True)
        .exclude(person__user__username="other-member")
        .exists()
    )


def test_staff_cannot_seat_someone_on_another_clusters_board(
    staff_client: Client, member_user: User, member_org: Organisation, cluster_b: Cluster
) -> None:
    response = staff_client.post(
        "/admin/clusters/boardseat/add/",
        {
            "cluster": cluster_b.pk,
            "person": member_user.person.pk,
            "organisation": member_org.pk,
            "constituency": "industry",
            "role": "member",
            "start": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not cluster_b.board_seats.exists()


def test_staff_do_not_see_other_clusters_evidence(
    staff_client: Client, member_org: Organisation, other_member_org: Organisation
) -> None:
    from ponte.competences.models import Evidence

    Evidence.objects.create(kind="patent", title="Brevetto A visibile", organisation=member_org)
    Evidence.objects.create(
        kind="patent", title="Brevetto B nascosto", organisation=other_member_org
    )
    page = staff_client.get("/admin/competences/evidence/").content.decode()
    assert "Brevetto A visibile" in page
    assert "Brevetto B nascosto" not in page
