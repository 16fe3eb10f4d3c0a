"""Editing an organisation's profile keeps what tells companies apart: the VAT number."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ponte.members.constants import OrganisationKind
from ponte.members.models import Organisation
from tests.factories import OrganisationFactory, person_in
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _profile(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    fields = ("name", "kind", "vat_number", "ateco_code", "province", "city", "website")
    data = {name: getattr(organisation, name) for name in fields}
    data.update(description_it="", description_en="", headcount="12")
    data.update(turnover_eur="1500000", balance_sheet_eur="")
    return {**data, **overrides}


def test_a_manager_cannot_remove_the_vat_number_of_a_company() -> None:
    company = OrganisationFactory(name="Crema Bella Srl", kind=OrganisationKind.SME)
    vat = company.vat_number
    manager = person_in(company, can_manage=True)
    url = reverse("members:organisation_edit", args=[company.slug])
    response = client_for(manager, language="en").post(
        url, _profile(company, vat_number="", city="Bergamo")
    )
    assert response.status_code == 200
    assert "VAT number: required for companies" in response.context["form"].errors["vat_number"][0]
    assert 'value="Bergamo"' in response.content.decode()
    company.refresh_from_db()
    assert company.vat_number == vat and company.city == "Milano"


def test_turning_a_company_into_an_association_does_not_let_its_vat_number_go() -> None:
    company = OrganisationFactory(name="Crema Bella Srl", kind=OrganisationKind.SME)
    vat = company.vat_number
    manager = person_in(company, can_manage=True)
    url = reverse("members:organisation_edit", args=[company.slug])
    response = client_for(manager, language="en").post(
        url, _profile(company, vat_number="", kind=OrganisationKind.ASSOCIATION)
    )
    assert response.status_code == 200
    assert "VAT number" in response.context["form"].errors["vat_number"][0]
    company.refresh_from_db()
    assert company.vat_number == vat and company.kind == OrganisationKind.SME


def test_a_manager_may_correct_the_vat_number_of_a_company() -> None:
    company = OrganisationFactory(kind=OrganisationKind.SME)
    manager = person_in(company, can_manage=True)
    url = reverse("members:organisation_edit", args=[company.slug])
    response = client_for(manager).post(url, _profile(company, vat_number="IT 12883420155"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.vat_number == "12883420155"


def test_a_university_may_leave_its_vat_number_blank() -> None:
    university = OrganisationFactory(university=True)
    manager = person_in(university, can_manage=True)
    url = reverse("members:organisation_edit", args=[university.slug])
    response = client_for(manager).post(
        url, _profile(university, vat_number="", headcount="", turnover_eur="")
    )
    assert response.status_code == 302
    university.refresh_from_db()
    assert university.vat_number == ""
