"""The member directory's name search finds an organisation however its name is typed:
upper or lower case, with or without accents, words in any order, hyphens as spaces."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.members.constants import OrganisationKind
from tests.factories import OrganisationFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "Università",
        "università",
        "UNIVERSITÀ",
        "universita",
        "UNIVERSITA",
        "milano bicocca",
        "Bicocca Milano",
        "  studi   milano-bicocca ",
    ],
)
def test_the_directory_finds_a_university_however_its_name_is_typed(typed: str) -> None:
    university = OrganisationFactory(
        name="Università degli Studi di Milano-Bicocca", kind=OrganisationKind.UNIVERSITY
    )
    OrganisationFactory(name="Cosmetica Adda Lab srl")
    response = client_for().get(reverse("members:organisations"), {"q": typed})
    assert list(response.context["organisations"]) == [university]


def test_every_word_typed_must_be_in_the_name() -> None:
    OrganisationFactory(name="Università degli Studi di Milano")
    response = client_for().get(reverse("members:organisations"), {"q": "università bicocca"})
    assert list(response.context["organisations"]) == []
    assert "No organisation matches these filters." in response.content.decode()


def test_the_name_search_combines_with_the_other_filters() -> None:
    milan = OrganisationFactory(name="Laboratorio Città Srl", province="MI")
    OrganisationFactory(name="Laboratorio Città Bergamo Srl", province="BG")
    response = client_for().get(reverse("members:organisations"), {"q": "CITTA", "province": "MI"})
    assert list(response.context["organisations"]) == [milan]
