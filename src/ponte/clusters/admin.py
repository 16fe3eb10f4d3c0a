"""Admin of clusters with their recognition history, staff and board."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ponte.clusters.models import BoardSeat, Cluster, ClusterStaff, RecognitionEvent
from ponte.clusters.selectors import missing_constituencies
from ponte.web.admin_scope import (
    ClusterScopedAdmin,
    ScopedInline,
    ScopedRelatedFilter,
    SuperuserWritesAdmin,
)


def warn_if_board_unrepresentative(
    modeladmin: admin.ModelAdmin, request: HttpRequest, cluster: Cluster
) -> None:
    """The board must represent industry, academia and innovation: say which is missing."""
    missing = missing_constituencies(cluster)
    if missing:
        modeladmin.message_user(
            request,
            _("The board of %(cluster)s is not representative: no current seat for %(missing)s.")
            % {
                "cluster": cluster,
                "missing": ", ".join(str(c.label) for c in missing),
            },
            messages.WARNING,
        )


class RecognitionEventInline(admin.TabularInline):
    model = RecognitionEvent
    extra = 0
    fields = ("status", "date", "act", "note_it", "note_en")


class ClusterStaffInline(admin.TabularInline):
    model = ClusterStaff
    extra = 0
    autocomplete_fields = ("user",)


class BoardSeatInline(ScopedInline):
    model = BoardSeat
    extra = 0
    autocomplete_fields = ("person", "organisation")
    fields = ("person", "organisation", "constituency", "role", "start", "end")


@admin.register(Cluster)
class ClusterAdmin(ClusterScopedAdmin):
    cluster_paths = ("id",)
    list_display = ("short_name", "name_it", "sector_en", "coordinator", "region")
    list_filter = ("region",)
    search_fields = ("short_name", "name_it", "name_en", "sector_it", "sector_en", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("coordinator",)
    list_select_related = ("coordinator",)
    inlines = (RecognitionEventInline, BoardSeatInline, ClusterStaffInline)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        warn_if_board_unrepresentative(self, request, form.instance)


@admin.register(RecognitionEvent)
class RecognitionEventAdmin(SuperuserWritesAdmin):
    list_display = ("cluster", "status", "date", "act")
    list_filter = ("status", ("cluster", ScopedRelatedFilter))
    search_fields = ("cluster__short_name", "act", "note_it", "note_en")
    date_hierarchy = "date"
    list_select_related = ("cluster",)


@admin.register(ClusterStaff)
class ClusterStaffAdmin(SuperuserWritesAdmin):
    list_display = ("user", "cluster", "since")
    list_filter = (("cluster", ScopedRelatedFilter),)
    search_fields = ("user__username", "user__email", "user__last_name", "cluster__short_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "cluster")


@admin.register(BoardSeat)
class BoardSeatAdmin(ClusterScopedAdmin):
    list_display = ("person", "organisation", "cluster", "constituency", "role", "start", "end")
    list_filter = (("cluster", ScopedRelatedFilter), "constituency", "role")
    search_fields = ("person__first_name", "person__last_name", "organisation__name")
    autocomplete_fields = ("person", "organisation")
    list_select_related = ("person", "organisation", "cluster")

    def save_model(self, request: HttpRequest, obj: BoardSeat, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        warn_if_board_unrepresentative(self, request, obj.cluster)

    def delete_model(self, request: HttpRequest, obj: BoardSeat) -> None:
        super().delete_model(request, obj)
        warn_if_board_unrepresentative(self, request, obj.cluster)
