"""The pages of expressions of interest and the brokerage board, through the test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.transfer.constants import InterestState
from ponte.transfer.models import ExpressionOfInterest, ProposedMatch
from tests.factories import InnovationNeedFactory, MembershipFactory, person_in
from tests.helpers import client_for
from tests.transfer.interest_world import World, board_suggestions_of, eoi_in

pytestmark = pytest.mark.django_db


def test_a_member_of_another_organisation_gets_the_form(world: World) -> None:
    response = client_for(world.interested).get(reverse("transfer:need", args=[world.need.pk]))

    assert response.status_code == 200
    assert response.context["express_form"] is not None
    assert reverse("transfer:need_interest", args=[world.need.pk]) in response.content.decode()


def test_a_visitor_is_asked_to_log_in_and_the_owner_sees_no_form(world: World) -> None:
    url = reverse("transfer:need", args=[world.need.pk])
    visitor = Client().get(url)
    assert visitor.context["express_form"] is None
    assert visitor.context["interest"].needs_login

    owner = client_for(world.owner).get(url)
    assert owner.context["express_form"] is None
    assert owner.context["invite_form"] is not None


def test_a_confidential_item_says_invited_only_to_staff_and_owner_gets_invite_form(
    world: World,
) -> None:
    response = client_for(world.staff).get(reverse("transfer:need", args=[world.secret_need.pk]))

    assert response.context["express_form"] is None
    assert response.context["invite_form"] is not None


def test_expressing_interest_through_the_page(world: World) -> None:
    response = client_for(world.interested).post(
        reverse("transfer:need_interest", args=[world.need.pk]),
        {"organisation": world.interested_org.pk, "message": "We have the lab for it."},
    )

    interest = ExpressionOfInterest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:interest", args=[interest.pk])
    assert interest.message == "We have the lab for it."


def test_an_empty_message_comes_back_with_an_error(world: World) -> None:
    response = client_for(world.interested).post(
        reverse("transfer:need_interest", args=[world.need.pk]),
        {"organisation": world.interested_org.pk, "message": ""},
    )

    assert response.status_code == 400
    assert response.context["express_form"].errors["message"]
    assert not ExpressionOfInterest.objects.exists()


def test_inviting_through_the_page(world: World) -> None:
    response = client_for(world.owner).post(
        reverse("transfer:need_invite", args=[world.secret_need.pk]),
        {"organisation": world.interested_org.pk, "note": "Have a look."},
    )

    assert response.status_code == 302
    assert world.secret_need.interestinvitation_set.get().organisation == world.interested_org


def test_the_owner_accepts_from_the_item_page_and_returns_there(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    item_url = reverse("transfer:need", args=[world.need.pk])
    page = client_for(world.owner).get(item_url).content.decode()
    accept = reverse("transfer:interest_step", args=[interest.pk, "accept"])
    assert f'formaction="{accept}"' in page

    response = client_for(world.owner).post(accept, {"note": "", "next": item_url})

    assert response.status_code == 302 and response["Location"] == item_url
    interest.refresh_from_db()
    assert interest.state == InterestState.INTRODUCED


def test_a_decline_without_reason_shows_the_error_on_the_interest_page(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)

    response = client_for(world.owner).post(
        reverse("transfer:interest_step", args=[interest.pk, "decline"]), {"reason": ""}
    )

    assert response.status_code == 400
    step, form = response.context["bound"]
    assert step == "decline" and form.errors["reason"]


def test_the_interested_party_may_not_accept_its_own(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)

    response = client_for(world.interested).post(
        reverse("transfer:interest_step", args=[interest.pk, "accept"]), {}
    )

    assert response.status_code == 403
    interest.refresh_from_db()
    assert interest.state == InterestState.SENT


def test_an_unknown_step_is_404(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    url = reverse("transfer:interest_step", args=[interest.pk, "teleport"])
    assert client_for(world.owner).post(url).status_code == 404


def test_the_interest_page_shows_the_history_and_contacts_once_introduced(world: World) -> None:
    interest = eoi_in(
        InterestState.MEETING_HELD, world.need, world.interested_org, world.interested
    )

    page = client_for(world.owner).get(interest.get_absolute_url()).content.decode()

    assert page.count('data-action="') == 3
    assert world.interested.email in page
    assert reverse("transfer:interest_step", args=[interest.pk, "agreement"]) in page


def test_my_interests_lists_sent_and_received_in_constant_queries(world: World) -> None:
    eoi_in(InterestState.SENT, world.need, world.interested_org)
    mine = InnovationNeedFactory(organisation=world.interested_org, cluster=world.cluster)
    eoi_in(InterestState.INTRODUCED, mine, world.owner_org)
    client = client_for(world.owner)
    url = reverse("transfer:interests")

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["received"]) == 1
    assert len(response.context["sent"]) == 1
    for n in range(3):
        other = MembershipFactory(cluster=world.cluster).organisation
        eoi_in(InterestState.MEETING_HELD, world.need, other, days_ago=40 + n)
        eoi_in(InterestState.SENT, InnovationNeedFactory(organisation=other), world.owner_org)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["received"]) == 4
    assert len(response.context["sent"]) == 4
    assert len(many) == len(few)


def test_the_outsider_sees_an_empty_list(world: World) -> None:
    eoi_in(InterestState.SENT, world.need, world.interested_org)
    response = client_for(world.outsider).get(reverse("transfer:interests"))
    assert response.context["received"] == [] and response.context["sent"] == []


# --- The brokerage board ---------------------------------------------------------------------


def board_url(world: World) -> str:
    return reverse("transfer:brokerage", args=[world.cluster.slug])


def test_the_board_is_for_the_clusters_staff_only(world: World, superuser: Any) -> None:
    assert client_for(world.staff).get(board_url(world)).status_code == 200
    assert client_for(superuser).get(board_url(world)).status_code == 200
    for user in (world.other_staff, world.owner, world.interested):
        assert client_for(user).get(board_url(world)).status_code == 404
    assert Client().get(board_url(world)).status_code == 302  # to the log-in page


def test_the_board_index_leads_staff_to_their_board(world: World) -> None:
    response = client_for(world.staff).get(reverse("transfer:brokerage_index"))
    assert response.status_code == 302 and response["Location"] == board_url(world)
    assert client_for(world.owner).get(reverse("transfer:brokerage_index")).status_code == 404


def test_the_board_shows_interests_by_state_waiting_ones_and_outcomes(world: World) -> None:
    late = eoi_in(InterestState.SENT, world.need, world.interested_org, days_ago=40)
    eoi_in(InterestState.AGREEMENT_SIGNED, world.secret_need, world.interested_org)

    response = client_for(world.staff).get(board_url(world), {"granularity": "quarter"})

    counts = {s["value"]: s["count"] for s in response.context["states"]}
    assert counts["sent"] == 1 and counts["agreement_signed"] == 1 and counts["closed"] == 0
    assert [w.interest for w in response.context["waiting"]] == [late]
    assert len(response.context["outcomes"]) == 8
    assert response.context["granularity"] == "quarter"
    assert world.need in response.context["needs"]
    page = response.content.decode()
    assert (
        reverse("transfer:brokerage_suggestions", args=[world.cluster.slug, "need", world.need.pk])
        in page
    )


def test_proposing_a_match_from_the_board(world: World) -> None:
    response = client_for(world.staff).post(
        reverse("transfer:brokerage_propose", args=[world.cluster.slug]),
        {
            "kind": "need",
            "item": world.secret_need.pk,
            "target_key": f"org:{world.interested_org.pk}",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'data-testid="proposed"' in response.content.decode()
    assert ProposedMatch.objects.get().need == world.secret_need


def test_nobody_but_staff_proposes_and_items_of_other_clusters_are_out_of_reach(
    world: World, cluster_b: Any
) -> None:
    url = reverse("transfer:brokerage_propose", args=[world.cluster.slug])
    data = {"kind": "need", "item": world.need.pk, "target_key": f"org:{world.interested_org.pk}"}
    assert client_for(world.owner).post(url, data).status_code == 404
    elsewhere = InnovationNeedFactory(organisation=world.interested_org, cluster=cluster_b)
    data["item"] = elsewhere.pk
    assert client_for(world.staff).post(url, data).status_code == 404
    assert not ProposedMatch.objects.exists()


def test_board_suggestions_offer_to_propose_each_match(
    world: World, settings: Any, tmp_path: Any
) -> None:
    response = board_suggestions_of(world, world.need, settings, tmp_path)

    assert response.status_code == 200
    assert response.templates[0].name == "transfer/brokerage/_suggestions.html"
    assert response.context["suggestions"]
    assert 'data-testid="propose"' in response.content.decode()
    for suggestion in response.context["suggestions"]:
        assert suggestion.key != f"need:{world.need.pk}"
    other = person_in(world.interested_org, username="elsewhere")
    assert (
        client_for(other)
        .get(
            reverse(
                "transfer:brokerage_suggestions", args=[world.cluster.slug, "need", world.need.pk]
            )
        )
        .status_code
        == 404
    )
