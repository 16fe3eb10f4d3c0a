"""Sign-up, the personal dashboard, and Django's auth views with Ponte's templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ponte.accounts.forms import SignupForm
from ponte.accounts.selectors import viewer_for
from ponte.members.models import Person
from ponte.members.selectors import affiliations_of_viewer, memberships_of_viewer
from ponte.members.services import create_person_for_user


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and its members-only person profile, log in, go on to apply."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            create_person_for_user(
                user, form.cleaned_data["first_name"], form.cleaned_data["last_name"]
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to Ponte! Now tell us about your organisation to apply for membership."),
        )
        return redirect("members:apply")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = Person.objects.filter(pk=viewer.person_id).first() if viewer.person_id else None
    return render(
        request,
        "accounts/dashboard.html",
        {
            "person": person,
            "affiliations": affiliations_of_viewer(request.user),
            "memberships": memberships_of_viewer(request.user).order_by(
                "organisation__name", "cluster__short_name"
            ),
        },
    )
