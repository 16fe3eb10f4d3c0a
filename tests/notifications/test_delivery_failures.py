"""A mail server that refuses one message does not stop the others: the failed e-mail is
left unmarked and tried again later, the weekly digest goes on to the next user, and the
periodic tasks keep their next run queued. Failures are real: an address the mail layer
refuses (a header with a newline), not a mocked backend."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine

from ponte.accounts.models import User
from ponte.notifications.models import Delivery, Notification
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.services import notify, send_digests
from ponte.notifications.tasks import send_weekly_digests
from tests.notifications.conftest import run_worker_once

ROME = zoneinfo.ZoneInfo("Europe/Rome")
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=ROME)
SAVED = "“%(title)s” has been saved."
REFUSED = "broken\n@example.com"  # the mail layer refuses it: BadHeaderError

pytestmark = pytest.mark.django_db


def tell(*users: User, delivery: str = Delivery.IMMEDIATE) -> list[Notification]:
    for user in users:
        Preference.objects.update_or_create(
            user=user, kind="eoi_received", defaults={"delivery": delivery}
        )
    return notify(list(users), "eoi_received", message=(SAVED, {"title": "Sieri"}))


def break_address(user: User) -> None:
    User.objects.filter(pk=user.pk).update(email=REFUSED)


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_leaves_the_others_sent_and_is_tried_again_later(
    database_tasks: None, english_user: User, member_user: User, mailoutbox: list[Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    address = english_user.email
    break_address(english_user)
    with time_machine.travel(MONDAY, tick=False):
        theirs, mine = sorted(
            tell(english_user, member_user), key=lambda n: n.recipient_id != english_user.pk
        )
        run_worker_once()

        assert [email.to for email in mailoutbox] == [[member_user.email]]
        theirs.refresh_from_db()
        assert theirs.emailed_at is None  # not marked: to be tried again
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == MONDAY + datetime.timedelta(minutes=15)
        assert retry.args_kwargs["args"] == [[theirs.pk], 1]

    User.objects.filter(pk=english_user.pk).update(email=address)  # the server is back
    with time_machine.travel(MONDAY + datetime.timedelta(minutes=16), tick=False):
        run_worker_once()
    assert [email.to for email in mailoutbox] == [[member_user.email], [address]]
    theirs.refresh_from_db()
    assert theirs.emailed_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_a_few_attempts(
    database_tasks: None, english_user: User, mailoutbox: list[Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    break_address(english_user)
    with time_machine.travel(MONDAY, tick=False):
        tell(english_user)
        run_worker_once()
    for hours in (1, 4, 8):
        with time_machine.travel(MONDAY + datetime.timedelta(hours=hours), tick=False):
            run_worker_once()
    assert mailoutbox == []
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.count() == 3  # the first try and two retries


def test_a_refused_digest_holds_back_nobody_elses_and_stays_pending(
    english_user: User, member_user: User, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(MONDAY - datetime.timedelta(days=3), tick=False):
        (theirs,) = tell(english_user, delivery=Delivery.WEEKLY)
        tell(member_user, delivery=Delivery.WEEKLY)
    break_address(english_user)
    with time_machine.travel(MONDAY, tick=False):
        assert send_digests() == 1

    assert [email.to for email in mailoutbox] == [[member_user.email]]
    theirs.refresh_from_db()
    assert theirs.digested_at is None  # still pending for the next digest


@pytest.mark.django_db(transaction=True)
def test_the_digest_task_stays_scheduled_when_a_digest_fails(
    database_tasks: None, english_user: User, mailoutbox: list[Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(MONDAY - datetime.timedelta(days=3), tick=False):
        tell(english_user, delivery=Delivery.WEEKLY)
    break_address(english_user)
    with time_machine.travel(MONDAY, tick=False):
        send_weekly_digests.enqueue()
        run_worker_once()
    waiting = DBTaskResult.objects.filter(status="READY").values_list("task_path", "run_after")
    assert list(waiting) == [
        ("ponte.notifications.tasks.send_weekly_digests", MONDAY + datetime.timedelta(days=7))
    ]
