"""Pure arithmetic of the outcome figures: working days, medians, reporting periods.

No database here: the selectors feed these plain values, and the tests check them alone.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SECONDS_PER_DAY = 86_400


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days (Monday to Friday) after `a` up to and including `b`; negative when `b`
    is before `a`. Sent on a Friday and answered the next Monday: 1 working day."""
    if b < a:
        return -working_days_between(b, a)
    weeks, extra = divmod((b - a).days, 7)
    days = weeks * 5
    weekday = a.weekday()
    for step in range(1, extra + 1):
        if (weekday + step) % 7 < 5:
            days += 1
    return days


def median_days(durations: Iterable[datetime.timedelta]) -> float | None:
    """The median of `durations` in days (one decimal), None when there is none."""
    seconds = [d.total_seconds() for d in durations]
    if not seconds:
        return None
    return round(statistics.median(seconds) / SECONDS_PER_DAY, 1)


class Granularity(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


@dataclass(frozen=True)
class Period:
    """[start, end): a calendar month, quarter or year."""

    granularity: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.granularity == Granularity.YEAR:
            return str(self.start.year)
        if self.granularity == Granularity.QUARTER:
            return gettext("Q%(quarter)d %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return f"{self.start.month:02d}/{self.start.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day < self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(granularity: str, day: datetime.date) -> Period:
    if granularity == Granularity.YEAR:
        start = datetime.date(day.year, 1, 1)
        return Period(granularity, start, datetime.date(day.year + 1, 1, 1))
    if granularity == Granularity.QUARTER:
        start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(granularity, start, _add_months(start, 3))
    if granularity == Granularity.MONTH:
        start = day.replace(day=1)
        return Period(granularity, start, _add_months(start, 1))
    raise ValueError(granularity)


def last_periods(granularity: str, today: datetime.date, count: int) -> list[Period]:
    """The period containing `today` and the `count - 1` before it, newest first."""
    periods = [period_containing(granularity, today)]
    while len(periods) < count:
        periods.append(
            period_containing(granularity, periods[-1].start - datetime.timedelta(days=1))
        )
    return periods
