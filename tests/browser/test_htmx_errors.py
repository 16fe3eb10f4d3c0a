"""A click answered in place (HTMX) that the server refuses says so, and an expired session
leads to the log-in page instead of being drawn inside the page. htmx 2 swaps nothing on an
error status: without `static/ponte/ponte.js` both clicks silently did nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ponte.notifications.models import Notification
from ponte.notifications.services import notify
from tests.browser.test_interest_path import log_in
from tests.factories import OrganisationFactory, person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = "“%(title)s” has been saved."


def test_a_refused_click_says_so_and_an_expired_session_goes_to_log_in(page: Page) -> None:
    user = person_in(OrganisationFactory(), username="giulia")
    for title in ("Peptidi", "Sieri"):
        notify([user], "eoi_received", message=(SAVED, {"title": title}))
    log_in(page, "giulia")
    page.goto("/inbox/")
    error = page.locator("[data-testid=htmx-error]")
    expect(error).to_be_hidden()

    first = page.locator("[data-testid=notification]").first
    Notification.objects.filter(recipient=user).delete()  # gone meanwhile (another tab)
    first.locator("button[type=submit]").click()

    expect(error).to_be_visible()
    expect(error).to_have_text(error.get_attribute("data-fallback") or "")

    notify([user], "eoi_received", message=(SAVED, {"title": "Creme"}))
    page.goto("/inbox/")
    page.context.clear_cookies(name="sessionid")  # the session has expired (CSRF cookie kept)
    page.locator("[data-testid=notification] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
