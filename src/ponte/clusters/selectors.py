"""Reads of the network and its clusters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ponte.clusters.models import BoardSeat, Cluster, Constituency
from ponte.members.constants import MembershipStatus


def clusters_with_counts() -> QuerySet[Cluster]:
    return (
        Cluster.objects.select_related("coordinator")
        .prefetch_related("recognition_events")
        .annotate(
            active_members=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True
            )
        )
    )


def current_board(cluster: Cluster) -> QuerySet[BoardSeat]:
    return (
        cluster.board_seats.current()
        .select_related("person", "organisation")
        .order_by("role", "constituency", "person__last_name")
    )


def missing_constituencies(cluster: Cluster) -> list[Constituency]:
    """The constituencies (industry, academia, innovation) without a current seat."""
    held = set(current_board(cluster).values_list("constituency", flat=True))
    return [c for c in Constituency if c not in held]


def board_is_representative(cluster: Cluster) -> bool:
    return not missing_constituencies(cluster)


def cluster_queryset() -> QuerySet[Cluster]:
    """Clusters with what every cluster page shows: coordinator and recognition history."""
    return Cluster.objects.select_related("coordinator").prefetch_related("recognition_events")


def board_by_constituency(cluster: Cluster) -> list[tuple[Constituency, list[BoardSeat]]]:
    """Current seats grouped by constituency, in the order industry, academia, innovation;
    constituencies without a seat are left out (see `missing_constituencies`)."""
    seats = list(current_board(cluster))
    groups = [(c, [s for s in seats if s.constituency == c]) for c in Constituency]
    return [(c, group) for c, group in groups if group]


@dataclass(frozen=True)
class NetworkNumbers:
    clusters: int
    active_organisations: int
    visible_offers: int
    visible_needs: int


def network_numbers(user: Any) -> NetworkNumbers:
    """The key figures of the network as `user` may see them: confidential offers and needs
    never shape a count."""
    from ponte.members.models import Organisation
    from ponte.transfer.selectors import live, visible_needs, visible_offers

    return NetworkNumbers(
        clusters=Cluster.objects.count(),
        active_organisations=Organisation.objects.filter(
            memberships__status=MembershipStatus.ACTIVE
        )
        .distinct()
        .count(),
        visible_offers=live(visible_offers(user)).count(),
        visible_needs=live(visible_needs(user)).count(),
    )


def board_seats_of(person_id: int) -> QuerySet[BoardSeat]:
    """A person's current board seats, with cluster and represented organisation."""
    return (
        BoardSeat.objects.current()
        .filter(person_id=person_id)
        .select_related("cluster", "organisation")
        .order_by("cluster__short_name")
    )
