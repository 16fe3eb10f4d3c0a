"""Every member-facing form, given bad input, shows again what was typed with a clear message
on the field at fault, in the page's language, and saves nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.constants import MembershipStatus
from ponte.members.models import Membership, Organisation
from tests.factories import UserFactory
from tests.helpers import application_data as application
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

REAL_VAT = "00743110157"  # a real, registered Partita IVA


def signup_data(**overrides: str) -> dict[str, str]:
    return {
        "username": "giulia",
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "email": "giulia@example.org",
        "password1": "Cosmesi-verde-2026",
        "password2": "Cosmesi-verde-2026",
        **overrides,
    }


@pytest.fixture
def newcomer(db: None) -> User:
    """Signed up, with a (private) profile, no organisation yet."""
    client = Client()
    client.post(reverse("accounts:signup"), signup_data(username="newcomer", email="n@x.org"))
    return User.objects.get(username="newcomer")


# Sign-up


def test_a_short_password_is_explained_in_the_pages_language() -> None:
    """Django 5.2's minimum-length message is missing from its Italian catalogue: ours has it."""
    short = signup_data(password1="Ab1!", password2="Ab1!")
    italian = client_for(language="it").post(reverse("accounts:signup"), short)
    english = client_for().post(reverse("accounts:signup"), short)
    assert italian.context["form"].errors["password2"][0] == (
        "Questa password è troppo corta. Deve contenere almeno 8 caratteri."
    )
    assert english.context["form"].errors["password2"][0] == (
        "This password is too short. It must contain at least 8 characters."
    )
    assert not User.objects.exists()


@pytest.mark.parametrize("username", ["giulia", "GIULIA", "Giulia"])
def test_signup_with_a_taken_user_name_says_so_and_keeps_the_rest(username: str) -> None:
    UserFactory(username="giulia")
    response = client_for().post(reverse("accounts:signup"), signup_data(username=username))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    page = response.content.decode()
    assert 'value="Bianchi"' in page
    assert 'value="giulia@example.org"' in page
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "email", ["giulia@example.org", "GIULIA@Example.org", " giulia@example.org "]
)
def test_signup_with_a_taken_e_mail_says_so_in_both_languages(email: str) -> None:
    UserFactory(email="giulia@example.org")
    english = client_for().post(
        reverse("accounts:signup"), signup_data(username="other", email=email)
    )
    assert "already exists" in english.context["form"].errors["email"][0]
    italian = client_for(language="it").post(
        reverse("accounts:signup"), signup_data(username="other", email=email)
    )
    message = italian.context["form"].errors["email"][0]
    assert "already exists" not in message
    assert "E-mail" in message
    assert 'value="other"' in italian.content.decode()
    assert User.objects.count() == 1


def test_signup_with_mismatched_passwords_names_the_field() -> None:
    response = client_for().post(
        reverse("accounts:signup"), signup_data(password2="something-else-42")
    )
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_a_logged_in_user_is_sent_from_sign_up_to_their_page(member_user: User) -> None:
    response = client_for(member_user).get(reverse("accounts:signup"))
    assert response["Location"] == reverse("accounts:dashboard")


def test_password_reset_mail_goes_to_the_account_whatever_the_case_typed(
    member_user: User,
) -> None:
    User.objects.filter(pk=member_user.pk).update(email="Member@Example.org")
    client_for().post(reverse("accounts:password_reset"), {"email": "member@example.ORG"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Member@Example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_reset_mail_is_in_italian_for_an_italian_page(member_user: User) -> None:
    client_for(language="it").post(reverse("accounts:password_reset"), {"email": member_user.email})
    assert len(mail.outbox) == 1
    assert "Ponte" in mail.outbox[0].subject
    assert "Reset your" not in mail.outbox[0].subject
    assert "someone (hopefully you)" not in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing() -> None:
    response = client_for().post(reverse("accounts:password_reset"), {"email": "nobody@x.org"})
    assert response.status_code == 302
    assert mail.outbox == []


# Membership application


@pytest.mark.parametrize("typed", [REAL_VAT, "IT00743110157", "IT 007 431 101 57", "00743110157 "])
def test_a_real_vat_number_typed_as_people_do_is_accepted(
    newcomer: User, cluster_a: Cluster, typed: str
) -> None:
    response = client_for(newcomer).post(
        reverse("members:apply"), application(cluster_a, vat_number=typed)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.get(name="Crema Bella Srl").vat_number == REAL_VAT


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("00743110158", "check digit"),
        ("00743110175", "check digit"),
        ("0074311015", "11 digits"),
        ("007431101570", "11 digits"),
        ("0074311015A", "not a valid"),
        ("ABCDEFGHIJK", "not a valid"),
    ],
)
def test_a_corrupted_vat_number_is_refused_on_its_field_keeping_the_input(
    newcomer: User, cluster_a: Cluster, typed: str, hint: str
) -> None:
    response = client_for(newcomer).post(
        reverse("members:apply"), application(cluster_a, vat_number=typed)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["vat_number"]
    assert hint in errors["vat_number"][0]
    page = response.content.decode()
    assert f'value="{typed}"' in page
    assert 'value="Crema Bella Srl"' in page
    assert "We formulate natural creams." in page
    assert not Organisation.objects.filter(name="Crema Bella Srl").exists()
    assert not Membership.objects.exists()


def test_a_corrupted_vat_number_is_explained_in_italian(newcomer: User, cluster_a: Cluster) -> None:
    response = client_for(newcomer, language="it").post(
        reverse("members:apply"), application(cluster_a, vat_number="00743110158")
    )
    message = response.context["form"].errors["vat_number"][0]
    assert "check digit" not in message
    assert "00743110158" in message


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "accepted"),
    [
        ("249", "50000000", "", True),
        ("250", "1000000", "1000000", False),
        ("249", "60000000", "43000000", True),  # turnover over, balance sheet within: medium
        ("249", "50000000", "90000000", True),  # balance sheet over, turnover within: medium
        ("249", "50000001", "43000001", False),  # both over: large
    ],
)
def test_the_sme_class_at_the_edges_of_eu_recommendation_2003_361(
    newcomer: User,
    cluster_a: Cluster,
    headcount: str,
    turnover: str,
    balance: str,
    accepted: bool,
) -> None:
    response = client_for(newcomer).post(
        reverse("members:apply"),
        application(
            cluster_a, headcount=headcount, turnover_eur=turnover, balance_sheet_eur=balance
        ),
    )
    if accepted:
        assert response.status_code == 302
        organisation = Organisation.objects.get(name="Crema Bella Srl")
        assert organisation.size_class == "medium"
        assert organisation.is_sme
    else:
        assert response.status_code == 200
        assert "2003/361" in response.context["form"].errors["kind"][0]
        assert f'value="{headcount}"' in response.content.decode()
        assert not Organisation.objects.filter(name="Crema Bella Srl").exists()


def test_a_large_company_with_large_figures_may_apply(newcomer: User, cluster_a: Cluster) -> None:
    response = client_for(newcomer).post(
        reverse("members:apply"),
        application(cluster_a, kind="large_company", headcount="250", turnover_eur="90000000"),
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Crema Bella Srl").size_class == "large"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headcount", "dodici"),
        ("headcount", "-3"),
        ("turnover_eur", "tanti"),
        ("turnover_eur", "-1"),
        ("ateco_code", "20-42"),
        ("website", "not a url at all"),
        ("province", "ZZ"),
        ("cluster", "999999"),
        ("kind", "spaceship"),
        ("motivation", ""),
        ("name", ""),
    ],
)
def test_each_bad_field_is_named_and_the_rest_kept(
    newcomer: User, cluster_a: Cluster, field: str, value: str
) -> None:
    response = client_for(newcomer).post(
        reverse("members:apply"), application(cluster_a, **{field: value})
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'value="Bergamo"' in response.content.decode() or field == "city"
    assert not Membership.objects.exists()


def test_applying_again_while_the_application_is_pending_is_refused_clearly(
    newcomer: User, cluster_a: Cluster
) -> None:
    client = client_for(newcomer)
    assert client.post(reverse("members:apply"), application(cluster_a)).status_code == 302
    again = client.post(reverse("members:apply"), application(cluster_a))
    assert again.status_code == 200
    assert "already has a membership" in " ".join(again.context["form"].non_field_errors())
    assert Membership.objects.get().status == MembershipStatus.APPLIED


def test_the_application_form_is_prefilled_with_the_cluster_of_the_link(
    newcomer: User, cluster_a: Cluster
) -> None:
    response = client_for(newcomer).get(reverse("members:apply"), {"cluster": cluster_a.slug})
    assert response.context["form"].initial["cluster"] == cluster_a


# Organisation profile


def test_editing_the_profile_into_an_impossible_sme_is_refused_on_the_kind(
    member_org: Organisation, member_user: User
) -> None:
    url = reverse("members:organisation_edit", args=[member_org.slug])
    data = {
        "name": "Grown Up Spa",
        "kind": "sme",
        "vat_number": member_org.vat_number,
        "province": "MI",
        "headcount": "250",
        "turnover_eur": "90000000",
    }
    response = client_for(member_user).post(url, data)
    assert response.status_code == 200
    assert "2003/361" in response.context["form"].errors["kind"][0]
    assert 'value="Grown Up Spa"' in response.content.decode()
    member_org.refresh_from_db()
    assert member_org.name != "Grown Up Spa"


def test_editing_the_profile_to_another_organisations_vat_number_is_refused(
    member_org: Organisation, member_user: User, other_member_org: Organisation
) -> None:
    url = reverse("members:organisation_edit", args=[member_org.slug])
    data = {"name": member_org.name, "kind": "sme", "vat_number": other_member_org.vat_number}
    response = client_for(member_user).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "VAT number" in " ".join(errors.get("vat_number", []) + errors.get("__all__", []))
    member_org.refresh_from_db()
    assert member_org.vat_number != other_member_org.vat_number


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.500.000", 1_500_000),  # Italian grouping
        ("1,500,000", 1_500_000),  # English grouping
        ("1 500 000 €", 1_500_000),
        ("€ 1.500.000,00", 1_500_000),
        ("1500000", 1_500_000),
    ],
)
def test_amounts_typed_the_italian_or_english_way_are_understood(
    newcomer: User, cluster_a: Cluster, typed: str, stored: int
) -> None:
    response = client_for(newcomer, "it").post(
        reverse("members:apply"), application(cluster_a, turnover_eur=typed)
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Crema Bella Srl").turnover_eur == stored


@pytest.mark.parametrize("typed", ["2,5", "1.500.000.00", "un milione"])
def test_an_amount_that_is_not_whole_euros_is_refused_keeping_the_input(
    newcomer: User, cluster_a: Cluster, typed: str
) -> None:
    response = client_for(newcomer, "it").post(
        reverse("members:apply"), application(cluster_a, turnover_eur=typed)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["turnover_eur"]
    assert f'value="{typed}"' in response.content.decode()
    assert not Organisation.objects.filter(name="Crema Bella Srl").exists()


@pytest.mark.parametrize("typed", ["99999999999999999999999999999", "1e30", "1e3"])
def test_absurd_amounts_are_refused_not_a_server_error(
    newcomer: User, cluster_a: Cluster, typed: str
) -> None:
    response = client_for(newcomer, "it").post(
        reverse("members:apply"), application(cluster_a, turnover_eur=typed)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["turnover_eur"]
