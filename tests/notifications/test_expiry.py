"""Expiry reminders: 30 days ahead, once per expiry date, again after a renewal."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.notifications.models import ExpiryReminder, Notification, NotificationKind
from ponte.notifications.services import remind_expiring, send_digests
from ponte.transfer.constants import ItemStatus
from ponte.transfer.models import TechnologyOffer
from ponte.transfer.services import renew_item
from tests.factories import (
    InnovationNeedFactory,
    OrganisationFactory,
    TechnologyOfferFactory,
    person_in,
)

ROME = zoneinfo.ZoneInfo("Europe/Rome")
TODAY = datetime.date(2026, 3, 2)
MORNING = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=ROME)

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def offer(member_org: Organisation, cluster_a: Cluster) -> TechnologyOffer:
    return TechnologyOfferFactory(
        title="Peptidi antimicrobici",
        organisation=member_org,
        cluster=cluster_a,
        expires_on=TODAY + days(30),
    )


def reminders_to(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.ITEM_EXPIRING))


def test_the_managers_of_an_offer_expiring_in_30_days_are_reminded_with_a_link_to_it(
    offer: TechnologyOffer, member_user: User, english_user: User
) -> None:
    with time_machine.travel(MORNING, tick=False):
        assert remind_expiring() == 1
    (reminder,) = reminders_to(member_user)
    assert reminder.message == (
        f"The technology offer “Peptidi antimicrobici” of {offer.organisation.name} expires on "
        "1 April 2026. To keep it listed, open it and renew it for twelve months."
    )
    assert reminder.url == offer.get_absolute_url()
    assert reminder.target == offer
    assert reminders_to(english_user) == []  # a colleague who may not renew it


def test_an_item_expiring_in_31_days_waits_for_tomorrow(
    offer: TechnologyOffer, member_user: User
) -> None:
    offer.expires_on = TODAY + days(31)
    offer.save()
    with time_machine.travel(MORNING, tick=False):
        assert remind_expiring() == 0
    with time_machine.travel(MORNING + days(1), tick=False):
        assert remind_expiring() == 1
    assert len(reminders_to(member_user)) == 1


def test_the_reminder_comes_once_however_often_it_runs(
    offer: TechnologyOffer, member_user: User
) -> None:
    for day in (0, 0, 1, 10, 29):
        with time_machine.travel(MORNING + days(day), tick=False):
            remind_expiring()
    assert len(reminders_to(member_user)) == 1
    assert ExpiryReminder.objects.get().reminded_for == offer.expires_on


def test_after_a_renewal_the_owner_is_reminded_again_before_the_new_expiry(
    offer: TechnologyOffer, member_user: User
) -> None:
    with time_machine.travel(MORNING, tick=False):
        remind_expiring()
    with time_machine.travel(MORNING + days(5), tick=False):
        renew_item(member_user, offer)
        assert remind_expiring() == 0
    new_expiry = offer.expires_on
    assert new_expiry == TODAY + days(5 + 365)
    window = datetime.datetime.combine(new_expiry - days(30), datetime.time(7), tzinfo=ROME)
    with time_machine.travel(window - days(1), tick=False):
        assert remind_expiring() == 0
    with time_machine.travel(window, tick=False):
        assert remind_expiring() == 1
    assert len(reminders_to(member_user)) == 2
    assert sorted(ExpiryReminder.objects.values_list("reminded_for", flat=True)) == [
        TODAY + days(30),
        new_expiry,
    ]


def test_a_renewal_answers_the_reminder_before_the_digest_repeats_it(
    offer: TechnologyOffer, member_user: User, mailoutbox: list[Any]
) -> None:
    """Renewed before the Monday digest: the digest does not tell the owner the offer
    expires soon, and the inbox shows the reminder as dealt with (read)."""
    with time_machine.travel(MORNING, tick=False):
        remind_expiring()  # expiry reminders go to the weekly digest by default
        (reminder,) = reminders_to(member_user)
        assert reminder.digested_at is None and reminder.read_at is None
    with time_machine.travel(MORNING + days(1), tick=False):
        renew_item(member_user, offer)
    with time_machine.travel(MORNING + days(7), tick=False):
        assert send_digests() == 0
    assert mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_drafts_closed_and_expired_items_are_not_reminded(
    member_org: Organisation, cluster_a: Cluster, member_user: User
) -> None:
    with time_machine.travel(MORNING, tick=False):
        for status in (ItemStatus.DRAFT, ItemStatus.CLOSED):
            TechnologyOfferFactory(
                organisation=member_org, cluster=cluster_a, status=status, expires_on=TODAY
            )
        TechnologyOfferFactory(
            organisation=member_org, cluster=cluster_a, expires_on=TODAY - days(1)
        )
        assert remind_expiring() == 0
    assert reminders_to(member_user) == []


def test_needs_are_reminded_too_and_the_author_when_nobody_there_can_log_in(
    cluster_a: Cluster, staff_user: User
) -> None:
    nobody_home = OrganisationFactory()
    need = InnovationNeedFactory(
        title="Conservante naturale",
        organisation=nobody_home,
        cluster=cluster_a,
        created_by=staff_user,
        expires_on=TODAY + days(12),
    )
    with time_machine.travel(MORNING, tick=False):
        assert remind_expiring() == 1
    (reminder,) = reminders_to(staff_user)
    assert reminder.message.startswith(
        f"The innovation need “Conservante naturale” of {need.organisation.name} expires on"
    )
    assert reminder.target == need


def test_expiry_reminders_arrive_in_the_weekly_digest(
    offer: TechnologyOffer, member_user: User, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(MORNING, tick=False):
        remind_expiring()
        assert mailoutbox == []
        send_digests()
    (email,) = mailoutbox
    assert (
        f"“Peptidi antimicrobici” of {offer.organisation.name} expires on 1 April 2026"
        in email.body
    )
    assert f"http://127.0.0.1:8000{offer.get_absolute_url()}" in email.body


def test_the_reminder_leads_to_the_page_where_the_owner_renews_in_one_click(
    offer: TechnologyOffer, member_user: User, client: Client
) -> None:
    with time_machine.travel(MORNING, tick=False):
        remind_expiring()
        (reminder,) = reminders_to(member_user)
        client.force_login(member_user)
        page = client.get(reverse("notifications:open", args=[reminder.pk]), follow=True)
        renew = reverse("transfer:offer_renew", args=[offer.pk])
        assert f'action="{renew}"' in page.content.decode()
        client.post(renew)
    offer.refresh_from_db()
    assert offer.expires_on == TODAY + days(365)


def test_the_remind_expiring_command_reports_what_it_did(
    offer: TechnologyOffer, member_org: Organisation
) -> None:
    second_manager = person_in(member_org, can_manage=True, username="second")
    out = io.StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("remind_expiring", stdout=out)
    assert "Items reminded of: 1" in out.getvalue()
    assert len(reminders_to(second_manager)) == 1


def test_a_former_author_is_not_reminded_the_clusters_staff_are(
    cluster_a: Cluster, staff_user: User
) -> None:
    """Nobody at the organisation can log in and the author has left it: the reminder goes
    to whoever can still renew the item, the cluster's staff."""
    from ponte.members.models import Affiliation

    nobody_home = OrganisationFactory()
    former = person_in(nobody_home, can_manage=True, username="former")
    Affiliation.objects.filter(person__user=former).update(end=datetime.date(2025, 12, 31))
    InnovationNeedFactory(
        organisation=nobody_home,
        cluster=cluster_a,
        created_by=former,
        expires_on=TODAY + days(20),
    )

    with time_machine.travel(MORNING, tick=False):
        assert remind_expiring() == 1

    assert reminders_to(former) == []
    assert len(reminders_to(staff_user)) == 1
