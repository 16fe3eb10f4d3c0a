"""The admin's share of 'who may see this': staff see only their own clusters' records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from ponte.accounts.selectors import viewer_for


class PonteAdmin(admin.ModelAdmin):
    """Ponte's admin defaults: links typed without a scheme are taken as https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ClusterScopedAdmin(PonteAdmin):
    """For non-superusers, limit the queryset (lists, change pages, autocompletes, actions)
    to records linked to a cluster they staff, through `cluster_path`."""

    cluster_path: str = "cluster_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staffed = viewer_for(request.user).staff_cluster_ids
        in_scope = self.model._default_manager.filter(
            **{f"{self.cluster_path}__in": staffed}
        ).values("pk")
        return qs.filter(pk__in=in_scope)


class SuperuserWritesAdmin(ClusterScopedAdmin):
    """Records only the Region or an administrator changes (recognition, staff appointments)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
