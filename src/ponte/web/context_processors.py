"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ponte.accounts.selectors import viewer_for


def ponte(request: HttpRequest) -> dict[str, Any]:
    return {"viewer": viewer_for(request.user)}
