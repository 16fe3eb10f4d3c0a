"""Sign-up form: the account and the name of the person behind it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ponte.accounts.models import User
from ponte.accounts.selectors import language_for


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


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with the e-mail written in the user's own language when they chose one (else
    the page's) and its link made from `PONTE_BASE_URL`, like every other e-mail, not
    from the request's Host header."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        base = urlsplit(settings.PONTE_BASE_URL)
        kwargs["domain_override"] = base.netloc
        kwargs["use_https"] = base.scheme == "https"
        super().save(*args, **kwargs)

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = kwargs.get("context", args[2] if len(args) > 2 else {})
        user = context.get("user")
        # The user's own choice; without one, the language of the page they asked from.
        language = language_for(user) if getattr(user, "language", "") else None
        with translation.override(language or translation.get_language()):
            super().send_mail(*args, **kwargs)
