"""Site-wide behaviour: Italian first, friendly error pages, safe settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_italian_is_the_default_even_for_an_english_browser(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "it"
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="it"' in page.content.decode()


def test_english_is_one_click_away_and_remembered(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "it"
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_a_missing_page_uses_the_sites_own_template() -> None:
    response = Client().get("/transfer/needs/999999/")
    assert response.status_code == 404
    assert "site-header" in response.content.decode()


def settings_import(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import ponte.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_public_development_key_is_refused_when_debug_is_off() -> None:
    result = settings_import(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_public_development_key_is_refused_for_a_public_host() -> None:
    result = settings_import(ALLOWED_HOSTS="ponte.example.org")
    assert result.returncode != 0


def test_a_real_key_with_debug_off_is_accepted() -> None:
    assert settings_import(DEBUG="false", SECRET_KEY="x" * 50).returncode == 0
