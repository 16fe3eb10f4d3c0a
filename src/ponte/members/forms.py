"""Forms of the member pages: profile editing, competences, membership application, review."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ponte.clusters.models import Cluster
from ponte.competences.models import Competence
from ponte.members.constants import MembershipRole
from ponte.members.models import Organisation
from ponte.members.validators import normalize_vat_number, validate_vat_number
from ponte.web.forms import Textarea

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "vat_number",
    "ateco_code",
    "province",
    "city",
    "website",
    "description_it",
    "description_en",
    "headcount",
    "turnover_eur",
    "balance_sheet_eur",
)


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    """The form field of an Organisation field, with its translated label and help text."""
    model_field = Organisation._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)
    assert field is not None
    return field


# 1.500.000 / 1,500,000 / 1 500 000, optionally with zero cents in the other convention.
_GROUPED_THOUSANDS = re.compile(r"(\d{1,3}(?:([.,' ])\d{3})(?:\2\d{3})*)(?:([.,])00?)?")


class EuroAmountField(forms.DecimalField):
    """Whole euros typed as people type them: "1.500.000", "1,500,000", "1 500 000 €",
    "€ 43000000". A single separator followed by exactly three digits is a thousands
    separator (amounts here have no cents); "2,5" and "2.5" stay decimals and are refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", " ").replace("\u202f", " ").strip()
            grouped = _GROUPED_THOUSANDS.fullmatch(value)
            if grouped and grouped[3] != grouped[2]:
                value = re.sub(r"[.,' ]", "", grouped[1])
            else:
                value = value.replace(" ", "").replace(",", ".")
            if "e" in value.lower():  # no exponent notation for money: "1e30" is not typed
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = super().to_python(value)
        if isinstance(number, Decimal):
            exponent = number.as_tuple().exponent
            if isinstance(exponent, int) and exponent < 0 and number == number.to_integral_value():
                number = number.quantize(Decimal(1))  # "43000000,00": whole euros after all
        return number


def _euro_field(name: str) -> forms.Field:
    model_field = Organisation._meta.get_field(name)
    assert isinstance(model_field, models.DecimalField)
    return EuroAmountField(
        label=capfirst(model_field.verbose_name),
        help_text=model_field.help_text,
        required=False,
        min_value=0,
        max_digits=model_field.max_digits,
        decimal_places=model_field.decimal_places,
    )


class VatAndWebsiteMixin(forms.Form):
    """A VAT number typed as people do (spaces, IT prefix) and a website without a scheme."""

    vat_number = forms.CharField(
        label=capfirst(Organisation._meta.get_field("vat_number").verbose_name),
        help_text=Organisation._meta.get_field("vat_number").help_text,
        max_length=30,
        required=False,
    )
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    def clean_vat_number(self) -> str:
        value = self.cleaned_data.get("vat_number", "")
        validate_vat_number(value)
        return normalize_vat_number(value)


class OrganisationForm(VatAndWebsiteMixin, forms.ModelForm):
    turnover_eur = _euro_field("turnover_eur")
    balance_sheet_eur = _euro_field("balance_sheet_eur")

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


class OrganisationCompetencesForm(forms.Form):
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


APPLICATION_ORGANISATION_FIELDS = (
    "name",
    "kind",
    "vat_number",
    "province",
    "city",
    "website",
    "ateco_code",
    "headcount",
    "turnover_eur",
    "balance_sheet_eur",
)

APPLICATION_ROLES = [
    (MembershipRole.MEMBER.value, MembershipRole.MEMBER.label),
    (MembershipRole.PARTNER.value, MembershipRole.PARTNER.label),
]


class MembershipApplicationForm(VatAndWebsiteMixin, forms.Form):
    """An organisation's application to join a cluster; the organisation is created with it."""

    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.order_by("short_name")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=APPLICATION_ROLES,
        initial=MembershipRole.MEMBER,
        help_text=_("Partners support the cluster without being full members."),
    )
    name = _model_field("name", label=_("Organisation name"))
    kind = _model_field("kind")
    province = _model_field("province")
    city = _model_field("city")
    ateco_code = _model_field("ateco_code")
    headcount = _model_field("headcount")
    turnover_eur = _euro_field("turnover_eur")
    balance_sheet_eur = _euro_field("balance_sheet_eur")
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=Textarea(attrs={"rows": 5}),
        help_text=_("Why your organisation wants to join and what it brings to the cluster."),
    )
    position = forms.CharField(
        label=_("Your position in the organisation"), max_length=150, required=False
    )

    field_order = [
        "cluster",
        "role",
        "name",
        "kind",
        "vat_number",
        "province",
        "city",
        "website",
        "ateco_code",
        "headcount",
        "turnover_eur",
        "balance_sheet_eur",
        "motivation",
        "position",
    ]

    def organisation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in APPLICATION_ORGANISATION_FIELDS}


class ReviewNoteForm(forms.Form):
    # The status the page showed: a step asked for from a stale page is refused
    # (`services.transition_membership`, `expected_status`).
    state = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2}),
        help_text=_("Optional; kept in the membership history."),
    )
