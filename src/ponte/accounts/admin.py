"""Admin of users and the (read-only) audit log; also names the admin site."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ponte.accounts.models import AuditLog, User
from ponte.web.admin_scope import PonteAdmin, SafeSearchMixin

admin.site.site_header = _("Ponte")
admin.site.site_title = _("Ponte")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(SafeSearchMixin, DjangoUserAdmin):
    list_display = (
        "username", "email", "first_name", "last_name", "is_staff", "is_regional_officer",
        "is_active",
    )  # fmt: skip
    list_filter = ("is_staff", "is_superuser", "is_regional_officer", "is_active", "groups")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Network role"), {"fields": ("is_regional_officer",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Network role"), {"fields": ("is_regional_officer",)}),
    )


@admin.register(AuditLog)
class AuditLogAdmin(PonteAdmin):
    """The audit log is evidence: nobody adds, edits or deletes entries, not even superusers."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type", ("at", admin.DateFieldListFilter))
    search_fields = ("action", "object_repr", "object_id", "actor__username", "actor__email")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = ("at", "actor", "action", "object_type", "object_id", "object_repr", "data")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
