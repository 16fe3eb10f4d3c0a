"""The demo has expressions of interest in every state, between sample organisations only,
with histories, and loading it twice creates nothing new."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ponte.demo.loader import load_demo
from ponte.transfer.constants import AgreementKind, InterestAction, InterestState
from ponte.transfer.models import ExpressionOfInterest, InterestEvent, InterestInvitation

pytestmark = pytest.mark.django_db


def test_the_demo_has_interests_in_every_state_and_is_idempotent() -> None:
    first = load_demo()
    events = sorted(InterestEvent.objects.values_list("interest_id", "action", "at"))

    second = load_demo()

    assert first["interests"] == second["interests"] > 0
    assert sorted(InterestEvent.objects.values_list("interest_id", "action", "at")) == events
    interests = ExpressionOfInterest.objects.select_related(
        "organisation", "offer__organisation", "need__organisation"
    )
    assert {i.state for i in interests} == set(InterestState.values)
    signed = InterestEvent.objects.filter(action=InterestAction.AGREEMENT_SIGNED)
    assert set(signed.values_list("agreement_kind", flat=True)) >= set(AgreementKind.values)
    assert InterestEvent.objects.filter(action=InterestAction.REVERTED).exists()
    assert InterestInvitation.objects.exists()
    for interest in interests:
        assert interest.is_sample
        assert interest.organisation.is_sample and interest.item.organisation.is_sample
        assert interest.item.is_sample
        history = list(interest.events.order_by("at", "pk"))
        assert history[0].action == InterestAction.SENT
        assert history[-1].to_state == interest.state or history[-1].action == "reverted"
        assert all(a.at <= b.at for a, b in zip(history, history[1:], strict=False))
        assert interest.sent_at >= interest.item.created


def test_the_demo_staff_sees_its_board_and_the_sme_its_interests() -> None:
    load_demo()
    client = Client()
    client.login(username="staff", password="ponte-demo-2026")
    board = client.get(reverse("transfer:brokerage", args=["cosmetica"]))
    assert board.status_code == 200
    assert board.context["waiting"]
    assert sum(s["count"] for s in board.context["states"]) == ExpressionOfInterest.objects.count()

    client.login(username="pmi", password="ponte-demo-2026")
    mine = client.get(reverse("transfer:interests"))
    assert len(mine.context["received"]) >= 2 and len(mine.context["sent"]) >= 1
