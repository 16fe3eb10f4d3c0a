"""Reads of offers and needs, already filtered by what the viewer may see."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from ponte.accounts.selectors import Viewer, viewer_for
from ponte.transfer.constants import Confidentiality, ItemStatus
from ponte.transfer.models import InnovationNeed, MarketplaceItem, TechnologyOffer

Item = TypeVar("Item", bound=MarketplaceItem)


def visibility_q(viewer: Viewer) -> Q:
    """The one rule of who sees an offer or need.

    Visitors: public and live. Members of any cluster: also member-level. The owning
    organisation's people and the cluster's staff: everything of theirs, drafts and
    expired items included. Superusers: everything.
    """
    if viewer.is_superuser:
        return Q()
    live = Q(status=ItemStatus.PUBLISHED, expires_on__gte=timezone.localdate())
    levels = [Confidentiality.PUBLIC]
    if viewer.is_member:
        levels.append(Confidentiality.MEMBERS)
    rule = live & Q(confidentiality__in=levels)
    if viewer.organisation_ids:
        rule |= Q(organisation_id__in=viewer.organisation_ids)
    if viewer.staff_cluster_ids:
        rule |= Q(cluster_id__in=viewer.staff_cluster_ids)
    return rule


def live(queryset: QuerySet[Item]) -> QuerySet[Item]:
    """Only what is open now: published and not expired (for the public-facing showcases)."""
    return queryset.filter(status=ItemStatus.PUBLISHED, expires_on__gte=timezone.localdate())


def _visible(model: type[Item], user: Any) -> QuerySet[Item]:
    return (
        model._default_manager.filter(visibility_q(viewer_for(user)))
        .select_related("organisation", "cluster")
        .prefetch_related("competences")
    )


def visible_offers(user: Any) -> QuerySet[TechnologyOffer]:
    return _visible(TechnologyOffer, user)


def visible_needs(user: Any) -> QuerySet[InnovationNeed]:
    return _visible(InnovationNeed, user)


def can_edit_item(user: Any, item: MarketplaceItem) -> bool:
    """The organisation's managers, the author, the cluster's staff."""
    viewer = viewer_for(user)
    if not viewer.is_authenticated:
        return False
    return (
        viewer.manages(item.organisation_id)
        or (item.created_by_id is not None and item.created_by_id == viewer.user_id)
        or viewer.is_staff_of(item.cluster_id)
    )


SEARCH_FIELDS = {
    TechnologyOffer: ("title", "summary", "advantages", "applications", "organisation__name"),
    InnovationNeed: ("title", "summary", "expected_result", "organisation__name"),
}


def search_items(queryset: QuerySet[Item], text: str) -> QuerySet[Item]:
    """Every word must appear in some text field or competence name (either language).

    A plain, database-portable search for lists; ranked multilingual matching lives in
    the matching app.
    """
    fields = [*SEARCH_FIELDS[queryset.model], "competences__name_it", "competences__name_en"]
    for word in text.split()[:12]:
        word_q = Q()
        for name in fields:
            word_q |= Q(**{f"{name}__icontains": word})
        matching_ids = queryset.model._default_manager.filter(word_q).values("pk")
        queryset = queryset.filter(pk__in=matching_ids)
    return queryset
