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


_INTEREST_BADGES = {
    "sent": "badge-warn",
    "introduced": "badge-primary",
    "declined": "badge-danger",
    "meeting_held": "badge-primary",
    "agreement_signed": "badge-ok",
    "project_started": "badge-ok",
    "closed": "",
}


@register.filter
def interest_badge(state: object) -> str:
    """The badge modifier for the state of an expression of interest."""
    return _INTEREST_BADGES.get(str(state), "")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (None when missing)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.inclusion_tag("transfer/_interest_actions.html", takes_context=True)
def interest_actions(context: Any, card: Any, next_url: str = "") -> dict[str, Any]:
    """A small form per step the user may take on an expression of interest; the one that
    failed validation (`bound` in the context: (step, form)) comes back bound and open."""
    from django.utils.translation import gettext as _

    from ponte.transfer.views_interest import STEPS

    labels = {
        "accept": _("Accept and introduce"),
        "decline": _("Decline"),
        "meeting": _("Record the meeting held"),
        "agreement": _("Record the agreement signed"),
        "project": _("Record the start of the project"),
        "close": _("Close"),
        "revert": _("Revert the last step"),
    }
    bound = context.get("bound")
    pk = card.interest.pk
    actions = []
    for step in card.actions:
        if bound and bound[0] == step:
            form = bound[1]
        else:
            form = STEPS[step][0](
                auto_id=f"id_{pk}_{step}_%s", initial={"state": card.interest.state}
            )
        actions.append(
            {
                "step": step,
                "label": labels[step],
                "form": form,
                "open": bool(bound and bound[0] == step),
            }
        )
    return {
        "interest": card.interest,
        "actions": actions,
        "next": next_url,
        "csrf_token": context.get("csrf_token"),
    }
