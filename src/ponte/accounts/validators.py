"""Password validators whose messages Ponte's catalogues translate.

Django 5.2.x formats the minimum-length error with "%d", a message its Italian catalogue does
not have yet (it has the "%(min_length)d" one): Italian forms showed it in English.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, with an error message translated in both languages."""

    def get_error_message(self) -> Any:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
