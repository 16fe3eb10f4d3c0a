"""Small helpers shared by the page tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from ponte.clusters.models import Cluster
from tests.factories import vat_number


def client_for(user: Any = None, language: str | None = None) -> Client:
    """A test client logged in as `user` (None: a visitor), asking for `language` if given."""
    client = Client()
    if language is not None:
        client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def application_data(target: Cluster, **overrides: Any) -> dict[str, Any]:
    """A valid membership application of a new SME, as the form posts it."""
    return {
        "cluster": target.pk,
        "role": "member",
        "name": "Crema Bella Srl",
        "kind": "sme",
        "vat_number": vat_number(7_654_321),
        "province": "BG",
        "city": "Bergamo",
        "website": "cremabella.example",
        "ateco_code": "20.42",
        "headcount": "12",
        "turnover_eur": "1500000",
        "balance_sheet_eur": "",
        "motivation": "We formulate natural creams.",
        "position": "CEO",
        **overrides,
    }
