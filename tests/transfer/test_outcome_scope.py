"""Outcome figures read as their reader may: an interest in a confidential item moves no
count for someone who may not see the item, and every count of the staff's own cluster."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.transfer.constants import Confidentiality, InterestState
from ponte.transfer.models import ExpressionOfInterest
from ponte.transfer.outcomes import Granularity, period_containing
from ponte.transfer.selectors import interest_outcomes
from tests.factories import InnovationNeedFactory
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")
MARCH = period_containing(Granularity.MONTH, datetime.date(2026, 3, 1))


def sent_on(interest: ExpressionOfInterest, day: int) -> None:
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(
        sent_at=datetime.datetime(2026, 3, day, 10, tzinfo=ROME)
    )


def test_an_interest_in_a_confidential_item_moves_no_count_its_reader_may_not_see(
    world: World, cluster_b: Cluster, regional_officer: User, superuser: User
) -> None:
    sent_on(eoi_in(InterestState.SENT, world.need, world.interested_org), 2)
    sent_on(eoi_in(InterestState.SENT, world.secret_need, world.interested_org), 3)
    members_only = InnovationNeedFactory(
        organisation=world.owner_org,
        cluster=world.cluster,
        confidentiality=Confidentiality.MEMBERS,
    )
    sent_on(eoi_in(InterestState.SENT, members_only, world.outsider_org), 4)

    def sent(user: User, clusters: list[int] | None = None) -> int:
        return interest_outcomes(clusters, [MARCH], user=user)[0].counts["sent"]

    assert sent(regional_officer) == 2  # the public and the member-level need
    assert sent(world.other_staff) == 2
    assert sent(world.staff, [world.cluster.pk]) == 3
    assert sent(world.owner) == 3  # their own items
    assert sent(world.interested) == 3  # two public or member-level, one its own interest
    assert sent(superuser) == 3
