"""Roles come from relations: affiliations, memberships, staff positions and board seats."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ponte.accounts.models import User
from ponte.accounts.selectors import ANONYMOUS, forget_viewer, viewer_for
from ponte.clusters.models import Cluster
from ponte.members.constants import MembershipStatus
from ponte.members.models import Affiliation, Organisation
from tests.factories import (
    BoardSeatFactory,
    ClusterStaffFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    person_in,
)

pytestmark = pytest.mark.django_db

LAST_YEAR = datetime.date(2024, 12, 31)


def test_a_visitor_is_anonymous_and_a_member_of_nothing(visitor: Any) -> None:
    viewer = viewer_for(visitor)

    assert viewer is ANONYMOUS
    assert not viewer.is_authenticated
    assert not viewer.is_member
    assert not viewer.is_cluster_staff
    assert viewer_for(None) is ANONYMOUS


def test_a_person_of_an_active_member_is_a_member_of_its_cluster(
    member_user: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    viewer = viewer_for(member_user)

    assert viewer.is_authenticated
    assert viewer.is_member
    assert viewer.member_cluster_ids == {cluster_a.pk}
    assert viewer.organisation_ids == {member_org.pk}
    assert viewer.manages(member_org.pk)
    assert viewer.person_id == member_user.person.pk
    assert not viewer.is_cluster_staff
    assert not viewer.is_staff_of(cluster_a.pk)


def test_a_colleague_belongs_to_the_organisation_without_managing_it(
    member_org: Organisation,
) -> None:
    viewer = viewer_for(person_in(member_org, can_manage=False))

    assert viewer.belongs_to(member_org.pk)
    assert not viewer.manages(member_org.pk)
    assert viewer.is_member


@pytest.mark.parametrize(
    "status",
    [
        MembershipStatus.APPLIED,
        MembershipStatus.UNDER_REVIEW,
        MembershipStatus.SUSPENDED,
        MembershipStatus.WITHDRAWN,
        MembershipStatus.REJECTED,
    ],
)
def test_only_an_active_membership_makes_a_member(status: str, cluster_a: Cluster) -> None:
    organisation = MembershipFactory(cluster=cluster_a, status=status).organisation
    viewer = viewer_for(person_in(organisation))

    assert viewer.belongs_to(organisation.pk)
    assert viewer.member_cluster_ids == frozenset()
    assert not viewer.is_member


def test_an_applicant_belongs_to_its_organisation_but_is_not_a_member(
    applicant_user: User, applicant_org: Organisation
) -> None:
    viewer = viewer_for(applicant_user)

    assert viewer.manages(applicant_org.pk)
    assert not viewer.is_member


def test_an_ended_affiliation_does_not_count(member_org: Organisation) -> None:
    user = person_in(member_org, can_manage=True)
    Affiliation.objects.filter(person__user=user).update(end=LAST_YEAR)

    viewer = viewer_for(user)

    assert not viewer.belongs_to(member_org.pk)
    assert not viewer.manages(member_org.pk)
    assert not viewer.is_member


def test_a_person_with_several_affiliations_belongs_to_each_current_one(
    member_org: Organisation,
    other_member_org: Organisation,
    cluster_a: Cluster,
    cluster_b: Cluster,
) -> None:
    user = person_in(member_org)
    Affiliation.objects.create(person=user.person, organisation=other_member_org, can_manage=True)
    former = OrganisationFactory()
    Affiliation.objects.create(person=user.person, organisation=former, end=LAST_YEAR)

    viewer = viewer_for(user)

    assert viewer.organisation_ids == {member_org.pk, other_member_org.pk}
    assert viewer.managed_organisation_ids == {other_member_org.pk}
    assert viewer.member_cluster_ids == {cluster_a.pk, cluster_b.pk}


def test_cluster_staff_are_staff_of_their_cluster_only(
    staff_user: User, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    viewer = viewer_for(staff_user)

    assert viewer.is_cluster_staff
    assert viewer.is_staff_of(cluster_a.pk)
    assert not viewer.is_staff_of(cluster_b.pk)
    assert not viewer.is_staff_of(None)
    assert viewer.is_member
    assert viewer.organisation_ids == frozenset()


def test_a_board_seat_makes_a_member_of_that_cluster(cluster_a: Cluster) -> None:
    user = UserFactory()
    BoardSeatFactory(cluster=cluster_a, person=PersonFactory(user=user))

    viewer = viewer_for(user)

    assert viewer.board_cluster_ids == {cluster_a.pk}
    assert viewer.is_member
    assert not viewer.is_cluster_staff


def test_an_ended_board_seat_does_not_count(cluster_a: Cluster) -> None:
    user = UserFactory()
    BoardSeatFactory(cluster=cluster_a, person=PersonFactory(user=user), end=LAST_YEAR)

    viewer = viewer_for(user)

    assert viewer.board_cluster_ids == frozenset()
    assert not viewer.is_member


def test_a_regional_officer_sees_member_level_but_is_neither_staff_nor_of_any_organisation(
    regional_officer: User, cluster_a: Cluster
) -> None:
    viewer = viewer_for(regional_officer)

    assert viewer.is_regional_officer
    assert viewer.is_member
    assert not viewer.is_cluster_staff
    assert not viewer.is_staff_of(cluster_a.pk)
    assert viewer.organisation_ids == frozenset()


def test_a_superuser_is_staff_of_every_cluster(superuser: User, cluster_a: Cluster) -> None:
    viewer = viewer_for(superuser)

    assert viewer.is_superuser
    assert viewer.is_cluster_staff
    assert viewer.is_staff_of(cluster_a.pk)
    assert viewer.is_member


def test_a_signed_up_user_without_relations_is_authenticated_but_nothing_more() -> None:
    viewer = viewer_for(UserFactory())

    assert viewer.is_authenticated
    assert viewer.person_id is None
    assert not viewer.is_member
    assert not viewer.is_cluster_staff


def test_the_viewer_is_computed_once_per_user_object_until_forgotten(
    cluster_a: Cluster, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    first = viewer_for(user)
    ClusterStaffFactory(cluster=cluster_a, user=user)

    with django_assert_num_queries(0):
        assert viewer_for(user) is first
    forget_viewer(user)

    assert viewer_for(user).is_staff_of(cluster_a.pk)


def test_computing_a_viewer_takes_a_fixed_number_of_queries(
    member_user: User, cluster_b: Cluster, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        BoardSeatFactory(cluster=cluster_b, person=member_user.person)
        MembershipFactory(organisation=OrganisationFactory(), cluster=cluster_b)

    fresh = User.objects.get(pk=member_user.pk)

    with django_assert_num_queries(5):
        viewer_for(fresh)
