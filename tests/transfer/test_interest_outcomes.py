"""Outcome figures: working days, medians, periods (pure), and the counts and medians per
cluster and period that the board shows and the reporting will read."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from ponte.transfer.constants import InterestState
from ponte.transfer.outcomes import (
    Granularity,
    last_periods,
    median_days,
    period_containing,
    working_days_between,
)
from ponte.transfer.selectors import (
    cluster_interests,
    interest_outcomes,
    waiting_for_answer,
)
from tests.factories import InnovationNeedFactory
from tests.transfer.interest_world import World, eoi_in

D = datetime.date
FRIDAY = D(2026, 3, 6)
MONDAY = D(2026, 3, 9)


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        (MONDAY, MONDAY, 0),
        (FRIDAY, MONDAY, 1),  # the weekend does not count
        (FRIDAY, D(2026, 3, 7), 0),  # Friday to Saturday
        (MONDAY, D(2026, 3, 13), 4),  # to Friday of the same week
        (MONDAY, D(2026, 3, 16), 5),  # a week later
        (MONDAY, D(2026, 3, 23), 10),
        (MONDAY, D(2026, 3, 24), 11),
        (D(2026, 3, 7), D(2026, 3, 8), 0),  # Saturday to Sunday
        (MONDAY, FRIDAY, -1),
    ],
)
def test_working_days_count_monday_to_friday(a: D, b: D, days: int) -> None:
    assert working_days_between(a, b) == days


def test_medians_in_days() -> None:
    day = datetime.timedelta(days=1)
    assert median_days([]) is None
    assert median_days([3 * day]) == 3.0
    assert median_days([1 * day, 10 * day, 2 * day]) == 2.0
    assert median_days([1 * day, 2 * day]) == 1.5
    # Rounded half up, as a hand computation does: 2.25 days is 2.3, 34.25 days is 34.3
    # (Python's round() gives 2.2 and 34.2).
    assert median_days([datetime.timedelta(hours=36), day, 3 * day, 4 * day]) == 2.3
    assert median_days([datetime.timedelta(days=34, hours=6)]) == 34.3
    assert median_days([datetime.timedelta(hours=3)]) == 0.1  # 0.125
    assert median_days([datetime.timedelta(hours=1)]) == 0.0  # 0.0417


def test_periods_are_calendar_months_quarters_and_years() -> None:
    day = D(2026, 5, 20)
    assert period_containing(Granularity.MONTH, day).start == D(2026, 5, 1)
    assert period_containing(Granularity.MONTH, D(2026, 12, 3)).end == D(2027, 1, 1)
    quarter = period_containing(Granularity.QUARTER, day)
    assert (quarter.start, quarter.end, quarter.label) == (D(2026, 4, 1), D(2026, 7, 1), "Q2 2026")
    assert period_containing(Granularity.YEAR, day).label == "2026"
    months = last_periods(Granularity.MONTH, day, 12)
    assert [p.start for p in months[:3]] == [D(2026, 5, 1), D(2026, 4, 1), D(2026, 3, 1)]
    assert months[-1].start == D(2025, 6, 1)
    assert all(a.start == b.end for a, b in zip(months, months[1:], strict=False))


def _at(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.mark.django_db
def test_outcomes_count_each_step_in_its_period_with_medians(
    world: World, cluster_b: object, superuser: object
) -> None:
    march = period_containing(Granularity.MONTH, D(2026, 3, 15))
    april = period_containing(Granularity.MONTH, D(2026, 4, 15))
    # Answered after 2 and 4 days; introduced 1 March, agreement 21 March: 20 days.
    a = eoi_in(InterestState.AGREEMENT_SIGNED, world.need, world.interested_org)
    a.__class__.objects.filter(pk=a.pk).update(
        sent_at=_at(D(2026, 2, 27)),
        accepted_at=_at(D(2026, 3, 1)),
        meeting_at=_at(D(2026, 3, 10)),
        agreement_at=_at(D(2026, 3, 21)),
        agreement_kind="licence",
    )
    b = eoi_in(InterestState.DECLINED, world.secret_need, world.interested_org)
    b.__class__.objects.filter(pk=b.pk).update(
        sent_at=_at(D(2026, 3, 2)), declined_at=_at(D(2026, 3, 6))
    )
    c = eoi_in(InterestState.SENT, world.need, world.outsider_org)
    c.__class__.objects.filter(pk=c.pk).update(sent_at=_at(D(2026, 4, 2)))
    elsewhere = InnovationNeedFactory(organisation=world.interested_org, cluster=cluster_b)
    d = eoi_in(InterestState.SENT, elsewhere, world.owner_org)
    d.__class__.objects.filter(pk=d.pk).update(sent_at=_at(D(2026, 3, 3)))

    in_march, in_april = interest_outcomes([world.cluster.pk], [march, april], user=world.staff)

    assert in_march.counts == {
        "sent": 1,
        "introduced": 1,
        "declined": 1,
        "meeting_held": 1,
        "agreement_signed": 1,
        "project_started": 0,
        "closed": 0,
    }
    assert in_march.agreements["licence"] == 1
    assert in_march.median_days_to_answer == 3.0  # of 2 and 4 days
    assert in_march.median_days_to_agreement == 20.0
    assert in_april.counts["sent"] == 1 and in_april.total == 1
    assert in_april.median_days_to_answer is None
    network = interest_outcomes(None, [march], user=superuser)[0]
    assert network.counts["sent"] == 2


@pytest.mark.django_db
def test_waiting_lists_unanswered_interest_older_than_ten_working_days(world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 24, 12, tzinfo=datetime.UTC)):
        late = eoi_in(InterestState.SENT, world.need, world.interested_org)
        on_time = eoi_in(InterestState.SENT, world.need, world.outsider_org)
        answered = eoi_in(InterestState.INTRODUCED, world.secret_need, world.interested_org)
        late.__class__.objects.filter(pk=late.pk).update(sent_at=_at(MONDAY))  # 11 days
        on_time.__class__.objects.filter(pk=on_time.pk).update(sent_at=_at(D(2026, 3, 10)))
        answered.__class__.objects.filter(pk=answered.pk).update(sent_at=_at(D(2026, 1, 5)))

        waiting = waiting_for_answer(cluster_interests(world.staff, world.cluster))

    assert [(w.interest.pk, w.working_days) for w in waiting] == [(late.pk, 11)]
