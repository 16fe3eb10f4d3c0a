"""A tiny matching site: a few offers, needs, organisations and people of every visibility,
indexed with the real model into a temporary index (embeddings cached for the session)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.competences.models import Competence
from ponte.matching import index, services
from ponte.members.models import Organisation, Person
from ponte.transfer.constants import Confidentiality, Partnership
from ponte.transfer.models import InnovationNeed, TechnologyOffer
from tests.factories import (
    AffiliationFactory,
    CompetenceFactory,
    InnovationNeedFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TechnologyOfferFactory,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture
def site_index(settings: Any, tmp_path: Path, embedding_cache: Path) -> Iterator[Path]:
    """The site's index in a fresh temporary directory."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    settings.MATCHING_EMBED_CACHE = embedding_cache
    index.reset()
    yield tmp_path / "index"
    index.reset()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


@dataclass
class World:
    preservation: Competence
    lab: Organisation
    sme: Organisation
    public_offer: TechnologyOffer
    members_offer: TechnologyOffer
    secret_need: InnovationNeed
    public_need: InnovationNeed
    researcher: Person
    private_person: Person


@pytest.fixture
def world(
    cluster_a: Cluster, member_org: Organisation, member_user: User, site_index: Path
) -> World:
    """Built, then indexed in one rebuild. `secret_need` is visible to cluster staff and its
    own organisation only, and carries a word nobody else uses ("zircofenolo")."""
    formulation = CompetenceFactory(
        code="formulation", name_it="Formulazione", name_en="Formulation"
    )
    preservation = CompetenceFactory(
        code="preservation",
        parent=formulation,
        name_it="Conservazione e conservanti",
        name_en="Preservation and preservatives",
    )
    packaging = CompetenceFactory(code="packaging", name_it="Packaging", name_en="Packaging")
    lab = MembershipFactory(
        cluster=cluster_a,
        organisation=OrganisationFactory(
            name="Laboratorio Conservanti Naturali",
            university=True,
            description_it="Laboratorio universitario su conservanti naturali per cosmetici.",
            description_en="University laboratory on natural preservatives for cosmetics.",
        ),
    ).organisation
    lab.competence_links.create(competence=preservation)
    researcher = PersonFactory(
        first_name="Giulia",
        last_name="Conti",
        bio_en="Microbiologist: challenge tests and natural preservative systems for creams.",
    )
    AffiliationFactory(person=researcher, organisation=lab)
    researcher.competence_links.create(competence=preservation)
    private_person = PersonFactory(
        first_name="Paolo",
        last_name="Riservato",
        is_public=False,
        bio_en="Expert in preservative systems, profile for members only.",
    )
    public_offer = TechnologyOfferFactory(
        title="Conservanti naturali per creme senza parabeni",
        summary="Sistemi conservanti da estratti vegetali che superano il challenge test.",
        organisation=lab,
        cluster=cluster_a,
        trl=6,
        competences=[preservation],
    )
    members_offer = TechnologyOfferFactory(
        title="Antimicrobial peptides for preservative-free cosmetics",
        summary="Peptides that protect water-based cosmetics from microbes.",
        organisation=lab,
        cluster=cluster_a,
        confidentiality=Confidentiality.MEMBERS,
        competences=[preservation],
    )
    TechnologyOfferFactory(
        title="Recyclable mono-material jars",
        summary="Polypropylene jars and tubes, fully recyclable.",
        organisation=lab,
        cluster=cluster_a,
        competences=[packaging],
    )
    secret_need = InnovationNeedFactory(
        title="Sostituire lo zircofenolo nei sieri",
        summary="Cerchiamo un conservante alternativo allo zircofenolo per sieri acquosi.",
        organisation=member_org,
        cluster=cluster_a,
        confidentiality=Confidentiality.STAFF,
        competences=[preservation],
    )
    public_need = InnovationNeedFactory(
        title="Natural preservative for a face cream",
        summary="We need a preservative system of natural origin for an O/W face cream.",
        organisation=member_org,
        cluster=cluster_a,
        partnership=Partnership.RESEARCH,
        trl_min=5,
        competences=[preservation],
    )
    services.rebuild_index()
    return World(
        preservation,
        lab,
        member_org,
        public_offer,
        members_offer,
        secret_need,
        public_need,
        researcher,
        private_person,
    )
