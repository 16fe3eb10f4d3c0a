"""The admin's share of 'who may see this': staff see and pick only their own clusters' records.

Superusers see everything. For cluster staff every queryset (lists, change pages,
autocompletes, actions) and every choice offered in a form (clusters, organisations,
people) is limited to what is linked to a cluster they staff, so an id posted by hand
outside that scope fails validation like any invalid choice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from ponte.accounts.selectors import viewer_for


def staffed_cluster_ids(request: HttpRequest) -> frozenset[int]:
    return viewer_for(request.user).staff_cluster_ids


def scoped_choices(request: HttpRequest, model: type[models.Model]) -> QuerySet[Any] | None:
    """The choices of a foreign key to `model` a staff member may pick; None: not limited."""
    from ponte.clusters.models import Cluster
    from ponte.members.models import Membership, Organisation, Person

    if request.user.is_superuser:
        return None
    clusters = staffed_cluster_ids(request)
    organisations = Membership.objects.filter(cluster_id__in=clusters).values("organisation_id")
    if model is Cluster:
        return Cluster.objects.filter(pk__in=clusters)
    if model is Organisation:
        return Organisation.objects.filter(pk__in=organisations)
    if model is Person:
        return Person.objects.filter(affiliations__organisation_id__in=organisations).distinct()
    return None


class ScopedChoicesMixin:
    """Limit foreign-key choices of cluster staff to their own clusters' records."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        choices = scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class PonteAdmin(admin.ModelAdmin):
    """Ponte's admin defaults: links typed without a scheme are taken as https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ClusterScopedAdmin(ScopedChoicesMixin, PonteAdmin):
    """For non-superusers, limit the queryset to records linked to a cluster they staff,
    through any of `cluster_paths` (lookups ending at a cluster id)."""

    cluster_paths: tuple[str, ...] = ("cluster_id",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staffed = staffed_cluster_ids(request)
        rule = Q()
        for path in self.cluster_paths:
            rule |= Q(**{f"{path}__in": staffed})
        return qs.filter(pk__in=self.model._default_manager.filter(rule).values("pk"))


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """An inline whose choices are limited like its parent admin's."""


class SuperuserWritesAdmin(ClusterScopedAdmin):
    """Records only the Region or an administrator changes (recognition, staff appointments)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
