"""The membership lifecycle: applying, reviewing, activating, suspending, leaving."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.accounts.models import AuditLog, User
from ponte.accounts.selectors import viewer_for
from ponte.clusters.models import Cluster
from ponte.members.constants import MEMBERSHIP_TRANSITIONS, MembershipStatus, OrganisationKind
from ponte.members.models import Affiliation, Membership, MembershipEvent, Organisation
from ponte.members.services import (
    OrganisationData,
    apply_for_membership,
    transition_membership,
    withdraw_membership,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    person_in,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 14)
NOON_IN_MILAN = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))

DATE_FIELD = {
    MembershipStatus.UNDER_REVIEW: "review_started_on",
    MembershipStatus.ACTIVE: "activated_on",
    MembershipStatus.SUSPENDED: "suspended_on",
    MembershipStatus.WITHDRAWN: "ended_on",
    MembershipStatus.REJECTED: "ended_on",
}
ALLOWED = sorted(
    (source, target) for source, targets in MEMBERSHIP_TRANSITIONS.items() for target in targets
)
FORBIDDEN = sorted(
    (source, target)
    for source, target in itertools.product(MembershipStatus, repeat=2)
    if target not in MEMBERSHIP_TRANSITIONS[source]
)


@pytest.fixture
def frozen_today() -> Iterator[datetime.date]:
    with time_machine.travel(NOON_IN_MILAN, tick=False):
        yield TODAY


def pair_id(pair: tuple[str, str]) -> str:
    return f"{pair[0]}->{pair[1]}"


def test_the_lifecycle_table_covers_every_status() -> None:
    assert set(MEMBERSHIP_TRANSITIONS) == set(MembershipStatus)
    assert len(ALLOWED) + len(FORBIDDEN) == len(MembershipStatus) ** 2


@pytest.mark.parametrize("pair", ALLOWED, ids=pair_id)
def test_every_allowed_transition_is_dated_recorded_and_audited(
    pair: tuple[str, str], cluster_a: Cluster, staff_user: User, frozen_today: datetime.date
) -> None:
    source, target = pair
    membership = MembershipFactory(cluster=cluster_a, status=source)

    transition_membership(staff_user, membership, target, note="Checked the statute.")

    membership.refresh_from_db()
    assert membership.status == target
    assert getattr(membership, DATE_FIELD[MembershipStatus(target)]) == frozen_today
    event = MembershipEvent.objects.get(membership=membership)
    assert (event.from_status, event.to_status, event.by) == (source, target, staff_user)
    assert event.note == "Checked the statute."
    assert event.at == NOON_IN_MILAN
    entry = AuditLog.objects.get(action=f"membership.{target}")
    assert entry.actor == staff_user
    assert entry.object_id == str(membership.pk)
    assert entry.data == {"note": "Checked the statute.", "previous": source}


@pytest.mark.parametrize("pair", FORBIDDEN, ids=pair_id)
def test_every_transition_outside_the_lifecycle_is_refused(
    pair: tuple[str, str], cluster_a: Cluster, superuser: User
) -> None:
    source, target = pair
    membership = MembershipFactory(cluster=cluster_a, status=source)

    with pytest.raises(ValidationError):
        transition_membership(superuser, membership, target)

    membership.refresh_from_db()
    assert membership.status == source
    assert not MembershipEvent.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_transition_can_be_dated_on_the_day_of_the_decision(
    cluster_a: Cluster, staff_user: User, frozen_today: datetime.date
) -> None:
    membership = MembershipFactory(cluster=cluster_a, status=MembershipStatus.UNDER_REVIEW)
    board_meeting = datetime.date(2025, 2, 28)

    transition_membership(staff_user, membership, MembershipStatus.ACTIVE, on=board_meeting)

    membership.refresh_from_db()
    assert membership.activated_on == board_meeting


def test_reactivating_a_suspended_membership_clears_the_suspension_date(
    cluster_a: Cluster, staff_user: User, frozen_today: datetime.date
) -> None:
    membership = MembershipFactory(
        cluster=cluster_a, status=MembershipStatus.SUSPENDED, suspended_on=datetime.date(2025, 1, 1)
    )

    transition_membership(staff_user, membership, MembershipStatus.ACTIVE)

    membership.refresh_from_db()
    assert membership.suspended_on is None
    assert membership.activated_on == frozen_today


def test_staff_of_another_cluster_cannot_review_an_application(
    applicant_org: Organisation, other_staff_user: User
) -> None:
    membership = applicant_org.memberships.get()

    with pytest.raises(PermissionDenied):
        transition_membership(other_staff_user, membership, MembershipStatus.UNDER_REVIEW)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED
    assert not MembershipEvent.objects.exists()


@pytest.mark.parametrize(
    "role", ["visitor", "member_user", "other_member_user", "other_staff_user", "regional_officer"]
)
def test_only_the_clusters_staff_can_activate_a_membership(
    role: str, request: pytest.FixtureRequest, cluster_a: Cluster
) -> None:
    membership = MembershipFactory(cluster=cluster_a, status=MembershipStatus.UNDER_REVIEW)
    user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        transition_membership(user, membership, MembershipStatus.ACTIVE)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.UNDER_REVIEW


def test_a_superuser_can_review_any_cluster(applicant_org: Organisation, superuser: User) -> None:
    membership = applicant_org.memberships.get()

    transition_membership(superuser, membership, MembershipStatus.UNDER_REVIEW)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.UNDER_REVIEW


def test_the_organisations_manager_may_withdraw_its_application(
    applicant_org: Organisation, applicant_user: User, frozen_today: datetime.date
) -> None:
    membership = applicant_org.memberships.get()

    withdraw_membership(applicant_user, membership)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN
    assert membership.ended_on == frozen_today
    assert MembershipEvent.objects.get().by == applicant_user


def test_the_organisations_manager_may_not_activate_its_own_membership(
    applicant_org: Organisation, applicant_user: User, staff_user: User
) -> None:
    membership = applicant_org.memberships.get()
    transition_membership(staff_user, membership, MembershipStatus.UNDER_REVIEW)

    with pytest.raises(PermissionDenied):
        transition_membership(applicant_user, membership, MembershipStatus.ACTIVE)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.UNDER_REVIEW


def test_a_colleague_who_does_not_manage_the_profile_may_not_withdraw(
    member_org: Organisation,
) -> None:
    colleague = person_in(member_org, can_manage=False)

    with pytest.raises(PermissionDenied):
        withdraw_membership(colleague, member_org.memberships.get())


def test_the_manager_of_another_organisation_may_not_withdraw_it(
    member_org: Organisation, other_member_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        withdraw_membership(other_member_user, member_org.memberships.get())


# Applying.


@pytest.fixture
def newcomer(db: None) -> User:
    """A signed-up user with a profile and no organisation yet."""
    user = UserFactory(username="newcomer")
    PersonFactory(user=user)
    return user


def acme(vat_number: str = "IT 00905811006") -> OrganisationData:
    """A company, or, without a VAT number, a research centre (companies must give one)."""
    kind = OrganisationKind.SME if vat_number else OrganisationKind.RESEARCH_CENTRE
    return OrganisationData(name="Acme Polimeri", kind=kind, vat_number=vat_number, province="VA")


def test_applying_creates_the_organisation_the_managers_affiliation_and_the_application(
    newcomer: User, cluster_a: Cluster, frozen_today: datetime.date
) -> None:
    membership = apply_for_membership(
        newcomer, cluster_a, acme(), motivation="Recycled polymers.", position="CEO"
    )

    organisation = Organisation.objects.get()
    assert organisation.name == "Acme Polimeri"
    assert organisation.vat_number == "00905811006"
    affiliation = Affiliation.objects.get()
    assert affiliation.person == newcomer.person
    assert affiliation.organisation == organisation
    assert affiliation.can_manage is True
    assert affiliation.position == "CEO"
    membership.refresh_from_db()
    assert membership.organisation == organisation
    assert membership.cluster == cluster_a
    assert membership.status == MembershipStatus.APPLIED
    assert membership.applied_by == newcomer
    assert membership.applied_on == frozen_today
    assert membership.motivation == "Recycled polymers."
    event = MembershipEvent.objects.get()
    assert (event.membership, event.from_status, event.to_status, event.by) == (
        membership,
        "",
        MembershipStatus.APPLIED,
        newcomer,
    )
    assert set(AuditLog.objects.values_list("action", flat=True)) == {
        "organisation.created",
        "membership.applied",
    }


def test_after_applying_the_applicant_manages_the_organisation_at_once(
    newcomer: User, cluster_a: Cluster
) -> None:
    viewer_for(newcomer)  # a Viewer computed earlier in the same request
    membership = apply_for_membership(newcomer, cluster_a, acme())

    assert viewer_for(newcomer).manages(membership.organisation_id)
    withdraw_membership(newcomer, membership)


def test_an_organisation_cannot_apply_twice_to_the_same_cluster(
    newcomer: User, cluster_a: Cluster
) -> None:
    apply_for_membership(newcomer, cluster_a, acme())

    with pytest.raises(ValidationError, match="already has a membership"):
        apply_for_membership(newcomer, cluster_a, acme("00905811006"))

    assert Membership.objects.count() == 1
    assert MembershipEvent.objects.count() == 1


def test_the_manager_of_a_registered_organisation_may_apply_to_another_cluster(
    member_org: Organisation, member_user: User, cluster_b: Cluster
) -> None:
    data = acme(member_org.vat_number)

    membership = apply_for_membership(member_user, cluster_b, data)

    assert membership.organisation == member_org
    assert Organisation.objects.filter(vat_number=member_org.vat_number).count() == 1


def test_nobody_can_apply_on_behalf_of_a_registered_organisation_they_do_not_belong_to(
    newcomer: User, member_org: Organisation, cluster_b: Cluster
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        apply_for_membership(newcomer, cluster_b, acme(f"IT{member_org.vat_number}"))

    assert "vat_number" in exc_info.value.message_dict
    assert not Affiliation.objects.filter(person=newcomer.person).exists()
    assert not Membership.objects.filter(cluster=cluster_b).exists()


def test_a_former_employee_cannot_apply_on_behalf_of_their_old_organisation(
    member_org: Organisation, cluster_b: Cluster
) -> None:
    former = person_in(member_org, can_manage=True)
    Affiliation.objects.filter(person__user=former).update(end=datetime.date(2024, 12, 31))

    with pytest.raises(ValidationError) as exc_info:
        apply_for_membership(former, cluster_b, acme(member_org.vat_number))

    assert "vat_number" in exc_info.value.message_dict


def test_applying_does_not_make_a_plain_employee_a_manager(
    member_org: Organisation, cluster_b: Cluster
) -> None:
    employee = person_in(member_org, can_manage=False)

    with pytest.raises(ValidationError) as exc_info:
        apply_for_membership(employee, cluster_b, acme(member_org.vat_number))

    assert "vat_number" in exc_info.value.message_dict
    assert Affiliation.objects.get(person__user=employee).can_manage is False
    assert not Membership.objects.filter(cluster=cluster_b).exists()


@pytest.mark.parametrize("vat", ["00905811007", "0090581100", "IT 0090581100A"])
def test_an_invalid_vat_number_is_rejected_naming_the_field(
    vat: str, newcomer: User, cluster_a: Cluster
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        apply_for_membership(newcomer, cluster_a, acme(vat))

    assert "vat_number" in exc_info.value.message_dict
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_a_research_organisation_without_a_vat_number_can_apply(
    newcomer: User, cluster_a: Cluster
) -> None:
    membership = apply_for_membership(newcomer, cluster_a, acme(""))

    assert membership.organisation.vat_number == ""


def test_two_organisations_without_a_vat_number_are_not_confused(
    newcomer: User, cluster_a: Cluster
) -> None:
    existing = OrganisationFactory(name="Acme Polimeri", slug="acme-polimeri", no_vat=True)

    membership = apply_for_membership(newcomer, cluster_a, acme(""))

    assert membership.organisation != existing
    assert membership.organisation.slug == "acme-polimeri-2"


def test_a_user_without_a_profile_gets_one_and_manages_the_organisation(
    cluster_a: Cluster,
) -> None:
    user = UserFactory()
    membership = apply_for_membership(user, cluster_a, acme())

    assert viewer_for(user).manages(membership.organisation_id)
