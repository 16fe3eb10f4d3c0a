"""Helpers shared by the forms of every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form, so no message is ever lost."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            if name == NON_FIELD_ERRORS:
                target = None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


def errors_as_text(form: forms.BaseForm, skip: tuple[str, ...] = ()) -> str:
    """The form's errors as one line for a message, each naming its field ("Note: …");
    errors of no field as they are. Fields in `skip` are left to the caller."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        if name in skip:
            continue
        field = form.fields.get(name)
        label = field.label if field is not None else None
        parts += [f"{label}: {error}" if label else str(error) for error in errors]
    return " ".join(parts)


class Textarea(forms.Textarea):
    """A textarea whose line breaks count as one character each, as the browser counts them
    for `maxlength`: browsers send "\\r\\n", so a note the page let through (500 characters
    with line breaks) was refused by the server's `max_length` as longer."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
