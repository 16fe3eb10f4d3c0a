"""Notifications in the admin, for superusers to follow what was sent to whom."""

from __future__ import annotations

from django.contrib import admin

from ponte.notifications.models import ExpiryReminder, Notification, NotificationPreference
from ponte.web.admin_scope import PonteAdmin


@admin.register(Notification)
class NotificationAdmin(PonteAdmin):
    list_display = ["created", "recipient", "kind", "delivery", "read_at", "emailed_at"]
    list_filter = ["kind", "delivery", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "recipient__email", "message"]
    date_hierarchy = "created"
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = ["created", "target_type", "target_id", "emailed_at", "digested_at"]
    list_select_related = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(PonteAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(PonteAdmin):
    list_display = ["sent_at", "target_type", "target_id", "reminded_for"]
    list_filter = ["target_type", "reminded_for"]
    search_fields = ["=target_id"]  # the offer's or need's number
    date_hierarchy = "sent_at"
    readonly_fields = ["sent_at"]
