"""Admin of offers and needs. Staff see, pick and edit only their own clusters' items
(another cluster's, confidential or not, stay out of every list, count, page, choice and
autocomplete), and edit only what `can_edit_item` allows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ponte.transfer.models import (
    ExpressionOfInterest,
    InnovationNeed,
    InterestEvent,
    InterestInvitation,
    MarketplaceItem,
    ProposedMatch,
    TechnologyOffer,
)
from ponte.transfer.selectors import can_edit_item
from ponte.transfer.services import check_cluster, save_item
from ponte.web.admin_scope import ClusterScopedAdmin, ScopedRelatedFilter

ITEM_FILTERS = (
    "status", "confidentiality", ("cluster", ScopedRelatedFilter), "partnership", "language",
    "is_sample", "expires_on",
)  # fmt: skip
ITEM_SEARCH = ("title", "summary", "organisation__name")


class MarketplaceItemForm(forms.ModelForm):
    """The admin's form also applies the service's cluster rule, so that an organisation that
    is not an active member of the chosen cluster is a form error, not a server error."""

    user: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation, cluster = cleaned.get("organisation"), cleaned.get("cluster")
        moved = {"cluster", "organisation"} & set(self.changed_data)
        if organisation is None or cluster is None:
            return cleaned
        if self.instance.pk is not None and not moved:
            return cleaned
        try:
            check_cluster(
                self.user, type(self.instance)(organisation=organisation, cluster=cluster)
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class MarketplaceItemAdmin(ClusterScopedAdmin):
    """An item belongs to its cluster: its staff see all of it, drafts and confidential
    items included, and nothing of other clusters (not even what the site would show them)."""

    autocomplete_fields = ("organisation", "contact", "competences")
    list_select_related = ("organisation", "cluster")
    date_hierarchy = "created"
    readonly_fields = ("created_by", "created", "updated")
    form = MarketplaceItemForm

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

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


# --- Expressions of interest: read-only here (every change goes through the services, so
# the history, the audit log and the notifications stay complete); staff see only those of
# their own clusters' items, as on the site.

ITEM_CLUSTER_PATHS = ("offer__cluster_id", "need__cluster_id")


class ItemKindFilter(admin.SimpleListFilter):
    """Whether the row concerns a technology offer or an innovation need."""

    title = _("item")
    parameter_name = "item"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("offer", _("Technology offer")), ("need", _("Innovation need"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("offer", "need"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class ReadOnlyScopedAdmin(ClusterScopedAdmin):
    cluster_paths = ITEM_CLUSTER_PATHS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class InterestEventInline(admin.TabularInline):
    model = InterestEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "by", "agreement_kind", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(ReadOnlyScopedAdmin):
    list_display = ("__str__", "state", "agreement_kind", "sent_at", "is_sample")
    list_filter = ("state", "agreement_kind", "is_sample")
    list_select_related = ("organisation", "offer", "need")
    search_fields = ("organisation__name", "offer__title", "need__title", "message")
    date_hierarchy = "sent_at"
    inlines = [InterestEventInline]


@admin.register(InterestInvitation)
class InterestInvitationAdmin(ReadOnlyScopedAdmin):
    list_display = ("__str__", "invited_by", "at")
    list_filter = (ItemKindFilter, "at", ("proposal", admin.EmptyFieldListFilter))
    list_select_related = ("organisation", "offer", "need", "invited_by")
    search_fields = ("organisation__name", "offer__title", "need__title")


@admin.register(ProposedMatch)
class ProposedMatchAdmin(ReadOnlyScopedAdmin):
    list_display = ("__str__", "proposed_by", "at")
    list_filter = (ItemKindFilter, "at")
    list_select_related = ("offer", "need", "proposed_by")
    search_fields = ("offer__title", "need__title", "target_key")
