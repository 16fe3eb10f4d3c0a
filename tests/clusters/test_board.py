"""A cluster's board is representative when industry, academia and innovation all sit on it."""

from __future__ import annotations

import datetime

import pytest

from ponte.clusters.models import Cluster, Constituency
from ponte.clusters.selectors import board_is_representative, current_board, missing_constituencies
from tests.factories import BoardSeatFactory, ClusterFactory

pytestmark = pytest.mark.django_db

LAST_TERM_END = datetime.date(2024, 12, 31)


def seat(cluster: Cluster, constituency: str, *, ended: bool = False) -> None:
    BoardSeatFactory(
        cluster=cluster, constituency=constituency, end=LAST_TERM_END if ended else None
    )


def test_a_board_with_all_three_constituencies_is_representative(cluster_a: Cluster) -> None:
    for constituency in Constituency:
        seat(cluster_a, constituency)

    assert missing_constituencies(cluster_a) == []
    assert board_is_representative(cluster_a)


def test_a_cluster_without_a_board_misses_every_constituency(cluster_a: Cluster) -> None:
    assert missing_constituencies(cluster_a) == [
        Constituency.INDUSTRY,
        Constituency.ACADEMIA,
        Constituency.INNOVATION,
    ]
    assert not board_is_representative(cluster_a)


def test_a_board_without_academia_is_not_representative(cluster_a: Cluster) -> None:
    seat(cluster_a, Constituency.INDUSTRY)
    seat(cluster_a, Constituency.INDUSTRY)
    seat(cluster_a, Constituency.INNOVATION)

    assert missing_constituencies(cluster_a) == [Constituency.ACADEMIA]
    assert not board_is_representative(cluster_a)


def test_an_ended_seat_does_not_count(cluster_a: Cluster) -> None:
    seat(cluster_a, Constituency.INDUSTRY)
    seat(cluster_a, Constituency.INNOVATION)
    seat(cluster_a, Constituency.ACADEMIA, ended=True)

    assert missing_constituencies(cluster_a) == [Constituency.ACADEMIA]
    assert not board_is_representative(cluster_a)
    assert all(s.end is None for s in current_board(cluster_a))


def test_a_seat_renewed_after_an_ended_one_counts(cluster_a: Cluster) -> None:
    for constituency in Constituency:
        seat(cluster_a, constituency, ended=True)
        seat(cluster_a, constituency)

    assert board_is_representative(cluster_a)
    assert current_board(cluster_a).count() == 3


def test_seats_on_another_clusters_board_do_not_count(cluster_a: Cluster) -> None:
    other = ClusterFactory()
    for constituency in Constituency:
        seat(other, constituency)
    seat(cluster_a, Constituency.INDUSTRY)

    assert missing_constituencies(cluster_a) == [Constituency.ACADEMIA, Constituency.INNOVATION]
    assert board_is_representative(other)
