"""Enterprise size by EU Recommendation 2003/361: pure functions, no database.

The Recommendation needs the staff headcount and at least one financial figure: a class is
met when the headcount is under its ceiling and the turnover OR the balance-sheet total is
within its limit. When a figure is missing and the one known does not settle the question,
the answer is unknown (None), never a guess in either direction.
"""

from __future__ import annotations

from decimal import Decimal

from ponte.members import constants as c
from ponte.members.constants import SizeClass

# (class, staff ceiling (exclusive), turnover limit, balance-sheet limit), smallest first.
_CLASSES = (
    (SizeClass.MICRO, c.MICRO_MAX_STAFF, c.MICRO_MAX_TURNOVER, c.MICRO_MAX_BALANCE),
    (SizeClass.SMALL, c.SMALL_MAX_STAFF, c.SMALL_MAX_TURNOVER, c.SMALL_MAX_BALANCE),
    (SizeClass.MEDIUM, c.MEDIUM_MAX_STAFF, c.MEDIUM_MAX_TURNOVER, c.MEDIUM_MAX_BALANCE),
)


def _within(
    limit_turnover: Decimal,
    limit_balance: Decimal,
    turnover: Decimal | None,
    balance: Decimal | None,
) -> bool | None:
    """Whether the financial ceiling is met (turnover OR balance sheet within its limit):
    True or False when the known figures settle it, None when they do not."""
    if (turnover is not None and turnover <= limit_turnover) or (
        balance is not None and balance <= limit_balance
    ):
        return True
    if turnover is not None and balance is not None:
        return False
    return None


def classify_enterprise(
    headcount: int, turnover: Decimal | None, balance_sheet: Decimal | None
) -> SizeClass | None:
    """Micro, small, medium or large; None when the figures known leave two classes open
    (e.g. 5 staff and no financial figure, or a turnover over a limit and no balance sheet)."""
    for size, max_staff, max_turnover, max_balance in _CLASSES:
        if headcount >= max_staff:
            continue
        within = _within(max_turnover, max_balance, turnover, balance_sheet)
        if within is None:
            return None
        if within:
            return size
    return SizeClass.LARGE


def sme_status(
    headcount: int, turnover: Decimal | None, balance_sheet: Decimal | None
) -> bool | None:
    """Whether the enterprise is an SME (micro, small or medium): True, False, or None when
    the figures known do not tell. 5 staff and a 3 M turnover is an SME (micro or small)
    even though its class is open."""
    if headcount >= c.MEDIUM_MAX_STAFF:
        return False
    return _within(c.MEDIUM_MAX_TURNOVER, c.MEDIUM_MAX_BALANCE, turnover, balance_sheet)
