"""State changes of accounts, and the audit log every service writes to."""

from __future__ import annotations

from typing import Any

from django.db import models

from ponte.accounts.models import AuditLog, User


def log_action(
    actor: User | None, action: str, obj: models.Model | None = None, **data: Any
) -> AuditLog:
    """Record that `actor` did `action` on `obj`; anonymous and system actions have no actor."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditLog.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        data={
            k: v if isinstance(v, str | int | float | bool | None) else str(v)
            for k, v in data.items()
        },
    )
