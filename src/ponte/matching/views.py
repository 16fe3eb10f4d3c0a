"""Pages of matching: suggestion panels (lazy-loaded with HTMX, plain pages without JS),
the search page, the JSON search endpoint and feedback on suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ponte.matching import selectors, services
from ponte.matching.documents import make_key
from ponte.matching.types import KINDS
from ponte.web.text import PLAIN_TEXT

PANEL_TOP = 5
SEARCH_TOP = 20
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class Panel:
    name: str
    kinds: tuple[str, ...]
    title: Any
    empty: Any


PANELS = {
    "partners": Panel(
        "partners",
        ("org", "person"),
        gettext_lazy("Suggested partners"),
        gettext_lazy("No partner to suggest yet."),
    ),
    "offers": Panel(
        "offers", ("offer",), gettext_lazy("Suggested offers"), gettext_lazy("No offer fits yet.")
    ),
    "needs": Panel(
        "needs", ("need",), gettext_lazy("Suggested needs"), gettext_lazy("No need fits yet.")
    ),
    "collaborators": Panel(
        "collaborators",
        ("need", "offer", "org"),
        gettext_lazy("Who could work with us"),
        gettext_lazy("No suggestion yet."),
    ),
}
PANELS_FOR: dict[str, tuple[str, ...]] = {
    "need": ("partners", "offers"),
    "offer": ("partners", "needs"),
    "org": ("collaborators",),
}


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def suggestion_panel(request: HttpRequest, kind: str, pk: int, panel: str) -> HttpResponse:
    """One panel of suggestions for an item: the list alone for HTMX, a page otherwise."""
    if panel not in PANELS_FOR.get(kind, ()):
        raise Http404(_("No such list of suggestions."))
    spec = PANELS[panel]
    key = make_key(kind, pk)
    try:
        results = selectors.suggestions_for(request.user, key, spec.kinds, top=PANEL_TOP)
    except selectors.UnknownItem:
        raise Http404(_("No such item.")) from None
    title, url = selectors.heading(key)
    context = {
        "panel": spec,
        "source": key,
        "source_title": title,
        "source_url": url,
        "suggestions": selectors.present(request.user, results, source=key),
        "hidden": selectors.hidden_by(request.user, key, spec.kinds),
        # Back to the item's page for a panel it loaded (HTMX sends that page's address).
        "next": request.GET.get("next")
        or (_is_htmx(request) and request.htmx.current_url_abs_path)  # type: ignore[attr-defined]
        or request.get_full_path(),
    }
    template = "matching/_panel.html" if _is_htmx(request) else "matching/suggestions.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(k for k in (v.strip() for v in value.split(",")) if k)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValidationError(
            _("Kind: %(kind)s is not one of %(kinds)s.")
            % {"kind": unknown[0], "kinds": ", ".join(KINDS)}
        )
    return kinds


def search_page(request: HttpRequest) -> HttpResponse:
    """Free-text search across organisations, people, offers and needs, with reasons."""
    query = services.clean_query(request.GET.get("q", ""))[:MAX_QUERY_CHARS]
    kind = request.GET.get("kind", "")
    kinds = (kind,) if kind in KINDS else ()
    suggestions = []
    source = services.normalise_text_source(query) if query else ""
    if query:
        results = selectors.search(request.user, query, kinds, top=SEARCH_TOP)
        suggestions = selectors.present(request.user, results, source=source)
    context = {
        "query": query,
        "kind": kinds[0] if kinds else "",
        "kind_choices": [(k, selectors.kind_label(k)) for k in KINDS if k != "project"],
        "suggestions": suggestions,
        # No result shares a word with the query (a name, a typo, a word nobody wrote): say
        # that these are neighbours in meaning, not matches.
        "meaning_only": bool(suggestions)
        and not any(
            s.result.reasons.get(name)
            for s in suggestions
            for name in ("matched_terms", "translated_terms", "related_terms")
        ),
        "source": source,
        "hidden": selectors.hidden_by(request.user, source, kinds) if query else [],
        "capped": len(suggestions) >= SEARCH_TOP,
        "next": request.get_full_path(),
    }
    template = "matching/_search_results.html" if _is_htmx(request) else "matching/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """The JSON of `ponte match --json`, for what the logged-in user (or a visitor) may see."""
    query = services.clean_query(request.GET.get("q", ""))
    if not query:
        return JsonResponse({"error": _("q: give the text to search for.")}, status=400)
    try:
        kinds = _kinds(request.GET.get("kind", ""))
        raw_top = request.GET.get("top", "10").strip()
        if not (raw_top.isascii() and raw_top.isdigit()):  # int() also reads "５" and "٣"
            raise ValueError
        top = int(raw_top)
        if not 1 <= top <= selectors.MAX_TOP:
            raise ValueError
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    except ValueError:
        return JsonResponse(
            {"error": _("top: a whole number from 1 to %(max)d.") % {"max": selectors.MAX_TOP}},
            status=400,
        )
    results = selectors.search(request.user, query[:MAX_QUERY_CHARS], kinds, top=top)
    return JsonResponse([r.as_json() for r in results], safe=False)


@require_POST
@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    """Mark a suggestion useful or not useful (or, with an empty verdict, forget it)."""
    source = request.POST.get("source", "")
    target = request.POST.get("target", "")
    verdict = request.POST.get("useful", "")
    try:
        if verdict in ("1", "0"):
            services.record_feedback(request.user, source, target, useful=verdict == "1")
        else:
            services.withdraw_feedback(request.user, source, target)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type=PLAIN_TEXT)
    except PermissionDenied as error:
        return HttpResponse(str(error), status=403, content_type=PLAIN_TEXT)
    state = {"1": True, "0": False}.get(verdict)
    if _is_htmx(request):
        return render(
            request,
            "matching/_feedback.html",
            {"source": source, "target": target, "verdict": state, "next": ""},
        )
    messages.success(request, _("Thank you: your feedback will shape your suggestions."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)
