"""Texts members write keep the language they were written in, for screen readers too
(WCAG 2.1, 3.1.2 Language of Parts): an Italian title on an English page says lang="it"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from tests.factories import (
    InnovationNeedFactory,
    OrganisationFactory,
    PersonFactory,
    TechnologyOfferFactory,
)
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_item_titles_on_the_home_page_carry_their_language(
    member_org: Organisation, cluster_a: Cluster
) -> None:
    TechnologyOfferFactory(
        title="Emulsioni a freddo", language="it", organisation=member_org, cluster=cluster_a
    )
    InnovationNeedFactory(
        title="Cold-process emulsions", language="en", organisation=member_org, cluster=cluster_a
    )
    page = client_for(language="en").get(reverse("web:home")).content.decode()
    assert 'lang="it"><strong>Emulsioni a freddo</strong>' in page
    assert 'lang="en"><strong>Cold-process emulsions</strong>' in page


def test_item_titles_on_a_cluster_page_carry_their_language(
    member_org: Organisation, cluster_a: Cluster
) -> None:
    TechnologyOfferFactory(
        title="Emulsioni a freddo", language="it", organisation=member_org, cluster=cluster_a
    )
    url = reverse("clusters:detail", args=[cluster_a.slug])
    page = client_for(language="en").get(url).content.decode()
    assert 'lang="it"><strong>Emulsioni a freddo</strong>' in page


def test_a_biography_written_only_in_italian_is_marked_italian_on_the_english_page() -> None:
    person = PersonFactory(bio_it="Ha maturato esperienza in analisi LCA.", bio_en="")
    page = client_for(language="en").get(person.get_absolute_url()).content.decode()
    assert '<div lang="it"><p>Ha maturato esperienza in analisi LCA.</p></div>' in page


def test_an_organisation_description_in_the_page_language_is_marked_so() -> None:
    organisation = OrganisationFactory(description_it="Terzista.", description_en="Contractor.")
    page = client_for(language="en").get(organisation.get_absolute_url()).content.decode()
    assert '<div lang="en"><p>Contractor.</p></div>' in page


def test_a_cluster_description_falling_back_to_italian_is_marked_italian(
    cluster_a: Cluster,
) -> None:
    cluster_a.description_it = "Il decimo cluster."
    cluster_a.description_en = ""
    cluster_a.save()
    url = reverse("clusters:detail", args=[cluster_a.slug])
    page = client_for(language="en").get(url).content.decode()
    assert '<div lang="it"><p>Il decimo cluster.</p></div>' in page
