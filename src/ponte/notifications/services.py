"""Every change of state of notifications: creating them, sending them, reading them.

Other apps call `notify(...)` from their services; e-mails leave through background tasks
queued after commit, and every sending step marks what it sent so a retry never sends twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.accounts.selectors import language_for
from ponte.accounts.services import log_action
from ponte.notifications.emails import digest_email, notification_email
from ponte.notifications.models import (
    Delivery,
    ExpiryReminder,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from ponte.notifications.selectors import (
    can_receive_email,
    cluster_staff_users,
    deliveries_for,
    item_owners,
    recipients_for_organisation,
    still_visible,
)

__all__ = [
    "cluster_staff_users",
    "mark_all_read",
    "mark_read",
    "notify",
    "recipients_for_organisation",
    "remember_language",
    "remind_expiring",
    "retire_expiry_reminders",
    "send_digests",
    "send_notification_emails",
    "set_preferences",
]

logger = logging.getLogger(__name__)

#: Owners are reminded when an offer or need expires within this many days.
REMINDER_DAYS_BEFORE = 30
#: A user gets at most one digest in this time, however often the digest runs.
DIGEST_INTERVAL = datetime.timedelta(days=6)

# Worded for whoever is reminded: the organisation's people, or the staff who file for it.
EXPIRING_OFFER = gettext_noop(
    "The technology offer “%(title)s” of %(organisation)s expires on %(date)s. To keep it "
    "listed, open it and renew it for twelve months."
)
EXPIRING_NEED = gettext_noop(
    "The innovation need “%(title)s” of %(organisation)s expires on %(date)s. To keep it "
    "listed, open it and renew it for twelve months."
)


def _localised(value: Any) -> Any:
    """A message parameter as the active language writes it."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return value


def render_message(msgid: str, params: Mapping[str, Any], language: str) -> str:
    """`msgid` translated into `language`, with its parameters (lazy strings, dates) too."""
    with translation.override(language):
        text = gettext(msgid)
        if params:
            text = text % {key: _localised(value) for key, value in params.items()}
        return text


def _recipients(recipients: Iterable[User | None], actor: User | None) -> list[User]:
    """Active users, each once, in the given order; nobody is told of their own action."""
    users: dict[int, User] = {}
    for user in recipients:
        if user is None or not user.is_authenticated or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        users.setdefault(user.pk, user)
    return list(users.values())


@transaction.atomic
def notify(
    recipients: Iterable[User | None],
    kind: str,
    *,
    message: tuple[str, Mapping[str, Any]],
    url: str = "",
    target: models.Model | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Tell `recipients` what happened: a notification in each inbox, and an e-mail.

    `message` is a source string marked with `gettext_noop` and its parameters; it is
    translated into each recipient's language, and so are lazy strings and dates among the
    parameters. `url` (default: the target's page) is the link to follow. Who chose
    'immediate' for `kind` is e-mailed after commit by a background task; 'weekly' waits for
    the digest. The actor is never notified of their own action.
    """
    kind = NotificationKind(kind)
    msgid, params = message
    users = _recipients(recipients, actor)
    if not users:
        return []
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    deliveries = deliveries_for(users, kind)
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            message=render_message(msgid, params, language_for(user)),
            url=url,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            actor=actor if actor is not None and actor.is_authenticated else None,
            delivery=deliveries[user.pk],
        )
        for user in users
    )
    to_email = [
        n.pk for n in created if n.delivery == Delivery.IMMEDIATE and can_receive_email(n.recipient)
    ]
    if to_email:
        from ponte.notifications.tasks import send_notification_emails as email_task

        transaction.on_commit(lambda: email_task.enqueue(to_email), robust=True)
    return created


def send_notification_emails(notification_ids: Iterable[int]) -> int:
    """E-mail each immediate notification not e-mailed yet; returns how many went out.

    Each is claimed (marked `emailed_at`) in a short transaction of its own, sent outside
    it — a slow mail server never holds a database lock, on SQLite the whole database's —
    and unmarked if the send fails, for the next run; one address failing does not stop
    the others. At most once: a worker that dies between the claim and the send loses that
    e-mail (the inbox keeps the notification), rather than risk sending it twice. A notification whose item the recipient may no longer open is not e-mailed
    (the inbox keeps it).
    """
    sent = 0
    for pk in notification_ids:
        notification = (
            Notification.objects.select_related("recipient")
            .filter(pk=pk, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not can_receive_email(notification.recipient):
            continue
        if not _claim(Notification.objects.filter(pk=pk, emailed_at__isnull=True), "emailed_at"):
            continue  # another run has it
        if not still_visible(notification.recipient, [notification]):
            continue
        try:
            notification_email(notification).send()
        except Exception:
            logger.exception("E-mail of notification %s failed; left for the next run", pk)
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def unsent_emails(notification_ids: Iterable[int]) -> list[int]:
    """Those of the given immediate notifications still to e-mail (their send failed)."""
    return sorted(
        Notification.objects.filter(
            pk__in=list(notification_ids), delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
        )
        .exclude(recipient__email="")
        .filter(recipient__is_active=True)
        .values_list("pk", flat=True)
    )


def _claim(rows: models.QuerySet[Notification], field: str) -> int:
    """Mark `rows` (those still unmarked) as handled now, in a transaction of its own."""
    with transaction.atomic():
        return rows.update(**{field: timezone.now()})


def _send_digest(user: User, now: datetime.datetime) -> bool:
    """One user's digest: every pending weekly notification is marked; the unread ones are
    listed (what was already read in the inbox needs no e-mail). Marked first, sent after
    the marking commits, unmarked if the send fails."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, delivery=Delivery.WEEKLY, digested_at__isnull=True)
            .order_by("created", "pk")
        )
        if not pending:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
    # What was read in the inbox needs no e-mail; what the user may no longer open (they
    # left the organisation since) must not be named in one.
    unread = still_visible(user, [n for n in pending if n.read_at is None])
    if not unread:
        return False
    try:
        digest_email(user, unread).send()
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in pending], digested_at=now).update(
            digested_at=None
        )
        raise
    return True


def send_digests(*, force: bool = False, now: datetime.datetime | None = None) -> int:
    """Send the weekly digests; returns how many e-mails went out.

    Only users without a digest in the last six days get one, unless `force`: run daily or
    weekly, or twice, each user still gets at most one a week, and nothing twice.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(
        recipient_id=OuterRef("pk"), delivery=Delivery.WEEKLY, digested_at__isnull=True
    )
    # The last digest actually e-mailed: a run that found everything already read in the
    # inbox marks it and sends nothing, and holds back no later digest.
    emailed = Q(notifications__read_at__isnull=True) | Q(
        notifications__read_at__gt=F("notifications__digested_at")
    )
    users = (
        User.objects.filter(Exists(pending), is_active=True)
        .exclude(email="")
        .annotate(last_digest=Max("notifications__digested_at", filter=emailed))
        .order_by("pk")
    )
    sent = 0
    for user in users:
        last: datetime.datetime | None = user.last_digest
        if not force and last is not None and now - last < DIGEST_INTERVAL:
            continue
        try:
            sent += _send_digest(user, now)
        except Exception:  # one failing address does not hold back everybody else's digest
            logger.exception("Digest for user %s failed; left for the next run", user.pk)
    return sent


def mark_read(user: Any, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_preferences(user: User, deliveries: Mapping[str, str], language: str = "") -> None:
    """Store the user's e-mail delivery per kind (and, if given, the language of e-mails)."""
    for kind, delivery in deliveries.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=NotificationKind(kind),
            defaults={"delivery": Delivery(delivery)},
        )
    if language:
        remember_language(user, language)
    log_action(user, "notifications.preferences_changed", user, **dict(deliveries))


def remember_language(user: Any, language: str) -> None:
    """Keep the language the user chose on the site: their e-mails are written in it."""
    if not getattr(user, "is_authenticated", False):
        return
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def retire_expiry_reminders(item: models.Model) -> int:
    """The item was renewed: its expiry reminders are answered. They are marked read and
    e-mailed no more, in the digest or late (saying it expires soon would now be wrong)."""
    now = timezone.now()
    pending = Notification.objects.filter(
        kind=NotificationKind.ITEM_EXPIRING,
        target_type=ContentType.objects.get_for_model(item),
        target_id=item.pk,
    )
    pending.filter(delivery=Delivery.WEEKLY, digested_at__isnull=True).update(digested_at=now)
    # An immediate one still queued or waiting for a retry is not e-mailed late either.
    pending.filter(delivery=Delivery.IMMEDIATE, emailed_at__isnull=True).update(emailed_at=now)
    return pending.filter(read_at__isnull=True).update(read_at=now)


def _remind(item: Any, content_type: ContentType) -> bool:
    with transaction.atomic():
        _reminder, created = ExpiryReminder.objects.get_or_create(
            target_type=content_type, target_id=item.pk, reminded_for=item.expires_on
        )
        if not created:
            return False
        from ponte.transfer.models import TechnologyOffer

        msgid = EXPIRING_OFFER if isinstance(item, TechnologyOffer) else EXPIRING_NEED
        notify(
            item_owners(item),
            NotificationKind.ITEM_EXPIRING,
            message=(
                msgid,
                {
                    "title": item.title,
                    "organisation": item.organisation.name,
                    "date": item.expires_on,
                },
            ),
            target=item,
        )
        return True


def remind_expiring(today: datetime.date | None = None) -> int:
    """Remind the owners of published offers and needs expiring within 30 days, once per
    expiry date; returns how many items were reminded of."""
    from ponte.transfer.constants import ItemStatus
    from ponte.transfer.models import InnovationNeed, TechnologyOffer

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    reminded = 0
    for model in (TechnologyOffer, InnovationNeed):
        content_type = ContentType.objects.get_for_model(model)
        already = ExpiryReminder.objects.filter(
            target_type=content_type, target_id=OuterRef("pk"), reminded_for=OuterRef("expires_on")
        )
        items = (
            model._default_manager.filter(
                status=ItemStatus.PUBLISHED, expires_on__gte=today, expires_on__lte=horizon
            )
            .exclude(Exists(already))
            .select_related("organisation", "created_by")
            .order_by("expires_on", "pk")
        )
        for item in items:
            reminded += _remind(item, content_type)
    return reminded
