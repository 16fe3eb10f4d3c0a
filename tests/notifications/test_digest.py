"""The weekly digest: one e-mail per user listing what is pending, never anything twice, and a
task that keeps itself scheduled."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from ponte.accounts.models import User
from ponte.notifications.models import Delivery, Notification
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.services import mark_read, notify, send_digests
from ponte.notifications.tasks import (
    ensure_scheduled,
    next_digest_run,
    next_reminder_run,
    send_weekly_digests,
)
from tests.notifications.conftest import run_worker_once

ROME = zoneinfo.ZoneInfo("Europe/Rome")
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=ROME)
SAVED = "“%(title)s” has been saved."

pytestmark = pytest.mark.django_db


def weekly(user: User, *titles: str) -> list[Notification]:
    Preference.objects.update_or_create(
        user=user, kind="eoi_received", defaults={"delivery": Delivery.WEEKLY}
    )
    created = []
    for title in titles:
        created += notify(
            [user], "eoi_received", message=(SAVED, {"title": title}), url="/transfer/offers/1/"
        )
    return created


def test_the_digest_lists_each_users_pending_notifications_in_one_email(
    english_user: User, member_user: User, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(MONDAY - datetime.timedelta(days=3), tick=False):
        weekly(english_user, "Peptidi", "Sieri")
        weekly(member_user, "Creme")
    with time_machine.travel(MONDAY, tick=False):
        assert send_digests() == 2
    by_address = {email.to[0]: email for email in mailoutbox}
    to_jane = by_address[english_user.email]
    assert to_jane.subject == "Ponte: 2 notifications this week"
    assert "“Peptidi” has been saved." in to_jane.body
    assert "“Sieri” has been saved." in to_jane.body
    assert "“Creme”" not in to_jane.body
    assert "http://127.0.0.1:8000/transfer/offers/1/" in to_jane.body
    assert "http://127.0.0.1:8000/inbox/settings/" in to_jane.body
    (html, mimetype) = to_jane.alternatives[0]
    assert mimetype == "text/html" and "“Sieri” has been saved." in str(html)
    assert by_address[member_user.email].subject == "Ponte: 1 notification this week"
    assert set(Notification.objects.values_list("digested_at", flat=True)) == {MONDAY}


def test_running_the_digest_twice_sends_nothing_new(
    english_user: User, mailoutbox: list[Any]
) -> None:
    weekly(english_user, "Peptidi")
    with time_machine.travel(MONDAY, tick=False):
        assert send_digests() == 1
        assert send_digests() == 0
        call_command("send_digests", "--now", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_a_user_gets_at_most_one_digest_a_week_unless_sent_now(
    english_user: User, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        weekly(english_user, "Peptidi")
        send_digests()
    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        weekly(english_user, "Sieri")
        assert send_digests() == 0  # the next one waits for the weekly rhythm
    with time_machine.travel(MONDAY + datetime.timedelta(days=3), tick=False):
        assert send_digests(force=True) == 1  # `ponte send_digests --now`
    assert len(mailoutbox) == 2
    assert "“Sieri”" in mailoutbox[1].body and "“Peptidi”" not in mailoutbox[1].body


def test_what_was_read_in_the_inbox_is_left_out_of_the_digest(
    english_user: User, mailoutbox: list[Any]
) -> None:
    read, unread = weekly(english_user, "Peptidi", "Sieri")
    mark_read(english_user, read)
    with time_machine.travel(MONDAY, tick=False):
        send_digests()
    (email,) = mailoutbox
    assert "“Sieri”" in email.body and "“Peptidi”" not in email.body
    assert Notification.objects.filter(digested_at__isnull=True).count() == 0


def test_immediate_and_inbox_only_notifications_never_appear_in_a_digest(
    english_user: User, mailoutbox: list[Any]
) -> None:
    notify([english_user], "eoi_answered", message=(SAVED, {"title": "subito"}))
    Preference.objects.create(user=english_user, kind="match_proposed", delivery=Delivery.NONE)
    notify([english_user], "match_proposed", message=(SAVED, {"title": "mai"}))
    mailoutbox.clear()
    with time_machine.travel(MONDAY, tick=False):
        assert send_digests(force=True) == 0
    assert mailoutbox == []


def test_the_send_digests_command_reports_what_it_sent(
    english_user: User, mailoutbox: list[Any], capsys: Any
) -> None:
    weekly(english_user, "Peptidi")
    call_command("send_digests")
    assert "Digests sent: 1" in capsys.readouterr().out
    assert len(mailoutbox) == 1


# --- Scheduling ----------------------------------------------------------------------------


def test_the_digest_runs_on_monday_mornings_and_the_reminders_every_morning() -> None:
    wednesday_noon = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=ROME)
    assert next_digest_run(wednesday_noon) == datetime.datetime(2026, 3, 9, 8, 0, tzinfo=ROME)
    assert next_digest_run(MONDAY) == MONDAY + datetime.timedelta(days=7)
    assert next_digest_run(MONDAY - datetime.timedelta(minutes=1)) == MONDAY
    assert next_reminder_run(wednesday_noon) == datetime.datetime(2026, 3, 5, 7, 0, tzinfo=ROME)
    assert next_reminder_run(datetime.datetime(2026, 3, 4, 6, 0, tzinfo=ROME)) == datetime.datetime(
        2026, 3, 4, 7, 0, tzinfo=ROME
    )


@pytest.mark.django_db(transaction=True)
def test_the_digest_task_queues_its_next_run_once(
    database_tasks: None, english_user: User, mailoutbox: list[Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    weekly(english_user, "Peptidi")
    with time_machine.travel(MONDAY, tick=False):
        send_weekly_digests.enqueue()
        run_worker_once()
        waiting = DBTaskResult.objects.filter(status="READY")
        assert [(r.task_path, r.run_after) for r in waiting] == [
            ("ponte.notifications.tasks.send_weekly_digests", MONDAY + datetime.timedelta(days=7))
        ]
        assert ensure_scheduled() == ["remind_expiring_items"]  # the digest is waiting already
    assert len(mailoutbox) == 1


def test_starting_the_worker_twice_schedules_each_periodic_task_once(
    database_tasks: None,
) -> None:
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(MONDAY + datetime.timedelta(hours=2), tick=False):
        assert ensure_scheduled() == ["remind_expiring_items", "send_weekly_digests"]
        assert ensure_scheduled() == []
        runs = dict(DBTaskResult.objects.values_list("task_path", "run_after"))
    assert runs == {
        "ponte.notifications.tasks.remind_expiring_items": MONDAY + datetime.timedelta(hours=2),
        "ponte.notifications.tasks.send_weekly_digests": MONDAY + datetime.timedelta(days=7),
    }


def test_without_a_database_queue_nothing_is_scheduled() -> None:
    assert ensure_scheduled() == []  # the immediate backend of these tests cannot defer


def test_a_run_that_sent_nothing_does_not_hold_back_the_next_digest(
    english_user: User, mailoutbox: list[Any]
) -> None:
    """Everything pending was read in the inbox on Monday: no e-mail then, so the unread
    news of Tuesday goes out on the next run, not a week later."""
    with time_machine.travel(MONDAY - datetime.timedelta(days=2), tick=False):
        (read,) = weekly(english_user, "Peptidi")
        mark_read(english_user, read)
    with time_machine.travel(MONDAY, tick=False):
        assert send_digests() == 0
    with time_machine.travel(MONDAY + datetime.timedelta(days=1), tick=False):
        weekly(english_user, "Sieri")
        assert send_digests() == 1
        assert send_digests() == 0
    (email,) = mailoutbox
    assert "“Sieri”" in email.body
