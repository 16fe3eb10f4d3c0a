"""The inbox, its unread count in the header, read marks, the settings page, and the helpers
other apps use to pick recipients."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.notifications.models import Delivery, Notification
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.selectors import (
    cluster_staff_users,
    preferences_of,
    recipients_for_organisation,
)
from ponte.notifications.services import notify
from tests.factories import AffiliationFactory, ClusterStaffFactory, UserFactory, person_in

SAVED = "“%(title)s” has been saved."
HTMX = {"HTTP_HX_REQUEST": "true"}
INBOX = reverse("notifications:inbox")
SETTINGS = reverse("notifications:settings")

pytestmark = pytest.mark.django_db


def tell(user: User, title: str, url: str = "/transfer/offers/") -> Notification:
    (notification,) = notify([user], "eoi_received", message=(SAVED, {"title": title}), url=url)
    return notification


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_asks_visitors_to_log_in(client: Client) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_sees_only_their_own_notifications_unread_first(
    member_user: User, english_user: User
) -> None:
    tell(member_user, "Mine, unread")
    newer = tell(member_user, "Mine, read")
    Notification.objects.filter(pk=newer.pk).update(read_at=newer.created)
    tell(english_user, "Somebody else's")
    html = logged_in(member_user).get(INBOX).content.decode()
    assert html.index("“Mine, unread”") < html.index("“Mine, read”")
    assert "Somebody else" not in html
    assert "1 unread notification." in html


def test_the_header_shows_the_unread_count_to_logged_in_users(
    member_user: User, client: Client
) -> None:
    tell(member_user, "a")
    tell(member_user, "b")
    html = logged_in(member_user).get("/").content.decode()
    assert 'data-testid="inbox-link"' in html
    assert '<span aria-hidden="true">2</span>' in html
    assert "inbox-link" not in client.get("/").content.decode()


def test_marking_a_notification_read_without_javascript_returns_to_the_inbox(
    member_user: User,
) -> None:
    notification = tell(member_user, "a")
    response = logged_in(member_user).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == INBOX
    notification.refresh_from_db()
    assert notification.is_read


def test_marking_read_with_htmx_swaps_the_entry_and_the_header_count(member_user: User) -> None:
    first = tell(member_user, "a")
    tell(member_user, "b")
    response = logged_in(member_user).post(reverse("notifications:read", args=[first.pk]), **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="notification-{first.pk}"' in html and "Mark as read" not in html
    assert 'hx-swap-oob="true"' in html and '<span aria-hidden="true">1</span>' in html
    assert "1 unread notification." in html


def test_nobody_can_read_or_mark_anothers_notification(
    member_user: User, english_user: User
) -> None:
    theirs = tell(english_user, "private")
    client = logged_in(member_user)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_marking_read_needs_a_post(member_user: User) -> None:
    notification = tell(member_user, "a")
    client = logged_in(member_user)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405


def test_opening_a_notification_marks_it_read_and_follows_its_link(member_user: User) -> None:
    notification = tell(member_user, "a", url="/transfer/needs/")
    response = logged_in(member_user).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/transfer/needs/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_link_to_another_site_is_not_followed(member_user: User) -> None:
    notification = tell(member_user, "a", url="https://elsewhere.example/")
    response = logged_in(member_user).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == INBOX


def test_mark_all_read_touches_only_the_users_own(member_user: User, english_user: User) -> None:
    tell(member_user, "a")
    tell(member_user, "b")
    theirs = tell(english_user, "c")
    logged_in(member_user).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=member_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_settings_page_explains_the_defaults_and_saves_choices(english_user: User) -> None:
    client = logged_in(english_user)
    html = client.get(SETTINGS).content.decode()
    assert "Every notification appears in your inbox" in html
    assert "Default: Weekly digest." in html
    assert "Another participant asks you for a B2B meeting. Default: E-mail at once." in html
    response = client.post(
        SETTINGS,
        {
            "language": "it",
            "eoi_received": "weekly",
            "eoi_answered": "immediate",
            "match_proposed": "none",
            "item_expiring": "immediate",
            "meeting_requested": "weekly",
            "meeting_answered": "immediate",
            "event_place_confirmed": "immediate",
            "agenda_published": "none",
            "event_cancelled": "weekly",
        },
    )
    assert response.status_code == 302
    english_user.refresh_from_db()
    assert english_user.language == "it"
    assert preferences_of(english_user) == {
        "eoi_received": Delivery.WEEKLY,
        "eoi_answered": Delivery.IMMEDIATE,
        "match_proposed": Delivery.NONE,
        "item_expiring": Delivery.IMMEDIATE,
        "meeting_requested": Delivery.WEEKLY,
        "meeting_answered": Delivery.IMMEDIATE,
        "event_place_confirmed": Delivery.IMMEDIATE,
        "agenda_published": Delivery.NONE,
        "event_cancelled": Delivery.WEEKLY,
    }


def test_a_bad_choice_on_the_settings_page_changes_nothing(english_user: User) -> None:
    response = logged_in(english_user).post(SETTINGS, {"language": "en", "eoi_received": "hourly"})
    assert response.status_code == 200
    assert not Preference.objects.exists()


def test_switching_the_site_language_sets_the_language_of_emails(english_user: User) -> None:
    client = logged_in(english_user)
    response = client.post(reverse("set_language"), {"language": "it", "next": "/"})
    assert response.status_code == 302
    english_user.refresh_from_db()
    assert english_user.language == "it"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    english_user.refresh_from_db()
    assert english_user.language == "it"


def test_visitors_can_still_switch_the_language(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


# --- Who is told ----------------------------------------------------------------------------


def test_an_organisations_recipients_are_its_people_with_a_login_managers_first(
    member_org: Organisation,
) -> None:
    colleague = person_in(member_org, username="colleague", last_name="Alfa")
    manager = person_in(member_org, can_manage=True, username="boss", last_name="Zeta")
    AffiliationFactory(organisation=member_org)  # a person without a log-in
    former = person_in(member_org, username="former")
    former.person.affiliations.update(end="2024-01-01")
    inactive = person_in(member_org, username="inactive")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    assert recipients_for_organisation(member_org) == [manager, colleague]


def test_cluster_staff_users_are_the_active_staff_of_that_cluster(
    cluster_a: Cluster, cluster_b: Cluster, staff_user: User, other_staff_user: User
) -> None:
    gone = ClusterStaffFactory(cluster=cluster_a, user=UserFactory(is_active=False)).user
    assert cluster_staff_users(cluster_a) == [staff_user]
    assert gone not in cluster_staff_users(cluster_a)
    assert cluster_staff_users(cluster_b) == [other_staff_user]


def test_the_inbox_page_makes_the_same_queries_for_few_and_many_notifications(
    member_user: User, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(member_user)
    tell(member_user, "first")
    client.get(INBOX)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for i in range(20):
        notify(
            [member_user],
            "eoi_received",
            message=(SAVED, {"title": str(i)}),
            actor=UserFactory(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INBOX)
