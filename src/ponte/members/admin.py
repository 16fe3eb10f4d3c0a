"""Admin of organisations, people, affiliations and memberships.

A membership's status only moves through the lifecycle services (admin actions below), so
every step stays dated, attributed and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ponte.competences.admin import OrganisationCompetenceInline, PersonCompetenceInline
from ponte.members import services
from ponte.members.forms import VatAndWebsiteMixin
from ponte.members.models import Affiliation, Membership, MembershipEvent, Organisation, Person
from ponte.web.admin_scope import (
    ORGANISATION_CLUSTER_PATHS,
    PERSON_CLUSTER_PATHS,
    ClusterScopedAdmin,
    ScopedInline,
    ScopedRelatedFilter,
    scoped_choices,
    staffed_cluster_ids,
    through,
)

LIFECYCLE_DATES = (
    "applied_on", "review_started_on", "activated_on", "suspended_on", "ended_on",
)  # fmt: skip


class AffiliationOfOrganisationInline(ScopedInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "position", "is_primary", "can_manage", "start", "end")


class AffiliationOfPersonInline(ScopedInline):
    """Staff see, and save back, only the person's affiliations with their clusters'
    organisations: what the person does elsewhere is not theirs to read or change."""

    model = Affiliation
    extra = 0
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "position", "is_primary", "can_manage", "start", "end")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Affiliation]:
        qs = super().get_queryset(request)
        organisations = scoped_choices(request, Organisation)
        if organisations is None:
            return qs
        return qs.filter(organisation__in=organisations)


class MembershipInline(ScopedInline):
    """Memberships are created by applications and moved by the lifecycle actions; here staff
    only see those of their own clusters."""

    model = Membership
    extra = 0
    fields = ("cluster", "role", "status", *LIFECYCLE_DATES)
    readonly_fields = ("status", *LIFECYCLE_DATES)
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(cluster_id__in=staffed_cluster_ids(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return self.readonly_fields
        return ("cluster", "role", *self.readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationAdminForm(VatAndWebsiteMixin, forms.ModelForm):
    """A VAT number typed as on the public forms ("IT 00042420152") is accepted and stored
    as its 11 digits, with the same messages."""

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose the fields shown


@admin.register(Organisation)
class OrganisationAdmin(ClusterScopedAdmin):
    form = OrganisationAdminForm
    cluster_paths = ORGANISATION_CLUSTER_PATHS
    list_display = ("name", "kind", "province", "city", "vat_number", "is_sample")
    list_filter = ("kind", "province", "is_sample", ("memberships__cluster", ScopedRelatedFilter))
    search_fields = ("name", "slug", "vat_number", "city", "ateco_code")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created", "updated")
    inlines = (AffiliationOfOrganisationInline, MembershipInline, OrganisationCompetenceInline)


@admin.register(Person)
class PersonAdmin(ClusterScopedAdmin):
    cluster_paths = PERSON_CLUSTER_PATHS
    list_display = ("last_name", "first_name", "email", "user", "is_public", "is_sample")
    list_filter = ("is_public", "is_sample")
    search_fields = ("first_name", "last_name", "email", "slug", "orcid", "user__username")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)
    readonly_fields = ("created",)
    inlines = (AffiliationOfPersonInline, PersonCompetenceInline)


@admin.register(Affiliation)
class AffiliationAdmin(ClusterScopedAdmin):
    cluster_paths = through("organisation__")
    list_display = ("person", "organisation", "position", "is_primary", "can_manage", "end")
    list_filter = ("is_primary", "can_manage")
    search_fields = ("person__first_name", "person__last_name", "organisation__name", "position")
    autocomplete_fields = ("person", "organisation")
    list_select_related = ("person", "organisation")


def _lifecycle_action(
    transition: Callable[..., Membership], description: Any
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Membership]], None]:
    """An admin action applying one lifecycle step to each selected membership."""

    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Membership]
    ) -> None:
        done = 0
        for membership in queryset:
            try:
                transition(request.user, membership)
            except (ValidationError, PermissionDenied) as error:
                message = "; ".join(getattr(error, "messages", [str(error)]))
                modeladmin.message_user(request, f"{membership}: {message}", messages.ERROR)
            else:
                done += 1
        if done:
            text = ngettext("%(count)d membership updated.", "%(count)d memberships updated.", done)
            modeladmin.message_user(request, text % {"count": done}, messages.SUCCESS)

    action.__name__ = transition.__name__
    return admin.action(description=description)(action)


@admin.register(Membership)
class MembershipAdmin(ClusterScopedAdmin):
    cluster_paths = ("cluster_id",)
    list_display = ("organisation", "cluster", "role", "status", "applied_on", "activated_on")
    list_filter = ("status", "role", ("cluster", ScopedRelatedFilter))
    search_fields = ("organisation__name", "organisation__vat_number", "cluster__short_name")
    autocomplete_fields = ("organisation", "applied_by")
    list_select_related = ("organisation", "cluster")
    readonly_fields = ("status", *LIFECYCLE_DATES)
    inlines = (MembershipEventInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Staff never move a membership to another cluster or organisation, nor promote it."""
        if request.user.is_superuser or obj is None:
            return self.readonly_fields
        return ("organisation", "cluster", "role", *self.readonly_fields)

    actions = (
        _lifecycle_action(services.start_review, _("Start the review")),
        _lifecycle_action(services.activate_membership, _("Activate")),
        _lifecycle_action(services.reject_membership, _("Reject")),
        _lifecycle_action(services.suspend_membership, _("Suspend")),
        _lifecycle_action(services.withdraw_membership, _("Withdraw")),
    )


@admin.register(MembershipEvent)
class MembershipEventAdmin(ClusterScopedAdmin):
    """The history is written by the lifecycle services; here it is only read."""

    cluster_paths = ("membership__cluster_id",)
    list_display = ("membership", "from_status", "to_status", "at", "by")
    list_filter = ("to_status", ("membership__cluster", ScopedRelatedFilter))
    search_fields = ("membership__organisation__name", "note")
    list_select_related = ("membership__organisation", "membership__cluster", "by")
    readonly_fields = ("membership", "from_status", "to_status", "at", "by", "note")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
