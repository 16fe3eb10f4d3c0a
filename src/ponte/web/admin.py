"""Search and filters on the admin lists Ponte takes from Django and django-tasks-db too:
user groups, and the background task queue (whose own admin has filters but no search)."""

from __future__ import annotations

import django_tasks_db.admin as tasks_admin  # registered first, so it can be replaced here
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

admin.site.unregister(Group)
admin.site.unregister(DBTaskResult)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    list_filter = ("permissions__content_type__app_label",)


@admin.register(DBTaskResult)
class DBTaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    search_fields = ("id", "task_path", "queue_name")
