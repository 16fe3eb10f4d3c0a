"""The admin serves staff on every model of Ponte: each list can be searched and filtered,
and answers whatever is typed into its search box."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db.models import Model
from django.urls import reverse

from ponte.accounts.models import User
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

# Every list of the admin: Ponte's models, and those it takes from Django and django-tasks-db.
PONTE_ADMINS: list[tuple[type[Model], ModelAdmin[Model]]] = sorted(
    admin.site._registry.items(), key=lambda pair: pair[0]._meta.label
)


@pytest.mark.parametrize(
    ("model", "model_admin"), PONTE_ADMINS, ids=[m._meta.label for m, _ in PONTE_ADMINS]
)
def test_every_ponte_list_in_the_admin_has_search_and_filters(
    model: type[Model], model_admin: ModelAdmin[Model], superuser: User
) -> None:
    assert model_admin.search_fields, f"{model._meta.label}: no search"
    assert model_admin.list_filter, f"{model._meta.label}: no filters"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    client = client_for(superuser, "en")
    for typed in ("42", "Bicocca", "àé ?%_"):
        assert client.get(url, {"q": typed}).status_code == 200, (url, typed)
