"""Who sees expressions of interest, and what an invitation (or a staff proposal) opens:
exactly the item it names, for the organisation it names, while the item is open."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.services import appoint_cluster_staff
from ponte.matching.selectors import allowed_keys
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership
from ponte.notifications.models import Notification, NotificationKind
from ponte.transfer import services_interest as services
from ponte.transfer.constants import Confidentiality, InterestState, ItemStatus
from ponte.transfer.selectors import visible_interests, visible_needs, visible_offers
from tests.factories import (
    BoardSeatFactory,
    InnovationNeedFactory,
    PersonFactory,
    TechnologyOfferFactory,
    UserFactory,
)
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db


def seen(user: Any) -> set[int]:
    return set(visible_needs(user).values_list("pk", flat=True))


def test_a_confidential_need_is_invisible_to_other_members_until_invited(world: World) -> None:
    assert world.secret_need.pk not in seen(world.interested)
    assert world.secret_need.pk not in seen(world.outsider)


def test_an_invitation_opens_exactly_that_item_to_exactly_that_organisation(
    world: World,
) -> None:
    other_secret = InnovationNeedFactory(
        organisation=world.owner_org, cluster=world.cluster, confidentiality=Confidentiality.STAFF
    )
    secret_offer = TechnologyOfferFactory(
        organisation=world.owner_org, cluster=world.cluster, confidentiality=Confidentiality.STAFF
    )
    before_interested = seen(world.interested)
    before_outsider = seen(world.outsider)
    offers_before = set(visible_offers(world.interested).values_list("pk", flat=True))

    services.invite_to_item(world.owner, world.secret_need, world.interested_org)

    assert seen(world.interested) == before_interested | {world.secret_need.pk}
    assert other_secret.pk not in seen(world.interested)
    assert set(visible_offers(world.interested).values_list("pk", flat=True)) == offers_before
    assert secret_offer.pk not in offers_before
    assert seen(world.outsider) == before_outsider
    # Every reader goes through the rule: matching sees it too, for the invited only.
    assert f"need:{world.secret_need.pk}" in allowed_keys(world.interested, ["need"])
    assert f"need:{world.secret_need.pk}" not in allowed_keys(world.outsider, ["need"])


def test_an_invitation_shows_no_draft_closed_or_expired_item(world: World) -> None:
    services.invite_to_item(world.owner, world.secret_need, world.interested_org)
    for change in (
        {"status": ItemStatus.DRAFT},
        {"status": ItemStatus.CLOSED},
        {"expires_on": timezone.localdate() - datetime.timedelta(days=1)},
    ):
        type(world.secret_need).objects.filter(pk=world.secret_need.pk).update(
            status=ItemStatus.PUBLISHED,
            expires_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        type(world.secret_need).objects.filter(pk=world.secret_need.pk).update(**change)
        assert world.secret_need.pk not in seen(world.interested), change


def test_the_invited_see_the_confidential_page_others_get_404(world: World) -> None:
    url = reverse("transfer:need", args=[world.secret_need.pk])
    client = Client()
    client.force_login(world.interested)
    assert client.get(url).status_code == 404

    services.invite_to_item(world.staff, world.secret_need, world.interested_org)

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["express_form"] is not None
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_a_staff_proposal_counts_as_an_invitation_and_tells_both_sides(world: World) -> None:
    proposal = services.propose_match(
        world.staff, world.secret_need, f"org:{world.interested_org.pk}"
    )

    assert world.secret_need.pk in seen(world.interested)
    assert proposal.match.invitations.count() == 1
    interest = services.express_interest(
        world.interested, world.secret_need, organisation=world.interested_org, message="Hi"
    )
    assert interest.state == InterestState.SENT
    told = set(
        Notification.objects.filter(kind=NotificationKind.MATCH_PROPOSED).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"member", "other-member"} <= told


def test_a_proposal_of_two_items_invites_each_side_to_the_other(world: World) -> None:
    secret_offer = TechnologyOfferFactory(
        organisation=world.outsider_org,
        cluster=world.cluster,
        confidentiality=Confidentiality.STAFF,
    )

    services.propose_match(world.staff, world.secret_need, f"offer:{secret_offer.pk}")

    assert world.secret_need.pk in seen(world.outsider)
    assert secret_offer.pk in set(visible_offers(world.owner).values_list("pk", flat=True))
    assert world.secret_need.pk not in seen(world.interested)


def test_only_the_clusters_staff_propose_and_only_once(world: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    target = f"org:{world.interested_org.pk}"
    for who in (world.owner, world.other_staff, world.interested):
        with pytest.raises(PermissionDenied):
            services.propose_match(who, world.need, target)
    services.propose_match(world.staff, world.need, target)
    with pytest.raises(ValidationError):
        services.propose_match(world.staff, world.need, target)
    with pytest.raises(ValidationError):
        services.propose_match(world.staff, world.need, f"org:{world.owner_org.pk}")
    with pytest.raises(ValidationError):
        services.propose_match(world.staff, world.need, "need:999999")


def test_both_sides_and_the_items_cluster_staff_see_an_interest(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)

    for who in ("owner", "colleague", "author", "interested", "staff"):
        assert visible_interests(getattr(world, who)).filter(pk=interest.pk).exists(), who


def test_nobody_else_sees_an_interest(world: World, regional_officer: Any, visitor: Any) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    board_user = UserFactory(username="board")
    BoardSeatFactory(
        cluster=world.cluster, person=PersonFactory(user=board_user), organisation=world.owner_org
    )
    unaffiliated = UserFactory(username="nobody")

    for user in (world.outsider, world.other_staff, regional_officer, visitor, unaffiliated):
        assert not visible_interests(user).filter(pk=interest.pk).exists(), user
    assert visible_interests(board_user).filter(pk=interest.pk).count() == 0


def test_an_interest_page_is_404_for_everyone_else(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
    url = reverse("transfer:interest", args=[interest.pk])
    client = Client()
    for user in (world.interested, world.owner, world.staff):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (world.outsider, world.other_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404
        response = client.post(reverse("transfer:interest_step", args=[interest.pk, "close"]))
        assert response.status_code == 404


def test_the_admin_lists_only_the_staffs_own_clusters_interests(
    world: World, superuser: Any, cluster_b: Any
) -> None:
    appoint_cluster_staff(None, world.staff, world.cluster)
    mine = eoi_in(InterestState.SENT, world.need, world.interested_org)
    elsewhere_need = InnovationNeedFactory(organisation=world.interested_org, cluster=cluster_b)
    theirs = eoi_in(InterestState.SENT, elsewhere_need, world.owner_org)
    url = reverse("admin:transfer_expressionofinterest_changelist")
    client = Client()

    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [mine]
    change = reverse("admin:transfer_expressionofinterest_change", args=[theirs.pk])
    assert client.get(change).status_code in (302, 404)

    client.force_login(superuser)
    assert set(client.get(url).context["cl"].queryset) == {mine, theirs}


@pytest.mark.parametrize("who_leaves", ["owner", "invited"])
def test_an_invitation_lapses_when_either_organisation_leaves(
    world: World, who_leaves: str
) -> None:
    """Withdrawn (or rejected) organisations have no place in the marketplace: the invited
    no longer see a confidential item of an owner that left, nor once they left themselves;
    the owner's own people still see it."""
    services.invite_to_item(world.owner, world.secret_need, world.interested_org)
    assert world.secret_need.pk in seen(world.interested)
    leaving = world.owner_org if who_leaves == "owner" else world.interested_org
    Membership.objects.filter(organisation=leaving).update(status=MembershipStatus.WITHDRAWN)

    fresh = User.objects.get(pk=world.interested.pk)  # a new request: roles read again
    assert world.secret_need.pk not in seen(fresh)
    assert f"need:{world.secret_need.pk}" not in allowed_keys(fresh, ["need"])
    assert world.secret_need.pk in seen(User.objects.get(pk=world.owner.pk))
