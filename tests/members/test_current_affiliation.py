"""One definition of "current" for affiliations and board seats: started (or no start) and not
ended before today (or no end); both dates inclusive."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ponte.accounts.models import User
from ponte.accounts.selectors import viewer_for
from ponte.clusters.models import BoardSeat, Cluster, Constituency
from ponte.clusters.selectors import board_seats_of, current_board, missing_constituencies
from ponte.members.models import Affiliation, Organisation
from ponte.members.periods import current_q, is_current
from ponte.members.selectors import affiliations_of_viewer, organisation_people
from tests.factories import (
    PASSWORD,
    AffiliationFactory,
    BoardSeatFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    today,
)

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def _user_affiliated(organisation: Organisation, **dates: datetime.date | None) -> User:
    user = UserFactory()
    person = PersonFactory(user=user)
    AffiliationFactory(person=person, organisation=organisation, can_manage=True, **dates)
    return user


@pytest.mark.parametrize(
    ("start", "end", "current"),
    [
        (None, None, True),
        (datetime.date(2020, 1, 1), None, True),
        (None, datetime.date(2030, 1, 1), True),
        (datetime.date(2020, 1, 1), datetime.date(2025, 6, 1), True),  # ends on the day
        (datetime.date(2025, 6, 1), None, True),  # starts on the day
        (datetime.date(2020, 1, 1), datetime.date(2025, 5, 31), False),  # ended yesterday
        (datetime.date(2025, 6, 2), None, False),  # starts tomorrow
    ],
)
def test_the_rule_in_memory_and_in_the_database_agree(
    start: datetime.date | None, end: datetime.date | None, current: bool
) -> None:
    day = datetime.date(2025, 6, 1)
    affiliation = AffiliationFactory(start=start, end=end)
    assert is_current(start, end, on=day) is current
    assert Affiliation.objects.filter(current_q(on=day), pk=affiliation.pk).exists() is current
    assert Affiliation.objects.current(on=day).filter(pk=affiliation.pk).exists() is current


def test_an_affiliation_with_a_future_end_date_still_counts(member_org: Organisation) -> None:
    user = _user_affiliated(member_org, end=today() + 30 * DAY)
    viewer = viewer_for(user)
    assert viewer.belongs_to(member_org.pk)
    assert viewer.manages(member_org.pk)
    assert viewer.is_member


def test_an_affiliation_ending_today_still_counts(member_org: Organisation) -> None:
    user = _user_affiliated(member_org, end=today())
    assert viewer_for(user).belongs_to(member_org.pk)


def test_an_affiliation_that_ended_yesterday_does_not_count(member_org: Organisation) -> None:
    user = _user_affiliated(member_org, end=today() - DAY)
    viewer = viewer_for(user)
    assert not viewer.belongs_to(member_org.pk)
    assert not viewer.is_member


def test_an_affiliation_starting_tomorrow_does_not_count_yet(member_org: Organisation) -> None:
    user = _user_affiliated(member_org, start=today() + DAY)
    viewer = viewer_for(user)
    assert not viewer.belongs_to(member_org.pk)
    assert not viewer.manages(member_org.pk)
    assert not viewer.is_member
    assert not affiliations_of_viewer(user).exists()


def test_the_organisation_page_lists_only_current_people(member_org: Organisation) -> None:
    leaving = PersonFactory(last_name="Leaving")
    left = PersonFactory(last_name="Departed")
    coming = PersonFactory(last_name="Newcomer")
    AffiliationFactory(person=leaving, organisation=member_org, end=today() + 10 * DAY)
    AffiliationFactory(person=left, organisation=member_org, end=today() - DAY)
    AffiliationFactory(person=coming, organisation=member_org, start=today() + DAY)
    assert [a.person for a in organisation_people(None, member_org)] == [leaving]
    page = Client().get(member_org.get_absolute_url()).content.decode()
    assert "Leaving" in page
    assert "Departed" not in page
    assert "Newcomer" not in page


def test_the_dashboard_shows_an_affiliation_with_a_future_end(member_org: Organisation) -> None:
    user = _user_affiliated(member_org, end=today() + 30 * DAY)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    page = client.get("/accounts/me/").content.decode()
    assert member_org.name in page


def test_a_person_page_shows_current_affiliations_only(member_org: Organisation) -> None:
    person = PersonFactory()
    other = OrganisationFactory(name="Former Employer Srl")
    AffiliationFactory(person=person, organisation=member_org, end=today() + 5 * DAY)
    AffiliationFactory(person=person, organisation=other, end=today() - 5 * DAY)
    page = Client().get(person.get_absolute_url()).content.decode()
    assert member_org.name in page
    assert "Former Employer Srl" not in page


def test_an_affiliation_cannot_end_before_it_starts() -> None:
    affiliation = AffiliationFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        start=datetime.date(2024, 5, 1),
        end=datetime.date(2024, 4, 30),
    )
    with pytest.raises(ValidationError) as error:
        affiliation.full_clean()
    assert "end" in error.value.message_dict


def test_a_board_seat_ending_in_the_future_keeps_its_constituency(cluster_a: Cluster) -> None:
    for constituency in Constituency:
        BoardSeatFactory(cluster=cluster_a, constituency=constituency, end=today() + 60 * DAY)
    assert missing_constituencies(cluster_a) == []


def test_a_board_seat_starting_tomorrow_does_not_fill_its_constituency(
    cluster_a: Cluster,
) -> None:
    BoardSeatFactory(cluster=cluster_a, constituency=Constituency.INDUSTRY)
    BoardSeatFactory(cluster=cluster_a, constituency=Constituency.ACADEMIA)
    future = BoardSeatFactory(
        cluster=cluster_a, constituency=Constituency.INNOVATION, start=today() + DAY
    )
    assert missing_constituencies(cluster_a) == [Constituency.INNOVATION]
    assert future not in current_board(cluster_a)
    assert not board_seats_of(future.person_id).exists()


def test_a_future_board_seat_does_not_make_a_member_yet(cluster_a: Cluster) -> None:
    user = UserFactory()
    person = PersonFactory(user=user)
    BoardSeatFactory(cluster=cluster_a, person=person, start=today() + DAY)
    assert not viewer_for(user).is_member
    BoardSeat.objects.filter(person=person).update(start=today(), end=today() + DAY)
    assert viewer_for(User.objects.get(pk=user.pk)).board_cluster_ids == {cluster_a.pk}


def test_a_board_seat_cannot_end_before_it_starts(cluster_a: Cluster) -> None:
    seat = BoardSeatFactory.build(
        cluster=cluster_a,
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        start=datetime.date(2024, 5, 1),
        end=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "end" in error.value.message_dict


def test_notifications_reach_people_whose_affiliation_is_current_only(
    member_org: Organisation,
) -> None:
    from ponte.notifications.selectors import recipients_for_organisation

    ending_later = _user_affiliated(member_org, end=today() + 30 * DAY)
    starting_tomorrow = _user_affiliated(member_org, start=today() + DAY)
    ended = _user_affiliated(member_org, end=today() - DAY)

    recipients = recipients_for_organisation(member_org)

    assert ending_later in recipients
    assert starting_tomorrow not in recipients and ended not in recipients


def test_suggestions_for_an_organisation_skip_its_current_people_only(
    member_org: Organisation,
) -> None:
    from ponte.matching.selectors import own_keys

    person = PersonFactory()
    AffiliationFactory(person=person, organisation=member_org, end=today() + 30 * DAY)
    later = PersonFactory()
    AffiliationFactory(person=later, organisation=member_org, start=today() + DAY)

    keys = own_keys(f"org:{member_org.pk}")

    assert f"person:{person.pk}" in keys and f"person:{later.pk}" not in keys
