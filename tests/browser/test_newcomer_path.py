"""A newcomer's path through the real pages: sign up, apply, get admitted, publish a need,
find it, switch language. Also saves the README screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from stdnum import luhn

from ponte.clusters.models import Cluster
from ponte.members.models import Membership
from ponte.transfer.models import InnovationNeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALID_VAT = "0765432001" + luhn.calc_check_digit("0765432001")
BAD_VAT = VALID_VAT[:-1] + str((int(VALID_VAT[-1]) + 1) % 10)


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").last.click()


def test_newcomer_signs_up_applies_publishes_a_need_and_switches_language(
    page: Page, browser, live_server, screenshots_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", force=True, verbosity=0)  # tests run with DEBUG off
    call_command("index", rebuild=True, verbosity=0)  # the shipped embeddings: seconds
    cosmetics = Cluster.objects.get(slug="cosmetica")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "home.png"))

    # Sign up.
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "giulia.bianchi")
    page.fill("input[name=first_name]", "Giulia")
    page.fill("input[name=last_name]", "Bianchi")
    page.fill("input[name=email]", "giulia.bianchi@example.org")
    page.fill("input[name=password1]", "Un-ponte-tra-ricerca-e-PMI")
    page.fill("input[name=password2]", "Un-ponte-tra-ricerca-e-PMI")
    submit(page)
    expect(page).to_have_url(re.compile(r"/members/apply/"))

    # Apply for membership; a wrong check digit is refused and nothing typed is lost.
    page.select_option("select[name=cluster]", str(cosmetics.pk))
    page.fill("input[name=name]", "Officina Verde Cosmetici srl")
    page.select_option("select[name=kind]", "sme")
    page.fill("input[name=vat_number]", BAD_VAT)
    page.select_option("select[name=province]", "BG")
    page.fill("input[name=headcount]", "18")
    page.fill(
        "textarea[name=motivation]", "Formuliamo creme solari e cerchiamo partner di ricerca."
    )
    submit(page)
    expect(page.locator(".errorlist")).to_contain_text(BAD_VAT)
    expect(page.locator("input[name=name]")).to_have_value("Officina Verde Cosmetici srl")
    expect(page.locator("textarea[name=motivation]")).to_have_value(
        "Formuliamo creme solari e cerchiamo partner di ricerca."
    )
    page.fill("input[name=vat_number]", VALID_VAT)
    submit(page)
    expect(page).to_have_url(re.compile(r"/accounts/me/"))
    membership = Membership.objects.get(organisation__vat_number=VALID_VAT)
    assert membership.status == "applied"

    # The cluster's staff reviews and admits the organisation, in another browser session.
    staff_context = browser.new_context(base_url=live_server.url, locale="it-IT")
    staff = staff_context.new_page()
    staff.goto("/accounts/login/")
    staff.fill("input[name=username]", "staff")
    staff.fill("input[name=password]", "ponte-demo-2026")
    staff.locator("main form button[type=submit]").click()
    staff.goto("/members/review/")
    card = staff.locator(f"#application-{membership.pk}")
    card.locator("button[formaction$='/start/']").click()
    expect(card.locator("button[formaction$='/approve/']")).to_be_visible()
    card.locator("button[formaction$='/approve/']").click()
    expect(card.locator("button[formaction$='/approve/']")).to_have_count(0)
    staff_context.close()
    membership.refresh_from_db()
    assert membership.status == "active"

    # The new member publishes a need.
    page.goto("/transfer/needs/new/")
    page.fill("input[name=title]", "Stick labbra in packaging compostabile")
    page.fill(
        "textarea[name=summary]",
        "Cerchiamo un materiale compostabile per il tubetto dei nostri stick labbra, "
        "compatibile con le cere e gli oli della formula.",
    )
    page.fill(
        "textarea[name=expected_result]",
        "Un prototipo di tubetto compostabile testato per stabilità e compatibilità.",
    )
    page.select_option("select[name=cluster]", str(cosmetics.pk))
    page.select_option("select[name=partnership]", "research")
    page.select_option("select[name=budget_band]", "50k-150k")
    page.select_option("select[name=time_frame]", "6-12m")
    page.select_option("select[name=confidentiality]", "public")
    submit(page)
    need = InnovationNeed.objects.get(title="Stick labbra in packaging compostabile")
    expect(page).to_have_url(re.compile(rf"/transfer/needs/{need.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(need.title)
    suggestions = page.locator(".suggestion-list li")
    expect(suggestions.first).to_be_visible(timeout=30_000)  # the panels load by HTMX
    page.screenshot(path=str(screenshots_dir / "need.png"), full_page=True)

    # It is found in the list by full-text search.
    page.goto("/transfer/needs/")
    page.locator("input[name=q]").fill("compostabile")
    page.locator("input[name=q]").press("Enter")
    expect(page.locator("main")).to_contain_text(need.title)

    # English one click away, and back.
    page.locator("[data-testid=lang-en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.main-nav")).to_contain_text("Needs")
    page.locator("[data-testid=lang-it]").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
