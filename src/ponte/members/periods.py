"""The one definition of a *current* dated relation (affiliation, board seat).

A relation with a `start` and an `end` date is current on a day when it has started by then
(no start date: since always) and has not ended before it (no end date: open-ended). Both
dates are inclusive: someone whose affiliation ends today still belongs today, and a seat
taken from tomorrow does not count yet. Every read of "who belongs / who sits now" goes
through `current_q`, so no lookup writes `end__isnull=True` on its own.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone


def current_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """Rows current on `on` (default: today in the site's time zone).

    `prefix` reaches the dated row through a relation, e.g. ``current_q("affiliations__")``
    on people; keep it in the same `filter()` call as the other conditions on that relation
    so they apply to the same row.
    """
    day = on or timezone.localdate()
    started = Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})
    not_ended = Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    return started & not_ended


def is_current(
    start: datetime.date | None, end: datetime.date | None, on: datetime.date | None = None
) -> bool:
    """The same rule as `current_q`, for a row already in memory."""
    day = on or timezone.localdate()
    return (start is None or start <= day) and (end is None or end >= day)
