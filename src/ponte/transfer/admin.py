"""Admin of offers and needs. Visibility holds here too: staff of one cluster never see
another cluster's confidential items, and edit only what `can_edit_item` allows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ponte.accounts.selectors import viewer_for
from ponte.transfer.models import InnovationNeed, MarketplaceItem, TechnologyOffer
from ponte.transfer.selectors import can_edit_item, visibility_q
from ponte.transfer.services import save_item

ITEM_FILTERS = (
    "status", "confidentiality", "cluster", "partnership", "language", "is_sample", "expires_on",
)  # fmt: skip
ITEM_SEARCH = ("title", "summary", "organisation__name")


class MarketplaceItemAdmin(admin.ModelAdmin):
    autocomplete_fields = ("organisation", "contact", "competences")
    list_select_related = ("organisation", "cluster")
    date_hierarchy = "created"
    readonly_fields = ("created_by", "created", "updated")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(visibility_q(viewer_for(request.user)))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and can_edit_item(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and can_edit_item(request.user, obj)

    def save_model(
        self, request: HttpRequest, obj: MarketplaceItem, form: Any, change: bool
    ) -> None:
        """Through the service, so permissions and the audit log apply here too."""
        save_item(request.user, obj)


@admin.register(TechnologyOffer)
class TechnologyOfferAdmin(MarketplaceItemAdmin):
    list_display = (
        "title", "organisation", "cluster", "trl", "ipr_status", "confidentiality", "status",
        "expires_on", "is_sample",
    )  # fmt: skip
    list_filter = ("trl", "ipr_status", *ITEM_FILTERS)
    search_fields = (*ITEM_SEARCH, "advantages", "applications")


@admin.register(InnovationNeed)
class InnovationNeedAdmin(MarketplaceItemAdmin):
    list_display = (
        "title", "organisation", "cluster", "trl_min", "budget_band", "time_frame",
        "confidentiality", "status", "expires_on", "is_sample",
    )  # fmt: skip
    list_filter = ("budget_band", "time_frame", *ITEM_FILTERS)
    search_fields = (*ITEM_SEARCH, "expected_result")
