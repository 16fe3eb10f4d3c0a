"""Admin of events: the staff create and edit their cluster's events and programmes and see
registrations and the published meetings; meeting requests and outcomes stay with their two
sides (superusers only here). The sidebar filters offer staff only their own clusters and
events."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ponte.events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Registration,
    ScheduleRun,
    Session,
)
from ponte.events.services import save_event
from ponte.transfer.models import InnovationNeed, TechnologyOffer
from ponte.web.admin_scope import (
    ClusterScopedAdmin,
    ScopedInline,
    ScopedRelatedFilter,
    scoped_choices,
)

EVENT_FILTER = ("event", ScopedRelatedFilter)


class SessionInline(ScopedInline):
    model = Session
    extra = 1
    fields = ("start", "end", "title_it", "title_en", "speakers")


@admin.register(Event)
class EventAdmin(ClusterScopedAdmin):
    list_display = ("title_it", "cluster", "date", "venue", "status", "capacity", "is_sample")
    list_filter = ("status", ("cluster", ScopedRelatedFilter), "is_sample")
    search_fields = ("title_it", "title_en", "venue", "slug")
    prepopulated_fields = {"slug": ("title_it",)}
    date_hierarchy = "date"
    inlines = (SessionInline,)
    readonly_fields = ("created", "updated")
    fieldsets = (
        (None, {"fields": ("cluster", "slug", "title_it", "title_en", "status")}),
        (_("When and where"), {"fields": ("date", "start_time", "end_time", "venue", "address")}),
        (_("Description"), {"fields": ("description_it", "description_en")}),
        (
            _("Registration"),
            {"fields": ("capacity", "registration_opens", "registration_closes")},
        ),
        (
            _("B2B meetings"),
            {
                "fields": (
                    "meeting_minutes",
                    "b2b_start",
                    "b2b_end",
                    "b2b_slots",
                    "break_slots",
                    "b2b_tables",
                )
            },
        ),  # fmt: skip
        (None, {"fields": ("is_sample", "created", "updated")}),
    )

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        """Through the service: permission, validation, audit log, waiting-list promotion."""
        save_event(request.user, obj)


class EventScopedAdmin(ClusterScopedAdmin):
    cluster_paths = ("event__cluster_id",)


@admin.register(Registration)
class RegistrationAdmin(EventScopedAdmin):
    list_display = ("person", "organisation", "event", "status", "registered_at", "checked_in_at")
    list_filter = ("status", EVENT_FILTER, "is_sample")
    search_fields = ("person__first_name", "person__last_name", "organisation__name")
    list_select_related = ("person", "organisation", "event")
    autocomplete_fields = ("person", "organisation")
    filter_horizontal = ("offers", "needs")

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Registration | None:
        """A participant may link offers and needs of any cluster its organisation is in:
        on the page staff read only those of their own clusters (the page shows what is
        prefetched here)."""
        registration = super().get_object(request, object_id, from_field)
        offers = scoped_choices(request, TechnologyOffer)
        needs = scoped_choices(request, InnovationNeed)
        if registration is not None and offers is not None and needs is not None:
            prefetch_related_objects(
                [registration], Prefetch("offers", offers), Prefetch("needs", needs)
            )
        return registration

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """The links are the participant's to choose; staff, who see only some of them, would
        drop the others by saving."""
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "offers", "needs")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(EventScopedAdmin):
    list_display = ("__str__", "event", "status", "requester_priority", "recipient_priority")
    list_filter = ("status", EVENT_FILTER)
    search_fields = (
        "requester__person__first_name",
        "requester__person__last_name",
        "requester__organisation__name",
        "recipient__person__first_name",
        "recipient__person__last_name",
        "recipient__organisation__name",
        "event__title_it",
    )
    list_select_related = ("requester__person", "recipient__person", "event")
    raw_id_fields = ("requester", "recipient")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(EventScopedAdmin):
    list_display = ("event", "created", "status", "objective", "bound", "scheduled", "accepted",
                    "published_at")  # fmt: skip
    list_filter = ("status", EVENT_FILTER)
    search_fields = ("event__title_it", "event__title_en", "method")
    readonly_fields = [f.name for f in ScheduleRun._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(EventScopedAdmin):
    list_display = ("__str__", "event", "slot", "table")
    list_filter = (EVENT_FILTER, "slot", "table")
    search_fields = tuple(f"request__{name}" for name in MeetingRequestAdmin.search_fields)
    list_select_related = ("request__requester__person", "request__recipient__person", "event")
    raw_id_fields = ("request", "run")


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(EventScopedAdmin):
    cluster_paths = ("meeting__event__cluster_id",)
    list_display = ("meeting", "registration", "happened", "follow_up", "recorded_at")
    list_filter = ("happened", "follow_up", ("meeting__event", ScopedRelatedFilter))
    search_fields = (
        "registration__person__first_name",
        "registration__person__last_name",
        "registration__organisation__name",
        "note",
    )
    raw_id_fields = ("meeting", "registration", "interest")
