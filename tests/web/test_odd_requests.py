"""Odd query strings and unknown ids never give a server error: lists ignore or explain what
they cannot use, detail pages answer 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ponte.accounts.models import User
from ponte.members.models import Organisation
from tests.factories import (
    CompetenceFactory,
    InnovationNeedFactory,
    PersonFactory,
    TechnologyOfferFactory,
)

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "/",
    "/clusters/",
    "/clusters/cluster-a/",
    "/members/",
    "/competences/",
    "/transfer/offers/",
    "/transfer/needs/",
    "/events/",
    "/matching/search/",
]

ODD_QUERIES = [
    "?trl=abc",
    "?trl=0",
    "?trl=99",
    "?trl=-1",
    "?page=999",
    "?page=0",
    "?page=-3",
    "?page=abc",
    "?page=1e9",
    "?cluster=",
    "?cluster=no-such-cluster",
    "?cluster=%00",
    "?q=%00",
    "?q=%00%01%02",
    "?q=" + "x" * 5000,
    "?q=%27%22%3Cscript%3E",
    "?q=*",
    "?q=OR+AND+NOT",
    "?q=(",
    "?q=%22",
    "?province=ZZ",
    "?province=%00",
    "?kind=nonsense",
    "?competence=nonexistent",
    "?competence=%00",
    "?partnership=bogus",
    "?sort=bogus",
    "?order=-bogus",
    "?lang=xx",
    "?cluster=a&cluster=b",
    "?page=2&page=3",
    "?%00=%00",
]


@pytest.fixture
def world(member_org: Organisation, member_user: User) -> None:
    TechnologyOfferFactory(organisation=member_org, cluster=member_org.memberships.get().cluster)
    InnovationNeedFactory(organisation=member_org, cluster=member_org.memberships.get().cluster)
    CompetenceFactory()
    PersonFactory()


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_pages_survive_odd_query_strings_for_visitors(world: None, path: str) -> None:
    client = Client(raise_request_exception=False)
    for query in ODD_QUERIES:
        response = client.get(path + query)
        assert response.status_code in (200, 302), (path + query, response.status_code)


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_pages_survive_odd_query_strings_for_members(
    world: None, member_user: User, path: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(member_user)
    for query in ODD_QUERIES:
        response = client.get(path + query)
        assert response.status_code in (200, 302), (path + query, response.status_code)


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_pages_render_in_both_languages_with_htmx(world: None, path: str, lang: str) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = lang
    response = client.get(path + "?q=crema&page=2", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, path


@pytest.mark.parametrize(
    "path",
    [
        "/clusters/no-such-cluster/",
        "/members/o/no-such-organisation/",
        "/members/o/no-such-organisation/edit/",
        "/members/o/no-such-organisation/competences/",
        "/members/p/no-such-person/",
        "/competences/no-such-term/",
        "/transfer/offers/999999/",
        "/transfer/needs/999999/",
        "/transfer/offers/999999/edit/",
        "/transfer/needs/999999/edit/",
        "/events/no-such-event/",
    ],
)
def test_unknown_ids_answer_404(member_user: User, path: str) -> None:
    client = Client(raise_request_exception=False)
    assert client.get(path).status_code in (404, 302)
    client.force_login(member_user)
    assert client.get(path).status_code == 404


def test_review_actions_on_unknown_ids_answer_404(staff_user: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    assert client.post("/members/review/999999/approve/").status_code == 404
    assert client.post("/members/review/999999/nonsense/").status_code == 404
    assert client.get("/members/review/999999/approve/").status_code == 405


NUL_QUERIES = [
    "?q=a%00b",
    "?cluster=%00",
    "?competence=%00",
    "?province=%00",
    "?kind=%00",
    "?trl=%00",
    "?partnership=%00",
]


@pytest.mark.parametrize(
    "path",
    [
        "/members/",
        "/members/apply/",
        "/clusters/",
        "/competences/",
        "/transfer/offers/",
        "/transfer/needs/",
        "/events/",
        "/matching/search/",
        "/",
    ],
)
def test_no_query_sends_a_nul_character_to_the_database(
    world: None, member_user: User, path: str
) -> None:
    """PostgreSQL refuses text with NUL bytes (a server error): what people type or craft in
    a query string must be cleaned or refused before it reaches a lookup."""
    from django.db import connection

    carrying: list[Any] = []

    def refuse_nul(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        rows = params if many else [params]
        for row in rows or []:
            values = row.values() if isinstance(row, dict) else row
            if any(isinstance(v, str) and "\x00" in v for v in values or []):
                carrying.append((sql, row))
        return execute(sql, params, many, context)

    client = Client(raise_request_exception=False)
    client.force_login(member_user)
    with connection.execute_wrapper(refuse_nul):
        for query in NUL_QUERIES:
            response = client.get(path + query)
            assert response.status_code == 200, (path + query, response.status_code)
    assert not carrying, carrying


@pytest.mark.parametrize(
    ("language", "says"), [("it", "Il modulo è scaduto"), ("en", "The form has expired")]
)
def test_a_form_without_its_security_token_gets_the_sites_own_page(
    language: str, says: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert says in html
    assert 'href="/"' in html  # inside the site's layout, with a way back
