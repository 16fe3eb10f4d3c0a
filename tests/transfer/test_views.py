"""The offer and need pages, and their admin, through the test client."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster, ClusterStaff
from ponte.competences.models import Competence
from ponte.members.models import Affiliation, Membership, Organisation, Person
from ponte.transfer.constants import Confidentiality, ItemStatus
from ponte.transfer.models import InnovationNeed, TechnologyOffer
from tests.factories import InnovationNeedFactory, TechnologyOfferFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def make_user(username: str, organisation: Organisation | None = None, **fields: Any) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", "pw", **fields)
    if organisation is not None:
        person = Person.objects.create(
            user=user, first_name=username.title(), last_name="Rossi", slug=username
        )
        Affiliation.objects.create(person=person, organisation=organisation, can_manage=True)
    return user


def make_need(organisation: Organisation, cluster: Cluster, title: str, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "summary": "A challenge of the company.",
        "expected_result": "A working prototype.",
        "partnership": "research",
        "budget_band": "tbd",
        "time_frame": "6-12m",
        "expires_on": timezone.localdate() + datetime.timedelta(days=90),
        **fields,
    }
    return InnovationNeed.objects.create(
        organisation=organisation, cluster=cluster, title=title, **values
    )


def make_offer(organisation: Organisation, cluster: Cluster, title: str, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "summary": "A technology of the lab.",
        "partnership": "licence",
        "trl": 4,
        "ipr_status": "patent_pending",
        "expires_on": timezone.localdate() + datetime.timedelta(days=90),
        **fields,
    }
    return TechnologyOffer.objects.create(
        organisation=organisation, cluster=cluster, title=title, **values
    )


@dataclass
class World:
    cosmetics: Cluster
    chemistry: Cluster
    acme: Organisation
    other: Organisation
    owner: User
    member: User
    staff: User
    other_staff: User
    confidential: Any
    members_only: Any
    public: Any


@pytest.fixture
def world() -> World:
    cosmetics = Cluster.objects.create(
        slug="cosmetica", short_name="Cosmetica", name_it="Cosmetica", name_en="Cosmetics",
        sector_it="Cosmetica", sector_en="Cosmetics",
    )  # fmt: skip
    chemistry = Cluster.objects.create(
        slug="chimica", short_name="Chimica", name_it="Chimica", name_en="Chemistry",
        sector_it="Chimica", sector_en="Chemistry",
    )  # fmt: skip
    acme = Organisation.objects.create(name="Acme Cosmetici", slug="acme", kind="sme")
    other = Organisation.objects.create(name="Altra Srl", slug="altra", kind="sme")
    for organisation in (acme, other):
        Membership.objects.create(organisation=organisation, cluster=cosmetics, status="active")
    staff = make_user("coordinator", is_staff=True)
    ClusterStaff.objects.create(cluster=cosmetics, user=staff)
    other_staff = make_user("chemistry-staff", is_staff=True)
    ClusterStaff.objects.create(cluster=chemistry, user=other_staff)
    return World(
        cosmetics=cosmetics,
        chemistry=chemistry,
        acme=acme,
        other=other,
        owner=make_user("owner", acme),
        member=make_user("member", other),
        staff=staff,
        other_staff=other_staff,
        confidential=make_need(
            acme,
            cosmetics,
            "Secret preservative reformulation",
            confidentiality=Confidentiality.STAFF,
        ),  # fmt: skip
        members_only=make_need(
            acme, cosmetics, "Refillable compact case", confidentiality=Confidentiality.MEMBERS
        ),
        public=make_need(
            acme, cosmetics, "Recyclable airless pump", confidentiality=Confidentiality.PUBLIC
        ),
    )


def results_count(html: str) -> str:
    match = re.search(r'data-testid="results-count">([^<]*)<', html)
    assert match, "no results count on the page"
    return match.group(1).strip()


NEEDS = reverse("transfer:needs")


def test_confidential_need_is_hidden_from_other_members_in_list(world: World) -> None:
    html = client_for(world.member).get(NEEDS).content.decode()
    assert "Secret preservative" not in html
    assert "Refillable compact case" in html
    assert results_count(html) == "2 needs"


def test_confidential_need_detail_is_not_found_for_other_members(world: World) -> None:
    url = reverse("transfer:need", args=[world.confidential.pk])
    assert client_for(world.member).get(url).status_code == 404
    assert client_for(world.other_staff).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


def test_confidential_need_is_not_found_by_search_for_other_members(world: World) -> None:
    html = client_for(world.member).get(NEEDS, {"q": "preservative"}).content.decode()
    assert "Secret preservative" not in html
    assert results_count(html) == "0 needs"


@pytest.mark.parametrize("who", ["owner", "staff"])
def test_confidential_need_is_visible_to_owner_and_cluster_staff(world: World, who: str) -> None:
    client = client_for(getattr(world, who))
    html = client.get(NEEDS).content.decode()
    assert "Secret preservative" in html
    assert results_count(html) == "3 needs"
    found = client.get(NEEDS, {"q": "preservative"}).content.decode()
    assert results_count(found) == "1 need"
    detail = client.get(reverse("transfer:need", args=[world.confidential.pk]))
    assert detail.status_code == 200
    assert "Confidential" in detail.content.decode()


def test_visitor_sees_only_public_live_items(world: World) -> None:
    make_need(world.acme, world.cosmetics, "Draft idea", status=ItemStatus.DRAFT)
    make_need(
        world.acme, world.cosmetics, "Old need",
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    html = client_for(None).get(NEEDS).content.decode()
    assert "Recyclable airless pump" in html
    for hidden in ("Secret preservative", "Refillable compact case", "Draft idea", "Old need"):
        assert hidden not in html
    assert results_count(html) == "1 need"
    members_only = reverse("transfer:need", args=[world.members_only.pk])
    assert client_for(None).get(members_only).status_code == 404
    assert client_for(world.member).get(members_only).status_code == 200


def test_htmx_request_gets_only_the_results_block(world: World) -> None:
    response = client_for(world.member).get(NEEDS, {"q": "pump"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert results_count(html) == "1 need"
    assert "HX-Request" in response.headers["Vary"]


def test_competence_filter_includes_narrower_terms(world: World) -> None:
    branch = Competence.objects.create(code="packaging", name_it="Packaging", name_en="Packaging")
    narrower = Competence.objects.create(
        code="airless", parent=branch, name_it="Airless", name_en="Airless"
    )
    world.public.competences.set([narrower])
    html = client_for(None).get(NEEDS, {"competence": "packaging"}).content.decode()
    assert "Recyclable airless pump" in html
    assert results_count(html) == "1 need"


def test_offer_list_makes_the_same_queries_for_few_and_many_offers(
    world: World, django_assert_max_num_queries: Any
) -> None:
    term = Competence.objects.create(code="emulsions", name_it="Emulsioni", name_en="Emulsions")
    client = client_for(world.member)

    def add_offers(n: int) -> None:
        for i in range(n):
            make_offer(world.acme, world.cosmetics, f"Offer {i}").competences.set([term])

    add_offers(2)
    client.get(reverse("transfer:offers"))  # warm the viewer and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("transfer:offers"))
    add_offers(15)
    assert len(few.captured_queries) <= 13  # 12, and the unread count in the header
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("transfer:offers"))
    assert results_count(response.content.decode()) == "17 offers"


def test_create_form_with_bad_input_reshows_typed_values(world: World) -> None:
    term = Competence.objects.create(
        code="preservation", name_it="Conservanti", name_en="Preservation"
    )
    response = client_for(world.owner).post(
        reverse("transfer:need_create"),
        {
            "title": "My typed title",
            "summary": "My typed challenge",
            "organisation": world.other.pk,  # not the owner's organisation
            "cluster": world.cosmetics.pk,
            "language": "it",
            "competences": [term.pk],
            "partnership": "research",
            "expected_result": "",
            "budget_band": "tbd",
            "time_frame": "lt3m",
            "confidentiality": "members",
            "status": "published",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="My typed title"' in html
    assert "My typed challenge" in html
    assert f'value="{term.pk}" id="id_competences_{term.pk}" checked' in html
    assert 'id="id_organisation_error"' in html
    assert 'id="id_expected_result_error"' in html
    assert not InnovationNeed.objects.filter(title="My typed title").exists()


def test_owner_publishes_a_need_that_expires_in_twelve_months(world: World) -> None:
    response = client_for(world.owner).post(
        reverse("transfer:need_create"),
        {
            "title": "Natural preservative",
            "summary": "Replace parabens",
            "organisation": world.acme.pk,
            "cluster": world.cosmetics.pk,
            "language": "en",
            "partnership": "research",
            "expected_result": "A stable formula",
            "trl_min": "4",
            "budget_band": "tbd",
            "time_frame": "lt3m",
            "confidentiality": "public",
            "status": "published",
            "expires_on": "",
        },
    )
    need = InnovationNeed.objects.get(title="Natural preservative")
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:need", args=[need.pk])
    assert need.created_by == world.owner
    assert need.expires_on == timezone.localdate() + datetime.timedelta(days=365)


def test_someone_elses_item_cannot_be_edited_or_renewed(world: World) -> None:
    client = client_for(world.member)
    edit = reverse("transfer:need_edit", args=[world.public.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "Hijacked"}).status_code == 403
    assert client.post(reverse("transfer:need_renew", args=[world.public.pk])).status_code == 403
    world.public.refresh_from_db()
    assert world.public.title == "Recyclable airless pump"


def test_owner_renews_an_expired_need(world: World) -> None:
    world.public.expires_on = timezone.localdate() - datetime.timedelta(days=3)
    world.public.save()
    response = client_for(world.owner).post(reverse("transfer:need_renew", args=[world.public.pk]))
    assert response.status_code == 302
    world.public.refresh_from_db()
    assert world.public.expires_on == timezone.localdate() + datetime.timedelta(days=365)


def test_renew_needs_post(world: World) -> None:
    url = reverse("transfer:need_renew", args=[world.public.pk])
    assert client_for(world.owner).get(url).status_code == 405


def test_user_without_organisation_is_pointed_to_membership_application(world: World) -> None:
    response = client_for(make_user("newcomer")).get(reverse("transfer:offer_create"))
    assert response.status_code == 200
    assert reverse("members:apply") in response.content.decode()


def test_visitor_is_asked_to_log_in_before_publishing(world: World) -> None:
    response = client_for(None).get(reverse("transfer:offer_create"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_offer_detail_shows_trl_definition_and_edit_button_to_its_author(world: World) -> None:
    offer = make_offer(world.acme, world.cosmetics, "Cold emulsification", created_by=world.owner)
    url = reverse("transfer:offer", args=[offer.pk])
    html = client_for(world.owner).get(url).content.decode()
    assert "technology validated in lab" in html
    assert reverse("transfer:offer_edit", args=[offer.pk]) in html
    visitor_html = client_for(None).get(url).content.decode()
    assert reverse("transfer:offer_edit", args=[offer.pk]) not in visitor_html


def test_admin_list_for_staff_of_another_cluster_excludes_its_needs(world: World) -> None:
    """The admin is the staff's tool for their own clusters: not even another cluster's
    public needs are listed there, let alone its confidential ones."""
    permissions = Permission.objects.filter(content_type__app_label="transfer")
    world.other_staff.user_permissions.set(permissions)
    world.staff.user_permissions.set(permissions)
    url = reverse("admin:transfer_innovationneed_changelist")
    outsider = client_for(world.other_staff).get(url).content.decode()
    assert "Refillable compact case" not in outsider
    assert "Secret preservative" not in outsider
    change = reverse("admin:transfer_innovationneed_change", args=[world.confidential.pk])
    assert client_for(world.other_staff).get(change).status_code == 302  # "does not exist"
    own_staff = client_for(world.staff).get(url).content.decode()
    assert "Secret preservative" in own_staff


def test_offer_and_need_texts_carry_the_language_they_were_written_in(
    member_org: Organisation, cluster_a: Cluster
) -> None:
    offer = TechnologyOfferFactory(
        title="Emulsioni a freddo",
        summary="Emulsionamento senza riscaldare le fasi.",
        advantages="Meno energia.",
        language="it",
        organisation=member_org,
        cluster=cluster_a,
    )
    need = InnovationNeedFactory(
        title="Cold-process emulsions",
        expected_result="A stable cream.",
        language="en",
        organisation=member_org,
        cluster=cluster_a,
    )
    visitor = client_for(language="en")
    offer_page = visitor.get(offer.get_absolute_url()).content.decode()
    assert '<h1 lang="it">Emulsioni a freddo</h1>' in offer_page
    assert '<p class="prose" lang="it">Emulsionamento senza riscaldare le fasi.</p>' in offer_page
    assert '<p class="prose" lang="it">Meno energia.</p>' in offer_page
    need_page = client_for(language="it").get(need.get_absolute_url()).content.decode()
    assert '<p class="prose" lang="en">A stable cream.</p>' in need_page
    listing = visitor.get(reverse("transfer:offers")).content.decode()
    assert 'class="card-title" lang="it"><a' in listing
