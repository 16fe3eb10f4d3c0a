"""Pages of the network's clusters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ponte.clusters.selectors import (
    board_by_constituency,
    cluster_queryset,
    clusters_with_counts,
    missing_constituencies,
)
from ponte.members.selectors import cluster_members, visible_organisations, visible_people
from ponte.transfer.selectors import live, visible_needs, visible_offers

CLUSTER_ITEMS = 6


def cluster_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/list.html", {"clusters": clusters_with_counts()})


def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(cluster_queryset(), slug=slug)
    # The cluster's showcase, like the home page: open items only, whoever looks (drafts and
    # expired items stay on their owners' and staff's own pages).
    offers = live(visible_offers(request.user)).filter(cluster=cluster)
    needs = live(visible_needs(request.user)).filter(cluster=cluster)
    board = board_by_constituency(cluster)
    seat_people = [seat.person_id for _constituency, seats in board for seat in seats]
    seat_organisations = [seat.organisation_id for _constituency, seats in board for seat in seats]
    return render(
        request,
        "clusters/detail.html",
        {
            "cluster": cluster,
            "recognition": sorted(cluster.recognition_events.all(), key=lambda e: (e.date, e.pk)),
            "board": board,
            "visible_person_ids": set(
                visible_people(request.user).filter(pk__in=seat_people).values_list("pk", flat=True)
            ),
            "visible_organisation_ids": set(
                visible_organisations(request.user)
                .filter(pk__in=seat_organisations)
                .values_list("pk", flat=True)
            ),
            "missing_constituencies": missing_constituencies(cluster),
            "members": cluster_members(cluster.pk),
            "offers": offers[:CLUSTER_ITEMS],
            "offer_count": offers.count(),
            "needs": needs[:CLUSTER_ITEMS],
            "need_count": needs.count(),
        },
    )
