"""The catalogue's suggestions come from the matching engine (a real, temporary index):
participants whose organisations fit what I look for, never my own organisation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.clusters.models import Cluster
from ponte.events.models import Event
from ponte.matching import index
from ponte.matching import services as matching_services
from tests.events.conftest import MakeParticipant, user_of
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    settings.MATCHING_EMBED_CACHE = tmp_path / "embeddings"
    index.reset()
    yield tmp_path / "index"
    index.reset()


def member(cluster: Cluster, name: str, description: str) -> Any:
    organisation = OrganisationFactory(name=name, description_it=description)
    MembershipFactory(organisation=organisation, cluster=cluster)
    return organisation


def test_suggestions_rank_the_participants_who_fit_my_profile(
    client: Client,
    join: MakeParticipant,
    event: Event,
    cluster_a: Cluster,
    site_index: Path,
) -> None:
    me = join("anna", looking_for="Conservanti naturali per creme e sieri cosmetici")
    fits = join(
        "bruno",
        organisation=member(
            cluster_a,
            "Laboratorio Conservanti Naturali",
            "Sistemi conservanti naturali da estratti vegetali per creme cosmetiche.",
        ),
    )
    join(
        "carla",
        organisation=member(
            cluster_a, "Officina Meccanica Brianza", "Torni e frese per componenti di acciaio."
        ),
    )
    join("dario", organisation=me.organisation)
    matching_services.rebuild_index()
    client.force_login(user_of(me))

    response = client.get(reverse("events:suggested", args=[event.slug]))

    suggested = [s.registration for s in response.context["suggestions"]]
    assert suggested and suggested[0] == fits
    assert all(r.organisation_id != me.organisation_id for r in suggested)
