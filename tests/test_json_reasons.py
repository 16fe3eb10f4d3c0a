"""The JSON readers of `ponte schedule`, `ponte match --queries` and `ponte eval` say what is
wrong in the user's language: Python's own reasons are English only."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from ponte.web.text import JSON_REASONS, json_reason


def reason_of(text: str, language: str) -> str:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    with translation.override(language):
        return json_reason(caught.value)


@pytest.mark.parametrize(
    ("text", "italian"),
    [
        ('{"slots": 3,', "manca una chiave tra virgolette doppie"),
        ('{"slots" 3}', "manca un ':'"),
        ('{"a": 1 "b": 2}', "manca una ','"),
        ("", "manca un valore"),
        ("{} {}", "altro testo dopo il valore JSON"),
    ],
)
def test_the_reason_is_in_the_users_language(text: str, italian: str) -> None:
    assert reason_of(text, "it") == italian
    assert reason_of(text, "en") in JSON_REASONS.values()


def test_every_reason_python_gives_is_known() -> None:
    """Each message of the standard library's decoder has its words (a new Python release
    adding one would fall back to its English text, and this test would say so)."""
    samples = ['"abc', '"a\x01"', '"\\q"', '"\\u12"', "[1,]", "{a: 1}"]
    for sample in samples:
        with pytest.raises(json.JSONDecodeError) as caught:
            json.loads(sample)
        assert caught.value.msg in JSON_REASONS, caught.value.msg
