"""Root URLs: each app owns its own urls.py."""

from django.contrib import admin
from django.urls import include, path

from ponte.notifications.views import set_language

urlpatterns = [
    path("", include("ponte.web.urls")),
    path("clusters/", include("ponte.clusters.urls")),
    path("members/", include("ponte.members.urls")),
    path("competences/", include("ponte.competences.urls")),
    path("transfer/", include("ponte.transfer.urls")),
    path("matching/", include("ponte.matching.urls")),
    path("accounts/", include("ponte.accounts.urls")),
    path("inbox/", include("ponte.notifications.urls")),
    path("events/", include("ponte.events.urls")),
    path("i18n/setlang/", set_language, name="set_language"),  # remembers a user's choice
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
