"""Pages of the marketplace: lists, details and forms of offers and needs.

Offers and needs behave alike, so each view is written once over `ItemKind` and bound twice
in `urls.py`. Every read starts from `visible_offers` / `visible_needs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from ponte.accounts.selectors import viewer_for
from ponte.members.selectors import visible_organisations, visible_people
from ponte.transfer.constants import TRL_DEFINITIONS, ItemStatus
from ponte.transfer.filters import FILTERSETS
from ponte.transfer.forms import FORMS, MarketplaceItemForm, organisations_for
from ponte.transfer.models import InnovationNeed, MarketplaceItem, TechnologyOffer
from ponte.transfer.selectors import can_edit_item, visible_needs, visible_offers
from ponte.transfer.services import renew_item, save_item

PAGE_SIZE = 20


@dataclass(frozen=True)
class ItemKind:
    """What differs between offers and needs as far as the pages are concerned."""

    model: type[MarketplaceItem]
    visible: Callable[[Any], QuerySet[Any]]
    name: str  # URL-name stem: "offer" or "need"
    title: Any
    create_title: Any
    lead: Any

    @property
    def url_list(self) -> str:
        return f"transfer:{self.name}s"

    @property
    def url_detail(self) -> str:
        return f"transfer:{self.name}"

    @property
    def url_create(self) -> str:
        return f"transfer:{self.name}_create"

    @property
    def url_edit(self) -> str:
        return f"transfer:{self.name}_edit"

    @property
    def url_renew(self) -> str:
        return f"transfer:{self.name}_renew"

    def count_text(self, n: int) -> str:
        if self.model is TechnologyOffer:
            return ngettext("%(count)d offer", "%(count)d offers", n) % {"count": n}
        return ngettext("%(count)d need", "%(count)d needs", n) % {"count": n}


OFFERS = ItemKind(
    model=TechnologyOffer,
    visible=visible_offers,
    name="offer",
    title=gettext_lazy("Technology offers"),
    create_title=gettext_lazy("Publish a technology offer"),
    lead=gettext_lazy(
        "Technologies, know-how and services that research and companies offer for transfer."
    ),
)
NEEDS = ItemKind(
    model=InnovationNeed,
    visible=visible_needs,
    name="need",
    title=gettext_lazy("Innovation needs"),
    create_title=gettext_lazy("Publish an innovation need"),
    lead=gettext_lazy("Challenges of companies looking for a research or technology partner."),
)
KINDS = {"offer": OFFERS, "need": NEEDS}


def item_list(request: HttpRequest, kind: ItemKind) -> HttpResponse:
    """The filtered, sorted, paginated list; an HTMX request gets only the results block."""
    filterset = FILTERSETS[kind.model](
        request.GET or None, queryset=kind.visible(request.user), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "filter": filterset,
        "page_obj": page,
        "items": page.object_list,
        "count_text": kind.count_text(page.paginator.count),
        "is_filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
    template = "transfer/_results.html" if partial else "transfer/item_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def item_detail(request: HttpRequest, pk: int, kind: ItemKind) -> HttpResponse:
    item = get_object_or_404(kind.visible(request.user).select_related("contact"), pk=pk)
    return render_item(request, kind, item)


def render_item(
    request: HttpRequest,
    kind: ItemKind,
    item: MarketplaceItem,
    *,
    express_form: Any = None,
    invite_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    """An item's page, with its expressions of interest as far as the viewer may see them;
    the forms are passed back bound when a post failed."""
    from ponte.transfer.views_interest import interest_context

    contact = None
    if item.contact_id and visible_people(request.user).filter(pk=item.contact_id).exists():
        contact = item.contact
    organisation_visible = (
        visible_organisations(request.user).filter(pk=item.organisation_id).exists()
    )
    trl = item.trl if isinstance(item, TechnologyOffer) else getattr(item, "trl_min", None)
    return render(
        request,
        f"transfer/{kind.name}_detail.html",
        {
            "kind": kind,
            "item": item,
            "contact": contact,
            "organisation_visible": organisation_visible,
            "trl": trl,
            "can_edit": can_edit_item(request.user, item),
            "is_draft": item.status == ItemStatus.DRAFT,
            "is_closed": item.status == ItemStatus.CLOSED,
            **interest_context(request, kind, item, express_form, invite_form),
        },
        status=status,
    )


def _save_form(request: HttpRequest, form: MarketplaceItemForm) -> MarketplaceItem | None:
    """Save through the service; a ValidationError lands on the form, typed values intact."""
    if not form.is_valid():
        return None
    item = form.save(commit=False)
    try:
        return save_item(request.user, item, competences=form.cleaned_data["competences"])
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _render_form(
    request: HttpRequest, kind: ItemKind, form: MarketplaceItemForm, item: Any = None
) -> HttpResponse:
    return render(
        request,
        "transfer/item_form.html",
        {
            "kind": kind,
            "form": form,
            "item": item,
            "trl_definitions": list(TRL_DEFINITIONS.items()),
        },
    )


@login_required
def item_create(request: HttpRequest, kind: ItemKind) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not organisations_for(viewer).exists():
        return render(request, "transfer/no_organisation.html", {"kind": kind})
    form_class = FORMS[kind.model]
    if request.method == "POST":
        form = form_class(request.POST, viewer=viewer, instance=kind.model())
        item = _save_form(request, form)
        if item is not None:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": item.title})
            return redirect(kind.url_detail, pk=item.pk)
    else:
        form = form_class(viewer=viewer, instance=kind.model())
    return _render_form(request, kind, form)


@login_required
def item_edit(request: HttpRequest, pk: int, kind: ItemKind) -> HttpResponse:
    item = get_object_or_404(kind.visible(request.user), pk=pk)
    if not can_edit_item(request.user, item):
        raise PermissionDenied(_("You may not edit this item."))
    viewer = viewer_for(request.user)
    form_class = FORMS[kind.model]
    if request.method == "POST":
        form = form_class(request.POST, viewer=viewer, instance=item)
        saved = _save_form(request, form)
        if saved is not None:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": saved.title})
            return redirect(kind.url_detail, pk=saved.pk)
    else:
        form = form_class(viewer=viewer, instance=item)
    return _render_form(request, kind, form, item=item)


@require_POST
@login_required
def item_renew(request: HttpRequest, pk: int, kind: ItemKind) -> HttpResponse:
    item = get_object_or_404(kind.visible(request.user), pk=pk)
    try:
        renew_item(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(kind.url_detail, pk=item.pk)
    messages.success(
        request,
        _("“%(title)s” has been renewed until %(date)s.")
        % {"title": item.title, "date": date_format(item.expires_on, "DATE_FORMAT")},
    )
    return redirect(kind.url_detail, pk=item.pk)
