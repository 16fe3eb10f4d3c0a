"""Translation for code that also runs without Django (the benchmarks), and the reasons
Python's JSON reader gives, in the user's language (they came out in English on an Italian
command line: "JSON non valido (Expecting ',' delimiter alla colonna 24)")."""

from __future__ import annotations

import json

#: The content type of a short refusal an HTMX request shows as its reason
#: (`static/ponte/ponte.js`).
PLAIN_TEXT = "text/plain; charset=utf-8"


def translated(message: str) -> str:
    """`message` through gettext once Django is set up (the `ponte` command, the pages); as
    is when a module runs on its own (the benchmark scripts)."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


def _(message: str) -> str:  # marks the reasons below for makemessages, translated later
    return message


JSON_REASONS: dict[str, str] = {
    "Expecting value": _("a value was expected"),
    "Expecting ':' delimiter": _("a ':' was expected"),
    "Expecting ',' delimiter": _("a ',' was expected"),
    "Expecting property name enclosed in double quotes": _("a key in double quotes was expected"),
    "Unterminated string starting at": _("a string is not closed"),
    "Invalid control character at": _("a control character inside a string"),
    "Invalid \\escape": _("an invalid backslash escape"),
    "Invalid \\uXXXX escape": _("an invalid \\uXXXX escape"),
    "Extra data": _("more text after the JSON value"),
}


def json_reason(error: json.JSONDecodeError) -> str:
    """What is wrong, in words the user reads (the reader's own text when unknown)."""
    reason = JSON_REASONS.get(error.msg)
    return translated(reason) if reason else error.msg
