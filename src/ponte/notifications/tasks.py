"""Background tasks of notifications: they take ids, re-read the database and are safe to retry.

The weekly digest and the daily expiry reminder schedule their own next run (`run_after`);
`ensure_scheduled()`, called when `ponte db_worker` starts, queues the first runs when none
is waiting.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task

from ponte.notifications import services

#: The digest goes out on Monday mornings, the reminders every morning (local time).
DIGEST_WEEKDAY = 0
DIGEST_TIME = datetime.time(8, 0)
REMINDER_TIME = datetime.time(7, 0)


#: A failed immediate e-mail is tried again after these delays, then left in the inbox only.
RETRY_DELAYS = (datetime.timedelta(minutes=15), datetime.timedelta(hours=2))


@task()
def send_notification_emails(notification_ids: list[int], attempt: int = 0) -> int:
    """E-mail the given notifications to those who chose immediate delivery; those whose
    send failed (the mail server down, say) are queued again, a few times."""
    sent = services.send_notification_emails(notification_ids)
    failed = services.unsent_emails(notification_ids)
    if failed and attempt < len(RETRY_DELAYS):
        backend = send_notification_emails.get_backend()
        if backend.supports_defer:
            send_notification_emails.using(
                run_after=timezone.now() + RETRY_DELAYS[attempt]
            ).enqueue(failed, attempt + 1)
    return sent


@task()
def send_weekly_digests() -> int:
    """Send the weekly digests, then queue the next run."""
    try:
        return services.send_digests()
    finally:  # a failure still leaves next week's run queued
        schedule(send_weekly_digests, next_digest_run(timezone.now()))


@task()
def remind_expiring_items() -> int:
    """Remind owners of offers and needs about to expire, then queue tomorrow's run."""
    try:
        return services.remind_expiring()
    finally:  # a failure still leaves tomorrow's run queued
        schedule(remind_expiring_items, next_reminder_run(timezone.now()))


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def next_digest_run(now: datetime.datetime) -> datetime.datetime:
    """The next Monday at 08:00, local time, strictly after `now`."""
    today = timezone.localtime(now).date()
    run = _at(today + datetime.timedelta(days=(DIGEST_WEEKDAY - today.weekday()) % 7), DIGEST_TIME)
    return run if run > now else run + datetime.timedelta(days=7)


def next_reminder_run(now: datetime.datetime) -> datetime.datetime:
    """The next 07:00, local time, strictly after `now`."""
    today = timezone.localtime(now).date()
    run = _at(today, REMINDER_TIME)
    return run if run > now else _at(today + datetime.timedelta(days=1), REMINDER_TIME)


def is_scheduled(scheduled: Task[Any, Any]) -> bool:
    """Whether a run of this task is already waiting in the database queue."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = scheduled.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=scheduled.module_path, backend_name=backend.alias, status=TaskResultStatus.READY
    ).exists()


def schedule(scheduled: Task[Any, Any], when: datetime.datetime) -> bool:
    """Queue one run of a periodic task at `when`, unless one is waiting already.

    Backends that cannot defer (the immediate one of some tests) schedule nothing.
    """
    if not scheduled.get_backend().supports_defer or is_scheduled(scheduled):
        return False
    scheduled.using(run_after=when).enqueue()
    return True


def ensure_scheduled(now: datetime.datetime | None = None) -> list[str]:
    """Queue the periodic tasks that have no run waiting: the reminders at once (they are
    idempotent), the digest on the next Monday morning. Returns the names queued."""
    now = now or timezone.now()
    queued = []
    if schedule(remind_expiring_items, now):
        queued.append(remind_expiring_items.name)
    if schedule(send_weekly_digests, next_digest_run(now)):
        queued.append(send_weekly_digests.name)
    return queued
