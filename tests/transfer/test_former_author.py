"""An author who has left the item's organisation keeps no say over the item."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ponte.members.models import Affiliation
from ponte.transfer import services_interest as services
from ponte.transfer.constants import InterestState
from ponte.transfer.selectors import can_answer_interest, can_edit_item, can_invite_to
from tests.helpers import client_for
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db


def leave(world: World) -> None:
    Affiliation.objects.filter(person__user=world.author).update(end=datetime.date(2025, 1, 1))
    world.author.refresh_from_db()
    vars(world.author).pop("_ponte_viewer", None)  # a new request derives the roles again


def test_an_author_who_left_no_longer_edits_renews_invites_or_answers(world: World) -> None:
    interest = eoi_in(InterestState.SENT, world.need, world.interested_org, world.interested)
    assert can_edit_item(world.author, world.need)
    assert can_answer_interest(world.author, interest)

    leave(world)

    assert not can_edit_item(world.author, world.need)
    assert not can_invite_to(world.author, world.secret_need)
    assert not can_answer_interest(world.author, interest)
    with pytest.raises(PermissionDenied):
        services.invite_to_item(world.author, world.secret_need, world.outsider_org)
    client = client_for(world.author)
    expires_on = world.need.expires_on
    renew = client.post(reverse("transfer:need_renew", args=[world.need.pk]))
    assert renew.status_code in (403, 404)
    world.need.refresh_from_db()
    assert world.need.expires_on == expires_on
    assert client.get(reverse("transfer:need_edit", args=[world.need.pk])).status_code in (
        403,
        404,
    )
