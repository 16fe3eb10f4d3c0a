"""Whom a staff proposal of a match reaches: only people who can open what they are told
of, only member organisations invited, and a side with nobody on Ponte reported to the
staff instead of being claimed as told."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ponte.accounts.models import User
from ponte.members.models import Organisation
from ponte.notifications.models import Notification, NotificationKind
from ponte.transfer import services_interest as services
from ponte.transfer.models import InterestInvitation, ProposedMatch
from ponte.transfer.selectors import is_visible_item
from tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.helpers import client_for
from tests.transfer.interest_world import World, board_suggestions_of

pytestmark = pytest.mark.django_db


def proposals_told() -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(kind=NotificationKind.MATCH_PROPOSED).values_list(
            "recipient__username", "message"
        )
    )


def test_a_person_of_no_organisation_is_never_told_of_a_confidential_item(
    world: World,
) -> None:
    loner = UserFactory(username="loner")
    person = PersonFactory(user=loner)

    with pytest.raises(ValidationError, match="could not open this item"):
        services.propose_match(world.staff, world.secret_need, f"person:{person.pk}")

    assert not is_visible_item(loner, world.secret_need)
    assert proposals_told() == []
    assert not ProposedMatch.objects.exists()


def test_an_applicant_is_neither_invited_to_a_confidential_item_nor_named_to_its_owner(
    world: World, applicant_org: Organisation, applicant_user: User
) -> None:
    with pytest.raises(ValidationError):
        services.propose_match(world.staff, world.secret_need, f"org:{applicant_org.pk}")

    assert not is_visible_item(applicant_user, world.secret_need)
    assert not InterestInvitation.objects.exists()
    assert proposals_told() == []


def test_only_member_organisations_are_invited(world: World, applicant_org: Organisation) -> None:
    with pytest.raises(ValidationError, match="only active members"):
        services.invite_to_item(world.owner, world.secret_need, applicant_org)
    assert not InterestInvitation.objects.exists()


def test_a_person_without_a_login_is_proposed_and_the_staff_are_told_to_contact_them(
    world: World,
) -> None:
    nobody_home = MembershipFactory(cluster=world.cluster).organisation
    person = PersonFactory(first_name="Ada", last_name="Senzaccount")
    AffiliationFactory(person=person, organisation=nobody_home)
    url = reverse("transfer:brokerage_propose", args=[world.cluster.slug])
    data = {"kind": "need", "item": world.secret_need.pk, "target_key": f"person:{person.pk}"}

    response = client_for(world.staff).post(url, data, follow=True)

    page = response.content.decode()
    assert "both sides have been told" not in page
    assert "nobody could be told for Ada Senzaccount" in page
    assert InterestInvitation.objects.filter(
        organisation=nobody_home, need=world.secret_need
    ).exists()
    assert {username for username, _message in proposals_told()} == {
        "member",
        "colleague",
        "author",
    }


def test_over_htmx_the_side_nobody_could_tell_is_reported_in_place(world: World) -> None:
    organisation = MembershipFactory(cluster=world.cluster).organisation
    url = reverse("transfer:brokerage_propose", args=[world.cluster.slug])
    data = {"kind": "need", "item": world.need.pk, "target_key": f"org:{organisation.pk}"}

    response = client_for(world.staff).post(url, data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'data-testid="proposed"' in response.content.decode()
    assert f"nobody could be told for {organisation.name}" in response.content.decode()


def test_a_refused_proposal_says_why_in_place_over_htmx(world: World) -> None:
    """htmx swaps no 4xx answer: a refusal sent as one would leave the button silent."""
    url = reverse("transfer:brokerage_propose", args=[world.cluster.slug])
    data = {"kind": "need", "item": world.need.pk, "target_key": f"org:{world.interested_org.pk}"}
    client = client_for(world.staff)
    client.post(url, data, HTTP_HX_REQUEST="true")

    again = client.post(url, data, HTTP_HX_REQUEST="true")

    assert again.status_code == 200
    assert "This match has already been proposed." in again.content.decode()
    assert 'data-testid="propose-refused"' in again.content.decode()


def test_an_organisation_without_membership_may_be_shown_a_public_item(world: World) -> None:
    outside = OrganisationFactory()
    reader = UserFactory(username="reader")
    AffiliationFactory(person=PersonFactory(user=reader), organisation=outside)

    proposal = services.propose_match(world.staff, world.need, f"org:{outside.pk}")

    assert proposal.target_told == 1 and proposal.owners_told == 3
    assert not InterestInvitation.objects.exists()


def test_the_board_suggests_no_draft_or_expired_item_it_could_not_propose(
    world: World, settings: Any, tmp_path: Path
) -> None:
    import datetime

    from ponte.transfer.constants import ItemStatus
    from tests.factories import TechnologyOfferFactory

    text = {"title": "Emulsionante a freddo", "summary": "Emulsionante a freddo per creme."}
    world.need.__class__.objects.filter(pk=world.need.pk).update(**text)
    draft = TechnologyOfferFactory(
        organisation=world.outsider_org, cluster=world.cluster, status=ItemStatus.DRAFT, **text
    )
    expired = TechnologyOfferFactory(organisation=world.outsider_org, cluster=world.cluster, **text)
    expired.__class__.objects.filter(pk=expired.pk).update(expires_on=datetime.date(2020, 1, 1))
    open_offer = TechnologyOfferFactory(
        organisation=world.interested_org, cluster=world.cluster, **text
    )
    response = board_suggestions_of(world, world.need, settings, tmp_path)

    keys = [suggestion.key for suggestion in response.context["suggestions"]]
    assert f"offer:{open_offer.pk}" in keys
    assert f"offer:{draft.pk}" not in keys
    assert f"offer:{expired.pk}" not in keys
    assert len(keys) <= 3


def test_the_board_names_the_matches_proposed(world: World) -> None:
    organisation = MembershipFactory(
        cluster=world.cluster, organisation__name="Officina Zeta"
    ).organisation
    person = PersonFactory(first_name="Bice", last_name="Proposta")
    AffiliationFactory(person=person, organisation=organisation)
    services.propose_match(world.staff, world.need, f"org:{organisation.pk}")
    services.propose_match(world.staff, world.need, f"person:{person.pk}")

    page = (
        client_for(world.staff)
        .get(reverse("transfer:brokerage", args=[world.cluster.slug]))
        .content.decode()
    )

    proposals = page[page.index('id="proposals-title"') :]
    assert "Officina Zeta" in proposals and organisation.get_absolute_url() in proposals
    assert "Bice Proposta" in proposals
    assert f"org:{organisation.pk}" not in proposals


def test_the_board_marks_confidential_suggestions_and_both_sides_are_told_what_opened(
    world: World, settings: Any, tmp_path: Path
) -> None:
    """Proposing a confidential offer opens it to the need's organisation: the board says so
    before the click, and the offer's people learn it from the notice, not only from the
    "Invited" line on their item's page."""
    from ponte.transfer.constants import Confidentiality
    from tests.factories import TechnologyOfferFactory

    text = {"title": "Emulsionante a freddo", "summary": "Emulsionante a freddo per creme."}
    world.need.__class__.objects.filter(pk=world.need.pk).update(**text)
    secret = TechnologyOfferFactory(
        organisation=world.outsider_org,
        cluster=world.cluster,
        confidentiality=Confidentiality.STAFF,
        **text,
    )
    response = board_suggestions_of(world, world.need, settings, tmp_path)
    assert f"offer:{secret.pk}" in response.context["confidential"]
    assert response.content.decode().count('data-testid="opens-confidential"') == 1

    world.need.refresh_from_db()
    services.propose_match(world.staff, world.need, f"offer:{secret.pk}")

    told = dict(proposals_told())
    assert told["outsider"] == (
        "The cluster's staff propose that you look at “Emulsionante a freddo”: it may fit "
        "you. They have opened your confidential “Emulsionante a freddo” to its organisation."
    )


def test_the_owners_of_a_confidential_item_are_told_a_proposal_opened_it(world: World) -> None:
    services.propose_match(world.staff, world.secret_need, f"org:{world.interested_org.pk}")

    told = dict(proposals_told())
    title = world.secret_need.title
    target = world.interested_org.name
    assert told["member"] in (
        f"The cluster's staff propose “{target}” as a match for your confidential “{title}”, "
        "and have opened it to them.",
        f"Lo staff del cluster propone “{target}” come abbinamento per la tua scheda riservata "
        f"“{title}”, e gliel'ha aperta.",
    )
    assert told["other-member"] in (
        f"The cluster's staff propose that you look at “{title}”: it may fit you.",
        f"Lo staff del cluster ti propone di dare un'occhiata a “{title}”: potrebbe fare al "
        "caso tuo.",
    )
