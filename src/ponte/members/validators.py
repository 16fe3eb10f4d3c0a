"""Validators of Italian identifiers, with translated errors that name the field."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.it import iva

ATECO_RE = re.compile(r"^\d{2}(\.\d{1,2}(\.\d{1,2})?)?$")


def normalize_vat_number(value: str) -> str:
    """Strip spaces, dots and an `IT` prefix, as people type them."""
    return iva.compact(value.replace(".", "")) if value else ""


def validate_vat_number(value: str) -> None:
    """A Partita IVA: 11 digits, a valid province-office code and the Luhn check digit."""
    if not value:
        return
    compact = normalize_vat_number(value)
    try:
        if not compact.isdigit():  # "ITIT0…": stdnum would strip a second prefix
            raise stdnum_exceptions.InvalidFormat()
        iva.validate(compact)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("VAT number %(value)s: the check digit is wrong; please check for typos."),
            code="vat_checksum",
            params={"value": value},
        ) from exc
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError(
            _("VAT number %(value)s: an Italian VAT number has exactly 11 digits."),
            code="vat_length",
            params={"value": value},
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("VAT number %(value)s is not a valid Italian VAT number."),
            code="vat_invalid",
            params={"value": value},
        ) from exc


def validate_ateco_code(value: str) -> None:
    """An ATECO 2007/2025 code such as 20, 20.4, 20.42 or 20.42.00."""
    if value and not ATECO_RE.match(value):
        raise ValidationError(
            _("ATECO code %(value)s: use the form 20.42 or 20.42.00."),
            code="ateco_format",
            params={"value": value},
        )
