"""Pages of expressions of interest: the form on an item's page, invitations, the list of
one's own (sent and received), each one's page with its history, and one view per step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ponte.accounts.selectors import viewer_for
from ponte.transfer import services_interest as services
from ponte.transfer.constants import InterestAction
from ponte.transfer.forms import (
    AgreementForm,
    ExpressInterestForm,
    InviteForm,
    NoteForm,
    ReasonForm,
)
from ponte.transfer.models import ExpressionOfInterest, InterestEvent, MarketplaceItem
from ponte.transfer.selectors import (
    interest_panel,
    interests_received,
    interests_sent,
    next_actions,
    visible_interests,
)

if TYPE_CHECKING:
    from ponte.transfer.views import ItemKind


@dataclass(frozen=True)
class Card:
    """An expression of interest as shown to a user: which side they are on, what they may
    do next."""

    interest: ExpressionOfInterest
    actions: list[str]
    received: bool

    @property
    def is_introduced(self) -> bool:
        """The owner accepted (and no revert undid it): only then do the two sides see each
        other's contacts; an interest closed or declined before that reveals none."""
        return self.interest.accepted_at is not None


def with_history(queryset: Any) -> Any:
    return queryset.prefetch_related(
        Prefetch("events", queryset=InterestEvent.objects.select_related("by"))
    )


def cards(user: Any, interests: Iterable[ExpressionOfInterest]) -> list[Card]:
    viewer = viewer_for(user)
    return [
        Card(
            interest,
            next_actions(user, interest),
            viewer.belongs_to(interest.item.organisation_id),
        )
        for interest in interests
    ]


def interest_context(
    request: HttpRequest,
    kind: ItemKind,
    item: MarketplaceItem,
    express_form: ExpressInterestForm | None = None,
    invite_form: InviteForm | None = None,
) -> dict[str, Any]:
    """The part of an item's page about interest: the form or a note, the received
    expressions (for the owner and staff), invitations (for who may invite)."""
    panel = interest_panel(request.user, item)
    if express_form is None and panel.can_express:
        express_form = ExpressInterestForm(organisations=panel.organisations)
    if invite_form is None and panel.can_invite:
        invite_form = InviteForm(item=item)
    return {
        "interest": panel,
        "express_form": express_form,
        "invite_form": invite_form,
        "received_cards": cards(request.user, panel.received),
        "express_url": f"transfer:{kind.name}_interest",
        "invite_url": f"transfer:{kind.name}_invite",
    }


@require_POST
@login_required
def express(request: HttpRequest, pk: int, kind: ItemKind) -> HttpResponse:
    from ponte.transfer.views import render_item

    item = get_object_or_404(kind.visible(request.user).select_related("contact"), pk=pk)
    panel = interest_panel(request.user, item)
    form = ExpressInterestForm(request.POST, organisations=panel.organisations)
    if form.is_valid():
        try:
            interest = services.express_interest(
                request.user,
                item,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your interest has been sent to %(organisation)s.")
                % {"organisation": item.organisation.name},
            )
            return redirect(interest)
    if not panel.can_express:
        if panel.existing:  # sent twice (a double click, another tab): show the one there is
            messages.info(
                request, _("Your organisation has already expressed interest in this item.")
            )
            return redirect(panel.existing[0])
        raise Http404(_("You cannot express interest in this item."))
    return render_item(request, kind, item, express_form=form, status=400)


@require_POST
@login_required
def invite(request: HttpRequest, pk: int, kind: ItemKind) -> HttpResponse:
    from ponte.transfer.views import render_item

    item = get_object_or_404(kind.visible(request.user).select_related("contact"), pk=pk)
    form = InviteForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.invite_to_item(
                request.user, item, form.cleaned_data["organisation"], form.cleaned_data["note"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is invited to express interest.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
            return redirect(kind.url_detail, pk=item.pk)
    return render_item(request, kind, item, invite_form=form, status=400)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def my_interests(request: HttpRequest) -> HttpResponse:
    """Sent and received, open ones first, with their history and next steps."""
    received = with_history(interests_received(request.user))
    sent = with_history(interests_sent(request.user))
    return render(
        request,
        "transfer/interest_list.html",
        {"received": cards(request.user, received), "sent": cards(request.user, sent)},
    )


def _detail(
    request: HttpRequest,
    interest: ExpressionOfInterest,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    card = cards(request.user, [interest])[0]
    # A step no longer on offer (someone else moved the interest meanwhile) has no form to
    # carry its error: the page says it at the top instead.
    stale_errors: list[str] = []
    if bound is not None and bound[0] not in card.actions:
        stale_errors = [str(error) for error in bound[1].non_field_errors()] or [
            _("This step is no longer possible: the expression of interest is now “%(state)s”.")
            % {"state": interest.get_state_display()}
        ]
    return render(
        request,
        "transfer/interest_detail.html",
        {
            "card": card,
            "interest": interest,
            "bound": bound,
            "stale_errors": stale_errors,
            "owner_contact": _owner_contact(interest) if card.is_introduced else None,
        },
        status=status,
    )


def _owner_contact(interest: ExpressionOfInterest) -> tuple[str, str] | None:
    """(name, e-mail) of whom to contact at the item's organisation: the item's contact
    person, or else who accepted the interest."""
    contact = interest.item.contact
    if contact is not None:
        return contact.full_name, contact.email
    for event in interest.events.all():
        if event.action == InterestAction.ACCEPTED and event.by is not None:
            return event.by.get_full_name() or event.by.username, event.by.email
    return None


@login_required
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(
        with_history(visible_interests(request.user)).select_related(
            "offer__contact", "need__contact"
        ),
        pk=pk,
    )
    return _detail(request, interest)


Step = Callable[[Any, ExpressionOfInterest, dict[str, Any]], ExpressionOfInterest]

STEPS: dict[str, tuple[type[forms.Form], Step, Any]] = {
    "accept": (
        NoteForm,
        lambda u, i, d: services.accept_interest(u, i, d["note"], expected_state=d["state"]),
        gettext_lazy("Accepted: you are now introduced to each other."),
    ),
    "decline": (
        ReasonForm,
        lambda u, i, d: services.decline_interest(u, i, d["reason"], expected_state=d["state"]),
        gettext_lazy("Declined; the reason has been sent."),
    ),
    "meeting": (
        NoteForm,
        lambda u, i, d: services.record_meeting(u, i, d["note"], expected_state=d["state"]),
        gettext_lazy("The meeting has been recorded."),
    ),
    "agreement": (
        AgreementForm,
        lambda u, i, d: services.record_agreement(
            u, i, d["kind"], d["note"], expected_state=d["state"]
        ),
        gettext_lazy("The agreement has been recorded."),
    ),
    "project": (
        NoteForm,
        lambda u, i, d: services.record_project_start(u, i, d["note"], expected_state=d["state"]),
        gettext_lazy("The start of the project has been recorded."),
    ),
    "close": (
        ReasonForm,
        lambda u, i, d: services.close_interest(u, i, d["reason"], expected_state=d["state"]),
        gettext_lazy("The expression of interest has been closed."),
    ),
    "revert": (
        ReasonForm,
        lambda u, i, d: services.revert_interest(u, i, d["reason"], expected_state=d["state"]),
        gettext_lazy("The last step has been reverted."),
    ),
}


@require_POST
@login_required
def interest_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step (accept, decline, meeting, agreement, project, close, revert)."""
    if step not in STEPS:
        raise Http404(_("No such step."))
    interest = get_object_or_404(
        with_history(visible_interests(request.user)).select_related(
            "offer__contact", "need__contact"
        ),
        pk=pk,
    )
    form_class, service, success = STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(request.user, interest, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, str(success))
            next_url = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect(interest)
    interest = with_history(visible_interests(request.user)).get(pk=pk)
    # Sent again, the form asks for the step from the state the page now shows.
    data = request.POST.copy()
    data["state"] = interest.state
    form.data = data
    return _detail(request, interest, bound=(step, form), status=400)
