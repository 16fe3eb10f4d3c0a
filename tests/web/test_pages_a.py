"""The network, member, competence and account pages, through the test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster, Constituency
from ponte.competences.models import OrganisationCompetence, PersonCompetence
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation, Person
from ponte.transfer.constants import Confidentiality
from tests.factories import (
    BoardSeatFactory,
    ClusterFactory,
    CompetenceFactory,
    MembershipFactory,
    PersonFactory,
    RecognitionEventFactory,
    TechnologyOfferFactory,
    vat_number,
)
from tests.helpers import application_data, client_for

pytestmark = pytest.mark.django_db


def test_every_public_page_renders_for_a_visitor(member_org: Organisation) -> None:
    cluster = Membership.objects.get(organisation=member_org).cluster
    RecognitionEventFactory(cluster=cluster)
    person = PersonFactory()
    competence = CompetenceFactory()
    client = client_for()
    for url in (
        reverse("web:home"),
        reverse("clusters:list"),
        reverse("clusters:detail", args=[cluster.slug]),
        reverse("members:organisations"),
        reverse("members:organisation", args=[member_org.slug]),
        reverse("members:person", args=[person.slug]),
        reverse("competences:list"),
        reverse("competences:detail", args=[competence.code]),
        reverse("accounts:signup"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
    ):
        assert client.get(url).status_code == 200, url


def test_pages_for_members_redirect_visitors_to_log_in() -> None:
    client = client_for()
    for name in ("accounts:dashboard", "members:apply", "members:review"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_home_counts_never_include_confidential_offers(member_org: Organisation) -> None:
    cluster = Membership.objects.get(organisation=member_org).cluster
    for level in Confidentiality:
        TechnologyOfferFactory(organisation=member_org, cluster=cluster, confidentiality=level)
    response = client_for().get(reverse("web:home"))
    assert response.context["numbers"].visible_offers == 1
    assert response.context["numbers"].active_organisations == 1
    assert [o.confidentiality for o in response.context["latest_offers"]] == ["public"]


def test_home_queries_do_not_grow_with_the_number_of_clusters(db: None) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            client_for().get(reverse("web:home"))
        return len(context)

    for _ in range(2):
        RecognitionEventFactory(cluster=ClusterFactory())
    few = queries()
    for _ in range(5):
        RecognitionEventFactory(cluster=ClusterFactory())
    assert queries() == few


def test_cluster_page_warns_when_the_board_misses_a_constituency(cluster_a: Cluster) -> None:
    BoardSeatFactory(cluster=cluster_a, constituency=Constituency.INDUSTRY)
    response = client_for().get(reverse("clusters:detail", args=[cluster_a.slug]))
    assert response.context["missing_constituencies"] == [
        Constituency.ACADEMIA,
        Constituency.INNOVATION,
    ]
    assert "badge-warn" in response.content.decode()


def test_applicant_organisation_is_hidden_from_visitors(applicant_org: Organisation) -> None:
    url = reverse("members:organisation", args=[applicant_org.slug])
    assert client_for().get(url).status_code == 404


def test_vat_number_is_shown_only_to_managers_and_staff(
    member_org: Organisation, member_user: User, other_member_user: User, staff_user: User
) -> None:
    url = reverse("members:organisation", args=[member_org.slug])
    assert member_org.vat_number in client_for(member_user).get(url).content.decode()
    assert member_org.vat_number in client_for(staff_user).get(url).content.decode()
    assert member_org.vat_number not in client_for(other_member_user).get(url).content.decode()
    assert member_org.vat_number not in client_for().get(url).content.decode()


def test_only_managers_and_staff_may_edit_an_organisation(
    member_org: Organisation, other_member_user: User, staff_user: User
) -> None:
    url = reverse("members:organisation_edit", args=[member_org.slug])
    assert client_for(other_member_user).get(url).status_code == 403
    assert client_for(staff_user).get(url).status_code == 200


def test_editing_with_a_wrong_check_digit_reshows_the_form_naming_the_field(
    member_org: Organisation, member_user: User
) -> None:
    url = reverse("members:organisation_edit", args=[member_org.slug])
    wrong = member_org.vat_number[:-1] + str((int(member_org.vat_number[-1]) + 1) % 10)
    response = client_for(member_user).post(
        url, {"name": "Renamed", "kind": "sme", "vat_number": wrong, "province": "MI"}
    )
    assert response.status_code == 200
    assert "VAT number" in response.context["form"].errors["vat_number"][0]
    assert 'value="Renamed"' in response.content.decode()
    member_org.refresh_from_db()
    assert member_org.name != "Renamed"


def test_manager_saves_the_profile(member_org: Organisation, member_user: User) -> None:
    url = reverse("members:organisation_edit", args=[member_org.slug])
    response = client_for(member_user).post(
        url,
        {
            "name": "Renamed Srl",
            "kind": "sme",
            "vat_number": f"IT {member_org.vat_number}",
            "province": "MI",
            "website": "renamed.example",
        },
    )
    assert response.status_code == 302
    member_org.refresh_from_db()
    assert member_org.name == "Renamed Srl"
    assert member_org.website == "https://renamed.example"


def test_manager_sets_the_competences_of_the_organisation(
    member_org: Organisation, member_user: User
) -> None:
    branch = CompetenceFactory()
    kept, dropped, added = (CompetenceFactory(parent=branch) for _ in range(3))
    OrganisationCompetence.objects.create(organisation=member_org, competence=kept, level=3)
    OrganisationCompetence.objects.create(organisation=member_org, competence=dropped)
    url = reverse("members:organisation_competences", args=[member_org.slug])
    response = client_for(member_user).post(url, {"competences": [kept.pk, added.pk]})
    assert response.status_code == 302
    links = {link.competence_id: link.level for link in member_org.competence_links.all()}
    assert links == {kept.pk: 3, added.pk: 2}


def test_signup_creates_a_private_person_and_leads_to_the_application(db: None) -> None:
    client = client_for()
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "giulia",
            "first_name": "Giulia",
            "last_name": "Verdi",
            "email": "giulia@example.org",
            "password1": "A-long-password-9",
            "password2": "A-long-password-9",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:apply")
    person = Person.objects.get(user__username="giulia")
    assert (person.first_name, person.is_public) == ("Giulia", False)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_application_with_a_wrong_check_digit_names_the_field_and_keeps_the_input(
    cluster_a: Cluster, member_user: User
) -> None:
    data = application_data(cluster_a, vat_number="12345678901")
    response = client_for(member_user).post(reverse("members:apply"), data)
    assert response.status_code == 200
    assert "12345678901" in response.context["form"].errors["vat_number"][0]
    assert 'value="Crema Bella Srl"' in response.content.decode()
    assert not Organisation.objects.filter(name="Crema Bella Srl").exists()


def test_application_creates_the_organisation_and_a_pending_membership(
    cluster_a: Cluster, member_user: User
) -> None:
    data = application_data(cluster_a, vat_number=f"IT{vat_number(7_654_321)}")
    response = client_for(member_user).post(reverse("members:apply"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    membership = Membership.objects.get(organisation__name="Crema Bella Srl")
    assert membership.status == MembershipStatus.APPLIED
    assert membership.organisation.vat_number == vat_number(7_654_321)
    assert membership in response.context["memberships"]


def test_application_for_a_registered_organisation_shows_the_service_error(
    cluster_a: Cluster, member_org: Organisation, other_member_user: User
) -> None:
    data = application_data(cluster_a, vat_number=member_org.vat_number)
    response = client_for(other_member_user).post(reverse("members:apply"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["vat_number"]


def test_review_is_forbidden_to_members(member_user: User, applicant_org: Organisation) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    client = client_for(member_user)
    assert client.get(reverse("members:review")).status_code == 403
    url = reverse("members:review_action", args=[membership.pk, "start"])
    assert client.post(url).status_code == 403


def test_staff_see_the_applications_of_their_clusters_only(
    staff_user: User, applicant_org: Organisation, cluster_b: Cluster
) -> None:
    elsewhere = MembershipFactory(cluster=cluster_b, status=MembershipStatus.APPLIED)
    response = client_for(staff_user).get(reverse("members:review"))
    assert list(response.context["applications"]) == [
        Membership.objects.get(organisation=applicant_org)
    ]
    url = reverse("members:review_action", args=[elsewhere.pk, "start"])
    assert client_for(staff_user).post(url).status_code == 404


def test_staff_review_an_application_without_javascript(
    staff_user: User, applicant_org: Organisation
) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    client = client_for(staff_user)
    approve = reverse("members:review_action", args=[membership.pk, "approve"])
    response = client.post(approve, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    client.post(reverse("members:review_action", args=[membership.pk, "start"]))
    response = client.post(approve, {"note": "Welcome!"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.events.last().note == "Welcome!"  # type: ignore[union-attr]


def test_staff_review_with_htmx_gets_the_updated_row(
    staff_user: User, applicant_org: Organisation
) -> None:
    membership = Membership.objects.get(organisation=applicant_org)
    url = reverse("members:review_action", args=[membership.pk, "start"])
    response = client_for(staff_user).post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<article class="card application" id="application-{membership.pk}"'
    )
    assert reverse("members:review_action", args=[membership.pk, "approve"]) in html


def test_competence_tree_counts_only_visible_people(db: None) -> None:
    branch = CompetenceFactory()
    term = CompetenceFactory(parent=branch)
    PersonCompetence.objects.create(person=PersonFactory(is_public=True), competence=term)
    PersonCompetence.objects.create(person=PersonFactory(is_public=False), competence=term)
    response = client_for().get(reverse("competences:list"))
    (root,) = response.context["tree"]
    assert (root.people, root.children[0].people) == (1, 1)


def test_directory_filters_by_competence_including_narrower_terms(
    member_org: Organisation, other_member_org: Organisation
) -> None:
    branch = CompetenceFactory()
    OrganisationCompetence.objects.create(
        organisation=member_org, competence=CompetenceFactory(parent=branch)
    )
    response = client_for().get(reverse("members:organisations"), {"competence": branch.code})
    assert list(response.context["organisations"]) == [member_org]


def test_password_reset_mails_a_link_that_lets_the_user_choose_a_new_password(
    member_user: User,
) -> None:
    client = client_for()
    response = client.post(reverse("accounts:password_reset"), {"email": member_user.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    link = re.search(r"https?://\S+", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(0), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "New-long-pass-42", "new_password2": "New-long-pass-42"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.login(username=member_user.username, password="New-long-pass-42")


def test_the_reset_email_is_in_the_users_language_with_a_link_to_the_sites_address(
    member_user: User, settings: Any
) -> None:
    """Asked from an Italian browser for a user who chose English: English, like every e-mail
    to them; the link is the site's configured address, not the request's Host header."""
    settings.PONTE_BASE_URL = "https://ponte.example.org"
    User.objects.filter(pk=member_user.pk).update(language="en")
    client_for(language="it").post(reverse("accounts:password_reset"), {"email": member_user.email})
    (email,) = mail.outbox
    assert email.subject == "Reset your Ponte password"
    assert "someone (hopefully you) asked to reset" in email.body
    assert "https://ponte.example.org/" in email.body and "testserver" not in email.body


def test_organisation_without_membership_is_found_by_name(organisation: Organisation) -> None:
    response = client_for().get(reverse("members:organisations"), {"q": organisation.name})
    assert list(response.context["organisations"]) == [organisation]


def test_a_board_seat_links_its_organisation_only_when_the_viewer_may_open_it(
    cluster_a: Cluster, applicant_org: Organisation
) -> None:
    BoardSeatFactory(cluster=cluster_a, organisation=applicant_org)
    page = client_for().get(reverse("clusters:detail", args=[cluster_a.slug])).content.decode()
    url = reverse("members:organisation", args=[applicant_org.slug])
    assert applicant_org.name in page and url not in page
    assert client_for().get(url).status_code == 404
