"""An item's page lists the expressions of interest it received, each with its history and who
took each step: in a number of queries that does not grow with them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.transfer.constants import InterestState
from tests.factories import MembershipFactory, person_in
from tests.helpers import client_for
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db


def _interest_with_actors(world: World, n: int) -> None:
    """An interest of a new member organisation, each step of its history taken by someone."""
    organisation = MembershipFactory(cluster=world.cluster).organisation
    sender = person_in(organisation, username=f"sender{n}")
    interest = eoi_in(InterestState.MEETING_HELD, world.need, organisation, days_ago=40 + n)
    for event in interest.events.all():
        event.by = sender if event.to_state != InterestState.INTRODUCED else world.owner
        event.save(update_fields=["by"])


@pytest.mark.parametrize("viewer", ["owner", "staff"])
def test_the_received_cards_on_the_item_page_take_constant_queries(
    world: World, viewer: str
) -> None:
    client = client_for(getattr(world, viewer))
    url = reverse("transfer:need", args=[world.need.pk])
    _interest_with_actors(world, 0)

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["received_cards"]) == 1
    for n in range(1, 4):
        _interest_with_actors(world, n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["received_cards"]) == 4
    assert len(many) == len(few)
