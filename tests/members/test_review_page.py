"""The review page: a note too long to keep stops the step instead of being dropped."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ponte.accounts.models import User
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation
from tests.factories import person_in
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def start_review(staff: User, organisation: Organisation, data: dict[str, str]) -> Any:
    """Staff start the review of `organisation`'s application with `data`, from the page."""
    membership = Membership.objects.get(organisation=organisation)
    url = reverse("members:review_action", args=[membership.pk, "start"])
    return client_for(staff).post(url, data, follow=True)


@pytest.mark.parametrize(
    "data",
    [
        {"note": "x" * 2001},
        # The page's hidden state, tampered with or truncated: an error like the note's,
        # never a success message for a step that was not taken.
        {"state": "x" * 21},
    ],
    ids=["note-too-long", "malformed-state"],
)
def test_a_bad_field_stops_the_step_and_the_application_stays_as_it_was(
    staff_user: User, applicant_org: Organisation, data: dict[str, str]
) -> None:
    response = start_review(staff_user, applicant_org, data)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Membership.objects.get(organisation=applicant_org).status == MembershipStatus.APPLIED


def test_a_note_too_long_is_explained_in_the_htmx_row(
    staff_user: User, applicant_org: Organisation
) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    url = reverse("members:review_action", args=[membership.pk, "start"])
    response = client_for(staff_user).post(url, {"note": "x" * 2001}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_a_step_refused_from_a_stale_row_gives_back_the_typed_note(
    staff_user: User, applicant_org: Organisation
) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    client = client_for(staff_user)
    client.post(reverse("members:review_action", args=[membership.pk, "start"]))
    stale = {"state": MembershipStatus.APPLIED, "note": "Visura camerale verificata il 3/11"}
    url = reverse("members:review_action", args=[membership.pk, "start"])
    response = client.post(url, stale, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert ">Visura camerale verificata il 3/11</textarea>" in page
    too_long = client.post(url, {"note": "x" * 2001}, HTTP_HX_REQUEST="true")
    assert "Note: " in too_long.content.decode() or "Nota: " in too_long.content.decode()


# --- The rest of the lifecycle, through the pages: suspend, reactivate, withdraw ------------


def _membership(organisation: Organisation) -> Membership:
    return Membership.objects.get(organisation=organisation)


def test_staff_suspend_reactivate_and_withdraw_a_member_from_the_review_page(
    staff_user: User, member_org: Organisation
) -> None:
    membership = _membership(member_org)
    client = client_for(staff_user)
    page = client.get(reverse("members:review")).content.decode()
    suspend = reverse("members:review_action", args=[membership.pk, "suspend"])
    assert suspend in page

    client.post(suspend)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED and membership.suspended_on

    page = client.get(reverse("members:review")).content.decode()
    reactivate = reverse("members:review_action", args=[membership.pk, "approve"])
    assert reactivate in page
    client.post(reactivate)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and membership.suspended_on is None

    client.post(reverse("members:review_action", args=[membership.pk, "withdraw"]))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN and membership.ended_on
    steps = list(membership.events.values_list("to_status", "by__username"))
    assert steps[-3:] == [
        (MembershipStatus.SUSPENDED, "staff"),
        (MembershipStatus.ACTIVE, "staff"),
        (MembershipStatus.WITHDRAWN, "staff"),
    ]


def test_a_pending_application_cannot_be_suspended(
    staff_user: User, applicant_org: Organisation
) -> None:
    membership = _membership(applicant_org)
    url = reverse("members:review_action", args=[membership.pk, "suspend"])
    response = client_for(staff_user).post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_staff_of_another_cluster_cannot_suspend_a_member(
    other_staff_user: User, member_org: Organisation
) -> None:
    membership = _membership(member_org)
    url = reverse("members:review_action", args=[membership.pk, "suspend"])
    assert client_for(other_staff_user).post(url).status_code == 404
    page = client_for(other_staff_user).get(reverse("members:review")).content.decode()
    assert member_org.name not in page
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_an_applicant_withdraws_the_application_from_the_dashboard(
    applicant_user: User, applicant_org: Organisation
) -> None:
    membership = _membership(applicant_org)
    client = client_for(applicant_user)
    url = reverse("members:withdraw", args=[membership.pk])
    assert url in client.get(reverse("accounts:dashboard")).content.decode()
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN and membership.ended_on


def test_an_employee_who_does_not_manage_the_profile_cannot_withdraw(
    applicant_org: Organisation,
) -> None:
    employee = person_in(applicant_org)
    membership = _membership(applicant_org)
    client = client_for(employee)
    url = reverse("members:withdraw", args=[membership.pk])
    assert url not in client.get(reverse("accounts:dashboard")).content.decode()
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_nobody_withdraws_another_organisations_membership(
    member_user: User, applicant_org: Organisation
) -> None:
    membership = _membership(applicant_org)
    url = reverse("members:withdraw", args=[membership.pk])
    assert client_for(member_user).post(url).status_code == 404
    assert client_for(member_user).get(url).status_code == 405
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_the_dashboard_offers_to_withdraw_pending_applications_only(
    member_user: User, member_org: Organisation
) -> None:
    """Leaving a cluster as an active member is done with the staff, not with one click."""
    membership = _membership(member_org)
    page = client_for(member_user).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("members:withdraw", args=[membership.pk]) not in page


def test_a_stale_dashboard_button_cannot_end_an_admitted_membership(
    member_org: Organisation,
) -> None:
    manager = person_in(member_org, can_manage=True)
    membership = _membership(member_org)
    url = reverse("members:withdraw", args=[membership.pk])
    response = client_for(manager, "en").post(url, follow=True)
    (message,) = response.context["messages"]
    assert message.level_tag == "error" and "write to the cluster's staff" in str(message)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_a_members_status_changes_behind_a_disclosure_with_a_note_kept_in_the_history(
    staff_user: User, member_org: Organisation
) -> None:
    membership = _membership(member_org)
    client = client_for(staff_user, "en")
    page = client.get(reverse("members:review")).content.decode()
    row = page[page.index(f'id="membership-{membership.pk}"') :]
    row = row[: row.index("</tr>")]
    assert '<details class="row-actions">' in row  # no one-click withdrawal of a member
    assert f'<label for="note-{membership.pk}">' in row

    suspend = reverse("members:review_action", args=[membership.pk, "suspend"])
    client.post(suspend, {"note": "Membership fee unpaid for 2026."})

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED
    assert membership.events.latest("at").note == "Membership fee unpaid for 2026."


def test_a_stale_approve_button_does_not_reactivate_a_membership_suspended_since(
    staff_user: User, applicant_org: Organisation
) -> None:
    """Two members of staff: one approves the application and later suspends the member;
    the other, on a page still showing the application under review, clicks Approve. The
    form carries the status the page showed, so the suspension stands."""
    membership = _membership(applicant_org)
    membership.status = MembershipStatus.UNDER_REVIEW
    membership.save()
    client = client_for(staff_user)
    page = client.get(reverse("members:review")).content.decode()
    assert 'name="state" value="under_review"' in page
    approve = reverse("members:review_action", args=[membership.pk, "approve"])
    suspend = reverse("members:review_action", args=[membership.pk, "suspend"])

    client.post(approve, {"state": "under_review"}, follow=True)
    client.post(suspend, {"state": "active"}, follow=True)
    response = client.post(approve, {"state": "under_review"}, follow=True)  # the stale page

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    # The same stale click through HTMX explains itself in the row.
    response = client.post(approve, {"state": "under_review"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED
    # From the page as it is now, reactivating is still one click.
    client.post(approve, {"state": "suspended"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
