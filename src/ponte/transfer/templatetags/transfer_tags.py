"""Small pieces of the marketplace pages: the TRL scale and the confidentiality badge."""

from __future__ import annotations

from typing import Any

from django import template

from ponte.transfer.constants import TRL_DEFINITIONS, Confidentiality

register = template.Library()


@register.inclusion_tag("transfer/_trl_scale.html")
def trl_scale(level: int | None) -> dict[str, Any]:
    """Nine steps, those up to `level` filled; the definition is given as text beside it."""
    return {
        "level": level,
        "steps": [
            {"n": n, "reached": level is not None and n <= level, "definition": definition}
            for n, definition in TRL_DEFINITIONS.items()
        ],
    }


@register.inclusion_tag("transfer/_confidentiality_badge.html")
def confidentiality_badge(item: Any) -> dict[str, Any]:
    """Nothing for public items; "Members only" or "Confidential" otherwise."""
    return {
        "members_only": item.confidentiality == Confidentiality.MEMBERS,
        "confidential": item.confidentiality == Confidentiality.STAFF,
    }
