"""The home page of the network."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ponte.clusters.selectors import clusters_with_counts, network_numbers
from ponte.transfer.selectors import live, visible_needs, visible_offers

LATEST_ITEMS = 5


def home(request: HttpRequest) -> HttpResponse:
    """Ponte in one sentence, the key numbers, the clusters and the latest offers and needs."""
    return render(
        request,
        "web/home.html",
        {
            "numbers": network_numbers(request.user),
            "clusters": clusters_with_counts(),
            "latest_offers": live(visible_offers(request.user))[:LATEST_ITEMS],
            "latest_needs": live(visible_needs(request.user))[:LATEST_ITEMS],
        },
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token (an old tab, cookies blocked, another site):
    the site's own page, in the visitor's language, saying what to do; nothing was saved."""
    return render(request, "web/403_csrf.html", status=403)
