"""The inbox link with its unread count, for the site header."""

from __future__ import annotations

from typing import Any

from django import template

from ponte.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: template.Context) -> dict[str, Any]:
    """One COUNT query per page, for logged-in users only."""
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    return {"show": authenticated, "unread": unread_count(user) if authenticated else 0}
