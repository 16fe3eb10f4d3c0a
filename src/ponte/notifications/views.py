"""The inbox, its read marks and the e-mail preferences; each view reads through selectors
and changes state through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ponte.accounts.models import User
from ponte.accounts.selectors import language_for
from ponte.notifications import services
from ponte.notifications.forms import PreferencesForm
from ponte.notifications.selectors import inbox as inbox_of
from ponte.notifications.selectors import preferences_of, unread_count

PAGE_SIZE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": unread_count(request.user),
        },
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(inbox_of(request.user), pk=pk)
    services.mark_read(request.user, notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX swaps the entry and the header count in place; without JS, back to the inbox."""
    notification = get_object_or_404(inbox_of(request.user), pk=pk)
    services.mark_read(request.user, notification)
    if getattr(request, "htmx", False):
        return render(
            request,
            "notifications/_mark_read.html",
            {"notification": notification, "unread": unread_count(request.user)},
        )
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = PreferencesForm(
        request.POST or None, current=preferences_of(user), language=language_for(user)
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user, form.deliveries(), language=form.cleaned_data["language"])
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice of a logged-in user: their
    e-mails are written in the language they last chose."""
    response = django_set_language(request)
    if request.method == "POST" and response.status_code in (302, 204):
        services.remember_language(request.user, request.POST.get("language", ""))
    return response
