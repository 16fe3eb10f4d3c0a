"""Two applications for the same new company at the same moment: the second gets the ordinary
"already registered" error on the VAT field, never a server error.

Only PostgreSQL runs them truly in parallel here (the suite's second leg); SQLite begins every
transaction IMMEDIATE (settings), one writer at a time, so there is nothing to race."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ponte.clusters.models import Cluster
from ponte.members.constants import OrganisationKind
from ponte.members.models import Membership, Organisation
from ponte.members.services import OrganisationData, apply_for_membership
from tests.factories import PersonFactory, UserFactory, vat_number

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


def test_the_same_company_applying_twice_at_once_is_registered_once(cluster_a: Cluster) -> None:
    first, second = UserFactory(username="first"), UserFactory(username="second")
    PersonFactory(user=first)
    PersonFactory(user=second)
    company = OrganisationData(
        name="Crema Bella Srl", kind=OrganisationKind.SME, vat_number=vat_number(7_654_321)
    )
    outcome: list[BaseException | Membership] = []

    def second_application() -> None:
        try:
            outcome.append(apply_for_membership(second, cluster_a, company))
        except BaseException as error:  # the thread's outcome is asserted below
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=second_application)
    with transaction.atomic():
        apply_for_membership(first, cluster_a, company)
        thread.start()
        time.sleep(1.0)  # the second application now waits on the first one's new row
    thread.join(timeout=30)

    assert len(outcome) == 1
    assert isinstance(outcome[0], ValidationError), repr(outcome[0])
    assert "vat_number" in outcome[0].message_dict
    assert Organisation.objects.filter(vat_number=company.vat_number).count() == 1
