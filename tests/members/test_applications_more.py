"""Applications: companies need a VAT number, rejected organisations may apply again, and the
figures an organisation gives must make sense."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.constants import MembershipStatus, OrganisationKind, SizeClass
from ponte.members.models import Affiliation, Organisation
from ponte.members.services import (
    OrganisationData,
    apply_for_membership,
    reject_membership,
    start_review,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db: None) -> User:
    user = UserFactory(username="newcomer")
    PersonFactory(user=user)
    return user


def test_a_company_cannot_apply_without_a_vat_number(newcomer: User, cluster_a: Cluster) -> None:
    with pytest.raises(ValidationError) as error:
        apply_for_membership(
            newcomer, cluster_a, OrganisationData(name="Lumson bis", kind=OrganisationKind.SME)
        )
    assert "vat_number" in error.value.message_dict


def test_a_university_department_may_apply_without_a_vat_number(
    newcomer: User, cluster_a: Cluster
) -> None:
    membership = apply_for_membership(
        newcomer, cluster_a, OrganisationData(name="Dip. Chimica", kind=OrganisationKind.UNIVERSITY)
    )
    assert membership.status == MembershipStatus.APPLIED


def test_a_rejected_organisation_may_apply_again_and_keeps_its_history(
    newcomer: User, cluster_a: Cluster, staff_user: User
) -> None:
    data = OrganisationData(
        name="Acme Polimeri", kind=OrganisationKind.SME, vat_number="00905811006"
    )
    membership = apply_for_membership(newcomer, cluster_a, data)
    start_review(staff_user, membership)
    reject_membership(staff_user, membership, note="Documentazione incompleta")
    again = apply_for_membership(newcomer, cluster_a, data, motivation="Ora è completa")
    assert again.pk == membership.pk
    assert again.status == MembershipStatus.APPLIED
    assert again.ended_on is None
    steps = list(again.events.values_list("from_status", "to_status"))
    assert steps[-1] == (MembershipStatus.REJECTED, MembershipStatus.APPLIED)
    assert len(steps) == 4


def test_an_active_organisation_cannot_apply_twice(
    member_user: User, member_org: object, cluster_a: Cluster
) -> None:
    with pytest.raises(ValidationError):
        apply_for_membership(
            member_user,
            cluster_a,
            OrganisationData(
                name="x",
                kind=OrganisationKind.SME,
                vat_number=member_org.vat_number,  # type: ignore[attr-defined]
            ),
        )


def test_negative_turnover_is_refused() -> None:
    organisation = OrganisationFactory.build(turnover_eur=Decimal(-100))
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "turnover_eur" in error.value.message_dict


def test_an_sme_whose_own_figures_are_large_is_refused() -> None:
    organisation = OrganisationFactory.build(
        kind=OrganisationKind.SME, headcount=400, turnover_eur=Decimal(90_000_000)
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "kind" in error.value.message_dict


def test_a_company_declared_large_stays_large_whatever_its_own_figures() -> None:
    organisation = OrganisationFactory.build(kind=OrganisationKind.LARGE_COMPANY, headcount=5)
    assert organisation.size_class == SizeClass.LARGE


def test_a_university_applying_to_a_second_cluster_is_not_registered_twice(
    newcomer: User, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    first = apply_for_membership(
        newcomer, cluster_a, OrganisationData(name="Dip. Chimica", kind=OrganisationKind.UNIVERSITY)
    )
    second = apply_for_membership(
        newcomer,
        cluster_b,
        OrganisationData(name="DIP. CHIMICA ", kind=OrganisationKind.UNIVERSITY),
    )
    assert second.organisation_id == first.organisation_id
    assert Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).count() == 1
    assert Affiliation.objects.filter(person__user=newcomer).count() == 1


def test_a_plain_employee_cannot_apply_again_for_their_university_without_a_vat_number(
    cluster_a: Cluster, cluster_b: Cluster
) -> None:
    university = OrganisationFactory(name="Dip. Fisica", university=True, vat_number="")
    employee = person_in(university)
    with pytest.raises(ValidationError) as error:
        apply_for_membership(
            employee,
            cluster_b,
            OrganisationData(name="Dip. Fisica", kind=OrganisationKind.UNIVERSITY),
        )
    assert "name" in error.value.message_dict
    assert Organisation.objects.filter(name="Dip. Fisica").count() == 1


def test_an_account_made_without_a_profile_gets_one_when_it_applies(cluster_a: Cluster) -> None:
    """Log-ins made in the admin or with createsuperuser have no profile; applying must not be
    a dead end for them (there is no other page where a profile is created)."""
    user = UserFactory(username="contatto", first_name="Carla", last_name="Conti")
    membership = apply_for_membership(
        user, cluster_a, OrganisationData(name="Dip. Ottica", kind=OrganisationKind.UNIVERSITY)
    )
    user.refresh_from_db()
    assert user.person.full_name == "Carla Conti"
    assert not user.person.is_public
    assert Affiliation.objects.get(person=user.person).organisation == membership.organisation


def test_applying_under_a_registered_vat_number_says_the_typed_details_were_not_saved(
    member_user: User, member_org: Organisation, cluster_b: Cluster
) -> None:
    """The application is for the organisation already registered, as it is: the page says
    so instead of silently dropping what was typed."""
    from django.urls import reverse

    from tests.helpers import application_data, client_for

    data = application_data(cluster_b, vat_number=member_org.vat_number, name="Altro nome Srl")
    response = client_for(member_user, "en").post(reverse("members:apply"), data, follow=True)

    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "info"]
    assert "details typed in the form were not saved" in " ".join(
        str(m) for m in response.context["messages"]
    )
    member_org.refresh_from_db()
    assert member_org.name != "Altro nome Srl"
