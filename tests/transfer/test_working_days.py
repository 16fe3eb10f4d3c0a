"""Working days for the "waiting for an answer" list: Monday to Friday without the Italian
national holidays (Easter Monday included), checked against dates written out by hand and at
the edges of the ten-working-day limit with a frozen clock."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ponte.transfer.constants import InterestState
from ponte.transfer.outcomes import (
    easter_sunday,
    is_working_day,
    italian_holidays,
    working_days_between,
)
from ponte.transfer.selectors import cluster_interests, waiting_for_answer
from tests.transfer.interest_world import World, eoi_in

D = datetime.date

# Easter Sunday from the tables of the Church (as published, e.g., by the Astronomical
# Society of South Australia), 2000–2040: the oracle the algorithm is checked against.
EASTER = {
    2000: D(2000, 4, 23), 2001: D(2001, 4, 15), 2002: D(2002, 3, 31), 2003: D(2003, 4, 20),
    2004: D(2004, 4, 11), 2005: D(2005, 3, 27), 2006: D(2006, 4, 16), 2007: D(2007, 4, 8),
    2008: D(2008, 3, 23), 2009: D(2009, 4, 12), 2010: D(2010, 4, 4), 2011: D(2011, 4, 24),
    2012: D(2012, 4, 8), 2013: D(2013, 3, 31), 2014: D(2014, 4, 20), 2015: D(2015, 4, 5),
    2016: D(2016, 3, 27), 2017: D(2017, 4, 16), 2018: D(2018, 4, 1), 2019: D(2019, 4, 21),
    2020: D(2020, 4, 12), 2021: D(2021, 4, 4), 2022: D(2022, 4, 17), 2023: D(2023, 4, 9),
    2024: D(2024, 3, 31), 2025: D(2025, 4, 20), 2026: D(2026, 4, 5), 2027: D(2027, 3, 28),
    2028: D(2028, 4, 16), 2029: D(2029, 4, 1), 2030: D(2030, 4, 21), 2031: D(2031, 4, 13),
    2032: D(2032, 3, 28), 2033: D(2033, 4, 17), 2034: D(2034, 4, 9), 2035: D(2035, 3, 25),
    2036: D(2036, 4, 13), 2037: D(2037, 4, 5), 2038: D(2038, 4, 25), 2039: D(2039, 4, 10),
    2040: D(2040, 4, 1),
}  # fmt: skip
FIXED = [(1, 1), (1, 6), (4, 25), (5, 1), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)]


def _holiday_by_hand(day: D) -> bool:
    return (
        (day.month, day.day) in FIXED
        or (day.year >= 2001 and (day.month, day.day) == (6, 2))  # Republic Day again
        or (day.year >= 2026 and (day.month, day.day) == (10, 4))  # Saint Francis
        or day == EASTER[day.year] + datetime.timedelta(days=1)
    )


def test_easter_sunday_agrees_with_the_tables() -> None:
    assert {year: easter_sunday(year) for year in EASTER} == EASTER


def test_the_italian_holidays_of_2026() -> None:
    assert sorted(italian_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 1, 6),
        D(2026, 4, 6),  # Easter Monday
        D(2026, 4, 25),
        D(2026, 5, 1),
        D(2026, 6, 2),
        D(2026, 8, 15),
        D(2026, 10, 4),
        D(2026, 11, 1),
        D(2026, 12, 8),
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]
    # Saint Francis is a national holiday again from 2026 only; Milan's patron is local.
    assert D(2025, 10, 4) not in italian_holidays(2025)
    assert D(2026, 12, 7) not in italian_holidays(2026)


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        (D(2025, 4, 17), D(2025, 4, 22), 2),  # Thursday before Easter → Easter Tuesday
        (D(2025, 4, 18), D(2025, 4, 21), 0),  # Good Friday is worked, Easter Monday is not
        (D(2025, 4, 24), D(2025, 4, 28), 1),  # 25 April (a Friday) does not count
        (D(2025, 4, 30), D(2025, 5, 2), 1),  # nor 1 May
        (D(2025, 5, 30), D(2025, 6, 3), 1),  # nor 2 June (a Monday)
        (D(2025, 8, 14), D(2025, 8, 18), 1),  # nor Ferragosto
        (D(2025, 10, 31), D(2025, 11, 3), 1),  # 1 November is a Saturday: nothing lost
        (D(2025, 12, 5), D(2025, 12, 9), 1),  # 8 December (a Monday)
        (D(2025, 12, 23), D(2026, 1, 7), 7),  # Christmas, St Stephen, New Year, Epiphany
        (D(2011, 4, 22), D(2011, 4, 26), 1),  # Easter Monday on 25 April counts once
        (D(2026, 4, 7), D(2026, 4, 3), -1),  # backwards, over Easter Monday
    ],
)
def test_holidays_are_not_working_days(a: D, b: D, days: int) -> None:
    assert working_days_between(a, b) == days


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2039, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_working_days_agree_with_counting_day_by_day(start: D, span: int) -> None:
    end = min(start + datetime.timedelta(days=span), D(2040, 12, 31))
    expected = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and not _holiday_by_hand(day):
            expected += 1
    assert working_days_between(start, end) == expected
    assert working_days_between(end, start) == -expected
    assert is_working_day(end) == (end.weekday() < 5 and not _holiday_by_hand(end))


def _sent(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def _noon(day: D) -> time_machine.travel:
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "today", "listed"),
    [
        # Sent on Thursday 9 April 2026 (after Easter Monday, 6 April): 10 working days on
        # Thursday 23 April, 11 on Friday 24, still 11 on Monday 27 (25 April is a Saturday).
        (D(2026, 4, 9), D(2026, 4, 23), False),
        (D(2026, 4, 9), D(2026, 4, 24), True),
        # Sent on Thursday 2 April 2026: Easter Monday does not count, so 10 working days on
        # Friday 17 April (not Thursday 16) and the interest is listed from Monday 20.
        (D(2026, 4, 2), D(2026, 4, 17), False),
        (D(2026, 4, 2), D(2026, 4, 20), True),
        # Sent on 18 December 2026: Christmas, St Stephen (a Saturday), New Year, Epiphany.
        (D(2026, 12, 18), D(2027, 1, 5), False),
        (D(2026, 12, 18), D(2027, 1, 7), True),
    ],
)
def test_the_board_lists_an_interest_from_the_eleventh_working_day(
    world: World, client: Client, sent: D, today: D, listed: bool
) -> None:
    with _noon(today):
        interest = eoi_in(InterestState.SENT, world.need, world.interested_org)
        type(interest).objects.filter(pk=interest.pk).update(sent_at=_sent(sent))

        waiting = waiting_for_answer(cluster_interests(world.staff, world.cluster))
        client.force_login(world.staff)
        page = client.get(reverse("transfer:brokerage", args=[world.cluster.slug]))

    assert [w.interest.pk for w in waiting] == ([interest.pk] if listed else [])
    assert (interest in [w.interest for w in page.context["waiting"]]) == listed
    if listed:
        assert waiting[0].working_days == 11
