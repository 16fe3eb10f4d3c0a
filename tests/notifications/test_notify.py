"""`notify`: in-app notifications for each recipient, e-mails after commit in their language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy

from ponte.accounts.models import User
from ponte.members.models import Organisation
from ponte.notifications.models import Delivery, Notification, NotificationKind
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.services import notify, send_notification_emails
from tests.factories import TechnologyOfferFactory, UserFactory, person_in
from tests.notifications.conftest import run_worker_once

# Source strings already in the catalogues, so the Italian is there to check.
SAVED = "“%(title)s” has been saved."
EXPIRED = (
    "This item expired on %(date)s: only your organisation and the cluster's staff can see it "
    "until it is renewed."
)

pytestmark = pytest.mark.django_db


def html_part(message: Any) -> str:
    (content, mimetype), *_others = message.alternatives
    assert mimetype == "text/html"
    return str(content)


def test_notify_stores_one_unread_notification_per_recipient(
    member_user: User, english_user: User, other_member_user: User
) -> None:
    offer = TechnologyOfferFactory(title="Peptidi")
    created = notify(
        [member_user, english_user, member_user, None],
        NotificationKind.EOI_RECEIVED,
        message=(SAVED, {"title": offer.title}),
        target=offer,
        actor=other_member_user,
    )
    assert [n.recipient for n in created] == [member_user, english_user]
    stored = Notification.objects.get(recipient=english_user)
    assert stored.message == "“Peptidi” has been saved."
    assert stored.url == offer.get_absolute_url()  # the target's page by default
    assert stored.target == offer
    assert stored.actor == other_member_user
    assert stored.read_at is None


def test_nobody_is_notified_of_their_own_action(member_user: User, english_user: User) -> None:
    created = notify(
        [member_user, english_user],
        NotificationKind.EOI_ANSWERED,
        message=(SAVED, {"title": "x"}),
        actor=member_user,
    )
    assert [n.recipient for n in created] == [english_user]


def test_an_immediate_notification_is_emailed_only_after_the_commit(
    english_user: User, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            [english_user],
            NotificationKind.EOI_RECEIVED,
            message=(SAVED, {"title": "Sieri"}),
            url="/transfer/offers/7/",
        )
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    (email,) = mailoutbox
    assert email.to == [english_user.email]
    assert email.subject == "Ponte: New expression of interest"
    assert "“Sieri” has been saved." in email.body
    assert "http://127.0.0.1:8000/transfer/offers/7/" in email.body
    assert "http://127.0.0.1:8000/inbox/settings/" in email.body
    html = html_part(email)
    assert '<html lang="en">' in html
    assert 'href="http://127.0.0.1:8000/transfer/offers/7/"' in html
    assert 'href="http://127.0.0.1:8000/inbox/settings/"' in html
    assert Notification.objects.get().emailed_at is not None


def test_links_in_emails_start_with_the_configured_base_url(
    settings: Any,
    english_user: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    settings.PONTE_BASE_URL = "https://ponte.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notify([english_user], "eoi_received", message=(SAVED, {"title": "x"}), url="/transfer/")
    assert "https://ponte.example.org/transfer/" in mailoutbox[0].body


def test_a_rolled_back_change_notifies_nobody(
    english_user: User, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([english_user], "eoi_received", message=(SAVED, {"title": "x"}))
                raise RuntimeError("the calling service failed")
        except RuntimeError:
            pass
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_each_recipient_reads_the_message_and_the_email_in_their_own_language(
    italian_user: User,
    english_user: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [italian_user, english_user],
            NotificationKind.EOI_ANSWERED,
            message=(EXPIRED, {"date": datetime.date(2026, 3, 5)}),
        )
    italian = Notification.objects.get(recipient=italian_user).message.lower()
    english = Notification.objects.get(recipient=english_user).message
    assert italian.startswith("questa scheda è scaduta il 5 marzo 2026")
    assert english.startswith("This item expired on 5 March 2026")
    by_address = {email.to[0]: email for email in mailoutbox}
    to_giulia = by_address[italian_user.email]
    assert "questa scheda è scaduta il 5 marzo 2026" in to_giulia.body.lower()
    assert '<html lang="it">' in html_part(to_giulia)
    assert "questa scheda è scaduta il 5 marzo 2026" in html_part(to_giulia).lower()
    assert '<html lang="en">' in html_part(by_address[english_user.email])


def test_lazy_parameters_are_translated_for_each_recipient(
    italian_user: User, english_user: User
) -> None:
    notify(
        [italian_user, english_user],
        "eoi_answered",
        message=(SAVED, {"title": gettext_lazy("Italian")}),
    )
    assert Notification.objects.get(recipient=italian_user).message == "Hai salvato “Italiano”."
    assert Notification.objects.get(recipient=english_user).message == "“Italian” has been saved."


def test_a_user_who_never_chose_a_language_gets_the_site_default(
    settings: Any, member_org: Organisation
) -> None:
    settings.LANGUAGE_CODE = "it"
    user = person_in(member_org)
    assert user.language == ""
    notify([user], "eoi_answered", message=(SAVED, {"title": "x"}))
    assert Notification.objects.get().message == "Hai salvato “x”."


def test_weekly_and_inbox_only_recipients_get_no_immediate_email(
    english_user: User,
    member_user: User,
    other_member_user: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    Preference.objects.create(user=member_user, kind="eoi_received", delivery=Delivery.WEEKLY)
    Preference.objects.create(user=other_member_user, kind="eoi_received", delivery=Delivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [english_user, member_user, other_member_user],
            "eoi_received",
            message=(SAVED, {"title": "x"}),
        )
    assert [email.to for email in mailoutbox] == [[english_user.email]]
    deliveries = dict(Notification.objects.values_list("recipient__username", "delivery"))
    assert deliveries == {
        english_user.username: Delivery.IMMEDIATE,
        member_user.username: Delivery.WEEKLY,
        other_member_user.username: Delivery.NONE,
    }


def test_expiry_reminders_go_to_the_weekly_digest_by_default(
    english_user: User, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify([english_user], "item_expiring", message=(SAVED, {"title": "x"}))
    assert mailoutbox == []
    assert Notification.objects.get().delivery == Delivery.WEEKLY


def test_users_without_an_email_address_still_get_the_inbox_entry(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], "eoi_received", message=(SAVED, {"title": "x"}))
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=user).count() == 1


def test_an_unknown_kind_is_refused(english_user: User) -> None:
    with pytest.raises(ValueError):
        notify([english_user], "gossip", message=(SAVED, {"title": "x"}))


def test_sending_the_same_notifications_again_sends_nothing_twice(
    english_user: User, mailoutbox: list[Any]
) -> None:
    (notification,) = notify([english_user], "eoi_received", message=(SAVED, {"title": "x"}))
    assert send_notification_emails([notification.pk]) == 1
    assert send_notification_emails([notification.pk]) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_queued_email_once(
    database_tasks: None, english_user: User, mailoutbox: list[Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    notify([english_user], "match_proposed", message=(SAVED, {"title": "x"}))
    assert mailoutbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_notification_emails").count() == 1
    run_worker_once()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Ponte: A match proposed by the cluster's staff"
    # A retried task (the same ids again) finds the notification marked and sends nothing.
    result = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=result.pk).update(status="READY")
    run_worker_once()
    assert len(mailoutbox) == 1
