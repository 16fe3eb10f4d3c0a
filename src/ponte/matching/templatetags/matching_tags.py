"""`{% suggestion_panels "need" item.pk %}`: the lazy-loaded suggestion panels of an item."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ponte.matching.views import PANELS, PANELS_FOR

register = template.Library()


@register.inclusion_tag("matching/_lazy_panels.html")
def suggestion_panels(kind: str, pk: int) -> dict[str, Any]:
    """Placeholders that HTMX fills after the page has loaded, so the page itself stays
    fast; without JavaScript each is a link to the same list as a page."""
    return {
        "panels": [
            (PANELS[name], reverse("matching:suggestions", args=[kind, pk, name]))
            for name in PANELS_FOR.get(kind, ())
        ]
    }
