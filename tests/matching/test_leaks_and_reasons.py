"""Found on the demo by an outside check of `ponte match`, reproduced on a small site: an
applicant's name never leads a visitor to its people; the readable reasons name the words
matched across languages; a word is not taken for another that merely shares its stem."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from ponte.clusters.models import Cluster
from ponte.matching import selectors, services
from ponte.matching.glossary import default_glossary
from ponte.members.constants import MembershipStatus
from ponte.members.services import activate_membership
from tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.matching.conftest import World


def match_json(*args: str) -> list[dict[str, Any]]:
    out = StringIO()
    call_command("match", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_hidden_applicants_name_does_not_lead_a_visitor_to_its_people(
    world: World, cluster_a: Cluster, settings: Any
) -> None:
    """Demo repro: `ponte match --json "Unghie d'Autore"` (an organisation whose membership is
    still `applied`: its page is a 404 for visitors, and its people's public pages do not
    name it) returns its two people, with matched_terms ["unghie", "autore"]. The person
    document carries the names of every current affiliation, listed or not, so a visitor
    learns who works for an applicant under review."""
    settings.ALLOWED_HOSTS = ["*"]
    applicant = MembershipFactory(
        cluster=cluster_a,
        status=MembershipStatus.APPLIED,
        organisation=OrganisationFactory(name="Quarzolux Bellezza srl", slug="quarzolux"),
    ).organisation
    person = PersonFactory(first_name="Ada", last_name="Rossi", bio_en="Formulation chemist.")
    AffiliationFactory(person=person, organisation=applicant, position="R&D")
    services.rebuild_index()

    client = Client()
    assert client.get(applicant.get_absolute_url()).status_code == 404
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert "Quarzolux" not in page.content.decode()  # the site itself does not tell

    results = match_json("--top", "5", "quarzolux")
    leaked = [r for r in results if "quarzolux" in json.dumps(r).lower()]
    assert leaked == [], leaked


def test_once_admitted_an_organisation_leads_to_its_people(
    world: World,
    cluster_a: Cluster,
    staff_user: Any,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The other side of the rule above: admitting the applicant re-indexes its people, whose
    documents now carry its name."""
    membership = MembershipFactory(
        cluster=cluster_a,
        status=MembershipStatus.UNDER_REVIEW,
        organisation=OrganisationFactory(name="Quarzolux Bellezza srl", slug="quarzolux"),
    )
    person = PersonFactory(first_name="Ada", last_name="Rossi", bio_en="Formulation chemist.")
    AffiliationFactory(person=person, organisation=membership.organisation, position="R&D")
    services.rebuild_index()

    def found_by_the_name() -> list[str]:
        results = match_json("--top", "5", "quarzolux")
        return [r["id"] for r in results if "quarzolux" in r["reasons"].get("matched_terms", [])]

    assert found_by_the_name() == []
    with django_capture_on_commit_callbacks(execute=True):
        activate_membership(staff_user, membership)

    assert str(person.pk) in found_by_the_name()


def test_the_readable_reasons_name_the_translated_words(world: World) -> None:
    """Demo repro: `ponte match --top 5 --kind offer "sistemi conservanti alternativi"`:
    offer 35 (English) is there because "conservanti ↔ preservative" (its JSON says so), but
    the table shows only "Words in common: sistemi ↔ sistema". `selectors.describe` (used by
    the table and by every page's "why" lines) ignores `translated_terms`, so the
    cross-language reason — the glossary's whole point — never reaches a reader."""
    results = selectors.search(AnonymousUser(), "conservanti", ("need",), 5)
    english = [r for r in results if r.key == f"need:{world.public_need.pk}"]
    assert english, results
    reasons = english[0].reasons
    assert reasons.get("translated_terms"), reasons
    words = " ".join(selectors.describe(reasons))
    assert "preservative" in words, (reasons, words)


def test_a_query_about_printing_is_not_expanded_with_moulds(world: World) -> None:
    """Demo repro: `ponte match --json --top 5 "stampa 3D di scovolini per mascara"`:
    offer 14's translated_terms contain "stampa ↔ moulds", and a mould maker (org 12,
    "Flaconi Serio spa") is 4th with the only reason "stampa ↔ moulding". The Italian stem
    of "stampa" (printing) is that of "stampo"/"stampi" (mould), so the glossary pairs
    ("stampo", "mould"), ("stampi", "moulds") fire on "stampa"."""
    glossary = default_glossary()
    for text in ("stampa di etichette", "stampa 3D di scovolini"):  # printing, not moulding
        targets = [t.target for t in glossary.translations(text)]
        assert not any("mould" in target for target in targets), (text, targets)
