"""A step sent twice (a double click, the back button) or from a page someone else has
overtaken is refused: above all a revert, which would otherwise undo a second step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ponte.transfer import services_interest as services
from ponte.transfer.constants import InterestAction, InterestState
from ponte.transfer.models import ExpressionOfInterest
from tests.helpers import client_for
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db


def form_state(page: str, step: str) -> str:
    """The hidden state carried by the form of `step` on an interest's page."""
    form = page[page.index(f'data-testid="action-{step}"') :]
    match = re.search(r'name="state" value="([a-z_]+)"', form)
    assert match, f"no state in the {step} form"
    return match.group(1)


def test_a_revert_sent_twice_undoes_one_step_only(world: World) -> None:
    interest = eoi_in(InterestState.AGREEMENT_SIGNED, world.need, world.interested_org)
    client = client_for(world.staff)
    page = client.get(interest.get_absolute_url()).content.decode()
    data = {"reason": "Recorded by mistake", "state": form_state(page, "revert")}
    url = reverse("transfer:interest_step", args=[interest.pk, "revert"])

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "no longer possible" in second.content.decode()
    interest.refresh_from_db()
    assert interest.state == InterestState.MEETING_HELD
    assert interest.events.filter(action=InterestAction.REVERTED).count() == 1


def test_a_step_from_a_page_overtaken_by_the_other_side_is_refused_then_offered_again(
    world: World,
) -> None:
    interest = eoi_in(InterestState.INTRODUCED, world.need, world.interested_org)
    owner = client_for(world.owner)
    page = owner.get(interest.get_absolute_url()).content.decode()
    assert form_state(page, "close") == InterestState.INTRODUCED
    services.record_meeting(world.interested, interest)  # meanwhile, on the other side

    url = reverse("transfer:interest_step", args=[interest.pk, "close"])
    refused = owner.post(url, {"reason": "No budget", "state": form_state(page, "close")})

    assert refused.status_code == 400
    assert "now “Meeting held”" in refused.content.decode()
    assert ExpressionOfInterest.objects.get(pk=interest.pk).state == InterestState.MEETING_HELD
    again = owner.post(
        url, {"reason": "No budget", "state": form_state(refused.content.decode(), "close")}
    )
    assert again.status_code == 302
    assert ExpressionOfInterest.objects.get(pk=interest.pk).state == InterestState.CLOSED


def test_the_service_refuses_a_revert_of_a_state_already_left(world: World) -> None:
    from django.core.exceptions import ValidationError

    interest = eoi_in(InterestState.MEETING_HELD, world.need, world.interested_org)
    services.revert_interest(world.staff, interest, "Too early", expected_state="meeting_held")
    with pytest.raises(ValidationError):
        services.revert_interest(world.staff, interest, "Too early", expected_state="meeting_held")
    interest.refresh_from_db()
    assert interest.state == InterestState.INTRODUCED
