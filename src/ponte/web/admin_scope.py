"""The admin's share of 'who may see this': staff see and pick only their own clusters' records.

Superusers see everything. For cluster staff every queryset (lists, change pages,
autocompletes, actions) and every choice offered in a form (clusters, organisations,
people) is limited to what is linked to a cluster they staff, so an id posted by hand
outside that scope fails validation like any invalid choice.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from ponte.accounts.selectors import viewer_for

# How an organisation is linked to a cluster: a membership (whatever its status), being its
# coordinator, or a seat on its board held on its behalf. A person is linked through any
# affiliation with such an organisation or through a seat on the board.
ORGANISATION_CLUSTER_PATHS = (
    "memberships__cluster_id",
    "coordinated_clusters__id",
    "board_seats__cluster_id",
)


def through(prefix: str, paths: tuple[str, ...] = ORGANISATION_CLUSTER_PATHS) -> tuple[str, ...]:
    """`paths` reached from another model, e.g. ``through("organisation__")``."""
    return tuple(prefix + path for path in paths)


PERSON_CLUSTER_PATHS = (*through("affiliations__organisation__"), "board_seats__cluster_id")


def staffed_cluster_ids(request: HttpRequest) -> frozenset[int]:
    return viewer_for(request.user).staff_cluster_ids


def linked_to(model: type[models.Model], paths: tuple[str, ...], clusters: Any) -> QuerySet[Any]:
    """Rows of `model` linked to one of `clusters` through any of `paths`, without duplicates."""
    rule = Q()
    for path in paths:
        rule |= Q(**{f"{path}__in": clusters})
    return model._default_manager.filter(pk__in=model._default_manager.filter(rule).values("pk"))


def scoped_choices(request: HttpRequest, model: type[models.Model]) -> QuerySet[Any] | None:
    """The records of `model` a staff member may pick, in a choice or a sidebar filter, or
    read through a relation; None: not limited. Events, offers and needs belong to one
    cluster: another cluster's (its drafts and confidential items too) are never offered."""
    from ponte.clusters.models import Cluster
    from ponte.events.models import Event
    from ponte.members.models import Organisation, Person
    from ponte.transfer.models import InnovationNeed, TechnologyOffer

    if request.user.is_superuser:
        return None
    clusters = staffed_cluster_ids(request)
    if model is Cluster:
        return Cluster.objects.filter(pk__in=clusters)
    if model is Organisation:
        return linked_to(Organisation, ORGANISATION_CLUSTER_PATHS, clusters)
    if model is Person:
        return linked_to(Person, PERSON_CLUSTER_PATHS, clusters)
    if model in (Event, TechnologyOffer, InnovationNeed):
        return model._default_manager.filter(cluster_id__in=clusters)
    return None


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A sidebar filter on a relation offering staff only their own clusters' records."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        choices = scoped_choices(request, field.related_model)
        if choices is None:
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in choices]


class ScopedChoicesMixin:
    """Limit foreign-key and many-to-many choices of cluster staff to their own clusters'
    records."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        choices = scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        choices = scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SafeSearchMixin:
    """Searches (change lists and autocompletes) drop control characters, which PostgreSQL
    text cannot hold: a NUL typed or crafted into ``?q=`` must not become a server error."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        return super().get_search_results(  # type: ignore[misc]
            request, queryset, CONTROL_CHARACTERS.sub("", search_term)
        )


#: Models whose documents the matching index holds, and the kind of their keys.
INDEXED_KINDS = {
    "transfer.technologyoffer": "offer",
    "transfer.innovationneed": "need",
    "members.organisation": "org",
    "members.person": "person",
}


class ReindexMixin:
    """Changes made in the admin reach the matching index as the site's own do: a record
    saved or deleted here queues its re-indexing (which also drops what no longer exists),
    so no deleted or re-classified item lingers in the index or its statistics."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from ponte.matching.services import schedule_reindex

        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        kind = INDEXED_KINDS.get(form.instance._meta.label_lower)
        if kind is not None:
            schedule_reindex(kind, form.instance.pk)

    def _before_delete(self, model: Any, pks: Any) -> None:
        """Queued for the commit, so it runs after the deletion (with its cascade)."""
        from ponte.matching.services import schedule_reindex_before_delete

        kind = INDEXED_KINDS.get(model._meta.label_lower)
        if kind is not None:
            for pk in pks:
                schedule_reindex_before_delete(kind, pk)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._before_delete(type(obj), [obj.pk])
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._before_delete(queryset.model, list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)  # type: ignore[misc]


class PonteAdmin(ReindexMixin, SafeSearchMixin, admin.ModelAdmin):
    """Ponte's admin defaults: links typed without a scheme are taken as https; safe search;
    changes re-indexed for matching."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ClusterScopedAdmin(ScopedChoicesMixin, PonteAdmin):
    """For non-superusers, limit the queryset to records linked to a cluster they staff,
    through any of `cluster_paths` (lookups ending at a cluster id)."""

    cluster_paths: tuple[str, ...] = ("cluster_id",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        linked = linked_to(self.model, self.cluster_paths, staffed_cluster_ids(request))
        return qs.filter(pk__in=linked.values("pk"))


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
