"""Enterprise size by Commission Recommendation 2003/361/EC, at the edges of each class."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ponte.members.constants import OrganisationKind, SizeClass
from ponte.members.models import Organisation
from ponte.members.sme import classify_enterprise, sme_status
from tests.factories import OrganisationFactory
from tests.helpers import client_for

MILLION = Decimal("1000000")
EURO = Decimal("1")
OVER_EVERY_CEILING = 100 * MILLION  # the other figure, so that one alone decides


def size(headcount: int, turnover: Decimal | None, balance: Decimal | None) -> SizeClass | None:
    return classify_enterprise(headcount, turnover, balance)


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [
        (0, SizeClass.MICRO),
        (9, SizeClass.MICRO),
        (10, SizeClass.SMALL),
        (49, SizeClass.SMALL),
        (50, SizeClass.MEDIUM),
        (249, SizeClass.MEDIUM),
        (250, SizeClass.LARGE),
        (10_000, SizeClass.LARGE),
    ],
)
def test_staff_headcount_sets_the_class_when_the_finances_are_small(
    headcount: int, expected: SizeClass
) -> None:
    assert size(headcount, Decimal("1000"), Decimal("1000")) == expected


@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        (2 * MILLION, SizeClass.MICRO),
        (2 * MILLION + EURO, SizeClass.SMALL),
        (10 * MILLION, SizeClass.SMALL),
        (10 * MILLION + EURO, SizeClass.MEDIUM),
        (50 * MILLION, SizeClass.MEDIUM),
        (50 * MILLION + EURO, SizeClass.LARGE),
    ],
)
def test_turnover_up_to_the_ceiling_stays_in_class_and_one_euro_more_moves_up(
    turnover: Decimal, expected: SizeClass
) -> None:
    assert size(5, turnover, OVER_EVERY_CEILING) == expected


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        (2 * MILLION, SizeClass.MICRO),
        (2 * MILLION + EURO, SizeClass.SMALL),
        (10 * MILLION, SizeClass.SMALL),
        (10 * MILLION + EURO, SizeClass.MEDIUM),
        (43 * MILLION, SizeClass.MEDIUM),
        (43 * MILLION + EURO, SizeClass.LARGE),
    ],
)
def test_balance_sheet_up_to_the_ceiling_stays_in_class_and_one_euro_more_moves_up(
    balance: Decimal, expected: SizeClass
) -> None:
    assert size(5, OVER_EVERY_CEILING, balance) == expected


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        (5, 3 * MILLION, 2 * MILLION, SizeClass.MICRO),
        (5, 2 * MILLION, 3 * MILLION, SizeClass.MICRO),
        (40, 12 * MILLION, 9 * MILLION, SizeClass.SMALL),
        (200, 60 * MILLION, 43 * MILLION, SizeClass.MEDIUM),
        (200, 50 * MILLION, 45 * MILLION, SizeClass.MEDIUM),
    ],
)
def test_turnover_over_the_ceiling_with_the_balance_sheet_under_it_stays_in_class(
    headcount: int, turnover: Decimal, balance: Decimal, expected: SizeClass
) -> None:
    assert size(headcount, turnover, balance) == expected


def test_both_turnover_and_balance_sheet_over_the_ceiling_move_up_a_class() -> None:
    assert size(5, 3 * MILLION, 3 * MILLION) == SizeClass.SMALL
    assert size(200, 60 * MILLION, 44 * MILLION) == SizeClass.LARGE


def test_a_medium_headcount_with_large_finances_is_a_large_enterprise() -> None:
    assert size(100, 51 * MILLION, 44 * MILLION) == SizeClass.LARGE


def test_a_small_headcount_never_makes_a_large_turnover_small() -> None:
    assert size(3, 100 * MILLION, 100 * MILLION) == SizeClass.LARGE


@pytest.mark.django_db
def test_a_company_loaded_from_the_database_has_a_size_class() -> None:
    OrganisationFactory(kind=OrganisationKind.SME, headcount=12, turnover_eur=Decimal("1500000"))
    organisation = Organisation.objects.get()
    assert organisation.size_class == SizeClass.SMALL
    assert organisation.is_sme is True


@pytest.mark.django_db
def test_a_large_company_is_not_an_sme() -> None:
    OrganisationFactory(kind=OrganisationKind.LARGE_COMPANY, headcount=30_000)
    organisation = Organisation.objects.get()
    assert organisation.size_class == SizeClass.LARGE
    assert organisation.is_sme is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.UNIVERSITY,
        OrganisationKind.RESEARCH_CENTRE,
        OrganisationKind.PUBLIC_BODY,
        OrganisationKind.ASSOCIATION,
    ],
)
def test_organisations_that_are_not_companies_have_no_size_class(kind: str) -> None:
    OrganisationFactory(kind=kind, headcount=3_000, turnover_eur=Decimal("1000"))
    organisation = Organisation.objects.get()
    assert organisation.size_class is None
    assert organisation.is_sme is None


@pytest.mark.django_db
def test_a_company_without_a_known_headcount_has_no_size_class() -> None:
    OrganisationFactory(kind=OrganisationKind.SME, headcount=None)
    assert Organisation.objects.get().size_class is None


# --- Missing figures: the Recommendation needs the headcount AND a financial figure ---------


@pytest.mark.parametrize("headcount", [0, 9, 10, 49, 50, 249])
def test_without_any_financial_figure_the_class_is_unknown_below_250(headcount: int) -> None:
    assert size(headcount, None, None) is None


def test_with_250_or_more_staff_the_enterprise_is_large_whatever_the_finances() -> None:
    assert size(250, None, None) == SizeClass.LARGE


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance"),
    [
        (5, 3 * MILLION, None),  # micro if its balance sheet is within 2 M, small otherwise
        (5, None, 3 * MILLION),
        (200, 60 * MILLION, None),  # medium if its balance sheet is within 43 M, large otherwise
        (200, None, 44 * MILLION),
    ],
)
def test_one_figure_over_the_ceiling_and_the_other_unknown_leaves_the_class_unknown(
    headcount: int, turnover: Decimal | None, balance: Decimal | None
) -> None:
    assert size(headcount, turnover, balance) is None


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        (9, 2 * MILLION, None, SizeClass.MICRO),
        (9, None, 2 * MILLION, SizeClass.MICRO),
        (10, 2 * MILLION, None, SizeClass.SMALL),
        (49, None, 10 * MILLION, SizeClass.SMALL),
        (249, 50 * MILLION, None, SizeClass.MEDIUM),
        (249, None, 43 * MILLION, SizeClass.MEDIUM),
    ],
)
def test_one_figure_within_the_ceiling_is_enough_to_decide(
    headcount: int, turnover: Decimal | None, balance: Decimal | None, expected: SizeClass
) -> None:
    assert size(headcount, turnover, balance) == expected


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        (5, 3 * MILLION, None, True),  # micro or small: an SME either way
        (249, 50 * MILLION, None, True),
        (200, 60 * MILLION, None, None),  # medium or large: cannot tell
        (200, 60 * MILLION, 44 * MILLION, False),
        (5, None, None, None),
        (250, None, None, False),
    ],
)
def test_whether_an_enterprise_is_an_sme_is_known_only_when_the_figures_decide(
    headcount: int, turnover: Decimal | None, balance: Decimal | None, expected: bool | None
) -> None:
    assert sme_status(headcount, turnover, balance) is expected


@pytest.mark.django_db
def test_an_sme_with_a_headcount_but_no_financial_figures_is_not_called_an_sme() -> None:
    OrganisationFactory(
        kind=OrganisationKind.SME, headcount=8, turnover_eur=None, balance_sheet_eur=None
    )
    organisation = Organisation.objects.get()
    assert organisation.size_class is None
    assert organisation.is_sme is None


@pytest.mark.django_db
def test_an_sme_whose_class_is_open_but_whose_sme_status_is_sure_says_so() -> None:
    OrganisationFactory(
        kind=OrganisationKind.SME, headcount=5, turnover_eur=3 * MILLION, balance_sheet_eur=None
    )
    organisation = Organisation.objects.get()
    assert organisation.size_class is None
    assert organisation.is_sme is True


@pytest.mark.django_db
def test_the_profile_of_an_sme_whose_class_is_open_says_it_is_an_sme() -> None:
    organisation = OrganisationFactory(
        kind=OrganisationKind.SME, headcount=5, turnover_eur=3 * MILLION, balance_sheet_eur=None
    )
    page = client_for(language="en").get(organisation.get_absolute_url()).content.decode()
    assert "An SME per EU Recommendation 2003/361" in page


@pytest.mark.django_db
def test_the_profile_of_a_company_without_financial_figures_states_no_size() -> None:
    organisation = OrganisationFactory(
        kind=OrganisationKind.SME, headcount=5, turnover_eur=None, balance_sheet_eur=None
    )
    page = client_for(language="en").get(organisation.get_absolute_url()).content.decode()
    assert "SME per EU Recommendation 2003/361" not in page
    assert "Micro enterprise" not in page


@pytest.mark.django_db
def test_a_company_declared_large_is_not_described_against_its_own_sme_figures() -> None:
    """Declared large with SME-sized figures (part of a large group, say): the profile says
    it was declared large, not that its figures make it one."""
    organisation = OrganisationFactory(
        kind=OrganisationKind.LARGE_COMPANY, headcount=249, turnover_eur=50 * MILLION
    )
    page = client_for(language="en").get(organisation.get_absolute_url()).content.decode()
    assert "Declared a large enterprise" in page
    assert "(headcount, and turnover or balance-sheet total)" not in page
