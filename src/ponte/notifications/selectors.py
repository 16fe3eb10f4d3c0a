"""Reads of notifications and preferences, and who should be told about what."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet

from ponte.accounts.models import User
from ponte.notifications.models import Delivery, Notification, NotificationKind
from ponte.notifications.models import NotificationPreference as Preference

#: E-mail delivery when the user has not chosen: at once for what waits for the user's
#: answer (someone is interested, someone answered, staff propose a partner), in the weekly
#: digest for expiry reminders, which come 30 days ahead. What happens around an event
#: (a meeting request or its answer, a place, the agenda, a cancellation) is days away at
#: most: at once too.
DEFAULT_DELIVERY: dict[str, Delivery] = {
    NotificationKind.EOI_RECEIVED: Delivery.IMMEDIATE,
    NotificationKind.EOI_ANSWERED: Delivery.IMMEDIATE,
    NotificationKind.MATCH_PROPOSED: Delivery.IMMEDIATE,
    NotificationKind.ITEM_EXPIRING: Delivery.WEEKLY,
    NotificationKind.MEETING_REQUESTED: Delivery.IMMEDIATE,
    NotificationKind.MEETING_ANSWERED: Delivery.IMMEDIATE,
    NotificationKind.EVENT_PLACE_CONFIRMED: Delivery.IMMEDIATE,
    NotificationKind.AGENDA_PUBLISHED: Delivery.IMMEDIATE,
    NotificationKind.EVENT_CANCELLED: Delivery.IMMEDIATE,
}


def can_receive_email(user: User) -> bool:
    return bool(user.is_active and user.email)


def preferences_of(user: User) -> dict[str, Delivery]:
    """Every kind with the user's delivery, defaults filled in."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: Delivery(chosen.get(kind, DEFAULT_DELIVERY[kind])) for kind in DEFAULT_DELIVERY}


def deliveries_for(users: Iterable[User], kind: str) -> dict[int, Delivery]:
    """The delivery of `kind` for each of `users` (by id), in one query."""
    ids = [user.pk for user in users]
    chosen = dict(
        Preference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "delivery")
    )
    default = DEFAULT_DELIVERY[kind]
    return {pk: Delivery(chosen.get(pk, default)) for pk in ids}


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, unread first, newest first: the only way views read them."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor")
        .order_by(F("read_at").asc(nulls_first=True), "-created", "-pk")
    )


def unread_count(user: Any) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def recipients_for_organisation(organisation: Any) -> list[User]:
    """The people of an organisation who can log in, through a current affiliation:
    those who manage it first, then the others by name."""
    from ponte.members.models import Affiliation

    affiliations = (
        Affiliation.objects.current()
        .filter(
            organisation=organisation,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
        .order_by("-can_manage", "person__last_name", "person__first_name", "pk")
    )
    users: dict[int, User] = {}
    for affiliation in affiliations:
        user = affiliation.person.user
        if user is not None:
            users.setdefault(user.pk, user)
    return list(users.values())


def cluster_staff_users(cluster: Any) -> list[User]:
    """The active users who staff a cluster."""
    return list(
        User.objects.filter(cluster_staff_roles__cluster=cluster, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def item_owners(item: Any) -> list[User]:
    """Who is reminded about an offer or need: the organisation's people who may renew it
    (managers first, the author too); when nobody there can, the author if they still may
    (the staff who filed it), else the cluster's staff: a reminder always reaches someone
    who can renew, never someone who no longer can."""
    from ponte.transfer.selectors import can_edit_item

    owners = [
        user for user in recipients_for_organisation(item.organisation) if can_edit_item(user, item)
    ]
    author = item.created_by
    if not owners and author is not None and author.is_active and can_edit_item(author, item):
        owners = [author]
    if not owners:
        owners = cluster_staff_users(item.cluster)
    return owners


def still_visible(user: User, notifications: Iterable[Notification]) -> list[Notification]:
    """Those of `notifications` whose offer, need, expression of interest, organisation or
    person `user` may still open. A digest goes out days after what it lists: by then the
    user may have left the organisation, an invitation may have lapsed or an item become
    confidential, and the e-mail must not name what they can no longer see (the inbox keeps
    what they were told)."""
    from django.contrib.contenttypes.models import ContentType

    from ponte.members.models import Organisation, Person
    from ponte.members.selectors import visible_organisations, visible_people
    from ponte.transfer.models import ExpressionOfInterest, InnovationNeed, TechnologyOffer
    from ponte.transfer.selectors import visible_interests, visible_needs, visible_offers

    notifications = list(notifications)
    checks = {
        ContentType.objects.get_for_model(model).pk: source
        for model, source in (
            (TechnologyOffer, visible_offers),
            (InnovationNeed, visible_needs),
            (ExpressionOfInterest, visible_interests),
            (Organisation, visible_organisations),
            (Person, visible_people),
        )
    }
    wanted: dict[int, set[int]] = {}
    for n in notifications:
        if n.target_type_id in checks and n.target_id is not None:
            wanted.setdefault(n.target_type_id, set()).add(n.target_id)
    seen = {
        (type_id, pk)
        for type_id, ids in wanted.items()
        for pk in checks[type_id](user).filter(pk__in=ids).values_list("pk", flat=True)
    }
    return [
        n
        for n in notifications
        if n.target_type_id not in checks
        or n.target_id is None
        or (n.target_type_id, n.target_id) in seen
    ]
