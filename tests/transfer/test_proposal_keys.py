"""A proposal names its target by a matching key typed into a hidden field: a key that is no
key is refused (never a server error), and one target has one key, so the same match cannot be
proposed twice (and its people told twice) under "org:7" and "org:07"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.notifications.models import Notification
from ponte.transfer.models import ProposedMatch
from tests.helpers import client_for
from tests.transfer.interest_world import World

pytestmark = pytest.mark.django_db


def _propose(world: World, key: str) -> str:
    response = client_for(world.staff).post(
        reverse("transfer:brokerage_propose", args=[world.cluster.slug]),
        {"kind": "need", "item": world.need.pk, "target_key": key},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("ident", ["²", "٣", "¹²"])
def test_digits_that_are_not_ascii_make_no_key(world: World, ident: str) -> None:
    page = _propose(world, f"org:{ident}")
    assert 'data-testid="proposed"' not in page
    assert not ProposedMatch.objects.exists()


def test_one_target_one_key(world: World) -> None:
    pk = world.interested_org.pk
    assert 'data-testid="proposed"' in _propose(world, f"org:{pk}")
    told = Notification.objects.count()

    page = _propose(world, f"org:0{pk}")

    assert 'data-testid="proposed"' not in page
    assert list(ProposedMatch.objects.values_list("target_key", flat=True)) == [f"org:{pk}"]
    assert Notification.objects.count() == told


def test_a_key_with_leading_zeros_is_stored_as_the_canonical_key(world: World) -> None:
    pk = world.interested_org.pk
    assert 'data-testid="proposed"' in _propose(world, f"org:00{pk}")
    assert ProposedMatch.objects.get().target_key == f"org:{pk}"
