"""Every change of state of offers and needs: validated, permission-checked, audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.selectors import viewer_for
from ponte.accounts.services import log_action
from ponte.matching.services import schedule_reindex
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership
from ponte.members.selectors import is_staff_for_organisation
from ponte.notifications.services import retire_expiry_reminders
from ponte.transfer.constants import DEFAULT_VALIDITY_MONTHS, ItemStatus
from ponte.transfer.models import MarketplaceItem, TechnologyOffer
from ponte.transfer.outcomes import add_months
from ponte.transfer.selectors import can_edit_item


def item_kind(item: MarketplaceItem) -> str:
    """The matching index's name for the item's kind."""
    return "offer" if isinstance(item, TechnologyOffer) else "need"


def default_expiry() -> datetime.date:
    """Twelve calendar months from today (the same day next year; 29 February gives 28
    February): 365 days would fall a day short whenever a 29 February comes between."""
    return add_months(timezone.localdate(), DEFAULT_VALIDITY_MONTHS)


def can_publish_for(user: Any, organisation_id: int) -> bool:
    """People of the organisation may publish for it; so may the staff of its clusters."""
    return viewer_for(user).belongs_to(organisation_id) or is_staff_for_organisation(
        user, organisation_id
    )


def check_cluster(user: Any, item: MarketplaceItem) -> None:
    """An item is published in a cluster its organisation is an active member of, whoever
    files it (staff included): an item must never name an organisation nobody may see."""
    if viewer_for(user).is_superuser:
        return
    if not Membership.objects.filter(
        organisation_id=item.organisation_id,
        cluster_id=item.cluster_id,
        status=MembershipStatus.ACTIVE,
    ).exists():
        raise ValidationError(
            {
                "cluster": _(
                    "Cluster: the organisation is not an active member of this cluster; "
                    "choose one it belongs to."
                )
            }
        )


@transaction.atomic
def save_item(user: Any, item: MarketplaceItem, competences: Any = None) -> MarketplaceItem:
    """Create or update an offer or need on behalf of `user`."""
    creating = item.pk is None
    stored: MarketplaceItem | None = None
    if creating:
        if not can_publish_for(user, item.organisation_id):
            raise PermissionDenied(_("You can only publish for your own organisation."))
        item.created_by = user
        if not item.expires_on:
            item.expires_on = default_expiry()
    else:
        # Judge the edit by the stored item, not by the changed one: otherwise anyone could
        # take over an item by pointing it at an organisation or cluster of their own.
        stored = type(item)._default_manager.get(pk=item.pk)
        if not can_edit_item(user, stored):
            raise PermissionDenied(_("You may not edit this item."))
        if item.organisation_id != stored.organisation_id and not can_publish_for(
            user, item.organisation_id
        ):
            raise PermissionDenied(_("You can only publish for your own organisation."))
    if stored is None or (item.cluster_id, item.organisation_id) != (
        stored.cluster_id,
        stored.organisation_id,
    ):
        check_cluster(user, item)
    item.full_clean()
    item.save()
    if competences is not None:
        item.competences.set(competences)
    log_action(user, f"{item._meta.model_name}.{'created' if creating else 'updated'}", item)
    schedule_reindex(item_kind(item), item.pk)
    return item


@transaction.atomic
def renew_item(user: Any, item: MarketplaceItem) -> MarketplaceItem:
    """Extend an item for another validity period from today (an expired one too, which is
    listed again). Never shortens a later expiry; a closed item is reopened by editing its
    status, not by renewing it."""
    if not can_edit_item(user, item):
        raise PermissionDenied(_("You may not renew this item."))
    if item.status == ItemStatus.CLOSED:
        raise ValidationError(
            _("This item is closed: to list it again, edit it and set its status to Published.")
        )
    item.expires_on = max(item.expires_on, default_expiry())
    item.save(update_fields=["expires_on", "updated"])
    retire_expiry_reminders(item)
    log_action(
        user, f"{item._meta.model_name}.renewed", item, expires_on=item.expires_on.isoformat()
    )
    schedule_reindex(item_kind(item), item.pk)
    return item
