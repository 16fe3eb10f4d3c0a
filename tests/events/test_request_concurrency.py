"""Two participants asking each other for a meeting at the same moment: one request for the
pair, and the second is told to answer the first, never two live requests.

Only PostgreSQL runs them truly in parallel here (the suite's second leg); SQLite begins every
transaction IMMEDIATE (settings), one writer at a time, so there is nothing to race."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ponte.events import services
from ponte.events.models import MeetingRequest
from tests.events.conftest import MakeParticipant, user_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


def test_two_people_asking_each_other_at_once_make_one_request(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    outcome: list[BaseException | MeetingRequest] = []

    def bruno_asks() -> None:
        try:
            outcome.append(services.request_meeting(user_of(bruno), bruno, anna, note="Parliamone"))
        except BaseException as error:  # the thread's outcome is asserted below
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=bruno_asks)
    with transaction.atomic():
        services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
        thread.start()
        time.sleep(1.0)  # bruno's request now waits on anna's locks
        assert thread.is_alive() and not outcome  # ... held back until anna's commits
    thread.join(timeout=30)

    assert len(outcome) == 1
    assert isinstance(outcome[0], ValidationError), repr(outcome[0])
    assert "answer their request" in " ".join(outcome[0].messages)
    assert MeetingRequest.objects.count() == 1
