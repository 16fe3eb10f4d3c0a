"""The e-mails of notifications: plain text and HTML, in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.accounts.models import User
from ponte.accounts.selectors import language_for
from ponte.notifications.models import Notification


def absolute_url(path: str) -> str:
    """A link that works from a mail client: site paths get `PONTE_BASE_URL` in front."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.PONTE_BASE_URL + ("" if path.startswith("/") else "/") + path


def _message(
    user: User, subject: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "site_url": absolute_url("/"),
        "inbox_url": absolute_url(reverse("notifications:inbox")),
        "settings_url": absolute_url(reverse("notifications:settings")),
        "LANGUAGE_CODE": translation.get_language(),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    email.attach_alternative(html, "text/html")
    return email


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """One notification, sent at once."""
    user = notification.recipient
    with translation.override(language_for(user)):
        subject = _("Ponte: %(what)s") % {"what": notification.get_kind_display()}
        return _message(
            user,
            subject,
            "notification",
            {"notification": notification, "link": absolute_url(notification.url)},
        )


def digest_email(user: User, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    """The week's notifications of one user in one e-mail, oldest first."""
    with translation.override(language_for(user)):
        count = len(notifications)
        subject = ngettext(
            "Ponte: %(count)d notification this week",
            "Ponte: %(count)d notifications this week",
            count,
        ) % {"count": count}
        entries = [(n, absolute_url(n.url)) for n in notifications]
        return _message(user, subject, "digest", {"entries": entries, "count": count})
