"""Who may publish where: organisations publish in the clusters they are active members of,
and a cluster's staff act only for the organisations of their own cluster."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.members.services import update_organisation
from ponte.transfer.services import save_item
from tests.factories import InnovationNeedFactory

pytestmark = pytest.mark.django_db


def unsaved_need(organisation: Organisation, cluster: Cluster):  # type: ignore[no-untyped-def]
    return InnovationNeedFactory.build(organisation=organisation, cluster=cluster)


def test_member_publishes_in_its_own_cluster(member_user, member_org, cluster_a) -> None:  # type: ignore[no-untyped-def]
    need = save_item(member_user, unsaved_need(member_org, cluster_a))
    assert need.pk is not None


def test_member_cannot_publish_in_a_cluster_it_does_not_belong_to(
    member_user, member_org, cluster_b
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        save_item(member_user, unsaved_need(member_org, cluster_b))
    assert "cluster" in error.value.message_dict


def test_applicant_cannot_publish_before_admission(
    applicant_user, applicant_org, cluster_a
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        save_item(applicant_user, unsaved_need(applicant_org, cluster_a))


def test_member_cannot_move_its_need_to_another_cluster(
    member_user, member_org, cluster_a, cluster_b
) -> None:  # type: ignore[no-untyped-def]
    need = save_item(member_user, unsaved_need(member_org, cluster_a))
    need.cluster = cluster_b
    with pytest.raises(ValidationError):
        save_item(member_user, need)


def test_staff_publish_for_an_organisation_of_their_cluster(
    staff_user, member_org, cluster_a
) -> None:  # type: ignore[no-untyped-def]
    assert save_item(staff_user, unsaved_need(member_org, cluster_a)).pk is not None


def test_staff_of_another_cluster_cannot_publish_for_an_organisation(
    other_staff_user, member_org, cluster_a
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        save_item(other_staff_user, unsaved_need(member_org, cluster_a))


def test_staff_of_another_cluster_cannot_edit_an_organisation(other_staff_user, member_org) -> None:  # type: ignore[no-untyped-def]
    member_org.city = "Lodi"
    with pytest.raises(PermissionDenied):
        update_organisation(other_staff_user, member_org)


def test_staff_of_its_cluster_edit_an_organisation(staff_user, member_org) -> None:  # type: ignore[no-untyped-def]
    member_org.city = "Lodi"
    update_organisation(staff_user, member_org)
    member_org.refresh_from_db()
    assert member_org.city == "Lodi"


def test_staff_cannot_publish_for_an_organisation_not_yet_admitted(
    staff_user, applicant_org, cluster_a
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        save_item(staff_user, unsaved_need(applicant_org, cluster_a))
