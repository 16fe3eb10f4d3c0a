"""Sign-up form: the account and the name of the person behind it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from ponte.accounts.models import User


class SignupForm(UserCreationForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send the password-reset link to this address.")
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")
        field_classes = {"username": UsernameField}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "E-mail: an account with this address already exists; log in or reset the "
                    "password."
                )
            )
        return email
