"""The demo's records pass the same validation a user's edit must pass: a manager or cluster
staff opening any demo profile can save it without first fixing data they never typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ponte.clusters.models import BoardSeat, Cluster
from ponte.clusters.selectors import missing_constituencies
from ponte.members.models import Affiliation, Organisation, Person

pytestmark = pytest.mark.django_db(transaction=True)


def invalid(records: Any) -> list[tuple[str, dict[str, list[str]]]]:
    found = []
    for record in records:
        try:
            record.full_clean()
        except ValidationError as error:
            found.append((str(record), error.message_dict))
    return found


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> None:
    settings.MATCHING_EMBED_CACHE = tmp_path / "cache"
    call_command("load_demo", force=True, verbosity=0)


def test_demo_people_affiliations_board_seats_and_clusters_are_valid(demo: None) -> None:
    assert invalid(Person.objects.all()) == []
    assert invalid(Affiliation.objects.select_related("person", "organisation")) == []
    assert invalid(BoardSeat.objects.select_related("person", "organisation", "cluster")) == []
    assert invalid(Cluster.objects.all()) == []
    cosmetics = Cluster.objects.get(coordinator__name="REI Reindustria Innovazione")
    assert missing_constituencies(cosmetics) == []


def test_demo_organisations_are_valid(demo: None) -> None:
    assert invalid(Organisation.objects.all()) == []
