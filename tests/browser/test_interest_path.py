"""Two people, two browsers: a researcher expresses interest in a company's need; the
company accepts and records the meeting; the researcher records the agreement signed.
Selectors are independent of the language (names, data-testid, formaction)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from ponte.transfer.constants import InterestState
from ponte.transfer.models import ExpressionOfInterest
from tests.factories import (
    PASSWORD,
    ClusterFactory,
    InnovationNeedFactory,
    MembershipFactory,
    OrganisationFactory,
    person_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def take_step(scope: object, step: str) -> None:
    scope.locator(f"[data-testid=action-{step}] summary").click()  # type: ignore[attr-defined]
    scope.locator(f"button[formaction$='/{step}/']").click()  # type: ignore[attr-defined]


def test_from_expression_of_interest_to_agreement_with_two_users(
    page: Page, browser: Browser, live_server: object
) -> None:
    cluster = ClusterFactory(slug="cosmetica-test")
    company = OrganisationFactory(name="Creme Brianza srl")
    lab = OrganisationFactory(name="Laboratorio Emulsioni", university=True)
    MembershipFactory(organisation=company, cluster=cluster)
    MembershipFactory(organisation=lab, cluster=cluster)
    person_in(company, can_manage=True, username="titolare", email="titolare@example.org")
    person_in(lab, username="ricercatrice", email="ricercatrice@example.org")
    need = InnovationNeedFactory(
        organisation=company, cluster=cluster, title="Conservante naturale per creme"
    )

    # The researcher expresses interest from the need's page.
    log_in(page, "ricercatrice")
    page.goto(f"/transfer/needs/{need.pk}/")
    form = page.locator("[data-testid=express-interest]")
    form.locator("textarea[name=message]").fill(
        "Studiamo sistemi conservanti da estratti vegetali: possiamo fare i challenge test."
    )
    form.locator("button[formaction$='/interest/']").click()
    expect(page).to_have_url(re.compile(r"/transfer/interests/\d+/$"))
    interest = ExpressionOfInterest.objects.get(need=need)
    assert interest.organisation == lab and interest.state == InterestState.SENT

    # The company, in its own browser, accepts and later records the meeting.
    owner_context = browser.new_context(base_url=live_server.url, locale="it-IT")  # type: ignore[attr-defined]
    owner = owner_context.new_page()
    log_in(owner, "titolare")
    owner.goto("/transfer/interests/")
    card = owner.locator(f"#interest-{interest.pk}")
    expect(card).to_have_attribute("data-state", "sent")
    take_step(card, "accept")
    expect(owner.locator(f"#interest-{interest.pk}")).to_have_attribute("data-state", "introduced")
    take_step(owner.locator(f"#interest-{interest.pk}"), "meeting")
    expect(owner.locator(f"#interest-{interest.pk}")).to_have_attribute(
        "data-state", "meeting_held"
    )
    owner_context.close()

    # The researcher sees both steps and records the agreement, an NDA.
    page.goto(f"/transfer/interests/{interest.pk}/")
    history = page.locator(f"[data-testid=interest-history-{interest.pk}] li")
    expect(history).to_have_count(3)
    expect(page.locator("main")).to_contain_text("titolare@example.org")  # introduced
    page.locator("[data-testid=action-agreement] summary").click()
    page.select_option("[data-testid=action-agreement] select[name=kind]", "nda")
    page.locator("[data-testid=action-agreement] textarea[name=note]").fill("NDA firmato.")
    page.locator("button[formaction$='/agreement/']").click()
    expect(history).to_have_count(4)
    expect(page.locator("li[data-action=agreement_signed]")).to_contain_text("NDA firmato.")

    interest.refresh_from_db()
    assert interest.state == InterestState.AGREEMENT_SIGNED
    assert interest.agreement_kind == "nda"
    assert [e.action for e in interest.events.order_by("at", "pk")] == [
        "sent",
        "accepted",
        "meeting_held",
        "agreement_signed",
    ]
