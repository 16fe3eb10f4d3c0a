"""Pure arithmetic of the outcome figures: working days, medians, reporting periods.

No database here: the selectors feed these plain values, and the tests check them alone.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ponte.transfer.constants import ITALIAN_FIXED_HOLIDAYS

SECONDS_PER_DAY = 86_400


def easter_sunday(year: int) -> datetime.date:
    """Western (Gregorian) Easter Sunday of `year`, by the anonymous Gregorian algorithm
    (Meeus, *Astronomical Algorithms*, ch. 8)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@functools.lru_cache(maxsize=256)
def italian_holidays(year: int) -> frozenset[datetime.date]:
    """The Italian national public holidays of `year` (`constants.ITALIAN_FIXED_HOLIDAYS`
    and Easter Monday)."""
    days = {
        datetime.date(year, month, day)
        for month, day, since in ITALIAN_FIXED_HOLIDAYS
        if year >= since
    }
    days.add(easter_sunday(year) + datetime.timedelta(days=1))
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not an Italian national holiday."""
    return day.weekday() < 5 and day not in italian_holidays(day.year)


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days (`is_working_day`) after `a` up to and including `b`; negative when `b`
    is before `a`. Sent on a Friday and answered the next Monday: 1 working day; sent on
    the Thursday before Easter and answered on Easter Tuesday: 2 (Friday and Tuesday)."""
    if b < a:
        return -working_days_between(b, a)
    weeks, extra = divmod((b - a).days, 7)
    days = weeks * 5
    weekday = a.weekday()
    for step in range(1, extra + 1):
        if (weekday + step) % 7 < 5:
            days += 1
    for year in range(a.year, b.year + 1):
        days -= sum(1 for h in italian_holidays(year) if a < h <= b and h.weekday() < 5)
    return days


def median_days(durations: Iterable[datetime.timedelta]) -> float | None:
    """The median of `durations` in days, to one decimal rounded half up as by hand (34.25
    days is 34.3, where `round` would give 34.2), None when there is none."""
    seconds = [d.total_seconds() for d in durations]
    if not seconds:
        return None
    days = Decimal(repr(statistics.median(seconds))) / SECONDS_PER_DAY
    return float(days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or the month's last day when it has no
    such day (29 February + 12 months is 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_containing(granularity: str, day: datetime.date) -> Period:
    if granularity == Granularity.YEAR:
        start = datetime.date(day.year, 1, 1)
        return Period(granularity, start, datetime.date(day.year + 1, 1, 1))
    if granularity == Granularity.QUARTER:
        start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(granularity, start, add_months(start, 3))
    if granularity == Granularity.MONTH:
        start = day.replace(day=1)
        return Period(granularity, start, add_months(start, 1))
    raise ValueError(granularity)


def last_periods(granularity: str, today: datetime.date, count: int) -> list[Period]:
    """The period containing `today` and the `count - 1` before it, newest first."""
    periods = [period_containing(granularity, today)]
    while len(periods) < count:
        periods.append(
            period_containing(granularity, periods[-1].start - datetime.timedelta(days=1))
        )
    return periods
