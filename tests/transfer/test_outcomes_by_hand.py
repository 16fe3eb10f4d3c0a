"""The outcome figures of the brokerage board checked by hand on a small dataset: an even
number of answers (median of the two middle ones), an empty period, interests in items of
another cluster, and confidential items counted only on the board of their own cluster."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.members.models import Organisation
from ponte.transfer.constants import InterestState
from ponte.transfer.models import ExpressionOfInterest
from tests.factories import InnovationNeedFactory, MembershipFactory
from tests.transfer.interest_world import World, eoi_in

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 3, 31, 18, tzinfo=datetime.UTC)


def _at(day: D, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _dated(interest: ExpressionOfInterest, **dates: datetime.datetime) -> None:
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(**dates)


def _org(world: World) -> Organisation:
    return MembershipFactory(cluster=world.cluster).organisation


@pytest.fixture
def dataset(world: World, cluster_b: object) -> dict[str, object]:
    with time_machine.travel(NOW, tick=False):
        # Cluster A, March 2026: four answers after 1, 2, 4 and 10 days (median 3), two
        # agreements 10 and 20 days after the introduction (median 15), one on the
        # confidential need.
        a1 = eoi_in(InterestState.AGREEMENT_SIGNED, world.need, _org(world))
        _dated(
            a1,
            sent_at=_at(D(2026, 3, 2)),
            accepted_at=_at(D(2026, 3, 3)),
            meeting_at=_at(D(2026, 3, 5)),
            agreement_at=_at(D(2026, 3, 13)),
            agreement_kind="nda",
        )
        a2 = eoi_in(InterestState.AGREEMENT_SIGNED, world.secret_need, _org(world))
        _dated(
            a2,
            sent_at=_at(D(2026, 3, 2)),
            accepted_at=_at(D(2026, 3, 4)),
            meeting_at=_at(D(2026, 3, 10)),
            agreement_at=_at(D(2026, 3, 24)),
            agreement_kind="licence",
        )
        a3 = eoi_in(InterestState.DECLINED, world.need, _org(world))
        _dated(a3, sent_at=_at(D(2026, 3, 5)), declined_at=_at(D(2026, 3, 9)))
        a4 = eoi_in(InterestState.DECLINED, world.need, _org(world))
        _dated(a4, sent_at=_at(D(2026, 3, 10)), declined_at=_at(D(2026, 3, 20)))
        # Sent in March, still unanswered: counted as sent, not in the medians.
        a5 = eoi_in(InterestState.SENT, world.need, _org(world))
        _dated(a5, sent_at=_at(D(2026, 3, 30)))
        # Cluster B: an A member's interest in a B need answered after 30 days; it belongs
        # to B's figures only.
        b_need = InnovationNeedFactory(organisation=world.interested_org, cluster=cluster_b)
        b1 = eoi_in(InterestState.INTRODUCED, b_need, world.owner_org)
        _dated(b1, sent_at=_at(D(2026, 2, 15)), accepted_at=_at(D(2026, 3, 17)))
    return {"b_need": b_need}


def _board(user: object, slug: str) -> object:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("transfer:brokerage", args=[slug]))


def test_the_board_figures_of_a_month_match_the_hand_count(world: World, dataset: dict) -> None:
    response = _board(world.staff, world.cluster.slug)

    march, february = response.context["outcomes"][:2]
    assert march.period.start == D(2026, 3, 1)
    assert march.counts == {
        "sent": 5,
        "introduced": 2,
        "declined": 2,
        "meeting_held": 2,
        "agreement_signed": 2,
        "project_started": 0,
        "closed": 0,
    }
    assert march.median_days_to_answer == 3.0  # of 1, 2, 4, 10
    assert march.median_days_to_agreement == 15.0  # of 10 and 20
    assert march.agreements_by_kind == [("Non-disclosure agreement", 1), ("Licence", 1)]
    assert february.total == 0
    assert february.median_days_to_answer is None
    assert february.median_days_to_agreement is None
    page = response.content.decode()
    assert "Non-disclosure agreement: 1 · Licence: 1" in page
    assert "—" in page  # empty medians


def test_a_quarter_adds_up_its_months(world: World, dataset: dict) -> None:
    client = Client()
    client.force_login(world.staff)
    with time_machine.travel(NOW, tick=False):
        response = client.get(
            reverse("transfer:brokerage", args=[world.cluster.slug]), {"granularity": "quarter"}
        )
    q1 = response.context["outcomes"][0]
    assert q1.period.label == "Q1 2026"
    assert q1.counts["sent"] == 5 and q1.median_days_to_answer == 3.0


def test_an_interest_is_counted_by_the_cluster_of_its_item(
    world: World, dataset: dict, other_staff_user: object
) -> None:
    response = _board(world.other_staff, "cluster-b")

    march, february = response.context["outcomes"][:2]
    # Only B's need: the interest sent in February and accepted in March after 30 days;
    # A's confidential need and its agreement appear nowhere on B's board.
    assert february.counts["sent"] == 1 and february.total == 1
    assert march.counts["introduced"] == 1 and march.total == 1
    assert march.median_days_to_answer == 30.0
    assert march.agreements_by_kind == []
    states = {s["value"]: s["count"] for s in response.context["states"]}
    assert sum(states.values()) == 1
    assert world.secret_need.title not in response.content.decode()


def test_an_unknown_period_falls_back_to_months(world: World, dataset: dict) -> None:
    client = Client()
    client.force_login(world.staff)
    with time_machine.travel(NOW, tick=False):
        response = client.get(
            reverse("transfer:brokerage", args=[world.cluster.slug]), {"granularity": "decade"}
        )
    assert response.status_code == 200
    assert response.context["granularity"] == "month"
    assert len(response.context["outcomes"]) == 12
