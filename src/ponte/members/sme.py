"""Enterprise size by EU Recommendation 2003/361: pure functions, no database."""

from __future__ import annotations

from decimal import Decimal

from ponte.members import constants as c
from ponte.members.constants import SizeClass


def _within(
    limit_turnover: Decimal,
    limit_balance: Decimal,
    turnover: Decimal | None,
    balance: Decimal | None,
) -> bool:
    """The financial ceiling is met when turnover OR balance sheet is within its limit.

    With neither figure known we cannot exclude the class, so the headcount decides.
    """
    if turnover is None and balance is None:
        return True
    return (turnover is not None and turnover <= limit_turnover) or (
        balance is not None and balance <= limit_balance
    )


def classify_enterprise(
    headcount: int, turnover: Decimal | None, balance_sheet: Decimal | None
) -> SizeClass:
    """Micro, small, medium or large, by staff headcount and turnover or balance sheet."""
    if headcount < c.MICRO_MAX_STAFF and _within(
        c.MICRO_MAX_TURNOVER, c.MICRO_MAX_BALANCE, turnover, balance_sheet
    ):
        return SizeClass.MICRO
    if headcount < c.SMALL_MAX_STAFF and _within(
        c.SMALL_MAX_TURNOVER, c.SMALL_MAX_BALANCE, turnover, balance_sheet
    ):
        return SizeClass.SMALL
    if headcount < c.MEDIUM_MAX_STAFF and _within(
        c.MEDIUM_MAX_TURNOVER, c.MEDIUM_MAX_BALANCE, turnover, balance_sheet
    ):
        return SizeClass.MEDIUM
    return SizeClass.LARGE
