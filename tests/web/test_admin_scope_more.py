"""The admin as cluster staff of A probe it: lists, counts, search, filters, autocompletes and
change forms never show or accept cluster B's records, and A's records stay editable."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.contrib import admin
from django.forms import BaseForm
from django.test import Client, RequestFactory
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster, Constituency
from ponte.clusters.services import appoint_cluster_staff
from ponte.events.models import Registration
from ponte.members.constants import MembershipStatus
from ponte.members.models import Affiliation, Organisation
from ponte.transfer.constants import Confidentiality, ItemStatus
from ponte.transfer.models import (
    InterestInvitation,
    MarketplaceItem,
    TechnologyOffer,
    item_link,
)
from ponte.web.admin_scope import ScopedRelatedFilter
from tests.factories import (
    AffiliationFactory,
    BoardSeatFactory,
    CompetenceFactory,
    InnovationNeedFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TechnologyOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_a(cluster_a: Cluster) -> User:
    user = UserFactory(username="cluster-a-staff")
    appoint_cluster_staff(None, user, cluster_a)
    return user


@pytest.fixture
def staff_client(staff_a: User) -> Client:
    client = Client()
    client.force_login(staff_a)
    return client


def _form_data(form: BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


def _new_offer(title: str, organisation: Organisation, cluster: Cluster) -> dict[str, Any]:
    """What the admin's "add offer" form posts for a valid public offer."""
    return {
        "title": title,
        "summary": f"{title}: a test offer.",
        "language": "it",
        "organisation": organisation.pk,
        "cluster": cluster.pk,
        "partnership": "research",
        "confidentiality": "public",
        "status": "published",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "trl": 5,
        "ipr_status": "patent_pending",
    }


def _resubmit(context: ContextList | dict[str, Any]) -> dict[str, Any]:
    """What the browser posts back when the admin change form is saved untouched."""
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        data.update(_form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_data(form))
    return data


def _autocomplete(client: Client, app: str, model: str, field: str, term: str = "") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200, response.content
    return [row["text"] for row in json.loads(response.content)["results"]]


def test_changelist_counts_and_search_cover_only_the_staffs_cluster(
    staff_client: Client, member_org: Organisation, other_member_org: Organisation
) -> None:
    OrganisationFactory(name="Unaffiliated Spa")  # in no cluster: not the staff's business
    page = staff_client.get("/admin/members/organisation/")
    assert page.context["cl"].result_count == 1
    assert page.context["cl"].full_result_count == 1
    found = staff_client.get("/admin/members/organisation/", {"q": other_member_org.name})
    assert found.context["cl"].result_count == 0
    by_vat = staff_client.get("/admin/members/organisation/", {"q": other_member_org.vat_number})
    assert by_vat.context["cl"].result_count == 0


def test_filtering_by_the_other_cluster_shows_nothing(
    staff_client: Client, member_org: Organisation, other_member_org: Organisation
) -> None:
    cluster_b = other_member_org.memberships.get().cluster
    for url, param in (
        ("/admin/members/organisation/", "memberships__cluster__id__exact"),
        ("/admin/members/membership/", "cluster__id__exact"),
        ("/admin/members/membershipevent/", "membership__cluster__id__exact"),
        ("/admin/clusters/boardseat/", "cluster__id__exact"),
    ):
        response = staff_client.get(url, {param: cluster_b.pk})
        assert response.status_code == 200, url
        assert other_member_org.name not in response.content.decode(), url
        shown = response.context["cl"].result_list
        assert all(getattr(row, "cluster_id", None) != cluster_b.pk for row in shown), url


def test_people_and_memberships_of_another_cluster_are_not_listed(
    staff_client: Client, member_user: User, other_member_user: User
) -> None:
    # By the rows listed, not by names: two random surnames may be the same.
    people = set(staff_client.get("/admin/members/person/").context["cl"].queryset)
    assert member_user.person in people
    assert other_member_user.person not in people
    memberships = staff_client.get("/admin/members/membership/")
    assert memberships.context["cl"].result_count == 1
    affiliations = staff_client.get("/admin/members/affiliation/")
    assert affiliations.context["cl"].result_count == 1


def test_autocompletes_offer_only_the_staffs_records(
    staff_client: Client,
    member_org: Organisation,
    other_member_org: Organisation,
    member_user: User,
    other_member_user: User,
) -> None:
    organisations = _autocomplete(staff_client, "members", "affiliation", "organisation")
    assert organisations == [member_org.name]
    people = _autocomplete(staff_client, "members", "affiliation", "person")
    assert people == [str(member_user.person)]
    seat_people = _autocomplete(staff_client, "clusters", "boardseat", "person")
    assert str(other_member_user.person) not in seat_people
    searched = _autocomplete(
        staff_client, "members", "affiliation", "organisation", other_member_org.name
    )
    assert searched == []


def test_the_user_autocomplete_is_closed_to_staff(staff_client: Client) -> None:
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "person", "field_name": "user", "term": ""},
    )
    assert response.status_code == 403


def test_a_person_working_for_both_clusters_shows_and_saves_only_the_staffs_affiliation(
    staff_client: Client, member_org: Organisation, other_member_org: Organisation
) -> None:
    person = PersonFactory(last_name="Bridgewalker")
    mine = AffiliationFactory(person=person, organisation=member_org, position="Chemist")
    theirs = AffiliationFactory(
        person=person, organisation=other_member_org, position="Secret adviser", can_manage=True
    )
    url = f"/admin/members/person/{person.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "Secret adviser" not in page.content.decode()
    assert other_member_org.name not in page.content.decode()
    data = _resubmit(page.context)
    data["first_name"] = "Renamed"
    saved = staff_client.post(url, data)
    assert saved.status_code == 302, saved.context and _errors(saved.context)
    person.refresh_from_db()
    assert person.first_name == "Renamed"
    theirs.refresh_from_db()
    assert theirs.position == "Secret adviser"
    assert theirs.can_manage
    assert Affiliation.objects.filter(pk=mine.pk).exists()


def test_staff_can_save_their_cluster_when_the_coordinator_is_not_a_member(
    staff_client: Client, cluster_a: Cluster, member_org: Organisation
) -> None:
    coordinator = OrganisationFactory(name="Coordinating Agency", kind="innovation_agency")
    Cluster.objects.filter(pk=cluster_a.pk).update(coordinator=coordinator)
    chair = PersonFactory()
    AffiliationFactory(person=chair, organisation=coordinator)
    BoardSeatFactory(
        cluster=cluster_a,
        person=chair,
        organisation=coordinator,
        constituency=Constituency.INNOVATION,
    )
    url = f"/admin/clusters/cluster/{cluster_a.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    data = _resubmit(page.context)
    data["sector_en"] = "Cosmetics"
    saved = staff_client.post(url, data)
    assert saved.status_code == 302, saved.context and _errors(saved.context)
    cluster_a.refresh_from_db()
    assert cluster_a.sector_en == "Cosmetics"
    assert cluster_a.coordinator == coordinator
    organisations = _autocomplete(staff_client, "clusters", "cluster", "coordinator")
    assert "Coordinating Agency" in organisations


def test_every_organisation_of_the_cluster_saves_untouched(
    staff_client: Client, member_org: Organisation, applicant_org: Organisation
) -> None:
    for organisation in (member_org, applicant_org):
        url = f"/admin/members/organisation/{organisation.pk}/change/"
        page = staff_client.get(url)
        saved = staff_client.post(url, _resubmit(page.context))
        assert saved.status_code == 302, saved.context and _errors(saved.context)


def test_a_withdrawn_organisation_stays_in_the_staffs_records(
    staff_client: Client, cluster_a: Cluster
) -> None:
    gone = MembershipFactory(cluster=cluster_a, status=MembershipStatus.WITHDRAWN).organisation
    assert staff_client.get(f"/admin/members/organisation/{gone.pk}/change/").status_code == 200


def test_staff_of_b_cannot_run_lifecycle_actions_on_a(
    member_org: Organisation, cluster_b: Cluster
) -> None:
    staff_b = UserFactory()
    appoint_cluster_staff(None, staff_b, cluster_b)
    client = Client()
    client.force_login(staff_b)
    membership = member_org.memberships.get()
    client.post(
        "/admin/members/membership/",
        {"action": "suspend_membership", "_selected_action": [membership.pk]},
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def _errors(context: Any) -> list[Any]:
    found = [context["adminform"].form.errors]
    for inline in context["inline_admin_formsets"]:
        found += [inline.formset.errors, inline.formset.non_form_errors()]
    return found


def test_admin_searches_never_send_a_nul_character_to_the_database(
    staff_client: Client, member_org: Organisation, superuser: User
) -> None:
    """PostgreSQL refuses NUL bytes in text: a crafted search must not become a 500."""
    from django.db import connection

    carrying: list[Any] = []

    def refuse_nul(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if any(isinstance(v, str) and "\x00" in v for v in params or ()):
            carrying.append(sql)
        return execute(sql, params, many, context)

    admin_client = Client()
    admin_client.force_login(superuser)
    with connection.execute_wrapper(refuse_nul):
        for client, url in (
            (staff_client, "/admin/members/organisation/?q=a%00b"),
            (staff_client, "/admin/members/person/?q=%00"),
            (staff_client, "/admin/competences/competence/?q=%00"),
            (admin_client, "/admin/accounts/user/?q=%00"),
            (admin_client, "/admin/accounts/auditlog/?q=%00"),
        ):
            assert client.get(url).status_code == 200, url
        names = _autocomplete(staff_client, "members", "affiliation", "organisation", "\x00")
        assert names == [member_org.name]
    assert not carrying, carrying


def test_the_admin_warns_when_a_board_change_leaves_a_constituency_without_a_seat(
    staff_client: Client, cluster_a: Cluster, member_org: Organisation
) -> None:
    chair = PersonFactory()
    AffiliationFactory(person=chair, organisation=member_org)
    response = staff_client.post(
        "/admin/clusters/boardseat/add/",
        {
            "cluster": cluster_a.pk,
            "person": chair.pk,
            "organisation": member_org.pk,
            "constituency": "industry",
            "role": "chair",
            "start": "2025-01-01",
        },
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "The board of Cluster A is not representative: no current seat for Academia, Innovation."
    ]


def test_a_board_seat_ending_before_it_starts_is_refused_on_its_end(
    staff_client: Client, cluster_a: Cluster, member_org: Organisation
) -> None:
    chair = PersonFactory()
    AffiliationFactory(person=chair, organisation=member_org)
    response = staff_client.post(
        "/admin/clusters/boardseat/add/",
        {
            "cluster": cluster_a.pk,
            "person": chair.pk,
            "organisation": member_org.pk,
            "constituency": "industry",
            "role": "member",
            "start": "2025-01-01",
            "end": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end"]
    assert not cluster_a.board_seats.exists()


def test_the_cluster_filters_offer_staff_only_their_own_clusters(
    staff_client: Client, staff_a: User, member_org: Organisation, other_member_org: Organisation
) -> None:
    cluster_c = MembershipFactory(cluster__short_name="Cluster C").cluster
    appoint_cluster_staff(None, staff_a, cluster_c)
    for url in (
        "/admin/members/organisation/",
        "/admin/members/membership/",
        "/admin/members/membershipevent/",
        "/admin/clusters/boardseat/",
        "/admin/clusters/recognitionevent/",
        "/admin/clusters/clusterstaff/",
        "/admin/transfer/technologyoffer/",
        "/admin/transfer/innovationneed/",
        "/admin/events/event/",
    ):
        page = staff_client.get(url)
        assert page.status_code == 200, url
        choices = [
            choice["display"]
            for spec in page.context["cl"].filter_specs
            if isinstance(spec, ScopedRelatedFilter)
            for choice in spec.choices(page.context["cl"])
        ]
        assert "Cluster A" in choices, url
        assert "Cluster C" in choices, url
        assert "Cluster B" not in choices, url


def _invited_to_another_clusters_secrets(
    staff_a: User, cluster_b: Cluster, owner: Organisation
) -> tuple[MarketplaceItem, MarketplaceItem]:
    """B's confidential offer and need, and a public offer of B's, which staff_a may read on
    the site: they also work for an organisation of B invited to the confidential ones."""
    guest = MembershipFactory(cluster=cluster_b, organisation__name="Guest of B").organisation
    AffiliationFactory(person=PersonFactory(user=staff_a), organisation=guest)
    secrets = (
        TechnologyOfferFactory(
            title="Secret offer of B",
            organisation=owner,
            cluster=cluster_b,
            confidentiality=Confidentiality.STAFF,
        ),
        InnovationNeedFactory(
            title="Secret need of B",
            organisation=owner,
            cluster=cluster_b,
            confidentiality=Confidentiality.STAFF,
        ),
    )
    for item in secrets:
        InterestInvitation.objects.create(organisation=guest, at=timezone.now(), **item_link(item))
    TechnologyOfferFactory(title="Public offer of B", organisation=owner, cluster=cluster_b)
    return secrets


def test_offers_and_needs_of_another_cluster_never_reach_the_staffs_admin(
    staff_client: Client,
    staff_a: User,
    cluster_a: Cluster,
    cluster_b: Cluster,
    member_org: Organisation,
    other_member_org: Organisation,
) -> None:
    secret_offer, secret_need = _invited_to_another_clusters_secrets(
        staff_a, cluster_b, other_member_org
    )
    TechnologyOfferFactory(
        title="Draft offer of A",
        organisation=member_org,
        cluster=cluster_a,
        status=ItemStatus.DRAFT,
        confidentiality=Confidentiality.STAFF,
    )
    InnovationNeedFactory(title="Need of A", organisation=member_org, cluster=cluster_a)
    for model, item, mine in (
        ("technologyoffer", secret_offer, "Draft offer of A"),
        ("innovationneed", secret_need, "Need of A"),
    ):
        url = f"/admin/transfer/{model}/"
        page = staff_client.get(url)
        assert [str(row) for row in page.context["cl"].result_list] == [mine], url
        assert page.context["cl"].full_result_count == 1, url
        assert "of B" not in page.content.decode(), url
        assert staff_client.get(url, {"q": "Secret"}).context["cl"].result_count == 0, url
        assert staff_client.get(f"{url}{item.pk}/change/").status_code == 302, url
    for app, model, field, mine in (
        ("events", "registration", "offers", "Draft offer of A"),
        ("events", "registration", "needs", "Need of A"),
        ("transfer", "expressionofinterest", "offer", "Draft offer of A"),
        ("transfer", "proposedmatch", "need", "Need of A"),
    ):
        assert _autocomplete(staff_client, app, model, field) == [mine], (model, field)
        assert _autocomplete(staff_client, app, model, field, "Secret") == [], (model, field)


def test_staff_file_offers_only_for_their_own_clusters(
    staff_client: Client,
    staff_a: User,
    cluster_a: Cluster,
    cluster_b: Cluster,
    member_user: User,
    other_member_org: Organisation,
    other_member_user: User,
) -> None:
    _invited_to_another_clusters_secrets(staff_a, cluster_b, other_member_org)
    guest = Organisation.objects.get(name="Guest of B")
    form = staff_client.get("/admin/transfer/technologyoffer/add/").context["adminform"].form
    assert list(form.fields["cluster"].queryset) == [cluster_a]
    assert guest not in form.fields["organisation"].queryset
    assert other_member_user.person not in form.fields["contact"].queryset
    assert member_user.person in form.fields["contact"].queryset
    response = staff_client.post(
        "/admin/transfer/technologyoffer/add/",
        _new_offer("Filed in B by A's staff", guest, cluster_b),
    )
    assert response.status_code == 200  # shown again, with both choices refused
    assert set(response.context["adminform"].form.errors) >= {"organisation", "cluster"}
    assert not TechnologyOffer.objects.filter(title="Filed in B by A's staff").exists()


def test_staff_still_edit_their_clusters_offers_in_the_admin(
    staff_client: Client, cluster_a: Cluster, member_org: Organisation, member_user: User
) -> None:
    offer = TechnologyOfferFactory(
        organisation=member_org,
        cluster=cluster_a,
        contact=member_user.person,
        confidentiality=Confidentiality.STAFF,
        competences=[CompetenceFactory()],
    )
    url = f"/admin/transfer/technologyoffer/{offer.pk}/change/"
    page = staff_client.get(url)
    data = _resubmit(page.context)
    data["title"] = "Renamed by the staff"
    saved = staff_client.post(url, data)
    assert saved.status_code == 302, saved.context and _errors(saved.context)
    offer.refresh_from_db()
    assert offer.title == "Renamed by the staff"
    assert offer.contact == member_user.person
    assert offer.competences.count() == 1


def test_many_to_many_choices_offer_staff_only_their_clusters_items(
    staff_a: User, cluster_a: Cluster, cluster_b: Cluster, member_org: Organisation
) -> None:
    mine = TechnologyOfferFactory(organisation=member_org, cluster=cluster_a)
    TechnologyOfferFactory(cluster=cluster_b, confidentiality=Confidentiality.STAFF)
    request = RequestFactory().get("/admin/events/registration/add/")
    request.user = staff_a
    registrations = admin.site.get_model_admin(Registration)
    field = registrations.formfield_for_manytomany(Registration._meta.get_field("offers"), request)
    assert field is not None
    assert list(field.queryset) == [mine]


def test_an_organisation_not_admitted_to_the_cluster_is_a_form_error_in_the_admin(
    staff_client: Client, cluster_a: Cluster, applicant_org: Organisation
) -> None:
    """The service's cluster rule (an item is filed in a cluster its organisation is an active
    member of) shows on the form, with what was typed, instead of a server error."""
    form = staff_client.get("/admin/transfer/technologyoffer/add/").context["adminform"].form
    assert applicant_org in form.fields["organisation"].queryset  # under review in A
    response = staff_client.post(
        "/admin/transfer/technologyoffer/add/",
        _new_offer("Per un richiedente", applicant_org, cluster_a),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "not an active member" in " ".join(errors["cluster"])
    assert 'value="Per un richiedente"' in response.content.decode()
    assert not TechnologyOffer.objects.filter(title="Per un richiedente").exists()
