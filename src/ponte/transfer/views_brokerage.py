"""The staff brokerage board of a cluster: open items with their best matches (lazy-loaded),
expressions of interest by state, those waiting too long for an answer, one-click
proposals of matches, and the outcome figures. For the cluster's staff only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts.selectors import viewer_for
from ponte.clusters.models import Cluster
from ponte.transfer import services_interest as services
from ponte.transfer.constants import ANSWER_DUE_WORKING_DAYS, Confidentiality, InterestState
from ponte.transfer.forms import OutcomesForm, ProposeForm
from ponte.transfer.models import (
    InnovationNeed,
    MarketplaceItem,
    ProposedMatch,
    TechnologyOffer,
    item_link,
)
from ponte.transfer.outcomes import Granularity
from ponte.transfer.selectors import (
    cluster_interests,
    cluster_outcomes,
    live,
    proposal_labels,
    staffed_cluster,
    visible_needs,
    visible_offers,
    waiting_for_answer,
)
from ponte.web.text import PLAIN_TEXT

#: Suggestions shown per item on the board.
BOARD_TOP = 3
#: Expressions of interest listed per state (the count is always complete).
STATE_LIST_LIMIT = 25
#: How many periods the outcome table shows, newest first.
PERIODS = {Granularity.MONTH: 12, Granularity.QUARTER: 8, Granularity.YEAR: 5}


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


@login_required
def brokerage_index(request: HttpRequest) -> HttpResponse:
    """The board of the one cluster the user staffs, or the list of theirs."""
    viewer = viewer_for(request.user)
    clusters = (
        Cluster.objects.all()
        if viewer.is_superuser
        else Cluster.objects.filter(pk__in=viewer.staff_cluster_ids)
    )
    clusters = clusters.order_by("short_name")
    if not clusters:
        raise Http404(_("No brokerage board here."))
    if len(clusters) == 1:
        return redirect("transfer:brokerage", slug=clusters[0].slug)
    return render(request, "transfer/brokerage/index.html", {"clusters": clusters})


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = staffed_cluster(request.user, slug)
    form = OutcomesForm(request.GET or None)
    granularity = Granularity.MONTH
    if form.is_valid() and form.cleaned_data["granularity"]:
        granularity = Granularity(form.cleaned_data["granularity"])
    interests = cluster_interests(request.user, cluster)
    by_state: dict[str, list[Any]] = {state: [] for state in InterestState.values}
    counts = dict.fromkeys(InterestState.values, 0)
    for interest in interests.order_by("-sent_at", "-pk"):
        counts[interest.state] += 1
        if len(by_state[interest.state]) < STATE_LIST_LIMIT:
            by_state[interest.state].append(interest)
    states = [
        {"value": state, "label": label, "count": counts[state], "interests": by_state[state]}
        for state, label in InterestState.choices
    ]
    proposals = list(
        ProposedMatch.objects.filter(Q(offer__cluster=cluster) | Q(need__cluster=cluster))
        .select_related("offer", "need", "proposed_by")
        .order_by("-at", "-pk")[:20]
    )
    labels = proposal_labels(request.user, [p.target_key for p in proposals])
    return render(
        request,
        "transfer/brokerage/board.html",
        {
            "cluster": cluster,
            "form": form,
            "states": states,
            "total": sum(counts.values()),
            "waiting": waiting_for_answer(interests),
            "due_days": ANSWER_DUE_WORKING_DAYS,
            "needs": live(visible_needs(request.user).filter(cluster=cluster)).order_by(
                "-created", "-pk"
            ),
            "offers": live(visible_offers(request.user).filter(cluster=cluster)).order_by(
                "-created", "-pk"
            ),
            "proposals": [(p, labels.get(p.target_key)) for p in proposals],
            "outcomes": cluster_outcomes(request.user, cluster, granularity, PERIODS[granularity]),
            "granularity": granularity,
        },
    )


def _board_item(request: HttpRequest, cluster: Cluster, kind: str, pk: int) -> MarketplaceItem:
    visible = {"offer": visible_offers, "need": visible_needs}.get(kind)
    item = visible(request.user).filter(cluster=cluster, pk=pk).first() if visible else None
    if item is None:
        raise Http404(_("No such item."))
    return item


def _proposable(results: list[Any]) -> list[Any]:
    """The suggestions a proposal could name: organisations, people, and open (published,
    not expired) offers and needs; `propose_match` refuses the rest."""
    from ponte.matching.documents import make_key, split_key

    wanted: dict[str, set[int]] = {"offer": set(), "need": set()}
    for result in results:
        kind, ident = split_key(result.key)
        if kind in wanted:
            wanted[kind].add(int(ident))
    open_keys = {
        make_key(kind, pk)
        for kind, model in (("offer", TechnologyOffer), ("need", InnovationNeed))
        if wanted[kind]
        for pk in live(model._default_manager.filter(pk__in=wanted[kind])).values_list(
            "pk", flat=True
        )
    }
    return [
        result
        for result in results
        if split_key(result.key)[0] not in wanted or result.key in open_keys
    ]


def _confidential_keys(results: list[Any]) -> set[str]:
    """The keys of the staff-only (confidential) offers and needs among `results`."""
    from ponte.matching.documents import make_key, split_key

    wanted: dict[str, list[int]] = {"offer": [], "need": []}
    for result in results:
        kind, ident = split_key(result.key)
        if kind in wanted:
            wanted[kind].append(int(ident))
    return {
        make_key(kind, pk)
        for kind, model in (("offer", TechnologyOffer), ("need", InnovationNeed))
        if wanted[kind]
        for pk in model._default_manager.filter(
            pk__in=wanted[kind], confidentiality=Confidentiality.STAFF
        ).values_list("pk", flat=True)
    }


def board_suggestions(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """The best matches of one item of the board, with a button to propose each."""
    from ponte.matching import selectors as matching
    from ponte.matching.documents import make_key

    cluster = staffed_cluster(request.user, slug)
    item = _board_item(request, cluster, kind, pk)
    key = make_key(kind, item.pk)
    try:
        # The staff see their cluster's drafts and expired items too: ask for more, keep
        # the first that could be proposed.
        results = matching.suggestions_for(request.user, key, top=BOARD_TOP * 3)
    except matching.UnknownItem:
        raise Http404(_("No such item.")) from None
    results = _proposable(results)[:BOARD_TOP]
    proposed = set(
        ProposedMatch.objects.filter(**item_link(item)).values_list("target_key", flat=True)
    )
    context = {
        "cluster": cluster,
        "item": item,
        "kind": kind,
        "suggestions": matching.present(request.user, results, source=key),
        "proposed": proposed,
        # Proposing opens a confidential item to the other side: the staff see which.
        "item_confidential": item.confidentiality == Confidentiality.STAFF,
        "confidential": _confidential_keys(results),
    }
    template = (
        "transfer/brokerage/_suggestions.html"
        if _is_htmx(request)
        else "transfer/brokerage/suggestions.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _untold(item: MarketplaceItem, proposal: services.Proposal) -> str:
    """What the staff must still do themselves: tell the sides nobody on Ponte could be
    told of the proposal (no log-in there)."""
    names = []
    if not proposal.owners_told:
        names.append(item.organisation.name)
    if not proposal.target_told:
        names.append(proposal.target.title)
    if not names:
        return ""
    return _(
        "Proposed, but nobody could be told for %(names)s: nobody there has an account on "
        "Ponte. Contact them directly."
    ) % {"names": ", ".join(names)}


@require_POST
@login_required
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = staffed_cluster(request.user, slug)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Incomplete proposal."), status=400, content_type=PLAIN_TEXT)
    item = _board_item(request, cluster, form.cleaned_data["kind"], form.cleaned_data["item"])
    target_key = form.cleaned_data["target_key"]
    try:
        proposal = services.propose_match(request.user, item, target_key)
    except ValidationError as error:
        refused = " ".join(error.messages)
        if _is_htmx(request):
            # htmx swaps no 4xx answer: the refusal replaces the button, where it was asked.
            return render(request, "transfer/brokerage/_propose_refused.html", {"error": refused})
        messages.error(request, refused)
    else:
        untold = _untold(item, proposal)
        if _is_htmx(request):
            return render(
                request,
                "transfer/brokerage/_proposed.html",
                {"target_key": target_key, "untold": untold},
            )
        if untold:
            messages.warning(request, untold)
        else:
            messages.success(request, _("Proposed: both sides have been told."))
    return redirect(
        reverse("transfer:brokerage", args=[cluster.slug])
        + f"#{form.cleaned_data['kind']}-{item.pk}"
    )
