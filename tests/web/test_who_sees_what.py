"""Who may see what on the member and cluster pages, role by role, through the test client:
visitors, members, an organisation's own people, its cluster's staff, another cluster's staff,
regional officers and superusers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation, Person
from ponte.transfer.constants import Confidentiality, ItemStatus
from tests.factories import (
    InnovationNeedFactory,
    MembershipFactory,
    PersonFactory,
    TechnologyOfferFactory,
    UserFactory,
    person_in,
    today,
)
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(
    member_user: User,
    other_member_user: User,
    applicant_user: User,
    staff_user: User,
    other_staff_user: User,
    regional_officer: User,
    superuser: User,
) -> dict[str, User | None]:
    return {
        "visitor": None,
        "member of A": member_user,
        "member of B": other_member_user,
        "applicant": applicant_user,
        "staff of A": staff_user,
        "staff of B": other_staff_user,
        "regional officer": regional_officer,
        "superuser": superuser,
    }


APPLICANT_PROFILE_SEEN_BY = {"applicant", "staff of A", "superuser"}


def test_an_applicants_profile_is_seen_only_by_its_people_and_its_clusters_staff(
    roles: dict[str, User | None], applicant_org: Organisation
) -> None:
    url = applicant_org.get_absolute_url()
    for role, user in roles.items():
        expected = 200 if role in APPLICANT_PROFILE_SEEN_BY else 404
        assert client_for(user).get(url).status_code == expected, role


def test_the_directory_lists_an_applicant_only_for_those_who_may_see_it(
    roles: dict[str, User | None], applicant_org: Organisation
) -> None:
    for role, user in roles.items():
        response = client_for(user).get(reverse("members:organisations"), {"q": "Organisation"})
        listed = applicant_org in response.context["filter"].qs
        assert listed is (role in APPLICANT_PROFILE_SEEN_BY), role
        searched = client_for(user).get(reverse("members:organisations"), {"q": applicant_org.name})
        assert (applicant_org.get_absolute_url() in searched.content.decode()) is (
            role in APPLICANT_PROFILE_SEEN_BY
        ), role


@pytest.mark.parametrize("status", [MembershipStatus.REJECTED, MembershipStatus.UNDER_REVIEW])
def test_a_rejected_or_reviewed_applicant_stays_hidden_from_visitors_and_members(
    cluster_a: Cluster, member_user: User, staff_user: User, status: str
) -> None:
    organisation = MembershipFactory(cluster=cluster_a, status=status).organisation
    url = organisation.get_absolute_url()
    assert client_for().get(url).status_code == 404
    assert client_for(member_user).get(url).status_code == 404
    assert client_for(staff_user).get(url).status_code == 200


def test_a_suspended_member_is_still_a_directory_entry_but_not_a_listed_member(
    cluster_a: Cluster,
) -> None:
    organisation = MembershipFactory(
        cluster=cluster_a, status=MembershipStatus.SUSPENDED
    ).organisation
    assert client_for().get(organisation.get_absolute_url()).status_code == 200
    page = client_for().get(cluster_a.get_absolute_url())
    assert organisation.name not in page.content.decode()


def test_a_private_person_is_seen_by_members_and_themselves_only(
    roles: dict[str, User | None], member_org: Organisation
) -> None:
    private = PersonFactory(is_public=False, last_name="Riservata")
    url = private.get_absolute_url()
    seen_by = {"member of A", "member of B", "staff of A", "staff of B", "regional officer"}
    seen_by.add("superuser")
    for role, user in roles.items():
        expected = 200 if role in seen_by else 404
        assert client_for(user).get(url).status_code == expected, role


def test_an_applicant_sees_their_own_private_profile_but_no_one_elses(
    applicant_user: User,
) -> None:
    own = Person.objects.get(user=applicant_user)
    Person.objects.filter(pk=own.pk).update(is_public=False)
    stranger = PersonFactory(is_public=False)
    client = client_for(applicant_user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(stranger.get_absolute_url()).status_code == 404


def test_a_public_person_does_not_reveal_an_applicant_employer(
    applicant_org: Organisation, applicant_user: User
) -> None:
    person = Person.objects.get(user=applicant_user)
    Person.objects.filter(pk=person.pk).update(is_public=True)
    page = client_for().get(person.get_absolute_url()).content.decode()
    assert applicant_org.name not in page


def test_the_organisation_page_names_private_people_to_members_only(
    member_org: Organisation, member_user: User, other_member_user: User
) -> None:
    private = PersonFactory(is_public=False, last_name="Nascosta")
    from tests.factories import AffiliationFactory

    AffiliationFactory(person=private, organisation=member_org)
    url = member_org.get_absolute_url()
    assert "Nascosta" not in client_for().get(url).content.decode()
    assert "Nascosta" in client_for(other_member_user).get(url).content.decode()


def test_memberships_under_review_show_only_to_the_organisation_and_its_clusters_staff(
    member_org: Organisation,
    member_user: User,
    cluster_b: Cluster,
    staff_user: User,
    other_staff_user: User,
) -> None:
    """member_org is active in A and applies to B: B's staff and its managers see the
    application; visitors and A's staff see only the active membership."""
    MembershipFactory(organisation=member_org, cluster=cluster_b, status=MembershipStatus.APPLIED)
    url = member_org.get_absolute_url()
    for user, sees in (
        (None, False),
        (staff_user, False),
        (other_staff_user, True),
        (member_user, True),
    ):
        memberships = client_for(user).get(url).context["memberships"]
        assert (cluster_b.pk in {m.cluster_id for m in memberships}) is sees, user


def _items(cluster: Cluster, organisation: Organisation) -> None:
    for level in Confidentiality:
        TechnologyOfferFactory(cluster=cluster, organisation=organisation, confidentiality=level)
        InnovationNeedFactory(cluster=cluster, organisation=organisation, confidentiality=level)
    TechnologyOfferFactory(cluster=cluster, organisation=organisation, status=ItemStatus.DRAFT)
    TechnologyOfferFactory(
        cluster=cluster, organisation=organisation, expires_on=today() - datetime.timedelta(1)
    )


def test_cluster_page_counts_follow_the_viewer(
    roles: dict[str, User | None], member_org: Organisation, cluster_a: Cluster
) -> None:
    _items(cluster_a, member_org)
    expected = {
        "visitor": 1,
        "member of A": 3,  # its own organisation's, confidential included
        "member of B": 2,
        "applicant": 1,
        "staff of A": 3,
        "staff of B": 2,
        "regional officer": 2,
        "superuser": 3,
    }
    for role, user in roles.items():
        response = client_for(user).get(cluster_a.get_absolute_url())
        assert response.context["offer_count"] == expected[role], role
        assert response.context["need_count"] == expected[role], role
        assert len(response.context["offers"]) == expected[role], role


def test_home_numbers_follow_the_viewer(
    roles: dict[str, User | None], member_org: Organisation, cluster_a: Cluster
) -> None:
    _items(cluster_a, member_org)
    expected = {"visitor": 1, "member of B": 2, "staff of A": 3, "applicant": 1}
    for role, count in expected.items():
        numbers = client_for(roles[role]).get("/").context["numbers"]
        assert (numbers.visible_offers, numbers.visible_needs) == (count, count), role


def test_the_cluster_page_lists_active_members_only(
    cluster_a: Cluster, member_org: Organisation, applicant_org: Organisation
) -> None:
    for status in (MembershipStatus.WITHDRAWN, MembershipStatus.REJECTED):
        MembershipFactory(cluster=cluster_a, status=status)
    members = client_for().get(cluster_a.get_absolute_url()).context["members"]
    assert [m.organisation for m in members] == [member_org]


def test_review_pages_belong_to_the_clusters_staff(
    roles: dict[str, User | None], applicant_org: Organisation
) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    action = reverse("members:review_action", args=[membership.pk, "start"])
    for role, user in roles.items():
        page = client_for(user).get(reverse("members:review"))
        if user is None:
            assert page.status_code == 302, role
            continue
        if role in {"staff of A", "staff of B", "superuser"}:
            assert page.status_code == 200, role
            listed = membership in page.context["applications"]
            assert listed is (role != "staff of B"), role
        else:
            assert page.status_code == 403, role
    assert client_for(roles["staff of B"]).post(action).status_code == 404
    assert client_for(roles["applicant"]).post(action).status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_only_managers_and_their_clusters_staff_edit_a_profile(
    roles: dict[str, User | None], member_org: Organisation
) -> None:
    colleague = person_in(member_org, can_manage=False)
    url = reverse("members:organisation_edit", args=[member_org.slug])
    expected = {
        "member of A": 200,
        "member of B": 403,
        "applicant": 403,
        "staff of A": 200,
        "staff of B": 403,
        "regional officer": 403,
        "superuser": 200,
    }
    for role, status in expected.items():
        assert client_for(roles[role]).get(url).status_code == status, role
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(colleague).post(url, {"name": "Hijacked"}).status_code == 403
    member_org.refresh_from_db()
    assert member_org.name != "Hijacked"


def test_a_former_manager_may_no_longer_edit(member_org: Organisation) -> None:
    former = UserFactory()
    from tests.factories import AffiliationFactory

    AffiliationFactory(
        person=PersonFactory(user=former),
        organisation=member_org,
        can_manage=True,
        end=today() - datetime.timedelta(days=1),
    )
    url = reverse("members:organisation_edit", args=[member_org.slug])
    assert client_for(former).get(url).status_code == 403
