"""Small presentation helpers shared by Ponte's templates."""

from __future__ import annotations

from django import template

from ponte.web.i18n import localized, localized_language

register = template.Library()

_BADGES = {
    # recognition of a cluster
    "recognised": "badge-ok",
    "taken_note": "badge-warn",
    "under_recognition": "badge-primary",
    "constituted": "badge-primary",
    "suspended": "badge-danger",
    "revoked": "badge-danger",
    # membership lifecycle
    "active": "badge-ok",
    "applied": "badge-warn",
    "under_review": "badge-primary",
    "withdrawn": "badge",
    "rejected": "badge-danger",
    # membership role
    "founding_member": "badge-primary",
    "member": "badge-ok",
    "partner": "badge-accent",
    # confidentiality
    "public": "badge-ok",
    "members": "badge-warn",
    "staff": "badge-danger",
}


@register.filter
def badge_class(value: object) -> str:
    """The badge modifier for a status, role or confidentiality code."""
    return _BADGES.get(str(value), "")


@register.filter
def tr(obj: object, field: str) -> str:
    """`obj.<field>_it` or `obj.<field>_en` in the active language, for models without a
    property of their own."""
    return localized(obj, field)


@register.filter
def tr_lang(obj: object, field: str) -> str:
    """The language of `obj|tr:field`, for a `lang` attribute around it."""
    return localized_language(obj, field)
