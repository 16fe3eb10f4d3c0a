"""Who may see and do what in the workflow of expressions of interest, role by role through
the real pages, and what the pages say when a step is refused or comes too late."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.models import AuditLog, User
from ponte.notifications.models import Notification
from ponte.transfer import services_interest as services
from ponte.transfer.constants import InterestAction, InterestState, ItemStatus
from ponte.transfer.models import ExpressionOfInterest, InterestInvitation, ProposedMatch
from tests.factories import BoardSeatFactory, PersonFactory, UserFactory
from tests.helpers import client_for
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "interested",  # of the interested organisation
    "outsider",  # manager of another member organisation of the same cluster
    "owner",  # manages the item's organisation
    "colleague",  # of the item's organisation, no manage rights, not the author
    "author",  # of the item's organisation, wrote the item
    "staff",  # of the item's cluster
    "other_staff",  # of another cluster
    "board",  # board member of the item's cluster
    "officer",  # regional officer
    "superuser",
]


@pytest.fixture
def people(world: World, regional_officer: User, superuser: User) -> dict[str, Any]:
    board_user = UserFactory(username="board-member")
    BoardSeatFactory(cluster=world.cluster, person=PersonFactory(user=board_user))
    return {
        "visitor": None,
        "interested": world.interested,
        "outsider": world.outsider,
        "owner": world.owner,
        "colleague": world.colleague,
        "author": world.author,
        "staff": world.staff,
        "other_staff": world.other_staff,
        "board": board_user,
        "officer": regional_officer,
        "superuser": superuser,
    }


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


# Who sees an expression of interest's page: both sides and the item's cluster staff.
SEES_INTEREST = {"interested", "owner", "colleague", "author", "staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_an_expression_of_interest(world: World, people: dict, role: str) -> None:
    interest = eoi_in(InterestState.INTRODUCED, world.need, world.interested_org)

    response = client_for(people[role]).get(interest.get_absolute_url())

    if role == "visitor":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in SEES_INTEREST else 404)


# Who answers: the managers of the item's organisation and the item's author, nobody else
# (not the staff, not a superuser, not a colleague without manage rights).
ANSWERS = {"owner", "author"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("step", "data"), [("accept", {}), ("decline", {"reason": "No"})])
def test_who_answers_an_expression_of_interest(
    world: World, people: dict, role: str, step: str, data: dict
) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    url = reverse("transfer:interest_step", args=[interest.pk, step])

    response = client_for(people[role]).post(url, data)

    interest.refresh_from_db()
    if role in ANSWERS:
        assert response.status_code == 302
        assert interest.state != InterestState.SENT
        return
    assert interest.state == InterestState.SENT
    assert interest.events.count() == 1
    if role == "visitor":
        assert _is_login_redirect(response)
    else:
        # Those who see the interest are told they may not; the others learn nothing of it.
        assert response.status_code == (403 if role in SEES_INTEREST else 404)


# Who records the later steps: both sides and the item's cluster staff (superusers too).
PROGRESSES = {"interested", "owner", "colleague", "author", "staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_who_records_a_meeting(world: World, people: dict, role: str) -> None:
    interest = eoi_in(InterestState.INTRODUCED, world.need, world.interested_org)
    url = reverse("transfer:interest_step", args=[interest.pk, "meeting"])

    response = client_for(people[role]).post(url, {"note": "At the lab"})

    interest.refresh_from_db()
    moved = interest.state == InterestState.MEETING_HELD
    assert moved == (role in PROGRESSES)
    if role == "visitor":
        assert _is_login_redirect(response)
    elif role not in PROGRESSES:
        assert response.status_code == 404


# Who reverts: the item's cluster staff (and superusers) only.
REVERTS = {"staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_who_reverts_a_step(world: World, people: dict, role: str) -> None:
    interest = eoi_in(InterestState.MEETING_HELD, world.need, world.interested_org)
    url = reverse("transfer:interest_step", args=[interest.pk, "revert"])

    response = client_for(people[role]).post(url, {"reason": "Recorded by mistake"})

    interest.refresh_from_db()
    assert (interest.state == InterestState.INTRODUCED) == (role in REVERTS)
    if role in SEES_INTEREST and role not in REVERTS:
        assert response.status_code == 403
        page = client_for(people[role]).get(interest.get_absolute_url()).content.decode()
        assert 'data-testid="action-revert"' not in page


# Who sees the brokerage board: the cluster's staff and superusers.
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_brokerage_board(world: World, people: dict, role: str) -> None:
    response = client_for(people[role]).get(
        reverse("transfer:brokerage", args=[world.cluster.slug])
    )
    if role == "visitor":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in {"staff", "superuser"} else 404)


# Who sees a confidential need: its organisation, its cluster's staff, superusers; others
# only once their organisation is invited.
SEES_CONFIDENTIAL = {"owner", "colleague", "author", "staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_confidential_need(world: World, people: dict, role: str) -> None:
    url = world.secret_need.get_absolute_url()

    response = client_for(people[role]).get(url)

    assert response.status_code == (200 if role in SEES_CONFIDENTIAL else 404)
    if role not in SEES_CONFIDENTIAL:
        assert world.secret_need.title not in response.content.decode()


def test_an_invitation_opens_the_confidential_need_to_the_invited_only(
    world: World, people: dict
) -> None:
    client_for(world.owner).post(
        reverse("transfer:need_invite", args=[world.secret_need.pk]),
        {"organisation": world.interested_org.pk, "note": "You may have the answer"},
    )
    url = world.secret_need.get_absolute_url()

    invited = client_for(world.interested).get(url)
    assert invited.status_code == 200 and invited.context["express_form"] is not None
    for role in ("outsider", "other_staff", "board", "officer", "visitor"):
        assert client_for(people[role]).get(url).status_code == 404, role
    response = client_for(world.interested).post(
        reverse("transfer:need_interest", args=[world.secret_need.pk]),
        {"organisation": world.interested_org.pk, "message": "We have done it before."},
    )
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.filter(need=world.secret_need).count() == 1


# --- Contacts only after an introduction ----------------------------------------------------


def _shows_contacts(user: User, interest: ExpressionOfInterest) -> bool:
    page = client_for(user).get(interest.get_absolute_url()).content.decode()
    return 'id="contacts-title"' in page


def test_an_interest_closed_before_any_answer_reveals_no_contacts(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org, sender=world.interested)
    world.owner.email = "owner@example.org"
    world.owner.save()

    services.close_interest(world.interested, interest, "Found another partner")

    assert not _shows_contacts(world.interested, interest)
    assert not _shows_contacts(world.owner, interest)
    page = client_for(world.owner).get(interest.get_absolute_url()).content.decode()
    assert world.interested.email not in page


def test_contacts_appear_with_the_introduction_and_go_with_its_revert(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org, sender=world.interested)

    services.accept_interest(world.owner, interest)
    assert _shows_contacts(world.interested, interest)
    services.close_interest(world.interested, interest, "No budget after all")
    assert _shows_contacts(world.interested, interest)  # they were introduced
    services.revert_interest(world.staff, interest, "Closed by mistake")
    services.revert_interest(world.staff, interest, "Accepted by mistake")

    assert not _shows_contacts(world.interested, interest)


# --- Refused steps: the page says why -------------------------------------------------------


def test_a_step_taken_on_a_stale_page_is_refused_with_a_visible_reason(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    services.accept_interest(world.owner, interest)  # meanwhile, in another tab

    response = client_for(world.author).post(
        reverse("transfer:interest_step", args=[interest.pk, "decline"]),
        {"reason": "Not for us"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="step-refused"' in page
    assert "cannot become" in page
    interest.refresh_from_db()
    assert interest.state == InterestState.INTRODUCED


def test_a_revert_needs_a_reason_and_the_form_comes_back(world: World) -> None:
    interest = eoi_in(InterestState.AGREEMENT_SIGNED, world.need, world.interested_org)
    url = reverse("transfer:interest_step", args=[interest.pk, "revert"])

    response = client_for(world.staff).post(url, {"reason": "   "})

    assert response.status_code == 400
    assert response.context["bound"][0] == "revert"
    assert "reason" in response.context["bound"][1].errors
    interest.refresh_from_db()
    assert interest.state == InterestState.AGREEMENT_SIGNED


def test_a_revert_is_dated_attributed_audited_and_told_to_both_sides(world: World) -> None:
    interest = eoi_in(InterestState.AGREEMENT_SIGNED, world.need, world.interested_org)

    response = client_for(world.staff).post(
        reverse("transfer:interest_step", args=[interest.pk, "revert"]),
        {"reason": "The contract is not signed yet"},
    )

    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.state == InterestState.MEETING_HELD and interest.agreement_kind == ""
    event = interest.events.order_by("-at", "-pk").first()
    assert event is not None
    assert (event.action, event.by, event.note) == (
        InterestAction.REVERTED,
        world.staff,
        "The contract is not signed yet",
    )
    entry = AuditLog.objects.get(action="interest.reverted")
    assert entry.actor == world.staff
    assert entry.data["note"] == "The contract is not signed yet"
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {world.owner.username, world.interested.username} <= told
    page = client_for(world.owner).get(interest.get_absolute_url()).content.decode()
    assert "The contract is not signed yet" in page
    assert "Step reverted by the cluster staff" in page


# --- Invitations and proposals only for open items ------------------------------------------

CLOSED_STATES = [
    {"status": ItemStatus.DRAFT},
    {"status": ItemStatus.CLOSED},
    {"expires_on": datetime.date(2020, 1, 1)},
]


@pytest.mark.parametrize("change", CLOSED_STATES)
def test_nobody_is_invited_to_an_item_that_is_not_open(world: World, change: dict) -> None:
    type(world.secret_need).objects.filter(pk=world.secret_need.pk).update(**change)
    world.secret_need.refresh_from_db()

    response = client_for(world.owner).post(
        reverse("transfer:need_invite", args=[world.secret_need.pk]),
        {"organisation": world.interested_org.pk, "note": "Have a look"},
    )

    assert response.status_code == 400
    assert "publish or renew it" in response.content.decode()
    assert response.context["invite_form"]["note"].value() == "Have a look"
    assert not InterestInvitation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("change", CLOSED_STATES)
def test_no_match_is_proposed_for_or_to_an_item_that_is_not_open(
    world: World, change: dict
) -> None:
    from tests.factories import InnovationNeedFactory

    other = InnovationNeedFactory(organisation=world.interested_org, cluster=world.cluster)
    type(world.need).objects.filter(pk=world.need.pk).update(**change)
    world.need.refresh_from_db()

    with pytest.raises(services.ValidationError):
        services.propose_match(world.staff, world.need, f"need:{other.pk}")
    with pytest.raises(services.ValidationError):
        services.propose_match(world.staff, other, f"need:{world.need.pk}")

    assert not ProposedMatch.objects.exists() and not InterestInvitation.objects.exists()
    assert not Notification.objects.exists()


# --- Renewing -------------------------------------------------------------------------------


def test_renewing_never_shortens_a_later_expiry(world: World) -> None:
    later = timezone.localdate() + datetime.timedelta(days=600)
    type(world.need).objects.filter(pk=world.need.pk).update(expires_on=later)

    response = client_for(world.owner).post(reverse("transfer:need_renew", args=[world.need.pk]))

    assert response.status_code == 302
    world.need.refresh_from_db()
    assert world.need.expires_on == later


def test_a_closed_item_is_not_renewed_and_the_page_says_how_to_reopen_it(world: World) -> None:
    type(world.need).objects.filter(pk=world.need.pk).update(
        status=ItemStatus.CLOSED, expires_on=datetime.date(2020, 1, 1)
    )
    client = client_for(world.owner)
    renew = reverse("transfer:need_renew", args=[world.need.pk])
    assert f'action="{renew}"' not in client.get(world.need.get_absolute_url()).content.decode()

    response = client.post(renew, follow=True)

    assert "This item is closed" in response.content.decode()
    world.need.refresh_from_db()
    assert world.need.expires_on == datetime.date(2020, 1, 1)
    assert not AuditLog.objects.filter(action="innovationneed.renewed").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 302),
        ("author", 302),
        ("staff", 302),
        ("superuser", 302),
        ("colleague", 403),
        ("interested", 404),  # an expired item of another organisation is out of sight
        ("other_staff", 404),
    ],
)
def test_who_renews_an_expired_need(world: World, people: dict, role: str, status: int) -> None:
    type(world.need).objects.filter(pk=world.need.pk).update(expires_on=datetime.date(2020, 1, 1))

    response = client_for(people[role]).post(reverse("transfer:need_renew", args=[world.need.pk]))

    assert response.status_code == status
    world.need.refresh_from_db()
    renewed = world.need.expires_on > timezone.localdate()
    assert renewed == (status == 302)


# --- Expressing interest: double submissions and applicants ---------------------------------


def test_sending_the_same_interest_twice_leads_to_the_one_sent(world: World) -> None:
    client = client_for(world.interested)
    url = reverse("transfer:need_interest", args=[world.need.pk])
    data = {"organisation": world.interested_org.pk, "message": "We could help."}
    first = client.post(url, data)

    second = client.post(url, data, follow=True)

    interest = ExpressionOfInterest.objects.get()
    assert first["Location"] == interest.get_absolute_url()
    assert second.redirect_chain == [(interest.get_absolute_url(), 302)]
    assert "already expressed interest" in second.content.decode()
    assert ExpressionOfInterest.objects.count() == 1


def test_an_applicant_is_told_that_membership_comes_first(
    world: World, applicant_user: User
) -> None:
    response = client_for(applicant_user).get(world.need.get_absolute_url())

    assert response.context["express_form"] is None
    page = response.content.decode()
    assert "must belong to an organisation that is a member of a cluster" in page
    assert "Expressions of interest are closed" not in page


def test_a_stale_step_with_an_invalid_form_still_says_what_happened(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    services.decline_interest(world.owner, interest, "Not now")  # meanwhile, in another tab

    response = client_for(world.author).post(
        reverse("transfer:interest_step", args=[interest.pk, "decline"]), {"reason": ""}
    )

    assert response.status_code == 400
    assert "This step is no longer possible" in response.content.decode()
    assert "“Declined”" in response.content.decode()
