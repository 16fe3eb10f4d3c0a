"""`ponte load_demo` run a second time adds no row to any table, the audit log included."""

from __future__ import annotations

import pytest
from django.apps import apps

from ponte.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_the_demo_twice_adds_no_row_anywhere() -> None:
    load_demo()
    first = _row_counts()
    load_demo()
    second = _row_counts()
    assert {label: (first[label], n) for label, n in second.items() if n != first[label]} == {}
