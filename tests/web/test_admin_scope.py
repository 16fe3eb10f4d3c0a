"""The admin serves cluster staff, but only for their own clusters' records."""

from __future__ import annotations

import pytest
from django.test import Client

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
