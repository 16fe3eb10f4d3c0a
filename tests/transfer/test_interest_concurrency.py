"""Two requests about the same item at the same moment: the second sees the first and gets
the ordinary, translated refusal, never a server error from the unique constraint.

Only PostgreSQL runs requests truly in parallel here (the suite's second leg); SQLite
begins every transaction IMMEDIATE (settings), one writer at a time, so there is nothing to
race."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ponte.transfer import services_interest as services
from ponte.transfer.constants import InterestState
from ponte.transfer.models import ExpressionOfInterest
from tests.transfer.interest_world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


def test_an_interest_sent_twice_at_once_is_refused_the_second_time(world: World) -> None:
    outcome: list[BaseException | ExpressionOfInterest] = []

    def second_request() -> None:
        try:
            outcome.append(
                services.express_interest(
                    world.interested,
                    world.need,
                    organisation=world.interested_org,
                    message="Same interest, second tab",
                )
            )
        except BaseException as error:  # the thread's outcome is asserted below
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=second_request)
    with transaction.atomic():
        services.express_interest(
            world.interested,
            world.need,
            organisation=world.interested_org,
            message="First tab",
        )
        thread.start()
        time.sleep(1.0)  # the second request is now waiting on the first one's transaction
    thread.join(timeout=30)

    assert len(outcome) == 1
    assert isinstance(outcome[0], ValidationError), repr(outcome[0])
    assert "already expressed interest" in str(outcome[0])
    assert (
        ExpressionOfInterest.objects.filter(need=world.need, organisation=world.interested_org)
        .exclude(state=InterestState.CLOSED)
        .count()
        == 1
    )
