"""Suggestion panels, the search page, the JSON endpoint and feedback, through the client."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.matching.models import SuggestionFeedback
from tests.factories import PASSWORD
from tests.matching.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def logged_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def panel_url(kind: str, pk: int, panel: str) -> str:
    return reverse("matching:suggestions", args=[kind, pk, panel])


def test_a_need_page_lazy_loads_its_panels_with_a_link_for_browsers_without_js(
    world: World, client: Client
) -> None:
    page = client.get(world.public_need.get_absolute_url()).content.decode()
    for panel in ("partners", "offers"):
        url = panel_url("need", world.public_need.pk, panel)
        assert f'hx-get="{url}"' in page and f'href="{url}"' in page
    assert "Suggested partners" in page and "Suggested offers" in page


def test_an_offer_page_suggests_partners_and_needs(world: World, client: Client) -> None:
    page = client.get(world.public_offer.get_absolute_url()).content.decode()
    assert panel_url("offer", world.public_offer.pk, "needs") in page
    assert "Suggested needs" in page


def test_an_organisation_page_shows_who_could_work_with_it(world: World, client: Client) -> None:
    page = client.get(world.lab.get_absolute_url()).content.decode()
    assert panel_url("org", world.lab.pk, "collaborators") in page
    assert "Who could work with us" in page


def test_the_offers_panel_explains_each_suggestion_in_words(
    world: World, client: Client, django_assert_max_num_queries: Any
) -> None:
    url = panel_url("need", world.public_need.pk, "offers")
    with django_assert_max_num_queries(16):
        response = client.get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert world.public_offer.title in html
    assert "Preservation and preservatives" in html  # the shared competence, as a chip
    assert "Mature enough" in html  # TRL 6 offer for a need asking TRL 5
    assert world.members_offer.title not in html  # members only: not for visitors


def test_without_htmx_a_panel_is_a_whole_page(world: World, client: Client) -> None:
    response = client.get(panel_url("need", world.public_need.pk, "partners"))
    html = response.content.decode()
    assert "<html" in html and world.public_need.title in html


def test_panels_of_items_the_viewer_cannot_see_do_not_exist(
    world: World, client: Client, other_member_user: User, staff_user: User
) -> None:
    url = panel_url("need", world.secret_need.pk, "offers")
    assert client.get(url).status_code == 404
    assert logged_in(other_member_user).get(url).status_code == 404
    assert logged_in(staff_user).get(url).status_code == 200
    assert client.get(panel_url("need", world.public_need.pk, "needs")).status_code == 404


def test_the_search_page_shows_mixed_results_filtered_by_kind(world: World, client: Client) -> None:
    html = client.get(reverse("matching:search"), {"q": "conservanti naturali"}).content.decode()
    assert 'class="suggestion"' in html and "Search" in html
    kinds = {"Technology offer", "Organisation"}
    assert all(label in html for label in kinds)
    only_orgs = client.get(
        reverse("matching:search"), {"q": "conservanti naturali", "kind": "org"}, **HTMX
    ).content.decode()
    assert "Organisation" in only_orgs and "Technology offer" not in only_orgs


def test_the_search_page_hides_what_the_viewer_may_not_see(
    world: World, client: Client, member_user: User
) -> None:
    query = {"q": "zircofenolo conservante sieri"}
    assert (
        world.secret_need.title
        not in client.get(reverse("matching:search"), query).content.decode()
    )
    assert (
        world.secret_need.title
        in logged_in(member_user).get(reverse("matching:search"), query).content.decode()
    )


def test_the_api_returns_the_json_of_ponte_match_for_the_logged_in_user(
    world: World, member_user: User
) -> None:
    query = "zircofenolo conservante sieri"
    api = logged_in(member_user).get(reverse("matching:api_search"), {"q": query, "top": 5})
    out = StringIO()
    call_command("match", "--json", "--top", "5", "--as", member_user.username, query, stdout=out)
    assert api.status_code == 200 and api.json() == json.loads(out.getvalue())
    assert api.json()[0]["id"] == str(world.secret_need.pk)
    as_visitor = Client().get(reverse("matching:api_search"), {"q": query, "top": 5}).json()
    assert str(world.secret_need.pk) not in [r["id"] for r in as_visitor if r["kind"] == "need"]


def test_the_api_names_bad_parameters(world: World, client: Client) -> None:
    url = reverse("matching:api_search")
    assert "q:" in client.get(url).json()["error"]
    assert "Kind" in client.get(url, {"q": "x", "kind": "planet"}).json()["error"]
    assert client.get(url, {"q": "x", "top": "many"}).status_code == 400
    for top in ("５", "٣", "1e1", "-3", "0", "101"):  # int() alone would read the first two
        assert "top:" in client.get(url, {"q": "x", "top": top}).json()["error"], top


def test_marking_a_suggestion_not_useful_removes_it_from_my_panel(
    world: World, member_user: User
) -> None:
    client = logged_in(member_user)
    need = f"need:{world.public_need.pk}"
    target = f"offer:{world.public_offer.pk}"
    url = panel_url("need", world.public_need.pk, "offers")
    assert world.public_offer.title in client.get(url, **HTMX).content.decode()
    response = client.post(
        reverse("matching:feedback"), {"source": need, "target": target, "useful": "0"}, **HTMX
    )
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert (
        SuggestionFeedback.objects.get(user=member_user, source=need, target=target).useful is False
    )
    panel = client.get(url, **HTMX).content.decode()
    assert world.public_offer.title not in panel[: panel.index("hidden-suggestions")]
    client.post(reverse("matching:feedback"), {"source": need, "target": target, "useful": ""})
    assert not SuggestionFeedback.objects.filter(user=member_user).exists()


def test_feedback_needs_a_login_and_a_visible_source(
    world: World, client: Client, other_member_user: User
) -> None:
    data = {
        "source": f"need:{world.secret_need.pk}",
        "target": f"offer:{world.public_offer.pk}",
        "useful": "1",
    }
    assert client.post(reverse("matching:feedback"), data).status_code == 302  # to the login
    assert logged_in(other_member_user).post(reverse("matching:feedback"), data).status_code == 403
    assert not SuggestionFeedback.objects.exists()


def test_the_navigation_offers_search(world: World, client: Client) -> None:
    assert reverse("matching:search") in client.get("/").content.decode()


def test_control_characters_in_a_search_are_ignored(world: World, client: Client) -> None:
    member = User.objects.filter(person__isnull=False).first()
    assert member is not None
    client.force_login(member)  # logged in, the search also reads the user's feedback
    response = client.get("/matching/search/", {"q": "crema\x00 conservanti"})
    assert response.status_code == 200
    api = client.get("/matching/api/search", {"q": "crema\x00"})
    assert api.status_code == 200


def test_a_search_no_result_shares_a_word_with_says_the_results_are_neighbours_in_meaning(
    world: World, client: Client
) -> None:
    nonsense = client.get(reverse("matching:search"), {"q": "zafferanoblu"}).content.decode()
    assert 'class="suggestion"' in nonsense  # the closest in meaning are still shown...
    assert 'data-testid="meaning-only"' in nonsense  # ...and said to be only that
    found = client.get(reverse("matching:search"), {"q": "conservanti naturali"}).content.decode()
    assert 'data-testid="meaning-only"' not in found


def test_a_suggestion_marked_not_useful_can_be_shown_again_after_a_reload(
    world: World, member_user: User
) -> None:
    """The verdict hides it from the panel; the panel then lists it under "hidden here"
    with a button that forgets the verdict, back on the item's own page."""
    client = logged_in(member_user)
    need = world.public_need
    url = panel_url("need", need.pk, "offers")
    page = {"HTTP_HX_CURRENT_URL": f"http://testserver{need.get_absolute_url()}"}
    target = f"offer:{world.public_offer.pk}"
    source = f"need:{need.pk}"
    client.post(reverse("matching:feedback"), {"source": source, "target": target, "useful": "0"})

    hidden = client.get(url, **HTMX, **page).content.decode()
    listed = hidden[: hidden.index('data-testid="hidden-suggestions"')]
    assert world.public_offer.title not in listed  # no longer suggested...
    assert world.public_offer.title in hidden  # ...but listed as hidden, to undo
    assert f'name="next" value="{need.get_absolute_url()}"' in hidden
    partners = client.get(panel_url("need", need.pk, "partners"), **HTMX).content.decode()
    assert "hidden-suggestions" not in partners  # an offer is not one of its partners
    back = client.post(
        reverse("matching:feedback"),
        {"source": source, "target": target, "useful": "", "next": need.get_absolute_url()},
    )
    assert back["Location"] == need.get_absolute_url()
    again = client.get(url, **HTMX, **page).content.decode()
    assert world.public_offer.title in again and "hidden-suggestions" not in again
    assert not SuggestionFeedback.objects.filter(user=member_user).exists()
