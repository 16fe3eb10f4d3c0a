"""Pages of organisations, people, membership applications and their review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts.selectors import viewer_for
from ponte.clusters.models import Cluster
from ponte.clusters.selectors import board_seats_of
from ponte.competences.selectors import (
    competences_by_branch,
    evidence_by_kind,
    organisation_competences,
    person_competences,
)
from ponte.members import services
from ponte.members.filters import OrganisationFilter
from ponte.members.forms import (
    MembershipApplicationForm,
    OrganisationCompetencesForm,
    OrganisationForm,
    ReviewNoteForm,
)
from ponte.members.models import Membership, Organisation
from ponte.members.selectors import (
    applications_for_review,
    can_manage_organisation,
    current_memberships_for_review,
    directory_organisations,
    memberships_of_viewer,
    organisation_memberships,
    organisation_people,
    person_affiliations,
    review_history,
    reviewable_memberships,
    visible_organisations,
    visible_people,
    with_history,
)
from ponte.transfer.selectors import visible_needs, visible_offers
from ponte.web.forms import add_service_errors, errors_as_text

DIRECTORY_PAGE_SIZE = 20


def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(
        request.GET or None, queryset=directory_organisations(request.user), request=request
    )
    page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/organisation_list.html",
        {"filter": filterset, "page_obj": page, "organisations": page.object_list},
    )


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(visible_organisations(request.user), slug=slug)
    if not can_manage_organisation(request.user, organisation):
        raise PermissionDenied(_("You may not edit this organisation."))
    return organisation


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(visible_organisations(request.user), slug=slug)
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage": can_manage_organisation(request.user, organisation),
            "memberships": organisation_memberships(request.user, organisation),
            "coordinated_clusters": organisation.coordinated_clusters.all(),
            "affiliations": organisation_people(request.user, organisation),
            "competence_links": organisation_competences(organisation),
            "evidence_groups": evidence_by_kind(organisation=organisation),
            "offers": visible_offers(request.user).filter(organisation=organisation),
            "needs": visible_needs(request.user).filter(organisation=organisation),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    name = organisation.name
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(request.user, form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(organisation)
    return render(
        request,
        "members/organisation_form.html",
        {"organisation": organisation, "organisation_name": name, "form": form},
    )


@login_required
def organisation_competences_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    current = [link.competence for link in organisation_competences(organisation)]
    form = OrganisationCompetencesForm(request.POST or None, initial={"competences": current})
    if request.method == "POST" and form.is_valid():
        services.set_organisation_competences(
            request.user, organisation, form.cleaned_data["competences"]
        )
        messages.success(request, _("The competences have been saved."))
        return redirect(organisation)
    if form.is_bound:
        selected = {str(pk) for pk in request.POST.getlist("competences")}
    else:
        selected = {str(c.pk) for c in current}
    return render(
        request,
        "members/organisation_competences.html",
        {
            "organisation": organisation,
            "form": form,
            "branches": competences_by_branch(),
            "selected": selected,
        },
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(visible_people(request.user), slug=slug)
    return render(
        request,
        "members/person_detail.html",
        {
            "person": person,
            "affiliations": person_affiliations(request.user, person),
            "competence_links": person_competences(person),
            "evidence_groups": evidence_by_kind(person=person),
            "board_seats": board_seats_of(person.pk),
        },
    )


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Apply for membership of a cluster on behalf of a (new) organisation."""
    initial: dict[str, Any] = {}
    slug = request.GET.get("cluster", "")
    if slug_re.fullmatch(slug):  # a crafted value (e.g. a NUL byte) never reaches a lookup
        initial["cluster"] = Cluster.objects.filter(slug=slug).first()
    form = MembershipApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.apply_for_membership(
                request.user,
                data["cluster"],
                services.OrganisationData(**form.organisation_data()),
                role=data["role"],
                motivation=data["motivation"],
                position=data["position"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you: the application of %(organisation)s to %(cluster)s has been sent.")
                % {"organisation": membership.organisation, "cluster": membership.cluster},
            )
            if _typed_differently(membership.organisation, form.organisation_data()):
                messages.info(
                    request,
                    _(
                        "%(organisation)s was already registered on Ponte: the application is "
                        "for it as it is, and the details typed in the form were not saved. "
                        "To change its profile, edit it from its page."
                    )
                    % {"organisation": membership.organisation},
                )
            return redirect("accounts:dashboard")
    return render(request, "members/apply.html", {"form": form})


def _typed_differently(organisation: Organisation, typed: dict[str, Any]) -> bool:
    """Whether the application form described `organisation` otherwise than its profile
    (an organisation already registered keeps its profile: the form does not change it)."""
    return any(
        value not in (None, "") and value != getattr(organisation, name)
        for name, value in typed.items()
        if name in ("name", "kind", "headcount", "turnover_eur", "balance_sheet_eur")
    )


def _require_cluster_staff(request: HttpRequest) -> None:
    if not viewer_for(request.user).is_cluster_staff:
        raise PermissionDenied(_("Only cluster staff review applications."))


@login_required
def review(request: HttpRequest) -> HttpResponse:
    _require_cluster_staff(request)
    applications = with_history(applications_for_review(request.user)).order_by("applied_on", "pk")
    return render(
        request,
        "members/review.html",
        {
            "applications": applications,
            "members": current_memberships_for_review(request.user),
            "history": review_history(request.user),
        },
    )


REVIEW_ACTIONS: dict[str, Callable[..., Membership]] = {
    "start": services.start_review,
    "approve": services.activate_membership,  # also reactivates a suspended member
    "reject": services.reject_membership,
    "suspend": services.suspend_membership,
    "withdraw": services.withdraw_membership,
}


def _review_form_error(form: ReviewNoteForm) -> str:
    """The form's errors, each naming its field ("Note: …"); a malformed page state asks
    for a reload."""
    stale = (
        [_("This page is out of date: reload it and try again.")] if "state" in form.errors else []
    )
    return " ".join([*stale, errors_as_text(form, skip=("state",))]).strip()


@require_POST
@login_required
def review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Start the review of, approve or reject an application, suspend, reactivate or withdraw
    a membership; with HTMX, answer the application's row."""
    _require_cluster_staff(request)
    if action not in REVIEW_ACTIONS:
        raise Http404
    membership = get_object_or_404(reviewable_memberships(request.user), pk=pk)
    form = ReviewNoteForm(request.POST)
    error = ""
    if not form.is_valid():  # a note that cannot be kept stops the step, never vanishes
        error = _review_form_error(form)
    else:
        try:
            membership = REVIEW_ACTIONS[action](
                request.user,
                membership,
                form.cleaned_data["note"],
                expected_status=form.cleaned_data["state"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    notice = (
        ""
        if error
        else _("%(organisation)s: %(status)s.")
        % {
            "organisation": membership.organisation,
            "status": membership.get_status_display(),
        }
    )
    if request.htmx:  # type: ignore[attr-defined]
        application = with_history(reviewable_memberships(request.user)).get(pk=membership.pk)
        return render(
            request,
            "members/_application.html",
            {
                "application": application,
                "notice": notice,
                "error": error,
                # A refused step gives back the note that was typed with it.
                "note": request.POST.get("note", "") if error else "",
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("members:review")


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager withdraws their organisation's pending application (the dashboard). An
    admitted membership ends through the cluster's staff, with a note: a stale dashboard
    button must not end one in a click."""
    membership = get_object_or_404(memberships_of_viewer(request.user), pk=pk)
    try:
        membership = services.withdraw_membership(request.user, membership)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("%(organisation)s: %(status)s.")
            % {
                "organisation": membership.organisation,
                "status": membership.get_status_display(),
            },
        )
    return redirect("accounts:dashboard")
