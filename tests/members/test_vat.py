"""The Partita IVA validator: real numbers pass, typos fail with the message that fits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.it import iva

from ponte.members.validators import normalize_vat_number, validate_vat_number
from tests.factories import luhn_check_digit, vat_number

# Published VAT numbers of large Italian companies and a university, each checked with
# python-stdnum by `test_the_reference_numbers_are_themselves_valid`.
REAL_VAT_NUMBERS = {
    "00905811006": "Eni S.p.A.",
    "00934061003": "Enel S.p.A.",
    "00488410010": "Telecom Italia S.p.A.",
    "00159560366": "Ferrari S.p.A.",
    "01114601006": "Poste Italiane S.p.A.",
    "00881841001": "Leonardo S.p.A.",
    "01654010345": "Barilla G. e R. Fratelli S.p.A.",
    "00079760328": "Assicurazioni Generali S.p.A.",
    "04376620151": "Politecnico di Milano",
}
VALID_OFFICE_CODES = [*range(1, 101), 120, 121, 888, 999]


def error_code(value: str) -> str | None:
    try:
        validate_vat_number(value)
    except ValidationError as exc:
        return exc.code
    return None


def test_the_reference_numbers_are_themselves_valid() -> None:
    assert all(iva.is_valid(number) for number in REAL_VAT_NUMBERS)


@pytest.mark.parametrize("number", REAL_VAT_NUMBERS)
def test_real_company_vat_numbers_are_accepted(number: str) -> None:
    validate_vat_number(number)


@pytest.mark.parametrize("number", [vat_number(1), vat_number(1_234_567, 100), vat_number(42, 999)])
def test_generated_vat_numbers_with_a_correct_check_digit_are_accepted(number: str) -> None:
    validate_vat_number(number)


def test_a_blank_vat_number_is_allowed() -> None:
    validate_vat_number("")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("IT00905811006", "00905811006"),
        ("it00905811006", "00905811006"),
        ("IT 009 058 110 06", "00905811006"),
        (" 00905811006 ", "00905811006"),
        ("009.058.110.06", "00905811006"),
        ("IT-00905811006", "00905811006"),
        ("", ""),
    ],
)
def test_the_it_prefix_spaces_and_separators_are_normalised_away(typed: str, expected: str) -> None:
    assert normalize_vat_number(typed) == expected
    validate_vat_number(typed)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("00905811007", "vat_checksum"),  # Eni with the check digit changed
        ("00905911006", "vat_checksum"),  # one digit of the company number changed
        ("00950811006", "vat_checksum"),  # two adjacent digits transposed
        ("0090581100", "vat_length"),  # a digit missing
        ("009058110066", "vat_length"),  # a digit too many
        ("0090581100A", "vat_invalid"),  # a letter
        ("ABCDEFGHIJK", "vat_invalid"),
        (vat_number(1_234_567, 0), "vat_invalid"),  # office code 000
        (vat_number(1_234_567, 101), "vat_invalid"),  # office code out of range
        (vat_number(1_234_567, 500), "vat_invalid"),
        (vat_number(0, 49), "vat_invalid"),  # no company number
    ],
)
def test_corrupted_vat_numbers_are_rejected_with_the_right_message(number: str, code: str) -> None:
    assert error_code(number) == code


def test_the_error_message_quotes_what_was_typed() -> None:
    with pytest.raises(ValidationError) as exc_info:
        validate_vat_number("IT 00905811007")
    assert "IT 00905811007" in exc_info.value.messages[0]


def test_the_independent_luhn_digit_agrees_with_the_real_numbers() -> None:
    assert all(luhn_check_digit(number[:10]) == number[10] for number in REAL_VAT_NUMBERS)


company_numbers = st.integers(min_value=1, max_value=9_999_999)
office_codes = st.sampled_from(VALID_OFFICE_CODES)


@given(company=company_numbers, office=office_codes)
def test_any_company_number_and_office_code_with_its_luhn_digit_is_valid(
    company: int, office: int
) -> None:
    validate_vat_number(vat_number(company, office))


@given(
    company=company_numbers,
    office=office_codes,
    position=st.integers(min_value=0, max_value=10),
    shift=st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_of_a_valid_number_makes_it_invalid(
    company: int, office: int, position: int, shift: int
) -> None:
    valid = vat_number(company, office)
    changed_digit = str((int(valid[position]) + shift) % 10)
    typo = valid[:position] + changed_digit + valid[position + 1 :]
    assert error_code(typo) is not None


@given(company=company_numbers, office=office_codes)
def test_the_it_prefix_and_spaces_never_change_the_digits(company: int, office: int) -> None:
    number = vat_number(company, office)
    assert normalize_vat_number(f"IT {number[:5]} {number[5:]}") == number


def test_a_doubled_it_prefix_is_not_a_vat_number() -> None:
    """stdnum strips an "IT" prefix again inside its own check: "ITIT…" must not pass and
    then fail on the stored field's length with a misleading message."""
    assert error_code("ITIT00905811006") == "vat_invalid"


@pytest.mark.django_db
def test_the_admin_takes_a_vat_number_typed_as_on_the_public_forms(rf: Any) -> None:
    from django.contrib import admin

    from ponte.members.models import Organisation
    from tests.factories import UserFactory

    request = rf.get("/admin/members/organisation/add/")
    request.user = UserFactory(superuser=True)
    form_class = admin.site._registry[Organisation].get_form(request)
    form = form_class(data={"vat_number": "IT 009 058 110 06"})
    form.is_valid()
    assert "vat_number" not in form.errors
    assert form.cleaned_data["vat_number"] == "00905811006"
    doubled = form_class(data={"vat_number": "ITIT00905811006"})
    assert [e.code for e in doubled.errors.as_data()["vat_number"]] == ["vat_invalid"]
